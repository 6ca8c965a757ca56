/**
 * The stateful engine: holds every document of a workspace, keeps the link index up to date and
 * computes findings incrementally. Updating one document re-checks that document's file and, for
 * the cross-file rules, the checks (one document's, or one file's file rules) that looked up
 * something the edited documents answer before or after the edit: the index records every lookup a
 * check makes (WorkspaceView.recorder, DependencyIndex), so what is re-checked follows from what the
 * rules read, and a new rule needs no link or invalidation code. Everything else is served from cache.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeUnitOrder } from '../format';
import { classifyFile } from '../classify';
import { CollectedFindings, FindingCollector, MAX_FINDINGS_PER_RULE, NO_FINDINGS } from '../collect';
import type { IrsaDocument, IrsaKind } from '../model/types';
import { ccoctlDirCandidates, encodeEmbeddedEdits, folderKey, foreignSyntaxIssue, languageOf, looksRelevant, parseFile, scriptFileCandidates } from '../parse';
import type { AwsRolePolicyArg, CcoctlDirArg, CodeParser } from '../parse';
import type { ParsedFile } from '../parse/types';
import { ALL_RULES, RULES_BY_ID } from '../rules';
import { CcoctlCommandRef, DocumentRule, FileRule, isFileRule, Report, Rule, RuleContext, ScriptRoleRef, Target } from '../rules/types';
import { ExpansionLimitError, FALLBACK_SCHEMA_RULE, validateDocument } from '../schema/validate';
import { applySuppressions, isSuppressed, parseSuppressions, Suppressions } from '../suppress';
import type { Finding, FixEdit, IrsaSettings, Range, Severity, SourceDocument } from '../types';
import { reparseYaml } from './reparse';
import { dirOfUri } from '../model/uri';
import { ANY_KIND, DependencyIndex, kindBit, record, type Recording } from './deps';
import { WorkspaceView } from './view';
import { isCcoctlInputDirName } from '../domain';
import { get, str } from '../parse/tree';

/**
 * True for a `.yaml`/`.yml` file (what ccoctl reads) holding anything but CredentialsRequests: a
 * document of another kind, or text the engine did not parse (not IRSA-looking, so not a CR).
 */
