/**
 * one-shot-assume-role's quick fix in the language server (`node dist/server.js --stdio`, issue #14):
 * with the refresh-aware module missing, a client that can create files gets one WorkspaceEdit of
 * CreateFile (never overwriting) + the generated module's text + the fixed file's versioned edits,
 * and applying it leaves no code diagnostic; with the module present there is no CreateFile; a module
 * of that name without the entry gets no fix; a client without `resourceOperations: ['create']` gets
 * no file-creating fix.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { renderSdkCode } from '../../shared/src/codegen';
import { FIXTURES } from '../helpers/fixtures';
import { LspTestClient, uriOf } from '../helpers/lsp-client';
import { applyTextEdits } from '../helpers/workspace-edit';

const RULE = 'one-shot-assume-role';
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const PYTHON = `import boto3

sts = boto3.client("sts")
creds = sts.assume_role(RoleArn="arn:aws:iam::444455556666:role/orders", RoleSessionName="orders")["Credentials"]
session = boto3.Session(
    aws_access_key_id=creds["AccessKeyId"],
    aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"],
)
`;

const FIXED = `import boto3
import irsa_credentials

sts = boto3.client("sts")
creds = sts.assume_role(RoleArn="arn:aws:iam::444455556666:role/orders", RoleSessionName="orders")["Credentials"]
session = irsa_credentials.session_for("arn:aws:iam::444455556666:role/orders", "orders")
`;

const CREDENTIALS_REQUEST = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: orders
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - action:
      - sts:AssumeRole
      effect: Allow
      resource: arn:aws:iam::444455556666:role/orders
  secretRef:
    name: orders-aws
    namespace: team-a
  serviceAccountNames:
  - orders
`;

/** The module the fix writes: the chain of that CredentialsRequest (session = secretRef name, us-east-1 without a workload). */
const MODULE_CHAIN = { destinationRoleArn: 'arn:aws:iam::444455556666:role/orders', roleSessionName: 'orders-aws', region: 'us-east-1', durationSeconds: 3600, configFile: '/var/run/secrets/cloud/credentials' };
const MODULE = renderSdkCode(MODULE_CHAIN, 'python');

const CAN_CREATE = { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } };

/** A folder with `credrequests/orders.yaml` and `app/orders.py` (and `app/irsa_credentials.py` when given). */
function workspace(module?: string): { dir: string; py: string; mod: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-oneshot-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'app'));
  fs.mkdirSync(path.join(dir, 'credrequests'));
  fs.writeFileSync(path.join(dir, 'credrequests', 'orders.yaml'), CREDENTIALS_REQUEST);
  fs.writeFileSync(path.join(dir, 'app', 'orders.py'), PYTHON);
  if (module !== undefined) fs.writeFileSync(path.join(dir, 'app', 'irsa_credentials.py'), module);
  return { dir, py: uriOf(path.join(dir, 'app', 'orders.py')), mod: uriOf(path.join(dir, 'app', 'irsa_credentials.py')) };
}

/** The finding on `creds["AccessKeyId"]` (line 6, 0-based 5, characters 22–42), as published for `version`. */
async function oneShotDiagnostic(c: LspTestClient, py: string): Promise<Diagnostic> {
  const p = await c.waitFor(() => {
    const d = c.diagnostics.get(py)?.diagnostics.find((x) => x.code === RULE);
    return d && (d.data as { version?: number } | undefined)?.version === 1 ? d : undefined;
  }, `${RULE} on the open ${py}`);
  assert.deepEqual(p.range, { start: { line: 5, character: 22 }, end: { line: 5, character: 42 } });
  return p;
}

async function openAndAsk(c: LspTestClient, py: string): Promise<CodeAction | undefined> {
  c.open(py, PYTHON, 'python');
  const d = await oneShotDiagnostic(c, py);
  const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: py }, range: d.range, context: { diagnostics: [d] } });
  return actions.find((a) => a.title.startsWith('Use irsa_credentials.session_for'));
}

/** The fixed file's own edit: the import after `import boto3`, and the Session call replaced. */
function pyEdit(py: string): TextDocumentEdit {
  return {
    textDocument: { uri: py, version: 1 },
    edits: [
      { range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, newText: '\nimport irsa_credentials' },
      { range: { start: { line: 4, character: 10 }, end: { line: 8, character: 1 } }, newText: 'irsa_credentials.session_for("arn:aws:iam::444455556666:role/orders", "orders")' },
    ],
  };
}

