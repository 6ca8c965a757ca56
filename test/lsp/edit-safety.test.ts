/**
 * Issue 10 items 2–3 over real JSON-RPC: no edit is ever computed on text the user no longer has.
 * - After an engine failure on didChange (injected by test/helpers/faulty-server.ts, before or after
 *   the engine took the text), the document is unknown: an internal-error diagnostic, and no quick
 *   fix, fix-all, willSaveWaitUntil edit, rename or completion until an update succeeds.
 * - Code actions act on the server's own current findings only: a diagnostic published before lines
 *   were inserted, or one with forged `data`, gets nothing; a closed file changed on disk (no watcher
 *   event yet) is not edited from the server's old copy.
 * Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { FAIL_AFTER, FAIL_BEFORE, FAULTY_SERVER_JS } from '../helpers/faulty-server';
import { FIXTURES } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';
import { applyWorkspaceEdit, OpenDocs, openFile } from '../helpers/workspace-edit';

const FIXTURE = path.join(FIXTURES, 'lsp', 'quickfix');
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function workspace(): { dir: string; uri(rel: string): string } {
  const dir = copyToTemp(FIXTURE);
  temps.push(dir);
  return { dir, uri: (rel) => uriOf(path.join(dir, rel)) };
}

const at = (line: number, character: number) => ({ line, character });
const edit = (sl: number, sc: number, el: number, ec: number, newText: string): TextEdit => ({ range: { start: at(sl, sc), end: at(el, ec) }, newText });
const codes = (ds: Diagnostic[] | undefined): string[] => (ds ?? []).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);

async function waitForCodes(c: LspTestClient, uri: string, expected: string[]): Promise<Diagnostic[]> {
  return c.waitFor(
    () => {
      const ds = c.diagnostics.get(uri)?.diagnostics ?? [];
      return JSON.stringify(codes(ds)) === JSON.stringify(expected) ? ds : undefined;
    },
    `diagnostics ${expected.join(', ')} of ${uri}`,
    undefined,
    () => `last: ${JSON.stringify(codes(c.diagnostics.get(uri)?.diagnostics))}`,
  );
}

function codeActions(c: LspTestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: at(0, 0), end: at(0, 0) };
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

const DEPLOYMENT_CODES = ['service-account-mismatch@14:26', 'token-expiration@41:37', 'token-expiration@78:37'];
/** The same findings once three lines are inserted at the top. */
const SHIFTED_CODES = ['service-account-mismatch@17:26', 'token-expiration@44:37', 'token-expiration@81:37'];
const THREE_LINES = '# one\n# two\n# three\n';

describe('a document whose update failed is unknown: no edits until a good update (issue 10 item 2)', () => {
  for (const [when, marker] of [
    ['before', FAIL_BEFORE],
    ['after', FAIL_AFTER],
  ] as const) {
    it(`engine fails ${when} taking the text: an internal-error diagnostic, and no quick fix, fix-all, save edit, rename or completion`, async () => {
      const ws = workspace();
      client = await LspTestClient.start({
        folders: [ws.dir],
        serverScript: FAULTY_SERVER_JS,
        capabilities: { workspace: { workspaceEdit: { documentChanges: true } } },
        settings: () => ({ fixAll: { onSave: true } }),
      });
      const c = client;
      const open: OpenDocs = new Map();
      const dep = ws.uri('deploy/orders.yaml');
      const original = openFile(c, open, dep);
      const before = await waitForCodes(c, dep, DEPLOYMENT_CODES);

      // Three lines inserted at the top, plus the marker that makes the engine throw.
      const failing = c.change(dep, THREE_LINES + original.replace('kind: Deployment\n', `kind: Deployment\n${marker}\n`));
      const published = await c.waitFor(() => {
        const p = c.diagnostics.get(dep);
        return p?.version === failing ? p : undefined;
      }, 'the diagnostics of the failed version');
      assert.deepEqual(published.diagnostics, [
        {
          range: { start: at(0, 0), end: at(0, 0) },
          severity: 1,
          code: 'internal-error',
          source: 'irsa',
          message: `IRSA could not check this text (internal error: injected engine failure (${when})). Its problems are not shown and no fixes are offered until an edit can be checked. Please report this; the server log has the details.`,
        },
      ]);
      // The diagnostics the client still holds (published before the edit) get nothing.
      assert.deepEqual(await codeActions(c, dep, before), []);
      assert.deepEqual(await codeActions(c, dep, published.diagnostics), []);
      assert.deepEqual(await codeActions(c, dep, [], ['source.fixAll.irsa']), []);
      assert.deepEqual(await c.request('textDocument/willSaveWaitUntil', { textDocument: { uri: dep }, reason: 1 }), []);
      const saPosition = { textDocument: { uri: dep }, position: at(18, 28) };
      assert.equal(await c.request('textDocument/prepareRename', saPosition), null);
      assert.equal(await c.request('textDocument/rename', { ...saPosition, newName: 'dev-db-reader' }), null);
      assert.deepEqual(await c.request('textDocument/completion', saPosition), []);

      // A good update: everything is back, on the new text, with its version.
      const good = c.change(dep, THREE_LINES + original);
      const after = await waitForCodes(c, dep, SHIFTED_CODES);
      assert.equal(c.diagnostics.get(dep)?.version, good);
      const [preferred] = await codeActions(c, dep, [after[0]!]);
      assert.deepEqual(preferred?.edit, { documentChanges: [{ textDocument: { uri: dep, version: good }, edits: [edit(17, 26, 17, 29, 'dev-db-reader')] }] });
      assert.deepEqual(await c.request('textDocument/willSaveWaitUntil', { textDocument: { uri: dep }, reason: 1 }), [
        edit(17, 26, 17, 29, 'dev-db-reader'),
        edit(44, 37, 44, 40, '3600'),
        edit(81, 37, 81, 40, '3600'),
      ]);
    });
  }
});

