/**
 * Language-server wiring: capabilities, handlers and registrations. The work happens in
 * {@link ValidationService} (diagnostics) and in the editor features listed in `features/index.ts`.
 * Works with any LSP client (no `vscode` import); transport is chosen by the caller (main.ts).
 */
import { format } from 'node:util';
import {
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  ServerCapabilities,
  TextDocuments,
  TextDocumentSyncKind,
} from './languageServer';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CHECKED_FILES_GLOB, installIamCatalog } from '../node';
import { CODE_EXTENSIONS, MANIFEST_FILES_GLOB } from '../engine';
import { docsLink } from './diagnostics';
import { FEATURES } from './features';
import type { FeatureContext } from './features/types';
import { canonicalUri } from './projects';
import { CHAIN_GRAPH_METHOD, ChainGraphParams, CHAINS_METHOD, ChainsParams, EXPLAIN_ERROR_METHOD, ExplainErrorParams, VALIDATE_WORKSPACE_METHOD } from '../../../shared/src/protocol';
import { ValidationService } from './validation';

/** Options a client may pass in `initializationOptions`. */
export interface IrsaInitializationOptions {
  /** Base URL of the rule pages (`{id}` is replaced by the rule id, else `<base>/<id>.md`). */
  docsBaseUrl?: string;
  /** The `irsa` settings section, for clients that do not support `workspace/configuration`. */
  settings?: unknown;
}

/** (issue #14) Application code (`**\/*.{ts,tsx,js,…}`); events for it are read only in folders that hold IRSA files (lsp/code.ts). */
export const CODE_FILES_GLOB = `**/*.{${CODE_EXTENSIONS.join(',')}}`;

/** File globs the server asks the client to watch (dynamic registration): every input file type (node/discover.ts), code, `.irsa.yaml`. */
export const WATCHED_GLOBS = [CHECKED_FILES_GLOB, MANIFEST_FILES_GLOB, CODE_FILES_GLOB, '**/.irsa.yaml'];

/** stdout is the protocol: everything printed goes to the client's log instead. */
export function redirectConsole(connection: Connection): void {
  console.log = (...a: unknown[]) => connection.console.log(format(...a));
  console.info = (...a: unknown[]) => connection.console.info(format(...a));
  console.warn = (...a: unknown[]) => connection.console.warn(format(...a));
  console.error = (...a: unknown[]) => connection.console.error(format(...a));
  console.debug = (...a: unknown[]) => connection.console.log(format(...a));
}

