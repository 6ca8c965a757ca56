/**
 * (issue #15) The host's reader of the IAM service catalogue: finds the index scripts/build-iam-catalog.mjs
 * wrote, parses it, and builds the engine's {@link IamCatalog}. Nothing is read at
 * start-up: {@link installIamCatalog} only registers {@link loadIamCatalog} with the engine, which calls
 * it the first time a rule, hover or completion asks for the catalogue (a policy or statement entry).
 *
 * Where the index is: next to the bundle (`dist/iam-catalog.txt`, uncompressed — decompressing a brotli
 * copy in the language server's process kept ~7 MiB more resident, measured; the .vsix's zip deflates
 * it), else `out/iam-catalog.txt` (the unit tests run the
 * compiled sources under out/server/src/node/). Nothing is fetched from the network. Its format
 * (scripts/build-iam-catalog.mjs): a JSON header line, then one `<prefix> <service JSON>` line per
 * service, which the engine parses only when a check asks about that service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIamCatalog, setIamCatalogLoader } from '../engine';
import type { IamCatalog, IamCatalogIndex } from '../engine';

/** The candidate files: the bundle's folder, then out/ (three levels above this file there). */
export function iamCatalogFiles(dir: string = __dirname): { file: string }[] {
  return [
    { file: path.join(dir, 'iam-catalog.txt') },
    { file: path.resolve(dir, '..', '..', '..', 'iam-catalog.txt') },
  ];
}

let cached: IamCatalog | undefined;

/**
 * Splits the index text into its header and the JSON text of each service (not parsed here). Throws
 * a TypeError when the text is not an index (no JSON header, a line without `<prefix> `).
 */
export function parseIamCatalogText(text: string): IamCatalogIndex {
  const firstEnd = text.indexOf('\n');
  const header = JSON.parse(firstEnd < 0 ? text : text.slice(0, firstEnd)) as Omit<IamCatalogIndex, 'services'>;
  const services: Record<string, string> = {};
  let at = firstEnd + 1;
  while (firstEnd >= 0 && at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', at);
    if (space < 0 || space > end) throw new TypeError(`IAM catalogue: line at offset ${at} is not \`<prefix> <JSON>\``);
    services[text.slice(at, space)] = text.slice(space + 1, end);
    at = end + 1;
  }
  return { ...header, services };
}

/**
 * Reads the catalogue's header and where each service's line is (a scan of the file in 64 KiB pieces,
 * ~2.2 MB: a few ms, once per process); each service's line is read from the file when a check first
 * asks about that service, and parsed then. Throws an Error naming the files looked for when none
 * exists, or a TypeError/SyntaxError when the file is not a catalogue index (the engine then records
 * the message and the catalogue checks report nothing).
 */
export function loadIamCatalog(dir: string = __dirname): IamCatalog {
  if (cached && dir === __dirname) return cached;
  const candidates = iamCatalogFiles(dir);
  const found = candidates.find((c) => fs.existsSync(c.file));
  if (!found) throw new Error(`the IAM catalogue is missing (looked for ${candidates.map((c) => c.file).join(', ')}); run \`npm run build\``);
  const catalog = buildIamCatalog(readByRanges(found.file));
  if (dir === __dirname) cached = catalog;
  return catalog;
}

/** Bytes read per `read` while scanning the index: small, so the scan holds little at any moment. */
const SCAN_CHUNK = 64 * 1024;

/**
 * The index of the catalogue file `file`, whose service lines are read from the file (by byte range)
 * when the engine first asks for a service; it parses each once and keeps what it built. Nothing holds
 * the whole text: a language server used to keep the 2.2 MB file in memory (held through a WeakRef,
 * which V8 clears only at a full garbage collection, so it stayed for the whole indexing of a
 * workspace and counted in its peak memory; bench "OpenShift layout: server memory").
 * Throws as {@link parseIamCatalogText} for a file that is not a catalogue. A service read after the
 * file was replaced by a different catalogue fails to parse; the engine records that error.
 */
