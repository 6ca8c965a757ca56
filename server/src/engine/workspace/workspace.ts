/**
 * The stateful engine: holds every document of a workspace, keeps the link index up to date and
 * computes findings incrementally. Updating one document re-checks that document and, for the
 * cross-file rules only, the documents linked to it before or after the edit (see
 * {@link WorkspaceView.linked}); everything else is served from cache.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyFile } from '../classify';
import { FindingCollector, MAX_FINDINGS_PER_RULE } from '../collect';
import type { IrsaDocument } from '../model/types';
import { languageOf, looksRelevant, parseFile } from '../parse';
import type { ParsedFile } from '../parse/types';
import { ALL_RULES, RULES_BY_ID } from '../rules';
import { isFileRule, Report, Rule, RuleContext, Target } from '../rules/types';
import { ExpansionLimitError, FALLBACK_SCHEMA_RULE, validateDocument } from '../schema/validate';
import { applySuppressions, isSuppressed, parseSuppressions, Suppressions } from '../suppress';
import type { Finding, FixEdit, IrsaSettings, Range, Severity, SourceDocument } from '../types';
import { dirOfUri, WorkspaceView } from './view';
import { isCcoctlInputDirName } from '../domain';
import { str } from '../parse/tree';

/**
 * True for a `.yaml`/`.yml` file (what ccoctl reads) holding anything but CredentialsRequests: a
 * document of another kind, or text the engine did not parse (not IRSA-looking, so not a CR).
 */
