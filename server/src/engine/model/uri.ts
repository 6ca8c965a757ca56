/** Parts of the `file:` URIs documents carry (plain string operations; no decoding). */

/** Folder part of a URI, with its trailing slash (`file:///ws/cr/a.yaml` → `file:///ws/cr/`). */
export function dirOfUri(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/**
 * The folders that hold a file, its own first, up to the URI's root (`file:///ws/a/b.yaml` →
 * `file:///ws/a/`, `file:///ws/`, `file:///`): the folders `uri.startsWith(folder)` is true for.
 */
export function ancestorFoldersOfUri(uri: string): string[] {
  const out: string[] = [];
  const root = uri.indexOf('://') >= 0 ? uri.indexOf('://') + 3 : 0;
  for (let end = uri.lastIndexOf('/'); end >= root; end = uri.lastIndexOf('/', end - 1)) {
    out.push(uri.slice(0, end + 1));
    if (end === 0) break;
  }
  return out;
}

/** File name part of a URI (`file:///ws/cr/a.yaml` → `a.yaml`). */
export function fileOfUri(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
