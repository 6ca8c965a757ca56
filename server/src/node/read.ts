/**
 * Bounded reads of regular files, shared by the CLI and the language server. The workspace is
 * untrusted (a repository someone else wrote): `.irsa.yaml`, a `.gitignore` or a manifest may be a
 * FIFO (`readFileSync` blocks forever waiting for a writer), a symlink to `/dev/zero` or `/dev/urandom`
 * (`readFileSync` never reaches end of file and grows until the process dies), a directory or a
 * sparse multi-gigabyte file. Everything here goes through one descriptor so that what is checked is
 * what is read (no `stat` then `readFile` race that a swapped file could slip through).
 */
import * as fs from 'node:fs';

/** `.irsa.yaml` is a few hundred bytes; anything beyond this bound is not a configuration file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** A `.gitignore` of a large monorepo is tens of kilobytes. */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** Why a file was not read: `missing` (ENOENT/ENOTDIR), `not-file`, `too-large`, or `io` (any other errno). */
export type ReadFailure = 'missing' | 'not-file' | 'too-large' | 'io';

export type BoundedRead = { text: string } | { error: string; reason: ReadFailure };

/**
 * Opening a FIFO for reading blocks until a writer opens it; with O_NONBLOCK the open returns at once
 * and the `fstat` below rejects it. Regular files ignore the flag. Windows has no such flag (and no FIFOs
 * that `open` can reach by path).
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Human-readable kind of a non-regular file, for messages ("is a FIFO, not a regular file"). */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Reads `file` as UTF-8 when it is a regular file (after following symlinks) of at most `maxBytes`
 * bytes. Never blocks on a FIFO, never reads more than `maxBytes + 1` bytes, never throws: failures
 * come back as `{ error, reason }` with a sentence such as "is a FIFO, not a regular file",
 * "is larger than 1 MiB" or the errno code (`EACCES`).
 * @param maxBytes bytes; a file that grows past it while being read is refused too.
 */
export function readRegularFile(file: string, maxBytes: number): BoundedRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      return { error: `is ${kindOf(st)}, not a regular file`, reason: 'not-file' };
    }
    if (st.size > maxBytes) return { error: `is larger than ${formatBytes(maxBytes)}`, reason: 'too-large' };
    // The size may change between fstat and read: read to end of file, but never past the bound.
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 4096)));
    let len = 0;
    let chunks: Buffer[] | undefined;
    let total = 0;
    for (;;) {
      if (len === buf.length) {
        (chunks ??= []).push(Buffer.from(buf));
        len = 0;
      }
      const n = fs.readSync(fd, buf, len, Math.min(buf.length - len, maxBytes + 1 - total), null);
      if (n === 0) break;
      len += n;
      total += n;
      if (total > maxBytes) return { error: `is larger than ${formatBytes(maxBytes)}`, reason: 'too-large' };
    }
    const data = chunks ? Buffer.concat([...chunks, buf.subarray(0, len)]) : buf.subarray(0, len);
    return { text: decodeText(data) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code ?? String(e), reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'io' };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The first `maxBytes` bytes of a regular file, decoded as {@link decodeText} does (a multi-byte
 * character cut at the end becomes U+FFFD): enough to tell whether an oversized file is one of ours
 * without reading it whole. Same safety as {@link readRegularFile} (never blocks on a FIFO, never throws).
 */
export function readHead(file: string, maxBytes: number): BoundedRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { error: `is ${kindOf(st)}, not a regular file`, reason: 'not-file' };
    const buf = Buffer.alloc(maxBytes);
    let len = 0;
    while (len < maxBytes) {
      const n = fs.readSync(fd, buf, len, maxBytes - len, null);
      if (n === 0) break;
      len += n;
    }
    return { text: decodeText(buf.subarray(0, len)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code ?? String(e), reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'io' };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `1 MiB`, `16 MiB`, `512 KiB`: bytes for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * The text of a file's bytes: UTF-16 when they start with a UTF-16 byte-order mark (FF FE little
 * endian, FE FF big endian), else UTF-8. kubectl and oc read UTF-16 manifests that carry a BOM
 * (cli-runtime's FileVisitor decodes through `unicode.BOMOverride`), as does go-yaml, and VS Code
 * opens them as text; read as UTF-8 they looked binary and were skipped without a word. The BOM
 * (UTF-8 or UTF-16) is dropped, as VS Code and Neovim drop it from the buffer: positions then match
 * the editor's, and an edit computed on a closed file lands where the editor will apply it (with the
 * BOM kept, a key inserted at line 0, character 1 went after the first letter of the file).
 */
export function decodeText(bytes: Buffer): string {
  return withoutBom(decodeBytes(bytes));
}

function decodeBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const le = Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16();
    return le.toString('utf16le') + (bytes.length % 2 ? '\ufffd' : '');
  }
  return bytes.toString('utf8');
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
