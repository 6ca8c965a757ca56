/**
 * The IRSA extension's entry point (dist/extension.js). Kept tiny so activation stays within its
 * 30 ms budget (bench/activation.mjs): it loads nothing but `vscode` and registers, synchronously,
 * the output channel, the status bar item and every contributed command. The heavy code lives in two
 * sibling bundles loaded on demand with a plain relative `require`, which resolves the same way in
 * dist/ (esbuild bundles; the specifiers are external in this bundle) and in out/ (tsc, for tests):
 * - ./languageClient (dist/languageClient.js: vscode-languageclient, ~60 ms to load): required after
 *   activate() has returned, in a later task of the event loop, then the client is started;
 * - ./commands (dist/commands/index.js: scaffolding, code generation and the engine they use):
 *   required when one of those commands first runs.
 * Modules of those bundles are imported here with `import type` only, so none of them lands in this
 * bundle (test/unit/extension-activation.test.ts and the build in esbuild.mjs check it).
 *
 * Workspace trust: nothing here executes code from the workspace. The server only reads YAML/JSON
 * files, so validation runs in restricted mode too (package.json: untrustedWorkspaces "limited").
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StatusParams } from '../../shared/src/protocol';

type LanguageClientModule = typeof import('./languageClient');
type CommandsModule = typeof import('./commands');

/** dist/languageClient.js (out/client/src/languageClient.js under tests). Throws if it cannot load. */
function loadLanguageClientModule(): LanguageClientModule {
  return require('./languageClient') as LanguageClientModule;
}

/** dist/commands/index.js (out/client/src/commands/index.js under tests). Throws if it cannot load. */
function loadCommandsModule(): CommandsModule {
  return require('./commands') as CommandsModule;
}

/** Settles when the deferred start has ended: the running client, or undefined (failed, cancelled). Never rejects. */
let clientReady: Promise<LanguageClient | undefined> | undefined;
/** Set by deactivate(): a start that has not begun yet does not begin. */
let deactivated = false;

/**
 * Registers the output channel, the status bar item and the commands synchronously, then returns a
 * promise that yields to the event loop once (setImmediate), loads ./languageClient and awaits the
 * client's start. The promise never rejects: a failed start is written to the IRSA output channel
 * and shown as a warning, and `IRSA: Validate Workspace` then reports that the server is not running.
 */
export function activate(context: vscode.ExtensionContext): Promise<void> {
  deactivated = false;
  const output = vscode.window.createOutputChannel('IRSA', { log: true });
  context.subscriptions.push(output);

  // Status bar: IRSA sets found and problems, fed by the server's `irsa/status`; click → Problems view;
  // its tooltip links to `IRSA: Show Credential Chain`.
  const status = vscode.window.createStatusBarItem('irsa.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'IRSA';
  status.command = 'workbench.actions.view.problems';
  renderStatus(status, undefined);
  status.show();
  context.subscriptions.push(status);

  const ready = startClientLater(context, output, status);
  clientReady = ready;
  context.subscriptions.push(
    vscode.commands.registerCommand('irsa.validateWorkspace', async () => loadLanguageClientModule().validateWorkspace(await ready, output)),
    vscode.commands.registerCommand('irsa.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('irsa.newCredentialSet', (target?: unknown) => loadCommandsModule().runNewCredentialSet(target)),
    // Code generation asks the running server for the chains (irsa/chains): the workspace as the diagnostics see it.
    vscode.commands.registerCommand('irsa.generateSdkCode', async () => loadCommandsModule().generateSdkCode(await ready)),
    // (issue #15) The causes come from the running server (irsa/explainError): no second workspace load.
    vscode.commands.registerCommand('irsa.explainError', async (text?: unknown) => loadCommandsModule().explainAwsError(await ready, text)),
    // (issue #16) The panel opens at once and asks the server (irsa/chainGraph) once the client runs.
    // `arg`: `{ uri }` from the server's code lens, a Uri from a menu, or nothing.
    vscode.commands.registerCommand('irsa.showCredentialChain', (arg?: unknown) => loadCommandsModule().showCredentialChain(ready, context.extensionUri, arg)),
  );
  return ready.then(() => undefined);
}

/** The deferred half of activate(): see there. Resolves with the running client or undefined. */
async function startClientLater(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: vscode.StatusBarItem): Promise<LanguageClient | undefined> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (deactivated) return undefined;
  try {
    const c = loadLanguageClientModule().createLanguageClient(context, output, (p) => renderStatus(status, p));
    await c.start();
    return c;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    output.error(`The IRSA language server could not be started: ${e instanceof Error && e.stack ? e.stack : reason}`);
    status.text = '$(warning) IRSA';
    status.tooltip = 'IRSA: the language server is not running. Click to open the IRSA output channel.';
    status.command = 'irsa.showOutput';
    void vscode.window.showWarningMessage(`IRSA: the language server could not be started (${reason}). See the IRSA output channel.`);
    return undefined;
  }
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

/** The status item's tooltip: the counts, then a link that opens the credential chain (issue #16). */
export function statusTooltip(tooltip: string): string {
  return `${tooltip}\n\n[$(type-hierarchy) Show credential chain](command:${SHOW_CHAIN_COMMAND})`;
}
const SHOW_CHAIN_COMMAND = 'irsa.showCredentialChain';

function renderStatus(item: vscode.StatusBarItem, p: StatusParams | undefined): void {
  const { text, tooltip } = statusText(p);
  item.text = text;
  // A Markdown tooltip with a command link: clicking the item still opens the Problems view. Only
  // this one command may run from it (isTrusted.enabledCommands).
  const md = new vscode.MarkdownString(statusTooltip(tooltip), true);
  md.isTrusted = { enabledCommands: [SHOW_CHAIN_COMMAND] };
  item.tooltip = md;
}

/** Stops the language client: waits for a start in progress to settle first (a starting client cannot be stopped). */
export async function deactivate(): Promise<void> {
  deactivated = true;
  const ready = clientReady;
  clientReady = undefined;
  const c = ready ? await ready : undefined;
  if (c && c.isRunning()) await c.stop();
}
