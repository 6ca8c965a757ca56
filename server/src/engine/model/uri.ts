/** Parts of the `file:` URIs documents carry (plain string operations; no decoding). */

/** Folder part of a URI, with its trailing slash (`file:///ws/cr/a.yaml` → `file:///ws/cr/`). */
export function dirOfUri(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** File name part of a URI (`file:///ws/cr/a.yaml` → `a.yaml`). */
export function fileOfUri(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
