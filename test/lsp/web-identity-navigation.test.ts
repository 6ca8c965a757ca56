/**
 * Issue #13 acceptance, navigation half: hover, definition, references and rename from a web identity
 * trust policy's `:sub` value (`system:serviceaccount:<ns>:<name>`) to the ServiceAccount and the
 * workloads that run as it, and back; role names of webhook annotations and AWS_ROLE_ARN env values.
 * Real JSON-RPC (`node dist/server.js --stdio`) on test/fixtures/workspaces/web-identity: an EKS-style
 * set-up with the same service account name `app` in two namespaces (team-a, team-b), a hand-written
 * IRSA worker (AWS_ROLE_ARN + projected token, no ServiceAccount manifest), a subject no pod uses
 * (team-a:reports) and a StringLike pattern (`system:serviceaccount:*:app`). Files are not opened.
 * Exact locations, edits and hover text. Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { FIXTURES } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';
import { applyWorkspaceEdit } from '../helpers/workspace-edit';

const FIXTURE = path.join(FIXTURES, 'workspaces', 'web-identity');

let dir: string;
let c: LspTestClient;
const u = (rel: string): string => uriOf(path.join(dir, rel));
const at = (line: number, character: number) => ({ line, character });
const range = (line: number, sc: number, ec: number) => ({ start: at(line, sc), end: at(line, ec) });
const loc = (rel: string, line: number, sc: number, ec: number): Location => ({ uri: u(rel), range: range(line, sc, ec) });
const link = (rel: string, line: number): string => `[${path.basename(rel)}:${line}](${u(rel)}#L${line})`;
const TRUST = 'iam/orders-web-trust-policy.json';
const CHAINED = 'iam/reports-writer-trust-policy.json';
const SA_A = 'team-a/service-account.yaml';
const SA_B = 'team-b/service-account.yaml';
const WEB = 'team-a/web.yaml';
const WORKER = 'team-a/worker.yaml';
const REPORT = 'team-b/report.yaml';

function q<R>(method: string, rel: string, line: number, character: number, extra: Record<string, unknown> = {}): Promise<R> {
  return c.request<R>(method, { textDocument: { uri: u(rel) }, position: at(line, character), ...extra });
}

/** The hover's first section (the linked-value part; rule explanations of findings follow after `---`). */
async function hoverHead(rel: string, line: number, character: number): Promise<{ head: string; range: unknown }> {
  const h = await q<Hover>('textDocument/hover', rel, line, character);
  const value = (h.contents as { value: string }).value;
  return { head: value.split('\n\n---\n\n')[0]!, range: h.range };
}

