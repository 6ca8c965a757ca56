/**
 * The language client half of the extension, bundled apart as dist/languageClient.js and loaded by
 * extension.ts only after activate() has returned (require('./languageClient')):
 * vscode-languageclient/node alone costs ~60 ms to load, which must not block activation.
 *
 * Creates the LanguageClient for the server in dist/server.js (Node IPC), wires the server's
 * `irsa/status` notification to a callback, and implements `IRSA: Validate Workspace`.
 * Holds no module state: extension.ts owns the client instance and its lifetime.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, StatusParams, VALIDATE_WORKSPACE_METHOD, ValidateWorkspaceResult } from '../../shared/src/protocol';

/** Languages and schemes whose documents the server validates. */
/** Dependency manifests by file name (issue #14), whatever language id an extension gives them; the server reads them for their AWS SDK dependencies only. */
const MANIFEST_GLOB = '**/{package.json,requirements*.txt,pyproject.toml,Pipfile,go.mod,pom.xml,build.gradle,build.gradle.kts}';
/**
 * (issue #14) Application code the server checks for AWS SDK mistakes: saved files only (the server
 * picks the grammar by file extension), and only in folders that hold IRSA files (server/src/lsp/code.ts).
 * Being in the selector does not start the extension: package.json activationEvents name none of these
 * languages, so a code file alone never activates it (test/unit/extension-activation.test.ts).
 */
export const CODE_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'java'];
export const DOCUMENT_SELECTOR = [
  ...['file', 'untitled'].flatMap((scheme) => ['yaml', 'json'].map((language) => ({ scheme, language }))),
  { scheme: 'file', pattern: MANIFEST_GLOB },
  ...CODE_LANGUAGES.map((language) => ({ scheme: 'file', language })),
];

/**
 * A LanguageClient for dist/server.js (not started), with file watchers for YAML/JSON files and
 * `.irsa.yaml`, and `onStatus` called with every `irsa/status` notification. The watchers and the
 * notification handler are added to `context.subscriptions`; the caller starts and stops the client.
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  onStatus: (p: StatusParams) => void,
): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    // Scripts' ccoctl commands name ccoctl input folders (#11 pattern 2); an edit on disk re-checks them.
    vscode.workspace.createFileSystemWatcher('**/*.{sh,bash}'),
    vscode.workspace.createFileSystemWatcher('**/.irsa.yaml'),
    // Dependency manifests (issue #14): a version bump on disk re-checks them.
    vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB),
    // No watcher of its own for code files: the server registers `**/*.{ts,…,java}` (server.ts
    // WATCHED_GLOBS) and reads their events only in folders that hold IRSA files.
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Settings are pulled by the server (workspace/configuration), which registers for changes itself.
    synchronize: { fileEvents: watchers },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: {},
  };
  // The id `irsa` makes the client honour the `irsa.trace.server` setting.
  const client = new LanguageClient('irsa', 'IRSA Language Server', serverOptions, clientOptions);
  context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => onStatus(p)));
  return client;
}

/**
 * `IRSA: Validate Workspace`: asks the server to re-scan every workspace folder, then shows the
 * counts. `client` undefined or not running (start failed or still pending): a warning, no request.
 */
export async function validateWorkspace(client: LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('IRSA: the language server is not running. See the IRSA output channel.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'IRSA: validating workspace' },
    () => client.sendRequest<ValidateWorkspaceResult>(VALIDATE_WORKSPACE_METHOD),
  );
  const summary = summarize(result);
  output.appendLine(summary);
  const action = result.problems > 0 ? await vscode.window.showInformationMessage(summary, 'Show Problems') : await vscode.window.showInformationMessage(summary);
  if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** "IRSA: 4 files validated, 3 problems (2 errors, 1 warning)." */
export function summarize(r: ValidateWorkspaceResult): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const others = r.problems - r.errors - r.warnings;
  const parts = [plural(r.errors, 'error'), plural(r.warnings, 'warning')];
  if (others > 0) parts.push(`${others} info/hint`);
  return r.problems === 0
    ? `IRSA: ${plural(r.files, 'file')} validated, no problems.`
    : `IRSA: ${plural(r.files, 'file')} validated, ${plural(r.problems, 'problem')} (${parts.join(', ')}).`;
}
