#!/usr/bin/env node
/**
 * Lints the real-world corpus of issue #11 (built by bench/corpus/build.mjs from repos.json) with the
 * built CLI and measures precision against a hand classification.
 *
 * Usage: npm run bench:corpus [-- --repo owner+name ...] [--classification <file>] [--unclassified]
 *   IRSA_CORPUS  corpus folder (default: repos.json "root", /work/corpus); one sub-folder per repository
 *   --repo       lint only these sub-folders (repeatable)
 *   --classification  classification file (default bench/corpus/classification.json; optional)
 *   --unclassified    also print every error/warning that no classification entry matches
 *   --write-real-baseline  rewrite real-baseline.json from the findings classified real now
 *   --show <rule>     print every error/warning of that rule with its key, document kind and verdict
 *   --verbose         also name the guard entries (classification entries no finding matches now)
 *
 * Prints: findings per repository, per rule (errors, warnings, infos, and for errors+warnings the
 * verdicts real/false/noise/unclassified and precision = real / classified), per severity.
 * Writes: bench/.work/corpus-findings.json — every finding with repo, path (relative to the repository),
 * line text, key, and the classification entry that matched (or null).
 *
 * Stable key of a finding: `repo | path | rule | line text` where the line text is the trimmed source
 * line the finding starts on. It survives line shifts and message rewording; it does not survive a
 * rule that moves its finding to another line (then the group entries below still match).
 *
 * Classification file: `{ "entries": [ { "id", "rule", "repo"?, "path"?, "line"?, "message"?,
 * "verdict": "real"|"false"|"noise", "pattern"?: 1..8 | "new:<name>", "reason" } ] }`. `rule`
 * is an exact rule id or "*"; `repo` and `path` are globs (picomatch); `line` and `message` are regular
 * expressions tested against the line text and the message; `docKind` and `providerKind` are regular
 * expressions tested against the `kind` of the YAML document holding the finding and, for a
 * CredentialsRequest, its `spec.providerSpec.kind`. The first entry that matches wins, so
 * specific entries go before general ones.
 *
 * Recall guard: `real-baseline.json` lists the real problems found at the baseline as
 * `{ repo, path, rule, lineHash }` (sha1 of the line text, 12 hex: stable, and no third-party text
 * here); the run prints every one of them that is no longer reported (issue #11: every real problem
 * found before is still found).
 *
 * Exit: 0 after printing; 2 when the corpus or dist/cli.js is missing (with a message saying how to
 * make it), or a classification file that cannot be read.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const picomatch = require('picomatch');
const YAML = require('yaml');

function fail(msg) {
  console.error(`bench:corpus: ${msg}`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const only = [];
let classificationPath = join(here, 'classification.json');
let showUnclassified = false;
let showRule;
let writeBaseline = false;
let verbose = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--repo') only.push(argv[++i]);
  else if (a === '--classification') classificationPath = resolve(argv[++i]);
  else if (a === '--unclassified') showUnclassified = true;
  else if (a === '--show') showRule = argv[++i];
  else if (a === '--write-real-baseline') writeBaseline = true;
  else if (a === '--verbose') verbose = true;
  else fail(`unknown argument ${a}`);
}

const spec = JSON.parse(readFileSync(join(here, 'repos.json'), 'utf8'));
const corpus = resolve(process.env.IRSA_CORPUS ?? spec.root);
if (!existsSync(corpus) || !statSync(corpus).isDirectory()) {
  fail(
    `no corpus at ${corpus}. Set IRSA_CORPUS to the corpus folder, or build it: fetch each repository of ` +
      `bench/corpus/repos.json (search tool: fetch github:<owner>/<name>), then run node bench/corpus/build.mjs.`,
  );
}
const cli = join(repoRoot, 'dist', 'cli.js');
if (!existsSync(cli)) fail(`${cli} is missing: run npm run build first.`);

const repos = readdirSync(corpus)
  .filter((d) => statSync(join(corpus, d)).isDirectory())
  .filter((d) => !only.length || only.includes(d))
  .sort();
if (!repos.length) fail(`no repository folders in ${corpus}${only.length ? ` matching ${only.join(', ')}` : ''}.`);

/** @type {{entries: Array<Record<string, unknown>>} | undefined} */
let classification;
if (existsSync(classificationPath)) {
  try {
    classification = JSON.parse(readFileSync(classificationPath, 'utf8'));
  } catch (e) {
    fail(`cannot read ${classificationPath}: ${e.message}`);
  }
}
const matchers = (classification?.entries ?? []).map((e) => ({
  entry: e,
  repo: e.repo ? picomatch(e.repo, { dot: true }) : () => true,
  path: e.path ? picomatch(e.path, { dot: true }) : () => true,
  line: e.line ? new RegExp(e.line) : undefined,
  message: e.message ? new RegExp(e.message) : undefined,
  docKind: e.docKind ? new RegExp(e.docKind) : undefined,
  providerKind: e.providerKind ? new RegExp(e.providerKind) : undefined,
}));

