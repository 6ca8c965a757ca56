/**
 * The `irsa/status` notification (status bar): counts of the diagnostics last published and of the
 * IRSA sets, sent once per burst of publishes and only when they changed. Moved unchanged out of
 * ValidationService (issue 12 item 6).
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from './languageServer';
import type { Projects } from './projects';
import { CHAIN_GRAPH_CHANGED_NOTIFICATION, STATUS_NOTIFICATION, StatusParams } from '../../../shared/src/protocol';

export class StatusReporter {
  /** Canonical URI → counts of the diagnostics last published. */
  private readonly counts = new Map<string, { problems: number; errors: number; warnings: number }>();
  private statusQueued = false;
  private lastStatus = '';
  /** (issue #16) The model or findings changed since the last `irsa/chainGraphChanged`. */
  private graphDirty = false;
  /** (issue #16) The client asked for a chain graph at least once: only then is the change notification sent. */
  private graphWatched = false;

  constructor(
    private readonly connection: Connection,
    private readonly projects: Projects,
  ) {}

  /** Records the diagnostics just published for `uri` (an empty list forgets it) and schedules a status. */
  published(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0) this.counts.delete(uri);
    else {
      const c = { problems: diagnostics.length, errors: 0, warnings: 0 };
      for (const d of diagnostics) {
        if (d.severity === DiagnosticSeverity.Error) c.errors++;
        else if (d.severity === DiagnosticSeverity.Warning) c.warnings++;
      }
      this.counts.set(uri, c);
    }
    this.schedule();
  }

  /**
   * (issue #16) The model or the findings changed (an engine update was published, or diagnostics
   * changed): `irsa/chainGraphChanged` goes out with the next coalesced status, once per burst.
   */
  graphChanged(): void {
    if (!this.graphWatched) return;
    this.graphDirty = true;
    this.schedule();
  }

  /** (issue #16) A client asked for the graph: from now on it is told when the graph may have changed. */
  watchGraph(): void {
    this.graphWatched = true;
  }

  /**
   * Sends `irsa/status` once per burst of publishes (coalesced on the event loop), only when the
   * counts changed. Cheap: sums per-file counts kept by {@link published} and counts CredentialsRequests.
   */
  schedule(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      if (this.graphDirty) {
        this.graphDirty = false;
        // No params of ours. (vscode-languageserver's Connection.sendNotification passes the absent
        // param on, and vscode-jsonrpc then writes `"params": [null]`; clients ignore it.)
        void this.connection.sendNotification(CHAIN_GRAPH_CHANGED_NOTIFICATION);
      }
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
}
