#!/usr/bin/env node
// Latency, throughput and memory of a language server over stdio, on a workspace made by
// gen-workspace.mjs:
//
//   node bench/lsp-latency.mjs --server "<command>" --workspace DIR [--open N] [--sequential K]
//        [--edits M] [--profile irsa|yls] [--json out.json]
//
// Measures (all times in ms from the client's clock, performance.now()):
//  1. start-up: spawn → initialize result, and spawn → first publishDiagnostics (a CredentialsRequest
//     is opened right after `initialized`, as an editor restoring its last file would);
//     for the IRSA server also spawn → workspace indexed (its "scanned" log line, then 500 ms without
//     messages) and the memory at that point;
//  2. didOpen → first publishDiagnostics of that file, K files opened one after another;
//  3. edits: a CredentialsRequest's serviceAccountNames entry is renamed (and renamed back on the next
//     round), didChange → publishDiagnostics of the edited file, and for the IRSA server also → the
//     changed diagnostics of the linked workload in another document (service-account-mismatch appears
//     or goes). yaml-language-server has no cross-file knowledge: that part is N/A for it;
//  4. burst: every open file (N YAML files) is changed at once (a comment appended); time until each
//     has fresh diagnostics, and the per-file cost (total / N);
//  5. peak RSS (VmHWM) and CPU time (utime+stime) of the server process from /proc/<pid>/.
// Before timing, a schema check opens a bad and a good CredentialsRequest at a URI that the peer's
// schema association covers and records what each server reports: a peer that reports nothing on
// the bad file is not a peer (the run fails).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, stats } from './lib/lsp.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');

