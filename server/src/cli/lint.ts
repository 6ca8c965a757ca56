/**
 * The disk side of `irsa-lint`: choose the workspace root and its `.irsa.yaml`, list the files, read
 * them and run the engine's {@link Workspace} over them. Finding, filtering and reading go through
 * the host module (server/src/node), as in the language server, so both report the same problems.
 * The result is a {@link LintReport} that the formatters render; nothing here writes to stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, mergeSettings, parseConfig } from '../engine';
import { globMatcher } from '../engine';
import { codeLanguageOfPath } from '../engine';
import type { CodeLanguage, CodeParser, Finding, IrsaSettings } from '../engine';
import { Workspace } from '../engine';
import { discoverFiles, fileUri, findWorkspaceRoot, HostReader, isCodeFileName, isInside, MAX_CONFIG_BYTES, readRegularFile, readSource, RootKind } from '../node';
import type { LintOptions } from './args';

/** One checked file: absolute path, path as shown (relative to the working directory, `/`-separated), findings. */
export interface FileResult {
  path: string;
  display: string;
  uri: string;
  findings: Finding[];
}

export interface LintReport {
  /** Working directory: shown paths and SARIF `%SRCROOT%` are relative to it. */
  cwd: string;
  /** Workspace root: folder of the configuration file, or the first path when there is none. */
  root: string;
  configPath?: string;
  settings: IrsaSettings;
  /** Every checked file (findings possibly empty), sorted by shown path. */
  files: FileResult[];
  /** Files or folders that could not be read: shown path and reason. */
  unreadable: { path: string; display: string; message: string }[];
  /**
   * Files not checked, or not checked in full: YAML/JSON entries of the given folders that are not
   * read (symbolic links, FIFOs), and template files with documents whose YAML cannot be read before
   * rendering (`template: true`; such a file stays in {@link files} when some of its documents were
   * checked or it has findings). Shown path and reason.
   */
  skipped: { path: string; display: string; message: string; template?: true }[];
  /** Warnings about the run that are not findings (e.g. an explicitly named file that is ignored). */
  notices: string[];
  /**
   * Named paths that could not be checked at all (`no such file or directory: x`): errors of the run
   * (exit code 2) that do not hide the findings of the other paths.
   */
  errors?: string[];
  /**
   * How the root was chosen: `config` (nearest `.irsa.yaml` or `--config`), `git` (the git work tree
   * around a named file, no `.irsa.yaml`), `folder` (the folder of a named file, or the named folder).
   */
  rootKind?: RootKind;
  /** True when the root was found from a named file without `.irsa.yaml` (the CLI then says which root it used). */
  rootInferred?: boolean;
  /** The engine workspace the findings come from (every loaded file, reported or context). */
  workspace?: Workspace;
}

/** A problem that stops the run before linting (exit code 2). */
export class UsageError extends Error {}

export interface LintHooks {
  /**
   * (issue #14) The code parser (server/src/node/code-parser.ts loadCodeParser). Given: code files
   * (`.ts`, `.py`, `.go`, `.java`, …) are discovered and checked by the code rules; absent: they are
   * not listed at all, so a report never counts code it did not read.
   */
  parseCode?: CodeParser;
  /** Progress callback: phase and count (files found / files checked of total). */
  progress?: (phase: 'discover' | 'lint', done: number, total?: number) => void;
  /** The text of standard input, read when `-` is among the paths (see {@link splitHelmStream}). */
  stdin?: () => string;
  /**
   * Told the configuration file and workspace root chosen, before any file is read: the whole
   * folder below that root is read for cross-file links, so a stray `.irsa.yaml` in a parent folder
   * (the search stops only at a `.git` folder) must be visible before a long run, not after it.
   */
  workspace?: (root: string, configPath: string | undefined, how: { kind: RootKind; inferred: boolean }) => void;
  /** How files are read (tests inject read failures; the default reads the disk). */
  reader?: HostReader;
}

/** Shown name of standard input when it has no `# Source:` comments. */
export const STDIN_NAME = '<stdin>';