before(async () => {
  dir = copyToTemp(FIXTURE);
  c = await LspTestClient.start({ folders: [dir], capabilities: { textDocument: { rename: { prepareSupport: true } } } });
  const r = await c.request<{ files: number }>('irsa/validateWorkspace');
  assert.equal(r.files, 7);
});
after(async () => {
  await c.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('web identity trust policy `:sub` navigation over stdio', () => {
  it('definition: the name part of a subject → the ServiceAccount of that namespace only', async () => {
    assert.deepEqual(await q('textDocument/definition', TRUST, 13, 43), [loc(SA_A, 3, 8, 11)]);
    assert.deepEqual(await q('textDocument/definition', TRUST, 14, 43), [loc(SA_B, 3, 8, 11)]);
  });

  it('definition: a subject without a ServiceAccount manifest → the workloads running as it; none → null', async () => {
    assert.deepEqual(await q('textDocument/definition', TRUST, 16, 45), [loc(WORKER, 14, 26, 32)]);
    assert.equal(await q('textDocument/definition', TRUST, 15, 45), null);
  });

  it('definition: a workload serviceAccountName → its ServiceAccount (namespaces kept apart)', async () => {
    assert.deepEqual(await q('textDocument/definition', REPORT, 11, 31), [loc(SA_B, 3, 8, 11)]);
  });

  it('references: the ServiceAccount, the subject and the workload, in that namespace only', async () => {
    const expected = [loc(SA_A, 3, 8, 11), loc(TRUST, 13, 42, 45), loc(WEB, 14, 26, 29)];
    assert.deepEqual(await q('textDocument/references', TRUST, 13, 44, { context: { includeDeclaration: true } }), expected);
    assert.deepEqual(await q('textDocument/references', WEB, 14, 27, { context: { includeDeclaration: true } }), expected);
    assert.deepEqual(await q('textDocument/references', SA_B, 3, 9, { context: { includeDeclaration: false } }), [loc(TRUST, 14, 42, 45), loc(REPORT, 11, 30, 33)]);
  });

  it('hover on the name part: the ServiceAccount manifest and the workloads that run as it', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', TRUST, 13, 43), {
      contents: {
        kind: 'markdown',
        value: ['**Service account `app`** (namespace `team-a`)', '', `- ServiceAccount manifest: ${link(SA_A, 4)}`, `- Deployment web runs as it: ${link(WEB, 15)}`].join('\n'),
      },
      range: range(13, 42, 45),
    });
    assert.deepEqual(await hoverHead(TRUST, 14, 44), {
      head: ['**Service account `app`** (namespace `team-b`)', '', `- ServiceAccount manifest: ${link(SA_B, 4)}`, `- CronJob report runs as it: ${link(REPORT, 12)}`].join('\n'),
      range: range(14, 42, 45),
    });
  });

  it('hover on the name part: no manifest, and no pod of the workspace admitted, are said', async () => {
    assert.deepEqual(await hoverHead(TRUST, 16, 44), {
      head: ['**Service account `worker`** (namespace `team-a`)', '', '- No ServiceAccount manifest `team-a/worker` in the workspace.', `- Deployment worker runs as it: ${link(WORKER, 15)}`].join('\n'),
      range: range(16, 42, 48),
    });
    assert.deepEqual(await hoverHead(TRUST, 15, 44), {
      head: [
        '**Service account `reports`** (namespace `team-a`)',
        '',
        '- No ServiceAccount manifest `team-a/reports` in the workspace.',
        '- No workload in the workspace runs as `team-a/reports`: this subject admits no pod of the workspace.',
      ].join('\n'),
      range: range(15, 42, 49),
    });
  });

  it('hover on the `system:serviceaccount:` prefix explains the subject form; on a StringLike pattern, the pattern', async () => {
    assert.deepEqual(await hoverHead(TRUST, 13, 20), {
      head: '**Token subject** `system:serviceaccount:team-a:app`\n\nThe `sub` claim of a Kubernetes service account token is `system:serviceaccount:<namespace>:<name>`: under `StringEquals` this value admits the pods that run as service account `app` in namespace `team-a`.',
      range: range(13, 13, 45),
    });
    assert.deepEqual(await hoverHead(TRUST, 32, 112), {
      head: '**Token subject pattern** `system:serviceaccount:*:app`\n\nThe `sub` claim of a Kubernetes service account token is `system:serviceaccount:<namespace>:<name>`: under `StringLike`, `*` matches any run of characters and `?` one character, so this pattern admits every service account whose subject it matches.',
      range: range(32, 87, 114),
    });
  });

  it('a StringLike pattern is not a linked name: no definition, no rename', async () => {
    assert.equal(await q('textDocument/definition', TRUST, 32, 112), null);
    await assert.rejects(q('textDocument/prepareRename', TRUST, 32, 112), {
      code: -32803,
      message: 'Only service account, secret and role session names can be renamed here.',
    });
  });

  it('prepareRename on a subject: exactly the name part', async () => {
    assert.deepEqual(await q('textDocument/prepareRename', TRUST, 13, 44), { range: range(13, 42, 45), placeholder: 'app' });
  });

  it('rename from the subject, the ServiceAccount or the workload: the same edits, that namespace only', async () => {
    const expected: WorkspaceEdit = {
      changes: {
        [u(TRUST)]: [{ range: range(13, 42, 45), newText: 'storefront' }],
        [u(SA_A)]: [{ range: range(3, 8, 11), newText: 'storefront' }],
        [u(WEB)]: [{ range: range(14, 26, 29), newText: 'storefront' }],
      },
    };
    assert.deepEqual(await q('textDocument/rename', TRUST, 13, 43, { newName: 'storefront' }), expected);
    assert.deepEqual(await q('textDocument/rename', SA_A, 3, 9, { newName: 'storefront' }), expected);
    assert.deepEqual(await q('textDocument/rename', WEB, 14, 28, { newName: 'storefront' }), expected);
  });
});

