/**
 * The language server's state around the engine, assembled from one module per concern:
 *
 * - documents.ts: open documents (editor text wins) and coalescing of edits;
 * - scanning.ts (+ scan.ts): background scans of workspace folders through the host module;
 * - watching.ts: files created, changed and deleted on disk;
 * - configuration.ts: `.irsa.yaml` and `irsa.*` settings per folder;
 * - publish.ts: diagnostics sent only when they changed; status.ts: the `irsa/status` counts;
 * - chains.ts: the `irsa/chains` request of the code generation command.
 * - explain.ts: the `irsa/explainError` request of `IRSA: Explain AWS Error…` (issue #15).
 * - chainGraph.ts: the `irsa/chainGraph` request of `IRSA: Show Credential Chain` (issue #16); the
 *   `irsa/chainGraphChanged` notification goes out with the status (status.ts).
 *
 * This class owns the workspace folders (start-up, folders added and removed) and the requests that
 * need the whole workspace; every engine update returns the URIs whose findings may have changed, and
 * all of them are re-published, so an edit in one file updates the files linked to it.
 */
import type { Connection, FileEvent, TextDocuments, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeParser } from '../engine';
import { chainGraphOf } from './chainGraph';
import { chainsOf } from './chains';
import { explainOf } from './explain';
import { CodeSupport } from './code';
import { ConfigurationSync } from './configuration';
import type { DocsLink } from './diagnostics';
import { OpenDocuments } from './documents';
import { canonicalUri, Project, Projects } from './projects';
import type { ChainGraphParams, ChainGraphResult, ChainsParams, ChainsResult, ExplainErrorParams, ExplainErrorResult, ValidateWorkspaceResult } from '../../../shared/src/protocol';
import { Publisher } from './publish';
import { yieldToEventLoop } from './scan';
import { Scanner } from './scanning';
import { StatusReporter } from './status';
import { OpenUris } from './uris';
import { FileWatcher } from './watching';

export { FLUSH_DELAY_MS } from './documents';

export interface ValidationOptions {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  docsLink: DocsLink;
  /** Client supports `workspace/configuration` (pull model). */
  pullConfiguration: boolean;
  /** The `irsa` section pushed by a client without the pull model (initializationOptions.settings). */
  initialSettings?: unknown;
  /** (issue #14) Loads the code parser (default node/code-parser.ts loadCodeParser). */
  loadCodeParser?: () => Promise<CodeParser>;
}

export class ValidationService {
  readonly projects = new Projects();
  private readonly open = new OpenUris();
  private readonly publisher: Publisher;
  private readonly documents: OpenDocuments;
  private readonly scanner: Scanner;
  private readonly configuration: ConfigurationSync;
  private readonly watcher: FileWatcher;
  private readonly status: StatusReporter;

  constructor(o: ValidationOptions) {
    const status = new StatusReporter(o.connection, this.projects);
    this.status = status;
    this.publisher = new Publisher(o.connection, o.documents, o.docsLink, this.open, status);
    // (issue #14) One code parser for the server, loaded on the first code file that needs it.
    const code = new CodeSupport(o.loadCodeParser);
    this.documents = new OpenDocuments(o.documents, this.projects, this.open, this.publisher, code);
    this.scanner = new Scanner(this.projects, this.open, this.publisher, code, (p) => this.documents.requeueProject(p));
    this.configuration = new ConfigurationSync(o.connection, this.projects, this.publisher, this.documents, this.scanner, o.pullConfiguration, o.initialSettings);
    this.watcher = new FileWatcher(this.projects, this.open, this.publisher, this.scanner, this.configuration, code);
  }

  /** The client's spelling of an engine URI. */
  clientUri = (uri: string): string => this.open.clientUri(uri);

  /** The engine that holds (or would hold) a URI in either spelling. */
  engineFor(uri: string): Project {
    const c = canonicalUri(uri);
    return this.projects.holding(c) ?? this.projects.forUri(c);
  }

