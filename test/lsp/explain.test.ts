/**
 * `irsa/explainError` over stdio (issue #15): the server ranks the causes of an AWS error text from
 * the workspace it holds — unsaved editor text included — so `IRSA: Explain AWS Error…` loads nothing
 * again. Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExplainErrorResult } from '../../shared/src/protocol';
import { FIXTURES } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const DENIED =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111122223333:assumed-role/orders-api/orders-worker is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/dynamodb-writer';

let dir: string;
let c: LspTestClient;
before(async () => {
  dir = copyToTemp(path.join(FIXTURES, 'explain', 'assume-role-denied'));
  c = await LspTestClient.start({ folders: [dir] });
});
after(async () => {
  await c.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('irsa/explainError (stdio)', () => {
  it('answers the fields and the ranked causes, the first at the destination trust policy of the role the error names', async () => {
    const r = await c.request<ExplainErrorResult>('irsa/explainError', { text: DENIED });
    assert.deepEqual(r.error, {
      code: 'AccessDenied',
      operation: 'AssumeRole',
      arns: ['arn:aws:sts::111122223333:assumed-role/orders-api/orders-worker', 'arn:aws:iam::444455556666:role/dynamodb-writer'],
      accountIds: ['111122223333', '444455556666'],
      roleName: 'dynamodb-writer',
      sessionName: 'orders-worker',
    });
    const trust = uriOf(path.join(dir, 'webhook', 'destination-account', 'dynamodb-writer-trust-policy.json'));
    assert.deepEqual(
      r.causes.map((x) => [x.rank, x.ruleId, x.uri, x.range?.start, x.outsideFiles]),
      [
        [1, 'session-name-mismatch', trust, { line: 6, character: 66 }, false],
        [2, undefined, undefined, undefined, true],
        [3, undefined, undefined, undefined, true],
      ],
    );
  });

  it('sees unsaved text: once the trust policy admits session orders-worker, no finding explains it, and the trust policy and the annotation of the caller role are named', async () => {
    const file = path.join(dir, 'webhook', 'destination-account', 'dynamodb-writer-trust-policy.json');
    const uri = uriOf(file);
    const text = fs.readFileSync(file, 'utf8');
    c.open(uri, text.replace('assumed-role/orders-api/orders-api', 'assumed-role/orders-api/orders-worker'));
    const r = await c.request<ExplainErrorResult>('irsa/explainError', { text: DENIED });
    assert.deepEqual(
      r.causes.map((x) => [x.rank, x.ruleId, x.uri, x.range?.start, x.outsideFiles]),
      [
        [1, undefined, undefined, undefined, true],
        [2, undefined, undefined, undefined, true],
        [3, undefined, uri, { line: 5, character: 19 }, false],
        // The caller's role comes from the ServiceAccount annotation (the pod identity webhook).
        [4, undefined, uriOf(path.join(dir, 'webhook', 'serviceaccount.yaml')), { line: 9, character: 32 }, false],
      ],
    );
    assert.equal(r.causes[3]!.summary, 'Deployment `orders-api` gets role `orders-api` here (ServiceAccount annotation): the error is about this workload\'s credentials.');
    assert.match(r.causes[2]!.summary, /^The trust policy of role `dynamodb-writer`, which the error names: no finding explains the error/);
    c.close(uri);
  });

  it('a text that is none of the errors explained: no error, no causes', async () => {
    assert.deepEqual(await c.request<ExplainErrorResult>('irsa/explainError', { text: 'Error: connect ECONNREFUSED 127.0.0.1:443' }), { causes: [] });
    assert.deepEqual(await c.request<ExplainErrorResult>('irsa/explainError', null), { causes: [] });
  });
});
