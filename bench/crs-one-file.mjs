#!/usr/bin/env node
// One open file that holds every CredentialsRequest of a workspace (an operator's credrequests/ as one
// multi-document file; issue 10 item 5), over stdio:
//
//   node bench/crs-one-file.mjs --server "<command>" --workspace DIR [--edits M] [--starts S] [--json out.json]
//
// DIR is made by `gen-workspace.mjs --cr-file NAME` (every CR in credrequests/NAME). Measures, in ms
// from the client's clock:
//  1. didOpen of that file right after `initialized` → its first publishDiagnostics (the server has
//     not scanned the folder yet): the median of S fresh servers (default 3; a shared machine's load
//     swings single start-ups by 2–4×); and once the scan is done, the file closed and opened again;
//  2. M one-line edits, each in another CR of the file (a serviceAccountNames entry renamed, then back
//     on the next round): didChange → publishDiagnostics of that version of the file;
//  3. CPU time and peak RSS of the server (/proc).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, stats } from './lib/lsp.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');

function parseArgs(argv) {
  const o = { server: undefined, workspace: undefined, edits: 20, starts: 3, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--server') o.server = v();
    else if (a === '--workspace') o.workspace = path.resolve(v());
    else if (a === '--edits') o.edits = Number(v());
    else if (a === '--starts') o.starts = Math.max(1, Number(v()));
    else if (a === '--json') o.json = v();
    else if (a === '--help' || a === '-h') {
      console.log('usage: crs-one-file.mjs --server "<command>" --workspace DIR [--edits M] [--starts S] [--json out.json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!o.server || !o.workspace) throw new Error('need --server "<command>" and --workspace DIR');
  return o;
}

function positionAt(text, offset) {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const crDir = path.join(o.workspace, 'credrequests');
  const crFiles = fs.readdirSync(crDir).filter((f) => /\.ya?ml$/.test(f));
  if (crFiles.length !== 1) throw new Error(`expected one file in ${crDir} (gen-workspace.mjs --cr-file NAME), found ${crFiles.length}`);
  const file = path.join(crDir, crFiles[0]);
  let text = fs.readFileSync(file, 'utf8');
  const accounts = [...text.matchAll(/serviceAccountNames:\n\s+- (\S+)\n/g)].map((m) => m[1]);
  const u = pathToFileURL(file).toString();
  const folderUri = pathToFileURL(o.workspace).toString();
  const result = { server: o.server, workspace: { dir: o.workspace, file: path.relative(o.workspace, file), credentialsRequests: accounts.length, bytes: Buffer.byteLength(text) } };
  /** A fresh server with the file opened right after `initialized`; resolves once it has diagnostics. */
  const startWithFile = async () => {
    const client = new LspClient(o.server, { configuration: (item) => (item.section === 'irsa' ? {} : null), cwd: REPO });
    client.folders = [{ uri: folderUri, name: path.basename(o.workspace) }];
    await client.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'irsa-bench' },
      rootUri: folderUri,
      workspaceFolders: client.folders,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: false } },
        textDocument: { synchronization: { didSave: false }, publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    client.notify('initialized', {});
    const t = client.now();
    client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'yaml', version: 1, text } });
    await client.waitFor(`first diagnostics of ${u}`, () => client.diagnosticsAfter(u, t, 1) !== undefined, 120_000);
    // CPU time of the server from spawn (module loading included): less sensitive to a loaded machine.
    return { client, ms: client.diagnosticsAfter(u, t, 1).t - t, cpuMs: (client.usage()?.cpuS ?? NaN) * 1000 };
  };
  // 1. Open at start-up (median of `starts` servers; the last one goes on), then on the indexed workspace.
  const starts = [];
  const cpus = [];
  let client;
  for (let k = 0; k < o.starts; k++) {
    if (client) await client.shutdown();
    const r = await startWithFile();
    client = r.client;
    starts.push(r.ms);
    cpus.push(r.cpuMs);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  result.openAtStartupMs = median(starts);
  result.openAtStartupRunsMs = starts;
  result.openAtStartupCpuMs = median(cpus);
  let version = 1;
  const waitDiag = (since, v) => client.waitFor(`diagnostics of ${u} v${v}`, () => client.diagnosticsAfter(u, since, v) !== undefined, 120_000).then(() => client.diagnosticsAfter(u, since, v));
  try {
    let t;
    let d;
    await client.waitFor('workspace scan', () => client.logs.some((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message)), 600_000);
    await client.quiet(500);
    result.indexing = { log: client.logs.find((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message)).message, usage: client.usage() };
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
    await client.quiet(300);
    version++;
    t = client.now();
    client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'yaml', version, text } });
    d = await waitDiag(t, version);
    result.openIndexedMs = d.t - t;
    result.diagnostics = d.diagnostics.length;
    await client.quiet(300);

    // 2. One-line edits spread over the file.
    const samples = [];
    const renamed = new Set();
    const before = client.usage();
    for (let k = 0; k < o.edits; k++) {
      const sa = accounts[Math.floor(((k % 10) + 0.5) * (accounts.length / 10))];
      const from = renamed.has(sa) ? `- ${sa}-renamed\n` : `- ${sa}\n`;
      const to = renamed.has(sa) ? `- ${sa}\n` : `- ${sa}-renamed\n`;
      const at = text.indexOf(from);
      if (at < 0) throw new Error(`cannot find ${from.trim()}`);
      renamed.has(sa) ? renamed.delete(sa) : renamed.add(sa);
      const range = { start: positionAt(text, at), end: positionAt(text, at + from.length - 1) };
      text = text.slice(0, at) + to + text.slice(at + from.length);
      version++;
      t = client.now();
      client.notify('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ range, text: to.slice(0, -1) }] });
      d = await waitDiag(t, version);
      samples.push(d.t - t);
      // Let the linked files' publishes go out before the next edit (they are not what is timed).
      await client.quiet(100);
    }
    const after = client.usage();
    result.edit = { edits: samples.length, ms: stats(samples), serverCpuPerEditMs: after && before ? ((after.cpuS - before.cpuS) * 1000) / samples.length : NaN, samples };
    result.usage = client.usage();
  } finally {
    await client.shutdown();
  }
  const json = JSON.stringify(result, null, 2);
  if (o.json) fs.writeFileSync(o.json, json + '\n');
  console.log(JSON.stringify({ ...result, edit: result.edit && { ...result.edit, samples: undefined } }, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
