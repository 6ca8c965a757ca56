#!/usr/bin/env node
// Prints the hottest functions (self time) of a V8 .cpuprofile: node bench/profile-summary.mjs FILE [N]
import * as fs from 'node:fs';
const [file, n = '25'] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const self = new Map();
p.samples.forEach((s, i) => {
  const node = byId.get(s);
  const f = node.callFrame;
  const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`);
