/**
 * (issue #15) Hover and completion from AWS's IAM service catalogue over real JSON-RPC
 * (`node dist/server.js --stdio`) on test/fixtures/workspaces/iam-catalog (an identity policy and a
 * CredentialsRequest): hover on an action (access level, resource types, condition keys, Service
 * Authorization Reference link; the catalogue keeps an action's description only when it says the
 * action is deprecated, scripts/build-iam-catalog.mjs), on a wildcard action; completion of a typed service's
 * actions in a policy's `Action` and a statement entry's `action`, and of the condition keys of the
 * statement's actions in `Condition` and `policyCondition`. Exact results.
 * Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { FIXTURES } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'workspaces', 'iam-catalog');
const POLICY = 'reports-policy.json';
const CR = 'credrequests/reports-reader.yaml';

let dir: string;
let c: LspTestClient;
const u = (rel: string): string => uriOf(path.join(dir, rel));
const at = (line: number, character: number) => ({ line, character });

function q<R>(method: string, rel: string, line: number, character: number): Promise<R> {
  return c.request<R>(method, { textDocument: { uri: u(rel) }, position: at(line, character) });
}

/** Opens `rel` with `text`, runs `fn`, closes it. */
async function withText<T>(rel: string, text: string, fn: () => Promise<T>): Promise<T> {
  c.open(u(rel), text);
  try {
    return await fn();
  } finally {
    c.close(u(rel));
  }
}

