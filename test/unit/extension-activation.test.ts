/**
 * Extension activation stays within its budget (issue 6: ≤ 30 ms) by design, not by measurement:
 * - dist/extension.js (built by `node esbuild.mjs`) is tiny and requires nothing but `vscode` and its
 *   two lazily loaded sibling bundles, dist/languageClient.js (vscode-languageclient) and
 *   dist/commands/index.js (scaffolding, code generation and the engine);
 * - activate() (out/client/src/extension.js over a scripted fake `vscode`) registers every command
 *   synchronously and loads the language client only after it has returned; a failed start becomes a
 *   log line, a warning and a resolved promise; commands load their implementation on first use.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Module = require('node:module');
import { ALL_RULES } from '../../server/src/engine/rules';
import { REPO_ROOT } from '../helpers/fixtures';

const DIST = path.join(REPO_ROOT, 'dist');

function readBundle(rel: string): string {
  const file = path.join(DIST, rel);
  assert.ok(fs.existsSync(file), `${file} missing: run \`node esbuild.mjs\` first`);
  return fs.readFileSync(file, 'utf8');
}

describe('dist/extension.js, the only bundle loaded at activation', () => {
  it('requires nothing but vscode, ./languageClient and ./commands', () => {
    const text = readBundle('extension.js');
    const required = [...new Set([...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
    assert.deepEqual(required, ['./commands', './languageClient', 'vscode']);
  });

  it('holds neither vscode-languageclient nor the engine, and stays under 16 KiB', () => {
    const text = readBundle('extension.js');
    assert.ok(Buffer.byteLength(text) < 16 * 1024, `dist/extension.js is ${Buffer.byteLength(text)} bytes`);
    for (const s of ['vscode-languageclient', 'vscode-jsonrpc', 'IRSA Language Server', 'parseAllDocuments']) {
      assert.ok(!text.includes(s), `dist/extension.js contains ${JSON.stringify(s)}`);
    }
    const ruleIds = ALL_RULES.map((r) => r.id).filter((id) => text.includes(`"${id}"`) || text.includes(`'${id}'`));
    assert.deepEqual(ruleIds, [], 'rule ids found in dist/extension.js');
  });

  it('has its lazy siblings next to it: dist/languageClient.js with the client, dist/commands/index.js with the commands', () => {
    assert.match(readBundle('languageClient.js'), /IRSA Language Server/);
    const commands = readBundle('commands/index.js');
    assert.match(commands, /irsa\/chains/);
    // Code generation asks the language server for the chains (issue 12): the engine's rules are not bundled again.
    assert.ok(!commands.includes('"deprecated-service-account"'), 'dist/commands/index.js carries the engine rules');
    assert.doesNotMatch(commands, /vscode-languageclient|IRSA Language Server/);
  });
});

// ---------------------------------------------------------------------------------------------
// activate() over a fake vscode; ./languageClient and ./commands replaced by scripted fakes.

interface Disposable {
  dispose(): void;
}
/** vscode.MarkdownString, as far as the status item's tooltip uses it. */
class FakeMarkdownString {
  isTrusted: unknown;
  constructor(
    public value: string,
    public supportThemeIcons?: boolean,
  ) {}
}
interface FakeStatusItem {
  name?: string;
  text: string;
  tooltip?: string | FakeMarkdownString;
  command?: string;
  shown: boolean;
  show(): void;
  dispose(): void;
}
interface FakeOutput {
  errors: string[];
  shown: number;
  error(m: string): void;
  appendLine(m: string): void;
  show(): void;
  dispose(): void;
}
interface FakeClient {
  running: boolean;
  stops: number;
  isRunning(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type Handler = (...args: unknown[]) => unknown;

const ui = {
  commands: new Map<string, Handler>(),
  warnings: [] as string[],
  outputs: [] as FakeOutput[],
  statusItems: [] as FakeStatusItem[],
};
const fakeVscode = {
  StatusBarAlignment: { Left: 1, Right: 2 },
  MarkdownString: FakeMarkdownString,
  commands: {
    registerCommand(id: string, fn: Handler): Disposable {
      assert.ok(!ui.commands.has(id), `${id} registered twice`);
      ui.commands.set(id, fn);
      return { dispose: () => ui.commands.delete(id) };
    },
  },
  window: {
    createOutputChannel(): FakeOutput {
      const o: FakeOutput = {
        errors: [],
        shown: 0,
        error: (m) => o.errors.push(m),
        appendLine: () => undefined,
        show: () => void o.shown++,
        dispose: () => undefined,
      };
      ui.outputs.push(o);
      return o;
    },
    createStatusBarItem(): FakeStatusItem {
      const s: FakeStatusItem = { text: '', shown: false, show: () => void (s.shown = true), dispose: () => undefined };
      ui.statusItems.push(s);
      return s;
    },
    showWarningMessage: async (m: string) => {
      ui.warnings.push(m);
      return undefined;
    },
  },
};

/** What the fake ./languageClient and ./commands saw, and how the fake client's start behaves. */
interface Script {
  startResult: () => Promise<void>;
  clients: FakeClient[];
  validated: { client: unknown; output: unknown }[];
  scaffoldTargets: unknown[];
  codegenRuns: number;
  explained: { client: unknown; text: unknown }[];
  chains: { client: unknown; extensionUri: unknown; arg: unknown }[];
  /** Distinct lazy modules extension.js required, in order. */
  loads: string[];
  startCalled: Promise<void>;
}

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-activation-'));
const EXTENSION = path.join(REPO_ROOT, 'out', 'client', 'src', 'extension.js');
type ResolveFilename = (this: unknown, request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const M = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };
const realResolve = M._resolveFilename;
let generation = 0;
let fakeIds: Record<string, string> = {};
let script: Script;

interface ExtensionModule {
  activate(context: { subscriptions: Disposable[]; asAbsolutePath(p: string): string; extensionUri: unknown }): Promise<void>;
  deactivate(): Promise<void>;
}

/** A fresh copy of out/client/src/extension.js (module state reset) and fresh fakes. */
function loadExtension(startResult: () => Promise<void> = async () => undefined): ExtensionModule {
  for (const id of Object.values(fakeIds)) delete M._cache[id];
  delete M._cache[EXTENSION];
  generation++;
  let startCalledResolve!: () => void;
  const s: Script = {
    startResult,
    clients: [],
    validated: [],
    scaffoldTargets: [],
    codegenRuns: 0,
    explained: [],
    chains: [],
    loads: [],
    startCalled: new Promise<void>((r) => (startCalledResolve = r)),
  };
  script = s;
  const languageClient = {
    createLanguageClient: (_context: unknown, _output: unknown, _onStatus: unknown): FakeClient => {
      const c: FakeClient = {
        running: false,
        stops: 0,
        isRunning: () => c.running,
        start: async () => {
          startCalledResolve();
          await s.startResult();
          c.running = true;
        },
        stop: async () => {
          c.stops++;
          c.running = false;
        },
      };
      s.clients.push(c);
      return c;
    },
    validateWorkspace: async (client: unknown, output: unknown) => void s.validated.push({ client, output }),
  };
  const commands = {
    runNewCredentialSet: async (target: unknown) => void s.scaffoldTargets.push(target),
    generateSdkCode: async () => void s.codegenRuns++,
    explainAwsError: async (client: unknown, text: unknown) => void s.explained.push({ client, text }),
    showCredentialChain: (client: unknown, extensionUri: unknown, arg: unknown) => void s.chains.push({ client, extensionUri, arg }),
  };
  fakeIds = {
    vscode: path.join(TMP, `vscode-${generation}.js`),
    './languageClient': path.join(TMP, `languageClient-${generation}.js`),
    './commands': path.join(TMP, `commands-${generation}.js`),
  };
  const exportsOf: Record<string, unknown> = { vscode: fakeVscode, './languageClient': languageClient, './commands': commands };
  for (const [request, id] of Object.entries(fakeIds)) M._cache[id] = { id, filename: id, loaded: true, exports: exportsOf[request], children: [] };
  ui.commands.clear();
  ui.warnings.length = 0;
  ui.outputs.length = 0;
  ui.statusItems.length = 0;
  return require(EXTENSION) as ExtensionModule;
}

/**
 * Resolves `vscode` and the extension's two lazy siblings to the fakes (recording which siblings were
 * loaded, in order), everything else as Node.js does.
 */
const fakeResolve = function (this: unknown, request, parent, ...rest) {
  if (request === 'vscode') return fakeIds.vscode;
  if (parent?.filename === EXTENSION && (request === './languageClient' || request === './commands')) {
    if (!script.loads.includes(request)) script.loads.push(request);
    return fakeIds[request];
  }
  return realResolve.call(this, request, parent, ...rest);
} as ResolveFilename;

const EXTENSION_URI = { fsPath: REPO_ROOT };
function context(): { subscriptions: Disposable[]; asAbsolutePath(p: string): string; extensionUri: unknown } {
  return { subscriptions: [], asAbsolutePath: (p) => path.join(REPO_ROOT, p), extensionUri: EXTENSION_URI };
}

describe('activate() registers synchronously and starts the language client later', () => {
  before(() => {
    M._resolveFilename = fakeResolve;
  });
  after(() => {
    M._resolveFilename = realResolve;
    for (const id of Object.values(fakeIds)) delete M._cache[id];
    delete M._cache[EXTENSION];
    fs.rmSync(TMP, { recursive: true, force: true });
  });
  beforeEach(() => {
    assert.ok(fs.existsSync(EXTENSION), `${EXTENSION} missing: run \`npx tsc -b\` first`);
  });

  it('registers the output channel, status bar item and every contributed command before returning, loading nothing', async () => {
    const ext = loadExtension();
    const ctx = context();
    const done = ext.activate(ctx);
    assert.ok(done instanceof Promise);
    const contributed = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((c) => c.command)
      .sort();
    assert.deepEqual([...ui.commands.keys()].sort(), contributed);
    assert.equal(ui.outputs.length, 1);
    assert.equal(ui.statusItems.length, 1);
    assert.deepEqual(
      { text: ui.statusItems[0].text, shown: ui.statusItems[0].shown, command: ui.statusItems[0].command },
      { text: '$(sync~spin) IRSA', shown: true, command: 'workbench.actions.view.problems' },
    );
    assert.equal(ctx.subscriptions.length, 2 + contributed.length);
    assert.deepEqual(script.loads, [], 'nothing may be loaded during the synchronous part of activate()');
    await done;
    assert.deepEqual(script.loads, ['./languageClient']);
    assert.equal(script.clients.length, 1);
    assert.equal(script.clients[0].running, true);
    await ext.deactivate();
    assert.equal(script.clients[0].stops, 1);
  });

  it('a failed start resolves activate(), logs the error and warns; Validate Workspace then gets no client', async () => {
    const ext = loadExtension(() => Promise.reject(new Error('spawn ENOENT')));
    await ext.activate(context());
    assert.equal(ui.outputs[0].errors.length, 1);
    assert.match(ui.outputs[0].errors[0], /^The IRSA language server could not be started: Error: spawn ENOENT/);
    assert.deepEqual(ui.warnings, ['IRSA: the language server could not be started (spawn ENOENT). See the IRSA output channel.']);
    assert.deepEqual(
      { text: ui.statusItems[0].text, command: ui.statusItems[0].command },
      { text: '$(warning) IRSA', command: 'irsa.showOutput' },
    );
    await ui.commands.get('irsa.validateWorkspace')!();
    assert.deepEqual(script.validated, [{ client: undefined, output: ui.outputs[0] }]);
    await ext.deactivate();
    assert.equal(script.clients[0].stops, 0, 'a client that never ran is not stopped');
  });

  it('Validate Workspace run during the start waits for the running client', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const ext = loadExtension(() => released);
    const activated = ext.activate(context());
    const validation = ui.commands.get('irsa.validateWorkspace')!();
    await script.startCalled;
    assert.equal(script.validated.length, 0, 'validated before the client ran');
    release();
    await validation;
    await activated;
    assert.equal(script.validated.length, 1);
    assert.equal(script.validated[0].client, script.clients[0]);
    assert.equal(script.clients[0].running, true);
    await ext.deactivate();
  });

  it('deactivate() before the deferred start runs: the client is never created', async () => {
    const ext = loadExtension();
    const activated = ext.activate(context());
    await ext.deactivate();
    await activated;
    assert.deepEqual(script.loads, []);
    assert.equal(script.clients.length, 0);
  });

  it('scaffold and codegen commands load ./commands on first use and pass the explorer target', async () => {
    const ext = loadExtension();
    await ext.activate(context());
    assert.deepEqual(script.loads, ['./languageClient']);
    const folder = { fsPath: '/tmp/x' };
    await ui.commands.get('irsa.newCredentialSet')!(folder);
    await ui.commands.get('irsa.generateSdkCode')!();
    ui.commands.get('irsa.showOutput')!();
    assert.deepEqual(script.loads, ['./languageClient', './commands']);
    assert.deepEqual(script.scaffoldTargets, [folder]);
    assert.equal(script.codegenRuns, 1);
    assert.equal(ui.outputs[0].shown, 1);
    await ext.deactivate();
  });

  it('IRSA: Explain AWS Error… (issue #15) loads ./commands on first use and hands it the running client and the text it was run with', async () => {
    const ext = loadExtension();
    await ext.activate(context());
    assert.deepEqual(script.loads, ['./languageClient']);
    await ui.commands.get('irsa.explainError')!('Unable to locate credentials');
    assert.deepEqual(script.loads, ['./languageClient', './commands']);
    assert.equal(script.explained.length, 1);
    assert.equal(script.explained[0]!.client, script.clients[0]);
    assert.equal(script.explained[0]!.text, 'Unable to locate credentials');
    await ext.deactivate();
  });
});

describe('IRSA: Show Credential Chain (issue #16)', () => {
  before(() => {
    M._resolveFilename = fakeResolve;
  });
  after(() => {
    M._resolveFilename = realResolve;
  });

  it('loads ./commands on first use and hands it the client promise, the extension folder and the code lens argument, without waiting for the client', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const ext = loadExtension(() => released);
    const activated = ext.activate(context());
    await script.startCalled;
    const lens = { uri: 'file:///w/cr.yaml' };
    await ui.commands.get('irsa.showCredentialChain')!(lens);
    assert.deepEqual(script.loads, ['./languageClient', './commands']);
    assert.equal(script.chains.length, 1, 'the panel opens while the client is still starting');
    assert.deepEqual({ extensionUri: script.chains[0]!.extensionUri, arg: script.chains[0]!.arg }, { extensionUri: EXTENSION_URI, arg: lens });
    release();
    assert.equal(await script.chains[0]!.client, script.clients[0]);
    await activated;
    await ext.deactivate();
  });

  it("the status item's tooltip links to the command, and trusts that command only", async () => {
    const ext = loadExtension();
    await ext.activate(context());
    const tip = ui.statusItems[0]!.tooltip as FakeMarkdownString;
    assert.ok(tip instanceof FakeMarkdownString);
    assert.equal(tip.value, 'IRSA: scanning the workspace…\n\n[$(type-hierarchy) Show credential chain](command:irsa.showCredentialChain)');
    assert.equal(tip.supportThemeIcons, true);
    assert.deepEqual(tip.isTrusted, { enabledCommands: ['irsa.showCredentialChain'] });
    await ext.deactivate();
  });
});

describe('activation events (issue #14: code files are in the document selector, not in the triggers)', () => {
  it('are the IRSA triggers only: no code language and no code file glob starts the extension', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
    assert.deepEqual(pkg.activationEvents, ['workspaceContains:**/*.{yaml,yml}', 'workspaceContains:**/.irsa.yaml', 'onLanguage:yaml', 'onLanguage:json']);
    const code = /typescript|javascript|python|\bgo\b|java\b|\.(ts|tsx|js|mjs|cjs|py|go|java)\b/;
    assert.deepEqual(pkg.activationEvents.filter((e) => code.test(e)), []);
  });
});
