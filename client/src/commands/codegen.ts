/**
 * `IRSA: Generate Refresh-Aware SDK Code…` (irsa.generateSdkCode).
 *
 * The chain comes from the running language server (request `irsa/chains`, server/src/lsp/chains.ts):
 * the server already holds the workspace as the diagnostics see it (its `.gitignore`, `ignore` globs,
 * `irsa.*` settings, every workspace folder, unsaved editor text, files too large or unreadable), so
 * the chain offered is the one the diagnostics were computed on. The command used to load the
 * workspace again its own way (first `.irsa.yaml` anywhere, no `.gitignore`, a 5,000-file cap,
 * `irsa.*` settings ignored), and could disagree with the Problems view. Only the renderers run here.
 */
import * as vscode from 'vscode';
import { CHAINS_METHOD, ChainsParams, ChainsResult } from '../../../shared/src/protocol';
import { InvalidChainError, renderSdkCode, SDK_LANGUAGE_LABELS, SDK_LANGUAGES, SdkLanguage } from '../../../shared/src';

/** VS Code language ids that map to an SDK language, to preselect and to decide "insert at cursor". */
const LANGUAGE_IDS: Record<string, SdkLanguage> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
  java: 'java',
};

/** What the command needs of the language client (vscode-languageclient's LanguageClient has both). */
export interface ChainsClient {
  isRunning(): boolean;
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/**
 * The handler of `irsa.generateSdkCode` (registered by extension.ts, which loads this module on
 * first use): chain at the cursor or picked → language → inserted at the cursor or a new document.
 * @param client the running language client, or undefined when it failed to start.
 */
export async function generateSdkCode(client: ChainsClient | undefined): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('IRSA: the language server is not running, so the workspace\'s role chains are not known. See the IRSA output channel.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const params: ChainsParams = editor ? { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } } : {};
  const chains = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'IRSA: reading the workspace' },
    () => client.sendRequest<ChainsResult>(CHAINS_METHOD, params),
  );

  // 1. The chain: from the cursor's document, else from a picker of the sets in the workspace.
  let chain = chains.atCursor;
  if (!chain) {
    const targets = chains.targets;
    if (targets.length === 0) {
      void vscode.window.showWarningMessage(
        'IRSA: no CredentialsRequest in this workspace allows sts:AssumeRole on a destination role ARN, so there is no role chain to generate code for.',
      );
      return;
    }
    const picked =
      targets.length === 1
        ? targets[0]
        : await vscode.window.showQuickPick(
            targets.map((t) => ({ label: t.label, description: t.description, detail: vscode.workspace.asRelativePath(vscode.Uri.parse(t.uri)), target: t })),
            { title: 'IRSA: Generate SDK code for which credential set?', matchOnDescription: true },
          ).then((p) => p?.target);
    if (!picked) return;
    chain = picked.chain;
  }

  // 2. The language: the active editor's first, if it is one we generate.
  const current = editor ? LANGUAGE_IDS[editor.document.languageId] : undefined;
  const order = current ? [current, ...SDK_LANGUAGES.filter((l) => l !== current)] : [...SDK_LANGUAGES];
  const lang = await vscode.window.showQuickPick(
    order.map((l) => ({ label: SDK_LANGUAGE_LABELS[l], language: l })),
    { title: `IRSA: Refresh-aware client for ${chain.destinationRoleArn} (session ${chain.roleSessionName}, ${chain.region})` },
  );
  if (!lang) return;

  let code;
  try {
    code = renderSdkCode(chain, lang.language);
  } catch (err) {
    if (err instanceof InvalidChainError) {
      void vscode.window.showErrorMessage(`IRSA: ${err.message}`);
      return;
    }
    throw err;
  }

  // 3. Where: at the cursor of an editor in that language, or a new untitled document.
  let insert = false;
  if (editor && current === lang.language) {
    const where = await vscode.window.showQuickPick(
      [
        { label: 'Insert at cursor', insert: true },
        { label: 'Open as a new untitled document', insert: false },
      ],
      { title: `IRSA: Where should ${code.fileName} go?` },
    );
    if (!where) return;
    insert = where.insert;
  }
  if (insert && editor) {
    const content = code.content;
    await editor.edit((b) => b.replace(editor.selection, content));
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: lang.language, content: code.content });
  await vscode.window.showTextDocument(doc);
}
