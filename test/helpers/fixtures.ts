/**
 * Test helpers shared by every suite: load a fixture folder as a workspace and print findings in the
 * golden format `path:line:col-line:col severity rule-id message` (1-based lines and columns).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME, mergeSettings, parseConfig } from '../../server/src/engine/config';
import type { Finding, IrsaSettings, SourceDocument } from '../../server/src/engine/types';
import { installIamCatalog } from '../../server/src/node/iam-catalog';

// (issue #15) Suites that lint through these helpers see the IAM catalogue as the CLI and the server
// do (registered only; read on first use, from out/iam-catalog.json).
installIamCatalog();

/** Repository root (tests run from out/test/...). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** `code`: (issue #14) application code files too (.ts, .py, .go, .java, …), for tests that lint with a code parser. */
export function walkFiles(dir: string, code = false): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p, code));
    else if ((/\.(ya?ml|json|sh|bash)$/i.test(e.name) || /^(requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|pom\.xml|build\.gradle(\.kts)?)$/.test(e.name) || (code && /\.(ts|tsx|js|mjs|cjs|py|go|java)$/i.test(e.name))) && e.name !== CONFIG_FILE_NAME) out.push(p);
  }
  return out;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** Loads every YAML/JSON file under `dir` plus its `.irsa.yaml` settings. */
export function loadWorkspace(dir: string, extra?: IrsaSettings, options: { code?: boolean } = {}): { documents: SourceDocument[]; settings: IrsaSettings } {
  const documents = walkFiles(dir, options.code).map((p) => ({ uri: fileUri(p), text: fs.readFileSync(p, 'utf8'), version: 0 }));
  const cfgPath = path.join(dir, CONFIG_FILE_NAME);
  let settings: IrsaSettings = {};
  if (fs.existsSync(cfgPath)) {
    const { settings: s, problems } = parseConfig(fs.readFileSync(cfgPath, 'utf8'));
    if (problems.length) throw new Error(`${cfgPath}: ${problems.map((p) => p.message).join('; ')}`);
    settings = s;
  }
  return { documents, settings: mergeSettings(settings, extra) };
}

/** One line per finding, paths relative to `root`, sorted as the engine sorts within a file. */
export function formatFindings(findings: Finding[], root: string): string {
  return findings
    .map((f) => {
      const rel = path.relative(root, new URL(f.uri).pathname).split(path.sep).join('/');
      const r = f.range;
      return `${rel}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.severity} ${f.ruleId} ${f.message}`;
    })
    .sort()
    .join('\n');
}

/**
 * Compares `actual` with the golden file; with UPDATE_GOLDENS=1 rewrites it instead (review the diff).
 * Returns the expected text.
 */
export function golden(file: string, actual: string): string {
  if (process.env['UPDATE_GOLDENS'] === '1' || !fs.existsSync(file)) {
    if (process.env['UPDATE_GOLDENS'] !== '1' && process.env['CI']) throw new Error(`missing golden file ${file}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual.endsWith('\n') || actual === '' ? actual : actual + '\n');
  }
  return fs.readFileSync(file, 'utf8').replace(/\n$/, '');
}

/**
 * Applies one fix's edits to the documents (edits may touch several files) and returns the new
 * document list plus the touched files' new texts by URI. Edits of one file are applied from the end.
 */
export function applyFix(documents: SourceDocument[], fix: { edits: { uri: string; start: number; end: number; newText: string }[] }): {
  documents: SourceDocument[];
  touched: Map<string, string>;
} {
  const touched = new Map<string, string>();
  const byUri = new Map<string, { start: number; end: number; newText: string }[]>();
  for (const e of fix.edits) {
    if (!byUri.has(e.uri)) byUri.set(e.uri, []);
    byUri.get(e.uri)!.push(e);
  }
  const out = documents.map((d) => {
    const edits = byUri.get(d.uri);
    if (!edits) return d;
    let text = d.text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    touched.set(d.uri, text);
    return { ...d, text, version: (d.version ?? 0) + 1 };
  });
  for (const uri of byUri.keys()) if (!touched.has(uri)) throw new Error(`fix edits a file that is not in the workspace: ${uri}`);
  return { documents: out, touched };
}