function classify(f) {
  for (const m of matchers) {
    if (m.entry.rule !== '*' && m.entry.rule !== f.rule) continue;
    if (!m.repo(f.repo) || !m.path(f.path)) continue;
    if (m.line && !m.line.test(f.lineText)) continue;
    if (m.message && !m.message.test(f.message)) continue;
    if (m.docKind && !m.docKind.test(f.docKind ?? '')) continue;
    if (m.providerKind && !m.providerKind.test(f.providerKind ?? '')) continue;
    return m.entry;
  }
  return null;
}

const lineCache = new Map();
function lineText(file, line) {
  let lines = lineCache.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      lines = [];
    }
    lineCache.set(file, lines);
  }
  return (lines[(line ?? 1) - 1] ?? '').trim().slice(0, 200);
}

const docCache = new Map();
/**
 * The document of `file` that holds 1-based `line`: its `kind` and, for a CredentialsRequest, its
 * `spec.providerSpec.kind` — what decides whether a finding is about another cloud (issue #11,
 * pattern 1). Files that do not parse (templates) give {}.
 */
function docContext(file, line) {
  let docs = docCache.get(file);
  if (!docs) {
    docs = [];
    try {
      const text = readFileSync(file, 'utf8');
      const starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      const lineOf = (off) => {
        let lo = 0, hi = starts.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= off) lo = mid; else hi = mid - 1; }
        return lo + 1;
      };
      for (const d of YAML.parseAllDocuments(text, { uniqueKeys: false })) {
        // getIn, not toJS: template keys such as `{{ .Name }}` would make toJS warn on stderr.
        const kind = d.contents && YAML.isMap(d.contents) ? d.getIn(['kind']) : undefined;
        const providerKind = d.contents && YAML.isMap(d.contents) ? d.getIn(['spec', 'providerSpec', 'kind']) : undefined;
        const [from, , to] = d.range;
        docs.push({ from: lineOf(from), to: lineOf(Math.max(from, to - 1)), kind, providerKind });
      }
    } catch {
      docs = [];
    }
    docCache.set(file, docs);
  }
  const d = docs.find((x) => x.from <= line && line <= x.to);
  return d ? { docKind: typeof d.kind === 'string' ? d.kind : undefined, providerKind: typeof d.providerKind === 'string' ? d.providerKind : undefined } : {};
}

