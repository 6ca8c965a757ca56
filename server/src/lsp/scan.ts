/**
 * Workspace scan for the language server: lists a folder's input files and reads them through the
 * host module (server/src/node: the CLI's discovery and reading), in small batches, yielding to the
 * event loop between batches so that edits and requests stay responsive during a long scan.
 */
import type { SourceDocument } from '../engine';
import { discoverFiles, fileUri, HostReader, DISK, isCodeFileName, readSource } from '../node';
import { mayMatter } from './code';
import * as path from 'node:path';

// Kept for the modules and tests that import them from here; they live in the host module.
export { fileUri, isExcludedFile, matchesIgnoreGlobs } from '../node';

/** Work between two yields to the event loop, in milliseconds. */
const SLICE_MS = 15;

/** Gives other callbacks (incoming LSP messages, the edit flush timer) a turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface ScanCallbacks {
  /** Stop early (a newer scan superseded this one). Checked between batches. */
  cancelled(): boolean;
  /** Whether the file's content comes from the editor instead (open documents are not read from disk). */
  skip(uri: string): boolean;
  /** Receives each file read from disk (`notRead` set when it could not be read: see `readSource`). */
  load(doc: SourceDocument): void;
  log(message: string): void;
  /**
   * (issue #14) Also list application code. A code file is not loaded: those whose text passes the
   * pre-filter (code.ts mayMatter) come back in {@link ScanResult.code}, the others are dropped unread
   * into the engine (their text is not kept).
   */
  code?: boolean;
}

export interface ScanResult {
  /** URIs of every file loaded or skipped as open (files gone or ignored as too large are not in it). */
  uris: Set<string>;
  cancelled: boolean;
  /** Code files that passed the pre-filter, read but not loaded (not in `uris`): the caller loads them once it has the parser. */
  code: SourceDocument[];
  /** Code files listed (before the pre-filter). */
  codeListed: number;
}

/**
 * Scans `root`: discovers files (`ignoreGlobs` relative to root), then reads and loads them batch by
 * batch. Never throws for unreadable files (they are loaded with `notRead`, see `readSource`).
 */
export async function scanFolder(root: string, ignoreGlobs: string[], cb: ScanCallbacks, reader: HostReader = DISK): Promise<ScanResult> {
  const uris = new Set<string>();
  const found = discoverFiles(root, { ignoreGlobs, code: cb.code === true });
  const code: SourceDocument[] = [];
  let codeListed = 0;
  for (const e of found.errors) cb.log(`cannot read ${e.path}: ${e.message}`);
  for (const e of found.skipped) cb.log(`not checked: ${e.path}: ${e.message}`);
  let sliceStart = Date.now();
  for (const file of found.files) {
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      if (cb.cancelled()) return { uris, cancelled: true, code, codeListed };
      sliceStart = Date.now();
    }
    const uri = fileUri(file);
    if (cb.skip(uri)) {
      uris.add(uri);
      continue;
    }
    const r = readSource(file, reader);
    if ('ignored' in r) cb.log(`not checked: ${file}: ${r.ignored}`);
    if (!('document' in r)) continue;
    if (cb.code && isCodeFileName(path.basename(file))) {
      codeListed++;
      if (r.document.notRead === undefined && mayMatter(r.document.text)) code.push(r.document);
      continue;
    }
    uris.add(uri);
    cb.load(r.document);
  }
  return { uris, cancelled: cb.cancelled(), code, codeListed };
}
