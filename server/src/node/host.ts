/**
 * The one way a host loads a workspace from disk for the engine. The CLI (`irsa-lint`), the language
 * server (which also answers the code generation command's `irsa/chains` request) all go through
 * here, so they see the same files with the same texts and report the same problems:
 *
 * - the workspace root ({@link findWorkspaceRoot}: the nearest `.irsa.yaml`, else the git work tree,
 *   else the folder) and its `.irsa.yaml` (`loadConfigFile`, discover.ts);
 * - which files are inputs (`discoverFiles` and {@link isExcludedFile}: `.gitignore`, the `ignore`
 *   globs, `node_modules`/`.git`, symlinks, and the one file-type filter `isCheckedFileName`);
 * - how a file is read ({@link readSource}: bounded, never blocking) and what becomes of a file that
 *   is not read: larger than the engine parses, permission denied, not a regular file → a
 *   {@link SourceDocument} with `notRead`, which the engine reports as `parse-limit` like any text it
 *   refuses (before this module a 17 MiB manifest got `parse-limit` in the CLI and nothing in the editor);
 * - the URI of a file ({@link fileUri}), in the spelling VS Code gives it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../engine';
import { globMatcher } from '../engine';
import { languageOf, looksRelevant, MAX_FILE_CHARS } from '../engine';
import type { SourceDocument } from '../engine';
import { ALWAYS_SKIPPED_DIRS, isCheckedFileName, isCodeFileName } from './discover';
import { GitIgnore, MAX_GITIGNORE_PATTERN_CHARS } from './gitignore';
import { BoundedRead, formatBytes, MAX_GITIGNORE_BYTES, readHead, readRegularFile } from './read';

/**
 * Files above this many bytes are not read whole: the engine parses at most {@link MAX_FILE_CHARS}
 * UTF-16 units, and a file of more bytes than that has more characters unless it is multi-byte text,
 * which a manifest is not.
 */
export const MAX_SOURCE_BYTES = MAX_FILE_CHARS;
/** Bytes read from an oversized file to decide whether it is one of ours (see `looksRelevant`). */
export const HEAD_BYTES = 64 * 1024;

/** How files are read: the disk by default; tests inject failures (`EACCES` cannot be provoked as root). */
export interface HostReader {
  /** The whole file when a regular file of at most `maxBytes` bytes (see `readRegularFile`). */
  read(file: string, maxBytes: number): BoundedRead;
  /** The first `maxBytes` bytes of a regular file (see `readHead`). */
  head(file: string, maxBytes: number): BoundedRead;
}

export const DISK: HostReader = { read: readRegularFile, head: readHead };

/**
 * `file://` URI of an absolute path, as VS Code and `vscode-uri` spell it (`@` → `%40`, `:` → `%3A`):
 * the editor's URIs, the server's and the CLI's are then the same strings. The usual path made of
 * unreserved characters takes a fast path (no URI object per file in a big workspace).
 */
