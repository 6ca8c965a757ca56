/**
 * Which documents the client has open, by canonical URI, with the client's own spelling of each URI
 * (a client may percent-encode differently from `vscode-uri`; diagnostics and edits go back in its spelling).
 */
export class OpenUris {
  /** Canonical URI → the client's spelling. */
  private readonly byCanonical = new Map<string, string>();

  /** The client's spelling of an engine URI (the URI itself when the document is not open). */
  clientUri = (uri: string): string => this.byCanonical.get(uri) ?? uri;

  isOpen(canonical: string): boolean {
    return this.byCanonical.has(canonical);
  }

  opened(canonical: string, client: string): void {
    this.byCanonical.set(canonical, client);
  }

  closed(canonical: string): void {
    this.byCanonical.delete(canonical);
  }

  /** [canonical, client] pairs of every open document. */
  entries(): IterableIterator<[string, string]> {
    return this.byCanonical.entries();
  }
}
