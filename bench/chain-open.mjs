#!/usr/bin/env node
// (issue #16) Opening the credential chain picture of one namespace of a big workspace, end to end as
// VS Code does it, minus VS Code itself:
//
//   node bench/chain-open.mjs --workspace DIR [--namespace NS] [--runs R] [--json out.json]
//
// 1. the language server (dist/server.js --stdio) indexes DIR (its "scanned" log line, then 500 ms quiet);
// 2. `irsa/chainGraph { namespace }` (the request the panel sends): round trip in ms and the JSON's size;
// 3. that graph is drawn by the real webview bundle (dist/webview/chain.js + chain.css, under the
//    panel's Content Security Policy) in headless Chromium (Debian's /usr/bin/chromium, driven by
//    playwright-core): from the `graph` message to the status line "N of M sets drawn" (layout with
//    dagre, the SVG, the first view).
// Prints request, draw and their sum per run (median of R, default 5; each run draws in a fresh page,
// so the layout cache is cold). Default namespace: the one of the workspace's middle set. Not a timed
// test: the budget (issue #16) is "under a second" for a 5,000-set workspace filtered to a namespace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LspClient, stats } from './lib/lsp.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);

const o = { workspace: undefined, namespace: undefined, runs: 5, json: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  if (a === '--workspace') o.workspace = path.resolve(v());
  else if (a === '--namespace') o.namespace = v();
  else if (a === '--runs') o.runs = Math.max(1, Number(v()));
  else if (a === '--json') o.json = v();
  else {
    console.log('usage: chain-open.mjs --workspace DIR [--namespace NS] [--runs R] [--json out.json]');
    process.exit(a === '--help' || a === '-h' ? 0 : 2);
  }
}
if (!o.workspace) throw new Error('need --workspace DIR (e.g. a bench/gen-workspace.mjs workspace of 5,000 sets)');

const folderUri = pathToFileURL(o.workspace).href;
const client = new LspClient(`node ${path.join(REPO, 'dist/server.js')} --stdio`);
client.folders = [{ uri: folderUri, name: path.basename(o.workspace) }];
const result = { workspace: o.workspace, runs: [] };
let browser;
try {
  await client.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'irsa-bench-chain' },
    rootUri: folderUri,
    workspaceFolders: client.folders,
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  client.notify('initialized', {});
  await client.waitFor('workspace scan', () => client.logs.some((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message)), 600_000);
  result.scan = client.logs.find((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message)).message;
  // Settled: 500 ms without a message (diagnostics of the whole folder published).
  for (let n = -1; n !== client.diagnostics.length; ) {
    n = client.diagnostics.length;
    await new Promise((r) => setTimeout(r, 500));
  }
  const all = await client.request('irsa/chainGraph', {});
  const namespace = o.namespace ?? all.namespaces[Math.floor(all.namespaces.length / 2)];
  result.namespace = namespace;
  result.totalSets = all.totalSets;

  const { chromium } = require('playwright-core');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const dist = path.join(REPO, 'dist', 'webview');
  const nonce = 'benchbenchbenchbenchbench0123456';
  // The panel's page (client/src/webview/html.ts) with the bundle served from a file: origin.
  const { chainHtml } = require(path.join(REPO, 'out', 'client', 'src', 'webview', 'html.js'));
  const html = chainHtml({ cspSource: 'file:', nonce, scriptUri: pathToFileURL(path.join(dist, 'chain.js')).href, styleUri: pathToFileURL(path.join(dist, 'chain.css')).href });
  const page = path.join(dist, '.bench-chain.html');
  // acquireVsCodeApi as the webview host provides it; messages the page posts are kept.
  const shim = `<script nonce="${nonce}">window.posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.posted.push(m),getState:()=>undefined,setState:()=>{}});</script>`;
  fs.writeFileSync(page, html.replace('<script nonce=', `${shim}<script nonce=`));
  try {
    for (let r = 0; r < o.runs; r++) {
      const t0 = performance.now();
      const graph = await client.request('irsa/chainGraph', { namespace });
      const requestMs = performance.now() - t0;
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await ctx.newPage();
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await p.goto(pathToFileURL(page).href);
      await p.waitForFunction(() => document.getElementById('status'));
      const drawMs = await p.evaluate(
        ({ graph, namespace }) =>
          new Promise((resolve) => {
            const status = document.getElementById('status');
            const t = performance.now();
            const done = () => /sets? drawn/.test(status.textContent ?? '') && document.querySelector('svg.chain g.node') && resolve(performance.now() - t);
            new MutationObserver(done).observe(status, { childList: true, characterData: true, subtree: true });
            window.postMessage({ type: 'graph', graph, filter: { namespace } }, '*');
          }),
        { graph, namespace },
      );
      const drawn = await p.locator('#status').textContent();
      const nodes = await p.locator('svg.chain g.node').count();
      if (errors.length) throw new Error(`the page reported: ${errors.join('; ')}`);
      await ctx.close();
      result.runs.push({ requestMs, drawMs, totalMs: requestMs + drawMs, sets: graph.sets.length, nodes, jsonBytes: JSON.stringify(graph).length, status: drawn });
    }
  } finally {
    fs.rmSync(page, { force: true });
  }
} finally {
  await browser?.close();
  client.proc.kill();
}
const med = (k) => ({ ...stats(result.runs.map((r) => r[k])), min: Math.min(...result.runs.map((r) => r[k])) });
result.median = { requestMs: med('requestMs'), drawMs: med('drawMs'), totalMs: med('totalMs') };
const f = (s) => `${s.p50.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
const r0 = result.runs[0];
console.log(`${result.scan}`);
console.log(`namespace ${result.namespace}: ${r0.sets} of ${result.totalSets} sets, ${r0.nodes} boxes, ${(r0.jsonBytes / 1024).toFixed(0)} KB of JSON; "${r0.status}"`);
console.log(`irsa/chainGraph ${f(result.median.requestMs)}; drawn ${f(result.median.drawMs)}; together ${f(result.median.totalMs)} (n=${result.runs.length})`);
if (o.json) fs.writeFileSync(o.json, JSON.stringify(result, null, 2));
