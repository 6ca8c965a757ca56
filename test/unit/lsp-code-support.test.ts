/**
 * Issue #14 "Editor": the language server's code parser is loaded at most once, and a failure to load
 * it is logged once and leaves code unchecked (server/src/lsp/code.ts); a project counts as holding
 * IRSA files only for YAML/JSON documents of ours or a `.irsa.yaml`, never for code alone.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeParser } from '../../server/src/engine';
import { CodeSupport, holdsIrsaFiles, isCodeUri } from '../../server/src/lsp/code';
import { Project } from '../../server/src/lsp/projects';

function capturingErrors<T>(fn: () => Promise<T>): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
  return fn().then(
    (value) => {
      console.error = original;
      return { value, errors };
    },
    (e: unknown) => {
      console.error = original;
      throw e;
    },
  );
}

describe('lsp/code.ts CodeSupport', () => {
  it('a failed load resolves undefined, is tried once and logged once', async () => {
    let calls = 0;
    const code = new CodeSupport(async () => {
      calls++;
      throw new Error('ENOENT: tree-sitter-python.wasm.br');
    });
    const { value, errors } = await capturingErrors(async () => [await code.ensure(), await code.ensure()]);
    assert.deepEqual(value, [undefined, undefined]);
    assert.equal(calls, 1);
    assert.deepEqual(errors, ['IRSA: cannot load the code parser, application code is not checked: ENOENT: tree-sitter-python.wasm.br']);
    assert.equal(code.ready, undefined);
  });

  it('a successful load is shared by every caller and not started by `ready`', async () => {
    let calls = 0;
    const parser: CodeParser = () => undefined;
    const code = new CodeSupport(async () => {
      calls++;
      return parser;
    });
    assert.equal(code.ready, undefined);
    assert.equal(calls, 0);
    const [a, b] = await Promise.all([code.ensure(), code.ensure()]);
    assert.equal(a, parser);
    assert.equal(b, parser);
    assert.equal(code.ready, parser);
    assert.equal(calls, 1);
  });
});

describe('lsp/code.ts holdsIrsaFiles and isCodeUri', () => {
  it('code and manifests alone are not IRSA files; a CredentialsRequest or a .irsa.yaml is', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-holds-'));
    try {
      const p = new Project('file://' + root, root, 'w');
      p.load({ uri: `file://${root}/app/assume.py`, text: 'import boto3\n', version: 0 });
      p.load({ uri: `file://${root}/app/package.json`, text: '{"dependencies":{"aws-sdk":"2.1.0"}}', version: 0 });
      p.load({ uri: `file://${root}/tsconfig.json`, text: '{"compilerOptions":{}}', version: 0 });
      assert.equal(holdsIrsaFiles(p), false);
      fs.writeFileSync(path.join(root, '.irsa.yaml'), 'ignore: []\n');
      assert.equal(holdsIrsaFiles(p), true);
      fs.rmSync(path.join(root, '.irsa.yaml'));
      p.load({ uri: `file://${root}/cr.yaml`, text: 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: a\n', version: 0 });
      assert.equal(holdsIrsaFiles(p), true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('names code files by extension, not declaration files or untitled buffers', () => {
    assert.deepEqual(
      ['file:///w/a.py', 'file:///w/A.java', 'file:///w/m.go', 'file:///w/x.ts', 'file:///w/x.tsx', 'file:///w/x.mjs', 'file:///w/x.d.ts', 'untitled:Untitled-1', 'file:///w/a.yaml', 'file:///w/a%20b.py'].map(isCodeUri),
      [true, true, true, true, true, true, false, false, false, true],
    );
  });
});
