/**
 * Recorded dependencies of cached findings (issue 12 item 5), in the spirit of rust-analyzer's query
 * system (salsa): while the rules check a file, the workspace index records every lookup they make
 * (a link-key bucket and the document kinds read from it, an account name, a derived value such as
 * "the only CR of namespace X"); after an edit, a file is checked again exactly when a lookup it
 * recorded is one the edited documents answer, before or after the edit. Nothing here knows what a
 * rule reads, so a new rule needs no invalidation code.
 *
 * A recording maps a key (a link key such as `secret:shop/orders-aws`, `account:<name>`, `*` for a
 * whole kind, or a derived key `onlycr:<ns>`, `firstcr:<dir>`, `ccoctldir:<dir>`) to a bit mask of
 * the document kinds read under it ({@link kindBit}; {@link ANY_KIND} for derived keys and lookups of
 * every kind). Masks rather than `<kind>@<key>` strings: a lookup records with two hash probes of a
 * string the index has just hashed, instead of building and hashing a new string.
 */
import type { IrsaKind } from '../model/types';

/** A recording: key → kinds read under it (bit mask). */
export type Recording = Map<string, number>;

const KIND_BITS: Record<IrsaKind, number> = { credentialsRequest: 1, ccoctlSecret: 2, workload: 4, serviceAccount: 8, iamPolicy: 16, kustomization: 32 };

/** Every kind: lookups that read a bucket whatever the kind, and derived values. */
export const ANY_KIND = 63;

/** The bit of one document kind in a recording's masks. */
export function kindBit(kind: IrsaKind): number {
  return KIND_BITS[kind];
}

/** Adds `bits` under `key` to a recording. */
export function record(rec: Recording, key: string, bits: number): void {
  const had = rec.get(key);
  if (had === undefined || (had & bits) !== bits) rec.set(key, (had ?? 0) | bits);
}

/** A few readers of a key are kept in an array; past this many, in a Set (hot keys: `saname:default`). */
const MAX_READER_ARRAY = 16;

/**
 * Recordings by reader (a check whose findings are cached: the workspace uses a file URI for its file
 * rules and `<uri>\0<document index>` for one document's rules) and, the other way, the readers of
 * each key.
 */
export class DependencyIndex {
  /** Reader → what it read (the recording itself, not a copy). */
  private readonly recordings = new Map<string, Recording>();
  /**
   * Key → the files that read it: one bare, a few in an array, many in a Set. Built on the first
   * question after recordings were stored, then kept up to date: a one-shot lint (the CLI) records
   * but never asks, and skips building it (90,000 keys for 20,000 files).
   */
  private readers: Map<string, string | string[] | Set<string>> | undefined;

  /** Replaces what the reader `uri` depends on with `rec` (kept, not copied). O(old keys + new keys). */
  set(uri: string, rec: Recording): void {
    const old = this.recordings.get(uri);
    if (this.readers) {
      if (old) for (const k of old.keys()) if (!rec.has(k)) this.unlink(k, uri);
      for (const k of rec.keys()) if (!old?.has(k)) this.link(k, uri);
    }
    if (rec.size) this.recordings.set(uri, rec);
    else this.recordings.delete(uri);
  }

  /** Adds `rec` to what `uri` depends on (keeps the earlier keys). */
  add(uri: string, rec: Recording): void {
    let own = this.recordings.get(uri);
    for (const [k, bits] of rec) {
      if (!own) this.recordings.set(uri, (own = new Map()));
      if (this.readers && !own.has(k)) this.link(k, uri);
      record(own, k, bits);
    }
  }

  /** Forgets what `uri` depends on. */
  delete(uri: string): void {
    const own = this.recordings.get(uri);
    if (!own) return;
    if (this.readers) for (const k of own.keys()) this.unlink(k, uri);
    this.recordings.delete(uri);
  }

  /** Calls `fn` for each file that read a document of a kind in `bits` under `key`. */
  forEachReader(key: string, bits: number, fn: (uri: string) => void): void {
    const r = this.index().get(key);
    if (r === undefined) return;
    const reads = (uri: string): boolean => ((this.recordings.get(uri)?.get(key) ?? 0) & bits) !== 0;
    if (typeof r === 'string') {
      if (reads(r)) fn(r);
      return;
    }
    for (const uri of [...r]) if (reads(uri)) fn(uri);
  }

  /** Whether any file read `key`. */
  isRead(key: string): boolean {
    return this.index().has(key);
  }

  /** What `uri` read, as `key` → kinds (for tests and diagnostics). */
  recordingOf(uri: string): ReadonlyMap<string, number> | undefined {
    return this.recordings.get(uri);
  }

  clear(): void {
    this.recordings.clear();
    this.readers = undefined;
  }

  private index(): Map<string, string | string[] | Set<string>> {
    if (!this.readers) {
      this.readers = new Map();
      for (const [uri, rec] of this.recordings) for (const k of rec.keys()) this.link(k, uri);
    }
    return this.readers;
  }

  private link(key: string, uri: string): void {
    const readers = this.readers!;
    const r = readers.get(key);
    if (r === undefined) readers.set(key, uri);
    else if (typeof r === 'string') {
      if (r !== uri) readers.set(key, [r, uri]);
    } else if (Array.isArray(r)) {
      if (r.includes(uri)) return;
      if (r.length < MAX_READER_ARRAY) r.push(uri);
      else readers.set(key, new Set([...r, uri]));
    } else r.add(uri);
  }

  private unlink(key: string, uri: string): void {
    const readers = this.readers!;
    const r = readers.get(key);
    if (r === undefined) return;
    if (typeof r === 'string') {
      if (r === uri) readers.delete(key);
      return;
    }
    if (Array.isArray(r)) {
      const i = r.indexOf(uri);
      if (i >= 0) r.splice(i, 1);
    } else r.delete(uri);
    const size = Array.isArray(r) ? r.length : r.size;
    if (size === 1) for (const only of r) readers.set(key, only);
    else if (size === 0) readers.delete(key);
  }
}