function holdsNonCrYaml(f: FileState): boolean {
  if (!/\.ya?ml$/i.test(f.uri.replace(/[?#].*$/, ''))) return false;
  // A line with content that is neither a comment nor a document marker (one scan, no line array).
  if (f.parsed.documents.length === 0) return /^[ \t\r]*[^\s#-]/m.test(f.text);
  // A template document that could not be read (parse/template.ts) is not known to be a CredentialsRequest.
  return f.parsed.documents.some((d) => d.unread !== undefined || (d.root?.kind === 'map' && str(get(d.root, 'kind')) !== 'CredentialsRequest'));
}

/** Options of a {@link Workspace}. */
export interface WorkspaceOptions {
  /**
   * The caller checks the files once and never updates them afterwards (the CLI). Nothing is then
   * recorded for re-checks — no lookups per check, no per-check caches — which is what an edit would
   * need and costs a one-shot lint about a quarter of its checking time; an update or removal after
   * findings were computed throws.
   */
  oneShot?: boolean;
  /** (issue #14) The host's code parser (server/src/node/code-parser.ts); without it code files give no findings. */
  parseCode?: CodeParser;
}

interface FileState {
  uri: string;
  text: string;
  version: number;
  textDocument: TextDocument;
  parsed: ParsedFile;
  /**
   * The file was parsed because it looked like one of ours (looksRelevant) or lies in a folder a
   * script's ccoctl command names ({@link Workspace.scriptDirs}); otherwise it has no documents.
   */
  relevant: boolean;
  /** The host asked for the syntax check of a file that is none of ours (SourceDocument.checkSyntax). */
  checkSyntax: boolean;
  docs: IrsaDocument[];
  suppressions: Suppressions;
  /**
   * The text has a lone CR line break. YAML, go-yaml and LSP positions count it as a line break, but
   * the edit builders of the rules find lines by `\n`, so no fix edits such a file: its edits would
   * land at the wrong column or join lines.
   */
  loneCr: boolean;
  /** Findings of file-scope rules (depend on this file only). */
  fileFindings?: Finding[];
  /** Findings of workspace-scope rules (depend on linked files too). */
  workspaceFindings?: Finding[];
  /**
   * The workspace-scope findings by check, before suppressions: of the file rules (`file`) and of the
   * document rules per document index (`docs`). An edit elsewhere drops only the entries whose
   * recorded lookups it answers, so a Secret edit next to a file of 1,000 CRs re-runs the checks of
   * the one CR that read it. Undefined: everything is computed again (the file itself changed, a
   * position it points at moved, the settings changed).
   */
  workspaceChecks?: { file?: CollectedFindings; docs: (CollectedFindings | undefined)[] };
  /**
   * How many document readers of this URI may be recorded (indexes 0…n-1), carried over from the
   * file's earlier states, so that all of them can be forgotten.
   */
  documentReaders: number;
}

/**
 * What an update changes in the index, taken before it: the dependency keys the changed documents
 * provide, and the derived values (see WorkspaceView.derivedKeysOf) they take part in.
 */
interface Change {
  /** Key → kinds of the changed documents that provide it (derived keys that changed: every kind). */
  keys: Recording;
  derived: Map<string, unknown>;
}

/**
 * The reader a document's workspace-scope checks are recorded under in the DependencyIndex: the file's
 * URI, a NUL (no URI holds one) and the document's index. The file rules' reader is the URI alone.
 */
function documentReader(uri: string, index: number): string {
  return `${uri}\u0000${index}`;
}

/** What rules get, plus the rule being run and the files it read since its last report. */
/**
 * `sink`: where reports go — the file's collector, or a document's own while its file-scope findings
 * are computed for the cache.
 */
type EvalContext = RuleContext & { current?: Rule; pending: Set<IrsaDocument | string>; ownLines: boolean; sink: FindingCollector };

/**
 * Moves the commands of script `uri` in a script index (key of the folder or file a command names →
 * script URI → its commands) from `before` to `after`, and returns both as key → commands. One pass
 * over the commands: a script with thousands of lines costs linear time, each command's candidate keys
 * computed once.
 */
function reindexScript<T>(index: Map<string, Map<string, T[]>>, uri: string, before: readonly T[], after: readonly T[], candidates: (a: T) => string[]): { was: Map<string, T[]>; is: Map<string, T[]> } {
  const byKey = (args: readonly T[]): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const a of args) {
      for (const k of candidates(a)) {
        const list = out.get(k);
        if (list) list.push(a);
        else out.set(k, [a]);
      }
    }
    return out;
  };
  const was = byKey(before);
  const is = byKey(after);
  for (const k of was.keys()) {
    const m = index.get(k);
    m?.delete(uri);
    if (m?.size === 0) index.delete(k);
  }
  for (const [k, args] of is) {
    let m = index.get(k);
    if (!m) index.set(k, (m = new Map()));
    m.set(uri, args);
  }
  return { was, is };
}

export class Workspace {
  private readonly files = new Map<string, FileState>();
  /** URIs by folder (URI up to the last `/`), for rules about a whole folder. */
  private readonly filesByDir = new Map<string, Set<string>>();
  /**
   * Folder → how many of its `.yaml`/`.yml` files hold something other than CredentialsRequests
   * (#11 pattern 2: a folder with none is a ccoctl input folder). Kept by update/remove.
   */
  private readonly nonCrYamlFilesByDir = new Map<string, number>();
  /**
   * (#11 pattern 2) Folder key (parse/script.ts folderKey) → the scripts whose ccoctl commands may name
   * that folder as `--credentials-requests-dir` (every candidate of ccoctlDirCandidates), with the
   * arguments. Kept by update/remove of scripts. This is the folder's link to its scripts: when a
   * script's candidates change, the files of the folders gained or lost are re-checked
   * ({@link scriptFoldersChanged}); when only its text moves, the findings that point into it are
   * (positionDependents, through their related location).
   */
  private readonly scriptDirs = new Map<string, Map<string, CcoctlDirArg[]>>();
  /**
   * (issue #13) File key (parse/script.ts folderKey of a file URI) → the scripts whose `aws iam
   * create-role` / `update-assume-role-policy` commands may name that file as a role's trust policy
   * (every candidate of scriptFileCandidates), with the commands. Kept by update/remove of scripts.
   * The checks that asked (RuleContext.roleNamesFromScripts) recorded `rolescript:<file key>`; when the
   * roles a script gives a file change, those checks are re-run ({@link scriptPoliciesChanged}); when
   * only the script's lines move, the findings that quote them follow through positionDependents.
   */
  private readonly scriptPolicies = new Map<string, Map<string, AwsRolePolicyArg[]>>();
  /** Folder key → the folder URI the files of the workspace spell it with (keys of {@link filesByDir}). */
  private readonly dirsByKey = new Map<string, string>();
  /**
   * Set once any findings were computed. Until then nothing is cached, so loading a workspace skips
   * the work of finding which files an update affects (the CLI and the start-up scan load everything
   * first).
   */
  private evaluated = false;
  /**
   * A document (or, for a position outside every IRSA document, the URI of its file) → URIs of the
   * files whose cached workspace findings point into it (a related location, a `file:line` in a
   * message, a fix that edits it), recorded while those findings were computed. Positions move with
   * edits even where no link changes. When the document changes or goes, or moves to other lines,
   * its dependents are re-checked (and record again); when it only moves within its lines (an edit
   * above it that keeps the line count), their fix offsets are moved instead and they are published
   * again, not re-checked: a one-line edit in a file of 1,000 CRs must not re-check every file that
   * has a finding about one of them (issue 10).
   */
  private readonly positionDependents = new Map<IrsaDocument | string, Set<string>>();
  readonly view: WorkspaceView;
  /**
   * What the workspace-scope checks looked up: per file for its file rules (reader: the URI), per
   * document for the document rules (reader: {@link documentReader}). Replaced at each evaluation.
   */
  private readonly workspaceDeps = new DependencyIndex();

  /**
   * What each file's file-scope checks looked up (the folder's kind, isCcoctlInputDir; a file rule
   * reads nothing else of other files). Added to, not replaced: the per-document cache keeps findings
   * of earlier evaluations. When one of these keys changes, the file's file-scope caches go.
   */
  private readonly fileDeps = new DependencyIndex();
  private settings: IrsaSettings;

  /**
   * `options.oneShot`: the caller checks the files once and never updates them afterwards (the CLI).
   * Nothing is then recorded for re-checks — no lookups per check, no per-check caches — which is
   * what an edit would need and costs a one-shot lint about a quarter of its checking time; an update
   * or removal after findings were computed throws.
   */
  /**
   * Findings of the file-scope document rules and the schema, per document, before suppressions.
   * They depend on the document's own text only, so a document an edit keeps keeps them (moved with
   * it): a one-line edit in a file of 1,000 CRs checks one CR again, not 1,000 (issue 10).
   * `ownLines`: a message names a line of the document ("line 12"), so the findings cannot follow
   * the document to other lines. One WeakMap for the workspace rather than a Map per file: an empty
   * Map costs ~190 bytes, ~4 MB of a 20,000-file workspace's server memory (bench budget 400 MiB).
   * Entries of documents no file holds any more go with them.
   */
  private readonly docFindings = new WeakMap<IrsaDocument, CollectedFindings & { ownLines: boolean }>();

  constructor(settings: IrsaSettings = {}, rules: readonly Rule[] = ALL_RULES, options: WorkspaceOptions = {}) {
    this.table = ruleTable(rules);
    this.settings = settings;
    this.view = new WorkspaceView(settings);
    this.oneShot = options.oneShot === true;
    this.parseCode = options.parseCode;
  }

  private readonly oneShot: boolean;
  /** The constructor's rules sorted by scope and kind once, so each file or document runs down its own short list. */
  private readonly table: RuleTable;
  /** (issue #14) The host's code parser; without one code files are not parsed (no code findings). */
  private parseCode: CodeParser | undefined;

  /**
   * (issue #14) Hands the engine the host's code parser after construction: the language server
   * loads the grammars only once a workspace turns out to need them (server/src/lsp/code.ts). Files
   * already held keep the tree they were parsed with until their next update, so a host gives the
   * parser before it loads code files.
   */
  setCodeParser(parseCode: CodeParser): void {
    this.parseCode = parseCode;
  }

  getSettings(): IrsaSettings {
    return this.settings;
  }

  /** Replaces the settings; every file's findings are invalidated. Returns all URIs. */
  setSettings(settings: IrsaSettings): string[] {
    this.settings = settings;
    this.view.setSettings(settings);
    this.workspaceDeps.clear();
    this.fileDeps.clear();
    for (const f of this.files.values()) {
      f.documentReaders = 0;
      f.fileFindings = undefined;
      f.workspaceFindings = undefined;
      f.workspaceChecks = undefined;
      this.forgetDocFindings(f);
    }
    return [...this.files.keys()];
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Version given with the text this workspace holds for `uri` (the editor's; 0 from disk). */
  version(uri: string): number | undefined {
    return this.files.get(uri)?.version;
  }

  text(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  textDocument(uri: string): TextDocument | undefined {
    return this.files.get(uri)?.textDocument;
  }

  parsed(uri: string): ParsedFile | undefined {
    return this.files.get(uri)?.parsed;
  }

  /** The classified IRSA documents of a file (empty for files that are none of ours). */
  documents(uri: string): IrsaDocument[] {
    return this.files.get(uri)?.docs ?? [];
  }

  /**
   * Adds or replaces a document. Returns the URIs whose findings may have changed (the document
   * itself and every file whose checks looked up something its changed documents answer, before or
   * after the change).
   *
   * Only the documents of the file whose text changed are followed: in a file of 1,000
   * CredentialsRequests, a one-line edit changes one CR's keys, not 1,000 (each reaching its own
   * set of files, which made every edit re-check the whole workspace, issue 10).
   */
  update(doc: SourceDocument): string[] {
    return this.put(doc, false);
  }

  /** Drops the cached document findings of every document of `f` (they are computed again). */
  private forgetDocFindings(f: FileState): void {
    for (const d of f.docs) this.docFindings.delete(d);
  }

  /** {@link update}; `force`: parse again even when the text is the same (a folder's scripts changed). */
  private put(doc: SourceDocument, force: boolean): string[] {
    if (this.oneShot && this.evaluated) throw new Error('a one-shot Workspace cannot be updated after its findings were computed');
    const old = this.files.get(doc.uri);
    // A file not read (SourceDocument.notRead) has empty text: the reason must match too.
    if (old && old.text === doc.text && old.parsed.notRead === doc.notRead && old.checkSyntax === (doc.checkSyntax === true) && !force) {
      old.version = doc.version ?? old.version;
      return [];
    }
    const affected = new Set<string>([doc.uri]);
    const language = languageOf(doc.uri) ?? doc.language ?? 'yaml';
    // The old documents' places and texts, taken before reparseYaml moves their offsets.
    const oldRanges = old ? old.docs.map((o): [number, number] => [o.doc.start, o.doc.end]) : [];
    const oldTexts = old ? old.docs.map((o) => old.text.slice(o.doc.start, o.doc.end)) : [];
    // (#11 pattern 2) A folder a script hands to ccoctl is read whole, like a `credrequests/` folder.
    const relevant = looksRelevant(doc.uri, doc.text, language) || (language !== 'shell' && language !== 'code' && this.scriptDirs.has(folderKey(dirOfUri(doc.uri))));
    const parsed: ParsedFile = doc.notRead !== undefined
      ? { uri: doc.uri, language, documents: [], skipped: { reason: doc.notRead }, notRead: doc.notRead }
      : relevant
      ? ((old && old.parsed.language === language && !force ? reparseYaml(old.parsed, old.text, doc.text) : undefined) ?? parseFile(doc.uri, doc.text, language, this.parseCode))
      : doc.checkSyntax
      ? withForeignSyntax({ uri: doc.uri, language, documents: [] }, doc.text)
      : { uri: doc.uri, language, documents: [] };
    const docs = classifyFile(parsed, doc.text);
    // The index's objects of the kept documents stay (see reusable); only the others are swapped.
    const leaving: IrsaDocument[] = [];
    const coming: IrsaDocument[] = [];
    const changed = this.evaluated && old ? changedDocuments(old.docs, oldTexts, docs, doc.text) : { before: old?.docs ?? [], after: docs, kept: [] };
    leaving.push(...changed.before);
    coming.push(...changed.after);
    const reused = new Map<IrsaDocument, IrsaDocument>();
    for (const pair of changed.kept) {
      const o = old!.docs[pair[0]]!;
      if (reusable(o, pair[1], oldRanges[pair[0]]![0])) {
        reused.set(pair[1], o);
        pair[1] = o;
      } else {
        leaving.push(o);
        coming.push(pair[1]);
      }
    }
    if (reused.size) docs.forEach((d, i) => (docs[i] = reused.get(d) ?? d));
    const change = this.beginChange(doc.uri, changed.before, changed.after);
    if (old) this.detach(old, affected, changed.before, leaving);
    const state: FileState = {
      uri: doc.uri,
      text: doc.text,
      version: doc.version ?? 0,
      textDocument: TextDocument.create(doc.uri, parsed.language, doc.version ?? 0, doc.text),
      parsed,
      relevant,
      checkSyntax: doc.checkSyntax === true,
      docs,
      suppressions: parseSuppressions(doc.text),
      loneCr: doc.text.includes('\r') && /\r(?!\n)/.test(doc.text),
      documentReaders: old?.documentReaders ?? 0,
    };
    this.files.set(doc.uri, state);
    this.noteFolderContent(doc.uri, old, state);
    const dir = dirOfUri(doc.uri);
    if (!this.filesByDir.has(dir)) {
      this.filesByDir.set(dir, new Set());
      this.dirsByKey.set(folderKey(dir), dir);
    }
    this.filesByDir.get(dir)!.add(doc.uri);
    for (const d of coming) this.view.add(d);
    const republish = new Set<string>();
    if (old) this.moveDependents(old, oldRanges, state, changed.kept, affected, republish);
    if (old) this.keepDocFindings(old, oldRanges, state, changed.kept);
    const rechecked = new Set<string>();
    if (change) this.endChange(change, changed.after, affected, rechecked);
    this.invalidate(affected, doc.uri);
    for (const u of rechecked) affected.add(u);
    for (const u of republish) affected.add(u);
    if (old?.parsed.script || parsed.script) this.scriptFoldersChanged(doc.uri, old?.parsed.script?.ccoctlDirs ?? [], parsed.script?.ccoctlDirs ?? [], affected);
    if (old?.parsed.script?.rolePolicies.length || parsed.script?.rolePolicies.length) {
      this.scriptPoliciesChanged(doc.uri, old?.parsed.script?.rolePolicies ?? [], parsed.script?.rolePolicies ?? [], affected);
    }
    return [...affected];
  }

  /**
   * (#11 pattern 2) Keeps {@link scriptDirs} for a script whose ccoctl folders went from `before` to
   * `after`. The files of every folder gained or lost are re-checked (workspace findings, and the
   * file-scope ones, which read isCcoctlInputDir), and parsed again when whether they are read at all
   * changes (a ConfigMap in a folder ccoctl reads must be seen; elsewhere it is none of ours).
   * Runs while a workspace is loaded too: a script read after the files of its folder must still make
   * them read.
   */
  private scriptFoldersChanged(uri: string, before: readonly CcoctlDirArg[], after: readonly CcoctlDirArg[], affected: Set<string>): void {
    const { was, is } = reindexScript(this.scriptDirs, uri, before, after, (a) => ccoctlDirCandidates(uri, a.dir, a.cwd));
    for (const k of new Set([...was.keys(), ...is.keys()])) {
      // A folder named before and after keeps its kind; the findings that quote the script's line
      // follow its text through positionDependents.
      if (was.has(k) && is.has(k)) continue;
      const dir = this.dirsByKey.get(k);
      for (const u of [...(dir ? this.filesByDir.get(dir) ?? [] : [])]) {
        const f = this.files.get(u);
        if (!f || u === uri) continue;
        const relevant = looksRelevant(u, f.text, f.parsed.language) || (f.parsed.language !== 'shell' && f.parsed.language !== 'code' && this.scriptDirs.has(k));
        if (relevant !== f.relevant) {
          for (const a of this.put({ uri: u, text: f.text, version: f.version, checkSyntax: f.checkSyntax, ...(f.parsed.notRead !== undefined ? { notRead: f.parsed.notRead } : {}) }, true)) affected.add(a);
          continue;
        }
        if (!this.evaluated) continue;
        f.fileFindings = undefined;
        f.workspaceFindings = undefined;
        f.workspaceChecks = undefined;
        this.forgetDocFindings(f);
        affected.add(u);
      }
    }
  }

  /**
   * (issue #13) Keeps {@link scriptPolicies} for a script whose `aws iam` role commands went from
   * `before` to `after`, and re-runs the checks that asked which role a file is the trust policy of
   * (recorded `rolescript:<file key>`) for every file whose roles from this script changed. A command
   * that only moved is no change here: the findings quoting its line are re-checked through
   * positionDependents (the script's URI), like any finding that quotes another file's line.
   */
  private scriptPoliciesChanged(uri: string, before: readonly AwsRolePolicyArg[], after: readonly AwsRolePolicyArg[], affected: Set<string>): void {
    const { was, is } = reindexScript(this.scriptPolicies, uri, before, after, (a) => scriptFileCandidates(uri, a.path, a.cwd));
    if (!this.evaluated) return;
    const roles = (args: readonly AwsRolePolicyArg[] | undefined): string => (args ?? []).map((a) => `${a.command} ${a.roleName}`).join('\n');
    const rechecked = new Set<string>();
    for (const k of new Set([...was.keys(), ...is.keys()])) {
      if (roles(was.get(k)) === roles(is.get(k))) continue;
      this.workspaceDeps.forEachReader(`rolescript:${k}`, ANY_KIND, (reader) => this.dropWorkspaceCheck(reader, rechecked));
    }
    for (const u of rechecked) affected.add(u);
  }

  /** See {@link RuleContext.roleNamesFromScripts}. */
  roleNamesFromScripts(policyUri: string): ScriptRoleRef[] {
    const m = this.scriptPolicies.get(folderKey(policyUri));
    if (!m) return [];
    const out: ScriptRoleRef[] = [];
    // Script URIs in code-unit order, then text order: the same first command after any edit sequence.
    for (const uri of [...m.keys()].sort()) {
      for (const a of m.get(uri)!) out.push({ roleName: a.roleName, command: a.command, scriptUri: uri, start: a.roleStart, end: a.roleEnd });
    }
    return out;
  }

  /**
   * Carries the cached file-scope findings of the documents an update kept as the same objects over to
   * the new state, moved with them: offsets by the document's shift, lines by its line shift (unless
   * a message names one of its lines).
   */
  private keepDocFindings(old: FileState, oldRanges: readonly [number, number][], now: FileState, kept: readonly [number, IrsaDocument][]): void {
    const atLineStart = (text: string, off: number): boolean => off === 0 || text.charCodeAt(off - 1) === 10;
    for (const [i, d] of kept) {
      const o = old.docs[i]!;
      const cached = o === d ? this.docFindings.get(o) : undefined;
      if (!cached) continue;
      // Not carried over (a `continue` below): checked again.
      this.docFindings.delete(d);
      const [start, end] = oldRanges[i]!;
      const delta = d.doc.start - start;
      const firstLine = old.textDocument.positionAt(start).line;
      // (An edit above may change the line count and not the length: both shifts are measured.)
      const lines = now.textDocument.positionAt(d.doc.start).line - firstLine;
      if (delta !== 0 || lines !== 0) {
        if (!atLineStart(old.text, start) || !atLineStart(now.text, d.doc.start)) continue;
        const lastLine = old.textDocument.positionAt(end).line;
        if (lines !== 0 && cached.ownLines) continue;
        // Only what lies inside the document moves with it (file-scope rules point at their own
        // document; anything else is checked again).
        const inside = cached.kept.every(
          (f) =>
            (f.related ?? []).every((rel) => rel.uri !== now.uri || (rel.range.start.line >= firstLine && rel.range.end.line <= lastLine)) &&
            (f.fixes ?? []).every((fx) => fx.edits.every((e) => e.uri !== now.uri || (e.start >= start && e.end <= end))),
        );
        if (!inside) continue;
        const moveRange = (r: Range): void => {
          r.start.line += lines;
          r.end.line += lines;
        };
        if (lines !== 0) for (const o of cached.omitted) moveRange(o.first);
        for (const f of cached.kept) {
          if (lines !== 0) {
            moveRange(f.range);
            for (const rel of f.related ?? []) if (rel.uri === now.uri) moveRange(rel.range);
          }
          for (const fx of f.fixes ?? []) {
            for (const e of fx.edits) {
              if (e.uri !== now.uri) continue;
              e.start += delta;
              e.end += delta;
            }
          }
        }
      }
      this.docFindings.set(d, cached);
    }
  }

  /**
   * Carries the position records of the documents an update kept (same text, possibly moved) over to
   * their new objects; see {@link positionDependents}. `kept` pairs an index into `old.docs` with the
   * new document; `oldRanges` are the old documents' offsets before the update.
   */
  private moveDependents(old: FileState, oldRanges: readonly [number, number][], now: FileState, kept: readonly [number, IrsaDocument][], affected: Set<string>, republish: Set<string>): void {
    const moved = new Set<FixEdit>();
    const atLineStart = (text: string, off: number): boolean => off === 0 || text.charCodeAt(off - 1) === 10;
    for (const [i, d] of kept) {
      const o = old.docs[i]!;
      const deps = this.positionDependents.get(o);
      if (!deps) continue;
      this.positionDependents.delete(o);
      const [start, end] = oldRanges[i]!;
      const delta = d.doc.start - start;
      // (An edit above may change the line count and not the length: both shifts are measured.)
      const sameLines = old.textDocument.positionAt(start).line === now.textDocument.positionAt(d.doc.start).line;
      if (delta !== 0 || !sameLines) {
        if (!sameLines || !atLineStart(old.text, start) || !atLineStart(now.text, d.doc.start)) {
          for (const u of deps) affected.add(u);
          continue;
        }
        // Same lines and columns: ranges and `file:line` texts hold; only fix offsets move.
        for (const u of deps) {
          // (The cached checks hold the same finding objects, and some the file's cap left out.)
          const dependent = this.files.get(u);
          const checks = dependent?.workspaceChecks;
          const cached = checks ? [checks.file?.kept ?? [], ...checks.docs.map((c) => c?.kept ?? [])] : [];
          for (const f of [dependent?.workspaceFindings ?? [], ...cached].flat()) {
            for (const fx of f.fixes ?? []) {
              for (const e of fx.edits) {
                if (e.uri !== old.uri || e.start < start || e.end > end || moved.has(e)) continue;
                e.start += delta;
                e.end += delta;
                moved.add(e);
              }
            }
          }
          republish.add(u);
        }
      }
      this.positionDependents.set(d, deps);
    }
  }

  /** Removes a document (closed-and-deleted file). Returns the URIs whose findings may have changed. */
  remove(uri: string): string[] {
    if (this.oneShot && this.evaluated) throw new Error('a one-shot Workspace cannot be updated after its findings were computed');
    const old = this.files.get(uri);
    if (!old) return [];
    const affected = new Set<string>();
    const change = this.beginChange(uri, old.docs, []);
    this.detach(old, affected, old.docs, old.docs);
    this.noteFolderContent(uri, old, undefined);
    this.files.delete(uri);
    this.filesByDir.get(dirOfUri(uri))?.delete(uri);
    const rechecked = new Set<string>();
    if (change) this.endChange(change, [], affected, rechecked);
    this.forgetWorkspaceReaders(old);
    this.fileDeps.delete(uri);
    // (its own records as a dependent of other files stay until those change: a few spare re-checks)
    this.invalidate(affected, uri);
    for (const u of rechecked) affected.add(u);
    if (old.parsed.script) this.scriptFoldersChanged(uri, old.parsed.script.ccoctlDirs, [], affected);
    if (old.parsed.script?.rolePolicies.length) this.scriptPoliciesChanged(uri, old.parsed.script.rolePolicies, [], affected);
    affected.delete(uri);
    return [...affected];
  }

  /**
   * Keeps {@link nonCrYamlFilesByDir} for a file going from `before` to `after` (undefined = absent).
   * When the folder turns into or stops being "CredentialsRequests only", the derived key
   * `ccoctldir:<folder>` changes (see {@link endChange}) and the checks that asked re-run.
   */
  private noteFolderContent(uri: string, before: FileState | undefined, after: FileState | undefined): void {
    const was = before ? holdsNonCrYaml(before) : false;
    const is = after ? holdsNonCrYaml(after) : false;
    if (was === is) return;
    const dir = dirOfUri(uri);
    const n = (this.nonCrYamlFilesByDir.get(dir) ?? 0) + (is ? 1 : -1);
    if (n > 0) this.nonCrYamlFilesByDir.set(dir, n);
    else this.nonCrYamlFilesByDir.delete(dir);
  }

  /** See {@link RuleContext.ccoctlCommandsNaming}. */
  ccoctlCommandsNaming(dir: string): CcoctlCommandRef[] {
    const m = this.scriptDirs.get(folderKey(dir));
    if (!m) return [];
    const out: CcoctlCommandRef[] = [];
    // Script URIs in code-unit order, then text order: the same first command after any edit sequence.
    for (const uri of [...m.keys()].sort()) for (const a of m.get(uri)!) out.push({ uri, dir: a.dir, start: a.start, end: a.end });
    return out;
  }

  /** See {@link RuleContext.isCcoctlInputDir}. */
  isCcoctlInputDir(dir: string): boolean {
    const trimmed = dir.replace(/\/$/, '');
    if (isCcoctlInputDirName(decodeURIComponent(trimmed.slice(trimmed.lastIndexOf('/') + 1)))) return true;
    if (this.scriptDirs.has(folderKey(dir))) return true;
    return !this.nonCrYamlFilesByDir.has(dir) && this.view.firstCredentialsRequestUriInDir(dir) !== undefined;
  }

  /**
   * Takes a file's documents out of the index (`leaving`); the files whose findings point at positions
   * in this file, or in one of its `changed` documents (those whose text changed or that go away), are
   * re-checked.
   */
  private detach(state: FileState, affected: Set<string>, changed: readonly IrsaDocument[], leaving: readonly IrsaDocument[]): void {
    for (const key of [state.uri, ...changed]) {
      const dependents = this.positionDependents.get(key);
      if (!dependents) continue;
      for (const u of dependents) affected.add(u);
      this.positionDependents.delete(key);
    }
    for (const d of leaving) this.view.remove(d);
  }

  /**
   * The start of an update or removal of `uri`, before the index changes: the keys the documents
   * that change or go (`before`, still in the index) provide, and the current value of every derived
   * key that `before` and `after` (the documents that change or come) take part in and that some
   * check read. Undefined until findings were first computed (nothing is cached to invalidate).
   */
  private beginChange(uri: string, before: readonly IrsaDocument[], after: readonly IrsaDocument[]): Change | undefined {
    if (!this.evaluated) return undefined;
    const keys: Recording = new Map();
    for (const d of before) for (const k of this.view.providedKeys(d)) record(keys, k, kindBit(d.kind));
    const derived = new Map<string, unknown>();
    const note = (k: string): void => {
      // A value nobody read needs no comparing (computing "the first CR file" lists a folder).
      if (!derived.has(k) && (this.workspaceDeps.isRead(k) || this.fileDeps.isRead(k))) derived.set(k, this.derivedValue(k));
    };
    for (const d of before) for (const k of this.view.derivedKeysOf(d)) note(k);
    for (const d of after) for (const k of this.view.derivedKeysOf(d)) note(k);
    note(`ccoctldir:${dirOfUri(uri)}`);
    return { keys, derived };
  }

  /**
   * The end of an update or removal: adds the keys the new documents provide and the derived keys
   * whose value changed, then drops the cached checks that recorded one of them and adds their files
   * to `rechecked` (the rest of those files' checks stay cached). A file whose file-scope checks
   * recorded one loses its file-scope caches and is added to `affected` (checked again whole).
   */
  private endChange(change: Change, after: readonly IrsaDocument[], affected: Set<string>, rechecked: Set<string>): void {
    for (const d of after) for (const k of this.view.providedKeys(d)) record(change.keys, k, kindBit(d.kind));
    for (const [k, was] of change.derived) if (this.derivedValue(k) !== was) record(change.keys, k, ANY_KIND);
    const fileScoped = new Set<string>();
    for (const [k, bits] of change.keys) {
      this.workspaceDeps.forEachReader(k, bits, (reader) => this.dropWorkspaceCheck(reader, rechecked));
      this.fileDeps.forEachReader(k, bits, (u) => fileScoped.add(u));
    }
    for (const u of fileScoped) {
      const f = this.files.get(u);
      if (f) {
        f.fileFindings = undefined;
        this.forgetDocFindings(f);
      }
      this.fileDeps.delete(u);
      affected.add(u);
    }
  }

  /**
   * Drops the cached workspace check of one reader (a file's file rules: its URI; a document's:
   * {@link documentReader}) and adds its file to `rechecked`; the file's other checks stay cached.
   */
  private dropWorkspaceCheck(reader: string, rechecked: Set<string>): void {
    const cut = reader.indexOf('\u0000');
    const uri = cut < 0 ? reader : reader.slice(0, cut);
    const f = this.files.get(uri);
    if (!f) return;
    f.workspaceFindings = undefined;
    if (cut < 0) {
      if (f.workspaceChecks) f.workspaceChecks.file = undefined;
    } else if (f.workspaceChecks) f.workspaceChecks.docs[Number(reader.slice(cut + 1))] = undefined;
    rechecked.add(uri);
  }

  /** The value of a derived dependency key (WorkspaceView.derivedValue, or this folder's kind). */
  private derivedValue(key: string): unknown {
    if (key.startsWith('ccoctldir:')) {
      const recorder = this.view.recorder;
      this.view.recorder = undefined;
      try {
        return this.isCcoctlInputDir(key.slice('ccoctldir:'.length));
      } finally {
        this.view.recorder = recorder;
      }
    }
    return this.view.derivedValue(key);
  }

  private invalidate(uris: Set<string>, changed: string): void {
    for (const u of uris) {
      const f = this.files.get(u);
      if (!f) continue;
      f.workspaceFindings = undefined;
      f.workspaceChecks = undefined;
      if (u === changed) f.fileFindings = undefined;
    }
  }

  /** Forgets what the workspace-scope checks of `f` recorded (its file rules and every document). */
  private forgetWorkspaceReaders(f: FileState): void {
    this.workspaceDeps.delete(f.uri);
    for (let i = 0; i < f.documentReaders; i++) this.workspaceDeps.delete(documentReader(f.uri, i));
    f.documentReaders = 0;
  }

  /**
   * Findings of one file, sorted by position, after suppressions and severity overrides; at most
   * {@link MAX_FINDINGS_PER_RULE} of one rule, then one saying how many more (engine/collect.ts).
   */
  findings(uri: string): Finding[] {
    const f = this.files.get(uri);
    if (!f) return [];
    this.evaluated = true;
    if (!f.fileFindings) f.fileFindings = this.evaluateFile(f);
    if (!f.workspaceFindings) f.workspaceFindings = this.evaluateWorkspace(f);
    return [...f.fileFindings, ...f.workspaceFindings].sort(compareFindings);
  }

  /** Findings of every file that has any. */
  allFindings(): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    for (const uri of this.files.keys()) {
      const fs = this.findings(uri);
      if (fs.length) out.set(uri, fs);
    }
    return out;
  }

  private severityFor(rule: Rule, requested?: Severity): Severity | undefined {
    const o = this.settings.rules?.[rule.id];
    if (o === 'off') return undefined;
    return o ?? requested ?? rule.defaultSeverity;
  }

  /**
   * The workspace-scope findings of `f`: the file rules, then every document's checks, each from
   * {@link FileState.workspaceChecks} when cached there, else run with its own collector and its
   * lookups recorded under its own reader (a rule that fails on one document fails there only).
   */
  private evaluateWorkspace(f: FileState): Finding[] {
    if (!f.workspaceChecks) {
      this.forgetWorkspaceReaders(f);
      f.workspaceChecks = { docs: [] };
    }
    const checks = f.workspaceChecks;
    const out = new FindingCollector();
    const ctx = this.context(f, out, true);
    const run = (reader: string, body: () => void): CollectedFindings => {
      if (this.oneShot) {
        body(); // straight into `out`: nothing to cache or record for a workspace that never changes
        return NO_FINDINGS;
      }
      const own = new FindingCollector();
      ctx.sink = own;
      const read: Recording = new Map();
      this.view.recorder = read;
      try {
        body();
      } finally {
        this.view.recorder = undefined;
        ctx.sink = out;
      }
      this.workspaceDeps.set(reader, read);
      return own.snapshotOrEmpty();
    };
    if (!checks.file) {
      checks.file = run(f.uri, () => {
        for (const rule of this.table.fileRules.workspace) {
          ctx.current = rule;
          ctx.pending.clear();
          try {
            rule.checkFile(f.parsed, ctx, f.text);
          } catch (err) {
            // A rule bug must not take the whole file down; report it where it happened.
            ctx.sink.offer(this.internalError(f, rule.id, err));
          }
        }
      });
    }
    out.absorb(checks.file);
    for (const d of f.docs) {
      let cached = checks.docs[d.index];
      if (!cached) {
        cached = run(documentReader(f.uri, d.index), () => {
          for (const rule of this.table.documentRules.workspace.get(d.kind) ?? NO_RULES) {
            ctx.current = rule;
            ctx.pending.clear();
            try {
              rule.check(d, ctx);
            } catch (err) {
              ctx.sink.offer(this.internalError(f, rule.id, err));
            }
          }
        });
        checks.docs[d.index] = cached;
        if (d.index >= f.documentReaders) f.documentReaders = d.index + 1;
      }
      out.absorb(cached);
    }
    return applySuppressions(out.findings(f.uri), f.suppressions);
  }

  /** The file-scope findings of `f`: the file rules, then each document's (cached per document). */
  private evaluateFile(f: FileState): Finding[] {
    // The cap and dedupe run on the file's whole list (cached per-document findings absorbed), so the
    // kept findings are the same whichever documents came from cache.
    const out = new FindingCollector();
    const ctx = this.context(f, out, false);
    // A file-scope rule should read nothing of other files but the folder's kind (isCcoctlInputDir);
    // whatever it reads is recorded all the same (see fileDeps).
    const read: Recording = new Map();
    if (!this.oneShot) this.view.recorder = read;
    try {
      for (const rule of this.table.fileRules.file) {
        ctx.current = rule;
        ctx.pending.clear();
        try {
          rule.checkFile(f.parsed, ctx, f.text);
        } catch (err) {
          // A rule bug must not take the whole file down; report it where it happened.
          out.offer(this.internalError(f, rule.id, err));
        }
      }
      for (const d of f.docs) this.documentFindings(f, d, ctx, out);
    } finally {
      this.view.recorder = undefined;
    }
    if (read.size) this.fileDeps.add(f.uri, read);
    return applySuppressions(out.findings(f.uri), f.suppressions);
  }

  /** The file-scope document rules and the schema on one document, from cache when it has them. */
  private documentFindings(f: FileState, d: IrsaDocument, ctx: EvalContext, out: FindingCollector): void {
    const cached = this.docFindings.get(d);
    if (cached) {
      out.absorb(cached);
      return;
    }
    // The document's own collector: bounded like the file's, so a flood costs no copies to cache.
    const own = new FindingCollector();
    ctx.sink = own;
    ctx.ownLines = false;
    // Per-file rules need a tree that means what the author wrote; cross-file rules only read links.
    if (d.doc.sound) {
      for (const rule of this.table.documentRules.file.get(d.kind) ?? NO_RULES) {
        ctx.current = rule;
        try {
          rule.check(d, ctx);
        } catch (err) {
          // A rule bug must not take the whole file down; report it where it happened.
          own.offer(this.internalError(f, rule.id, err));
        }
      }
    }
    this.schemaFindings(f, [d], ctx);
    ctx.sink = out;
    const collected = own.snapshot();
    this.docFindings.set(d, { ...collected, ownLines: ctx.ownLines });
    out.absorb(collected);
  }

  private schemaFindings(f: FileState, docs: readonly IrsaDocument[], ctx: EvalContext): void {
    for (const d of docs) {
      if (!d.doc.sound) continue;
      try {
        for (const s of validateDocument(d, ctx.text(f.uri))) {
          const rule = RULES_BY_ID.get(s.ruleId) ?? RULES_BY_ID.get(FALLBACK_SCHEMA_RULE)!;
          ctx.current = rule;
          let report: Report = { at: { doc: d, node: s.node, part: s.part }, message: s.message };
          if (!isFileRule(rule) && rule.refineSchemaFinding) {
            let refined: Partial<Report> | null | undefined;
            try {
              refined = rule.refineSchemaFinding(s, d, ctx);
            } catch {
              refined = undefined; // a refinement bug must not lose the finding itself
            }
            if (refined === null) continue;
            if (refined) report = { ...report, ...refined };
          }
          ctx.report(report);
        }
      } catch (err) {
        if (err instanceof ExpansionLimitError) {
          ctx.current = RULES_BY_ID.get('parse-limit')!;
          ctx.report({
            at: { uri: f.uri, start: d.doc.start, end: Math.min(d.doc.end, d.doc.start + 1) },
            message: `This YAML document ${err.message} once its aliases are expanded (an alias bomb?); it was not validated.`,
          });
        } else {
          throw err;
        }
      }
    }
  }

  private internalError(f: FileState, ruleId: string, err: unknown): Finding {
    return {
      uri: f.uri,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      ruleId,
      severity: 'error',
      message: `Internal error in rule ${ruleId}: ${err instanceof Error ? err.message : String(err)}. Please report it.`,
    };
  }

  /**
   * The context rules see while `f` is evaluated. With `recordPositions` (workspace scope: the only
   * findings that look at other files), every other file whose text, positions or offsets a reported
   * finding may carry is recorded in {@link positionDependents}: files read (`text`, `line`) since the
   * rule started or since its last report are recorded when it reports, so a rule that looks up a
   * `file:line` and then finds nothing wrong records nothing.
   */
  private context(f: FileState, out: FindingCollector, recordPositions: boolean): EvalContext {
    const self = this;
    const pending = new Set<IrsaDocument | string>();
    /** Records a position `start`…`end` in another file: its document's key, else the file's. */
    const refer = (uri: string, start: number, end = start): void => {
      if (!recordPositions || uri === f.uri) return;
      pending.add(self.documentAt(uri, start, end) ?? uri);
    };
    const commit = (): void => {
      for (const key of pending) {
        let s = self.positionDependents.get(key);
        if (!s) self.positionDependents.set(key, (s = new Set()));
        s.add(f.uri);
      }
      pending.clear();
    };
    const ctx: EvalContext = {
      pending,
      ownLines: false,
      sink: out,
      settings: this.settings,
      ws: this.view,
      // Reading another file's text is no position of it: what a rule quotes from a document changes
      // only with that document's text, which the links cover.
      text: (uri: string) => self.files.get(uri)?.text ?? '',
      isCcoctlInputDir: (dir: string) => {
        // A derived value: re-checked when the folder's kind changes, not with every file of it.
        // (A script that starts or stops naming the folder re-checks the folder's files itself:
        // scriptFoldersChanged.)
        if (self.view.recorder) record(self.view.recorder, `ccoctldir:${dir}`, ANY_KIND);
        return self.isCcoctlInputDir(dir);
      },
      ccoctlCommandsNaming: (dir: string) => {
        if (self.view.recorder) record(self.view.recorder, `ccoctldir:${dir}`, ANY_KIND);
        return self.ccoctlCommandsNaming(dir);
      },
      roleNamesFromScripts: (policyUri: string) => {
        // Re-run when a script starts or stops giving this file a role (scriptPoliciesChanged).
        if (self.view.recorder) record(self.view.recorder, `rolescript:${folderKey(policyUri)}`, ANY_KIND);
        return self.roleNamesFromScripts(policyUri);
      },
      line: (uri: string, offset: number) => {
        if (uri === f.uri) ctx.ownLines = true;
        refer(uri, offset);
        const td = self.files.get(uri)?.textDocument;
        return td ? td.positionAt(offset).line + 1 : 1;
      },
      report(r: Report): void {
        const rule = ctx.current!;
        const severity = self.severityFor(rule, r.severity);
        if (!severity) return;
        // A finding on a masked template action is about template syntax, not the file (#11 pattern 4).
        if (f.parsed.template && onMaskedAction(f.parsed.template.masked, r.at)) return;
        const loc = self.locate(r.at);
        if (!loc) return;
        if (loc.uri !== f.uri) return; // a rule may only diagnose the file being evaluated
        // Suppressed before the cap, so that silenced findings do not count towards it.
        if (isSuppressed(f.suppressions, loc.range.start.line, rule.id)) return;
        const finding: Finding = { uri: loc.uri, range: loc.range, ruleId: rule.id, severity, message: r.message };
        // Related locations and fixes are copied only for findings the collector keeps.
        ctx.sink.offer(finding, () => {
          if (r.related?.length) {
            finding.related = r.related.flatMap((rel) => {
              const l = self.locate(rel.at);
              if (l) refer(l.uri, 'node' in rel.at ? rel.at.node.start : rel.at.start, 'node' in rel.at ? rel.at.node.end : rel.at.end);
              return l ? [{ uri: l.uri, range: l.range, message: rel.message }] : [];
            });
          }
          // Only the syntax rules, whose repairs are computed from the text itself, may edit a document
          // whose tree is not sound: elsewhere the parser's recovery decides what a node spans (over-indented
          // lines after `namespace: x` became part of its value, and replacing the value deleted them).
          const fixes = r.fixes
            ?.filter((fx) =>
              fx.edits.every((e) => !self.files.get(e.uri)?.loneCr) && (SYNTAX_RULES.has(rule.id) || fx.fromText || fx.edits.every((e) => self.editsSoundText(e))),
            )
            // Edits inside a policy held as a JSON string were computed as policy text (the syntax
            // rules' repairs are encoded by the parser already): re-encoded, or dropped when unsafe.
            .flatMap((fx) => {
              if (SYNTAX_RULES.has(rule.id)) return [fx];
              const edits = self.encodeEmbedded(fx.edits);
              return edits ? [edits === fx.edits ? fx : { ...fx, edits }] : [];
            });
          if (fixes?.length) {
            finding.fixes = fixes.map((fx) => ({
              title: fx.title,
              preferred: fx.preferred,
              edits: fx.edits.map((e): FixEdit => {
                refer(e.uri, e.start, e.end);
                return { uri: e.uri, start: e.start, end: e.end, newText: e.newText };
              }),
              ...(fx.creates?.length ? { creates: fx.creates.map((c) => ({ ...c })) } : {}),
            }));
          }
        });
        commit();
      },
    };
    return ctx;
  }

  /**
   * The edits of one fix with those inside a policy held as a JSON string (parse/embedded.ts)
   * re-encoded as string content; `edits` itself when no edited file holds one; undefined when an
   * edit cannot be made safe there (the fix is then not offered).
   */
  private encodeEmbedded<E extends { uri: string; start: number; end: number; newText: string }>(edits: E[]): E[] | undefined {
    const uris = new Set(edits.map((e) => e.uri));
    let out = edits;
    for (const uri of uris) {
      const f = this.files.get(uri);
      if (!f || !f.parsed.documents.some((d) => d.embedded)) continue;
      const mine = out.filter((e) => e.uri === uri);
      const encoded = encodeEmbeddedEdits(f.text, f.parsed.documents, mine);
      if (!encoded) return undefined;
      out = out.map((e) => (e.uri === uri ? encoded[mine.indexOf(e)]! : e));
    }
    return out;
  }

  /**
   * Whether an edit (offsets into the current text of `e.uri`) lies outside every YAML/JSON document
   * of that file whose tree is not sound. False for a file the workspace does not hold.
   */
  private editsSoundText(e: { uri: string; start: number; end: number }): boolean {
    const f = this.files.get(e.uri);
    if (!f || f.loneCr) return false;
    return f.parsed.documents.every((d) => d.sound || e.end < d.start || e.start > d.end);
  }

  /** The IRSA document of `uri` that holds the offsets `start`…`end`, if one does. O(log documents). */
  private documentAt(uri: string, start: number, end: number): IrsaDocument | undefined {
    const docs = this.files.get(uri)?.docs ?? [];
    // The last document that starts at or before `start`. At a boundary (one document's end is the
    // next one's start) the one before wins: an insertion there appends to it (a list item added at
    // its end) and moves with it.
    let lo = 0;
    let hi = docs.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid]!.doc.start <= start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (const i of [at - 1, at]) {
      const d = docs[i];
      if (d && start >= d.doc.start && end <= d.doc.end) return d;
    }
    return undefined;
  }

  /** Turns a target into a URI and range through the owning file's offsets. */
  locate(t: Target): { uri: string; range: Range } | undefined {
    let uri: string;
    let start: number;
    let end: number;
    if ('node' in t) {
      uri = t.doc.uri;
      const n = t.node;
      if (t.part === 'key' && n.pair) {
        start = n.pair.key.start;
        end = n.pair.key.end;
      } else if (t.part === 'key') {
        // No key (document root or list item): point at the first line of the node.
        const text = this.files.get(uri)?.text ?? '';
        const nl = text.indexOf('\n', n.start);
        start = n.start;
        end = nl < 0 ? n.end : Math.min(n.end, nl);
      } else if (t.part === 'pair' && n.pair) {
        start = n.pair.key.start;
        end = n.end;
      } else if (n.kind === 'scalar' && n.start === n.end && n.pair) {
        // An empty value (`key:`) has no text of its own: point at its key.
        start = n.pair.key.start;
        end = n.pair.key.end;
      } else {
        start = n.start;
        end = n.end;
      }
    } else {
      ({ uri, start, end } = t);
    }
    const td = this.files.get(uri)?.textDocument;
    if (!td) return undefined;
    return { uri, range: { start: td.positionAt(start), end: td.positionAt(Math.max(start, end)) } };
  }
}

/** Rules whose fixes repair the syntax itself (computed from the text, not from the recovered tree). */
/**
 * True when a report is about a masked template action (parse/template.ts; `masked` sorted by start):
 * its scalar (a value, or the key for `part: 'key'`) overlaps a masked range, so what it says is about
 * a value nobody knows before rendering; or a text range starts inside one. A report on a collection
 * (a pod spec, a document) is about its literal content and stays.
 */
function onMaskedAction(masked: readonly { start: number; end: number }[], at: Target): boolean {
  let start: number;
  let end: number;
  if ('node' in at) {
    const n = at.part === 'key' && at.node.pair ? at.node.pair.key : at.node;
    if (n.kind !== 'scalar') return false;
    ({ start, end } = n);
  } else {
    start = at.start;
    end = start + 1;
  }
  let lo = 0;
  let hi = masked.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (masked[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const m = masked[lo];
  return m !== undefined && m.start < Math.max(end, start + 1);
}

const SYNTAX_RULES: ReadonlySet<string> = new Set(['yaml-syntax', 'json-syntax']);

/**
 * The documents of a file that an update changes: `before` (old documents that change or go) and
 * `after` (new documents that change or come). A document is unchanged when it keeps its index, its
 * kind and its text; its model is a function of those (positions aside, which
 * {@link Workspace.positionDependents} covers), so nothing linked to it can change.
 */
function changedDocuments(
  oldDocs: readonly IrsaDocument[],
  oldTexts: readonly string[],
  docs: readonly IrsaDocument[],
  text: string,
): { before: IrsaDocument[]; after: IrsaDocument[]; kept: [number, IrsaDocument][] } {
  const byIndex = new Map<number, number>();
  oldDocs.forEach((d, i) => byIndex.set(d.index, i));
  const keptOld = new Set<IrsaDocument>();
  const kept: [number, IrsaDocument][] = [];
  const after: IrsaDocument[] = [];
  for (const d of docs) {
    const i = byIndex.get(d.index);
    const o = i === undefined ? undefined : oldDocs[i];
    const same = o !== undefined && o.kind === d.kind && oldTexts[i!]!.length === d.doc.end - d.doc.start && oldTexts[i!] === text.slice(d.doc.start, d.doc.end);
    if (same) {
      keptOld.add(o);
      kept.push([i!, d]);
    } else after.push(d);
  }
  return { before: oldDocs.filter((o) => !keptOld.has(o)), after, kept };
}

/**
 * A kept document's model object can stay in place of the new one when it was built from the same
 * parsed document (reparseYaml kept it; its nodes were moved with it) and holds no offsets of its own:
 * only a ccoctl Secret's profile entries do, so a moved Secret is taken anew. This spares the index a
 * remove and an add per document of a large file on every edit.
 */
function reusable(old: IrsaDocument, now: IrsaDocument, oldStart: number): boolean {
  return old.doc === now.doc && (old.kind !== 'ccoctlSecret' || now.doc.start === oldStart);
}

/**
 * Findings by position, then rule id, then message, in UTF-16 code unit order: the same on every
 * machine (localeCompare follows the process's locale) and without loading ICU's collator (~5 ms on
 * the first call of a CLI run).
 */
function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || codeUnitOrder(a.ruleId, b.ruleId) || codeUnitOrder(a.message, b.message);
}

/** One-shot lint of a set of documents: the function the CLI and tests share with the server. */
export function lintDocuments(documents: SourceDocument[], settings: IrsaSettings = {}, options: { parseCode?: CodeParser } = {}): Finding[] {
  const ws = new Workspace(settings, undefined, { oneShot: true, parseCode: options.parseCode });
  for (const d of documents) ws.update(d);
  const out: Finding[] = [];
  for (const d of documents) out.push(...ws.findings(d.uri));
  return out;
}

/** A file that is none of ours keeps no documents, only its first syntax problem when it has one. */
function withForeignSyntax(parsed: ParsedFile, text: string): ParsedFile {
  const issue = foreignSyntaxIssue(parsed.uri, text, parsed.language);
  return issue ? { ...parsed, foreignSyntax: issue } : parsed;
}

/**
 * A workspace's rules by scope: the file rules (run on every file), and the document rules that have a
 * `check`, by the kind they apply to. Each list keeps the rules' order (findings are collected in it).
 */
interface RuleTable {
  fileRules: Record<Rule['scope'], FileRule[]>;
  documentRules: Record<Rule['scope'], Map<IrsaKind, CheckingRule[]>>;
}

/** A document rule with a `check` (a schema-only rule has none). */
type CheckingRule = DocumentRule & Required<Pick<DocumentRule, 'check'>>;

const NO_RULES: readonly CheckingRule[] = [];

function isChecking(rule: DocumentRule): rule is CheckingRule {
  return rule.check !== undefined;
}

function ruleTable(rules: readonly Rule[]): RuleTable {
  const t: RuleTable = { fileRules: { file: [], workspace: [] }, documentRules: { file: new Map(), workspace: new Map() } };
  for (const rule of rules) {
    if (isFileRule(rule)) {
      t.fileRules[rule.scope].push(rule);
      continue;
    }
    if (!isChecking(rule)) continue;
    const byKind = t.documentRules[rule.scope];
    for (const kind of rule.appliesTo) {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      if (!list.includes(rule)) list.push(rule);
    }
  }
  return t;
}
