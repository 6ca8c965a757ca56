/**
 * The IRSA extension: starts the language server (dist/server.js) over Node IPC and adds commands.
 * Kept thin (model: rust-analyzer editors/code): validation, settings handling and diagnostics live in
 * the server; scaffolding and code generation register themselves from commands/*.
 *
 * Workspace trust: nothing here executes code from the workspace. The server only reads YAML/JSON
 * files, so validation runs in restricted mode too (package.json: untrustedWorkspaces "limited").
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, StatusParams, VALIDATE_WORKSPACE_METHOD, ValidateWorkspaceResult } from '../../server/src/lsp/protocol';
import { registerCodegenCommands } from './commands/codegen';
import { registerScaffoldCommands } from './commands/scaffold';

let client: LanguageClient | undefined;

/** Languages and schemes whose documents the server validates. */
export const DOCUMENT_SELECTOR = ['file', 'untitled'].flatMap((scheme) => ['yaml', 'json'].map((language) => ({ scheme, language })));

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('IRSA', { log: true });
  context.subscriptions.push(output);

  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    vscode.workspace.createFileSystemWatcher('**/.irsa.yaml'),
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
  client = new LanguageClient('irsa', 'IRSA Language Server', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('irsa.validateWorkspace', () => validateWorkspace(output)),
    vscode.commands.registerCommand('irsa.showOutput', () => output.show(true)),
  );
  registerScaffoldCommands(context);
  registerCodegenCommands(context);

  // Status bar: IRSA sets found and problems, fed by the server's `irsa/status`; click → Problems view.
  const status = vscode.window.createStatusBarItem('irsa.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'IRSA';
  status.command = 'workbench.actions.view.problems';
  renderStatus(status, undefined);
  status.show();
  context.subscriptions.push(status);
  context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => renderStatus(status, p)));

  await client.start();
}

/** Status bar text and tooltip for the latest counts (undefined: the first scan has not reported yet). */
export function statusText(p: StatusParams | undefined): { text: string; tooltip: string } {
  if (!p) return { text: '$(sync~spin) IRSA', tooltip: 'IRSA: scanning the workspace…' };
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const icon = p.errors > 0 ? '$(error)' : p.warnings > 0 ? '$(warning)' : '$(check)';
  return {
    text: `${icon} IRSA: ${plural(p.sets, 'set')}, ${plural(p.problems, 'problem')}`,
    tooltip: `IRSA: ${plural(p.sets, 'CredentialsRequest set')} found; ${plural(p.errors, 'error')}, ${plural(p.warnings, 'warning')}, ${p.problems - p.errors - p.warnings} other. Click to open the Problems view.`,
  };
}

function renderStatus(item: vscode.StatusBarItem, p: StatusParams | undefined): void {
  const { text, tooltip } = statusText(p);
  item.text = text;
  item.tooltip = tooltip;
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

async function validateWorkspace(output: vscode.LogOutputChannel): Promise<void> {
  const c = client;
  if (!c || !c.isRunning()) {
    void vscode.window.showWarningMessage('IRSA: the language server is not running. See the IRSA output channel.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'IRSA: validating workspace' },
    () => c.sendRequest<ValidateWorkspaceResult>(VALIDATE_WORKSPACE_METHOD),
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