  /**
   * Loads settings of every folder, validates what is already open, then (once `beforeScan` has
   * resolved: the client's file watchers are registered) scans folders in the background.
   */
  async start(folders: { uri: string; name?: string }[], beforeScan: Promise<void> = Promise.resolve()): Promise<void> {
    for (const f of folders) this.projects.add(f.uri, f.name);
    await Promise.all(this.projects.all().map((p) => this.configuration.load(p)));
    this.documents.start();
    // vscode-jsonrpc writes each message on a later turn of the event loop (setImmediate): let the
    // open documents' diagnostics go out before the scan starts, whose discovery and first slice
    // would otherwise hold them back (start-up to first diagnostics, issue 6).
    await yieldToEventLoop();
    await beforeScan;
    for (const p of this.projects.folderProjects()) void this.scanner.rescan(p);
  }

  async foldersChanged(e: WorkspaceFoldersChangeEvent): Promise<void> {
    for (const f of e.removed) {
      const p = this.projects.remove(f.uri);
      if (!p) continue;
      p.scanGeneration++;
      for (const uri of [...p.engine.uris(), ...p.failed.keys()]) this.publisher.send(uri, []);
      if (p.configUri) this.publisher.send(p.configUri, []);
      this.publisher.modelChanged();
    }
    const added = e.added.map((f) => this.projects.add(f.uri, f.name)).filter((p): p is Project => p !== undefined);
    await Promise.all(added.map((p) => this.configuration.load(p)));
    // Open documents may now belong to another project.
    for (const [canonical, client] of this.open.entries()) {
      const holder = this.projects.holding(canonical);
      if (holder && holder !== this.projects.forUri(canonical)) {
        holder.failed.delete(canonical);
        this.publisher.publish(holder, holder.engine.remove(canonical));
        this.documents.requeue(client);
      }
    }
    this.documents.scheduleFlush();
    for (const p of added) void this.scanner.rescan(p);
  }

  /** didOpen / didChange. */
  documentChanged(doc: TextDocument): void {
    this.documents.changed(doc);
  }

  /** didClose. */
  documentClosed(doc: TextDocument): void {
    this.documents.closed(doc);
  }

  /** Pushes every queued edit into the engine and publishes the affected files. Synchronous. */
  flush(): void {
    this.documents.flush();
  }

  /** workspace/didChangeWatchedFiles. */
  watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    return this.watcher.changed(changes);
  }

  /** workspace/didChangeConfiguration. */
  configurationChanged(settings: unknown): Promise<void> {
    return this.configuration.changed(settings);
  }

  /** `irsa/validateWorkspace`: reload settings, re-scan every folder, re-publish everything. */
  async validateWorkspace(): Promise<ValidateWorkspaceResult> {
    this.flush();
    await this.configuration.reloadAll();
    const result: ValidateWorkspaceResult = { files: 0, problems: 0, errors: 0, warnings: 0 };
    for (const p of this.projects.all()) {
      await this.publisher.publishProject(p, () => true, true);
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

  /** `irsa/chains`: waits for running scans, applies pending edits, then reads the chains. */
  async chains(params: ChainsParams): Promise<ChainsResult> {
    await Promise.all(this.projects.all().map((p) => p.scanDone));
    this.flush();
    return chainsOf(this.projects, params ?? {}, this.clientUri);
  }

  /**
   * `irsa/chainGraph` (issue #16): waits for running scans, applies pending edits, then builds the
   * graph; from then on the client gets `irsa/chainGraphChanged` when it may be stale.
   */
  async chainGraph(params: ChainGraphParams | null): Promise<ChainGraphResult> {
    this.status.watchGraph();
    await Promise.all(this.projects.all().map((p) => p.scanDone));
    this.flush();
    return chainGraphOf(this.projects, params, this.clientUri);
  }

  /** `irsa/explainError`: waits for running scans, applies pending edits, then ranks the causes. */
  async explainError(params: ExplainErrorParams): Promise<ExplainErrorResult> {
    await Promise.all(this.projects.all().map((p) => p.scanDone));
    this.flush();
    return explainOf(this.projects, params, this.clientUri);
  }
}
