#!/usr/bin/env node
// `npm run bench`: every benchmark in one run, results in bench/results/latest.md (committed) and the
// raw JSON beside it (bench/results/*.json, git-ignored). Expects a fresh build (the npm script
// builds first) and bench/node_modules (the npm script installs it when missing).
//
//   node bench/run.mjs [--quick] [--only=part,…]
//     --quick: small sizes, for trying the harness itself;
//     --only: some of startup, mid, big, code, onefile, cli, activation (writes bench/results/partial.json
//             and leaves latest.md alone).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureActivation } from './activation.mjs';
import { measure as measureCli, workspace } from './cli-throughput.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');
const RESULTS = path.join(HERE, 'results');
// Not under a dot-folder: yaml-language-server's schema globs (picomatch `**/`) skip dot-folders.
const WORK = process.env.BENCH_WORK ?? path.join(os.tmpdir(), 'irsa-bench-work');
const quick = process.argv.includes('--quick');

/** Sizes: chosen so the whole run stays under 10 minutes on the 2-core reference machine. */
const SIZES = quick
  ? { cliFiles: [500, 1000], cliRuns: [1, 1], small: 10, mid: 100, big: 300, startupRuns: 2, ocpNamespaces: 3, oneFileCrs: 200, codeCliFiles: [1000], codeBigSets: 150, code: 3 }
  : { cliFiles: [1000, 5000, 20000], cliRuns: [3, 3, 3], small: 20, mid: 400, big: 5000, startupRuns: 5, ocpNamespaces: 10, oneFileCrs: 1000, codeCliFiles: [5000, 20000], codeBigSets: 2857, code: 3 };
/**
 * Application code (issue #14): `code` source files per set (gen-workspace.mjs --code): one calls STS
 * through an AWS SDK (TypeScript, Python, Go, Java in turn), the others name no SDK (what the
 * pre-filter passes over). The CLI runs on `codeCliFiles` files so built, the language server on
 * `codeBigSets` sets without noise files (7 files per set: 20,000 files, as the 5,000-set run).
 */
/**
 * OpenShift's layout (issue 10): every CR in `openshift-cloud-credential-operator` in credrequests/
 * (as in every workspace here), the sets sharing a few application namespaces (hundreds of CRs and
 * IRSA pods per secretRef namespace), and for the "ocp" runs every CR in one file.
 */
const CR_FILE = 'credentials-requests.yaml';

const IRSA = `node ${path.join(REPO, 'dist/server.js')} --stdio`;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (part) => !only || only.includes(part);
const YLS = `node ${path.join(HERE, 'node_modules/yaml-language-server/bin/yaml-language-server')} --stdio`;

const started = performance.now();
const log = (m) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${m}`);

function lsp(server, ws, args, name) {
  const out = path.join(RESULTS, `${name}.json`);
  const r = spawnSync(process.execPath, [path.join(HERE, 'lsp-latency.mjs'), '--server', server, '--workspace', ws, '--json', out, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`lsp-latency ${name} failed: ${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

function version(cmd) {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  return (r.stdout || r.stderr).trim().split('\n')[0];
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadavgAtStart: os.loadavg(),
  };
}

fs.mkdirSync(RESULTS, { recursive: true });
fs.mkdirSync(WORK, { recursive: true });
const all = { date: new Date().toISOString(), quick, machine: machine(), sizes: SIZES };
all.versions = {
  irsaLint: version([process.execPath, path.join(REPO, 'dist/cli.js'), '--version']),
  irsaLanguageServer: JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version,
  yamlLanguageServer: JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/yaml-language-server/package.json'), 'utf8')).version,
  yaml: JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/yaml/package.json'), 'utf8')).version,
};

// Workspaces for the language servers.
log('generating workspaces');
const wsSmall = workspace(WORK, SIZES.small);
const wsMid = workspace(WORK, SIZES.mid); // ≈ 5 files per set: 2,000 files
const wsBig = workspace(WORK, SIZES.big, 0); // 4 files per set, no noise: 5,000 sets = 20,000 files
// The same sizes in OpenShift's layout: the 2,000-file one with every CR in one file, the 5,000-set
// one with one file per CR; both with all sets in a few namespaces.
const wsMidOcp = workspace(WORK, SIZES.mid, 1, { namespaces: SIZES.ocpNamespaces, crFile: CR_FILE });
const wsBigOcp = workspace(WORK, SIZES.big, 0, { namespaces: SIZES.ocpNamespaces });
const wsOneFile = workspace(WORK, SIZES.oneFileCrs, 0, { namespaces: SIZES.ocpNamespaces, crFile: CR_FILE });
const wsBigCode = workspace(WORK, SIZES.codeBigSets, 0, { code: SIZES.code });

