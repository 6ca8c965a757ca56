/**
 * A small LSP client for tests: spawns `dist/server.js` (`--stdio` or `--node-ipc`), speaks real
 * JSON-RPC through vscode-jsonrpc, answers the server's requests (workspace/configuration,
 * client/registerCapability) and records every publishDiagnostics. Waiting is event-driven with a
 * deadline, never a sleep: `waitForDiagnostics(uri, expected)` resolves as soon as the latest
 * diagnostics of `uri` satisfy the expectation and fails with the last ones seen at the deadline.
 *
 * Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, Registration } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from './fixtures';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
/** Default deadline of every wait, in milliseconds. */
export const DEFAULT_DEADLINE_MS = 20_000;

export interface StartOptions {
  /** Workspace folder paths (absolute). */
  folders: string[];
  mode?: 'stdio' | 'ipc';
  initializationOptions?: unknown;
  /** The `irsa` section answered to workspace/configuration, per folder URI (undefined = global). */
  settings?: (scopeUri: string | undefined) => unknown;
  /** Advertise dynamic registration of watched files and configuration (default true). */
  dynamicRegistration?: boolean;
  /** Server entry point to spawn instead of dist/server.js (e.g. {@link FAULTY_SERVER_JS}). */
  serverScript?: string;
  /** Run the server as this user and group (tests that need a file the server cannot read, when run as root). */
  uid?: number;
  gid?: number;
  /** Extra client capabilities, merged into the `workspace` and `textDocument` sections. */
  capabilities?: { workspace?: Record<string, unknown>; textDocument?: Record<string, unknown> };
}

export class LspTestClient {
  /** Latest publishDiagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every capability the server registered dynamically. */
  readonly registrations: Registration[] = [];
  /** Lines the server logged (window/logMessage). */
  readonly log: string[] = [];
  /** Every notification without a dedicated handler (custom ones such as `irsa/status`), in order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  initializeResult!: InitializeResult;
  settings: (scopeUri: string | undefined) => unknown = () => ({});
  private readonly listeners = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.notify();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.log.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((i) => (i.section === 'irsa' ? this.settings(i.scopeUri) : null)),
    );
    connection.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
      this.registrations.push(...p.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.notify();
    });
    connection.listen();
  }

  /** Spawns the server, sends initialize/initialized. */
  static async start(o: StartOptions): Promise<LspTestClient> {
    const mode = o.mode ?? 'stdio';
    const ids = { ...(o.uid !== undefined ? { uid: o.uid } : {}), ...(o.gid !== undefined ? { gid: o.gid } : {}) };
    const child =
      mode === 'stdio'
        ? spawn(process.execPath, [o.serverScript ?? SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...ids })
        : spawn(process.execPath, [o.serverScript ?? SERVER_JS, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], ...ids });
    const connection =
      mode === 'stdio'
        ? createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
        : createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const client = new LspTestClient(child, connection);
    if (o.settings) client.settings = o.settings;
    const dynamic = o.dynamicRegistration !== false;
    client.initializeResult = await withDeadline(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: o.folders[0] ? uriOf(o.folders[0]) : null,
        workspaceFolders: o.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
        initializationOptions: o.initializationOptions,
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeWatchedFiles: { dynamicRegistration: dynamic },
            didChangeConfiguration: { dynamicRegistration: dynamic },
            ...o.capabilities?.workspace,
          },
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            ...o.capabilities?.textDocument,
          },
        },
      }) as Promise<InitializeResult>,
      DEFAULT_DEADLINE_MS,
      'initialize',
    );
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /**
   * Resolves when `check()` returns a value other than undefined (re-evaluated on every server
   * message); rejects at the deadline or when the server exits, with `describe()` in the message.
   */
  waitFor<T>(check: () => T | undefined, what: string, deadlineMs = DEFAULT_DEADLINE_MS, describe: () => string = () => ''): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        this.listeners.delete(listener);
        if (timer) clearTimeout(timer);
      };
      const listener = (): void => {
        let v: T | undefined;
        try {
          v = check();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${what}. ${describe()}\nstderr: ${this.stderr}`));
        }
      };
      timer = setTimeout(() => {
        done();
        reject(new Error(`deadline of ${deadlineMs} ms passed waiting for ${what}. ${describe()}`));
      }, deadlineMs);
      this.listeners.add(listener);
      listener();
    });
  }

  /**
   * Waits until the latest diagnostics published for `uri` deep-equal `expected` (order-sensitive,
   * every field). On failure the error shows the last diagnostics seen.
   */
  async waitForDiagnostics(uri: string, expected: Diagnostic[], deadlineMs = DEFAULT_DEADLINE_MS): Promise<PublishDiagnosticsParams> {
    const matches = (p: PublishDiagnosticsParams | undefined): boolean => {
      const actual = p?.diagnostics ?? [];
      try {
        assert.deepStrictEqual(actual, expected);
        return true;
      } catch {
        return false;
      }
    };
    try {
      return await this.waitFor(() => {
        const p = this.diagnostics.get(uri);
        return matches(p) ? (p ?? { uri, diagnostics: [] }) : undefined;
      }, `diagnostics of ${uri}`, deadlineMs);
    } catch (e) {
      // Show a readable diff of the last state.
      assert.deepStrictEqual(this.diagnostics.get(uri)?.diagnostics ?? [], expected, (e as Error).message);
      throw e;
    }
  }

  /** Waits until the server has published for `uri` at least once (whatever the content). */
  waitForPublish(uri: string, deadlineMs = DEFAULT_DEADLINE_MS): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.diagnostics.get(uri), `a publish for ${uri}`, deadlineMs);
  }

  open(uri: string, text: string, languageId = /\.json$/i.test(uri) ? 'json' : 'yaml'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-content change event). Returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change: replaces `range` with `text`. Returns the new version. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  close(uri: string): void {
    this.versions.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** workspace/didChangeWatchedFiles; type 1 created, 2 changed, 3 deleted. */
  filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  configurationChanged(settings: unknown = null): void {
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  request<R>(method: string, params?: unknown, deadlineMs = DEFAULT_DEADLINE_MS): Promise<R> {
    return withDeadline(this.connection.sendRequest(method, params) as Promise<R>, deadlineMs, method);
  }

  /** shutdown + exit, then waits for the process to end (kills it at the deadline). */
  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await withDeadline(this.connection.sendRequest('shutdown'), 5000, 'shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // fall through to kill
      }
      try {
        await this.waitFor(() => (this.exited ? true : undefined), 'server exit', 5000);
      } catch {
        this.process.kill('SIGKILL');
      }
    }
    this.connection.dispose();
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.exited === undefined;
  }
}

export function uriOf(p: string): string {
  return pathToFileURL(p).toString();
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`deadline of ${ms} ms passed waiting for ${what}`)), ms);
    }),
  ]);
}

/** Copies a fixture folder to a fresh temporary directory (tests edit files on disk). */
export function copyToTemp(src: string, prefix = 'irsa-lsp-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}