describe('a file on disk the engine fails on (issue 10 item 2)', () => {
  it('is published as not checked, and checked again once it changes on disk', async () => {
    const ws = workspace();
    const file = path.join(ws.dir, 'deploy', 'failing.yaml');
    fs.writeFileSync(file, `apiVersion: v1\nkind: ServiceAccount\n${FAIL_BEFORE}\nmetadata:\n  name: web\n`);
    client = await LspTestClient.start({ folders: [ws.dir], serverScript: FAULTY_SERVER_JS });
    const c = client;
    const uri = ws.uri('deploy/failing.yaml');
    const p = await c.waitForPublish(uri);
    assert.deepEqual(
      { version: p.version, codes: codes(p.diagnostics) },
      { version: undefined, codes: ['internal-error@0:0'] },
    );
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\n');
    c.filesChanged([{ uri, type: 2 }]);
    await waitForCodes(c, uri, []);
  });
});

describe('code actions come from the server\'s current findings, never from the client\'s diagnostic (issue 10 item 3)', () => {
  it('a diagnostic published before three lines were inserted gets nothing; the current one gets the edit at the new place', async () => {
    const ws = workspace();
    client = await LspTestClient.start({ folders: [ws.dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const c = client;
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    openFile(c, open, dep);
    const old = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    applyWorkspaceEdit(c, open, { changes: { [dep]: [edit(0, 0, 0, 0, THREE_LINES)] } });
    const current = await waitForCodes(c, dep, SHIFTED_CODES);
    assert.deepEqual(await codeActions(c, dep, [old[0]!]), []);
    assert.deepEqual(await codeActions(c, dep, old), []);
    const actions = await codeActions(c, dep, [current[0]!]);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Run Deployment `orders` as service account `dev-db-reader` (listed in CredentialsRequest `orders-reader`)',
        'Add `web` to serviceAccountNames of CredentialsRequest `orders-reader` (orders-reader.yaml:18)',
        'Disable service-account-mismatch for this line',
      ],
    );
    assert.deepEqual(actions[0]!.edit, { documentChanges: [{ textDocument: { uri: dep, version: 2 }, edits: [edit(17, 26, 17, 29, 'dev-db-reader')] }] });
    // A diagnostic whose range is current but whose data names the old version is stale too.
    assert.deepEqual(await codeActions(c, dep, [{ ...current[0]!, data: { ruleId: 'service-account-mismatch', version: 1 } }]), []);
  });

  it('forged `data.fixes` never produce an edit (they used to replace a whole closed file)', async () => {
    const ws = workspace();
    client = await LspTestClient.start({ folders: [ws.dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const c = client;
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    const cr = ws.uri('credrequests/orders-reader.yaml');
    openFile(c, open, dep);
    const ds = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const evil = { ruleId: 'service-account-mismatch', version: 1, fixes: [{ title: 'Evil', preferred: true, edits: [{ uri: cr, start: 0, end: 100000, newText: 'pwned' }] }] };
    // A diagnostic the server never published: nothing.
    const forged: Diagnostic = { range: { start: at(0, 0), end: at(0, 5) }, severity: 1, code: 'service-account-mismatch', source: 'irsa', message: 'forged', data: evil };
    assert.deepEqual(await codeActions(c, dep, [forged]), []);
    // A real diagnostic with forged fixes: exactly the server's own actions.
    const genuine = await codeActions(c, dep, [ds[0]!]);
    const withEvil = await codeActions(c, dep, [{ ...ds[0]!, data: evil }]);
    assert.deepEqual(
      withEvil,
      genuine.map((a) => ({ ...a, diagnostics: a.diagnostics?.map((d) => ({ ...d, data: evil })) })),
    );
    assert.equal(JSON.stringify(withEvil.map((a) => a.edit)).includes('pwned'), false);
  });

  it('a closed file changed on disk (no watcher event yet) is not edited from the old copy; it is re-read, then offered again', async () => {
    const ws = workspace();
    client = await LspTestClient.start({ folders: [ws.dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const c = client;
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    const cr = ws.uri('credrequests/orders-reader.yaml');
    openFile(c, open, dep);
    const ds = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const crFile = path.join(ws.dir, 'credrequests', 'orders-reader.yaml');
    fs.writeFileSync(crFile, '# reviewed\n' + fs.readFileSync(crFile, 'utf8'));
    const stale = await codeActions(c, dep, [ds[0]!]);
    assert.deepEqual(
      stale.map((a) => a.title),
      ['Run Deployment `orders` as service account `dev-db-reader` (listed in CredentialsRequest `orders-reader`)', 'Disable service-account-mismatch for this line'],
    );
    // The server re-read the file: the finding now names line 19, and the fix edits the new text.
    const [sa] = await c.waitFor(() => {
      const d = c.diagnostics.get(dep)?.diagnostics ?? [];
      const m = d[0]?.message;
      return typeof m === 'string' && m.includes('orders-reader.yaml:19') ? d : undefined;
    }, 'the Deployment re-checked against the CredentialsRequest on disk');
    const again = await codeActions(c, dep, [sa!]);
    assert.deepEqual(again[1]?.edit, { documentChanges: [{ textDocument: { uri: cr, version: null }, edits: [edit(20, 0, 20, 0, '    - web\n')] }] });
  });
});
