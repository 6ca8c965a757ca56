/**
 * File discovery and configuration loading on disk, shared by the CLI and the language server (the
 * engine itself never touches the file system). Walks folders for `*.yaml`, `*.yml`, `*.json` and
 * shell scripts (`*.sh`, `*.bash`: {@link CHECKED_EXTENSIONS}),
 * honouring `.gitignore` files at every level (gitignore.ts implements git's matching rules),
 * never entering `.git` or `node_modules`, never following symlinks, and applying the `ignore`
 * globs of `.irsa.yaml` (engine/glob.ts, picomatch syntax, relative to the workspace root).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_EXTENSIONS, codeLanguageOfPath, CONFIG_FILE_NAME, manifestFormatOf, parseConfig } from '../engine';
import { globMatcher } from '../engine';
import type { IrsaSettings } from '../engine';
import { GitIgnore, MAX_GITIGNORE_PATTERN_CHARS } from './gitignore';
import { MAX_CONFIG_BYTES, MAX_GITIGNORE_BYTES, readRegularFile } from './read';

export const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
/**
 * THE file-type filter of every host (CLI, language server, code generation through the server): a
 * file is an engine input when its name ends in `.yaml`, `.yml`, `.json` (manifests), `.sh` or `.bash`
 * (case-insensitive) and is not `.irsa.yaml`. Shell scripts are read only for the folders their
 * `ccoctl … --credentials-requests-dir` commands name (#11 pattern 2, engine/parse/script.ts);
 * Makefiles are not listed: no repository of the corpus (bench/corpus) runs ccoctl from one. discoverFiles, watched-file events (host.ts isExcludedFile) and the CLI's
 * named files all ask this one function; a new kind of input is added here.
 */
export function isCheckedFileName(name: string): boolean {
  // Dependency manifests (package.json, go.mod, pom.xml, …) are read for their AWS SDK dependencies
  // only (issue #14); the engine parses just those that name an SDK (engine/parse/manifest.ts).
  return (CHECKED_NAME.test(name) || manifestFormatOf(name) !== undefined) && name !== CONFIG_FILE_NAME;
}

/** File name extensions of engine inputs (lower case, no dot); {@link isCheckedFileName} and the watch globs derive from it. */
export const CHECKED_EXTENSIONS: readonly string[] = ['yaml', 'yml', 'json', 'sh', 'bash'];
const CHECKED_NAME = new RegExp(`\\.(${CHECKED_EXTENSIONS.join('|')})$`, 'i');

/** Glob of every input file for file watchers (`**\/*.{yaml,yml,json,sh,bash}`). */
export const CHECKED_FILES_GLOB = `**/*.{${CHECKED_EXTENSIONS.join(',')}}`;
const SCRIPT_NAMES = /\.(sh|bash)$/i;
const CODE_NAME = new RegExp(`\\.(${CODE_EXTENSIONS.join('|')})$`, 'i');

/**
 * (issue #14) Application code the code rules read (`.ts`, `.tsx`, `.js`, `.mjs`, `.cjs`, `.py`,
 * `.go`, `.java`; not `.d.ts`): an input only for a host that parses code (DiscoverOptions.code):
 * the CLI, and the language server, which keeps only those that pass the pre-filter and only in
 * folders that hold IRSA files (server/src/lsp/code.ts).
 */
export function isCodeFileName(name: string): boolean {
  return CODE_NAME.test(name) && codeLanguageOfPath(name) !== undefined;
}

export interface DiscoverOptions {
  /** Globs relative to `root` that are never returned (from `.irsa.yaml` `ignore`, or settings). */
  ignoreGlobs?: string[];
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Called every `progressEvery` files found (for CLI progress on big trees). */
  onProgress?: (found: number) => void;
  progressEvery?: number;
  /** (issue #14) Also list application code files ({@link isCodeFileName}). */
  code?: boolean;
}

export interface DiscoverResult {
  files: string[];
  /** Paths that could not be read (permission denied, vanished): path and reason. */
  errors: { path: string; message: string }[];
  /**
   * YAML/JSON names that were found but deliberately not read (symbolic links, FIFOs, devices), and
   * `.gitignore` files some lines of which are not applied (GitIgnore.problem): path and reason.
   */
  skipped: { path: string; message: string }[];
}

/**
 * Why a symbolic link with a YAML/JSON name is listed in `skipped` rather than read. Following it
 * is either redundant or unsafe: a link to a file inside the checked folders checks that file twice
 * (two identical CredentialsRequests are a ccoctl role-name collision), and a link out of them lets
 * an untrusted repository make the editor or CI read any file of the machine (`~/.aws/credentials`)
 * into findings, and point at devices or FIFOs that never end.
 */
export const SYMLINK_SKIPPED = 'symbolic link, not followed (the file it points to is checked only where it lives inside the checked folders)';

/** Why a FIFO, socket or device with a YAML/JSON name is listed in `skipped`: reading it may block forever. */
export const SPECIAL_SKIPPED = 'not a regular file (a FIFO, socket or device), not read';