// 1. Start-up on a small workspace.
all.startup = { irsa: [], yls: [] };
for (let i = 0; runs('startup') && i < SIZES.startupRuns; i++) {
  log(`start-up run ${i + 1}`);
  all.startup.irsa.push(lsp(IRSA, wsSmall, ['--sequential', '0', '--edits', '0', '--open', '0'], `startup-irsa-${i + 1}`));
  all.startup.yls.push(lsp(YLS, wsSmall, ['--sequential', '0', '--edits', '0', '--open', '0'], `startup-yls-${i + 1}`));
}

// 2. 2,000-file workspace: opens, edits, open everything, burst, memory.
if (runs('mid')) {
  log('2,000-file workspace: irsa-language-server');
  all.mid = { irsa: lsp(IRSA, wsMid, ['--sequential', '40', '--edits', '40'], 'mid-irsa') };
  log('2,000-file workspace: yaml-language-server');
  all.mid.yls = lsp(YLS, wsMid, ['--sequential', '20', '--edits', '20'], 'mid-yls');
  const floorMid = JSON.parse(spawnSync(process.execPath, [path.join(HERE, 'parse-floor.mjs'), wsMid], { encoding: 'utf8' }).stdout);
  all.mid.floor = floorMid;
  // The same in OpenShift's layout: every CR in one file, all sets in a few namespaces. The
  // edits are one-line edits in that file.
  log('2,000-file workspace, OpenShift layout: irsa-language-server');
  all.midOcp = { irsa: lsp(IRSA, wsMidOcp, ['--sequential', '40', '--edits', '40'], 'mid-ocp-irsa') };
  log('2,000-file workspace, OpenShift layout: yaml-language-server');
  all.midOcp.yls = lsp(YLS, wsMidOcp, ['--sequential', '20', '--edits', '20'], 'mid-ocp-yls');
  all.midOcp.floor = JSON.parse(spawnSync(process.execPath, [path.join(HERE, 'parse-floor.mjs'), wsMidOcp], { encoding: 'utf8' }).stdout);
}

// 3. 5,000-set workspace (20,000 files): edit latency and memory.
if (runs('big')) {
  log('5,000-set workspace: irsa-language-server');
  all.big = { irsa: lsp(IRSA, wsBig, ['--sequential', '20', '--edits', '60', '--open', '0'], 'big-irsa') };
  log('5,000-set workspace: yaml-language-server');
  all.big.yls = lsp(YLS, wsBig, ['--sequential', '10', '--edits', '20', '--open', '0'], 'big-yls');
  log('5,000-set workspace, OpenShift layout: irsa-language-server');
  all.bigOcp = { irsa: lsp(IRSA, wsBigOcp, ['--sequential', '20', '--edits', '60', '--open', '0'], 'big-ocp-irsa') };
}

// 3a. The same with application code (issue #14): 20,000 files, 3 in 7 of them code.
if (runs('code')) {
  log(`${SIZES.codeBigSets}-set workspace with ${SIZES.code} code files per set: irsa-language-server`);
  all.bigCode = { irsa: lsp(IRSA, wsBigCode, ['--sequential', '20', '--edits', '60', '--open', '0'], 'big-code-irsa') };
}

// 3b. One open file with every CredentialsRequest (issue 10): first diagnostics, one-line edits.
if (runs('onefile')) {
  log(`one file with ${SIZES.oneFileCrs} CredentialsRequests: irsa-language-server`);
  const out = path.join(RESULTS, 'onefile-irsa.json');
  const r = spawnSync(process.execPath, [path.join(HERE, 'crs-one-file.mjs'), '--server', IRSA, '--workspace', wsOneFile, '--edits', '40', '--json', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`crs-one-file failed: ${r.stderr}`);
  all.oneFile = JSON.parse(fs.readFileSync(out, 'utf8'));
}

// 4. CLI throughput.
all.cli = [];
if (runs('cli')) SIZES.cliFiles.forEach((n, i) => {
  log(`irsa-lint on ~${n} files`);
  all.cli.push(...measureCli({ files: [n], runs: SIZES.cliRuns[i], work: WORK }));
});
all.cliCode = [];
if (runs('code')) SIZES.codeCliFiles.forEach((n) => {
  log(`irsa-lint on ~${n} files with ${SIZES.code} code files per set`);
  all.cliCode.push(...measureCli({ files: [n], runs: 3, work: WORK, code: SIZES.code }));
});

// 5. Extension activation (approximation with a stub vscode module).
if (runs('activation')) {
  log('extension activation');
  all.activation = measureActivation(5);
}
all.machine.loadavgAtEnd = os.loadavg();
all.durationS = (performance.now() - started) / 1000;

if (only) {
  // A partial run (for trying one part) never replaces the record.
  fs.writeFileSync(path.join(RESULTS, 'partial.json'), JSON.stringify(all, null, 2) + '\n');
  log(`wrote bench/results/partial.json (--only=${only.join(',')}) in ${all.durationS.toFixed(0)} s`);
} else {
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(all, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), render(all));
  log(`wrote bench/results/latest.md and bench/results/*.json in ${all.durationS.toFixed(0)} s`);
}

