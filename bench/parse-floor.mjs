#!/usr/bin/env node
// The parse-only floor for cli-throughput.mjs: lists the YAML/JSON files below DIR (skipping
// node_modules and .git, like irsa-lint), reads every one and parses it with `yaml`
// (parseAllDocuments, the parser irsa-lint uses) or JSON.parse, and does nothing else.
//   node bench/parse-floor.mjs DIR [--code]   → prints {"files":N,"documents":D,"errors":E,…}
//
// `--code` (issue #14): the application code files irsa-lint reads too (.ts .tsx .js .mjs .cjs .py .go
// .java, not .d.ts), each read, and the ones that name an AWS SDK or STS parsed with the same
// tree-sitter runtime and grammars (web-tree-sitter + @vscode/tree-sitter-wasm, loaded once: counted,
// as irsa-lint pays it too). That is the least any checker of such code must do: a file that names no
// SDK can be passed over after one look at its text, one that does must be parsed. The tree is
// read once with a tree cursor, node by node (type, range, named flag, field name: what a rule needs to
// know of a node), and deleted (irsa-lint also builds plain JS nodes from it and runs its rules: that
// is its overhead over this).
// The test that picks the files to parse is the engine's pre-filter (server/src/engine/parse/code.ts,
// `mayUseAwsSdk`), copied here so the floor does not run irsa-lint's code; its time is reported
// apart as `prefilterMs` (over every code file) with `codeFiles` and `codeParsed`.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
const withCode = args.includes('--code');
const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const c0 = process.cpuUsage();
const t0 = performance.now();
let files = 0;
let documents = 0;
let errors = 0;
let codeFiles = 0;
let codeParsed = 0;
let prefilterMs = 0;
let codeNodesRead = 0;
/** The same expression as SDK_MENTION in server/src/engine/parse/code.ts. */
const SDK_MENTION = /aws-sdk|\bboto3\b|\bbotocore\b|software\.amazon\.awssdk|com\.amazonaws|\bsts\b/i;
const CODE_FILE = /\.(tsx?|m?js|cjs|py|go|java)$/i;
const GRAMMAR = { ts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript', py: 'python', go: 'go', java: 'java' };
let parseCode;
if (withCode) {
  const require = createRequire(import.meta.url);
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init({ locateFile: (name) => path.join(path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm')), name) });
  const dir = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  const languages = new Map();
  for (const l of new Set(Object.values(GRAMMAR))) languages.set(l, await Language.load(fs.readFileSync(path.join(dir, `tree-sitter-${l}.wasm`))));
  const parser = new Parser();
  // Parsed and then read once, node by node, the way any JS consumer of a tree-sitter tree must (the
  // tree lives in WebAssembly memory; YAML's parseAllDocuments above likewise builds JS nodes).
  parseCode = (ext, text) => {
    parser.setLanguage(languages.get(GRAMMAR[ext]));
    const tree = parser.parse(text);
    if (!tree) return;
    const c = tree.walk();
    let sink = 0;
    for (;;) {
      sink += c.startIndex + c.endIndex + c.nodeType.length + (c.nodeIsNamed ? 1 : 0) + (c.currentFieldName?.length ?? 0);
      if (c.gotoFirstChild() || c.gotoNextSibling()) continue;
      let up = true;
      while (up && !c.gotoNextSibling()) up = c.gotoParent();
      if (!up) break;
    }
    codeNodesRead += sink > 0 ? 1 : 0;
    c.delete();
    tree.delete();
  };
}
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
    } else if (withCode && e.isFile() && CODE_FILE.test(e.name) && !/\.d\.ts$/i.test(e.name)) {
      const text = fs.readFileSync(full, 'utf8');
      files++;
      codeFiles++;
      const p = performance.now();
      const sdk = SDK_MENTION.test(text);
      prefilterMs += performance.now() - p;
      if (sdk) {
        codeParsed++;
        parseCode(/\.([a-z]+)$/i.exec(e.name)[1].toLowerCase(), text);
      }
    }
  }
};
walk(root);
const c = process.cpuUsage(c0);
// ms / cpuMs: the walk itself, without the process start-up (for per-file comparisons).
console.log(JSON.stringify({ files, documents, errors, ...(withCode ? { codeFiles, codeParsed, prefilterMs } : {}), ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
