/**
 * Code actions over real JSON-RPC (`node dist/server.js --stdio`) on a multi-file workspace
 * (test/fixtures/lsp/quickfix: CredentialsRequest, ccoctl Secret, a Deployment + Job, a trust policy):
 * each kind of action (quick fix from the diagnostic's data, a fix that edits another, closed file,
 * fix all of a rule in a file, disable for this line, source.fixAll.irsa, fix-all on save) with its
 * exact edit; applying it clears the diagnostic once the server re-validates.
 * Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { RULES_BY_ID } from '../../server/src/engine/rules';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
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

interface Ws {
  dir: string;
  uri(rel: string): string;
  read(rel: string): string;
}

function workspace(): Ws {
  const dir = copyToTemp(FIXTURE);
  temps.push(dir);
  return { dir, uri: (rel) => uriOf(path.join(dir, rel)), read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8') };
}

/** Starts a client that supports versioned `documentChanges` (as VS Code does) unless `plain`. */
async function start(ws: Ws, o: { plain?: boolean; settings?: unknown } = {}): Promise<LspTestClient> {
  client = await LspTestClient.start({
    folders: [ws.dir],
    capabilities: o.plain ? undefined : { workspace: { workspaceEdit: { documentChanges: true } } },
    settings: () => o.settings ?? {},
  });
  return client;
}

/** `code@line:col` (0-based) of each diagnostic: compact, exact. */
function codes(ds: Diagnostic[] | undefined): string[] {
  return (ds ?? []).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
}

/** Waits until the diagnostics of `uri` are exactly `expected` (by code and start). */
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
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

const at = (line: number, character: number) => ({ line, character });
const edit = (sl: number, sc: number, el: number, ec: number, newText: string): TextEdit => ({ range: { start: at(sl, sc), end: at(el, ec) }, newText });

const DEPLOYMENT_CODES = ['service-account-mismatch@14:26', 'token-expiration@41:37', 'token-expiration@78:37'];
const TRUST_CODES = ['iam-version@1:13', 'trust-policy-shape@9:6'];