// ---- report ----------------------------------------------------------------------------------------

/** The sizes a result was made with (older results have no OpenShift sizes). */
function SIZES_OF(r) {
  return { ...SIZES, ...r.sizes };
}

function render(r) {
  const f = (x, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : typeof x === 'number' ? x.toFixed(d) : String(x));
  const med = (xs) => {
    const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
  };
  const verdict = (ok) => (ok ? '**PASS**' : '**FAIL**');
  const rows = [];
  const budget = (name, measured, limit, ok, note = '') => rows.push(`| ${name} | ${measured} | ${limit} | ${verdict(ok)} | ${note} |`);

  const si = med(r.startup.irsa.map((x) => x.startup.firstDiagnosticsMs));
  const sy = med(r.startup.yls.map((x) => x.startup.firstDiagnosticsMs));
  const siInit = med(r.startup.irsa.map((x) => x.startup.initializeMs));
  const syInit = med(r.startup.yls.map((x) => x.startup.initializeMs));
  const siCpu = med(r.startup.irsa.map((x) => x.startup.usage?.cpuS * 1000));

  const ei = r.big.irsa.edit;
  const ey = r.big.yls.edit;
  const editP95 = ei.allMs.p95;
  const ylsEditP95 = ey.allMs.p95;

  const bi = r.mid.irsa.burst;
  const by = r.mid.yls.burst;
  const floorPerFile = r.mid.floor.ms / r.mid.floor.files;
  const floorCpuPerFile = r.mid.floor.cpuMs / r.mid.floor.files;

  const memMid = r.mid.irsa.indexing.usage.peakRssMiB;
  const memBig = r.big.irsa.indexing.usage.peakRssMiB;
  const act = r.activation;

  budget('Edit latency p95, edited + linked file, 5,000-set workspace', `${f(editP95)} ms`, '≤ 15 ms', editP95 <= 15);
  budget('… and > 10× lower than yaml-language-server (same run)', `${f(ylsEditP95 / editP95)}× (YLS p95 ${f(ylsEditP95)} ms)`, '> 10×', ylsEditP95 / editP95 > 10);
  budget('Burst per file vs yaml-language-server (same run)', `${f(bi.perFileMs, 2)} ms vs ${f(by.perFileMs, 2)} ms`, '≤ YLS', bi.perFileMs <= by.perFileMs, `server CPU per file: ${f(bi.serverCpuPerFileMs, 2)} vs ${f(by.serverCpuPerFileMs, 2)} ms`);
  budget('Burst per file vs parse-only floor', `${f(bi.perFileMs / floorPerFile, 2)}× (${f(bi.perFileMs, 2)} vs ${f(floorPerFile, 2)} ms)`, '≤ 2×', bi.perFileMs <= 2 * floorPerFile, `CPU: ${f(bi.serverCpuPerFileMs / floorCpuPerFile, 2)}× (${f(bi.serverCpuPerFileMs, 2)} vs ${f(floorCpuPerFile, 2)} ms)`);
  for (const c of r.cli) {
    budget(`irsa-lint vs parse floor, ${c.files} files`, `${f(c.ratioWall, 2)}×`, '≤ 1.5×', c.ratioWall <= 1.5, `CPU ratio ${f(c.ratioCpu, 2)}×`);
    budget(`irsa-lint throughput, ${c.files} files`, `${f(c.cli.filesPerSecond, 0)} files/s`, '≥ 3,000 files/s', c.cli.filesPerSecond >= 3000, `${f(c.cli.filesPerCpuSecond, 0)} files per CPU-second; the parse-only floor alone: ${f(c.floor.filesPerSecond, 0)} files/s`);
  }
  // Application code (issue #14): the same budgets with code files in the workspace.
  for (const c of r.cliCode ?? []) {
    const pre = `${c.codeFiles} code files, ${c.codeParsed} name an AWS SDK and are parsed; pre-filter over all of them ${f(c.prefilterMs, 1)} ms in the floor's run`;
    budget(`With code: irsa-lint vs parse floor, ${c.files} files`, `${f(c.ratioWall, 2)}×`, '≤ 1.5×', c.ratioWall <= 1.5, `CPU ratio ${f(c.ratioCpu, 2)}×; ${pre}`);
    budget(`With code: irsa-lint throughput, ${c.files} files`, `${f(c.cli.filesPerSecond, 0)} files/s`, '≥ 3,000 files/s', c.cli.filesPerSecond >= 3000, `${f(c.cli.filesPerCpuSecond, 0)} files per CPU-second; floor ${f(c.floor.filesPerSecond, 0)} files/s`);
  }
  if (r.bigCode) {
    const bc = r.bigCode.irsa;
    budget(`With code: edit latency p95, edited + linked file, ${bc.workspace.files + bc.workspace.codeFiles}-file workspace (${bc.workspace.codeFiles} code)`, `${f(bc.edit.allMs.p95)} ms`, '≤ 15 ms', bc.edit.allMs.p95 <= 15, `${bc.workspace.sets} sets; ${bc.indexing.log ?? ''}`);
    budget(`With code: server memory, ${bc.workspace.files + bc.workspace.codeFiles}-file workspace (${bc.workspace.codeFiles} code) indexed`, `${f(bc.indexing.usage.peakRssMiB)} MiB`, '≤ 400 MiB', bc.indexing.usage.peakRssMiB <= 400, `peak over the whole run: ${f(bc.usage.peakRssMiB)} MiB`);
  }
  budget(`Server memory, ${r.mid.irsa.workspace.files} files indexed`, `${f(memMid)} MiB`, '≤ 150 MiB', memMid <= 150, `peak over the whole run (1,500 files open, burst): ${f(r.mid.irsa.usage.peakRssMiB)} MiB`);
  budget(`Server memory, ${r.big.irsa.workspace.files} files indexed`, `${f(memBig)} MiB`, '≤ 400 MiB', memBig <= 400, `peak over the whole run: ${f(r.big.irsa.usage.peakRssMiB)} MiB`);
  // OpenShift's layout (issue 10): the same budgets, and the one-file figures.
  const eo = r.bigOcp.irsa.edit;
  const bo = r.midOcp.irsa.burst;
  const floorOcpPerFile = r.midOcp.floor.ms / r.midOcp.floor.files;
  const memMidOcp = r.midOcp.irsa.indexing.usage.peakRssMiB;
  const memBigOcp = r.bigOcp.irsa.indexing.usage.peakRssMiB;
  const one = r.oneFile;
  budget(`OpenShift layout: edit latency p95, edited + linked file, ${r.bigOcp.irsa.workspace.sets}-set workspace`, `${f(eo.allMs.p95)} ms`, '≤ 15 ms', eo.allMs.p95 <= 15, `${r.bigOcp.irsa.workspace.sets / SIZES_OF(r).ocpNamespaces} CRs and IRSA pods per namespace, one file per CR`);
  budget('… and > 10× lower than yaml-language-server (its 5,000-set p95 above)', `${f(ylsEditP95 / eo.allMs.p95)}×`, '> 10×', ylsEditP95 / eo.allMs.p95 > 10);
  const byo = r.midOcp.yls.burst;
  budget(`OpenShift layout: burst per file vs yaml-language-server (same run, ${r.midOcp.irsa.workspace.files} files)`, `${f(bo.perFileMs, 2)} ms vs ${f(byo.perFileMs, 2)} ms`, '≤ YLS', bo.perFileMs <= byo.perFileMs, `every CR in one file; server CPU per file ${f(bo.serverCpuPerFileMs, 2)} vs ${f(byo.serverCpuPerFileMs, 2)} ms`);
  budget('OpenShift layout: burst per file vs parse-only floor', `${f(bo.perFileMs / floorOcpPerFile, 2)}× (${f(bo.perFileMs, 2)} vs ${f(floorOcpPerFile, 2)} ms)`, '≤ 2×', bo.perFileMs <= 2 * floorOcpPerFile);
  budget(`OpenShift layout: server memory, ${r.midOcp.irsa.workspace.files} files indexed`, `${f(memMidOcp)} MiB`, '≤ 150 MiB', memMidOcp <= 150, `peak over the whole run: ${f(r.midOcp.irsa.usage.peakRssMiB)} MiB`);
  budget(`OpenShift layout: server memory, ${r.bigOcp.irsa.workspace.files} files indexed`, `${f(memBigOcp)} MiB`, '≤ 400 MiB', memBigOcp <= 400, `peak over the whole run: ${f(r.bigOcp.irsa.usage.peakRssMiB)} MiB`);
  budget(`One open file with ${one.workspace.credentialsRequests} CRs: first diagnostics`, `${f(one.openAtStartupMs)} ms`, '≤ 1,000 ms', one.openAtStartupMs <= 1000, `didOpen right after initialized → its diagnostics (${f(one.workspace.bytes / 1024, 0)} KiB; median of ${one.openAtStartupRunsMs?.length ?? 1}); server CPU from spawn by then ${f(one.openAtStartupCpuMs, 0)} ms`);
  budget(`One open file with ${one.workspace.credentialsRequests} CRs: one-line edit p95`, `${f(one.edit.ms.p95)} ms`, '≤ 200 ms', one.edit.ms.p95 <= 200, `p50 ${f(one.edit.ms.p50)} ms, max ${f(one.edit.ms.max)} ms (n=${one.edit.ms.n}); server CPU per edit ${f(one.edit.serverCpuPerEditMs, 0)} ms`);
  budget('Server start-up to first diagnostics, small workspace', `${f(si)} ms`, '≤ 300 ms', si <= 300, `median of ${r.startup.irsa.length}; server CPU by then ${f(siCpu, 0)} ms`);
  budget('Extension activation (stub vscode, approximation)', `${f(act.totalMs)} ms`, '≤ 30 ms', act.totalMs <= 30, `require ${f(act.requireMs)} ms + activate() ${f(act.activateSyncMs, 2)} ms; CPU ${f(act.totalCpuMs)} ms; deferred client load after activate() returned: ${act.deferredTaskMs == null ? 'n/a' : `${f(act.deferredTaskMs)} ms (CPU ${f(act.deferredTaskCpuMs)} ms)`}`);

  const lspRow = (label, i, y) => `| ${label} | ${i} | ${y} |`;
  const st = (s) => (typeof s === 'string' ? s : s && s.n ? `${f(s.p50)} / ${f(s.p95)} / ${f(s.max)} (n=${s.n})` : 'n/a');
  const m = r.machine;
  return `# Benchmarks: irsa-toolkit vs yaml-language-server

Generated by \`npm run bench\` (bench/run.mjs) on ${r.date}${r.quick ? ' (QUICK run: small sizes, not for the record)' : ''}; run time ${f(r.durationS, 0)} s.
Raw figures: \`bench/results/*.json\` (git-ignored; \`latest.json\` holds everything below).

## Machine
- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}
- Load average (1/5/15 min) at start: ${m.loadavgAtStart.map((x) => x.toFixed(2)).join(' / ')}; at end: ${m.loadavgAtEnd.map((x) => x.toFixed(2)).join(' / ')}.
  Other processes sharing the 2 cores inflate every wall-clock figure; CPU-time figures (user+sys of the
  measured process) are given beside them and are less sensitive to that.

## Versions
- irsa-lint ${r.versions.irsaLint}, irsa-language-server ${r.versions.irsaLanguageServer} (this checkout, dist/ built by the run)
- yaml-language-server ${r.versions.yamlLanguageServer} (bench/package.json devDependency), yaml ${r.versions.yaml}

## Budgets (issues 6 and 10)
| Budget | Measured | Limit | Verdict | Notes |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

## Peer set-up and schema check
yaml-language-server is started with \`--stdio\` and configured through \`workspace/configuration\` (and a
\`didChangeConfiguration\` push): \`yaml.validate: true\`, \`yaml.schemas: { <schemas/credentials-request.schema.json>:
["**/credrequests/*.yaml"] }\`, \`yaml.schemaStore.enable: false\`, \`yaml.kubernetesCRDStore.enable: false\`, no
\`kubernetes\` association. Before timing, both servers get a bad and a good CredentialsRequest in \`credrequests/\`:

| Server | bad file: diagnostics | good file: diagnostics | check |
| --- | --- | --- | --- |
${['irsa', 'yls'].map((k) => { const c = r.mid[k].schemaCheck; return `| ${k === 'irsa' ? 'irsa-language-server' : 'yaml-language-server'} | ${c.badFile.diagnostics}: ${c.badFile.messages.map((x) => x.replace(/\|/g, '\\|')).join('; ')} | ${c.goodFile.diagnostics} | ${c.ok ? 'reports schema errors' : 'FAILED'} |`; }).join('\n')}

## Language servers (ms; p50 / p95 / max)
Start-up on a ${r.startup.irsa[0].workspace.files}-file workspace (median of ${r.startup.irsa.length} runs; a CredentialsRequest is opened right after \`initialized\`):

| | irsa-language-server | yaml-language-server |
| --- | --- | --- |
${lspRow('spawn → initialize result', f(siInit), f(syInit))}
${lspRow('spawn → first publishDiagnostics', f(si), f(sy))}

${r.mid.irsa.workspace.files}-file workspace (${r.mid.irsa.workspace.sets} sets) and ${r.big.irsa.workspace.files}-file workspace (${r.big.irsa.workspace.sets} sets, no noise files):

| | irsa-language-server | yaml-language-server |
| --- | --- | --- |
${lspRow(`indexing ${r.mid.irsa.workspace.files} files (spawn → scan done)`, f(r.mid.irsa.indexing.scannedMs), 'N/A (no workspace index)')}
${lspRow(`indexing ${r.big.irsa.workspace.files} files (spawn → scan done)`, f(r.big.irsa.indexing.scannedMs), 'N/A (no workspace index)')}
${lspRow(`didOpen → diagnostics, ${r.mid.irsa.workspace.files}-file ws`, st(r.mid.irsa.open.ms), st(r.mid.yls.open.ms))}
${lspRow(`didOpen → diagnostics, ${r.big.irsa.workspace.files}-file ws`, st(r.big.irsa.open.ms), st(r.big.yls.open.ms))}
${lspRow(`edit → diagnostics of the edited CR, ${r.mid.irsa.workspace.files}-file ws`, st(r.mid.irsa.edit.editedMs), st(r.mid.yls.edit.editedMs))}
${lspRow(`edit → diagnostics of the linked workload, ${r.mid.irsa.workspace.files}-file ws`, st(r.mid.irsa.edit.linkedMs), 'N/A: no cross-file knowledge')}
${lspRow(`edit → diagnostics of the edited CR, ${r.big.irsa.workspace.sets}-set ws`, st(ei.editedMs), st(ey.editedMs))}
${lspRow(`edit → diagnostics of the linked workload, ${r.big.irsa.workspace.sets}-set ws`, st(ei.linkedMs), 'N/A: no cross-file knowledge')}
${lspRow(`edit → both (budget figure), ${r.big.irsa.workspace.sets}-set ws`, st(ei.allMs), st(ey.allMs))}
${lspRow('open all YAML files at once: files, total, per file', `${r.mid.irsa.openAll.files}, ${f(r.mid.irsa.openAll.totalMs)}, ${f(r.mid.irsa.openAll.perFileMs, 2)}`, `${r.mid.yls.openAll.files}, ${f(r.mid.yls.openAll.totalMs)}, ${f(r.mid.yls.openAll.perFileMs, 2)}`)}
${lspRow('burst (change every open file): files, total, per file', `${bi.files}, ${f(bi.totalMs)}, ${f(bi.perFileMs, 2)}`, `${by.files}, ${f(by.totalMs)}, ${f(by.perFileMs, 2)}`)}
${lspRow('burst: server CPU per file', f(bi.serverCpuPerFileMs, 2), f(by.serverCpuPerFileMs, 2))}
${lspRow(`peak RSS (VmHWM), ${r.mid.irsa.workspace.files}-file ws, end of run (MiB)`, f(r.mid.irsa.usage.peakRssMiB), f(r.mid.yls.usage.peakRssMiB))}
${lspRow(`peak RSS, ${r.big.irsa.workspace.files}-file ws, end of run (MiB)`, f(r.big.irsa.usage.peakRssMiB), f(r.big.yls.usage.peakRssMiB))}
${lspRow(`server CPU time, ${r.mid.irsa.workspace.files}-file ws run (s)`, f(r.mid.irsa.usage.cpuS, 2), f(r.mid.yls.usage.cpuS, 2))}
${lspRow(`server CPU time, ${r.big.irsa.workspace.files}-file ws run (s)`, f(r.big.irsa.usage.cpuS, 2), f(r.big.yls.usage.cpuS, 2))}

OpenShift layout (issue 10): every CR in \`openshift-cloud-credential-operator\` in credrequests/, the sets sharing
${SIZES_OF(r).ocpNamespaces} application namespaces (the CRs' secretRef.namespace, their Secrets and pods). ${r.midOcp.irsa.workspace.files}-file workspace with every CR in
one file (\`credrequests/${CR_FILE}\`, the edits are one-line edits in it); ${r.bigOcp.irsa.workspace.files}-file workspace with one file per CR.
yaml-language-server runs on the ${r.midOcp.irsa.workspace.files}-file one only (it has no links; its 5,000-set figures above do not depend on the layout):

| | irsa-language-server | yaml-language-server |
| --- | --- | --- |
| indexing ${r.midOcp.irsa.workspace.files} files / ${r.bigOcp.irsa.workspace.files} files (spawn → scan done) | ${f(r.midOcp.irsa.indexing.scannedMs)} / ${f(r.bigOcp.irsa.indexing.scannedMs)} | N/A |
| didOpen → diagnostics, ${r.midOcp.irsa.workspace.files}-file ws | ${st(r.midOcp.irsa.open.ms)} | ${st(r.midOcp.yls.open.ms)} |
| edit → both (edited CR file + linked workload), ${r.midOcp.irsa.workspace.files}-file ws, every CR in one file | ${st(r.midOcp.irsa.edit.allMs)} | ${st(r.midOcp.yls.edit.allMs)} (edited file only) |
| edit → both (budget figure), ${r.bigOcp.irsa.workspace.sets}-set ws | ${st(r.bigOcp.irsa.edit.allMs)} | see the 5,000-set row above |
| burst (change every open file): files, total, per file | ${r.midOcp.irsa.burst.files}, ${f(r.midOcp.irsa.burst.totalMs)}, ${f(r.midOcp.irsa.burst.perFileMs, 2)} | ${r.midOcp.yls.burst.files}, ${f(r.midOcp.yls.burst.totalMs)}, ${f(r.midOcp.yls.burst.perFileMs, 2)} |
| burst: server CPU per file | ${f(r.midOcp.irsa.burst.serverCpuPerFileMs, 2)} | ${f(r.midOcp.yls.burst.serverCpuPerFileMs, 2)} |
| peak RSS, ${r.midOcp.irsa.workspace.files}-file / ${r.bigOcp.irsa.workspace.files}-file ws, end of run (MiB) | ${f(r.midOcp.irsa.usage.peakRssMiB)} / ${f(r.bigOcp.irsa.usage.peakRssMiB)} | ${f(r.midOcp.yls.usage.peakRssMiB)} / N/A |
| server CPU time, ${r.midOcp.irsa.workspace.files}-file / ${r.bigOcp.irsa.workspace.files}-file ws run (s) | ${f(r.midOcp.irsa.usage.cpuS, 2)} / ${f(r.bigOcp.irsa.usage.cpuS, 2)} | ${f(r.midOcp.yls.usage.cpuS, 2)} / N/A |

One open file with ${r.oneFile.workspace.credentialsRequests} CredentialsRequests (\`bench/crs-one-file.mjs\`; ${r.oneFile.workspace.credentialsRequests} sets, the CRs in \`credrequests/${CR_FILE}\`,
${f(r.oneFile.workspace.bytes / 1024, 0)} KiB): didOpen right after \`initialized\` → its diagnostics ${f(r.oneFile.openAtStartupMs)} ms (median of fresh servers: ${(r.oneFile.openAtStartupRunsMs ?? []).map((x) => f(x, 0)).join(', ')} ms; server CPU from spawn by then ${f(r.oneFile.openAtStartupCpuMs, 0)} ms); closed and opened again once the
folder is indexed ${f(r.oneFile.openIndexedMs)} ms; one-line edits (a serviceAccountNames item renamed, spread over the file) →
diagnostics of that version ${st(r.oneFile.edit.ms)}; server CPU ${f(r.oneFile.edit.serverCpuPerEditMs, 0)} ms per edit.

Parse-only floor on the ${r.mid.floor.files}-file workspace (one process, walk + read + parse, start-up excluded): ${f(r.mid.floor.ms)} ms, ${f(floorPerFile, 3)} ms per file (CPU ${f(floorCpuPerFile, 3)} ms per file).

yaml-language-server validates after a fixed 200 ms delay (\`validationDelayMs\`, not a setting), so its open and edit
latencies are ≥ 200 ms by construction; it has no workspace index and no cross-file rules, so indexing and the
linked-file latency are N/A for it.

## irsa-lint throughput (median of the runs; fresh node process per run)
| files | runs | parse floor (ms) | irsa-lint (ms) | files/s | ratio wall | floor CPU (ms) | irsa-lint CPU (ms) | ratio CPU | findings | peak RSS (MiB) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${r.cli.map((c) => `| ${c.files} | ${c.cli.runs.length} | ${f(c.floor.wallMs, 0)} | ${f(c.cli.wallMs, 0)} | ${f(c.cli.filesPerSecond, 0)} | ${f(c.ratioWall, 2)} | ${f(c.floor.cpuMs, 0)} | ${f(c.cli.cpuMs, 0)} | ${f(c.ratioCpu, 2)} | ${c.problems} | ${f(c.cli.maxRssMiB, 0)} |`).join('\n')}

Floor: \`node bench/parse-floor.mjs DIR\` (walk, read, \`yaml\` parseAllDocuments / JSON.parse, nothing else).
${(r.cliCode ?? []).length ? `
With application code (issue #14; \`gen-workspace.mjs --code ${SIZES_OF(r).code}\`: per set one file that calls STS through an AWS SDK, in TypeScript, Python, Go
or Java in turn, and ${SIZES_OF(r).code - 1} that name no SDK). The floor then also reads every code file and parses those that name an SDK with the
same tree-sitter runtime and grammars (\`parse-floor.mjs --code\`); irsa-lint in addition converts the trees, runs the code rules and links
each file to its workloads.

| files | code files | parsed (pre-filter kept) | pre-filter time (ms) | parse floor (ms) | irsa-lint (ms) | files/s | ratio wall | ratio CPU | peak RSS (MiB) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${r.cliCode.map((c) => `| ${c.files} | ${c.codeFiles} | ${c.codeParsed} | ${f(c.prefilterMs, 1)} | ${f(c.floor.wallMs, 0)} | ${f(c.cli.wallMs, 0)} | ${f(c.cli.filesPerSecond, 0)} | ${f(c.ratioWall, 2)} | ${f(c.ratioCpu, 2)} | ${f(c.cli.maxRssMiB, 0)} |`).join('\n')}
` : ''}
irsa-lint: \`node dist/cli.js --format json .\` in the workspace (discovery with .gitignore, every rule, JSON report).

## Extension activation (approximation)
\`bench/activation.mjs\`: dist/extension.js loaded in a fresh node process with a stub \`vscode\` module; median of
${act.runs}: require ${f(act.requireMs)} ms (CPU ${f(act.requireCpuMs)} ms), activate() until it returns
${f(act.activateSyncMs, 2)} ms; together ${f(act.totalMs)} ms, the budget figure (the extension host's thread blocked by loading and activating).
activate() registers the commands, output channel and status bar item, then defers the language client to a later
task: there, require of dist/languageClient.js (vscode-languageclient) ${act.deferredRequireMs == null ? 'n/a' : `${f(act.deferredRequireMs)} ms (CPU ${f(act.deferredRequireCpuMs)} ms)`},
the whole deferred task (require, client creation, start()'s synchronous part) ${act.deferredTaskMs == null ? 'n/a' : `${f(act.deferredTaskMs)} ms (CPU ${f(act.deferredTaskCpuMs)} ms)`}.
Scaffolding and code generation (dist/commands/index.js, with the engine) load on their first use, not at activation.
A real extension host has node's built-in modules already loaded and adds its own work.

## Reproduce
\`npm run bench\` (installs bench/node_modules with \`npm ci --prefix bench\` when missing, builds, runs bench/run.mjs).
Single tools: \`node bench/lsp-latency.mjs --server "<command>" --workspace DIR [--open N] [--json out.json]\`,
\`node bench/cli-throughput.mjs [--files 1000,5000,20000] [--code C]\`, \`node bench/gen-workspace.mjs --sets N --seed S [--namespaces K] [--cr-file NAME] --out DIR\`,
\`node bench/crs-one-file.mjs --server "<command>" --workspace DIR\`, \`node bench/chain-open.mjs --workspace DIR [--namespace NS]\` (issue #16: the credential chain of one namespace, request and drawing in headless Chromium); some parts only: \`node bench/run.mjs --only=onefile,big\` (bench/results/partial.json).
`;
}
