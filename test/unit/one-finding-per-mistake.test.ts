/**
 * One mistake, one finding: a rule whose subject another rule already reports precisely stays quiet
 * (found by a new-user trial: a 65-character role name in role_arn was also called "not an IAM role
 * ARN", which sent the user looking for a wrong account id or partition).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';

const NAME = 'prod-creds-payments-platform-eu-west-team-payments-ledger-readerx'; // 65 characters

const secret = (roleName: string): string => `apiVersion: v1
kind: Secret
metadata:
  name: ledger-reader
  namespace: payments
type: Opaque
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::111122223333:role/${roleName}
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token
`;

describe('one finding per mistake', () => {
  it('a role_arn whose role name is too long is reported by iam-name-limits only, at the name', () => {
    assert.equal(NAME.length, 65);
    const text = secret(NAME);
    const findings = lintDocuments([{ uri: 'file:///ws/outputs/manifests/payments-ledger-reader-credentials.yaml', text }]);
    const col = text.split('\n')[10]!.indexOf(NAME);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.character, f.range.end.character]),
      [['iam-name-limits', 'error', 10, col, col + NAME.length]],
    );
    assert.match(findings[0]!.message, /65 characters/);
  });
});