export function fileUri(file: string): string {
  if (path.sep === '/' && /^\/[A-Za-z0-9._\/-]*$/.test(file) && !/\/\.\.?(\/|$)|\/\//.test(file)) return 'file://' + file;
  return URI.file(file).toString();
}

/** What reading one input file gave. */
export type SourceRead =
  /** For the engine: the text, or an empty text with `notRead` (reported as `parse-limit`). */
  | { document: SourceDocument }
  /** Gone (deleted since it was listed): nothing to report. */
  | { missing: true }
  /** Larger than the engine reads, and its head does not look like an IRSA file: left out silently. */
  | { ignored: string };

/**
 * Reads an input file for the engine. Never throws, never blocks, reads at most
 * {@link MAX_SOURCE_BYTES} + 1 bytes. A file of more bytes is peeked at ({@link HEAD_BYTES}): one that
 * looks like an IRSA file comes back as `notRead: "file is larger than 4 MiB"`, any other (a
 * `package-lock.json`) is `ignored`, as the engine ignores small files that are none of ours. A file
 * that cannot be read (`EACCES`, `EIO`, a folder or FIFO swapped in since discovery) comes back as
 * `notRead: "cannot read the file (EACCES)"`: its problems are unknown, which the user must see.
 * @param file absolute path.
 */
export function readSource(file: string, reader: HostReader = DISK): SourceRead {
  const uri = fileUri(file);
  const r = reader.read(file, MAX_SOURCE_BYTES);
  if ('text' in r) return { document: { uri, text: r.text, version: 0 } };
  if (r.reason === 'missing') return { missing: true };
  // A shell script is read only for the folder its ccoctl command may name: one that cannot be read
  // or is too large is not a problem of the user's manifests (an unreadable `hack/build.sh` must not
  // fail a CI run that never looked at scripts before), so it is left out like any file none of ours.
  if (languageOf(uri) === 'shell') return { ignored: r.reason === 'too-large' ? `a shell script larger than ${formatBytes(MAX_SOURCE_BYTES)}` : `a shell script that cannot be read (${r.error})` };
  // (issue #14) The same for code: a 5 MiB bundled `dist/main.js` is generated, not the user's source.
  if (languageOf(uri) === 'code') return { ignored: r.reason === 'too-large' ? `a code file larger than ${formatBytes(MAX_SOURCE_BYTES)}` : `a code file that cannot be read (${r.error})` };
  if (r.reason === 'too-large') {
    const head = reader.head(file, HEAD_BYTES);
    if ('error' in head) return head.reason === 'missing' ? { missing: true } : { document: notRead(uri, head) };
    if (!looksRelevant(uri, head.text, languageOf(uri) ?? 'yaml')) return { ignored: `larger than ${formatBytes(MAX_SOURCE_BYTES)} and not an IRSA file` };
    return { document: { uri, text: '', version: 0, notRead: `file is larger than ${formatBytes(MAX_SOURCE_BYTES)}` } };
  }
  return { document: notRead(uri, r) };
}

function notRead(uri: string, r: { error: string; reason: string }): SourceDocument {
  return { uri, text: '', version: 0, notRead: r.reason === 'io' ? `cannot read the file (${r.error})` : `file ${r.error}` };
}

/** How {@link findWorkspaceRoot} chose the root. */
export type RootKind = 'config' | 'git' | 'folder';

export interface WorkspaceRoot {
  /** Absolute folder: every input file below it is read for cross-file links. */
  root: string;
  /** `<root>/.irsa.yaml` when the root was chosen by it. */
  configPath?: string;
  kind: RootKind;
}

/**
 * The workspace a path belongs to, as an editor would have it open: the nearest folder at or above
 * `start` that holds `.irsa.yaml` (the search stops at the git work tree's top, the folder holding
 * `.git`, a folder or, for a linked worktree or submodule, a file); else that git work tree; else
 * the folder of `start` (`start` itself when it is a folder).
 * @param start absolute path of a file or folder (need not exist: then its parent folder is used).
 */
export function findWorkspaceRoot(start: string): WorkspaceRoot {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  const folder = dir;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return { root: dir, configPath: candidate, kind: 'config' };
    if (fs.existsSync(path.join(dir, '.git'))) return { root: dir, kind: 'git' };
    const parent = path.dirname(dir);
    if (parent === dir) return { root: folder, kind: 'folder' };
    dir = parent;
  }
}

/** Whether `p` is `dir` or below it (both absolute). */
export function isInside(dir: string, p: string): boolean {
  const r = path.relative(dir, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/**
 * Whether a single file below `root` would be left out by a scan (for watched-file events and
 * documents closed in the editor, without walking the tree): not an input by its name, a skipped
 * directory on its path, an ignore glob, a symbolic link, or a `.gitignore` rule at any level
 * between `root` and the file. Mirrors `discoverFiles` (`options.code`: as with its DiscoverOptions.code).
 */
export function isExcludedFile(root: string, file: string, ignoreGlobs: string[], options: { code?: boolean } = {}): boolean {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return true;
  const parts = rel.split(path.sep);
  if (parts.slice(0, -1).some((p) => ALWAYS_SKIPPED_DIRS.has(p))) return true;
  const name = parts[parts.length - 1]!;
  // `options.code`: application code is an input too (discoverFiles' DiscoverOptions.code).
  if (!isCheckedFileName(name) && !(options.code === true && isCodeFileName(name))) return true;
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
