/**
 * The "only CredentialsRequest in the namespace" link must not capture pods that use other AWS
 * credentials (found in review: static keys and Vault tokens were flagged against the guide's CR).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/fixtures';

const CR = fs.readFileSync(path.join(REPO_ROOT, 'examples/fixed/credrequests/assume-dev-dynamodb-reader.yaml'), 'utf8');

const pod = (env: string, volume: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: legacy
  namespace: my-namespace
spec:
  serviceAccountName: legacy
  containers:
    - name: app
      image: registry.example.com/legacy:1
      env:
${env}
      volumeMounts:
        - name: creds
          mountPath: /var/run/secrets/creds
  volumes:
${volume}
`;

function crossFileRules(text: string): string[] {
  return lintDocuments([
    { uri: 'file:///w/credrequests/cr.yaml', text: CR },
    { uri: 'file:///w/legacy.yaml', text },
  ])
    .filter((f) => f.uri === 'file:///w/legacy.yaml')
    .map((f) => f.ruleId);
}

describe('link heuristics', () => {
  it('does not link a pod with static keys (AWS_SHARED_CREDENTIALS_FILE) to the namespace CR', () => {
    const text = pod(
      '        - name: AWS_SHARED_CREDENTIALS_FILE\n          value: /var/run/secrets/creds/credentials\n        - name: AWS_REGION\n          value: eu-west-2\n        - name: AWS_DEFAULT_REGION\n          value: eu-west-2',
      '    - name: creds\n      secret:\n        secretName: static-keys',
    );
    assert.deepEqual(crossFileRules(text), []);
  });

  it('does not link a pod that only mounts a projected token to the namespace CR', () => {
    const text = pod(
      '        - name: VAULT_ADDR\n          value: https://vault.example.com',
      '    - name: creds\n      projected:\n        sources:\n          - serviceAccountToken:\n              audience: openshift\n              path: vault-token',
    );
    assert.deepEqual(crossFileRules(text), []);
  });

  it('still links a pod that uses AWS_CONFIG_FILE with a mistyped secret and service account', () => {
    const text = pod(
      '        - name: AWS_CONFIG_FILE\n          value: /var/run/secrets/creds/credentials\n        - name: AWS_REGION\n          value: eu-west-2\n        - name: AWS_DEFAULT_REGION\n          value: eu-west-2',
      '    - name: creds\n      secret:\n        secretName: dev-dynamodb-reder',
    );
    const rules = crossFileRules(text);
    assert.ok(rules.includes('secret-name-mismatch') && rules.includes('service-account-mismatch'), rules.join(', '));
  });
});

describe('several copies of one set (overlays)', () => {
  it('checks each copy against its own files, so a mistake in one copy is reported once, in that copy', () => {
    const { loadWorkspace, FIXTURES } = require('../helpers/fixtures') as typeof import('../helpers/fixtures');
    const { documents, settings } = loadWorkspace(path.join(FIXTURES, 'workspaces', 'orders'));
    const copy = (overlay: string): { uri: string; text: string }[] =>
      documents.map((d) => ({ uri: d.uri.replace('/workspaces/orders/', `/workspaces/orders/overlays/${overlay}/`), text: d.text }));
    const prod = copy('prod').map((d) =>
      d.uri.endsWith('/deploy/orders.yaml') ? { ...d, text: d.text.replace('value: orders-session', 'value: orders-sessio') } : d,
    );
    const findings = lintDocuments([...copy('dev'), ...prod], settings);
    assert.deepEqual(
      findings.map((f) => `${f.uri.slice(f.uri.indexOf('/overlays/') + 10)} ${f.ruleId}`),
      ['prod/iam/orders-table-reader-trust.json session-name-mismatch'],
    );
  });
});
