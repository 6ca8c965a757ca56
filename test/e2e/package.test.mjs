// The packaged extension (`npm run package` → irsa-toolkit-<version>.vsix): at most 1.5 MB, only the
// allow-listed files (no source maps, tests, TypeScript sources or node_modules), and its bundled
// server and CLI run on their own from an extracted copy (nothing left outside the bundle).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { GUIDE, ROOT, tempDir, vsixPath } from './lib/env.mjs';
import { listZip, readZipEntry } from './lib/zip.mjs';

// 1.5 MB (issue #15), raised from 1 MB by issue #14: the tree-sitter runtime and the six grammars the
// code rules need (dist/tree-sitter.wasm, dist/tree-sitter-<language>.wasm.br, brotli) add about 430 KB.
const MAX_BYTES = 1.5 * 1024 * 1024;
/** What may be in the package (vsce adds the manifest files and renames LICENSE → LICENSE.txt). */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/(extension|languageClient|server|cli|irsa|commands\/index)\.js$/,
  // (issue #16) The credential chain webview (browser bundle and stylesheet).
  /^extension\/dist\/webview\/chain\.(js|css)$/,
  // (issue #15) AWS's IAM service catalogue, plain text (scripts/build-iam-catalog.mjs).
  /^extension\/dist\/iam-catalog\.txt$/,
  /^extension\/dist\/tree-sitter\.wasm$/,
  /^extension\/dist\/tree-sitter-(typescript|tsx|javascript|python|go|java)\.wasm\.br$/,
  /^extension\/schemas\/[\w.-]+\.json$/,
  /^extension\/snippets\/[\w.-]+\.json$/,
  /^extension\/docs\/([\w.-]+\/)*[\w.-]+\.md$/,
  /^extension\/images\/icon\.png$/,
];

let vsix;
let entries;
let names;
let extracted;

before(() => {
  vsix = vsixPath();
  entries = listZip(vsix.file);
  names = entries.map((e) => e.name);
  // Extract dist/, schemas/ and package.json to run the bundles the way the installed extension does.
  extracted = tempDir('irsa-vsix-');
  for (const name of names.filter((n) => n.startsWith('extension/'))) {
    const dest = join(extracted, name);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, readZipEntry(vsix.file, name));
  }
});

after(() => rmSync(extracted, { recursive: true, force: true }));

test(`the .vsix is at most 1.5 MB`, () => {
  assert.ok(vsix.bytes <= MAX_BYTES, `${vsix.file} is ${vsix.bytes} bytes (budget ${MAX_BYTES})`);
});

