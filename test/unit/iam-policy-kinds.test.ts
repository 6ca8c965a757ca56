/**
 * Policies that are not trust policies must not get trust-policy errors (found in review): resource
 * policies of other services (ECR, KMS, S3) and well-known federated web identity principals.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { classifyFile } from '../../server/src/engine/classify';
import { parseFile } from '../../server/src/engine/parse';

function typeOf(text: string): string | undefined {
  const d = classifyFile(parseFile('file:///p.json', text), text)[0];
  return d?.kind === 'iamPolicy' ? d.policyType : undefined;
}

describe('IAM policy kinds', () => {
  it('classifies trust, identity and other resource-based policies', () => {
    assert.equal(typeOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}'), 'trust');
    // The guide's trust policy has no Action at all: still a trust policy.
    assert.equal(typeOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}'), 'trust');
    assert.equal(typeOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::444455556666:role/r"}]}'), 'identity');
    assert.equal(typeOf('{"Version":"2008-10-17","Statement":[{"Sid":"x","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage"]}]}'), 'resource');
  });

  it('reports nothing on an ECR repository policy or a KMS key policy', () => {
    const ecr = '{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}';
    const kms =
      '{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/ecr.json', text: ecr }]), []);
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/kms.json', text: kms }]), []);
  });

  it('accepts well-known federated web identity principals by name', () => {
    const cognito =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-1234-1234-1234-123456789012"}}}]}';
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/cognito.json', text: cognito }]).map((f) => `${f.ruleId}: ${f.message}`), []);
  });
});