/**
 * Splits a stream read from standard input into the files it came from. `helm template` prints each
 * rendered manifest as `---\n# Source: <chart>/templates/<file>\n<content>\n` (helm/helm
 * pkg/action/action.go `renderResources`; hooks the same way in pkg/cmd/template.go), one such block
 * per YAML document, so a template rendering to three documents gives three blocks with one name.
 * Each name becomes one virtual file holding its blocks in stream order: its text is exactly what
 * `helm template --show-only templates/<file>` prints, and line numbers are lines of that output (a
 * rendered line cannot be traced to a template line in general: `include`, `toYaml | nindent`, `if`
 * and `range` add and remove lines). Text before the first `# Source:` block (or the whole stream
 * when there is none, e.g. `kustomize build | irsa-lint -`) is the file {@link STDIN_NAME}.
 * @returns name → text, in order of first appearance.
 */
export function splitHelmStream(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string, chunk: string): void => void out.set(name, (out.get(name) ?? '') + chunk);
  const header = /^---[ \t]*\r?\n# Source: ([^\r\n]+?)[ \t]*\r?$/gm;
  let last = 0;
  let name = STDIN_NAME;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    if (m.index > last || name !== STDIN_NAME) {
      const chunk = text.slice(last, m.index);
      if (name !== STDIN_NAME || chunk.trim() !== '') add(name, chunk);
    }
    name = m[1]!;
    last = m.index;
  }
  const rest = text.slice(last);
  if (name !== STDIN_NAME || rest.trim() !== '') add(name, rest);
  return out;
}

