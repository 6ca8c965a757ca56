/**
 * The language server over real JSON-RPC (`node dist/server.js --stdio`): start-up scan of files that
 * are not open, cross-file updates while typing, watched-file events, `.irsa.yaml` and editor settings.
 * Every expectation is the exact diagnostic (range, severity, code, codeDescription, source, message,
 * relatedInformation, data). Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'lsp', 'workspace');

/** href the server links for a rule: docs/rules/<id>.md next to dist/. */
export function docHref(id: string): string {
  return uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`));
}

const BROKEN_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: helper
  namespace: team-b
  labels:
    app: "helper
`;

/** broken/service-account.yaml: the unterminated quote of line 7. */
function unterminatedQuote(_uri: string, severity: 1 | 2 | 3 | 4 = 1, version = 0): Diagnostic {
  return {
    range: { start: { line: 6, character: 9 }, end: { line: 6, character: 16 } },
    severity,
    code: 'yaml-syntax',
    codeDescription: { href: docHref('yaml-syntax') },
    source: 'irsa',
    message:
      'Unterminated double-quoted string: the " opened here is never closed, so YAML reads the rest of the file as part of this value. Close it on this line.',
    data: { ruleId: 'yaml-syntax', version },
  };
}

/** deployment.yaml runs as `app-sa` while the CredentialsRequest (text with `- other-sa`) lists `other-sa`. */
function serviceAccountMismatch(ws: string): Diagnostic {
  const cr = uriOf(path.join(ws, 'credrequests', 'app-reader.yaml'));
  return {
    range: { start: { line: 15, character: 26 }, end: { line: 15, character: 32 } },
    severity: 1,
    code: 'service-account-mismatch',
    codeDescription: { href: docHref('service-account-mismatch') },
    source: 'irsa',
    message:
      'Deployment `app` runs as service account `app-sa`, which is not in serviceAccountNames of CredentialsRequest `app-reader` (app-reader.yaml:18): `other-sa`. The ccoctl trust policy only admits system:serviceaccount:team-a:other-sa, so STS refuses AssumeRoleWithWebIdentity.',
    relatedInformation: [
      {
        location: { uri: cr, range: { start: { line: 17, character: 2 }, end: { line: 17, character: 21 } } },
        message: 'serviceAccountNames of CredentialsRequest `app-reader`',
      },
    ],
    data: { ruleId: 'service-account-mismatch', version: 0 },
  };
}

interface Ws {
  dir: string;
  uri(rel: string): string;
  file(rel: string): string;
}

const temps: string[] = [];
let client: LspTestClient | undefined;

/** A fresh copy of the fixture workspace, plus files git would not keep (ignored by the scan). */
function workspace(): Ws {
  const dir = copyToTemp(FIXTURE);
  temps.push(dir);
  for (const rel of ['generated/service-account.yaml', 'node_modules/some-chart/service-account.yaml']) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), BROKEN_SA);
  }
  return { dir, uri: (rel) => uriOf(path.join(dir, rel)), file: (rel) => path.join(dir, rel) };
}

