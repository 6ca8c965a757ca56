#!/usr/bin/env node
// Large and hostile single files through irsa-lint (issue #10 items 7 and 12): one run of the CLI per
// generated file, wall time and the rules it reported. Parsing must stay linear in the file's size
// and stop with a `parse-limit` finding past the node and nesting budgets, never hang or crash.
//   node bench/large-files.mjs [CLI]        CLI defaults to dist/cli.js (build first: node esbuild.mjs)
// Generated files (in a temporary folder, removed afterwards):
//   block-709k   a block map of 60,500 keys (709 KiB), the size of the report
//   flow-649k    a flow map of 60,000 keys (649 KiB)
//   aliases-600k 17,000 anchors then 17,000 aliases to them
//   omap-880k    a `!!omap` list of 35,000 one-key maps
//   tiny-4m      `[a,a,a,…` of 2 million items, just below the 4 MiB limit (past the node budget)
//   deep-yaml    `[[[[…` 20,000 levels deep;  deep-json  the same in a trust-policy JSON
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'cli.js'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-large-'));
const KIB = 1024;
const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\n';

const files = {
  'block-709k.yaml': () => {
    let s = head + 'data:\n';
    for (let i = 0; s.length < 709 * KIB; i++) s += `  k${String(i).padStart(5, '0')}: v\n`;
    return s;
  },
  'flow-649k.yaml': () => {
    const parts = [];
    let len = head.length + 8;
    for (let i = 0; len < 649 * KIB; i++) {
      const p = `k${String(i).padStart(5, '0')}: v`;
      parts.push(p);
      len += p.length + 2;
    }
    return head + 'data: {' + parts.join(', ') + '}\n';
  },
  'aliases-600k.yaml': () => {
    const lines = [head + 'data:'];
    for (let i = 0; i < 17000; i++) lines.push(`  k${i}: &a${i} v`);
    for (let i = 0; i < 17000; i++) lines.push(`  r${i}: *a${i}`);
    return lines.join('\n') + '\n';
  },
  'omap-880k.yaml': () => {
    const lines = [head + 'data: !!omap'];
    for (let i = 0; i < 35000; i++) lines.push(`  - key${String(i).padStart(6, '0')}: value${i}`);
    return lines.join('\n') + '\n';
  },
  'tiny-4m.yaml': () => head + 'x: [' + 'a,'.repeat(2 * 1024 * 1024 - 64) + ']\n',
  'deep-yaml.yaml': () => head + 'x: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n',
  'deep-json.json': () => '{"Version": "2012-10-17", "Statement": ' + '['.repeat(20000) + ']'.repeat(20000) + '}\n',
};

console.log(`CLI: ${cli}`);
console.log('| file | size | time | exit | findings |');
console.log('|---|---:|---:|---:|---|');
try {
  for (const [name, make] of Object.entries(files)) {
    const file = path.join(dir, name);
    const text = make();
    fs.writeFileSync(file, text);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, file, '--format', 'json'], { encoding: 'utf8', timeout: 600_000, maxBuffer: 256 * 1024 * 1024 });
    const ms = performance.now() - t0;
    let findings = r.error ? String(r.error) : (r.stderr.split('\n')[0] ?? '').slice(0, 120);
    try {
      const report = JSON.parse(r.stdout);
      const counts = {};
      for (const f of report.files ?? []) for (const x of f.findings ?? []) counts[x.ruleId] = (counts[x.ruleId] ?? 0) + 1;
      findings = Object.entries(counts).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
    } catch {
      // not JSON: a crash; the first line of stderr is shown
    }
    console.log(`| ${name} | ${(text.length / KIB).toFixed(0)} KiB | ${(ms / 1000).toFixed(2)} s | ${r.status ?? r.signal} | ${findings} |`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
