/**
 * `IRSA: Show Credential Chain` (client/src/commands/chain.ts, issue #16) over a scripted fake of the
 * `vscode` API and a stub language client: one panel, reused; the page's `ready` and filters become
 * `irsa/chainGraph` requests; `irsa/chainGraphChanged` re-asks after the debounce with the same filter
 * (mock timers, no sleeping); a late answer never replaces a newer one; only the graph's documents
 * open; an export asks before replacing a file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { ChainGraph, ChainGraphFilter } from '../../server/src/engine';
import type { ToWebview } from '../../client/src/webview';
import { FIXTURES } from '../helpers/fixtures';
import { fakeModule } from '../helpers/fake-module';

class FakeUri {
  constructor(readonly value: string) {}
  static parse(s: string): FakeUri {
    return new FakeUri(s);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri([base.value, ...parts].join('/'));
  }
  toString(): string {
    return this.value;
  }
}
class FakePosition {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class FakeRange {
  constructor(
    readonly start: FakePosition,
    readonly end: FakePosition,
  ) {}
}
type Listener = (m: unknown) => void;

class FakePanel {
  visible = true;
  viewColumn = 2;
  reveals = 0;
  posted: ToWebview[] = [];
  listeners: Listener[] = [];
  disposeListeners: (() => void)[] = [];
  readonly webview = {
    cspSource: 'vscode-webview://x',
    asWebviewUri: (u: FakeUri) => new FakeUri(`webview:${u.value}`),
    postMessage: async (m: ToWebview) => void this.posted.push(m),
    onDidReceiveMessage: (l: Listener) => {
      this.listeners.push(l);
      return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
    },
    get html(): string {
      return panelHtml;
    },
    set html(v: string) {
      panelHtml = v;
    },
  };
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly options: { enableScripts: boolean; localResourceRoots: FakeUri[]; retainContextWhenHidden?: boolean },
  ) {}
  onDidDispose(l: () => void): { dispose(): void } {
    this.disposeListeners.push(l);
    return { dispose: () => undefined };
  }
  reveal(): void {
    this.reveals++;
  }
  /** The user closes the panel. */
  close(): void {
    for (const l of this.disposeListeners) l();
  }
  /** The page posts `m`. */
  async send(m: unknown): Promise<void> {
    for (const l of this.listeners) l(m);
    await flush();
  }
}
let panelHtml = '';

const ui = {
  panels: [] as FakePanel[],
  opened: [] as { uri: string; selection: FakeRange; viewColumn: number }[],
  saveAnswer: undefined as FakeUri | undefined,
  existing: new Set<string>(),
  warnings: [] as { message: string; modal: boolean }[],
  warningAnswer: undefined as string | undefined,
  written: new Map<string, Buffer>(),
  infos: [] as string[],
};

const fakeVscode = {
  Uri: FakeUri,
  Position: FakePosition,
  Range: FakeRange,
  ViewColumn: { One: 1, Two: 2, Beside: -2 },
  window: {
    createWebviewPanel: (viewType: string, title: string, _show: unknown, options: FakePanel['options']) => {
      const p = new FakePanel(viewType, title, options);
      ui.panels.push(p);
      return p;
    },
    showTextDocument: async (uri: FakeUri, o: { selection: FakeRange; viewColumn: number }) => void ui.opened.push({ uri: uri.value, selection: o.selection, viewColumn: o.viewColumn }),
    showSaveDialog: async () => ui.saveAnswer,
    showWarningMessage: async (message: string, o: { modal?: boolean }) => {
      ui.warnings.push({ message, modal: o?.modal === true });
      return ui.warningAnswer;
    },
    showInformationMessage: async (m: string) => void ui.infos.push(m),
  },
  workspace: {
    workspaceFolders: [{ uri: new FakeUri('file:///w') }],
    asRelativePath: (u: FakeUri) => u.value.replace(/^file:\/\/\/w\//, ''),
    fs: {
      stat: async (u: FakeUri) => {
        if (!ui.existing.has(u.value)) throw new Error('ENOENT');
        return {};
      },
      writeFile: async (u: FakeUri, b: Uint8Array) => void ui.written.set(u.value, Buffer.from(b)),
    },
  },
};

/** A stub language client: answers each `irsa/chainGraph` from `answer(filter)`, or holds it until released. */
class StubClient {
  requests: ChainGraphFilter[] = [];
  handlers = new Map<string, () => void>();
  held: { release: () => void }[] = [];
  hold = false;
  constructor(private readonly answer: (f: ChainGraphFilter) => ChainGraph) {}
  isRunning(): boolean {
    return true;
  }
  async sendRequest<R>(method: string, params: unknown): Promise<R> {
    assert.equal(method, 'irsa/chainGraph');
    const f = params as ChainGraphFilter;
    this.requests.push(f);
    if (this.hold) await new Promise<void>((release) => this.held.push({ release }));
    return this.answer(f) as unknown as R;
  }
  onNotification(method: string, h: () => void): { dispose(): void } {
    this.handlers.set(method, h);
    return { dispose: () => this.handlers.delete(method) };
  }
}

/** Lets pending promise callbacks run (the stub answers asynchronously). */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const guide = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'chain-webview', 'guide.json'), 'utf8')) as ChainGraph;
const withQuery = (f: ChainGraphFilter): ChainGraph => ({ ...guide, totalSets: f.query ? 7 : 1 });

