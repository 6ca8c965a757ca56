/**
 * `IRSA: Explain AWS Error…` (irsa.explainError, issue #15): the text of an AWS error — the selection
 * of the active editor, a text passed by whoever runs the command, or what the user pastes — is sent
 * to the running language server (request `irsa/explainError`, server/src/lsp/explain.ts), which ranks
 * its causes from the workspace it already holds (no second workspace load); the causes are shown as
 * a quick pick, and picking one in a file opens that file at its line. Read-only, so it runs in an
 * untrusted workspace too.
 *
 * The terminal's and the Output view's selections have no API in VS Code 1.95 (`Terminal` has no
 * `selection`; output channels are no text editors of `window.activeTextEditor`), and reading the
 * clipboard behind the user's back is not done: from there the user copies the text and pastes it
 * into the input box.
 */
import * as vscode from 'vscode';
import { EXPLAIN_ERROR_METHOD, ExplainErrorCause, ExplainErrorParams, ExplainErrorResult } from '../../../shared/src/protocol';
import type { ChainsClient } from './codegen';

/** Longest text sent: an error with a stack trace fits; a whole log pasted by mistake is cut. */
export const MAX_ERROR_TEXT = 20_000;

/** A quick pick item for one cause. */
export interface CauseItem extends vscode.QuickPickItem {
  cause: ExplainErrorCause;
}

/** Quick pick items of the causes: a cause in a file shows `path:line`, one outside the files `Check in AWS`. */
export function causeItems(causes: readonly ExplainErrorCause[], relativePath: (uri: string) => string): CauseItem[] {
  return causes.map((c) => ({
    label: c.outsideFiles || !c.uri ? `${c.rank}. $(cloud) Check in AWS` : `${c.rank}. $(file) ${relativePath(c.uri)}${c.range ? `:${c.range.start.line + 1}` : ''}`,
    description: c.ruleId,
    detail: c.summary,
    cause: c,
  }));
}

/**
 * The handler of `irsa.explainError` (registered by extension.ts, which loads this module on first use).
 * @param client the running language client, or undefined when it failed to start.
 * @param text the error text when the command is run with one (e.g. from another extension); else the
 *   active editor's selection, else an input box.
 */
export async function explainAwsError(client: ChainsClient | undefined, text?: unknown): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('IRSA: the language server is not running, so the workspace is not known. See the IRSA output channel.');
    return;
  }
  let error = typeof text === 'string' && text.trim() ? text : undefined;
  if (error === undefined) {
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    if (selected.trim()) error = selected;
  }
  if (error === undefined) {
    error = await vscode.window.showInputBox({
      title: 'IRSA: Explain AWS Error',
      prompt: 'Paste the AWS error as the SDK or the AWS CLI printed it (select it in an editor to skip this step)',
      placeHolder: 'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: …',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Paste the error text'),
    });
    if (error === undefined || !error.trim()) return;
  }
  const params: ExplainErrorParams = { text: error.slice(0, MAX_ERROR_TEXT) };
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'IRSA: explaining the error' }, () =>
    client.sendRequest<ExplainErrorResult>(EXPLAIN_ERROR_METHOD, params),
  );
  if (!result.error) {
    void vscode.window.showWarningMessage(
      'IRSA: this text is none of the AWS errors the toolkit explains (AccessDenied on AssumeRoleWithWebIdentity or AssumeRole, InvalidIdentityToken, IDPCommunicationError, ExpiredToken, the role-chaining DurationSeconds ValidationError, RegionDisabledException, a missing region, no credentials found).',
    );
    return;
  }
  const e = result.error;
  const names = [e.roleName && `role ${e.roleName}`, e.sessionName && `session ${e.sessionName}`, e.issuer && `issuer ${e.issuer}`].filter(Boolean).join(', ');
  const picked = await vscode.window.showQuickPick(
    causeItems(result.causes, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri))),
    { title: `IRSA: ${e.code}${e.operation ? ` on ${e.operation}` : ''}${names ? ` (${names})` : ''}: ${result.causes.length} cause${result.causes.length === 1 ? '' : 's'}`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return;
  const c = picked.cause;
  if (c.outsideFiles || !c.uri) {
    void vscode.window.showInformationMessage(`IRSA: ${c.summary}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(c.uri));
  const range = c.range ? new vscode.Range(c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character) : undefined;
  await vscode.window.showTextDocument(doc, range ? { selection: range } : {});
}
