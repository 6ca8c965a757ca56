/**
 * The language server's state machine around the engine: which text each file has (editor buffer for
 * open documents, disk otherwise), when to re-validate, and which diagnostics to publish.
 *
 * - Edits are coalesced: a burst of `didChange` notifications is flushed into the engine once, at most
 *   {@link FLUSH_DELAY_MS} ms after the first (no long debounce: diagnostics follow typing).
 * - Every engine update returns the URIs whose findings may have changed; all of them are
 *   re-published, so an edit in one file updates the diagnostics of the files linked to it.
 * - Workspace scans read files in slices and yield between them, so edits stay responsive; a newer
 *   scan of the same folder supersedes a running one.
 * - Closing a document re-reads the file from disk: a closed file can still be wrong, so its
 *   diagnostics stay (pitfall named in design.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, Diagnostic, FileEvent, TextDocuments, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { DiagnosticSeverity, FileChangeType } from './languageServer';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine';
import type { SourceDocument } from '../engine';
import { DIAGNOSTIC_SOURCE, DocsLink, toDiagnostic } from './diagnostics';
import { canonicalUri, filePath, Project, Projects } from './projects';
import { STATUS_NOTIFICATION, StatusParams, ValidateWorkspaceResult } from '../../../shared/src/protocol';
import { MAX_CONFIG_BYTES, readRegularFile } from '../node';
import { isExcludedFile, matchesIgnoreGlobs, readFileBounded, scanFolder, yieldToEventLoop } from './scan';
import { readEditorSettings } from './settings';

/** Upper bound on the delay between an edit and its diagnostics being computed, in milliseconds. */
export const FLUSH_DELAY_MS = 3;
/** Files published per slice before yielding (publishing computes findings). */
const PUBLISH_SLICE = 50;

export interface ValidationOptions {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  docsLink: DocsLink;
  /** Client supports `workspace/configuration` (pull model). */
  pullConfiguration: boolean;
  /** The `irsa` section pushed by a client without the pull model (initializationOptions.settings). */
  initialSettings?: unknown;
}

/** The one diagnostic of a file the engine failed on (see `ValidationService.load`). */
function failureDiagnostic(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'internal-error',
    source: DIAGNOSTIC_SOURCE,
    message: `IRSA could not check this text (internal error: ${message}). Its problems are not shown and no fixes are offered until an edit can be checked. Please report this; the server log has the details.`,
  };
}

function isConfigFile(fsPath: string | undefined): boolean {
  return fsPath !== undefined && path.basename(fsPath) === CONFIG_FILE_NAME;
}

export class ValidationService {
  readonly projects = new Projects();
  private readonly connection: Connection;
  private readonly documents: TextDocuments<TextDocument>;
  private readonly docsLink: DocsLink;
  private readonly pullConfiguration: boolean;
  private pushedSettings: unknown;
  /** Canonical URI → the client's spelling, for open documents. */
  private readonly clientUris = new Map<string, string>();
  /** Canonical URI → JSON of the diagnostics last published (absent = none published). */
  private readonly published = new Map<string, string>();
  /** Client URIs of open documents edited since the last flush. */
  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private ready = false;
  /** Canonical URI → counts of the diagnostics last published (for `irsa/status`). */
  private readonly counts = new Map<string, { problems: number; errors: number; warnings: number }>();
  private statusQueued = false;
  private lastStatus = '';

  constructor(o: ValidationOptions) {
    this.connection = o.connection;
    this.documents = o.documents;
    this.docsLink = o.docsLink;
    this.pullConfiguration = o.pullConfiguration;
    this.pushedSettings = o.initialSettings;
  }

  // ---- URIs -------------------------------------------------------------------------------------

  clientUri = (uri: string): string => this.clientUris.get(uri) ?? uri;

  private isOpen(canonical: string): boolean {
    return this.clientUris.has(canonical);
  }

  /** The engine that holds (or would hold) a URI in either spelling. */
  engineFor(uri: string): Project {
    const c = canonicalUri(uri);
    return this.projects.holding(c) ?? this.projects.forUri(c);
  }

  // ---- start-up and folders ---------------------------------------------------------------------

