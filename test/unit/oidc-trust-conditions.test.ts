/**
 * Issue #13 sub-checks of oidc-principal-condition that the fixtures do not pin down: what is left
 * alone (negated operators, placeholders, a template file, StringEqualsIgnoreCase has no operator fix,
 * a fix that would duplicate a key is not offered) and the region → partition mapping it relies on.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { partitionOfRegion } from '../../server/src/engine/domain';

const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function trust(condition: string, federated = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`): string {
  return JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: JSON.parse(condition) }] },
    null,
    2,
  );
}

function findings(text: string, name = 'trust.json'): { message: string; fixes: number; text: string }[] {
  return lintDocuments([{ uri: `file:///w/${name}`, text, version: 0 }], {})
    .filter((f) => f.ruleId === 'oidc-principal-condition')
    .map((f) => ({ message: f.message, fixes: f.fixes?.length ?? 0, text: text.slice(...offsets(text, f.range)) }));
}

function offsets(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): [number, number] {
  const lines = text.split('\n');
  const at = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [at(r.start), at(r.end)];
}

describe('oidc-principal-condition: web identity sub-checks', () => {
  it('maps regions to partitions by the SDK regionRegex', () => {
    assert.deepEqual(
      ['us-east-1', 'eu-west-2', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1', 'us-isob-east-1', 'mars-1'].map(partitionOfRegion),
      ['aws', 'aws', 'aws-us-gov', 'aws-cn', 'aws-cn', 'aws-iso-b', undefined],
    );
  });

  it('leaves negated operators and placeholder values alone', () => {
    const text = trust(`{"StringEquals": {"${ISSUER}:sub": "system:serviceaccount:\${NAMESPACE}:api"}, "StringNotLike": {"${ISSUER}:sub": "system:serviceaccount:kube-system:*"}}`);
    assert.deepEqual(findings(text), []);
  });

  it('reports a wildcard under StringEqualsIgnoreCase without an operator fix (StringLike would change case matching)', () => {
    const text = trust(`{"StringEqualsIgnoreCase": {"${ISSUER}:sub": "system:serviceaccount:app:?eb"}}`);
    assert.deepEqual(findings(text), [
      {
        message: 'Under `StringEqualsIgnoreCase` the `?` in `system:serviceaccount:app:?eb` is a literal character, not a wildcard: no service account is named that, so this value never matches. Use `StringLike` for `*` and `?` wildcards.',
        fixes: 0,
        text: '?',
      },
    ]);
  });

  it('offers no key fix that would duplicate a key of the same operator', () => {
    const text = trust(`{"StringEquals": {"${ISSUER}:sub": "system:serviceaccount:app:web", "https://${ISSUER}:sub": "system:serviceaccount:app:web"}}`);
    const got = findings(text);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.fixes, 0);
    assert.equal(got[0]!.text, `"https://${ISSUER}:sub"`);
  });

  it('reports a :sub holding only part of the subjects as swapped, without a swap fix', () => {
    const text = trust(`{"StringEquals": {"${ISSUER}:sub": ["openshift", "system:serviceaccount:app:web"]}}`);
    const got = findings(text);
    assert.deepEqual(got.map((g) => [g.text, g.fixes]), [['"openshift"', 0]]);
  });

  it('does not judge the partition of an issuer without a region (CloudFront, custom domain)', () => {
    const cf = 'd111111abcdef8.cloudfront.net';
    const text = trust(`{"StringEquals": {"${cf}:sub": "system:serviceaccount:app:web"}}`, `arn:aws-us-gov:iam::111122223333:oidc-provider/${cf}`);
    assert.deepEqual(findings(text), []);
  });

  it('judges only the wildcard, not the subject form, for a provider that is no Kubernetes cluster (GitHub Actions)', () => {
    const gh = 'token.actions.githubusercontent.com';
    const text = trust(`{"StringEquals": {"${gh}:aud": "sts.amazonaws.com", "${gh}:sub": "repo:octo-org/octo-repo:*"}}`, `arn:aws:iam::111122223333:oidc-provider/${gh}`);
    assert.deepEqual(findings(text), [
      {
        message: 'Under `StringEquals` the `*` in `repo:octo-org/octo-repo:*` is a literal character, not a wildcard: no token carries that subject, so this value never matches. Use `StringLike` for `*` and `?` wildcards.',
        fixes: 1,
        text: '*',
      },
    ]);
  });
});
