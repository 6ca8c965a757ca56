/**
 * Publishing diagnostics: what the client was last sent per file (so unchanged sets are not re-sent),
 * the engine findings of a project turned into LSP diagnostics, `.irsa.yaml` problems, and the one
 * diagnostic of a file the engine failed on. Every publish also feeds the status counts.
 */
import * as path from 'node:path';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine';
import { MAX_CONFIG_BYTES, readRegularFile } from '../node';
import { DIAGNOSTIC_SOURCE, DocsLink, toDiagnostic } from './diagnostics';
import { DiagnosticSeverity } from './languageServer';
import type { Project } from './projects';
import { yieldToEventLoop } from './scan';
import type { StatusReporter } from './status';
import type { OpenUris } from './uris';

/** Files published per slice before yielding (publishing computes findings). */
const PUBLISH_SLICE = 50;

/** The one diagnostic of a file the engine failed on (see `Project.load`). */
function failureDiagnostic(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'internal-error',
    source: DIAGNOSTIC_SOURCE,
    message: `IRSA could not check this text (internal error: ${message}). Its problems are not shown and no fixes are offered until an edit can be checked. Please report this; the server log has the details.`,
  };
}

export class Publisher {
  /** Canonical URI → JSON of the diagnostics last published (absent = none published). */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly docsLink: DocsLink,
    private readonly open: OpenUris,
    private readonly status: StatusReporter,
  ) {}

  /**
   * Publishes the diagnostics of `uris` (engine URIs of project `p`) when they changed since last
   * time; `always` (the edited document) is published even when unchanged, with its version;
   * `force` re-sends every non-empty set (Validate Workspace).
   */
  publish(p: Project, uris: Iterable<string>, always?: string | ReadonlySet<string>, force = false): void {
    const isAlways = (uri: string): boolean => (typeof always === 'string' ? uri === always : always !== undefined && always.has(uri));
    const set = new Set(uris);
    // (issue #16) Files are published after the engine took an update of them (or of a file linked
    // to them): the chain graph may have changed even when no diagnostic did (a clean link added).
    if (set.size > 0) this.status.graphChanged();
    for (const uri of set) {
      let diagnostics: Diagnostic[] = [];
      try {
        const failure = p.failed.get(uri);
        if (failure !== undefined) diagnostics = [failureDiagnostic(failure)];
        else if (p.engine.has(uri)) diagnostics = p.engine.findings(uri).map((f) => toDiagnostic(f, this.docsLink, this.open.clientUri, p.engine.version(uri)));
      } catch (e) {
        console.error(`IRSA: computing diagnostics of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        continue;
      }
      this.send(uri, diagnostics, isAlways(uri) || (force && diagnostics.length > 0));
    }
  }

  /** Publishes (changes of) every file of a project, in slices; stops when `current()` turns false. */
  async publishProject(p: Project, current: () => boolean = () => true, force = false): Promise<void> {
    const uris = [...p.engine.uris(), ...p.failed.keys()];
    for (let i = 0; i < uris.length; i += PUBLISH_SLICE) {
      if (i > 0) {
        await yieldToEventLoop();
        if (!current()) return;
      }
      this.publish(p, uris.slice(i, i + PUBLISH_SLICE), undefined, force);
    }
  }

  /** Takes `uri` out of `p`'s engine, clears its diagnostics and re-publishes the files linked to it. */
  removeFile(p: Project, uri: string): void {
    const affected = p.unload(uri);
    this.send(uri, []);
    this.publish(p, affected);
  }

  /** (issue #16) Says the chain graph may have changed (a folder removed: its files' sets are gone). */
  modelChanged(): void {
    this.status.graphChanged();
  }

  /** Schedules an `irsa/status` (coalesced; sent only when the counts changed), e.g. after a scan that published nothing. */
  scheduleStatus(): void {
    this.status.schedule();
  }

  /** Sends when the diagnostics changed, or `always`. */
  send(uri: string, diagnostics: Diagnostic[], always = false): void {
    // The set count changes with the files in the engine, not with their diagnostics: a clean new
    // CredentialsRequest (a file the wizard wrote, a file created on disk) publishes nothing new,
    // and the status bar must count it all the same. Coalesced, and sent only when it changed.
    this.status.schedule();
    const json = JSON.stringify(diagnostics);
    const before = this.published.get(uri) ?? '[]';
    if (!always && before === json) return;
    if (before !== json) this.status.graphChanged();
    if (json === '[]') this.published.delete(uri);
    else this.published.set(uri, json);
    this.status.published(uri, diagnostics);
    const client = this.open.clientUri(uri);
    const version = this.open.isOpen(uri) ? this.documents.get(client)?.version : undefined;
    void this.connection.sendDiagnostics(version === undefined ? { uri: client, diagnostics } : { uri: client, version, diagnostics });
  }

  /** `.irsa.yaml` problems are diagnostics on `.irsa.yaml` itself (code `config`). */
  publishConfigProblems(p: Project): void {
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
