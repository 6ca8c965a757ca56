/**
 * `IRSA: Show Credential Chain` (irsa.showCredentialChain, issue #16): one webview panel, reused, that
 * draws each IRSA set as a graph (client/src/webview, bundled as dist/webview/chain.js and loaded only
 * when this panel opens). The graph comes from the running language server (request `irsa/chainGraph`,
 * params ChainGraphFilter → ChainGraph, server/src/engine/graph/types.ts): the workspace the diagnostics
 * were computed on, unsaved text included, never a second workspace load. The server's notification
 * `irsa/chainGraphChanged` (the model or the findings changed) makes the panel ask again, debounced,
 * with the filter the user chose.
 *
 * Run from the command palette (every set, or the filter the open panel has), from a code lens on a
 * CredentialsRequest, ServiceAccount or trust policy (arguments `[{ uri }]`: the sets holding that
 * document), or from the status bar item's tooltip. Read-only apart from the export, which writes only
 * the file the user picks in a save dialog, and asks before replacing one.
 *
 * The panel does not retain its context when hidden (VS Code's advice: it costs memory): when it is
 * shown again the page reloads, says `ready`, and gets the latest graph.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { ChainGraph, ChainGraphFilter } from '../../../server/src/engine';
import { CHAIN_GRAPH_CHANGED_NOTIFICATION, CHAIN_GRAPH_METHOD } from '../../../shared/src/protocol';
import { chainHtml, parseFromWebview, urisOf } from '../webview';
import type { FromWebview, ToWebview } from '../webview';

/** Quiet time after the last `irsa/chainGraphChanged` before asking again (ms): typing sends one per publish. */
export const REFRESH_DEBOUNCE_MS = 300;

/** What the panel needs of the language client (vscode-languageclient's LanguageClient has all three). */
export interface ChainGraphClient {
  isRunning(): boolean;
  sendRequest<R>(method: string, params: unknown): Promise<R>;
  onNotification(method: string, handler: () => void): { dispose(): unknown };
}

/** 128 random bits, base64: a fresh nonce for each page (the CSP's `script-src 'nonce-…'`). */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/**
 * The filter a command argument asks for: `{ uri }` (the code lens), a `vscode.Uri` (a menu), else
 * undefined (the command palette: keep the panel's filter).
 */
export function filterOfArgument(arg: unknown): ChainGraphFilter | undefined {
  if (arg instanceof vscode.Uri) return { uri: arg.toString() };
  if (typeof arg === 'object' && arg !== null && typeof (arg as { uri?: unknown }).uri === 'string' && (arg as { uri: string }).uri) return { uri: (arg as { uri: string }).uri };
  return undefined;
}

let current: ChainPanel | undefined;

/**
 * The handler of `irsa.showCredentialChain` (registered by extension.ts, which loads this module on
 * first use). Opens the panel beside the editor, or reveals the open one; a `{ uri }` argument narrows
 * it to the sets holding that document.
 * @param client settles with the running language client, or undefined when it failed to start.
 * @param extensionUri the extension's folder (dist/webview/ is the panel's only resource root).
 */
export function showCredentialChain(client: Promise<ChainGraphClient | undefined>, extensionUri: vscode.Uri, arg?: unknown): void {
  const filter = filterOfArgument(arg);
  if (current) {
    current.reveal(filter);
    return;
  }
  current = new ChainPanel(client, extensionUri, filter ?? {});
}

class ChainPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: { dispose(): unknown }[] = [];
  private filter: ChainGraphFilter;
  /** URIs of the graph last sent: the only documents the page may ask to open. */
  private allowed = new Set<string>();
  private requestSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: Promise<ChainGraphClient | undefined>,
    extensionUri: vscode.Uri,
    filter: ChainGraphFilter,
  ) {
    this.filter = filter;
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel('irsa.credentialChain', 'IRSA: Credential Chain', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [root],
    });
    const webview = this.panel.webview;
    webview.html = chainHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'chain.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'chain.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(parseFromWebview(m))),
      this.panel.onDidDispose(() => this.dispose()),
    );
    void client.then((c) => {
      if (c && current === this) this.disposables.push(c.onNotification(CHAIN_GRAPH_CHANGED_NOTIFICATION, () => this.scheduleRefresh()));
    });
  }

  reveal(filter: ChainGraphFilter | undefined): void {
    this.panel.reveal(undefined, false);
    if (filter) {
      this.filter = filter;
      void this.refresh();
    }
  }

  /** A hidden panel is not refreshed: its page reloads when shown, and says `ready`. */
  private scheduleRefresh(): void {
    if (!this.panel.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  /** Asks the server for the graph with the current filter and posts it; a later request wins over an earlier one's late answer. */
  private async refresh(): Promise<void> {
    const seq = ++this.requestSeq;
    const filter = this.filter;
    const client = await this.client;
    if (!client || !client.isRunning()) {
      this.post({ type: 'status', message: 'The IRSA language server is not running, so the workspace is not known. See the IRSA output channel.' });
      return;
    }
    let graph: ChainGraph;
    try {
      graph = await client.sendRequest<ChainGraph>(CHAIN_GRAPH_METHOD, filter);
    } catch (e) {
      if (seq === this.requestSeq) this.post({ type: 'status', message: `The credential chain could not be drawn: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (seq !== this.requestSeq || current !== this) return;
    this.allowed = urisOf(graph);
    this.post({ type: 'graph', graph, filter });
  }

  private async onMessage(m: FromWebview | undefined): Promise<void> {
    if (!m) return;
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'filter':
        this.filter = m.filter;
        return this.refresh();
      case 'open': {
        if (!this.allowed.has(m.uri)) {
          // Only files of the picture the extension sent are opened (the page is not trusted to name others).
          void vscode.window.showWarningMessage(`IRSA: ${vscode.Uri.parse(m.uri).fsPath} is not in the credential chain drawn now; the picture is refreshed.`);
          return this.refresh();
        }
        const at = new vscode.Position(m.line, m.character);
        // Beside the panel, never over it: the user goes on clicking in the picture.
        const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
        try {
          await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: new vscode.Range(at, at), viewColumn: column, preview: true });
        } catch (e) {
          void vscode.window.showErrorMessage(`IRSA: cannot open ${vscode.Uri.parse(m.uri).fsPath}: ${e instanceof Error ? e.message : String(e)}`);
        }
        return;
      }
      case 'export':
        return exportPicture(m.format, m.data);
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    if (current === this) current = undefined;
  }
}

/**
 * Writes the exported picture where the user says (a save dialog; nothing when cancelled). When the
 * chosen file exists, a modal asks before it is replaced: the export never overwrites silently, whatever
 * the platform's dialog does.
 */
async function exportPicture(format: 'svg' | 'png', data: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `credential-chain.${format}`;
  const target = await vscode.window.showSaveDialog({
    title: `IRSA: Export the credential chain as ${format.toUpperCase()}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
  });
  if (!target) return;
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    const replace = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} exists. Replace it?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return;
  }
  const bytes = format === 'svg' ? Buffer.from(data, 'utf8') : Buffer.from(data.slice('data:image/png;base64,'.length), 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`IRSA: the credential chain was saved to ${vscode.workspace.asRelativePath(target)}.`);
}
