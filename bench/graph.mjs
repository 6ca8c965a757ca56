#!/usr/bin/env node
// (issue #16) How long the credential chain picture of one namespace takes to build in a big workspace:
//
//   node bench/graph.mjs [--sets N] [--namespaces K] [--cr-file NAME] [--code C] [--runs R] [--json out.json]
//
// Needs the compiled engine (`npx tsc -b` → out/). Generates a workspace in memory with
// gen-workspace.mjs (seed 1, one noise file per set; default 5,000 sets; `--namespaces K` puts them in K
// shared namespaces as OpenShift teams do, default: ~3 sets per namespace; `--cr-file NAME` puts every
// CredentialsRequest in one multi-document file, as an operator ships them), loads it into one engine
// Workspace as the language server holds it, and times `buildChainGraph(ws, { namespace })` for one
// namespace of the middle of the list (`--code C`: C application files per set, gen-workspace.mjs, parsed
// with the tree-sitter grammars as the server parses them; the picture then has code nodes):
//  - cold: the first build, when no file of the namespace has had its findings computed yet (a server
//    that has only loaded the folder);
//  - warm: the median of R further builds (findings cached, as after the server's scan: the usual
//    case when the user opens the picture), and the unfiltered build (the first MAX_GRAPH_SETS sets).
// Prints the figures; not a timed test (budget: well under 1 s, the webview must open in under a second).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { generate } from './gen-workspace.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = { sets: 5000, namespaces: undefined, crFile: undefined, code: 0, runs: 5, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--sets') o.sets = Number(v());
    else if (a === '--namespaces') o.namespaces = Number(v());
    else if (a === '--code') o.code = Number(v());
    else if (a === '--cr-file') o.crFile = v();
    else if (a === '--runs') o.runs = Math.max(1, Number(v()));
    else if (a === '--json') o.json = v();
    else if (a === '--help' || a === '-h') {
      console.log('usage: graph.mjs [--sets N] [--namespaces K] [--cr-file NAME] [--code C] [--runs R] [--json out.json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.sets) || o.sets < 1) throw new Error('--sets needs an integer ≥ 1');
  return o;
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
/** CPU time (user + system) since `c0`, ms: steadier than wall time on a shared machine. */
const cpuMs = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const engineEntry = path.join(REPO, 'out', 'server', 'src', 'engine', 'index.js');
  if (!fs.existsSync(engineEntry)) throw new Error(`${engineEntry} is missing: run \`npx tsc -b\` first`);
  const engine = require(engineEntry);
  const { installIamCatalog, loadCodeParser } = require(path.join(REPO, 'out', 'server', 'src', 'node', 'index.js'));
  installIamCatalog();
  const parseCode = o.code > 0 ? await loadCodeParser() : undefined;

  const { files } = generate({ sets: o.sets, seed: 1, noise: 1, namespaces: o.namespaces, crFile: o.crFile, code: o.code });
  const root = path.join(REPO, 'bench', '.graph-workspace'); // URIs only: nothing is written
  const { settings } = engine.parseConfig(files.get('.irsa.yaml') ?? '');
  const ws = new engine.Workspace(settings, engine.ALL_RULES, { parseCode });
  let t0 = process.hrtime.bigint();
  for (const [rel, text] of files) if (rel !== '.irsa.yaml') ws.update({ uri: pathToFileURL(path.join(root, rel)).toString(), text, version: 0 });
  const loadMs = ms(t0);

  // A namespace no set has: the cost of finding every set's root (the namespaces and totals), building none.
  const rootsOnly = [];
  const rootsOnlyCpu = [];
  let all;
  for (let i = 0; i < o.runs; i++) {
    t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    all = engine.buildChainGraph(ws, { namespace: '\u0000' });
    rootsOnly.push(ms(t0));
    rootsOnlyCpu.push(cpuMs(c0));
  }
  const namespace = all.namespaces[Math.floor(all.namespaces.length / 2)];
  t0 = process.hrtime.bigint();
  const cold = engine.buildChainGraph(ws, { namespace });
  const coldMs = ms(t0);

  t0 = process.hrtime.bigint();
  ws.allFindings();
  const scanMs = ms(t0);
  const warm = [];
  const warmCpu = [];
  let graph;
  for (let i = 0; i < o.runs; i++) {
    t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    graph = engine.buildChainGraph(ws, { namespace });
    warm.push(ms(t0));
    warmCpu.push(cpuMs(c0));
  }
  t0 = process.hrtime.bigint();
  const unfiltered = engine.buildChainGraph(ws);
  const unfilteredMs = ms(t0);
  // A code lens or the active editor: the sets of one file (a workload of that namespace).
  const workload = graph.sets[0]?.nodes.find((n) => n.kind === 'workload');
  const byUri = [];
  let uriSets = 0;
  for (let i = 0; workload && i < o.runs; i++) {
    t0 = process.hrtime.bigint();
    uriSets = engine.buildChainGraph(ws, { uri: workload.uri }).sets.length;
    byUri.push(ms(t0));
  }

  const nodes = graph.sets.reduce((n, s) => n + s.nodes.length, 0);
  const edges = graph.sets.reduce((n, s) => n + s.edges.length, 0);
  const result = {
    workspace: { sets: o.sets, crFile: o.crFile ?? null, code: o.code, files: files.size, namespaces: all.namespaces.length, totalSets: all.totalSets },
    namespace,
    picture: { sets: graph.sets.length, nodes, edges, coldSets: cold.sets.length },
    ms: { load: loadMs, rootsOnlyMedian: median(rootsOnly), rootsOnlyCpuMedian: median(rootsOnlyCpu), warmBuildCpuMedian: median(warmCpu), uriMedian: byUri.length ? median(byUri) : null, coldBuild: coldMs, findingsOfEveryFile: scanMs, warmBuildMedian: median(warm), warmRuns: warm, unfilteredBuild: unfilteredMs },
    unfiltered: { sets: unfiltered.sets.length, truncated: unfiltered.truncated },
  };
  const f = (x) => x.toFixed(1);
  console.log(`workspace: ${o.sets} sets, ${files.size} files, ${all.namespaces.length} namespaces (loaded in ${f(loadMs)} ms)`);
  console.log(`finding every set's root (a namespace without sets): median ${f(median(rootsOnly))} ms (CPU ${f(median(rootsOnlyCpu))} ms)`);
  console.log(`buildChainGraph({ namespace: '${namespace}' }): ${graph.sets.length} sets, ${nodes} nodes, ${edges} edges`);
  console.log(`  cold (findings of its files not computed yet): ${f(coldMs)} ms`);
  console.log(`  warm (after the scan, ${f(scanMs)} ms for every file's findings): median ${f(median(warm))} ms (CPU ${f(median(warmCpu))} ms) of ${o.runs}`);
  if (workload) console.log(`buildChainGraph({ uri: <${path.basename(new URL(workload.uri).pathname)}> }): ${uriSets} set(s), median ${f(median(byUri))} ms of ${o.runs}`);
  console.log(`buildChainGraph() unfiltered: ${unfiltered.sets.length} sets drawn, ${unfiltered.truncated} left out, ${f(unfilteredMs)} ms`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
}

await main();
