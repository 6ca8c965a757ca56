/**
 * Recorded dependencies of cached findings (issue 12 item 5), in the spirit of rust-analyzer's query
 * system (salsa): while the rules check a file, the workspace index records every lookup they make
 * (a link-key bucket of one kind, an account name, a derived value such as "the only CR of
 * namespace X"); after an edit, a file is checked again exactly when a lookup it recorded is one the
 * edited documents answer, before or after the edit. Nothing here knows what a rule reads, so a new
 * rule needs no invalidation code.
 *
 * Keys are plain strings (see WorkspaceView: `<kind>@<link key>`, `<kind>@account:<name>`,
 * `onlycr:<ns>`, `firstcr:<dir>`, `ccoctldir:<dir>`, `<kind>@*`). Files are URIs.
 */
export class DependencyIndex {
  private readonly keysOf = new Map<string, Set<string>>();
  private readonly filesOf = new Map<string, Set<string>>();

  /** Replaces what `uri` depends on with `keys`. O(old keys + new keys). */
  set(uri: string, keys: ReadonlySet<string>): void {
    this.delete(uri);
    if (keys.size) this.add(uri, keys);
  }

  /** Adds `keys` to what `uri` depends on (keeps the earlier ones). */
  add(uri: string, keys: Iterable<string>): void {
    let own = this.keysOf.get(uri);
    for (const k of keys) {
      if (!own) this.keysOf.set(uri, (own = new Set()));
      if (own.has(k)) continue;
      own.add(k);
      let files = this.filesOf.get(k);
      if (!files) this.filesOf.set(k, (files = new Set()));
      files.add(uri);
    }
  }

  /** Forgets what `uri` depends on. */
  delete(uri: string): void {
    const own = this.keysOf.get(uri);
    if (!own) return;
    for (const k of own) {
      const files = this.filesOf.get(k);
      files?.delete(uri);
      if (files && files.size === 0) this.filesOf.delete(k);
    }
    this.keysOf.delete(uri);
  }

  /** The files that recorded `key` (live view; copy before changing the index). */
  dependents(key: string): ReadonlySet<string> | undefined {
    return this.filesOf.get(key);
  }

  /** Whether `uri` recorded `key`. */
  has(uri: string, key: string): boolean {
    return this.keysOf.get(uri)?.has(key) ?? false;
  }

  /** Keys `uri` depends on (for tests and diagnostics). */
  keys(uri: string): string[] {
    return [...(this.keysOf.get(uri) ?? [])];
  }

  clear(): void {
    this.keysOf.clear();
    this.filesOf.clear();
  }
}
