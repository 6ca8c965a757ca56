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
 * Reads the catalogue (reading, decompressing and splitting ~2.1 MB: about 15 ms on the reference
 * machine, once per process; each service is parsed when first asked about). Throws an Error naming
 * the files looked for when none exists, or when the file is not a catalogue index (the engine then
 * records the message and the catalogue checks report nothing).
 */
export function loadIamCatalog(dir: string = __dirname): IamCatalog {
  if (cached && dir === __dirname) return cached;
  const candidates = iamCatalogFiles(dir);
  const found = candidates.find((c) => fs.existsSync(c.file));
  if (!found) throw new Error(`the IAM catalogue is missing (looked for ${candidates.map((c) => c.file).join(', ')}); run \`npm run build\``);
  const catalog = buildIamCatalog(weaklyHeld(() => fs.readFileSync(found.file)));
  if (dir === __dirname) cached = catalog;
  return catalog;
}

/**
 * The index of the catalogue `read` returns, whose service lines are decoded when the engine first asks
 * for a service (it parses each once and keeps what it built) and not kept: the whole text (2.4 MB)
 * is held only through a WeakRef, so a language server does not carry it for its whole life. Read
 * again (~15 ms) when a later check asks for a service not built yet after the bytes were collected.
 * Throws as {@link parseIamCatalogText} for a file that is not a catalogue.
 */
function weaklyHeld(read: () => Buffer): IamCatalogIndex {
  const first = read();
  const offsets = lineOffsets(first);
  const headerEnd = first.indexOf(0x0a);
  const header = parseIamCatalogText(first.toString('utf8', 0, headerEnd < 0 ? first.length : headerEnd));
  let bytes = new WeakRef(first);
  const current = (): Buffer => {
    const b = bytes.deref();
    if (b !== undefined) return b;
    const again = read();
    bytes = new WeakRef(again);
    return again;
  };
  const services: Record<string, string> = {};
  for (const [prefix, [start, end]] of offsets) {
    Object.defineProperty(services, prefix, { enumerable: true, get: () => current().toString('utf8', start, end) });
  }
  return { ...header, services };
}

/**
 * Where each service's JSON starts and ends in the catalogue's bytes (after `<prefix> `, before the
 * newline). Throws a TypeError for a line that is not `<prefix> <JSON>`, as parseIamCatalogText does.
 */
function lineOffsets(buf: Buffer): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  let at = buf.indexOf(0x0a) + 1;
  while (at > 0 && at < buf.length) {
    let end = buf.indexOf(0x0a, at);
    if (end < 0) end = buf.length;
    const space = buf.indexOf(0x20, at);
    if (space < 0 || space > end) throw new TypeError(`IAM catalogue: line at offset ${at} is not \`<prefix> <JSON>\``);
    out.set(buf.toString('utf8', at, space), [space + 1, end]);
    at = end + 1;
  }
  return out;
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
