/**
 * placeholder-account-id: example account ids are reported while `.irsa.yaml` declares them as the
 * workspace's accounts, and every one of them once it declares a real account (the defaults replaced
 * there first, the files not yet); never with no account declared (test data uses them on purpose).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { IrsaSettings } from '../../server/src/engine';

const secret = `apiVersion: v1
kind: Secret
metadata:
  name: orders-reader
  namespace: team-a
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::111122223333:role/prod-creds-team-a-orders-reader
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token
`;

function found(settings: IrsaSettings): string[] {
  return lintDocuments([{ uri: 'file:///ws/outputs/manifests/team-a-orders-reader-credentials.yaml', text: secret }], settings)
    .filter((f) => f.ruleId === 'placeholder-account-id')
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message.slice(0, 40)}`);
}

describe('placeholder-account-id: which example ids are reported', () => {
  const hit = ['10:29 info `111122223333` is an example account id '];
  it('none with no account declared in .irsa.yaml', () => assert.deepEqual(found({}), []));
  it('the declared example id', () => assert.deepEqual(found({ accountIds: ['111122223333'] }), hit));
  it('another example id only when it is declared too', () => assert.deepEqual(found({ accountIds: ['444455556666'] }), []));
  it('every example id once a real account is declared (accountIds or the identity provider ARN)', () => {
    assert.deepEqual(found({ accountIds: ['210987654321'] }), hit);
    assert.deepEqual(found({ oidcProviderArn: 'arn:aws:iam::210987654321:oidc-provider/oidc.example.com' }), hit);
  });
});