describe('language server: one-shot-assume-role quick fix writes the refresh-aware module (issue #14)', () => {
  it('module missing: CreateFile + the generated text + the versioned edits; applied, no code diagnostic is left', async () => {
    const { dir, py, mod } = workspace();
    client = await LspTestClient.start({ folders: [dir], capabilities: { workspace: CAN_CREATE } });
    const c = client;
    const action = await openAndAsk(c, py);
    assert.ok(action, 'no fix offered');
    assert.equal(action.title, 'Use irsa_credentials.session_for(…) (refresh-aware; creates irsa_credentials.py if missing)');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(action.edit, {
      documentChanges: [
        { kind: 'create', uri: mod, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: mod, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: MODULE.content }] },
        pyEdit(py),
      ],
    } satisfies WorkspaceEdit);

    // Never part of a fix-all (nor of fix-all on save): creating a file is asked for one finding at a time.
    assert.deepEqual(await c.request('textDocument/codeAction', { textDocument: { uri: py }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.irsa'] } }), []);

    // Apply it as an editor does: create the file (refusing an existing one), fill it, edit the buffer.
    const changes = action.edit!.documentChanges!;
    const created = fileURLToPath(mod);
    assert.equal(fs.existsSync(created), false);
    fs.writeFileSync(created, applyTextEdits('', (changes[1] as TextDocumentEdit).edits as TextEdit[]), { flag: 'wx' });
    c.filesChanged([{ uri: mod, type: 1 }]);
    const fixed = applyTextEdits(PYTHON, (changes[2] as TextDocumentEdit).edits as TextEdit[]);
    assert.equal(fixed, FIXED);
    c.change(py, fixed);
    await c.waitForDiagnostics(py, []);
    // A re-scan reads both code files (both name an AWS SDK): no problem anywhere (the count lists files with documents or findings).
    assert.deepEqual(await c.request('irsa/validateWorkspace'), { files: 1, problems: 0, errors: 0, warnings: 0 });
  });

  it('module present (the generated one): the fix edits the file only, no CreateFile', async () => {
    const { dir, py } = workspace(MODULE.content);
    client = await LspTestClient.start({ folders: [dir], capabilities: { workspace: CAN_CREATE } });
    const action = await openAndAsk(client, py);
    assert.deepEqual(action?.edit, { documentChanges: [pyEdit(py)] });
  });

  it('a file of that name without session_for(…) is neither overwritten nor called: no fix', async () => {
    const { dir, py } = workspace('import boto3\n\n\ndef client(name):\n    return boto3.client(name)\n');
    client = await LspTestClient.start({ folders: [dir], capabilities: { workspace: CAN_CREATE } });
    assert.equal(await openAndAsk(client, py), undefined);
  });

  it('a client without resourceOperations "create" gets no file-creating fix (but does once the module exists)', async () => {
    const { dir, py } = workspace();
    client = await LspTestClient.start({ folders: [dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } } });
    assert.equal(await openAndAsk(client, py), undefined);
    await client.stop();

    const present = workspace(MODULE.content);
    client = await LspTestClient.start({ folders: [present.dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const action = await openAndAsk(client, present.py);
    assert.deepEqual(action?.edit, { documentChanges: [pyEdit(present.py)] });
  });
});

/**
 * Go and Java: the module is rendered into the fixed file's own package (its `package` clause /
 * declaration, carried as FileCreation.packageName), so the call needs no import.
 */
describe('language server: one-shot-assume-role quick fix for Go and Java writes the module in the file\'s package', () => {
  const BAD = path.join(FIXTURES, 'rules', RULE, 'bad');
  const cases: [string, string, 'go' | 'java', string, string][] = [
    ['reports.go', 'irsa_credentials.go', 'go', 'reports', 'Use CredentialsFor(…) of irsa_credentials.go'],
    ['Reports.java', 'IrsaCredentials.java', 'java', 'com.example.reports', 'Use IrsaCredentials.credentialsProviderFor(…)'],
  ];
  for (const [name, moduleName, language, packageName, title] of cases) {
    it(`${name}: CreateFile ${moduleName} rendered in package ${packageName}, then the file's edits`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-oneshot-'));
      temps.push(dir);
      fs.mkdirSync(path.join(dir, 'app'));
      fs.mkdirSync(path.join(dir, 'credrequests'));
      fs.writeFileSync(path.join(dir, 'credrequests', 'orders.yaml'), CREDENTIALS_REQUEST);
      const text = fs.readFileSync(path.join(BAD, name), 'utf8');
      const file = uriOf(path.join(dir, 'app', name));
      fs.writeFileSync(fileURLToPath(file), text);
      client = await LspTestClient.start({ folders: [dir], capabilities: { workspace: CAN_CREATE } });
      const c = client;
      c.open(file, text, language);
      const d = await c.waitFor(() => {
        const x = c.diagnostics.get(file)?.diagnostics.find((y) => y.code === RULE);
        return x && (x.data as { version?: number } | undefined)?.version === 1 ? x : undefined;
      }, `${RULE} on ${name}`);
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: file }, range: d.range, context: { diagnostics: [d] } });
      const action = actions.find((a) => a.title.startsWith(title));
      assert.ok(action, `no fix: ${JSON.stringify(actions.map((a) => a.title))}`);
      const changes = action.edit!.documentChanges!;
      const mod = uriOf(path.join(dir, 'app', moduleName));
      // The RoleArn is a constant: the module is rendered for the workspace's only chain.
      const module = renderSdkCode(MODULE_CHAIN, language, { packageName });
      assert.deepEqual(changes.slice(0, 2), [
        { kind: 'create', uri: mod, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: mod, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: module.content }] },
      ]);
      assert.equal((changes[2] as TextDocumentEdit).textDocument.uri, file);
      assert.equal(changes.length, 3);
    });
  }
});