const findings = [];
const perRepo = [];
for (const repo of repos) {
  const dir = join(corpus, repo);
  const t0 = process.hrtime.bigint();
  let out;
  try {
    out = execFileSync(process.execPath, [cli, '-f', 'json', '--no-progress', '.'], { cwd: dir, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // Exit 1 (errors found) and 2 (unreadable file) still print the JSON report.
    if (e.stdout?.length) out = e.stdout;
    else {
      perRepo.push({ repo, crashed: String(e.stderr || e.message).split('\n').slice(0, 3).join(' ') });
      continue;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let report;
  try {
    report = JSON.parse(out.toString('utf8'));
  } catch (e) {
    perRepo.push({ repo, crashed: `output is not JSON: ${e.message}` });
    continue;
  }
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of report.files) {
    const abs = resolve(dir, file.file);
    const path = relative(dir, abs);
    for (const x of file.findings) {
      counts[x.severity] = (counts[x.severity] ?? 0) + 1;
      const f = { repo, path, rule: x.ruleId, severity: x.severity, line: x.line, column: x.column, message: x.message, lineText: lineText(abs, x.line), ...docContext(abs, x.line), related: (x.related ?? []).length };
      f.key = `${f.repo} | ${f.path} | ${f.rule} | ${f.lineText}`;
      const c = x.severity === 'error' || x.severity === 'warning' ? classify(f) : null;
      f.classification = c ? { id: c.id, verdict: c.verdict, pattern: c.pattern ?? null } : null;
      findings.push(f);
    }
  }
  perRepo.push({ repo, files: report.summary.filesChecked, ms: Math.round(ms), ...counts, unlisted: report.summary.problems - report.files.reduce((n, f) => n + f.findings.length, 0) });
}

// --- tables -------------------------------------------------------------------------------------
const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`corpus ${corpus}: ${repos.length} repositories\n`);
console.log(`${pad('repository', 52)}${num('files', 6)}${num('err', 6)}${num('warn', 6)}${num('info', 6)}${num('ms', 7)}`);
const tot = { files: 0, error: 0, warning: 0, info: 0 };
for (const r of perRepo) {
  if (r.crashed) {
    console.log(`${pad(r.repo, 52)} CRASHED: ${r.crashed}`);
    continue;
  }
  for (const k of Object.keys(tot)) tot[k] += r[k] ?? 0;
  console.log(`${pad(r.repo, 52)}${num(r.files, 6)}${num(r.error, 6)}${num(r.warning, 6)}${num(r.info, 6)}${num(r.ms, 7)}`);
}
console.log(`${pad('total', 52)}${num(tot.files, 6)}${num(tot.error, 6)}${num(tot.warning, 6)}${num(tot.info, 6)}\n`);

const rules = new Map();
for (const f of findings) {
  const r = rules.get(f.rule) ?? { error: 0, warning: 0, info: 0, hint: 0, real: 0, false: 0, noise: 0, unclassified: 0 };
  r[f.severity]++;
  if (f.severity === 'error' || f.severity === 'warning') {
    if (f.classification) r[f.classification.verdict]++;
    else r.unclassified++;
  }
  rules.set(f.rule, r);
}
const prec = (r) => (r.real + r.false + r.noise ? `${((100 * r.real) / (r.real + r.false + r.noise)).toFixed(0)}%` : '-');
console.log(`${pad('rule', 34)}${num('err', 6)}${num('warn', 6)}${num('info', 6)}${num('real', 6)}${num('false', 6)}${num('noise', 6)}${num('uncl', 6)}${num('prec', 6)}`);
const all = { error: 0, warning: 0, info: 0, hint: 0, real: 0, false: 0, noise: 0, unclassified: 0 };
for (const [id, r] of [...rules].sort((a, b) => b[1].error + b[1].warning - (a[1].error + a[1].warning))) {
  for (const k of Object.keys(all)) all[k] += r[k];
  console.log(`${pad(id, 34)}${num(r.error, 6)}${num(r.warning, 6)}${num(r.info, 6)}${num(r.real, 6)}${num(r.false, 6)}${num(r.noise, 6)}${num(r.unclassified, 6)}${num(prec(r), 6)}`);
}
console.log(`${pad('total', 34)}${num(all.error, 6)}${num(all.warning, 6)}${num(all.info, 6)}${num(all.real, 6)}${num(all.false, 6)}${num(all.noise, 6)}${num(all.unclassified, 6)}${num(prec(all), 6)}`);
console.log(`\nerrors+warnings: ${all.error + all.warning}; precision (real / classified): ${prec(all)}${classification ? '' : ' (no classification file)'}`);
// A second view that one file with many template lines cannot dominate: each (repository, file,
// rule) counts once, real if any of its classified findings is real.
const pairs = new Map();
for (const f of findings) {
  if (!(f.severity === 'error' || f.severity === 'warning') || !f.classification) continue;
  const k = `${f.repo}\0${f.path}\0${f.rule}`;
  pairs.set(k, pairs.get(k) === 'real' || f.classification.verdict === 'real' ? 'real' : 'other');
}
if (pairs.size) {
  const real = [...pairs.values()].filter((v) => v === 'real').length;
  console.log(`(file, rule) pairs with errors/warnings: ${pairs.size}; real: ${real} (${((100 * real) / pairs.size).toFixed(0)}%)`);
}

if (classification) {
  const groups = new Map();
  for (const f of findings) if (f.classification) groups.set(f.classification.id, (groups.get(f.classification.id) ?? 0) + 1);
  const unused = classification.entries.filter((e) => !groups.has(e.id)).map((e) => e.id);
  // Entries for false findings that no longer occur stay as guards: if a change brings one back, it is
  // counted as false at once instead of waiting unclassified.
  if (unused.length) console.log(`guard entries (no finding matches them now): ${unused.length}${verbose ? `: ${unused.join(', ')}` : ' (--verbose lists them)'}`);
  const byPattern = new Map();
  for (const f of findings) if (f.classification && f.classification.verdict !== 'real') {
    const p = String(f.classification.pattern ?? '?');
    byPattern.set(p, (byPattern.get(p) ?? 0) + 1);
  }
  console.log(`false+noise by issue #11 pattern: ${[...byPattern].sort().map(([p, n]) => `${p}: ${n}`).join(', ')}`);
}

const ew = (f) => f.severity === 'error' || f.severity === 'warning';
const lineHash = (t) => createHash('sha1').update(t).digest('hex').slice(0, 12);
const baselinePath = join(here, 'real-baseline.json');
if (writeBaseline) {
  const seen = new Set();
  const real = [];
  for (const f of findings) {
    if (!ew(f) || f.classification?.verdict !== 'real') continue;
    const r = { repo: f.repo, path: f.path, rule: f.rule, lineHash: lineHash(f.lineText) };
    const k = JSON.stringify(r);
    if (!seen.has(k)) seen.add(k), real.push(r);
  }
  writeFileSync(baselinePath, JSON.stringify({ description: 'Real problems found on the corpus at the baseline (see run.mjs).', real }, null, 1) + '\n');
  console.log(`wrote ${real.length} real findings to ${relative(process.cwd(), baselinePath)}`);
} else if (existsSync(baselinePath) && !only.length) {
  const now = new Set(findings.filter(ew).map((f) => `${f.repo}|${f.path}|${f.rule}|${lineHash(f.lineText)}`));
  const base = JSON.parse(readFileSync(baselinePath, 'utf8')).real;
  const lost = base.filter((r) => !now.has(`${r.repo}|${r.path}|${r.rule}|${r.lineHash}`));
  console.log(`real problems of the baseline still reported: ${base.length - lost.length}/${base.length}`);
  for (const r of lost) console.log(`  LOST ${r.rule} ${r.repo}/${r.path} (line ${r.lineHash})`);
}
if (showUnclassified) {
  console.log('\nunclassified errors and warnings:');
  for (const f of findings) if (ew(f) && !f.classification) console.log(`  ${f.severity} ${f.key}\n      ${f.message.slice(0, 240)}`);
}
if (showRule) {
  console.log(`\n${showRule}:`);
  for (const f of findings) if (ew(f) && f.rule === showRule) console.log(`  ${f.severity} [${f.classification?.id ?? '-'}] ${f.key} {${f.docKind ?? ''} ${f.providerKind ?? ''}}\n      ${f.message.slice(0, 300)}`);
}

const outDir = join(repoRoot, 'bench', '.work');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'corpus-findings.json');
writeFileSync(outFile, JSON.stringify({ corpus, repos: perRepo, findings }, null, 1));
console.log(`\nfull findings: ${relative(process.cwd(), outFile)}`);
