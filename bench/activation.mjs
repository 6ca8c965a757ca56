#!/usr/bin/env node
// Extension activation cost, approximated in a fresh node process per run with a stub `vscode` module:
// a plain object with every top-level name that @types/vscode declares (namespaces, classes, enums,
// `version` = the engines minimum 1.95.0), each a Proxy that answers every property, call and `new`
// with another stub and accepts every assignment; window.show{Warning,Error}Message record their
// messages. (A bare Proxy as the module would lose every name in esbuild's __toESM copy and make
// activate() throw at once.) child_process.fork/spawn are stubbed so the language client does not
// start the server (lsp-latency.mjs measures the server's start-up).
// Not a real VS Code: the figures leave out the host's own work and the real API's costs.
//
// Measured, per run (medians are reported):
// 1. Activation, the budget figure (≤ 30 ms): require() of dist/extension.js (requireMs) plus the
//    synchronous part of activate() until it returns its promise (activateSyncMs); totalMs is their sum,
//    totalCpuMs the process CPU over both. This is the time the extension host's thread is blocked by
//    the activate() call. dist/extension.js registers everything and defers the language client.
// 2. The deferred client start, reported separately so the cost is visible, not hidden: activate()
//    yields once (setImmediate) and then requires dist/languageClient.js (vscode-languageclient) and
//    starts the client. deferredRequireMs / deferredRequireCpuMs time that require() alone (hooked in
//    Module._load); deferredTaskMs / deferredTaskCpuMs are the main-thread time of the whole deferred task
//    (require + creating the client + start()'s synchronous part and the microtasks it queues), taken from
//    the end of activate() to a setImmediate queued right after it, which runs after the extension's own.
//    Null when the bundle under test does not defer (the old single-bundle design).
// loadedByExtension lists the modules dist/extension.js required during the run (expected: vscode,
// ./languageClient; not ./commands, which loads on the first scaffold/codegen command).
//   node bench/activation.mjs [--runs N] [--json out.json]   (one child process per run)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');

const CHILD = `
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const REPO = ${JSON.stringify(REPO)};
const EXT = path.join(REPO, 'dist/extension.js');
const stub = () => {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, p) {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return function* () {};
      if (p === 'length') return 0;
      return stub();
    },
    set() { return true; },
    apply() { return stub(); },
    construct() { return stub(); },
  });
};
const messages = [];
const window = new Proxy(stub(), {
  get(t, p) {
    if (p === 'showWarningMessage' || p === 'showErrorMessage') return (m) => { messages.push(p + ': ' + m); return Promise.resolve(undefined); };
    return t[p];
  },
});
// The real module is a plain object (esbuild's __toESM copies its own keys): the same names as @types/vscode.
const dts = fs.readFileSync(path.join(REPO, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
const vscode = {};
for (const m of dts.matchAll(/^\\texport (?:namespace|class|enum|const|function|let|var) (\\w+)/gm)) vscode[m[1]] = stub();
vscode.version = '1.95.0';
vscode.window = window;
const loaded = [];
let deferred = null;
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (request === 'vscode') { if (parent && parent.filename === EXT) loaded.push(request); return vscode; }
  if (!parent || parent.filename !== EXT) return load.call(this, request, parent, ...rest);
  loaded.push(request);
  if (request !== './languageClient') return load.call(this, request, parent, ...rest);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try { return load.call(this, request, parent, ...rest); }
  finally { const c = process.cpuUsage(c0); deferred = { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }; }
};
// The language client would fork the server: keep activation to the extension's own work.
const cp = require('node:child_process');
cp.fork = () => stub();
cp.spawn = () => stub();
const c0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(EXT);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const subscriptions = [];
const context = { subscriptions, asAbsolutePath: (p) => path.join(REPO, p), extensionPath: REPO,
  extensionUri: stub(), globalState: stub(), workspaceState: stub(), secrets: stub(), environmentVariableCollection: stub(), storageUri: undefined, globalStorageUri: stub(), logUri: stub(), extensionMode: 1 };
let error = null;
const t2 = performance.now();
try { const p = ext.activate(context); if (p && p.catch) p.catch((e) => { error = 'activate() rejected: ' + String(e && e.stack || e); }); } catch (e) { error = String(e && e.stack || e); }
const t3 = performance.now();
const c3 = process.cpuUsage(c0);
const subscriptionsAtReturn = subscriptions.length;
// Queued after activate() returned, so after the extension's own setImmediate: runs once the deferred task is done.
setImmediate(() => {
  const t4 = performance.now();
  const c4 = process.cpuUsage(c0);
  const cpu = (c) => (c.user + c.system) / 1000;
  process.stdout.write(JSON.stringify({ requireCpuMs: cpu(c1), totalCpuMs: cpu(c3), requireMs: t1 - t0, activateSyncMs: t3 - t2, totalMs: t3 - t0,
    deferredRequireMs: deferred ? deferred.ms : null, deferredRequireCpuMs: deferred ? deferred.cpuMs : null,
    deferredTaskMs: deferred ? t4 - t3 : null, deferredTaskCpuMs: deferred ? cpu(c4) - cpu(c3) : null,
    error, messages, loadedByExtension: loaded, subscriptions: subscriptionsAtReturn }));
  process.exit(0);
});
`;

export function measureActivation(runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', CHILD], { encoding: 'utf8', cwd: REPO });
    if (r.status !== 0) throw new Error(`activation child failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout));
  }
  const med = (k) => {
    const s = samples.map((x) => x[k]).filter((v) => v !== null).sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : null;
  };
  return {
    runs,
    requireMs: med('requireMs'),
    requireCpuMs: med('requireCpuMs'),
    totalCpuMs: med('totalCpuMs'),
    activateSyncMs: med('activateSyncMs'),
    totalMs: med('totalMs'),
    deferredRequireMs: med('deferredRequireMs'),
    deferredRequireCpuMs: med('deferredRequireCpuMs'),
    deferredTaskMs: med('deferredTaskMs'),
    deferredTaskCpuMs: med('deferredTaskCpuMs'),
    loadedByExtension: samples[0]?.loadedByExtension ?? [],
    error: samples.find((s) => s.error)?.error ?? null,
    messages: samples[0]?.messages ?? [],
    samples,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
  const r = measureActivation(runs);
  const json = JSON.stringify(r, null, 2);
  if (args.includes('--json')) fs.writeFileSync(args[args.indexOf('--json') + 1], json + '\n');
  console.log(json);
}