interface IgnoreScope {
  dir: string;
  /** `dir` relative to the walk's root, `/`-separated (`''` for the root itself). */
  rel: string;
  ig: GitIgnore;
}

/**
 * Lists the YAML/JSON files below `root` (absolute paths, sorted). `.irsa.yaml` itself is not listed.
 * Never throws for unreadable entries: they are returned in `errors`.
 */
export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoverResult {
  const files: string[] = [];
  const errors: { path: string; message: string }[] = [];
  const skipped: { path: string; message: string }[] = [];
  // Linear-time matchers (engine/glob.ts): picomatch and the `ignore` package backtrack for minutes
  // on patterns a hostile repository can write.
  const matchIgnored = options.ignoreGlobs?.length ? globMatcher(options.ignoreGlobs) : undefined;
  const useGitignore = options.gitignore !== false;
  const every = options.progressEvery ?? 500;

  // Paths are built by concatenation (`dir` is already normal, a name has no separator) and the
  // root-relative path only when a glob or a .gitignore needs it: path.join and path.relative per entry
  // were two thirds of listing a 5,000-file workspace (44-61 ms against 16-21 ms for a plain walk).
  const join = (dir: string, name: string): string => (dir === '.' ? name : dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);
  const walk = (dir: string, relDir: string, scopes: IgnoreScope[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ path: dir, message: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    let here = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const gi = path.join(dir, '.gitignore');
      const r = readRegularFile(gi, MAX_GITIGNORE_BYTES);
      if ('text' in r) {
        // The bound is on the files that apply to one path together (this folder's and its parents').
        const ig = new GitIgnore(r.text, MAX_GITIGNORE_PATTERN_CHARS - scopes.reduce((n, sc) => n + sc.ig.chars, 0));
        // A warning, not an error: every file is still checked, only some .gitignore lines do not apply.
        if (ig.problem) skipped.push({ path: gi, message: ig.problem });
        here = [...scopes, { dir, rel: relDir, ig }];
      }
      else errors.push({ path: gi, message: r.error });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      const isDir = e.isDirectory();
      const isLink = e.isSymbolicLink();
      // A FIFO, socket or device with a YAML/JSON name: reading it could block or never end.
      const isSpecial = e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice();
      if (isDir && ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
      const isCode = !isDir && options.code === true && isCodeFileName(e.name);
      if (!isDir && !((e.isFile() || isLink || isSpecial) && (isCheckedFileName(e.name) || isCode))) continue;
      // A linked or special script or code file is passed over without a word: listing every
      // `hack/*.sh` link of a repository as "skipped" would be noise about files that are not manifests.
      if (!isDir && (isLink || isSpecial) && (SCRIPT_NAMES.test(e.name) || isCode)) continue;
      const rel = relDir === '' ? e.name : `${relDir}/${e.name}`;
      if (matchIgnored && (matchIgnored(rel) || (isDir && matchIgnored(rel + '/')))) continue;
      // Parent folders were tested before the walk entered them.
      if (here.length && here.some((s) => s.ig.ignores((s.rel === '' ? rel : rel.slice(s.rel.length + 1)) + (isDir ? '/' : ''), true))) continue;
      if (isDir) walk(full, rel, here);
      else if (isLink) skipped.push({ path: full, message: SYMLINK_SKIPPED });
      else if (isSpecial) skipped.push({ path: full, message: SPECIAL_SKIPPED });
      else {
        files.push(full);
        if (options.onProgress && files.length % every === 0) options.onProgress(files.length);
      }
    }
  };

  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    errors.push({ path: root, message: (e as NodeJS.ErrnoException).code ?? String(e) });
    return { files, errors, skipped };
  }
  if (st.isFile()) files.push(root);
  else walk(path.normalize(root), '', []);
  return { files, errors, skipped };
}

/** Reads `<root>/.irsa.yaml` if present. Problems carry 1-based line/column for messages. */
export function loadConfigFile(root: string): {
  path?: string;
  settings: IrsaSettings;
  problems: { line: number; column: number; message: string }[];
} {
  const p = path.join(root, CONFIG_FILE_NAME);
  // Bounded and regular-file only: a FIFO hung the server, a link to /dev/zero grew it past 4 GB.
  const r = readRegularFile(p, MAX_CONFIG_BYTES);
  if ('error' in r) {
    if (r.reason === 'missing') return { settings: {}, problems: [] };
    return { path: p, settings: {}, problems: [{ line: 1, column: 1, message: r.reason === 'io' ? `cannot read the file: ${r.error}` : `the file ${r.error}; it was not read, so none of its settings apply` }] };
  }
  const text = r.text;
  const { settings, problems } = parseConfig(text);
  return {
    path: p,
    settings,
    problems: problems.map((pr) => {
      const before = text.slice(0, pr.offset);
      const line = before.split('\n').length;
      return { line, column: pr.offset - before.lastIndexOf('\n'), message: pr.message };
    }),
  };
}