test('the .vsix holds only allow-listed files: no source maps, tests, sources or node_modules', () => {
  const offending = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
  assert.deepEqual(offending, [], 'files outside the allow-list');
  assert.deepEqual(names.filter((n) => n.endsWith('.map')), []);
  assert.deepEqual(names.filter((n) => /(^|\/)(test|node_modules|out|client|server|\.cache|examples|bench)\//.test(n)), []);
  assert.deepEqual(names.filter((n) => /\.(ts|mts|cts|tsx)$/.test(n)), []);
});

test('the .vsix holds the bundles, the schemas, the snippets, the docs and the icon', () => {
  for (const n of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/languageClient.js', 'extension/dist/commands/index.js',
    'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/irsa.js', 'extension/dist/iam-catalog.txt',
    'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt', 'extension/images/icon.png']) {
    assert.ok(names.includes(n), `${n} missing from the package`);
  }
  // Every schema, snippet file and doc page of the repository is shipped.
  for (const dir of ['schemas', 'snippets', 'docs/rules']) {
    const want = readdirSync(join(ROOT, dir)).filter((f) => /\.(json|md)$/.test(f)).map((f) => `extension/${dir}/${f}`).sort();
    const got = names.filter((n) => n.startsWith(`extension/${dir}/`) && !n.slice(`extension/${dir}/`.length).includes('/')).sort();
    assert.deepEqual(got, want, `${dir}/ in the package`);
  }
  // The page VS Code shows is client/README.md (for VS Code users), its images linked from the repository.
  const readme = readZipEntry(vsix.file, 'extension/readme.md').toString('utf8');
  assert.ok(readme.startsWith('# IRSA Toolkit for OpenShift\n\nChecks the files'), 'extension/readme.md is not client/README.md');
  assert.doesNotMatch(readme, /npm ci && npm start/, 'the repository README (developer set-up) was packaged');
  assert.match(readme, /!\[[^\]]*\]\(https:\/\/github\.com\/[^)]+\/raw\/HEAD\/images\/[\w-]+\.png\)/);
  const manifest = JSON.parse(readZipEntry(vsix.file, 'extension/package.json').toString('utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.icon, 'images/icon.png');
  for (const s of manifest.contributes?.snippets ?? []) {
    assert.ok(names.includes(`extension/${s.path.replace(/^\.\//, '')}`), `contributed snippets ${s.path} missing`);
  }
  // The bundles are minified production builds (no sourceMappingURL comment pointing at a missing map).
  for (const b of ['extension', 'languageClient', 'commands/index', 'server', 'cli', 'irsa']) {
    assert.doesNotMatch(readZipEntry(vsix.file, `extension/dist/${b}.js`).toString('utf8').slice(-300), /sourceMappingURL/, `${b}.js references a source map`);
  }
});

/** The distinct string specifiers of `require(…)` calls in a bundle (not inside a string: ajv's code generator holds some). */
function requiresOf(entry) {
  const text = readZipEntry(vsix.file, entry).toString('utf8');
  return [...new Set([...text.matchAll(/(?<![\w$.'"`])require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

test('the packaged extension.js loads only vscode and its two lazy sibling bundles, which are shipped', () => {
  // Activation budget (issue 6): vscode-languageclient and the engine live in the siblings, loaded later.
  assert.deepEqual(requiresOf('extension/dist/extension.js'), ['./commands', './languageClient', 'vscode']);
  const dist = join(extracted, 'extension', 'dist');
  assert.ok(existsSync(join(dist, 'languageClient.js')), 'dist/languageClient.js (require("./languageClient")) missing');
  assert.ok(existsSync(join(dist, 'commands', 'index.js')), 'dist/commands/index.js (require("./commands")) missing');
});

test('the packaged extension bundles need nothing outside the package but vscode and node built-ins', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const b of ['languageClient', 'commands/index']) {
    const outside = requiresOf(`extension/dist/${b}.js`).filter((r) => r !== 'vscode' && !builtins.has(r));
    assert.deepEqual(outside, [], `dist/${b}.js requires modules that are not in the package`);
  }
});

test('the packaged CLI runs on its own and reports the guide', () => {
  const r = spawnSync(process.execPath, [join(extracted, 'extension', 'dist', 'cli.js'), '--format', 'json', GUIDE], { encoding: 'utf8', cwd: tempDir('irsa-vsix-cwd-') });
  assert.ok(r.stdout.trim().startsWith('{'), `cli.js from the package printed:\n${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(r.stdout);
  const rules = report.files.flatMap((f) => f.findings.map((d) => d.ruleId));
  assert.ok(rules.includes('deprecated-service-account'), `rules: ${rules.join(', ')}`);
  assert.equal(r.status, 1, 'exit code with errors in the guide');
});

test('the packaged language server answers initialize over stdio', async () => {
  const proc = spawn(process.execPath, [join(extracted, 'extension', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const msg = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  proc.stdin.write(`Content-Length: ${Buffer.byteLength(msg)}\r\n\r\n${msg}`);
  const response = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no initialize response in 30 s; stderr:\n${stderr}`)), 30_000);
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = /Content-Length: (\d+)\r\n\r\n/.exec(buf);
      if (m && buf.length >= m.index + m[0].length + Number(m[1])) {
        clearTimeout(timer);
        resolve(JSON.parse(buf.slice(m.index + m[0].length, m.index + m[0].length + Number(m[1]))));
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before answering; stderr:\n${stderr}`)); });
  }).finally(() => proc.kill());
  assert.equal(response.id, 1);
  assert.ok(response.result?.capabilities?.textDocumentSync, JSON.stringify(response));
  assert.equal(response.result.serverInfo?.name, 'irsa-language-server');
});
