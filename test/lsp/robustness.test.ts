/**
 * The language server survives bad input (broken, huge, binary, deeply nested files, on disk and open)
 * and also runs over `--node-ipc`. Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
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

const yamlSyntax = (): Diagnostic => ({
  range: { start: { line: 6, character: 9 }, end: { line: 6, character: 16 } },
  severity: 1,
  code: 'yaml-syntax',
  codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', 'yaml-syntax.md')) },
  source: 'irsa',
  message: 'Unterminated double-quoted string: the " opened here is never closed, so YAML reads the rest of the file as part of this value. Close it on this line.',
  data: { ruleId: 'yaml-syntax', version: 0 },
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
    await c.waitForDiagnostics(broken, [yamlSyntax()], 30_000);
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
    await c.waitForDiagnostics(broken, [yamlSyntax()]);
    c.open(broken, fs.readFileSync(path.join(dir, 'broken', 'service-account.yaml'), 'utf8'));
    c.edit(broken, { start: { line: 6, character: 16 }, end: { line: 6, character: 16 } }, '"');
    await c.waitForDiagnostics(broken, []);
  });
});

describe('language server: hostile .irsa.yaml (issue 10, item 6)', () => {
  // A FIFO hung the server (it waited for a writer forever); a link to /dev/zero grew it past 4 GB.
  // Both must become one diagnostic on .irsa.yaml while the rest of the folder is still validated.
  const cases: { name: string; make: (p: string) => void; message: string; skip: boolean }[] = [
    {
      name: 'a FIFO',
      make: (p) => execFileSync('mkfifo', [p]),
      message: '.irsa.yaml: the file is a FIFO, not a regular file; it was not read, so none of its settings apply',
      skip: process.platform === 'win32',
    },
    {
      name: 'a symlink to /dev/zero',
      make: (p) => fs.symlinkSync('/dev/zero', p),
      message: '.irsa.yaml: the file is a character device, not a regular file; it was not read, so none of its settings apply',
      skip: !fs.existsSync('/dev/zero'),
    },
  ];
  it('an ignore glob that backtracks in picomatch does not stall the scan or edits', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    fs.appendFileSync(path.join(dir, '.irsa.yaml'), 'ignore:\n  - "*a*a*a*a*a*a*a*a*b"\n');
    const long = path.join(dir, 'a'.repeat(120) + '.yaml');
    fs.copyFileSync(path.join(dir, 'broken', 'service-account.yaml'), long);
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    // Not ignored (the name does not end in b), so it is scanned and gets its diagnostic.
    await c.waitForDiagnostics(uriOf(long), [yamlSyntax()]);
    c.open(uriOf(long), fs.readFileSync(long, 'utf8'));
    c.edit(uriOf(long), { start: { line: 6, character: 16 }, end: { line: 6, character: 16 } }, '"');
    await c.waitForDiagnostics(uriOf(long), []);
  });

  for (const k of cases) {
    it(`${k.name} is a diagnostic on .irsa.yaml, not a hang`, { skip: k.skip }, async () => {
      const dir = copyToTemp(FIXTURE);
      temps.push(dir);
      const config = path.join(dir, '.irsa.yaml');
      fs.rmSync(config);
      k.make(config);
      client = await LspTestClient.start({ folders: [dir] });
      const c = client;
      await c.waitForDiagnostics(uriOf(config), [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, code: 'config', source: 'irsa', message: k.message },
      ]);
      const broken = uriOf(path.join(dir, 'broken', 'service-account.yaml'));
      await c.waitForDiagnostics(broken, [yamlSyntax()]);
      // A change of the file (watcher event) re-reads it the same bounded way.
      c.filesChanged([{ uri: uriOf(config), type: 2 }]);
      const summary = await c.request<{ files: number }>('irsa/validateWorkspace');
      assert.ok(summary.files >= 5, JSON.stringify(summary));
      assert.ok(c.alive);
    });
  }
});

describe('language server: malformed LSP frames (issue 10, item 9)', () => {
  /** Frames one JSON-RPC message as the base protocol does. */
  const frame = (body: unknown): Buffer => {
    const b = Buffer.from(JSON.stringify(body));
    return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]);
  };
  const INITIALIZE = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const SHUTDOWN = frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' });

  /** Splits the server's stdout into its complete JSON-RPC messages (it is trusted to frame them well). */
  function messages(out: Buffer): { id?: number; method?: string; params?: { type: number; message: string } }[] {
    const result = [];
    let rest = out;
    for (;;) {
      const end = rest.indexOf('\r\n\r\n');
      if (end < 0) return result;
      const length = Number(/Content-Length: (\d+)/.exec(rest.subarray(0, end).toString('ascii'))![1]);
      if (rest.length < end + 4 + length) return result; // the rest has not arrived yet
      result.push(JSON.parse(rest.subarray(end + 4, end + 4 + length).toString('utf8')));
      rest = rest.subarray(end + 4 + length);
    }
  }

  /**
   * Spawns `dist/server.js --stdio`, initializes, then writes `bad` and a valid shutdown request.
   * Resolves with the exit status; the hang guard kills the server after 20 s (the old behaviour:
   * alive, never answering).
   */
  function run(bad: Buffer | string, endInput = false): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; out: ReturnType<typeof messages> }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        out.push(d);
        // Only after the answer to initialize: the bad frame must not arrive inside the first read.
        if (out.length === 1) {
          child.stdin.write(bad);
          child.stdin.write(SHUTDOWN);
        }
        if (endInput && messages(Buffer.concat(out)).some((m) => m.id === 2)) child.stdin.end();
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code, signal) => {
        clearTimeout(guard);
        resolve({ code, signal, stderr, out: messages(Buffer.concat(out)) });
      });
      child.stdin.on('error', () => undefined); // EPIPE once the server has exited
      child.stdin.write(INITIALIZE);
    });
  }

  const cases: [string, string, string][] = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}', 'a message header has no Content-Length'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', 'Content-Length must be a decimal number of bytes, got "-5"'],
    ['a Content-Length with trailing garbage', 'Content-Length: 2x\r\n\r\n{}', 'Content-Length must be a decimal number of bytes, got "2x"'],
    ['a Content-Length that is too short', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}', 'a message body of 5 bytes is not JSON (wrong Content-Length?)'],
    // Too long: the body runs into the shutdown request's header.
    ['a Content-Length that is too long', 'Content-Length: 60\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}', 'a message body of 60 bytes is not JSON (wrong Content-Length?)'],
    ['a huge Content-Length (refused before buffering anything)', 'Content-Length: 99999999999\r\n\r\n{', 'Content-Length 99999999999 is more than the 128 MiB this server accepts'],
    ['a header line without a colon', 'Content-Length 2\r\n\r\n{}', 'a message header line is not `Name: value`: "Content-Length 2"'],
    // Valid JSON but no message: reading `.method` of it threw, and the frames behind it waited.
    ['a body that is JSON null', 'Content-Length: 4\r\n\r\nnull', 'a message body of 4 bytes is JSON but not a JSON-RPC message (an object or a batch)'],
  ];
  for (const [name, bad, reason] of cases) {
    it(`${name}: logged, then exit code 1 (the client restarts the server)`, async () => {
      const r = await run(bad);
      const message = `IRSA language server: malformed message from the client (${reason}); exiting so that the client restarts it.`;
      assert.deepEqual({ code: r.code, signal: r.signal, stderr: r.stderr }, { code: 1, signal: null, stderr: message + '\n' });
      assert.deepEqual(r.out.find((m) => m.method === 'window/logMessage' && m.params?.type === 1)?.params, { type: 1, message });
      assert.equal(r.out.filter((m) => m.id === 2).length, 0, 'nothing after the bad frame is answered');
    });
  }

  it('a well-formed session still works: shutdown is answered, end of input exits with 0', async () => {
    const r = await run(Buffer.alloc(0), true);
    assert.deepEqual({ code: r.code, signal: r.signal, stderr: r.stderr }, { code: 0, signal: null, stderr: '' });
    assert.deepEqual(r.out.filter((m) => m.id === 2), [{ jsonrpc: '2.0', id: 2, result: null }]);
  });
});