function holdsNonCrYaml(f: FileState): boolean {
  if (!/\.ya?ml$/i.test(f.uri.replace(/[?#].*$/, ''))) return false;
  if (f.parsed.documents.length === 0) return f.text.split('\n').some((l) => /^\s*[^\s#-]/.test(l));
  return f.parsed.documents.some((d) => d.root?.kind === 'map' && str(d.root.pairs.find((p) => p.key.value === 'kind')?.value) !== 'CredentialsRequest');
}

interface FileState {
  uri: string;
  text: string;
  version: number;
  textDocument: TextDocument;
  parsed: ParsedFile;
  docs: IrsaDocument[];
  suppressions: Suppressions;
  /** Findings of file-scope rules (depend on this file only). */
  fileFindings?: Finding[];
  /** Findings of workspace-scope rules (depend on linked files too). */
  workspaceFindings?: Finding[];
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
   * Set once any findings were computed. Until then nothing is cached, so loading a workspace skips
   * the work of finding which files an update affects (the CLI and the start-up scan load everything
   * first).
   */
  private evaluated = false;
  readonly view: WorkspaceView;
  private settings: IrsaSettings;

  constructor(settings: IrsaSettings = {}, private readonly rules: readonly Rule[] = ALL_RULES) {
    this.settings = settings;
    this.view = new WorkspaceView(settings);
  }

  getSettings(): IrsaSettings {
    return this.settings;
  }

  /** Replaces the settings; every file's findings are invalidated. Returns all URIs. */
  setSettings(settings: IrsaSettings): string[] {
    this.settings = settings;
    this.view.setSettings(settings);
    for (const f of this.files.values()) {
      f.fileFindings = undefined;
      f.workspaceFindings = undefined;
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
   * itself and every file linked to it before or after the change).
   */
  update(doc: SourceDocument): string[] {
    const old = this.files.get(doc.uri);
    if (old && old.text === doc.text) {
      old.version = doc.version ?? old.version;
      return [];
    }
    const affected = new Set<string>([doc.uri]);
    const language = languageOf(doc.uri) ?? doc.language ?? 'yaml';
    const parsed: ParsedFile = looksRelevant(doc.uri, doc.text, language)
      ? parseFile(doc.uri, doc.text, language)
      : { uri: doc.uri, language, documents: [] };
    const docs = classifyFile(parsed, doc.text);
    // How much this update can change the number of CRs of a namespace (see WorkspaceView.linked).
    const oldCrs = old ? countCrs(old.docs) : 0;
    const newCrs = countCrs(docs);
    const crsInFile = Math.max(oldCrs, newCrs, 1);
    if (old) this.detach(old, affected, crsInFile);
    const state: FileState = {
      uri: doc.uri,
      text: doc.text,
      version: doc.version ?? 0,
      textDocument: TextDocument.create(doc.uri, parsed.language, doc.version ?? 0, doc.text),
      parsed,
      docs,
      suppressions: parseSuppressions(doc.text),
    };
    this.files.set(doc.uri, state);
    this.noteFolderContent(doc.uri, old, state, affected);
    const dir = dirOfUri(doc.uri);
    if (!this.filesByDir.has(dir)) this.filesByDir.set(dir, new Set());
    this.filesByDir.get(dir)!.add(doc.uri);
    for (const d of docs) this.view.add(d);
    if (this.evaluated) for (const d of docs) for (const o of this.view.linked(d, crsInFile)) affected.add(o.uri);
    // Neighbours' folder findings change when the folder gains or loses CredentialsRequests, or when
    // the CR they name as the folder's example (the first by URI) is edited.
    // (Only once findings exist: while a workspace is being loaded, listing the folder's CRs for every
    // CR loaded cost O(CRs per folder²) for nothing, since addSameDirectory does nothing yet.)
    if (this.evaluated && ((oldCrs > 0) !== (newCrs > 0) || (newCrs > 0 && this.isFirstCrFile(doc.uri)))) this.addSameDirectory(doc.uri, affected);
    this.invalidate(affected, doc.uri);
    return [...affected];
  }

  /** Removes a document (closed-and-deleted file). Returns the URIs whose findings may have changed. */
  remove(uri: string): string[] {
    const old = this.files.get(uri);
    if (!old) return [];
    const affected = new Set<string>();
    const oldCrs = countCrs(old.docs);
    this.detach(old, affected, Math.max(1, oldCrs));
    if (oldCrs > 0) this.addSameDirectory(uri, affected);
    this.noteFolderContent(uri, old, undefined, affected);
    this.files.delete(uri);
    this.filesByDir.get(dirOfUri(uri))?.delete(uri);
    this.invalidate(affected, uri);
    affected.delete(uri);
    return [...affected];
  }

  /**
   * Files in the same directory as `uri`: ccoctl reads a whole `--credentials-requests-dir`, so adding
   * or removing a CredentialsRequest changes what `credrequests-dir-content` says about its neighbours.
   */
  private isFirstCrFile(uri: string): boolean {
    const first = this.view.firstCredentialsRequestUriInDir(dirOfUri(uri));
    return first === undefined || first >= uri;
  }

  /**
   * Keeps {@link nonCrYamlFilesByDir} for a file going from `before` to `after` (undefined = absent).
   * When the folder turns into or stops being "CredentialsRequests only", what the CR rules say about
   * its requests changes (isCcoctlInputDir), so their files are re-checked, file-scope findings too.
   */
  private noteFolderContent(uri: string, before: FileState | undefined, after: FileState | undefined, affected: Set<string>): void {
    const was = before ? holdsNonCrYaml(before) : false;
    const is = after ? holdsNonCrYaml(after) : false;
    if (was === is) return;
    const dir = dirOfUri(uri);
    const n = (this.nonCrYamlFilesByDir.get(dir) ?? 0) + (is ? 1 : -1);
    if (n > 0) this.nonCrYamlFilesByDir.set(dir, n);
    else this.nonCrYamlFilesByDir.delete(dir);
    if (!this.evaluated || (n > 1 && is) || (n > 0 && !is)) return; // the folder was and stays mixed
    for (const u of this.filesByDir.get(dir) ?? []) {
      const f = this.files.get(u);
      if (!f || u === uri || !f.docs.some((d) => d.kind === 'credentialsRequest')) continue;
      f.fileFindings = undefined;
      affected.add(u);
    }
  }

  /** See {@link RuleContext.isCcoctlInputDir}. */
  isCcoctlInputDir(dir: string): boolean {
    const trimmed = dir.replace(/\/$/, '');
    if (isCcoctlInputDirName(decodeURIComponent(trimmed.slice(trimmed.lastIndexOf('/') + 1)))) return true;
    return !this.nonCrYamlFilesByDir.has(dir) && this.view.firstCredentialsRequestUriInDir(dir) !== undefined;
  }

  private addSameDirectory(uri: string, affected: Set<string>): void {
    if (!this.evaluated) return;
    for (const u of this.filesByDir.get(dirOfUri(uri)) ?? []) {
      // Only neighbours that hold something other than CredentialsRequests can be reported.
      const f = this.files.get(u);
      if (f && (f.docs.length === 0 || f.docs.some((d) => d.kind !== 'credentialsRequest'))) affected.add(u);
    }
  }

  private detach(state: FileState, affected: Set<string>, crsInFile: number): void {
    if (this.evaluated) for (const d of state.docs) for (const o of this.view.linked(d, crsInFile)) affected.add(o.uri);
    for (const d of state.docs) this.view.remove(d);
  }

  private invalidate(uris: Set<string>, changed: string): void {
    for (const u of uris) {
      const f = this.files.get(u);
      if (!f) continue;
      f.workspaceFindings = undefined;
      if (u === changed) f.fileFindings = undefined;
    }
  }

  /**
   * Findings of one file, sorted by position, after suppressions and severity overrides; at most
   * {@link MAX_FINDINGS_PER_RULE} of one rule, then one saying how many more (engine/collect.ts).
   */
  findings(uri: string): Finding[] {
    const f = this.files.get(uri);
    if (!f) return [];
    this.evaluated = true;
    if (!f.fileFindings) f.fileFindings = this.evaluate(f, 'file');
    if (!f.workspaceFindings) f.workspaceFindings = this.evaluate(f, 'workspace');
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

  private evaluate(f: FileState, scope: 'file' | 'workspace'): Finding[] {
    const out = new FindingCollector();
    const ctx = this.context(f, out);
    for (const rule of this.rules) {
      if (rule.scope !== scope) continue;
      ctx.current = rule;
      try {
        if (isFileRule(rule)) {
          rule.checkFile(f.parsed, ctx, f.text);
          continue;
        }
        if (!rule.check) continue;
        for (const d of f.docs) {
          if (!rule.appliesTo.includes(d.kind)) continue;
          // Per-file rules need a tree that means what the author wrote; cross-file rules only read links.
          if (scope === 'file' && !d.doc.sound) continue;
          rule.check(d, ctx);
        }
      } catch (err) {
        // A rule bug must not take the whole file down; report it where it happened.
        out.offer(this.internalError(f, rule.id, err));
      }
    }
    if (scope === 'file') this.schemaFindings(f, ctx);
    return applySuppressions(out.findings(f.uri), f.suppressions);
  }

  private schemaFindings(f: FileState, ctx: RuleContext & { current?: Rule }): void {
    for (const d of f.docs) {
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

  private context(f: FileState, out: FindingCollector): RuleContext & { current?: Rule } {
    const self = this;
    const ctx: RuleContext & { current?: Rule } = {
      settings: this.settings,
      ws: this.view,
      text: (uri: string) => self.files.get(uri)?.text ?? '',
      isCcoctlInputDir: (dir: string) => self.isCcoctlInputDir(dir),
      report(r: Report): void {
        const rule = ctx.current!;
        const severity = self.severityFor(rule, r.severity);
        if (!severity) return;
        const loc = self.locate(r.at);
        if (!loc) return;
        if (loc.uri !== f.uri) return; // a rule may only diagnose the file being evaluated
        // Suppressed before the cap, so that silenced findings do not count towards it.
        if (isSuppressed(f.suppressions, loc.range.start.line, rule.id)) return;
        const finding: Finding = { uri: loc.uri, range: loc.range, ruleId: rule.id, severity, message: r.message };
        // Related locations and fixes are copied only for findings the collector keeps.
        out.offer(finding, () => {
          if (r.related?.length) {
            finding.related = r.related.flatMap((rel) => {
              const l = self.locate(rel.at);
              return l ? [{ uri: l.uri, range: l.range, message: rel.message }] : [];
            });
          }
          // Only the syntax rules, whose repairs are computed from the text itself, may edit a document
          // whose tree is not sound: elsewhere the parser's recovery decides what a node spans (over-indented
          // lines after `namespace: x` became part of its value, and replacing the value deleted them).
          const fixes = SYNTAX_RULES.has(rule.id) ? r.fixes : r.fixes?.filter((fx) => fx.fromText || fx.edits.every((e) => self.editsSoundText(e)));
          if (fixes?.length) {
            finding.fixes = fixes.map((fx) => ({
              title: fx.title,
              preferred: fx.preferred,
              edits: fx.edits.map((e): FixEdit => ({ uri: e.uri, start: e.start, end: e.end, newText: e.newText })),
            }));
          }
        });
      },
    };
    return ctx;
  }

  /**
   * Whether an edit (offsets into the current text of `e.uri`) lies outside every YAML/JSON document
   * of that file whose tree is not sound. False for a file the workspace does not hold.
   */
  private editsSoundText(e: { uri: string; start: number; end: number }): boolean {
    const f = this.files.get(e.uri);
    if (!f) return false;
    return f.parsed.documents.every((d) => d.sound || e.end < d.start || e.start > d.end);
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
const SYNTAX_RULES: ReadonlySet<string> = new Set(['yaml-syntax', 'json-syntax']);

function countCrs(docs: readonly IrsaDocument[]): number {
  let n = 0;
  for (const d of docs) if (d.kind === 'credentialsRequest') n++;
  return n;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/** One-shot lint of a set of documents: the function the CLI and tests share with the server. */
export function lintDocuments(documents: SourceDocument[], settings: IrsaSettings = {}): Finding[] {
  const ws = new Workspace(settings);
  for (const d of documents) ws.update(d);
  const out: Finding[] = [];
  for (const d of documents) out.push(...ws.findings(d.uri));
  return out;
}