describe('role names of the pod identity webhook set-up', () => {
  const ROLE_REFS = [
    loc(TRUST, 0, 0, 0),
    loc(CHAINED, 6, 47, 57),
    loc(SA_A, 6, 63, 73),
    loc(WORKER, 24, 52, 62),
    loc(REPORT, 18, 56, 66),
    loc(SA_B, 6, 63, 73),
  ];

  it('references from an eks.amazonaws.com/role-arn annotation: its trust policy file, the principal naming it, every annotation and AWS_ROLE_ARN', async () => {
    assert.deepEqual(await q('textDocument/references', SA_A, 6, 66, { context: { includeDeclaration: true } }), ROLE_REFS);
    assert.deepEqual(await q('textDocument/references', REPORT, 18, 60, { context: { includeDeclaration: false } }), ROLE_REFS.slice(1));
    assert.deepEqual(await q('textDocument/references', CHAINED, 6, 50, { context: { includeDeclaration: true } }), ROLE_REFS);
  });

  it('definition from AWS_ROLE_ARN: the web identity trust policy of that role (by its file name)', async () => {
    assert.deepEqual(await q('textDocument/definition', WORKER, 24, 55), [loc(TRUST, 0, 0, 0)]);
  });

  it('hover on a role name in an annotation lists the trust policy file and every other place', async () => {
    assert.deepEqual(await hoverHead(SA_A, 6, 66), {
      head: [
        '**IAM role `orders-web`**',
        '',
        'Also written at:',
        `- ${link(TRUST, 1)} — web identity trust policy of the role (by its file name) (definition)`,
        `- ${link(CHAINED, 7)} — trust policy principal`,
        `- ${link(WORKER, 25)} — AWS_ROLE_ARN of Deployment worker`,
        `- ${link(REPORT, 19)} — AWS_ROLE_ARN of CronJob report`,
        `- ${link(SA_B, 7)} — eks.amazonaws.com/role-arn of ServiceAccount app`,
        '',
        'All linked places agree.',
      ].join('\n'),
      range: range(6, 63, 73),
    });
  });

  it('the trust policy file stands for its role without taking the cursor: its first character is no role', async () => {
    assert.equal(await q('textDocument/definition', TRUST, 0, 0), null);
  });

  it('role names are not renamed', async () => {
    await assert.rejects(q('textDocument/prepareRename', SA_A, 6, 66), {
      code: -32803,
      message: 'An IAM role name cannot be renamed here: IAM cannot rename a role (a new name is a new role), and ccoctl derives its role names from the secretRef (rename the secret instead).',
    });
  });
});

describe('acceptance: renaming team-b/app from its ServiceAccount', () => {
  it('edits the subject, the CronJob and the ServiceAccount of team-b only, and the server follows', async () => {
    const ws = copyToTemp(FIXTURE);
    const client = await LspTestClient.start({ folders: [ws] });
    try {
      const wu = (rel: string): string => uriOf(path.join(ws, rel));
      const wq = <R>(method: string, rel: string, line: number, character: number, extra: Record<string, unknown> = {}): Promise<R> =>
        client.request<R>(method, { textDocument: { uri: wu(rel) }, position: at(line, character), ...extra });
      assert.equal((await client.request<{ files: number }>('irsa/validateWorkspace')).files, 7);
      const edit = await wq<WorkspaceEdit>('textDocument/rename', SA_B, 3, 9, { newName: 'reporter' });
      assert.deepEqual(edit, {
        changes: {
          [wu(TRUST)]: [{ range: range(14, 42, 45), newText: 'reporter' }],
          [wu(REPORT)]: [{ range: range(11, 30, 33), newText: 'reporter' }],
          [wu(SA_B)]: [{ range: range(3, 8, 11), newText: 'reporter' }],
        },
      });
      const touched = applyWorkspaceEdit(client, new Map(), edit);
      const read = (rel: string): string => fs.readFileSync(path.join(FIXTURE, rel), 'utf8');
      assert.equal(touched.get(wu(TRUST)), read(TRUST).replace('system:serviceaccount:team-b:app"', 'system:serviceaccount:team-b:reporter"'));
      assert.equal(touched.get(wu(REPORT)), read(REPORT).replace('serviceAccountName: app', 'serviceAccountName: reporter'));
      assert.equal(touched.get(wu(SA_B)), read(SA_B).replace('name: app', 'name: reporter'));
      // The pattern and team-a's subject are untouched.
      assert.match(touched.get(wu(TRUST))!, /"system:serviceaccount:team-a:app",\n/);
      assert.match(touched.get(wu(TRUST))!, /"system:serviceaccount:\*:app"\n/);
      // The server reads the renamed files (irsa/validateWorkspace re-scans the folders) and links the new name.
      assert.equal((await client.request<{ files: number }>('irsa/validateWorkspace')).files, 7);
      assert.deepEqual(await wq('textDocument/references', TRUST, 14, 44, { context: { includeDeclaration: true } }), [
        { uri: wu(SA_B), range: range(3, 8, 16) },
        { uri: wu(TRUST), range: range(14, 42, 50) },
        { uri: wu(REPORT), range: range(11, 30, 38) },
      ]);
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
