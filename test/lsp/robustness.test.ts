/**
 * The language server survives bad input (broken, huge, binary, deeply nested files, on disk and open)
 * and also runs over `--node-ipc`. Build first: `node esbuild.mjs && npx tsc -p .`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'lsp', 'workspace');
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const yamlSyntax = (uri: string): Diagnostic => ({
  range: { start: { line: 6, character: 9 }, end: { line: 6, character: 16 } },
  severity: 1,
  code: 'yaml-syntax',
  codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', 'yaml-syntax.md')) },
  source: 'irsa',
  message: 'Unterminated double-quoted string: the " opened here is never closed, so YAML reads the rest of the file as part of this value. Close it on this line.',
  data: {
    ruleId: 'yaml-syntax',
    fixes: [{ title: 'Close the quote: add " at the end of the line', preferred: true, edits: [{ uri, start: 107, end: 107, newText: '"' }] }],
  },
});

/** Inputs that have crashed or hung parsers before. */
function nastyFiles(): Record<string, string | Buffer> {
  const huge = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\n  annotations:\n' + '    note: "' + 'x'.repeat(6 * 1024 * 1024) + '"\n';
  return {
    'nasty/huge.yaml': huge,
    'nasty/binary.json': Buffer.from([0x7b, 0x22, 0x53, 0x74, 0x61, 0x74, 0x65, 0x6d, 0x65, 0x6e, 0x74, 0x22, 0x3a, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x89, 0x50, 0x4e, 0x47]),
    'nasty/deep.yaml': 'kind: Pod\nspec: ' + '['.repeat(20000) + '\n',
    'nasty/deep.json': '{"Statement": ' + '['.repeat(20000) + '\n',
    'nasty/aliases.yaml': 'kind: Pod\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nspec: *g\n',
    'nasty/garbage.yaml': 'kind: Deployment\n\t- : : ]]} {{ "\u0000\n---\n--- !!binary\n? [\n',
    'nasty/empty.json': '',
  };
}

describe('language server: robustness and transports', () => {
  it('(e) broken, huge, binary and deeply nested files never crash the server', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    const files = nastyFiles();
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    const broken = uriOf(path.join(dir, 'broken', 'service-account.yaml'));
    await c.waitForDiagnostics(broken, [yamlSyntax(broken)], 30_000);
    // The same inputs as open documents, then edited.
    for (const [rel, content] of Object.entries(files)) {
      const uri = uriOf(path.join(dir, rel));
      const text = typeof content === 'string' ? content : content.toString('latin1');
      c.open(uri, text);
      c.change(uri, text.slice(0, Math.floor(text.length / 2)));
    }
    const summary = await c.request<{ files: number; problems: number }>('irsa/validateWorkspace', undefined, 30_000);
    assert.ok(summary.files >= 5, JSON.stringify(summary));
    assert.ok(c.alive, 'server still running');
    // Still serving: a normal edit gets its diagnostics.
    c.open(broken, fs.readFileSync(path.join(dir, 'broken', 'service-account.yaml'), 'utf8'));
    c.change(broken, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: helper\n');
    await c.waitForDiagnostics(broken, []);
    assert.deepEqual(
      c.log.filter((l) => /uncaught|unhandled|failed/i.test(l)),
      [],
      'no handler failed',
    );
  });

  it('(g) the scan decodes UTF-16 files and logs file symlinks as not checked, never reading them (issue #10, item 12)', async () => {
    if (process.platform === 'win32') return;
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    fs.mkdirSync(path.join(dir, 'enc'));
    const yaml = '\ufeffkind: Deployment\n? - a\n: v\n';
    fs.writeFileSync(path.join(dir, 'enc', 'le.yaml'), Buffer.from(yaml, 'utf16le'));
    fs.writeFileSync(path.join(dir, 'enc', 'be.yaml'), Buffer.from(yaml, 'utf16le').swap16());
    fs.symlinkSync(path.join(dir, 'enc', 'le.yaml'), path.join(dir, 'enc', 'link.yaml'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'enc', 'zero.yaml'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    const shape = (uri: string) => async (): Promise<unknown> =>
      (await c.waitForPublish(uri, 30_000)).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message]);
    const expected = [['yaml-syntax', 1, 2, 1, 5, 'A list cannot be a map key: Kubernetes rejects the file ("invalid map key"). Write the key as a plain string.']];
    assert.deepEqual(await shape(uriOf(path.join(dir, 'enc', 'le.yaml')))(), expected);
    assert.deepEqual(await shape(uriOf(path.join(dir, 'enc', 'be.yaml')))(), expected);
    const summary = await c.request<{ files: number; problems: number }>('irsa/validateWorkspace', undefined, 30_000);
    assert.ok(summary.files > 0);
    const skipped = c.log.filter((l) => /not checked: .*symbolic link/.test(l)).map((l) => path.basename(l.split(': ')[2] ?? ''));
    // (validateWorkspace scans again: the same lines once per scan)
    assert.deepEqual([...new Set(skipped)].sort(), ['link.yaml', 'zero.yaml']);
    // A watcher event for a link is not a reason to read it either.
    c.filesChanged(['zero.yaml', 'link.yaml'].map((n) => ({ uri: uriOf(path.join(dir, 'enc', n)), type: 2 as const })));
    await c.request('irsa/validateWorkspace', undefined, 30_000);
    assert.equal(c.diagnostics.has(uriOf(path.join(dir, 'enc', 'zero.yaml'))), false);
    assert.equal(c.diagnostics.has(uriOf(path.join(dir, 'enc', 'link.yaml'))), false);
    assert.ok(c.alive);
  });

  it('(f) --node-ipc: initializes, scans and answers as over stdio', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    client = await LspTestClient.start({ folders: [dir], mode: 'ipc' });
    const c = client;
    assert.deepEqual(c.initializeResult.capabilities.textDocumentSync, { openClose: true, change: 2, willSaveWaitUntil: true });
    const broken = uriOf(path.join(dir, 'broken', 'service-account.yaml'));
    await c.waitForDiagnostics(broken, [yamlSyntax(broken)]);
    c.open(broken, fs.readFileSync(path.join(dir, 'broken', 'service-account.yaml'), 'utf8'));
    c.edit(broken, { start: { line: 6, character: 16 }, end: { line: 6, character: 16 } }, '"');
    await c.waitForDiagnostics(broken, []);
  });
});
