#!/usr/bin/env node
// Whole-workspace throughput of `irsa-lint` against the parse-only floor, measured in the same run:
//
//   node bench/cli-throughput.mjs [--files 1000,5000,20000] [--runs 3] [--code C] [--work DIR] [--json out.json]
//
// `--code C` (issue #14): C application source files per set in the workspace too (gen-workspace.mjs
// --code; default 0, the workspace the budgets of bench/run.mjs were set on). Then "files" counts
// them, and the floor does not read them (it walks only YAML/JSON): the ratio then counts every cost
// of code (discovery, reads, pre-filter, parses) against irsa-lint.
//
// For each size a workspace is generated (gen-workspace.mjs, seed 1, one noise file per set, so
// files ≈ 5 × sets) and, alternately, `runs` times each:
//   floor: node bench/parse-floor.mjs DIR     (walk, read, yaml parseAllDocuments / JSON.parse)
//   cli:   node dist/cli.js --format json DIR (discovery, .gitignore, every rule, JSON report)
// each a fresh node process. Reported: median wall time, files/s, CPU time (user+sys of the child,
// from process.resourceUsage via bench/lib/rusage.cjs), and the ratio cli/floor for both.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const REPO = path.resolve(HERE, '..');

function parseArgs(argv) {
  const o = { files: [1000, 5000, 20000], runs: 3, code: 0, work: process.env.BENCH_WORK ?? path.join(os.tmpdir(), 'irsa-bench-work'), json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files') o.files = argv[++i].split(',').map(Number);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--code') o.code = Number(argv[++i]);
    else if (a === '--work') o.work = path.resolve(argv[++i]);
    else if (a === '--json') o.json = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** Generates (or reuses) the workspace of `sets` sets; returns its folder. */
/**
 * A generated workspace under `work`, made once per generator version. `layout` passes the
 * OpenShift layout options of gen-workspace.mjs: `namespaces` (secretRef namespaces shared by all
 * sets) and `crFile` (every CR in one file of credrequests/).
 */
export function workspace(work, sets, noise = 1, layout = {}) {
  const extra = [];
  let name = `ws-${sets}-n${noise}`;
  if (layout.namespaces) {
    extra.push('--namespaces', String(layout.namespaces));
    name += `-ns${layout.namespaces}`;
  }
  if (layout.crFile) {
    extra.push('--cr-file', layout.crFile);
    name += '-onefile';
  }
  if (layout.code) {
    extra.push('--code', String(layout.code));
    name += `-code${layout.code}`;
  }
  const dir = path.join(work, name);
  const stamp = path.join(dir, 'planted.json');
  const gen = fs.readFileSync(path.join(HERE, 'gen-workspace.mjs'));
  const marker = path.join(work, `${name}.gen`);
  const sig = String(gen.length) + ':' + gen.reduce((h, b) => (Math.imul(h, 31) + b) >>> 0, 7);
  if (!fs.existsSync(stamp) || !fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== sig) {
    const r = spawnSync(process.execPath, [path.join(HERE, 'gen-workspace.mjs'), '--sets', String(sets), '--seed', '1', '--noise', String(noise), ...extra, '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('gen-workspace failed');
    fs.writeFileSync(marker, sig);
  }
  return dir;
}

function runOnce(args, cwd) {
  const usageFile = path.join(os.tmpdir(), `irsa-bench-rusage-${process.pid}.json`);
  fs.rmSync(usageFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', path.join(HERE, 'lib/rusage.cjs'), ...args], {
    cwd,
    env: { ...process.env, BENCH_RUSAGE_FILE: usageFile },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const u = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
  fs.rmSync(usageFile, { force: true });
  return { wallMs, cpuMs: u.userMs + u.systemMs, maxRssMiB: u.maxRssMiB, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function measure({ files, runs, work, code = 0 }) {
  fs.mkdirSync(work, { recursive: true });
  const out = [];
  for (const n of files) {
    // Files per set: CR, Secret, workload, trust policy, one noise file, and `code` source files.
    const sets = Math.max(1, Math.round(n / (5 + code)));
    const dir = workspace(work, sets, 1, code ? { code } : {});
    const floor = [];
    const cli = [];
    let fileCount;
    let checked;
    // One untimed pass first: the floor runs first in each pair, and a cold page cache (a workspace
    // just generated or evicted) made its first run slower than the CLI's (20k files: 11.7 s wall for
    // 7.4 s CPU), which flattered the ratio.
    // With code files the floor also reads them and parses the ones the pre-filter keeps (parse-floor.mjs --code).
    const floorArgs = [path.join(HERE, 'parse-floor.mjs'), dir, ...(code ? ['--code'] : [])];
    runOnce(floorArgs, REPO);
    let codeStats;
    for (let i = 0; i < runs; i++) {
      const f = runOnce(floorArgs, REPO);
      const fj = JSON.parse(f.stdout);
      if (code) codeStats = { codeFiles: fj.codeFiles, codeParsed: fj.codeParsed, prefilterMs: fj.prefilterMs };
      fileCount = fj.files;
      floor.push(f);
      const c = runOnce([path.join(REPO, 'dist/cli.js'), '--format', 'json', '.'], dir);
      const report = JSON.parse(c.stdout);
      checked = report.summary.filesChecked;
      cli.push({ ...c, problems: report.summary.problems, stdout: undefined });
      delete f.stdout;
    }
    const fw = median(floor.map((x) => x.wallMs));
    const cw = median(cli.map((x) => x.wallMs));
    const fc = median(floor.map((x) => x.cpuMs));
    const cc = median(cli.map((x) => x.cpuMs));
    const row = {
      targetFiles: n,
      sets,
      code,
      ...(codeStats ?? {}),
      files: fileCount,
      filesChecked: checked,
      problems: cli[0].problems,
      floor: { wallMs: fw, cpuMs: fc, filesPerSecond: fileCount / (fw / 1000), maxRssMiB: Math.max(...floor.map((x) => x.maxRssMiB)), runs: floor },
      cli: { wallMs: cw, cpuMs: cc, filesPerSecond: fileCount / (cw / 1000), filesPerCpuSecond: fileCount / (cc / 1000), maxRssMiB: Math.max(...cli.map((x) => x.maxRssMiB)), runs: cli },
      ratioWall: cw / fw,
      ratioCpu: cc / fc,
      loadavg: os.loadavg(),
    };
    console.error(
      `cli-throughput ${fileCount} files: floor ${fw.toFixed(0)} ms (cpu ${fc.toFixed(0)}), irsa-lint ${cw.toFixed(0)} ms (cpu ${cc.toFixed(0)}), ` +
        `${row.cli.filesPerSecond.toFixed(0)} files/s, ratio ${row.ratioWall.toFixed(2)} wall / ${row.ratioCpu.toFixed(2)} cpu`,
    );
    out.push(row);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const o = parseArgs(process.argv.slice(2));
  const rows = measure(o);
  const json = JSON.stringify({ runs: o.runs, sizes: rows }, null, 2);
  if (o.json) fs.writeFileSync(o.json, json + '\n');
  else console.log(json);
}