before(async () => {
  dir = copyToTemp(FIXTURE);
  c = await LspTestClient.start({ folders: [dir] });
  assert.deepEqual(await c.request('irsa/validateWorkspace'), { files: 2, problems: 0, errors: 0, warnings: 0 });
});
after(async () => {
  await c.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const REF = 'https://docs.aws.amazon.com/service-authorization/latest/reference';

describe('IAM catalogue in the editor, over stdio', () => {
  it('hover on an action of a policy: access level, resource types, condition keys, reference link', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', POLICY, 6, 20), {
      contents: {
        kind: 'markdown',
        value: [
          '**`s3:ListBucket`** — Amazon S3, access level List',
          '',
          'Grants permission to list some or all of the objects in an Amazon S3 bucket (up to 1000)',
          '',
          '**Resource types** (\\* required):',
          '- `accesspoint` `arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}`',
          '- `bucket` `arn:${Partition}:s3:::${BucketName}`',
          '',
          '**Condition keys:** `s3:AccessGrantsInstanceArn`, `s3:ResourceAccount`, `s3:TlsVersion`, `s3:authType`, `s3:delimiter`, `s3:max-keys`, `s3:prefix`, `s3:signatureAge`, `s3:signatureversion`, `s3:x-amz-content-sha256`, `aws:ResourceTag/${TagKey}`, `s3:AccessPointNetworkOrigin`, `s3:AccessPointTag/${TagKey}`, `s3:DataAccessPointAccount`, `s3:DataAccessPointArn`, `s3:BucketTag/${TagKey}`',
          '',
          `[Service Authorization Reference: Amazon S3](${REF}/list_amazons3.html#amazons3-actions-as-permissions) · catalogue of 2026-09-26`,
        ].join('\n'),
      },
      range: { start: at(6, 17), end: at(6, 32) },
    });
  });

  it('hover on a wildcard action: the actions it matches', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', POLICY, 6, 70), {
      contents: {
        kind: 'markdown',
        value: `**\`dynamodb:BatchGet*\`** matches 1 action: \`dynamodb:BatchGetItem\`.\n\n[Service Authorization Reference: Amazon DynamoDB](${REF}/list_amazondynamodb.html#amazondynamodb-actions-as-permissions) · catalogue of 2026-09-26`,
      },
      range: { start: at(6, 59), end: at(6, 79) },
    });
  });

  it('hover on a statement entry action of a CredentialsRequest (an action authorized on * only)', async () => {
    assert.deepEqual(await q<Hover>('textDocument/hover', CR, 12, 12), {
      contents: {
        kind: 'markdown',
        value: [
          '**`sts:GetCallerIdentity`** — AWS Security Token Service, access level Read',
          '',
          'Grants permission to obtain details about the IAM identity whose credentials are used to call the API',
          '',
          '**Resource types:** none: the action is authorized on `"Resource": "*"` only.',
          '',
          '**Condition keys:** none of its own (global `aws:` keys apply).',
          '',
          `[Service Authorization Reference: AWS Security Token Service](${REF}/list_awssecuritytokenservice.html#awssecuritytokenservice-actions-as-permissions) · catalogue of 2026-09-26`,
        ].join('\n'),
      },
      range: { start: at(12, 8), end: at(12, 29) },
    });
  });

  it('completion of a typed service prefix in a later item of a policy `Action` array: the IRSA STS actions, then the service\'s actions', async () => {
    const text = fs.readFileSync(path.join(dir, POLICY), 'utf8').replace('"sts:GetCallerIdentity"', '"dynamodb:GetI"');
    const items = await withText(POLICY, text, () => q<CompletionItem[]>('textDocument/completion', POLICY, 6, 48));
    const range = { start: at(6, 35), end: at(6, 48) };
    assert.deepEqual(
      items.map((i) => [i.label, i.textEdit, i.detail]),
      [
        ...['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetCallerIdentity'].map((a) => [a, { range, newText: a }, undefined]),
        ['dynamodb:GetItem', { range, newText: 'dynamodb:GetItem' }, 'Amazon DynamoDB · Read'],
      ],
    );
  });

  it('completion of a typed service prefix as a statement entry `action` item', async () => {
    const yaml = fs.readFileSync(path.join(dir, CR), 'utf8').replace('      - sts:GetCallerIdentity\n', '      - sts:GetCallerIdentity\n      - sts:AssumeRoleW\n');
    const items = await withText(CR, yaml, () => q<CompletionItem[]>('textDocument/completion', CR, 13, 23));
    const range = { start: at(13, 8), end: at(13, 23) };
    assert.deepEqual(items, [
      {
        label: 'sts:AssumeRoleWithSAML',
        kind: 12,
        textEdit: { range, newText: 'sts:AssumeRoleWithSAML' },
        insertTextFormat: 1,
        sortText: '0000',
        detail: 'AWS Security Token Service · Write',
        documentation: { kind: 'markdown', value: 'Grants permission to obtain a set of temporary security credentials for users who have been authenticated via a SAML authentication response' },
      },
      {
        label: 'sts:AssumeRoleWithWebIdentity',
        kind: 12,
        textEdit: { range, newText: 'sts:AssumeRoleWithWebIdentity' },
        insertTextFormat: 1,
        sortText: '0001',
        detail: 'AWS Security Token Service · Write',
        documentation: { kind: 'markdown', value: 'Grants permission to obtain a set of temporary security credentials for users who have been authenticated in a mobile or web application with a web identity provider' },
      },
    ]);
  });

  it('completion of condition keys in a policy `Condition` operator: the statement\'s action keys; a templated key is a snippet', async () => {
    const text = fs.readFileSync(path.join(dir, POLICY), 'utf8');
    const prefix = await withText(POLICY, text.replace('{ "s3:prefix": "reports/*" }', '{ "s3:p": "reports/*" }'), () => q<CompletionItem[]>('textDocument/completion', POLICY, 9, 29));
    assert.deepEqual(
      prefix.map((i) => [i.label, i.textEdit, i.insertTextFormat, i.detail]),
      [['s3:prefix', { range: { start: at(9, 25), end: at(9, 29) }, newText: 's3:prefix' }, 1, 'condition key of s3:ListBucket']],
    );
    const tag = await withText(POLICY, text.replace('{ "s3:prefix": "reports/*" }', '{ "s3:BucketT": "reports/*" }'), () => q<CompletionItem[]>('textDocument/completion', POLICY, 9, 34));
    assert.deepEqual(
      tag.map((i) => [i.label, i.textEdit, i.insertTextFormat, i.detail]),
      [['s3:BucketTag/${TagKey}', { range: { start: at(9, 25), end: at(9, 34) }, newText: 's3:BucketTag/${1:TagKey}' }, 2, 'condition key of s3:ListBucket']],
    );
  });

  it('completion of condition keys as a key of a statement entry `policyCondition` operator', async () => {
    const yaml = fs.readFileSync(path.join(dir, CR), 'utf8').replace('          aws:RequestedRegion: eu-west-2\n', '          aws:RequestedRegion: eu-west-2\n          sts:\n');
    const items = await withText(CR, yaml, () => q<CompletionItem[]>('textDocument/completion', CR, 17, 14));
    const range = { start: at(17, 10), end: at(17, 14) };
    assert.deepEqual(
      items.map((i) => [i.label, i.textEdit, i.insertTextFormat]),
      [
        'sts:AWSServiceName',
        'sts:DurationSeconds',
        'sts:ExternalId',
        'sts:IdentityTokenAudience',
        'sts:RequestContext/${ContextKey}',
        'sts:RequestContextProviders',
        'sts:RoleAuthorizedByIdp',
        'sts:RoleSessionName',
        'sts:SigningAlgorithm',
        'sts:SourceIdentity',
        'sts:TaskPolicyArn',
        'sts:TransitiveTagKeys',
      ].map((k) => (k.includes('${') ? [k, { range, newText: 'sts:RequestContext/${1:ContextKey}: ' }, 2] : [k, { range, newText: `${k}: ` }, 1])),
    );
  });
});
