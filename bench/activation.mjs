#!/usr/bin/env node
// Approximate extension activation cost: loads dist/extension.js in a fresh node process with a
// stub `vscode` module (a Proxy that answers every property, call and `new` with another stub) and
// times (1) require() of the bundle and (2) the synchronous part of activate(), i.e. until it
// returns its promise at `await client.start()`: the time the extension host's thread is blocked.
// The language server's own start-up is measured by lsp-latency.mjs, not here. Not a real VS Code:
// the figures leave out the host's own work and the real API's costs.
//   node bench/activation.mjs [--runs N] [--json out.json]   (one child process per run)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');

const CHILD = `
const Module = require('node:module');
const path = require('node:path');
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
    apply() { return stub(); },
    construct() { return stub(); },
  });
};
const vscode = stub();
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
// The language client would fork the server: keep activation to the extension's own work.
const cp = require('node:child_process');
cp.fork = () => stub();
cp.spawn = () => stub();
const c0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(path.join(${JSON.stringify(REPO)}, 'dist/extension.js'));
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const subscriptions = [];
const context = { subscriptions, asAbsolutePath: (p) => path.join(${JSON.stringify(REPO)}, p), extensionPath: ${JSON.stringify(REPO)},
  extensionUri: stub(), globalState: stub(), workspaceState: stub(), secrets: stub(), environmentVariableCollection: stub(), storageUri: undefined, globalStorageUri: stub(), logUri: stub(), extensionMode: 1 };
let error = null;
const t2 = performance.now();
try { const p = ext.activate(context); if (p && p.catch) p.catch(() => undefined); } catch (e) { error = String(e && e.stack || e); }
const t3 = performance.now();
const c3 = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ requireCpuMs: (c1.user + c1.system) / 1000, totalCpuMs: (c3.user + c3.system) / 1000, requireMs: t1 - t0, activateSyncMs: t3 - t2, totalMs: t3 - t0, error, subscriptions: subscriptions.length }));
process.exit(0);
`;

export function measureActivation(runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', CHILD], { encoding: 'utf8', cwd: REPO });
    if (r.status !== 0) throw new Error(`activation child failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout));
  }
  const med = (k) => {
    const s = samples.map((x) => x[k]).sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  return { runs, requireMs: med('requireMs'), requireCpuMs: med('requireCpuMs'), totalCpuMs: med('totalCpuMs'), activateSyncMs: med('activateSyncMs'), totalMs: med('totalMs'), error: samples.find((s) => s.error)?.error ?? null, samples };
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
  const r = measureActivation(runs);
  const json = JSON.stringify(r, null, 2);
  if (args.includes('--json')) fs.writeFileSync(args[args.indexOf('--json') + 1], json + '\n');
  console.log(json);
}
