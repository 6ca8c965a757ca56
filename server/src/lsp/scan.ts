/**
 * Workspace scan for the language server: lists a folder's YAML/JSON files with the CLI's discovery
 * (`.gitignore`, `node_modules`, `.irsa.yaml` ignore globs) and reads them in small batches, yielding
 * to the event loop between batches so that edits and requests stay responsive during a long scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../engine';
import { globMatcher } from '../engine';
import { GitIgnore, MAX_GITIGNORE_PATTERN_CHARS } from '../node';
import { ALWAYS_SKIPPED_DIRS, CHECKED_FILE_NAMES, discoverFiles } from '../node';
import { MAX_GITIGNORE_BYTES, readRegularFile } from '../node';

/** Files bigger than this on disk are not read at all (the engine itself stops parsing at 4 Mi chars). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Work between two yields to the event loop, in milliseconds. */
const SLICE_MS = 15;

/** Gives other callbacks (incoming LSP messages, the edit flush timer) a turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Canonical form of a file path as a URI (the form the engine is given; VS Code produces the same). */
export function fileUri(p: string): string {
  return URI.file(p).toString();
}

export interface ScanCallbacks {
  /** Stop early (a newer scan superseded this one). Checked between batches. */
  cancelled(): boolean;
  /** Whether the file's content comes from the editor instead (open documents are not read from disk). */
  skip(uri: string): boolean;
  /** Receives each file read from disk. */
  load(uri: string, text: string): void;
  log(message: string): void;
}

export interface ScanResult {
  /** URIs of every file found (including skipped open ones). */
  uris: Set<string>;
  cancelled: boolean;
}

/**
 * Scans `root`: discovers files (`ignoreGlobs` relative to root), then reads and loads them batch by
 * batch. Never throws for unreadable files (logged instead).
 */
export async function scanFolder(root: string, ignoreGlobs: string[], cb: ScanCallbacks): Promise<ScanResult> {
  const uris = new Set<string>();
  const found = discoverFiles(root, { ignoreGlobs });
  for (const e of found.errors) cb.log(`cannot read ${e.path}: ${e.message}`);
  for (const e of found.skipped) cb.log(`not checked: ${e.path}: ${e.message}`);
  let sliceStart = Date.now();
  for (const file of found.files) {
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      if (cb.cancelled()) return { uris, cancelled: true };
      sliceStart = Date.now();
    }
    const uri = fileUri(file);
    uris.add(uri);
    if (cb.skip(uri)) continue;
    const text = readFileBounded(file);
    if ('error' in text) {
      cb.log(`cannot read ${file}: ${text.error}`);
      continue;
    }
    cb.load(uri, text.text);
  }
  return { uris, cancelled: cb.cancelled() };
}

/**
 * Reads a file unless it is missing, not a regular file (a FIFO, a device, a folder) or bigger than
 * {@link MAX_READ_BYTES}: the shared {@link readRegularFile}, one descriptor, never blocking.
 */
export function readFileBounded(file: string): { text: string } | { error: string } {
  return readRegularFile(file, MAX_READ_BYTES);
}

/**
 * Whether a single file below `root` would be left out by a scan (for watched-file events, without
 * walking the tree): a skipped directory on its path, an ignore glob, or a `.gitignore` rule at any
 * level between `root` and the file. Mirrors `discoverFiles`.
 */
export function isExcludedFile(root: string, file: string, ignoreGlobs: string[]): boolean {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return true;
  const parts = rel.split(path.sep);
  if (parts.slice(0, -1).some((p) => ALWAYS_SKIPPED_DIRS.has(p))) return true;
  if (parts[parts.length - 1] === CONFIG_FILE_NAME) return true;
  if (!CHECKED_FILE_NAMES.test(file)) return true;
  if (matchesIgnoreGlobs(root, file, ignoreGlobs)) return true;
  // discoverFiles never follows a symbolic link (see SYMLINK_SKIPPED); a watcher event for one must not read it either.
  if (isSymbolicLink(file)) return true;
  // .gitignore files at root and at every directory on the way down.
  let dir = root;
  // The same bound as discoverFiles: pattern characters of all the .gitignore files on the way down.
  let gitignoreChars = 0;
  for (let i = 0; i < parts.length; i++) {
    const gi = path.join(dir, '.gitignore');
    const r = readRegularFile(gi, MAX_GITIGNORE_BYTES);
    if ('text' in r) {
      const ig = new GitIgnore(r.text, MAX_GITIGNORE_PATTERN_CHARS - gitignoreChars);
      gitignoreChars += ig.chars;
      for (let j = i; j < parts.length; j++) {
        const sub = parts.slice(i, j + 1).join('/') + (j < parts.length - 1 ? '/' : '');
        if (ig.ignores(sub, true)) return true; // shorter prefixes were tested in earlier iterations
      }
    }
    dir = path.join(dir, parts[i]!);
  }
  return false;
}

/** The last matcher built, by its globs: edits of open files test the same list again and again. */
let lastMatcher: { key: string; match: (p: string) => boolean } | undefined;
function cachedMatcher(globs: string[]): (p: string) => boolean {
  const key = globs.join('\0');
  if (lastMatcher?.key !== key) lastMatcher = { key, match: globMatcher(globs) };
  return lastMatcher.match;
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false; // vanished: the read that follows reports it
  }
}

/**
 * Whether `file` (or a folder on its way down from `root`) matches one of the ignore globs (relative
 * to `root`, picomatch syntax, dotfiles included) — the same test `discoverFiles` applies.
 */
export function matchesIgnoreGlobs(root: string, file: string, ignoreGlobs: string[]): boolean {
  if (!ignoreGlobs.length) return false;
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  const match = cachedMatcher(ignoreGlobs);
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    if (match(sub) || (i < parts.length && match(sub + '/'))) return true;
  }
  return false;
}
