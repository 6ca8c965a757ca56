/**
 * Definition, references, hover, completion, document symbols, prepareRename and rename over real
 * JSON-RPC (`node dist/server.js --stdio`) on the multi-file fixture test/fixtures/workspaces/orders
 * (CredentialsRequest, ServiceAccount, Deployment, ccoctl Secret, trust policy; ccoctl --name
 * prod-creds in .irsa.yaml). Files are not opened: the server answers from its workspace scan, as
 * for any file the client asks about. Exact locations and contents.
 * Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, DocumentSymbol, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';
import { applyWorkspaceEdit } from '../helpers/workspace-edit';

const FIXTURE = path.join(FIXTURES, 'workspaces', 'orders');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

let dir: string;
let c: LspTestClient;
const u = (rel: string): string => uriOf(path.join(dir, rel));
const at = (line: number, character: number) => ({ line, character });
const loc = (rel: string, line: number, sc: number, ec: number): Location => ({ uri: u(rel), range: { start: at(line, sc), end: at(line, ec) } });
const CR = 'credrequests/orders-reader.yaml';
const DEP = 'deploy/orders.yaml';
const SA = 'deploy/service-account.yaml';
const TRUST = 'iam/orders-table-reader-trust.json';
const SECRET = 'outputs/manifests/shop-orders-aws-credentials.yaml';

function q<R>(method: string, rel: string, line: number, character: number, extra: Record<string, unknown> = {}): Promise<R> {
  return c.request<R>(method, { textDocument: { uri: u(rel) }, position: at(line, character), ...extra });
}

before(async () => {
  dir = copyToTemp(FIXTURE);
  c = await LspTestClient.start({ folders: [dir], capabilities: { textDocument: { rename: { prepareSupport: true } } } });
  // Clean files are never published, so wait for a full validation instead (it resolves when done).
  assert.deepEqual(await c.request('irsa/validateWorkspace'), { files: 5, problems: 0, errors: 0, warnings: 0 });
});
after(async () => {
  await c.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('navigation over stdio', () => {
  it('advertises the features', () => {
    const caps = c.initializeResult.capabilities;
    assert.deepEqual(
      [caps.hoverProvider, caps.definitionProvider, caps.referencesProvider, caps.renameProvider, caps.documentSymbolProvider, caps.completionProvider, caps.codeActionProvider],
      [
        true,
        true,
        true,
        { prepareProvider: true },
        { label: 'IRSA' },
        { triggerCharacters: [':', '"', ' '], resolveProvider: false },
        { codeActionKinds: ['quickfix', 'source.fixAll.irsa'], resolveProvider: false },
      ],
    );
  });

  it('definition: Deployment serviceAccountName → CredentialsRequest entry and ServiceAccount', async () => {
    assert.deepEqual(await q('textDocument/definition', DEP, 15, 30), [loc(CR, 18, 6, 19), loc(SA, 3, 8, 21)]);
  });

  it('definition: trust policy session principal → the workload env var that sets the session', async () => {
    assert.deepEqual(await q('textDocument/definition', TRUST, 6, 85), [loc(DEP, 23, 21, 35)]);
  });

  it('definition: nothing linked under the cursor → null', async () => {
    assert.equal(await q('textDocument/definition', DEP, 0, 2), null);
  });

  it('references with and without the declarations', async () => {
    assert.deepEqual(await q('textDocument/references', CR, 18, 8, { context: { includeDeclaration: true } }), [
      loc(CR, 18, 6, 19),
      loc(SA, 3, 8, 21),
      loc(DEP, 15, 26, 39),
    ]);
    assert.deepEqual(await q('textDocument/references', CR, 18, 8, { context: { includeDeclaration: false } }), [loc(DEP, 15, 26, 39)]);
    // The secret name: secretRef (definition), the Secret manifest and the volume (references).
    assert.deepEqual(await q('textDocument/references', DEP, 38, 26, { context: { includeDeclaration: true } }), [
      loc(CR, 15, 10, 20),
      loc(DEP, 38, 24, 34),
      loc(SECRET, 9, 8, 18),
    ]);
  });

  it('hover on a linked value: other places, agreement, and the key documentation', async () => {
    const h = await q<Hover>('textDocument/hover', DEP, 15, 30);
    assert.deepEqual(h, {
      contents: {
        kind: 'markdown',
        value: [
          '**Service account `dev-db-reader`** (namespace `shop`)',
          '',
          'Also written at:',
          `- [orders-reader.yaml:19](${u(CR)}#L19) — serviceAccountNames of CredentialsRequest orders-reader (definition)`,
          `- [service-account.yaml:4](${u(SA)}#L4) — ServiceAccount dev-db-reader (definition)`,
          '',
          'All linked places agree.',
          '',
          '---',
          '',
          '**`serviceAccountName` — Service account name**',
          '',
          "The service account the pod runs as (default `default`). For IRSA it must be one of the CredentialsRequest's spec.serviceAccountNames, in its spec.secretRef.namespace: the ccoctl trust policy only admits system:serviceaccount:<namespace>:<name>. DNS-1123 subdomain (≤ 253). Source: https://github.com/kubernetes/api/blob/master/core/v1/types.go, https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go.",
        ].join('\n'),
      },
      range: { start: at(15, 26), end: at(15, 39) },
    });
  });

  it('hover on a key: schema description with limits, units and source', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', DEP, 44, 22), {
      contents: {
        kind: 'markdown',
        value:
          '**`expirationSeconds` — Expiration (seconds)**\n\nRequested token lifetime in seconds: at least 600 (10 minutes), at most 4294967296 (2^32); default 3600, which OpenShift STS clusters use. Source: https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go, https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go, https://docs.redhat.com/en/documentation/openshift_container_platform/4.12/html/authentication_and_authorization/cco-mode-sts.',
      },
      range: { start: at(44, 18), end: at(44, 35) },
    });
  });

  it('hover on a role name in a trust principal: the ccoctl Secret that names it', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', TRUST, 6, 60), {
      contents: {
        kind: 'markdown',
        value: `**IAM role \`prod-creds-shop-orders-aws\`**\n\nAlso written at:\n- [shop-orders-aws-credentials.yaml:6](${u(SECRET)}#L6) — role_arn of ccoctl Secret orders-aws (definition)\n\nAll linked places agree.`,
      },
      range: { start: at(6, 55), end: at(6, 81) },
    });
  });

  it('document symbols: one hierarchical symbol per document', async () => {
    const symbols = await q<DocumentSymbol[]>('textDocument/documentSymbol', SA, 0, 0);
    const r = (sl: number, sc: number, el: number, ec: number) => ({ start: at(sl, sc), end: at(el, ec) });
    assert.deepEqual(symbols, [
      {
        name: 'ServiceAccount dev-db-reader',
        kind: 19,
        range: r(0, 0, 4, 17),
        selectionRange: r(0, 0, 0, 10),
        children: [
          { name: 'apiVersion', kind: 15, range: r(0, 0, 0, 14), selectionRange: r(0, 0, 0, 10), children: [], detail: 'v1' },
          { name: 'kind', kind: 15, range: r(1, 0, 1, 20), selectionRange: r(1, 0, 1, 4), children: [], detail: 'ServiceAccount' },
          {
            name: 'metadata',
            kind: 19,
            range: r(2, 0, 4, 17),
            selectionRange: r(2, 0, 2, 8),
            children: [
              { name: 'name', kind: 15, range: r(3, 2, 3, 21), selectionRange: r(3, 2, 3, 6), children: [], detail: 'dev-db-reader' },
              { name: 'namespace', kind: 15, range: r(4, 2, 4, 17), selectionRange: r(4, 2, 4, 11), children: [], detail: 'shop' },
            ],
          },
        ],
      },
    ]);
    const deployment = await q<DocumentSymbol[]>('textDocument/documentSymbol', DEP, 0, 0);
    assert.deepEqual(
      deployment.map((s) => [s.name, s.children?.map((x) => x.name)]),
      [['Deployment orders', ['apiVersion', 'kind', 'metadata', 'spec']]],
    );
  });

  it('prepareRename: the name under the cursor, or an error saying why not', async () => {
    assert.deepEqual(await q('textDocument/prepareRename', CR, 18, 8), { range: { start: at(18, 6), end: at(18, 19) }, placeholder: 'dev-db-reader' });
    await assert.rejects(q('textDocument/prepareRename', CR, 16, 16), {
      code: -32803,
      message: 'A namespace name cannot be renamed here: rename it in your cluster tooling.',
    });
    await assert.rejects(q('textDocument/prepareRename', CR, 0, 3), {
      code: -32803,
      message: 'Only service account, secret and role session names can be renamed here.',
    });
  });

  it('rename refuses a name Kubernetes would reject, with the reason', async () => {
    await assert.rejects(q('textDocument/rename', CR, 18, 8, { newName: 'Bad_Name' }), {
      code: -32803,
      message: '"Bad_Name" is not a valid name: it must be a DNS-1123 subdomain (lower-case letters, digits, `-` and `.`, at most 253 characters).',
    });
    await assert.rejects(q('textDocument/rename', TRUST, 6, 85, { newName: 'a' }), {
      code: -32803,
      message: '"a" is not a valid role session name: it must be 2–64 characters of `[\\w+=,.@-]` (STS RoleSessionName).',
    });
  });

  it('rename of a session name from the trust policy edits the workload env var too', async () => {
    const edit = await q<WorkspaceEdit>('textDocument/rename', TRUST, 6, 85, { newName: 'orders-batch' });
    assert.deepEqual(edit, {
      changes: {
        [u(DEP)]: [{ range: { start: at(23, 21), end: at(23, 35) }, newText: 'orders-batch' }],
        [u(TRUST)]: [{ range: { start: at(6, 82), end: at(6, 96) }, newText: 'orders-batch' }],
      },
    });
  });

  it('completion: service account names from the CredentialsRequest when typing serviceAccountName', async () => {
    // Type `serviceAccountName: ` on a fresh line of an open copy of the Deployment.
    const uri = u(DEP);
    const text = fs.readFileSync(path.join(dir, DEP), 'utf8').replace('      serviceAccountName: dev-db-reader\n', '      serviceAccountName: \n');
    c.open(uri, text);
    try {
      const items = await q<CompletionItem[]>('textDocument/completion', DEP, 15, 26);
      assert.deepEqual(
        items.filter((i) => i.kind === 18),
        [
          {
            label: 'dev-db-reader',
            kind: 18,
            textEdit: { range: { start: at(15, 26), end: at(15, 26) }, newText: 'dev-db-reader' },
            insertTextFormat: 1,
            sortText: items.find((i) => i.label === 'dev-db-reader')!.sortText,
            detail: 'serviceAccountNames of CredentialsRequest orders-reader',
          },
        ],
      );
    } finally {
      c.close(uri);
    }
  });

  it('completion: a projected token volume snippet on a new `volumes` item, as InsertTextFormat.Snippet', async () => {
    const uri = u(DEP);
    const text = fs.readFileSync(path.join(dir, DEP), 'utf8') + '        - ';
    c.open(uri, text);
    try {
      const items = await q<CompletionItem[]>('textDocument/completion', DEP, 46, 10);
      const snippets = items.filter((i) => i.kind === 15);
      assert.deepEqual(
        snippets.map((s) => s.label),
        ['irsa: projected service account token volume', 'irsa: ccoctl credentials secret volume'],
      );
      assert.deepEqual(snippets[0], {
        label: 'irsa: projected service account token volume',
        kind: 15,
        textEdit: {
          range: { start: at(46, 10), end: at(46, 10) },
          newText:
            'name: ${1:bound-sa-token}\n          projected:\n            defaultMode: 420\n            sources:\n              - serviceAccountToken:\n                  audience: openshift\n                  expirationSeconds: 3600\n                  path: token',
        },
        insertTextFormat: 2,
        sortText: snippets[0]!.sortText,
        detail: 'audience openshift, 3600 s, path token',
      });
    } finally {
      c.close(uri);
    }
  });

  it('completion: STS actions and the ccoctl session principal in a trust policy', async () => {
    const uri = u(TRUST);
    const text = fs.readFileSync(path.join(dir, TRUST), 'utf8').replace('"Action": "sts:AssumeRole"', '"Action": "sts:').replace(/"AWS": "[^"]*"/, '"AWS": "');
    c.open(uri, text);
    try {
      const principals = await q<CompletionItem[]>('textDocument/completion', TRUST, 6, 16);
      assert.deepEqual(
        principals.map((i) => [i.label, i.detail]),
        [
          ['arn:aws:sts::111122223333:assumed-role/prod-creds-shop-orders-aws/orders-session', 'session of CredentialsRequest orders-reader'],
          ['arn:aws:iam::111122223333:role/prod-creds-shop-orders-aws', 'ccoctl role of CredentialsRequest orders-reader (any session)'],
        ],
      );
      const actions = await q<CompletionItem[]>('textDocument/completion', TRUST, 8, 21);
      assert.deepEqual(
        actions.map((i) => [i.label, i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined]),
        ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetCallerIdentity'].map((a) => [
          a,
          { start: at(8, 17), end: at(8, 21) },
        ]),
      );
    } finally {
      c.close(uri);
    }
  });
});

describe('acceptance: renaming dev-db-reader in the CredentialsRequest', () => {
  it('changes the Deployment and the ServiceAccount too (one edit, nothing else), and irsa-lint stays clean', async () => {
    const ws = copyToTemp(FIXTURE);
    const client = await LspTestClient.start({ folders: [ws] });
    try {
      const wu = (rel: string): string => uriOf(path.join(ws, rel));
      assert.deepEqual(await client.request('irsa/validateWorkspace'), { files: 5, problems: 0, errors: 0, warnings: 0 });
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: wu(CR) },
        position: at(18, 10),
        newName: 'orders-db-reader',
      });
      const range = (l: number, s: number, e: number) => ({ start: at(l, s), end: at(l, e) });
      assert.deepEqual(edit, {
        changes: {
          [wu(CR)]: [{ range: range(18, 6, 19), newText: 'orders-db-reader' }],
          [wu(DEP)]: [{ range: range(15, 26, 39), newText: 'orders-db-reader' }],
          [wu(SA)]: [{ range: range(3, 8, 21), newText: 'orders-db-reader' }],
        },
      });
      const touched = applyWorkspaceEdit(client, new Map(), edit);
      for (const [uri, text] of touched) {
        const rel = path.relative(ws, new URL(uri).pathname);
        assert.equal(text, fs.readFileSync(path.join(FIXTURE, rel), 'utf8').split('dev-db-reader').join('orders-db-reader'), rel);
      }
      // The server agrees (no problems anywhere) …
      assert.deepEqual(await client.request('irsa/validateWorkspace'), { files: 5, problems: 0, errors: 0, warnings: 0 });
      // … and so does the CLI.
      const r = spawnSync(process.execPath, [CLI, ws], { encoding: 'utf8' });
      assert.equal(r.stdout, '✔ 5 files checked, no problems\n');
      assert.equal(r.status, 0);
      // Renaming only one side breaks the set, and the CLI says so: the clean result above means something.
      const depText = fs.readFileSync(path.join(ws, DEP), 'utf8');
      fs.writeFileSync(path.join(ws, DEP), depText.replace('serviceAccountName: orders-db-reader', 'serviceAccountName: dev-db-reader'));
      const broken = spawnSync(process.execPath, [CLI, ws], { encoding: 'utf8' });
      assert.equal(broken.status, 1);
      assert.match(broken.stdout, /service-account-mismatch/);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