/** `text` with the `---` and `# Source:` lines of a helm stream turned into spaces (same length). */
function blankHelmHeaders(text: string): string {
  return text.replace(/^(---[ \t]*|# Source: [^\r\n]*)$/gm, (line) => ' '.repeat(line.length));
}

/** `/`-separated path of `p` relative to `from` (`.` for `from` itself). */
export function relPath(from: string, p: string): string {
  // Fast path for the common case of a file below `from` (path.relative normalises both paths).
  if (p.length > from.length + 1 && p.startsWith(from) && p[from.length] === path.sep && !from.endsWith(path.sep) && path.isAbsolute(from)) {
    const rest = p.slice(from.length + 1);
    if (!/(^|[\\/])\.\.?([\\/]|$)|[\\/]{2}/.test(rest)) return path.sep === '/' ? rest : rest.split(path.sep).join('/');
  }
  const r = path.relative(from, p);
  return r === '' ? '.' : r.split(path.sep).join('/');
}

/**
 * Reads and parses a configuration file. Throws {@link UsageError} naming the file, line and column
 * of each problem (a bad `.irsa.yaml` must not silently change what is checked).
 */
export function readConfig(file: string, cwd: string): IrsaSettings {
  // Relative to the working directory when below it; a file elsewhere is named by its absolute path
  // (`-c /etc/irsa.yaml` must not come back as `../../etc/irsa.yaml`).
  const rel = relPath(cwd, file);
  const shown = rel === '..' || rel.startsWith('../') ? file : rel;
  // The same bounded, regular-file-only read as the language server (a FIFO, /dev/zero, a huge file).
  const r = readRegularFile(file, MAX_CONFIG_BYTES);
  if ('error' in r) {
    if (r.reason === 'missing') throw new UsageError(`configuration file ${shown} does not exist`);
    throw new UsageError(r.reason === 'io' ? `cannot read configuration file ${shown}: ${r.error}` : `configuration file ${shown} ${r.error}`);
  }
  const text = r.text;
  const { settings, problems } = parseConfig(text);
  if (problems.length) {
    const lines = [...problems].sort((a, b) => a.offset - b.offset).map((p) => {
      const before = text.slice(0, p.offset);
      const line = before.split('\n').length;
      const column = p.offset - before.lastIndexOf('\n');
      return `${shown}:${line}:${column}: ${p.message}`;
    });
    throw new UsageError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return settings;
}

/**
 * Runs a lint over `options.paths`. The workspace root is the folder of `--config`, else the nearest
 * `.irsa.yaml` at or above the first path; without one, a named file is checked among the files
 * around it as the editor would have them open (its git work tree, else its folder: a single file
 * gets its cross-file findings), while named folders are the workspace themselves. Every input file
 * below the root is loaded so cross-file rules see the same workspace as the editor, but only files
 * under the given paths are reported. Files are found and read by the host module (server/src/node),
 * as the language server reads them: a file that cannot be read or is larger than the engine parses
 * is a `parse-limit` finding (and, when named, also listed in `unreadable`).
 * A named path that does not exist is listed in `errors`; the other paths are still checked.
 * @throws UsageError for a bad configuration file or when standard input is asked for but unavailable.
 */
export function lint(options: LintOptions, cwd: string, hooks: LintHooks = {}): LintReport {
  return lintPlanned(planLint(options, cwd, hooks, hooks.parseCode !== undefined), hooks.parseCode);
}

/**
 * {@link lint}, loading the code parser (issue #14: the tree-sitter grammars, ~30 ms and ~17 MiB) only
 * when the files to check include application code. `loadParser` failing is reported through
 * `onParserError` and the code files are then left out, as when no parser is given.
 */
export async function lintLoadingCode(
  options: LintOptions,
  cwd: string,
  hooks: LintHooks,
  loadParser: (languages: readonly CodeLanguage[]) => Promise<CodeParser>,
  onParserError: (e: unknown) => void,
): Promise<LintReport> {
  const plan = planLint(options, cwd, hooks, true);
  let parseCode: CodeParser | undefined;
  if (plan.hasCode) {
    try {
      parseCode = await loadParser([...plan.codeLanguages]);
    } catch (e) {
      onParserError(e);
    }
  }
  return lintPlanned(plan, parseCode);
}

/** What {@link planLint} found: the root, the settings and the files to read, before any is read. */
interface LintPlan {
  options: LintOptions;
  cwd: string;
  hooks: LintHooks;
  root: string;
  configPath: string | undefined;
  rootKind: RootKind;
  rootInferred: boolean;
  settings: IrsaSettings;
  stdinFiles: Map<string, string> | undefined;
  reported: Set<string>;
  context: Set<string>;
  named: Set<string>;
  unreadable: LintReport['unreadable'];
  skipped: LintReport['skipped'];
  notices: string[];
  errors: string[];
  /** (issue #14) Some file to read is application code (isCodeFileName). */
  hasCode: boolean;
  /** (issue #14) The grammars those code files need (only these are loaded). */
  codeLanguages: ReadonlySet<CodeLanguage>;
}

/** The discovery half of {@link lint}; `withCode`: also list application code files. */
function planLint(options: LintOptions, cwd: string, hooks: LintHooks, withCode: boolean): LintPlan {
  const diskPaths = options.paths.filter((p) => p !== '-');
  let stdinFiles: Map<string, string> | undefined;
  if (diskPaths.length < options.paths.length) {
    if (!hooks.stdin) throw new UsageError('reading standard input (-) is not available here');
    stdinFiles = splitHelmStream(hooks.stdin());
  }
  const errors: string[] = [];
  // Paths that exist, with whether each is a file; a missing one is an error of the run, not a stop.
  const targets: { path: string; shown: string; isFile: boolean }[] = [];
  for (const shown of diskPaths) {
    const t = path.resolve(cwd, shown);
    let st: fs.Stats;
    try {
      st = fs.statSync(t);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${shown}` : `cannot access ${shown}: ${code ?? String(e)}`);
      continue;
    }
    if (!st.isFile() && !st.isDirectory()) {
      errors.push(`not a regular file or directory: ${shown}`);
      continue;
    }
    targets.push({ path: t, shown, isFile: st.isFile() });
  }

  let root: string;
  let configPath: string | undefined;
  let rootKind: RootKind;
  let rootInferred = false;
  if (options.config !== undefined) {
    configPath = path.resolve(cwd, options.config);
    root = path.dirname(configPath);
    rootKind = 'config';
  } else {
    const first = targets[0];
    const found = findWorkspaceRoot(first?.path ?? cwd);
    if (found.kind === 'config') {
      ({ root, configPath } = found);
      rootKind = 'config';
    } else if (first?.isFile) {
      // A file alone says nothing about its workspace: take the one the editor would have open.
      root = found.root;
      rootKind = found.kind;
      rootInferred = true;
    } else {
      root = first?.path ?? cwd;
      rootKind = 'folder';
    }
  }
  hooks.workspace?.(root, configPath, { kind: rootKind, inferred: rootInferred });
  const fileSettings = configPath ? readConfig(configPath, cwd) : {};
  const settings = mergeSettings(fileSettings, Object.keys(options.rules).length ? { rules: options.rules } : undefined);

  const ignoreGlobs = settings.ignore ?? [];
  const isIgnored = ignoreGlobs.length ? globMatcher(ignoreGlobs) : undefined;
  const ignoredByConfig = (p: string): boolean => !!isIgnored && isInside(root, p) && isIgnored(relPath(root, p));

  const unreadable: LintReport['unreadable'] = [];
  const skipped: LintReport['skipped'] = [];
  const notices: string[] = [];
  let found = 0;
  const onProgress = hooks.progress ? () => hooks.progress!('discover', ++found) : undefined;
  const discover = (dir: string): string[] => {
    const r = discoverFiles(dir, {
      gitignore: options.gitignore,
      ignoreGlobs: dir === root ? ignoreGlobs : undefined,
      code: withCode,
      onProgress,
      progressEvery: 1,
    });
    for (const e of r.errors) unreadable.push({ path: e.path, display: relPath(cwd, e.path), message: e.message });
    for (const e of r.skipped) if (!ignoredByConfig(e.path)) skipped.push({ path: e.path, display: relPath(cwd, e.path), message: e.message });
    return r.files;
  };

  // Files to report on.
  const reported = new Set<string>();
  /** Files named as such on the command line (not found in a named folder). */
  const named = new Set(targets.filter((t) => t.isFile).map((t) => t.path));
  for (const t of targets) {
    if (t.isFile) {
      // A file named on the command line is checked even if an ignore glob matches it.
      if (ignoredByConfig(t.path)) notices.push(`${t.shown} is matched by an ignore glob of ${CONFIG_FILE_NAME}; checked anyway because it was named explicitly`);
      reported.add(t.path);
    } else {
      for (const f of discover(t.path)) if (!ignoredByConfig(f)) reported.add(f);
    }
  }
  // Context: the rest of the workspace, read for cross-file links but not reported.
  const context = new Set<string>();
  if ((configPath || rootInferred) && targets.some((t) => isInside(root, t.path) && t.path !== root)) {
    const before = unreadable.length;
    const skippedBefore = skipped.length;
    for (const f of discover(root)) if (!reported.has(f) && !ignoredByConfig(f)) context.add(f);
    unreadable.length = before; // unreadable context entries are not the user's request
    skipped.length = skippedBefore;
  }

  const codeLanguages = new Set<CodeLanguage>();
  if (withCode) {
    for (const f of [...reported, ...context]) {
      const l = isCodeFileName(path.basename(f)) ? codeLanguageOfPath(f) : undefined;
      if (l) codeLanguages.add(l);
    }
  }
  const hasCode = codeLanguages.size > 0;
  return { options, cwd, hooks, root, configPath, rootKind, rootInferred, settings, stdinFiles, reported, context, named, unreadable, skipped, notices, errors, hasCode, codeLanguages };
}

/** The reading and checking half of {@link lint}: without `parseCode` application code files are left out. */
function lintPlanned(plan: LintPlan, parseCode: CodeParser | undefined): LintReport {
  const { options, cwd, hooks, root, configPath, rootKind, rootInferred, settings, stdinFiles, named, unreadable, skipped, notices, errors } = plan;
  const withoutCode = (files: Set<string>): Set<string> => (parseCode || !plan.hasCode ? files : new Set([...files].filter((f) => !isCodeFileName(path.basename(f)) || named.has(f))));
  const reported = withoutCode(plan.reported);
  const context = withoutCode(plan.context);
  const ws = new Workspace(settings, undefined, { oneShot: true, parseCode });
  const results: FileResult[] = [];
  const load = (file: string, report: boolean): void => {
    const r = readSource(file, hooks.reader);
    if ('missing' in r) {
      if (report) unreadable.push({ path: file, display: relPath(cwd, file), message: 'ENOENT' });
      return;
    }
    if ('ignored' in r) {
      // Larger than the engine reads and none of ours (a package-lock.json): looked at, nothing to
      // report, as for a small file that is none of ours.
      if (report) results.push({ path: file, display: relPath(cwd, file), uri: fileUri(file), findings: [] });
      return;
    }
    // A file named on the command line is checked for syntax even when it is none of ours.
    const doc = named.has(file) ? { ...r.document, checkSyntax: true } : r.document;
    // Not read (permission, a FIFO swapped in): named on stderr and exit code 2, as before, besides its finding.
    if (report && doc.notRead !== undefined && !doc.notRead.startsWith('file is larger')) {
      unreadable.push({ path: file, display: relPath(cwd, file), message: doc.notRead.replace(/^cannot read the file \((.*)\)$/, '$1') });
    }
    ws.update(doc);
    if (report) results.push({ path: file, display: relPath(cwd, file), uri: doc.uri, findings: [] });
  };
  // Standard input: one virtual file per `# Source:` name, named by that path relative to the working
  // directory (where `helm template charts/<chart>` is usually run from). It replaces a file of the
  // same path on disk, which is the unrendered template.
  for (const [name, text] of stdinFiles ?? []) {
    const file = path.resolve(cwd, name);
    if (reported.delete(file) || context.delete(file)) notices.push(`${relPath(cwd, file)} is read from standard input (# Source: ${name}), not from disk`);
    // JSON (an IAM policy piped in, or a chart's `.json` template): checked as JSON, not as YAML, with
    // the `---` / `# Source:` lines blanked to spaces so the body parses and its lines keep their numbers.
    const json = /\.json$/i.test(name) || (name === STDIN_NAME && /^\s*[{[]/.test(text));
    const uri = fileUri(json && !/\.json$/i.test(file) ? `${file}.json` : file);
    ws.update({ uri, text: json ? blankHelmHeaders(text) : text, version: 0, checkSyntax: true });
    results.push({ path: file, display: name === STDIN_NAME ? STDIN_NAME : relPath(cwd, file), uri, findings: [] });
  }
  const stdinCount = results.length;
  for (const f of context) load(f, false);
  const sortedReported = [...reported].sort();
  for (const f of sortedReported) load(f, true);

  const total = results.length;
  const fromStdin = new Set(results.slice(0, stdinCount).map((r) => r.uri));
  results.forEach((r, i) => {
    r.findings = ws.findings(r.uri);
    // A repair of rendered output has no file to apply to (the template is what must change).
    if (fromStdin.has(r.uri)) r.findings = r.findings.map(({ fixes: _fixes, ...f }) => f);
    if (options.quiet) r.findings = r.findings.filter((f) => f.severity === 'error');
    hooks.progress?.('lint', i + 1, total);
  });
  // Template documents that could not be read are not checked: name the file (#11 pattern 4). A file
  // none of whose documents was read, and that has no findings, was not checked at all.
  const unchecked = new Set<FileResult>();
  for (const r of results) {
    const docs = ws.parsed(r.uri)?.documents ?? [];
    const unread = docs.filter((d) => d.unread !== undefined);
    if (unread.length === 0) continue;
    const which = unread.length === docs.length ? '' : `YAML document${unread.length === 1 ? '' : 's'} ${unread.map((d) => d.index + 1).join(', ')} of ${docs.length}: `;
    skipped.push({ path: r.path, display: r.display, message: which + unread[0]!.unread!, template: true });
    if (unread.length === docs.length && r.findings.length === 0) unchecked.add(r);
  }
  if (unchecked.size) results.splice(0, results.length, ...results.filter((r) => !unchecked.has(r)));
  results.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  unreadable.sort((a, b) => (a.display < b.display ? -1 : 1));
  // Overlapping paths (`irsa-lint k8s k8s/app`) find the same link twice.
  const skippedOnce = [...new Map(skipped.map((u) => [u.path, u])).values()].sort((a, b) => (a.display < b.display ? -1 : 1));
  return { cwd, root, configPath, settings, files: results, unreadable, skipped: skippedOnce, notices, errors, rootKind, rootInferred, workspace: ws };
}

/** Counts by severity over every reported file. */
export function countFindings(report: LintReport): { errors: number; warnings: number; infos: number; hints: number; total: number } {
  const c = { errors: 0, warnings: 0, infos: 0, hints: 0, total: 0 };
  for (const f of report.files) {
    for (const x of f.findings) {
      // A finding that stands for reports not listed (engine/collect.ts) counts as all of them, so
      // the cap on listed findings cannot let `--max-warnings` pass.
      const n = x.omitted ?? 1;
      c.total += n;
      if (x.severity === 'error') c.errors += n;
      else if (x.severity === 'warning') c.warnings += n;
      else if (x.severity === 'info') c.infos += n;
      else c.hints += n;
    }
  }
  return c;
}