function guard<A extends unknown[]>(name: string, fn: (...a: A) => unknown): (...a: A) => void {
  return (...a: A) => {
    try {
      const r = fn(...a);
      if (r instanceof Promise) r.catch((e: unknown) => console.error(`IRSA: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    } catch (e) {
      console.error(`IRSA: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
}

/** Installs every handler on `connection` and starts listening. */
export function startServer(connection: Connection): void {
  redirectConsole(connection);
  // (issue #15) Registers the IAM catalogue's reader; it is read when a policy is first checked.
  installIamCatalog();
  const documents = new TextDocuments(TextDocument);
  let service: ValidationService | undefined;
  let folders: { uri: string; name?: string }[] = [];
  let dynamicWatch = false;
  let dynamicConfig = false;
  let folderEvents = false;
  // Requests that need the folders loaded (irsa/validateWorkspace) wait for `initialized` to finish.
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const options = (params.initializationOptions ?? {}) as IrsaInitializationOptions;
    dynamicWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    dynamicConfig = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    folders = params.workspaceFolders?.length
      ? params.workspaceFolders.map((f) => ({ uri: f.uri, name: f.name }))
      : params.rootUri
        ? [{ uri: params.rootUri }]
        : [];
    const link = docsLink(typeof options.docsBaseUrl === 'string' ? options.docsBaseUrl : undefined);
    const svc = new ValidationService({
      connection,
      documents,
      docsLink: link,
      pullConfiguration: caps.workspace?.configuration === true,
      initialSettings: options.settings,
    });
    service = svc;
    const ctx: FeatureContext = {
      connection,
      documents,
      docsLink: link,
      engineFor: (uri) => svc.engineFor(uri).engine,
      canonicalUri,
      clientUri: svc.clientUri,
      sync: () => svc.flush(),
      refreshFromDisk: (uri) => void svc.watchedFilesChanged([{ uri, type: FileChangeType.Changed }]).catch((e: unknown) => console.error(`IRSA: re-reading ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)),
      clientCapabilities: caps,
      editorSettingsFor: (uri) => svc.engineFor(uri).editor,
    };
    let capabilities: ServerCapabilities = {
      // willSaveWaitUntil: `irsa.fixAll.onSave` (codeActions.ts) answers with the fix-all edits.
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, willSaveWaitUntil: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    for (const f of FEATURES) {
      capabilities = { ...capabilities, ...f.capabilities(caps) };
      f.register(ctx);
    }
    return { capabilities, serverInfo: { name: 'irsa-language-server', version: '0.1.0' } };
  });

  connection.onInitialized(
    guard('initialized', async () => {
      if (!service) return markStarted();
      try {
        await startService(service);
      } finally {
        markStarted();
      }
    }),
  );

  async function startService(svc: ValidationService): Promise<void> {
    // The registrations go out first but the open documents do not wait for the client's answers (two
    // round trips fewer before the first diagnostics, issue 6); the workspace scan does, so the file
    // watchers are in place before it lists the folders. A failed registration is logged, not fatal.
    const registrations: Promise<void>[] = [];
    if (dynamicWatch) {
      registrations.push(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) }).then(() => undefined));
    }
    if (dynamicConfig) registrations.push(connection.client.register(DidChangeConfigurationNotification.type, { section: 'irsa' }).then(() => undefined));
    if (folderEvents) connection.workspace.onDidChangeWorkspaceFolders(guard('workspaceFolders', (e) => svc.foldersChanged(e)));
    const registered = Promise.all(
      registrations.map((r) => r.catch((e: unknown) => console.error(`IRSA: dynamic registration failed: ${e instanceof Error ? e.message : String(e)}`))),
    ).then(() => undefined);
    await svc.start(folders, registered);
  }

  documents.onDidOpen(guard('didOpen', (e) => service?.documentChanged(e.document)));
  documents.onDidChangeContent(guard('didChange', (e) => service?.documentChanged(e.document)));
  documents.onDidClose(guard('didClose', (e) => service?.documentClosed(e.document)));
  connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', (p) => service?.watchedFilesChanged(p.changes)));
  connection.onDidChangeConfiguration(guard('didChangeConfiguration', (p) => service?.configurationChanged(p.settings)));
  connection.onRequest(VALIDATE_WORKSPACE_METHOD, async () => {
    if (!service) throw new Error('the server is not initialized');
    await started;
    return service.validateWorkspace();
  });
  connection.onRequest(CHAINS_METHOD, async (params: ChainsParams | null) => {
    if (!service) throw new Error('the server is not initialized');
    await started;
    return service.chains(params ?? {});
  });
  // (issue #15) `IRSA: Explain AWS Error…`: the causes of an AWS error text in the workspace held here.
  connection.onRequest(EXPLAIN_ERROR_METHOD, async (params: ExplainErrorParams | null) => {
    if (!service) throw new Error('the server is not initialized');
    await started;
    return service.explainError(params ?? { text: '' });
  });

  // (issue #16) `IRSA: Show Credential Chain`: the chain graph of the workspace held here.
  connection.onRequest(CHAIN_GRAPH_METHOD, async (params: ChainGraphParams | null) => {
    if (!service) throw new Error('the server is not initialized');
    await started;
    return service.chainGraph(params);
  });

  documents.listen(connection);
  connection.listen();
}
