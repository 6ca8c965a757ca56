/**
 * The workspace core: linking, incremental re-evaluation (only what depends on a change), severity
 * overrides and suppression comments. Uses a small test rule so it does not depend on real rules.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine';
import { effectiveServiceAccount } from '../../server/src/engine/model/workload';
import type { DocumentRule } from '../../server/src/engine/rules/types';
import { str } from '../../server/src/engine/parse/tree';

let evaluations = 0;
const saRule: DocumentRule = {
  id: 'test-sa',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: { summary: 'test rule', details: 'test rule for the workspace core', sources: ['test'] },
  check(doc, ctx) {
    if (doc.kind !== 'workload') return;
    evaluations++;
    for (const cr of ctx.ws.credentialsRequestsFor(doc)) {
      const sa = effectiveServiceAccount(doc);
      if (!cr.serviceAccountNames.some((s) => str(s) === sa)) {
        ctx.report({ at: { doc, node: doc.serviceAccountName ?? doc.root, part: 'value' }, message: `sa ${sa} not in ${str(cr.name)}` });
      }
    }
  },
};

const cr = (sa: string, secret = 'creds', ns = 'team-a'): string => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: cr-${secret}
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: ${secret}
    namespace: ${ns}
  serviceAccountNames:
    - ${sa}
`;

const deploy = (sa: string, secret = 'creds', ns = 'team-a'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${secret}
  namespace: ${ns}
spec:
  template:
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: app
      volumes:
        - name: aws
          secret:
            secretName: ${secret}
`;

describe('Workspace', () => {
  it('links a Deployment to its CredentialsRequest and re-checks it when the CR changes', () => {
    const ws = new Workspace({}, [saRule]);
    ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('reader') });
    ws.update({ uri: 'file:///w/deploy.yaml', text: deploy('reader') });
    ws.update({ uri: 'file:///w/credrequests/other-cr.yaml', text: cr('x', 'other', 'team-b') });
    ws.update({ uri: 'file:///w/other-deploy.yaml', text: deploy('x', 'other', 'team-b') });
    assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
    assert.deepEqual(ws.findings('file:///w/other-deploy.yaml'), []);

    evaluations = 0;
    const affected = ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('writer'), version: 2 });
    assert.deepEqual(affected.sort(), ['file:///w/credrequests/cr.yaml', 'file:///w/deploy.yaml']);
    const f = ws.findings('file:///w/deploy.yaml');
    assert.deepEqual(
      f.map((x) => [x.ruleId, x.severity, x.range.start.line, x.range.start.character, x.range.end.character, x.message]),
      [['test-sa', 'error', 8, 26, 32, 'sa reader not in cr-creds']],
    );
    // The unrelated set is served from cache.
    ws.findings('file:///w/other-deploy.yaml');
    assert.equal(evaluations, 1);

    ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('reader'), version: 3 });
    assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
  });

  it('re-checks the linked Deployment when its CR is removed', () => {
    const ws = new Workspace({}, [saRule]);
    ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('writer') });
    ws.update({ uri: 'file:///w/deploy.yaml', text: deploy('reader') });
    assert.equal(ws.findings('file:///w/deploy.yaml').length, 1);
    assert.deepEqual(ws.remove('file:///w/credrequests/cr.yaml'), ['file:///w/deploy.yaml']);
    assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
  });

  it('applies severity overrides and `off`', () => {
    const ws = new Workspace({ rules: { 'test-sa': 'warning' } }, [saRule]);
    ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('writer') });
    ws.update({ uri: 'file:///w/deploy.yaml', text: deploy('reader') });
    assert.equal(ws.findings('file:///w/deploy.yaml')[0]!.severity, 'warning');
    ws.setSettings({ rules: { 'test-sa': 'off' } });
    assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
  });

  it('honours `# irsa-disable-next-line <rule-id>` and ignores other ids', () => {
    const ws = new Workspace({}, [saRule]);
    ws.update({ uri: 'file:///w/credrequests/cr.yaml', text: cr('writer') });
    const suppressed = deploy('reader').replace('      serviceAccountName', '      # irsa-disable-next-line test-sa\n      serviceAccountName');
    ws.update({ uri: 'file:///w/deploy.yaml', text: suppressed });
    assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
    ws.update({ uri: 'file:///w/deploy.yaml', text: suppressed.replace('test-sa', 'other-rule') });
    assert.equal(ws.findings('file:///w/deploy.yaml').length, 1);
  });

  it('reports a rule crash as a finding instead of throwing', () => {
    const broken: DocumentRule = { ...saRule, id: 'test-broken', check: () => { throw new Error('boom'); } };
    const ws = new Workspace({}, [broken]);
    ws.update({ uri: 'file:///w/deploy.yaml', text: deploy('reader') });
    assert.deepEqual(ws.findings('file:///w/deploy.yaml').map((f) => f.message), ['Internal error in rule test-broken: boom. Please report it.']);
  });
});
