/**
 * Issue #14 "Editor" in the language server (`node dist/server.js --stdio`): application code is
 * checked only in a folder that holds IRSA files. A Python file on disk next to a CredentialsRequest
 * gets the role-chaining-duration diagnostic at start-up, its quick fix sets 3600, and the fixed
 * text (opened and edited) has no diagnostic; a folder holding only that Python file gets nothing and
 * never loads the tree-sitter grammars (the server's log says when it does).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { RULES_BY_ID } from '../../server/src/engine/rules';
import { REPO_ROOT } from '../helpers/fixtures';
import { LspTestClient, uriOf } from '../helpers/lsp-client';

const RULE = 'role-chaining-duration';
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


def destination_session(role_arn):
    resp = sts.assume_role(RoleArn=role_arn, RoleSessionName="orders", DurationSeconds=7200)
    return resp["Credentials"]
`;

const CREDENTIALS_REQUEST = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: reader
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - action:
      - s3:GetObject
      effect: Allow
      resource: "*"
  secretRef:
    name: reader-aws
    namespace: team-a
  serviceAccountNames:
  - reader
`;

const LOADED = 'IRSA: loaded the code parser';

/** A folder with `app/assume.py` and, when `withIrsa`, `credrequests/reader.yaml`. */
function workspace(withIrsa: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-code-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'assume.py'), PYTHON);
  if (withIrsa) {
    fs.mkdirSync(path.join(dir, 'credrequests'));
    fs.writeFileSync(path.join(dir, 'credrequests', 'reader.yaml'), CREDENTIALS_REQUEST);
  }
  return dir;
}

/** `DurationSeconds=7200` is on line 7 (0-based 6); the number starts at character 87. */
const AT = { start: { line: 6, character: 87 }, end: { line: 6, character: 91 } };

/** Polls the server's log (log messages do not wake LspTestClient.waitFor). */
async function logged(c: LspTestClient, prefix: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const line = c.log.find((l) => l.startsWith(prefix));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line starting with ${prefix}:\n${c.log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function finding(version: number): Diagnostic {
  return {
    range: AT,
    severity: 1,
    code: RULE,
    codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${RULE}.md`)) },
    source: 'irsa',
    message:
      'DurationSeconds 7200 asks for a 2-hour session, but in an IRSA pod this AssumeRole is role chaining (the SDK\'s credentials are already role credentials, from AssumeRoleWithWebIdentity), which STS limits to one hour: the call fails with "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining". Use 3600 or less and let a refreshing provider renew the session.',
    data: { ruleId: RULE, version },
  };
}

describe('language server: application code (issue #14)', () => {
  it('a Python file next to a CredentialsRequest gets role-chaining-duration, and its quick fix clears it', async () => {
    const dir = workspace(true);
    const py = uriOf(path.join(dir, 'app', 'assume.py'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    await c.waitForDiagnostics(py, [finding(0)]);
    assert.equal(c.log.filter((l) => l.startsWith(LOADED)).length, 1, c.log.join('\n'));
    // The client is asked to watch code files too.
    const watchers = c.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => (r.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern));
    assert.ok(watchers.includes('**/*.{ts,tsx,js,mjs,cjs,py,go,java}'), watchers.join(', '));

    c.open(py, PYTHON, 'python');
    await c.waitForDiagnostics(py, [finding(1)]);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: py }, range: AT, context: { diagnostics: [finding(1)] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.title, 'Set DurationSeconds to 3600');
    assert.deepEqual(fix.edit, { changes: { [py]: [{ range: AT, newText: '3600' }] } });

    // Hover under the diagnostic explains the rule (engine hoverAt, as on YAML).
    const rule = RULES_BY_ID.get(RULE)!;
    const hover = await c.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: py }, position: { line: 6, character: 89 } });
    assert.deepEqual(hover.contents, { kind: 'markdown', value: `**\`${RULE}\`** (error) — ${rule.docs.summary}\n\n${rule.docs.details}\n\n[Rule documentation](${uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${RULE}.md`))})` });

    c.edit(py, AT, '3600');
    await c.waitForDiagnostics(py, []);
  });

  it('code on disk is re-checked when it changes; node_modules, folders in .gitignore and code naming no AWS SDK are not read', async () => {
    const dir = workspace(true);
    const file = path.join(dir, 'app', 'assume.py');
    const py = uriOf(file);
    for (const other of ['node_modules/pkg/assume.py', 'vendor/assume.py']) {
      fs.mkdirSync(path.dirname(path.join(dir, other)), { recursive: true });
      fs.writeFileSync(path.join(dir, other), PYTHON);
    }
    fs.writeFileSync(path.join(dir, '.gitignore'), 'vendor/\n');
    fs.writeFileSync(path.join(dir, 'app', 'plain.py'), 'def add(a, b):\n    return a + b\n');
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    await c.waitForDiagnostics(py, [finding(0)]);
    assert.match(await logged(c, 'IRSA: scanned '), /: 1 YAML\/JSON files and 1 code files that name an AWS SDK or STS \(of 2 listed\) in \d+ ms$/);

    fs.writeFileSync(file, PYTHON.replace('7200', '3600'));
    c.filesChanged([{ uri: py, type: 2 }]);
    await c.waitForDiagnostics(py, []);
    fs.writeFileSync(file, PYTHON);
    c.filesChanged([{ uri: py, type: 2 }]);
    await c.waitForDiagnostics(py, [finding(0)]);
    // Events for excluded code are not read (node_modules, .gitignore), nor is code that names no SDK.
    fs.writeFileSync(path.join(dir, 'app', 'plain.py'), 'import os\n');
    c.filesChanged(['node_modules/pkg/assume.py', 'vendor/assume.py', 'app/plain.py'].map((f) => ({ uri: uriOf(path.join(dir, f)), type: 2 as const })));
    assert.deepEqual(await c.request('irsa/validateWorkspace'), { files: 2, problems: 1, errors: 1, warnings: 0 });
    assert.deepEqual([...c.diagnostics.keys()].filter((u) => u.endsWith('.py')), [py]);
  });

  it('a folder holding only that Python file gets no diagnostic and does not load the parser, on disk or open', async () => {
    const dir = workspace(false);
    const py = uriOf(path.join(dir, 'app', 'assume.py'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    const scanned = await logged(c, 'IRSA: scanned ');
    assert.match(scanned, /: 0 YAML\/JSON files and 0 code files that name an AWS SDK or STS \(of 1 listed\) in \d+ ms$/);
    c.open(py, PYTHON, 'python');
    // A request answered after the open (hover flushes pending edits first): nothing was published for it.
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: py }, position: AT.start }), null);
    assert.equal(c.diagnostics.get(py), undefined);
    assert.equal(c.log.filter((l) => l.startsWith(LOADED)).length, 0, c.log.join('\n'));
  });

  it('the first CredentialsRequest created on disk brings the folder\'s code in', async () => {
    const dir = workspace(false);
    const py = uriOf(path.join(dir, 'app', 'assume.py'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    await logged(c, 'IRSA: scanned ');
    fs.mkdirSync(path.join(dir, 'credrequests'));
    const cr = path.join(dir, 'credrequests', 'reader.yaml');
    fs.writeFileSync(cr, CREDENTIALS_REQUEST);
    c.filesChanged([{ uri: uriOf(cr), type: 1 }]);
    await c.waitForDiagnostics(py, [finding(0)]);
    assert.equal(c.log.filter((l) => l.startsWith(LOADED)).length, 1, c.log.join('\n'));
  });
});
