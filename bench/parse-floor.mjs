#!/usr/bin/env node
// The parse-only floor for cli-throughput.mjs: lists the YAML/JSON files below DIR (skipping
// node_modules and .git, like irsa-lint), reads every one and parses it with `yaml`
// (parseAllDocuments, the parser irsa-lint uses) or JSON.parse, and does nothing else.
//   node bench/parse-floor.mjs DIR   → prints {"files":N,"documents":D,"errors":E}
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(process.argv[2] ?? '.');
const c0 = process.cpuUsage();
const t0 = performance.now();
let files = 0;
let documents = 0;
let errors = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') walk(full);
    } else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) {
      const text = fs.readFileSync(full, 'utf8');
      files++;
      if (/\.json$/i.test(e.name)) {
        try {
          JSON.parse(text);
          documents++;
        } catch {
          errors++;
        }
      } else {
        for (const d of parseAllDocuments(text)) {
          documents++;
          errors += d.errors.length;
        }
      }
    }
  }
};
walk(root);
const c = process.cpuUsage(c0);
// ms / cpuMs: the walk itself, without the process start-up (for per-file comparisons).
console.log(JSON.stringify({ files, documents, errors, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
