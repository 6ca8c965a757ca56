/**
 * `IRSA: Generate Refresh-Aware SDK Code…` (irsa.generateSdkCode).
 *
 * The chain comes from the engine run in-process over the workspace's YAML/JSON files (open editors'
 * unsaved text wins). Why not ask the language server: the engine is a pure library already bundled
 * here, the command needs the model (links between CR, workload, Secret and trust policy), not
 * diagnostics, and a one-shot parse of a workspace's IRSA files is cheap — so no custom LSP request
 * (and no protocol versioning between client and server) is needed for it. The engine is bundled
 * into dist/commands/index.js, which extension.ts loads only when a command runs, never at activation.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, mergeSettings, parseConfig } from '../../../server/src/engine';
import { languageOf, MAX_FILE_CHARS } from '../../../server/src/engine';
import { Workspace } from '../../../server/src/engine';
import { InvalidChainError, renderSdkCode, SDK_LANGUAGE_LABELS, SDK_LANGUAGES, SdkLanguage } from '../../../shared/src';
import { chainAtOffset, chainTargets } from '../../../shared/src';

const EXCLUDE = '**/{node_modules,.git,out,dist,bower_components}/**';
/** Upper bound on files read for one command run (a monorepo must not stall the editor). */
const MAX_FILES = 5000;

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

/**
 * The text of a workspace file, or undefined when it is not a regular file or is larger than the
 * engine reads (MAX_FILE_CHARS, 4 MiB): the workspace may be untrusted, and a FIFO named `.irsa.yaml`
 * would block the read forever while a link to /dev/zero would never end (issue #10, item 6). Symbolic
 * links are not followed, as in the CLI's and the server's discovery.
 */
async function readWorkspaceFile(uri: vscode.Uri): Promise<string | undefined> {
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined; // vanished since findFiles
  }
  if (!(st.type & vscode.FileType.File) || st.type & vscode.FileType.SymbolicLink || st.size > MAX_FILE_CHARS) return undefined;
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function loadWorkspace(token: vscode.CancellationToken): Promise<Workspace> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  let settings = {};
  for (const cfg of await vscode.workspace.findFiles(`**/${CONFIG_FILE_NAME}`, EXCLUDE, 1, token)) {
    const text = await readWorkspaceFile(cfg);
    if (text === undefined) continue;
    settings = mergeSettings(settings, parseConfig(text).settings);
  }
  const ws = new Workspace(settings);
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml,json}', EXCLUDE, MAX_FILES, token);
  for (const uri of files) {
    if (token.isCancellationRequested) break;
    const key = uri.toString();
    const doc = open.get(key);
    const text = doc ? doc.getText() : await readWorkspaceFile(uri);
    if (text === undefined) continue;
    ws.update({ uri: key, text, version: doc?.version ?? 0 });
  }
  // Unsaved or untitled YAML/JSON editors are part of what the user sees.
  for (const [key, doc] of open) {
    if (!ws.has(key) && (doc.languageId === 'yaml' || doc.languageId === 'json' || languageOf(key))) ws.update({ uri: key, text: doc.getText(), version: doc.version });
  }
  return ws;
}

/**
 * The handler of `irsa.generateSdkCode` (registered by extension.ts, which loads this module on
 * first use): chain at the cursor or picked → language → inserted at the cursor or a new document.
 */
export async function generateSdkCode(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const ws = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'IRSA: reading the workspace', cancellable: true },
    (_p, token) => loadWorkspace(token),
  );

  // 1. The chain: from the cursor's document, else from a picker of the sets in the workspace.
  let chain = editor ? chainAtOffset(ws, editor.document.uri.toString(), editor.document.offsetAt(editor.selection.active)) : undefined;
  if (!chain) {
    const targets = chainTargets(ws);
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