describe('code actions over stdio', () => {
  it('offers both service-account fixes (this file, and the closed CredentialsRequest) plus disable, with exact edits', async () => {
    const ws = workspace();
    const c = await start(ws);
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    const cr = ws.uri('credrequests/orders-reader.yaml');
    openFile(c, open, dep);
    const ds = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const sa = ds[0]!;
    const actions = await codeActions(c, dep, [sa]);
    assert.deepEqual(
      actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred, diagnostics: a.diagnostics?.map((d) => d.code), edit: a.edit })),
      [
        {
          title: 'Run Deployment `orders` as service account `dev-db-reader` (listed in CredentialsRequest `orders-reader`)',
          kind: 'quickfix',
          isPreferred: true,
          diagnostics: ['service-account-mismatch'],
          edit: { documentChanges: [{ textDocument: { uri: dep, version: 1 }, edits: [edit(14, 26, 14, 29, 'dev-db-reader')] }] },
        },
        {
          title: 'Add `web` to serviceAccountNames of CredentialsRequest `orders-reader` (orders-reader.yaml:18)',
          kind: 'quickfix',
          isPreferred: undefined,
          diagnostics: ['service-account-mismatch'],
          edit: { documentChanges: [{ textDocument: { uri: cr, version: null }, edits: [edit(19, 0, 19, 0, '    - web\n')] }] },
        },
        {
          title: 'Disable service-account-mismatch for this line',
          kind: 'quickfix',
          isPreferred: undefined,
          diagnostics: ['service-account-mismatch'],
          edit: { documentChanges: [{ textDocument: { uri: dep, version: 1 }, edits: [edit(14, 0, 14, 0, '      # irsa-disable-next-line service-account-mismatch\n')] }] },
        },
      ],
    );

    // The fix that edits the other, closed file: the CredentialsRequest gains `web`; the Deployment's
    // diagnostic goes away once the server has re-read the file.
    const touched = applyWorkspaceEdit(c, open, actions[1]!.edit!);
    assert.deepEqual([...touched.keys()], [cr]);
    assert.equal(
      ws.read('credrequests/orders-reader.yaml'),
      fs.readFileSync(path.join(FIXTURE, 'credrequests', 'orders-reader.yaml'), 'utf8') + '    - web\n',
    );
    await waitForCodes(c, dep, DEPLOYMENT_CODES.slice(1));
  });

  it('the fix in this file (preferred) clears the service-account diagnostic; "disable for this line" silences another', async () => {
    const ws = workspace();
    const c = await start(ws);
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    openFile(c, open, dep);
    const ds = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const [preferred] = await codeActions(c, dep, [ds[0]!]);
    applyWorkspaceEdit(c, open, preferred!.edit!);
    assert.match(open.get(dep)!.text, /^ {6}serviceAccountName: dev-db-reader$/m);
    const after = await waitForCodes(c, dep, DEPLOYMENT_CODES.slice(1));
    const disable = (await codeActions(c, dep, [after[1]!])).find((a) => a.title === 'Disable token-expiration for this line');
    assert.ok(disable);
    applyWorkspaceEdit(c, open, disable.edit!);
    assert.equal(open.get(dep)!.text.split('\n')[78], '                  # irsa-disable-next-line token-expiration');
    await waitForCodes(c, dep, ['token-expiration@41:37']);
    // A second rule on a line that already has a directive extends it instead of stacking another.
    const directive = '                  # irsa-disable-next-line service-account-mismatch';
    applyWorkspaceEdit(c, open, { changes: { [dep]: [edit(41, 0, 41, 0, directive + '\n')] } });
    const [shifted] = await waitForCodes(c, dep, ['token-expiration@42:37']);
    const again = await codeActions(c, dep, [shifted!]);
    assert.deepEqual(
      again.filter((a) => a.title.startsWith('Disable')).map((a) => a.edit),
      [{ documentChanges: [{ textDocument: { uri: dep, version: 4 }, edits: [edit(41, directive.length, 41, directive.length, ', token-expiration')] }] }],
    );
  });

  it('"Fix all token-expiration problems in this file" edits both findings and clears them', async () => {
    const ws = workspace();
    const c = await start(ws);
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    openFile(c, open, dep);
    const ds = await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const actions = await codeActions(c, dep, [ds[1]!]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Set expirationSeconds to 3600', true],
        ['Fix all token-expiration problems in this file', false],
        ['Disable token-expiration for this line', false],
      ],
    );
    assert.deepEqual(actions[1]!.edit, {
      documentChanges: [{ textDocument: { uri: dep, version: 1 }, edits: [edit(41, 37, 41, 40, '3600'), edit(78, 37, 78, 40, '3600')] }],
    });
    applyWorkspaceEdit(c, open, actions[1]!.edit!);
    await waitForCodes(c, dep, ['service-account-mismatch@14:26']);
  });

  it('JSON: quick fixes but no "disable" (JSON has no comments); source.fixAll.irsa fixes the whole file', async () => {
    const ws = workspace();
    const c = await start(ws);
    const open: OpenDocs = new Map();
    const trust = ws.uri('iam/orders-table-reader-trust.json');
    openFile(c, open, trust);
    const ds = await waitForCodes(c, trust, TRUST_CODES);
    const quick = await codeActions(c, trust, ds);
    assert.deepEqual(
      quick.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Set Version to "2012-10-17"', 'quickfix', true],
        ['Remove "Resource" from the trust policy', 'quickfix', true],
      ],
    );
    // Only source actions when asked for `source` (hierarchical kinds); none without `only`.
    assert.deepEqual(await codeActions(c, trust, [], ['source']).then((a) => a.map((x) => x.kind)), ['source.fixAll.irsa']);
    assert.deepEqual(await codeActions(c, trust, [], ['source.organizeImports']), []);
    const [fixAll] = await codeActions(c, trust, [], ['source.fixAll']);
    assert.equal(fixAll!.title, 'Fix all auto-fixable IRSA problems');
    const touched = applyWorkspaceEdit(c, open, fixAll!.edit!);
    assert.equal(
      touched.get(trust),
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:sts::111122223333:assumed-role/prod-creds-shop-orders-aws/orders-session"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}
`,
    );
    await waitForCodes(c, trust, []);
  });

  it('source.fixAll.irsa leaves out fixes that edit other files; without documentChanges support edits come as `changes`', async () => {
    const ws = workspace();
    const c = await start(ws, { plain: true });
    const open: OpenDocs = new Map();
    const dep = ws.uri('deploy/orders.yaml');
    openFile(c, open, dep);
    await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const actions = await codeActions(c, dep, [], ['source.fixAll.irsa']);
    assert.deepEqual(actions, [
      {
        title: 'Fix all auto-fixable IRSA problems',
        kind: 'source.fixAll.irsa',
        edit: { changes: { [dep]: [edit(14, 26, 14, 29, 'dev-db-reader'), edit(41, 37, 41, 40, '3600'), edit(78, 37, 78, 40, '3600')] } },
      },
    ]);
    applyWorkspaceEdit(c, open, actions[0]!.edit!);
    await waitForCodes(c, dep, []);
    assert.equal(ws.read('credrequests/orders-reader.yaml'), fs.readFileSync(path.join(FIXTURE, 'credrequests', 'orders-reader.yaml'), 'utf8'));
  });

  it('fix all on save (irsa.fixAll.onSave): willSaveWaitUntil returns the fix-all edits; off by default', async () => {
    for (const onSave of [false, true]) {
      const ws = workspace();
      const c = await start(ws, { settings: onSave ? { fixAll: { onSave: true } } : {} });
      const open: OpenDocs = new Map();
      const trust = ws.uri('iam/orders-table-reader-trust.json');
      openFile(c, open, trust);
      await waitForCodes(c, trust, TRUST_CODES);
      assert.equal(c.initializeResult.capabilities.textDocumentSync && typeof c.initializeResult.capabilities.textDocumentSync === 'object' && c.initializeResult.capabilities.textDocumentSync.willSaveWaitUntil, true);
      const manual = await c.request<TextEdit[]>('textDocument/willSaveWaitUntil', { textDocument: { uri: trust }, reason: 1 });
      const afterDelay = await c.request<TextEdit[]>('textDocument/willSaveWaitUntil', { textDocument: { uri: trust }, reason: 2 });
      assert.deepEqual(afterDelay, []);
      if (!onSave) {
        assert.deepEqual(manual, []);
      } else {
        assert.deepEqual(manual, [edit(1, 13, 1, 25, '"2012-10-17"'), edit(8, 32, 9, 21, '')]);
      }
      await c.stop();
      client = undefined;
    }
  });

  it('the status notification counts IRSA sets and problems, and follows fixes', async () => {
    const ws = workspace();
    const c = await start(ws);
    const open: OpenDocs = new Map();
    const last = (): unknown => [...c.notifications].reverse().find((n) => n.method === 'irsa/status')?.params;
    await c.waitFor(() => (JSON.stringify(last()) === JSON.stringify({ sets: 1, problems: 5, errors: 5, warnings: 0 }) ? true : undefined), 'status 1 set / 5 problems', undefined, () => JSON.stringify(last()));
    const trust = ws.uri('iam/orders-table-reader-trust.json');
    openFile(c, open, trust);
    await waitForCodes(c, trust, TRUST_CODES);
    const [fixAll] = await codeActions(c, trust, [], ['source.fixAll.irsa']);
    applyWorkspaceEdit(c, open, fixAll!.edit!);
    await c.waitFor(() => (JSON.stringify(last()) === JSON.stringify({ sets: 1, problems: 3, errors: 3, warnings: 0 }) ? true : undefined), 'status 1 set / 3 problems', undefined, () => JSON.stringify(last()));
  });
});

describe('code actions: where a suppression comment cannot go, and hover on a diagnostic', () => {
  it('no "Disable" inside the ccoctl Secret\'s `credentials: |-` text (the comment would become INI content)', async () => {
    const ws = workspace();
    const rel = 'outputs/manifests/shop-orders-aws-credentials.yaml';
    fs.writeFileSync(path.join(ws.dir, rel), ws.read(rel).replace('sts_regional_endpoints = regional', 'sts_regional_endpoints = global'));
    const c = await start(ws);
    const uri = ws.uri(rel);
    const open: OpenDocs = new Map();
    openFile(c, open, uri);
    const ds = await c.waitFor(() => {
      const d = c.diagnostics.get(uri)?.diagnostics ?? [];
      return d.length ? d : undefined;
    }, 'a diagnostic on the secret');
    assert.deepEqual(codes(ds), ['secret-credentials-format@4:29']);
    const actions = await codeActions(c, uri, [ds[0]!]);
    assert.deepEqual(actions, []);
    // The same diagnostic moved to a line outside the block scalar is not one the server published:
    // nothing is offered for it (code actions only act on the server's own current findings).
    const outside = { ...ds[0]!, range: { start: at(9, 8), end: at(9, 18) } };
    assert.deepEqual(await codeActions(c, uri, [outside]), []);
  });

  it('hover under a diagnostic explains the rule and links its page', async () => {
    const ws = workspace();
    const c = await start(ws);
    const dep = ws.uri('deploy/orders.yaml');
    const open: OpenDocs = new Map();
    openFile(c, open, dep);
    await waitForCodes(c, dep, DEPLOYMENT_CODES);
    const h = await c.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: dep }, position: at(41, 38) });
    const rule = RULES_BY_ID.get('token-expiration')!;
    const sections = h.contents.value.split('\n\n---\n\n');
    assert.equal(sections.length, 2);
    assert.equal(
      sections[1],
      `**\`token-expiration\`** (error) — ${rule.docs.summary}\n\n${rule.docs.details}\n\n[Rule documentation](${uriOf(path.join(REPO_ROOT, 'docs', 'rules', 'token-expiration.md'))})`,
    );
    assert.match(sections[0]!, /^\*\*`expirationSeconds` — Expiration \(seconds\)\*\*/);
  });
});