  /**
   * Loads settings of every folder, validates what is already open, then (once `beforeScan` has
   * resolved: the client's file watchers are registered) scans folders in the background.
   */
  async start(folders: { uri: string; name?: string }[], beforeScan: Promise<void> = Promise.resolve()): Promise<void> {
    for (const f of folders) this.projects.add(f.uri, f.name);
    await Promise.all(this.projects.all().map((p) => this.loadSettings(p)));
    this.ready = true;
    this.flush();
    // vscode-jsonrpc writes each message on a later turn of the event loop (setImmediate): let the
    // open documents' diagnostics go out before the scan starts, whose discovery and first slice
    // would otherwise hold them back (start-up to first diagnostics, issue 6).
    await yieldToEventLoop();
    await beforeScan;
    for (const p of this.projects.folderProjects()) void this.rescan(p);
  }

  async foldersChanged(e: WorkspaceFoldersChangeEvent): Promise<void> {
    for (const f of e.removed) {
      const p = this.projects.remove(f.uri);
      if (!p) continue;
      p.scanGeneration++;
      for (const uri of [...p.engine.uris(), ...p.failed.keys()]) this.send(uri, []);
      if (p.configUri) this.send(p.configUri, []);
    }
    const added = e.added.map((f) => this.projects.add(f.uri, f.name)).filter((p): p is Project => p !== undefined);
    await Promise.all(added.map((p) => this.loadSettings(p)));
    // Open documents may now belong to another project.
    for (const [canonical, client] of this.clientUris) {
      const holder = this.projects.holding(canonical);
      if (holder && holder !== this.projects.forUri(canonical)) {
        holder.failed.delete(canonical);
        this.publish(holder, holder.engine.remove(canonical));
        this.pending.add(client);
      }
    }
    this.scheduleFlush();
    for (const p of added) void this.rescan(p);
  }