function parseArgs(argv) {
  const o = { server: undefined, workspace: undefined, open: Infinity, sequential: 40, edits: 60, profile: undefined, json: undefined, schema: path.join(REPO, 'schemas/credentials-request.schema.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--server') o.server = v();
    else if (a === '--workspace') o.workspace = path.resolve(v());
    else if (a === '--open') o.open = Number(v());
    else if (a === '--sequential') o.sequential = Number(v());
    else if (a === '--edits') o.edits = Number(v());
    else if (a === '--profile') o.profile = v();
    else if (a === '--json') o.json = v();
    else if (a === '--schema') o.schema = path.resolve(v());
    else if (a === '--help' || a === '-h') {
      console.log('usage: lsp-latency.mjs --server "<command>" --workspace DIR [--open N] [--sequential K] [--edits M] [--profile irsa|yls] [--json out.json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!o.server || !o.workspace) throw new Error('need --server "<command>" and --workspace DIR');
  o.profile ??= /yaml-language-server/.test(o.server) ? 'yls' : 'irsa';
  return o;
}

function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(e.name) && e.name !== '.irsa.yaml' && e.name !== 'planted.json') out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Application code files below root (issue #14: the server reads them in folders that hold IRSA files). */
function countCodeFiles(root) {
  let n = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (/\.(tsx?|m?js|cjs|py|go|java)$/.test(e.name) && !e.name.endsWith('.d.ts')) n++;
    }
  };
  walk(root);
  return n;
}

/** Sets of the workspace without a planted mistake, with their CR and workload paths, spread evenly. */
function sampleSets(root, count) {
  const planted = new Set(JSON.parse(fs.readFileSync(path.join(root, 'planted.json'), 'utf8')).map((p) => p.set));
  const workloads = new Map();
  for (const ns of fs.readdirSync(path.join(root, 'deploy'))) for (const f of fs.readdirSync(path.join(root, 'deploy', ns))) workloads.set(f, path.join(root, 'deploy', ns, f));
  // One file per CR, or every CR in one file (gen-workspace.mjs --cr-file).
  const crFiles = fs.readdirSync(path.join(root, 'credrequests'));
  const oneFile = crFiles.length === 1 ? path.join(root, 'credrequests', crFiles[0]) : undefined;
  const sets = workloads.size;
  const out = [];
  const candidates = Array.from({ length: sets }, (_, i) => i).filter((i) => !planted.has(i));
  const step = Math.max(1, Math.floor(candidates.length / Math.max(1, count)));
  for (let k = 0; out.length < count && k < candidates.length; k += step) {
    const i = candidates[k];
    const cr = oneFile ?? path.join(root, 'credrequests', `app-${i}.yaml`);
    const text = oneFile ? '' : fs.readFileSync(cr, 'utf8');
    const sa = oneFile ? `app-${i}-reader` : /serviceAccountNames:\n\s+- (\S+)/.exec(text)?.[1];
    out.push({ set: i, cr, workload: workloads.get(`app-${i}.yaml`), sa });
  }
  return { sets, samples: out };
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

const BAD_CR = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: bench-schema-check
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Maybe
        action: sts:AssumeRole
        resource: "*"
  secretRef:
    name: bench-check-aws
  serviceAccountNames: bench-check-reader
`;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const files = listFiles(o.workspace);
  const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
  const nSamples = Math.max(1, Math.ceil(o.sequential / 2), Math.min(50, o.edits));
  const { sets, samples } = sampleSets(o.workspace, nSamples);
  const uri = (p) => pathToFileURL(p).toString();
  const folderUri = uri(o.workspace);
  const schemaUri = uri(o.schema);
  const ylsSettings = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: { [schemaUri]: ['**/credrequests/*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    customTags: [],
    maxItemsComputed: 5000,
  };
  const configuration = (item) => {
    if (o.profile === 'yls') return item.section === 'yaml' ? ylsSettings : item.section === 'http' ? { proxy: '', proxyStrictSSL: false } : {};
    return item.section === 'irsa' ? {} : null;
  };

  const result = {
    server: o.server,
    profile: o.profile,
    workspace: { dir: o.workspace, files: files.length, yamlFiles: yamlFiles.length, codeFiles: countCodeFiles(o.workspace), sets },
    loadavgBefore: os.loadavg(),
  };
  const client = new LspClient(o.server, { configuration, cwd: REPO });
  client.folders = [{ uri: folderUri, name: path.basename(o.workspace) }];
  const tSpawn = client.t0;
  const version = new Map();
  const texts = new Map();
  const open = (p, text = fs.readFileSync(p, 'utf8')) => {
    const u = uri(p);
    version.set(u, 1);
    texts.set(u, text);
    client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: /\.json$/.test(p) ? 'json' : 'yaml', version: 1, text } });
    return u;
  };
  const change = (u, start, end, newText) => {
    const text = texts.get(u);
    const v = version.get(u) + 1;
    version.set(u, v);
    const range = { start: positionAt(text, start), end: positionAt(text, end) };
    texts.set(u, text.slice(0, start) + newText + text.slice(end));
    client.notify('textDocument/didChange', { textDocument: { uri: u, version: v }, contentChanges: [{ range, text: newText }] });
    return v;
  };
  const waitDiag = (u, since, v, what = `diagnostics of ${u}`) => client.waitFor(what, () => client.diagnosticsAfter(u, since, v) !== undefined).then(() => client.diagnosticsAfter(u, since, v));

  try {
    // 1. Start-up.
    const init = await client.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'irsa-bench' },
      rootUri: folderUri,
      workspaceFolders: client.folders,
      initializationOptions: o.profile === 'yls' ? {} : {},
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: false } },
        textDocument: { synchronization: { didSave: false }, publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    const tInit = client.now();
    result.serverInfo = init?.serverInfo ?? null;
    client.notify('initialized', {});
    if (o.profile === 'yls') client.notify('workspace/didChangeConfiguration', { settings: { yaml: ylsSettings } });
    const first = samples[0];
    const tOpen0 = client.now();
    const firstUri = open(first.cr);
    await client.waitFor('first diagnostics', () => client.diagnostics.length > 0);
    const tFirst = client.diagnostics[0].t;
    await waitDiag(firstUri, tOpen0);
    result.startup = { initializeMs: tInit - tSpawn, firstDiagnosticsMs: tFirst - tSpawn, usage: client.usage() };

    // Indexing (the IRSA server scans the workspace folder; yaml-language-server does not).
    if (o.profile === 'irsa') {
      await client.waitFor('workspace scan', () => client.logs.some((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message)), 600_000);
      const scanned = client.logs.find((l) => /scanned .*: \d+ YAML\/JSON files/.test(l.message));
      await client.quiet(500);
      result.indexing = { scannedMs: scanned.t - tSpawn, log: scanned.message, settledMs: client.now() - 500 - tSpawn, usage: client.usage() };
    } else {
      result.indexing = { note: 'N/A: yaml-language-server validates open documents only; it does not index the workspace' };
    }

    // Schema check: a bad and a good CredentialsRequest at URIs covered by the schema association.
    {
      const badPath = path.join(o.workspace, 'credrequests', 'zz-bench-schema-check-bad.yaml');
      const goodPath = path.join(o.workspace, 'credrequests', 'zz-bench-schema-check-good.yaml');
      const goodText = fs.readFileSync(first.cr, 'utf8').replace(/app-(\d+)/g, 'check-$1');
      const t = client.now();
      const bu = open(badPath, BAD_CR);
      const gu = open(goodPath, goodText);
      // A server may validate once before its settings arrive (yaml-language-server pulls them after
      // `initialized`, then re-validates open files): wait for a non-empty report, up to 20 s.
      await client.waitFor('schema errors on the bad CredentialsRequest', () => (client.diagnosticsAfter(bu, t) ? client.latest.get(bu).diagnostics.length > 0 : false), 20_000).catch(() => undefined);
      const bad = client.latest.get(bu) ?? (await waitDiag(bu, t));
      await waitDiag(gu, t);
      const good = client.latest.get(gu);
      result.schemaCheck = {
        badFile: { uri: bu, diagnostics: bad.diagnostics.length, messages: bad.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code ?? ''} ${d.message}`.trim()) },
        goodFile: { uri: gu, diagnostics: good.diagnostics.length, messages: good.diagnostics.map((d) => d.message) },
      };
      result.schemaCheck.ok = bad.diagnostics.length >= 2 && bad.diagnostics.some((d) => /Maybe|effect|Allow|Deny/i.test(d.message));
      for (const u of [bu, gu]) client.notify('textDocument/didClose', { textDocument: { uri: u } });
      texts.delete(bu);
      texts.delete(gu);
      if (!result.schemaCheck.ok) throw new Error(`schema check failed: the server reported ${JSON.stringify(result.schemaCheck.badFile.messages)} on a CredentialsRequest with a bad effect and a string serviceAccountNames`);
      // Let the close settle (yaml-language-server publishes [] for closed files).
      await client.waitFor('close of the schema check files', () => client.diagnosticsAfter(bu, t + 0.001) && [...client.diagnostics].reverse().find((d) => d.uri === bu)?.diagnostics.length === 0, 10_000).catch(() => undefined);
    }

    // 2. didOpen → first diagnostics, one file at a time.
    const openSamples = [];
    const seqFiles = samples.flatMap((s) => [s.cr, s.workload]).filter((p) => !texts.has(uri(p))).slice(0, Math.max(0, o.sequential));
    const linkedReady = [];
    for (const p of seqFiles) {
      const t = client.now();
      const u = open(p);
      await waitDiag(u, t);
      openSamples.push(client.diagnosticsAfter(u, t).t - t);
    }
    for (const s of samples) if (texts.has(uri(s.cr)) && texts.has(uri(s.workload))) linkedReady.push(s);
    result.open = { files: openSamples.length, ms: stats(openSamples), samples: openSamples };

    // 3. Edits: rename the service account in a CR (and back on the next round).
    const editEdited = [];
    const editLinked = [];
    const editBoth = [];
    const renamed = new Map();
    if (o.edits > 0 && linkedReady.length) {
      // Make sure no publish from the opens is still in flight for the workloads.
      await client.quiet(300);
      for (let k = 0; k < o.edits; k++) {
        const s = linkedReady[k % linkedReady.length];
        const cu = uri(s.cr);
        const wu = uri(s.workload);
        const text = texts.get(cu);
        const isRenamed = renamed.get(`${cu}#${s.sa}`) === true;
        const from = isRenamed ? `- ${s.sa}-renamed` : `- ${s.sa}`;
        const to = isRenamed ? `- ${s.sa}` : `- ${s.sa}-renamed`;
        // (The item is unique in the file: a set's own account, in one CR or in the one CR file.)
        const at = text.indexOf(`\n    ${from}\n`) + 5;
        if (at < 5) throw new Error(`cannot find ${from} in ${cu}`);
        const before = JSON.stringify(client.latest.get(wu)?.diagnostics ?? []);
        const t = client.now();
        const v = change(cu, at, at + from.length, to);
        renamed.set(`${cu}#${s.sa}`, !isRenamed);
        const edited = await waitDiag(cu, t, v);
        const e = edited.t - t;
        editEdited.push(e);
        if (o.profile === 'irsa') {
          await client.waitFor(`linked diagnostics of ${wu}`, () => {
            const d = client.diagnosticsAfter(wu, t);
            return d !== undefined && JSON.stringify(client.latest.get(wu).diagnostics) !== before;
          }, 30_000);
          const l = [...client.diagnostics].reverse().find((d) => d.uri === wu).t - t;
          editLinked.push(l);
          editBoth.push(Math.max(e, l));
        } else editBoth.push(e);
      }
    }
    result.edit = {
      edits: editEdited.length,
      editedMs: stats(editEdited),
      linkedMs: o.profile === 'irsa' ? stats(editLinked) : 'N/A: yaml-language-server has no cross-file knowledge',
      allMs: stats(editBoth),
      samples: { edited: editEdited, linked: editLinked, all: editBoth },
    };

    // 4. Burst: open the rest of the N files at once, then change every open file at once.
    const want = Math.min(o.open, yamlFiles.length);
    if (want > 0) {
      const toOpen = yamlFiles.filter((p) => !texts.has(uri(p))).slice(0, Math.max(0, want - texts.size));
      const beforeOpen = client.usage();
      const t = client.now();
      const opened = toOpen.map((p) => open(p));
      await client.waitForAll('diagnostics of every opened file', opened, t, undefined, 600_000);
      const tOpened = client.now();
      const afterOpen = client.usage();
      const openCpuMs = afterOpen && beforeOpen ? (afterOpen.cpuS - beforeOpen.cpuS) * 1000 : NaN;
      result.openAll = { files: opened.length, totalMs: tOpened - t, perFileMs: opened.length ? (tOpened - t) / opened.length : 0, serverCpuMs: openCpuMs, usage: afterOpen };
      await client.quiet(300);
      const all = [...texts.keys()];
      const before = client.usage();
      const tb = client.now();
      const versions = new Map();
      for (const u of all) {
        const text = texts.get(u);
        versions.set(u, change(u, text.length, text.length, '# burst\n'));
      }
      await client.waitForAll('fresh diagnostics of every open file', all, tb, versions, 600_000);
      const done = Math.max(...all.map((u) => client.diagnosticsAfter(u, tb, versions.get(u)).t));
      const after = client.usage();
      const cpuMs = after && before ? (after.cpuS - before.cpuS) * 1000 : NaN;
      result.burst = { files: all.length, totalMs: done - tb, perFileMs: (done - tb) / all.length, serverCpuMs: cpuMs, serverCpuPerFileMs: cpuMs / all.length, usage: after };
    }

    result.usage = client.usage();
    result.loadavgAfter = os.loadavg();
  } finally {
    await client.shutdown();
  }
  const json = JSON.stringify(result, null, 2);
  if (o.json) fs.writeFileSync(o.json, json + '\n');
  const brief = { ...result, open: result.open && { ...result.open, samples: undefined }, edit: result.edit && { ...result.edit, samples: undefined } };
  console.log(JSON.stringify(brief, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