function readByRanges(file: string): IamCatalogIndex {
  const { header, offsets } = scanIndex(file);
  const services: Record<string, string> = {};
  for (const [prefix, [start, end]] of offsets) {
    Object.defineProperty(services, prefix, { enumerable: true, get: () => readRange(file, start, end) });
  }
  return { ...parseIamCatalogText(header), services };
}

/** The bytes `[start, end)` of `file` as UTF-8 text. */
function readRange(file: string, start: number, end: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(end - start);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) throw new TypeError(`IAM catalogue: ${file} ends at byte ${start + got}, before the service line that ended at ${end} when it was scanned`);
      got += n;
    }
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Scans the catalogue file once: its header line (text), and where each service's JSON starts and ends
 * (byte offsets, after `<prefix> `, before the newline). Throws a TypeError for a line that is not
 * `<prefix> <JSON>`, as {@link parseIamCatalogText} does.
 */
function scanIndex(file: string): { header: string; offsets: Map<string, [number, number]> } {
  const offsets = new Map<string, [number, number]>();
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
    /** The current line's bytes read so far, while they are still needed: the header, or a prefix before its space. */
    let kept: Buffer[] = [];
    let inHeader = true;
    let header = '';
    let lineStart = 0;
    /** Offset of the current service line's JSON (after its space), or -1 while its prefix is read. */
    let jsonStart = -1;
    let prefix = '';
    let base = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, SCAN_CHUNK, base);
      const atEof = n === 0;
      const piece = chunk.subarray(0, n);
      let i = 0;
      while (i < n || atEof) {
        const nl = atEof ? -1 : piece.indexOf(0x0a, i);
        const lineEnd = nl < 0 ? n : nl;
        if (inHeader) {
          kept.push(Buffer.from(piece.subarray(i, lineEnd)));
          if (nl < 0 && !atEof) break;
          header = Buffer.concat(kept).toString('utf8');
          kept = [];
          inHeader = false;
        } else if (jsonStart < 0) {
          const space = piece.subarray(0, lineEnd).indexOf(0x20, i);
          if (space >= 0) {
            kept.push(Buffer.from(piece.subarray(i, space)));
            prefix = Buffer.concat(kept).toString('utf8');
            kept = [];
            jsonStart = base + space + 1;
          } else if (nl >= 0 || (atEof && base > lineStart)) {
            throw new TypeError(`IAM catalogue: line at offset ${lineStart} is not \`<prefix> <JSON>\``);
          } else if (!atEof) kept.push(Buffer.from(piece.subarray(i, lineEnd)));
        }
        if (nl < 0 && !atEof) break;
        // The line ends here (or at the end of the file).
        if (jsonStart >= 0) offsets.set(prefix, [jsonStart, base + lineEnd]);
        jsonStart = -1;
        lineStart = base + lineEnd + 1;
        if (atEof) break;
        i = nl + 1;
      }
      if (atEof) break;
      base += n;
    }
    return { header, offsets };
  } finally {
    fs.closeSync(fd);
  }
}

export function installIamCatalog(): void {
  setIamCatalogLoader(() => loadIamCatalog());
}

/**
 * The catalogue's date (`YYYY-MM-DD`) without building the whole catalogue, for `irsa-lint --version`,
 * or undefined when the index is missing or unreadable. Reads the first 200 bytes of the index.
 */
export function iamCatalogDate(dir: string = __dirname): string | undefined {
  try {
    const found = iamCatalogFiles(dir).find((c) => fs.existsSync(c.file));
    if (!found) return undefined;
    // Only the header line's start: the date is in its first 200 bytes.
    const fd = fs.openSync(found.file, 'r');
    let head: string;
    try {
      const buf = Buffer.alloc(200);
      head = buf.subarray(0, fs.readSync(fd, buf, 0, 200, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
    return /"date":"(\d{4}-\d{2}-\d{2})"/.exec(head)?.[1];
  } catch {
    return undefined;
  }
}