  /** Re-reads `.irsa.yaml` and the editor settings of a project and pushes them into its engine. */
  private async loadSettings(p: Project): Promise<void> {
    p.reloadConfigFile();
    this.publishConfigProblems(p);
    let raw: unknown = this.pushedSettings;
    if (this.pullConfiguration) {
      try {
        raw = await this.connection.workspace.getConfiguration(p.folderUri ? { scopeUri: p.folderUri, section: 'irsa' } : { section: 'irsa' });
      } catch (e) {
        console.error(`IRSA: could not read the irsa settings for ${p.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const { settings, problems } = readEditorSettings(raw);
    for (const pr of problems) console.warn(`IRSA settings (${p.name}): ${pr}`);
    p.editor = settings;
    p.applySettings();
  }

  // ---- open documents ---------------------------------------------------------------------------

  /** didOpen / didChange: queue the document; flushed within {@link FLUSH_DELAY_MS}. */
  documentChanged(doc: TextDocument): void {
    this.clientUris.set(canonicalUri(doc.uri), doc.uri);
    this.pending.add(doc.uri);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.ready) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Pushes every queued edit into the engine and publishes the affected files. Synchronous. */
  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (!this.ready) return;
    const queued = [...this.pending];
    this.pending.clear();
    // Every queued edit goes into the engine first, then the union of affected files is published
    // once: publishing after each update re-computed a linked file once per edited neighbour, which
    // made a burst of N edits cost O(N × linked files).
    const edited = new Map<Project, { edited: Set<string>; affected: Set<string> }>();
    for (const client of queued) {
      const doc = this.documents.get(client);
      if (!doc) continue;
      try {
        const r = this.updateOpen(doc);
        if (!r) continue;
        let e = edited.get(r.project);
        if (!e) edited.set(r.project, (e = { edited: new Set(), affected: new Set() }));
        e.edited.add(r.uri);
        for (const u of r.affected) e.affected.add(u);
      } catch (e) {
        console.error(`IRSA: validating ${client} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    // Edited documents first (their diagnostics are what the user waits for), then linked files.
    for (const [p, e] of edited) this.publish(p, [...e.edited, ...e.affected], e.edited);
  }

  /** Puts an open document's text into its engine; returns what to publish (undefined when already handled). */
  private updateOpen(doc: TextDocument): { project: Project; uri: string; affected: string[] } | undefined {
    const uri = canonicalUri(doc.uri);
    const fsPath = filePath(uri);
    if (isConfigFile(fsPath)) return undefined; // settings, not a manifest: reloaded on save via the file watcher
    const p = this.projects.forUri(uri);
    if (p.root && fsPath && matchesIgnoreGlobs(p.root, fsPath, p.ignoreGlobs)) {
      p.failed.delete(uri);
      if (p.engine.has(uri)) this.publish(p, p.engine.remove(uri));
      this.send(uri, []);
      return undefined;
    }
    const language = doc.languageId === 'json' || doc.languageId === 'jsonc' ? 'json' : doc.languageId === 'yaml' ? 'yaml' : undefined;
    const affected = this.load(p, { uri, text: doc.getText(), version: doc.version, language });
    return { project: p, uri, affected };
  }

  /**
   * Puts a file's text into its project's engine; returns the URIs to publish. When the engine throws,
   * the file is taken out of the engine and marked failed: it is then unknown, never its previous
   * text (edits computed on that text, stamped with the new version, landed in the wrong place), and
   * its diagnostics say it could not be checked. The next successful update clears the mark.
   */
  private load(p: Project, doc: SourceDocument): string[] {
    try {
      const affected = p.engine.update(doc);
      if (p.failed.delete(doc.uri)) affected.push(doc.uri);
      return affected;
    } catch (e) {
      console.error(`IRSA: checking ${doc.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      p.failed.set(doc.uri, e instanceof Error ? e.message : String(e));
      let affected: string[] = [];
      try {
        affected = p.engine.remove(doc.uri);
      } catch (e2) {
        // The engine keeps a copy that is not the client's text; edits still refuse it (features/edits.ts).
        console.error(`IRSA: removing ${doc.uri} after the failure failed too: ${e2 instanceof Error ? (e2.stack ?? e2.message) : String(e2)}`);
      }
      return [doc.uri, ...affected];
    }
  }

  /** didClose: the file goes back to its content on disk (or leaves the engine if it has none). */
  documentClosed(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    this.pending.delete(doc.uri);
    this.clientUris.delete(uri);
    const fsPath = filePath(uri);
    if (isConfigFile(fsPath)) return;
    const p = this.projects.holding(uri) ?? this.projects.forUri(uri);
    if (p.scans && fsPath && p.root && this.projects.forUri(uri) === p && !isExcludedFile(p.root, fsPath, p.ignoreGlobs)) {
      const r = readFileBounded(fsPath);
      if ('text' in r) {
        this.publish(p, [uri, ...this.load(p, { uri, text: r.text, version: 0 })]);
        return;
      }
    }
    this.removeFile(p, uri);
  }

  private removeFile(p: Project, uri: string): void {
    p.failed.delete(uri);
    const affected = p.engine.remove(uri);
    this.send(uri, []);
    this.publish(p, affected);
  }

  // ---- disk -------------------------------------------------------------------------------------

  /**
   * workspace/didChangeWatchedFiles. Deleted files leave the engine (a deleted folder arrives as one
   * event for the folder: every file below it leaves); created/changed files are re-read unless open;
   * a created folder or a changed `.irsa.yaml` re-scans its workspace folder.
   */
  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    const rescans = new Set<Project>();
    const reloads = new Set<Project>();
    const affected = new Map<Project, Set<string>>();
    const touch = (p: Project, uris: string[]): void => {
      let s = affected.get(p);
      if (!s) affected.set(p, (s = new Set()));
      for (const u of uris) s.add(u);
    };
    for (const change of changes) {
      const uri = canonicalUri(change.uri);
      const fsPath = filePath(uri);
      if (!fsPath) continue;
      if (isConfigFile(fsPath)) {
        const p = this.projects.folderProjects().find((f) => f.root === path.dirname(fsPath));
        if (p) reloads.add(p);
        continue;
      }
      const p = this.projects.holding(uri) ?? this.projects.forUri(uri);
      if (!p.root || this.isOpen(uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (p.failed.delete(uri)) this.send(uri, []);
        if (p.engine.has(uri)) {
          touch(p, p.engine.remove(uri));
          this.send(uri, []);
        } else {
          const prefix = uri.endsWith('/') ? uri : uri + '/';
          for (const u of p.engine.uris()) {
            if (!u.startsWith(prefix) || this.isOpen(u)) continue;
            touch(p, p.engine.remove(u));
            this.send(u, []);
          }
        }
        continue;
      }
      if (!p.scans) continue;
      let isDir = false;
      try {
        isDir = fs.statSync(fsPath).isDirectory();
      } catch {
        continue; // vanished again
      }
      if (isDir) {
        rescans.add(p);
        continue;
      }
      if (isExcludedFile(p.root, fsPath, p.ignoreGlobs)) continue;
      const r = readFileBounded(fsPath);
      if ('error' in r) {
        console.warn(`IRSA: cannot read ${fsPath}: ${r.error}`);
        continue;
      }
      touch(p, [uri, ...this.load(p, { uri, text: r.text, version: 0 })]);
    }
    for (const [p, uris] of affected) this.publish(p, uris);
    await Promise.all([...reloads].map((p) => this.reload(p)));
    await Promise.all([...rescans].filter((p) => !reloads.has(p)).map((p) => this.rescan(p)));
  }

  /** `.irsa.yaml` or settings changed: reload both, then re-scan (ignore globs may have changed). */
  private async reload(p: Project): Promise<void> {
    await this.loadSettings(p);
    if (p.root) {
      this.requeueOpen(p);
      await this.rescan(p);
    } else await this.publishProject(p);
  }

  /** workspace/didChangeConfiguration: `settings` is the pushed value (ignored in the pull model). */
  async configurationChanged(settings: unknown): Promise<void> {
    if (!this.pullConfiguration) {
      const s = settings as { irsa?: unknown } | null | undefined;
      this.pushedSettings = s && typeof s === 'object' ? s.irsa : undefined;
    }
    await Promise.all(this.projects.all().map((p) => this.reload(p)));
  }

  private requeueOpen(p: Project): void {
    for (const client of this.clientUris.values()) if (this.projects.forUri(canonicalUri(client)) === p) this.pending.add(client);
    this.flush();
  }

  // ---- scanning ---------------------------------------------------------------------------------

  /**
   * Re-scans a folder: loads every file it finds (open documents keep their editor text), drops files
   * that are gone or now excluded, and publishes the folder's diagnostics. Resolves when done or
   * superseded by a newer scan of the same folder.
   */
  rescan(p: Project): Promise<void> {
    const generation = ++p.scanGeneration;
    const current = (): boolean => generation === p.scanGeneration && this.projects.folderProjects().includes(p);
    const run = async (): Promise<void> => {
      let found = new Set<string>();
      if (p.scans && p.root) {
        const started = Date.now();
        const result = await scanFolder(p.root, p.ignoreGlobs, {
          cancelled: () => !current(),
          skip: (uri) => this.isOpen(uri) || this.projects.forUri(uri) !== p,
          load: (uri, text) => void this.load(p, { uri, text, version: 0 }),
          log: (m) => console.warn(`IRSA: ${m}`),
        });
        if (result.cancelled) return;
        found = result.uris;
        console.log(`IRSA: scanned ${p.name}: ${found.size} YAML/JSON files in ${Date.now() - started} ms`);
      }
      for (const uri of [...p.engine.uris(), ...p.failed.keys()]) {
        if (found.has(uri) || this.isOpen(uri)) continue;
        p.failed.delete(uri);
        p.engine.remove(uri);
        this.send(uri, []);
      }
      await this.publishProject(p, current);
      // A folder with no file to publish still ends its scan with a status (0 sets), or the status
      // bar would say "scanning" for ever.
      if (current()) this.scheduleStatus();
    };
    const done = run().catch((e) => console.error(`IRSA: scanning ${p.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    p.scanDone = done;
    return done;
  }

  /** Publishes (changes of) every file of a project, in slices. */
  private async publishProject(p: Project, current: () => boolean = () => true, force = false): Promise<void> {
    const uris = [...p.engine.uris(), ...p.failed.keys()];
    for (let i = 0; i < uris.length; i += PUBLISH_SLICE) {
      if (i > 0) {
        await yieldToEventLoop();
        if (!current()) return;
      }
      this.publish(p, uris.slice(i, i + PUBLISH_SLICE), undefined, force);
    }
  }

  /** `irsa/validateWorkspace`: reload settings, re-scan every folder, re-publish everything. */
  async validateWorkspace(): Promise<ValidateWorkspaceResult> {
    this.flush();
    await Promise.all(this.projects.all().map((p) => this.reload(p)));
    const result: ValidateWorkspaceResult = { files: 0, problems: 0, errors: 0, warnings: 0 };
    for (const p of this.projects.all()) {
      await this.publishProject(p, () => true, true);
      for (const uri of p.engine.uris()) {
        if (p.engine.parsed(uri)?.documents.length || p.engine.findings(uri).length) result.files++;
        for (const f of p.engine.findings(uri)) {
          const n = f.omitted ?? 1; // a finding standing for others not listed counts as all of them, as in the CLI
          result.problems += n;
          if (f.severity === 'error') result.errors += n;
          else if (f.severity === 'warning') result.warnings += n;
        }
      }
    }
    return result;
  }

  // ---- publishing -------------------------------------------------------------------------------

  /**
   * Publishes the diagnostics of `uris` (engine URIs of project `p`) when they changed since last
   * time; `always` (the edited document) is published even when unchanged, with its version;
   * `force` re-sends every non-empty set (Validate Workspace).
   */
  private publish(p: Project, uris: Iterable<string>, always?: string | ReadonlySet<string>, force = false): void {
    const isAlways = (uri: string): boolean => (typeof always === 'string' ? uri === always : always !== undefined && always.has(uri));
    for (const uri of new Set(uris)) {
      let diagnostics: Diagnostic[] = [];
      try {
        const failure = p.failed.get(uri);
        if (failure !== undefined) diagnostics = [failureDiagnostic(failure)];
        else if (p.engine.has(uri)) diagnostics = p.engine.findings(uri).map((f) => toDiagnostic(f, this.docsLink, this.clientUri, p.engine.version(uri)));
      } catch (e) {
        console.error(`IRSA: computing diagnostics of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        continue;
      }
      this.send(uri, diagnostics, isAlways(uri) || (force && diagnostics.length > 0));
    }
  }

  /** Sends when the diagnostics changed, or `always`. */
  private send(uri: string, diagnostics: Diagnostic[], always = false): void {
    // The set count changes with the files in the engine, not with their diagnostics: a clean new
    // CredentialsRequest (a file the wizard wrote, a file created on disk) publishes nothing new,
    // and the status bar must count it all the same. Coalesced, and sent only when it changed.
    this.scheduleStatus();
    const json = JSON.stringify(diagnostics);
    const before = this.published.get(uri) ?? '[]';
    if (!always && before === json) return;
    if (json === '[]') {
      this.published.delete(uri);
      this.counts.delete(uri);
    } else {
      this.published.set(uri, json);
      const c = { problems: diagnostics.length, errors: 0, warnings: 0 };
      for (const d of diagnostics) {
        if (d.severity === DiagnosticSeverity.Error) c.errors++;
        else if (d.severity === DiagnosticSeverity.Warning) c.warnings++;
      }
      this.counts.set(uri, c);
    }
    const client = this.clientUri(uri);
    const version = this.isOpen(uri) ? this.documents.get(client)?.version : undefined;
    void this.connection.sendDiagnostics(version === undefined ? { uri: client, diagnostics } : { uri: client, version, diagnostics });
  }

  /**
   * Sends `irsa/status` once per burst of publishes (coalesced on the event loop), only when the
   * counts changed. Cheap: sums per-file counts kept by {@link send} and counts CredentialsRequests.
   */
  private scheduleStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      const status: StatusParams = { sets: 0, problems: 0, errors: 0, warnings: 0 };
      for (const p of this.projects.all()) status.sets += p.engine.view.count('credentialsRequest');
      for (const c of this.counts.values()) {
        status.problems += c.problems;
        status.errors += c.errors;
        status.warnings += c.warnings;
      }
      const json = JSON.stringify(status);
      if (json === this.lastStatus) return;
      this.lastStatus = json;
      void this.connection.sendNotification(STATUS_NOTIFICATION, status);
    });
  }

  /** `.irsa.yaml` problems are diagnostics on `.irsa.yaml` itself (code `config`). */
  private publishConfigProblems(p: Project): void {
    const uri = p.configUri;
    if (!uri || !p.root) return;
    const lines = (() => {
      const r = readRegularFile(path.join(p.root, CONFIG_FILE_NAME), MAX_CONFIG_BYTES);
      return 'text' in r ? r.text.split('\n') : [];
    })();
    const diagnostics: Diagnostic[] = p.configProblems.map((pr) => {
      const line = Math.max(0, pr.line - 1);
      const character = Math.max(0, pr.column - 1);
      const end = Math.max(character, (lines[line] ?? '').replace(/\r$/, '').length);
      return {
        range: { start: { line, character }, end: { line, character: end } },
        severity: DiagnosticSeverity.Error,
        code: 'config',
        source: DIAGNOSTIC_SOURCE,
        message: `.irsa.yaml: ${pr.message}`,
      };
    });
    this.send(uri, diagnostics);
  }
}
