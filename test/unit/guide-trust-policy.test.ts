/**
 * The guide's trust policy (examples/guide/destination-account/dynamodb-reader-trust-policy.json),
 * linted alone: exactly the three mistakes the guide makes — the `{ {` syntax error, the
 * `2021-10-17` Version and the missing Action (an AWS principal needs `sts:AssumeRole`) — and
 * nothing else from any rule. Applying the offered fixes leaves valid JSON with no findings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { Finding, SourceDocument } from '../../server/src/engine/types';
import { applyFix, fileUri, formatFindings, REPO_ROOT } from '../helpers/fixtures';

const DIR = path.join(REPO_ROOT, 'examples', 'guide', 'destination-account');
const FILE = path.join(DIR, 'dynamodb-reader-trust-policy.json');

function lint(text: string): { docs: SourceDocument[]; findings: Finding[] } {
  const docs = [{ uri: fileUri(FILE), text, version: 0 }];
  return { docs, findings: lintDocuments(docs, {}) };
}

describe("the guide's trust policy", () => {
  const text = fs.readFileSync(FILE, 'utf8');

  it('gives exactly the json-syntax, iam-version and iam-action-required errors', () => {
    const { findings } = lint(text);
    assert.equal(
      formatFindings(findings, DIR),
      [
        'dynamodb-reader-trust-policy.json:2:13-2:25 error iam-version `Version` must be "2012-10-17" (or the legacy "2008-10-17"); found "2021-10-17". The Version is a fixed policy-language date, not the date the policy was written.',
        'dynamodb-reader-trust-policy.json:3:15-4:4 error json-syntax An object cannot directly contain another object: `{ {` is not valid JSON. To hold several statements, make this an array: `[ { … } ]`.',
        'dynamodb-reader-trust-policy.json:4:3-4:4 error iam-action-required The statement has no `Action`: for an AWS principal a trust policy must allow `sts:AssumeRole`. Add `"Action": "sts:AssumeRole"`.',
      ].join('\n'),
    );
  });

  it('offers fixes that, applied one after the other, leave valid JSON and no findings', () => {
    let docs: SourceDocument[] = [{ uri: fileUri(FILE), text, version: 0 }];
    for (const ruleId of ['iam-action-required', 'iam-version', 'json-syntax']) {
      const f = lintDocuments(docs, {}).find((x) => x.ruleId === ruleId);
      assert.ok(f?.fixes?.length, `${ruleId} offers a fix`);
      docs = applyFix(docs, f.fixes[0]!).documents;
    }
    const fixed = docs[0]!.text;
    assert.deepEqual(JSON.parse(fixed), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/my-namespace-creds-my-namespace-dev-dynamodb-reader/dev-dynamodb-reader' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    // The file's tab indentation is kept.
    assert.match(fixed, /\n\t\t\t\},\n\t\t\t"Action": "sts:AssumeRole"\n\t\t\}/);
    assert.equal(formatFindings(lintDocuments(docs, {}), DIR), '');
  });

  it('as published, with placeholders, also asks for the real account id', () => {
    const published = text.replace(
      /arn:aws:sts::[^"]+/,
      'arn:aws:sts::<openshift aws account id>:assumed-role/<ccoctl created role>/<session name>',
    );
    const { findings } = lint(published);
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`),
      ['2:13 iam-version', '3:15 json-syntax', '4:3 iam-action-required', '7:12 arn-format'],
    );
    assert.equal(
      findings[3]!.message,
      '`arn:aws:sts::<openshift aws account id>:assumed-role/<ccoctl created role>/<session name>` still contains the placeholders `<openshift aws account id>`, `<ccoctl created role>`, `<session name>` copied from an example: substitute the real 12-digit AWS account id for `<openshift aws account id>` and the real values for `<ccoctl created role>`, `<session name>`.',
    );
  });
});