type Show = (client: Promise<StubClient | undefined>, extensionUri: FakeUri, arg?: unknown) => void;
let show: Show;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-chain-cmd-'));
let restoreVscode: () => void;
const EXT = new FakeUri('file:///ext');

before(() => {
  restoreVscode = fakeModule('vscode', fakeVscode, TMP);
  show = (require('../../client/src/commands/chain') as { showCredentialChain: Show }).showCredentialChain;
});
after(() => {
  restoreVscode();
  fs.rmSync(TMP, { recursive: true, force: true });
});
beforeEach(() => {
  ui.panels = [];
  ui.opened = [];
  ui.saveAnswer = undefined;
  ui.existing = new Set();
  ui.warnings = [];
  ui.warningAnswer = undefined;
  ui.written = new Map();
  ui.infos = [];
});
afterEach(() => {
  for (const p of ui.panels) p.close();
});

describe('IRSA: Show Credential Chain (fake vscode, stub client)', () => {
  it('opens one panel with the bundle and a CSP, scripts on, resources from dist/webview only; sends the graph when the page is ready', async () => {
    const client = new StubClient(withQuery);
    show(Promise.resolve(client), EXT, { uri: 'file:///w/guide/deployment.yaml' });
    assert.equal(ui.panels.length, 1);
    const p = ui.panels[0]!;
    assert.deepEqual([p.viewType, p.title, p.options.enableScripts, p.options.localResourceRoots.map(String), p.options.retainContextWhenHidden], [
      'irsa.credentialChain',
      'IRSA: Credential Chain',
      true,
      ['file:///ext/dist/webview'],
      undefined,
    ]);
    assert.match(panelHtml, /<script nonce="([A-Za-z0-9+/]{22}==)" src="webview:file:\/\/\/ext\/dist\/webview\/chain\.js"><\/script>/);
    const nonce = /nonce="([^"]+)"/.exec(panelHtml)![1]!;
    assert.ok(panelHtml.includes(`script-src &#39;nonce-${nonce}&#39;;`));
    await p.send({ type: 'ready' });
    assert.deepEqual(client.requests, [{ uri: 'file:///w/guide/deployment.yaml' }]);
    assert.deepEqual(p.posted, [{ type: 'graph', graph: withQuery({}), filter: { uri: 'file:///w/guide/deployment.yaml' } }]);
    // Run again (command palette): the same panel, revealed, its filter kept.
    show(Promise.resolve(client), EXT);
    assert.deepEqual([ui.panels.length, p.reveals], [1, 1]);
    await flush();
    assert.equal(client.requests.length, 1);
  });

  it('a filter from the page is asked for, and kept when the server says the graph changed (debounced)', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const client = new StubClient(withQuery);
    show(Promise.resolve(client), EXT);
    const p = ui.panels[0]!;
    await flush();
    await p.send({ type: 'filter', filter: { namespace: 'my-namespace', query: 'reader' } });
    const changed = client.handlers.get('irsa/chainGraphChanged')!;
    changed();
    changed();
    t.mock.timers.tick(299);
    await flush();
    assert.equal(client.requests.length, 1);
    t.mock.timers.tick(1);
    await flush();
    assert.deepEqual(client.requests, [
      { namespace: 'my-namespace', query: 'reader' },
      { namespace: 'my-namespace', query: 'reader' },
    ]);
    assert.deepEqual(p.posted.map((m) => m.type === 'graph' && [m.filter, m.graph.totalSets]), [
      [{ namespace: 'my-namespace', query: 'reader' }, 7],
      [{ namespace: 'my-namespace', query: 'reader' }, 7],
    ]);
    // Hidden: no request (the page reloads when shown and says ready).
    p.visible = false;
    changed();
    t.mock.timers.tick(1000);
    await flush();
    assert.equal(client.requests.length, 2);
    // Closed: the notification handler is gone.
    p.close();
    assert.equal(client.handlers.size, 0);
  });

  it('a late answer to an older request never replaces the newer graph', async () => {
    const client = new StubClient(withQuery);
    client.hold = true;
    show(Promise.resolve(client), EXT);
    const p = ui.panels[0]!;
    await p.send({ type: 'filter', filter: {} });
    await p.send({ type: 'filter', filter: { query: 'x' } });
    client.held[1]!.release();
    await flush();
    client.held[0]!.release();
    await flush();
    assert.deepEqual(p.posted.map((m) => m.type === 'graph' && m.filter), [{ query: 'x' }]);
  });

  it('opens only documents of the graph, beside the panel, at the line; ignores malformed messages', async () => {
    const client = new StubClient(withQuery);
    show(Promise.resolve(client), EXT);
    const p = ui.panels[0]!;
    await p.send({ type: 'open', uri: 'file:///w/guide/deployment.yaml', line: 3, character: 2 });
    assert.deepEqual(ui.opened, [], 'nothing opens before a graph was sent');
    await p.send({ type: 'ready' });
    await p.send({ type: 'open', uri: 'file:///w/guide/deployment.yaml', line: 3, character: 2 });
    await p.send({ type: 'open', uri: 'file:///etc/passwd', line: 0, character: 0 });
    await p.send({ type: 'open', uri: 'file:///w/guide/deployment.yaml', line: '3', character: 2 });
    await p.send('open');
    assert.deepEqual(ui.opened, [{ uri: 'file:///w/guide/deployment.yaml', selection: new FakeRange(new FakePosition(3, 2), new FakePosition(3, 2)), viewColumn: 1 }]);
  });

  it('export: nothing without a file; a new file is written; an existing one only after the user says Replace', async () => {
    show(Promise.resolve(new StubClient(withQuery)), EXT);
    const p = ui.panels[0]!;
    await p.send({ type: 'export', format: 'svg', data: '<svg/>' });
    assert.equal(ui.written.size, 0);
    ui.saveAnswer = new FakeUri('file:///w/chain.svg');
    await p.send({ type: 'export', format: 'svg', data: '<svg/>' });
    assert.deepEqual([...ui.written].map(([u, b]) => [u, b.toString('utf8')]), [['file:///w/chain.svg', '<svg/>']]);
    assert.deepEqual(ui.warnings, []);
    ui.written.clear();
    ui.existing.add('file:///w/chain.png');
    ui.saveAnswer = new FakeUri('file:///w/chain.png');
    await p.send({ type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' });
    assert.deepEqual(ui.warnings, [{ message: 'chain.png exists. Replace it?', modal: true }]);
    assert.equal(ui.written.size, 0, 'not replaced without a yes');
    ui.warningAnswer = 'Replace';
    await p.send({ type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' });
    assert.deepEqual([...ui.written].map(([u, b]) => [u, b.toString('hex')]), [['file:///w/chain.png', '89504e470d0a1a0a']]);
    assert.deepEqual(ui.infos, ['IRSA: the credential chain was saved to chain.svg.', 'IRSA: the credential chain was saved to chain.png.']);
  });

  it('without a running server the page says so', async () => {
    show(Promise.resolve(undefined), EXT);
    const p = ui.panels[0]!;
    await p.send({ type: 'ready' });
    assert.deepEqual(p.posted, [{ type: 'status', message: 'The IRSA language server is not running, so the workspace is not known. See the IRSA output channel.' }]);
  });

  it('a failed request (e.g. a server without irsa/chainGraph) is shown, not thrown', async () => {
    const client = new StubClient(() => {
      throw new Error('Unhandled method irsa/chainGraph');
    });
    show(Promise.resolve(client), EXT);
    const p = ui.panels[0]!;
    await p.send({ type: 'ready' });
    assert.deepEqual(p.posted, [{ type: 'status', message: 'The credential chain could not be drawn: Unhandled method irsa/chainGraph' }]);
  });
});