async function start(ws: Ws, o: Partial<Parameters<typeof LspTestClient.start>[0]> = {}): Promise<LspTestClient> {
  client = await LspTestClient.start({ folders: [ws.dir], ...o });
  return client;
}

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('language server: diagnostics over stdio', () => {
  it('(a) publishes diagnostics at start-up for files that are not open, and nothing for ignored files', async () => {
    const ws = workspace();
    const c = await start(ws);
    assert.equal(c.initializeResult.serverInfo?.name, 'irsa-language-server');
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
    // The scan finishes before `irsa/validateWorkspace` answers; only files with findings were published.
    const summary = await c.request<{ files: number; problems: number }>('irsa/validateWorkspace');
    assert.deepEqual(summary, { files: 5, problems: 1, errors: 1, warnings: 0 });
    assert.deepEqual([...c.diagnostics.keys()], [broken]);
    // The dynamic registrations the client needs to send file events and configuration changes.
    const watch = c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/*.{yaml,yml,json,sh,bash}' }, { globPattern: '**/{package.json,requirements*.txt,pyproject.toml,Pipfile,go.mod,pom.xml,build.gradle,build.gradle.kts}' }, { globPattern: '**/*.{ts,tsx,js,mjs,cjs,py,go,java}' }, { globPattern: '**/.irsa.yaml' }] });
    assert.deepEqual(c.registrations.find((r) => r.method === 'workspace/didChangeConfiguration')?.registerOptions, { section: 'irsa' });
  });

  it('(b) acceptance: renaming a service account in the CredentialsRequest flags the Deployment, fixing it clears it', async () => {
    const ws = workspace();
    const c = await start(ws);
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
    const cr = ws.uri('credrequests/app-reader.yaml');
    const deployment = ws.uri('deployment.yaml');
    const text = fs.readFileSync(ws.file('credrequests/app-reader.yaml'), 'utf8');
    c.open(cr, text);
    const opened = await c.waitForPublish(cr);
    assert.deepEqual(opened, { uri: cr, version: 1, diagnostics: [] });
    // `    - app-sa` is line 19 (0-based 18); replace the name only, as a user types over it.
    c.edit(cr, { start: { line: 18, character: 6 }, end: { line: 18, character: 12 } }, 'other-sa');
    await c.waitForDiagnostics(deployment, [serviceAccountMismatch(ws.dir)]);
    assert.equal(c.diagnostics.get(deployment)?.version, undefined, 'a file that is not open has no version');
    const cleared = c.edit(cr, { start: { line: 18, character: 6 }, end: { line: 18, character: 14 } }, 'app-sa');
    await c.waitForDiagnostics(deployment, []);
    await c.waitFor(() => (c.diagnostics.get(cr)?.version === cleared ? true : undefined), 'the CR published at its latest version');
    assert.deepEqual(c.diagnostics.get(cr)?.diagnostics, []);
  });

  it('closing a document re-reads it from disk and keeps the diagnostics of the file on disk', async () => {
    const ws = workspace();
    const c = await start(ws);
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
    c.open(broken, BROKEN_SA);
    c.change(broken, BROKEN_SA.replace('"helper', '"helper"'));
    await c.waitForDiagnostics(broken, []);
    c.close(broken);
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
    assert.equal(c.diagnostics.get(broken)?.version, undefined);
  });

  it('(c) watched files: a change on disk updates linked files, a deleted file or folder clears its diagnostics', async () => {
    const ws = workspace();
    const c = await start(ws);
    const broken = ws.uri('broken/service-account.yaml');
    const cr = ws.uri('credrequests/app-reader.yaml');
    const deployment = ws.uri('deployment.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);

    // Changed on disk (e.g. by `git pull`): the Deployment, never opened, is re-validated.
    const crFile = ws.file('credrequests/app-reader.yaml');
    fs.writeFileSync(crFile, fs.readFileSync(crFile, 'utf8').replace('- app-sa', '- other-sa'));
    c.filesChanged([{ uri: cr, type: 2 }]);
    await c.waitForDiagnostics(deployment, [serviceAccountMismatch(ws.dir)]);

    // Deleting the CredentialsRequest unlinks the Deployment: its finding goes away.
    fs.rmSync(crFile);
    c.filesChanged([{ uri: cr, type: 3 }]);
    await c.waitForDiagnostics(deployment, []);

    // A deleted folder arrives as one event for the folder.
    fs.rmSync(ws.file('broken'), { recursive: true });
    c.filesChanged([{ uri: ws.uri('broken'), type: 3 }]);
    await c.waitForDiagnostics(broken, []);

    // A created file is read; created in an ignored folder, it is not.
    const created = ws.uri('more/service-account.yaml');
    fs.mkdirSync(ws.file('more'));
    fs.writeFileSync(ws.file('more/service-account.yaml'), BROKEN_SA);
    fs.writeFileSync(ws.file('generated/other.yaml'), BROKEN_SA);
    c.filesChanged([
      { uri: ws.uri('generated/other.yaml'), type: 1 },
      { uri: created, type: 1 },
    ]);
    await c.waitForDiagnostics(created, [unterminatedQuote(created)]);
    const summary = await c.request<{ problems: number }>('irsa/validateWorkspace');
    assert.equal(summary.problems, 1);
    assert.equal(c.diagnostics.has(ws.uri('generated/other.yaml')), false);
  });

  it('(d) a change of .irsa.yaml re-validates every file (severity override, then ignore globs)', async () => {
    const ws = workspace();
    const c = await start(ws);
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
    const config = ws.file('.irsa.yaml');
    fs.writeFileSync(config, 'ccoctl:\n  name: demo-creds\nrules:\n  yaml-syntax: warning\n');
    c.filesChanged([{ uri: ws.uri('.irsa.yaml'), type: 2 }]);
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken, 2)]);
    fs.writeFileSync(config, 'ccoctl:\n  name: demo-creds\nrules:\n  yaml-syntax: warning\nignore:\n  - "broken/**"\n');
    c.filesChanged([{ uri: ws.uri('.irsa.yaml'), type: 2 }]);
    await c.waitForDiagnostics(broken, []);
    // A mistake in .irsa.yaml is reported on .irsa.yaml itself.
    fs.writeFileSync(config, 'ccoctl:\n  name: demo-creds\nrules:\n  no-such-rule: off\n');
    c.filesChanged([{ uri: ws.uri('.irsa.yaml'), type: 2 }]);
    // (config.ts points at the offending key: `no-such-rule`, to the end of its line.)
    await c.waitForDiagnostics(ws.uri('.irsa.yaml'), [
      {
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 19 } },
        severity: 1,
        code: 'config',
        source: 'irsa',
        message: '.irsa.yaml: unknown rule id `no-such-rule`',
      },
    ]);
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
  });

  it('editor settings (pulled per folder) override .irsa.yaml and are re-read on didChangeConfiguration', async () => {
    const ws = workspace();
    const folder = uriOf(ws.dir);
    let rules: Record<string, string> = { 'yaml-syntax': 'hint' };
    const scopes: (string | undefined)[] = [];
    const c = await start(ws, {
      settings: (scope) => {
        scopes.push(scope);
        return { rules, workspace: { scan: true, exclude: [] } };
      },
    });
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken, 4)]);
    assert.ok(scopes.includes(folder), `settings pulled for ${folder}: ${JSON.stringify(scopes)}`);
    rules = { 'yaml-syntax': 'off' };
    c.configurationChanged({ irsa: {} });
    await c.waitForDiagnostics(broken, []);
    rules = {};
    c.configurationChanged({ irsa: {} });
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken)]);
  });

  it('with irsa.workspace.scan off only open documents are validated', async () => {
    const ws = workspace();
    const c = await start(ws, { settings: () => ({ workspace: { scan: false } }) });
    const broken = ws.uri('broken/service-account.yaml');
    const summary = await c.request<{ files: number }>('irsa/validateWorkspace');
    assert.equal(summary.files, 0);
    assert.equal(c.diagnostics.size, 0);
    c.open(broken, BROKEN_SA);
    await c.waitForDiagnostics(broken, [unterminatedQuote(broken, 1, 1)]);
    c.close(broken);
    await c.waitForDiagnostics(broken, []);
  });

  it('an untitled buffer is validated by its language id; closing it clears its diagnostics', async () => {
    const ws = workspace();
    const c = await start(ws);
    const uri = 'untitled:Untitled-1';
    c.open(uri, '{\n  "Version": "2012-10-17",\n  "Statement": { {\n  } }\n}\n', 'json');
    const jsonSyntax: Diagnostic = {
      range: { start: { line: 2, character: 15 }, end: { line: 2, character: 18 } },
      severity: 1,
      code: 'json-syntax',
      codeDescription: { href: docHref('json-syntax') },
      source: 'irsa',
      message: 'An object cannot directly contain another object: `{ {` is not valid JSON. To hold several statements, make this an array: `[ { … } ]`.',
      data: { ruleId: 'json-syntax', version: 1 },
    };
    // Other IAM rules also flag the empty statement; this test is about the JSON syntax finding.
    await c.waitFor(() => {
      const d = c.diagnostics.get(uri)?.diagnostics.filter((x) => x.code === 'json-syntax');
      try {
        assert.deepStrictEqual(d, [jsonSyntax]);
        return true;
      } catch {
        return undefined;
      }
    }, 'json-syntax on the untitled buffer');
    c.close(uri);
    await c.waitForDiagnostics(uri, []);
  });

  it('docsBaseUrl in initializationOptions changes codeDescription.href', async () => {
    const ws = workspace();
    const c = await start(ws, { initializationOptions: { docsBaseUrl: 'https://example.test/irsa/docs/rules' } });
    const broken = ws.uri('broken/service-account.yaml');
    await c.waitForDiagnostics(broken, [{ ...unterminatedQuote(broken), codeDescription: { href: 'https://example.test/irsa/docs/rules/yaml-syntax.md' } }]);
  });
});
