/**
 * The near-miss table of webhook-annotations: which keys the pod identity webhook would have read had
 * they been spelt right (it compares keys exactly: aws/amazon-eks-pod-identity-webhook pkg/cache/cache.go
 * addSA, pkg/handler/handler.go parsePodAnnotations), and which keys belong to other tools and must stay
 * silent (kube2iam's `iam.amazonaws.com/role`, Fargate's `eks.amazonaws.com/compute-type`).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearMissKey } from '../../server/src/engine/rules/webhook-annotations';

describe('webhook-annotations nearMissKey', () => {
  const cases: [string, string | undefined][] = [
    ['eks.amazon.com/role-arn', 'eks.amazonaws.com/role-arn'],
    ['eks.amazonaws.com/rolearn', 'eks.amazonaws.com/role-arn'],
    ['eks.amazonaws.com/roleArn', 'eks.amazonaws.com/role-arn'],
    ['eks.amazonaws.com/role_arn', 'eks.amazonaws.com/role-arn'],
    ['EKS.amazonaws.com/role-arn', 'eks.amazonaws.com/role-arn'],
    ['eks.amazonaws.com/sts-regional-endpoint', 'eks.amazonaws.com/sts-regional-endpoints'],
    ['eks.amazonaws.com/audiance', 'eks.amazonaws.com/audience'],
    ['eks.amazonaws.com/skip-container', 'eks.amazonaws.com/skip-containers'],
    ['amazonaws.com/token-expiration', 'eks.amazonaws.com/token-expiration'],
    ['eks.amazonaws.com/role-arn', undefined],
    ['eks.amazonaws.com/compute-type', undefined],
    ['eks.amazonaws.com/fargate-profile', undefined],
    ['iam.amazonaws.com/role', undefined],
    ['role-arn', undefined],
    ['example.com/role-arn', undefined],
  ];
  for (const [key, want] of cases) {
    it(`${key} → ${want ?? 'no near miss'}`, () => assert.equal(nearMissKey(key), want));
  }
});
