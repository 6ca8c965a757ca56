/**
 * Workloads of every pod-bearing kind (domain.md §3.6): the pod spec is found at the path the kind
 * defines, and workload rules report at exact ranges inside it — including the deep CronJob path
 * (`spec.jobTemplate.spec.template.spec`) and OpenShift's DeploymentConfig. Also checks that quick
 * fixes that insert YAML blocks follow the file's own list-indentation style.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import type { Workload } from '../../server/src/engine/model/types';
import { applyFix } from '../helpers/fixtures';

/** A pod spec (indented by `n` spaces) whose container mounts a volume the pod does not define. */
function podSpec(n: number): string {
  const pad = ' '.repeat(n);
  return [
    'serviceAccountName: orders-api',
    'containers:',
    '  - name: app',
    '    image: registry.example.com/orders-api:1.4.2',
    '    volumeMounts:',
    '      - name: bound-sa-tokn',
    '        mountPath: /var/run/secrets/openshift/serviceaccount',
  ]
    .map((l) => pad + l)
    .join('\n');
}

const KINDS: { kind: string; apiVersion: string; path: string[]; text: string }[] = [
  { kind: 'Pod', apiVersion: 'v1', path: ['spec'], text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${podSpec(2)}\n` },
  { kind: 'PodTemplate', apiVersion: 'v1', path: ['template', 'spec'], text: `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: p\ntemplate:\n  spec:\n${podSpec(4)}\n` },
  ...['ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'DeploymentConfig'].map((kind) => {
    const apiVersion = kind === 'ReplicationController' ? 'v1' : kind === 'Job' ? 'batch/v1' : kind === 'DeploymentConfig' ? 'apps.openshift.io/v1' : 'apps/v1';
    return { kind, apiVersion, path: ['spec', 'template', 'spec'], text: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec(6)}\n` };
  }),
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    text: `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec(10)}\n`,
  },
];

function workloadOf(text: string): Workload | undefined {
  const ws = new Workspace();
  ws.update({ uri: 'file:///w/manifest.yaml', text });
  const docs = ws.documents('file:///w/manifest.yaml');
  return docs.length === 1 && docs[0]!.kind === 'workload' ? docs[0] : undefined;
}

describe('pod spec per workload kind', () => {
  it('covers all ten kinds of domain.md §3.6', () => {
    assert.deepEqual(KINDS.map((k) => k.kind).sort(), [
      'CronJob', 'DaemonSet', 'Deployment', 'DeploymentConfig', 'Job', 'Pod', 'PodTemplate', 'ReplicaSet', 'ReplicationController', 'StatefulSet',
    ]);
  });

  for (const k of KINDS) {
    it(`${k.apiVersion} ${k.kind}: pod spec at ${k.path.join('.')}`, () => {
      const w = workloadOf(k.text);
      assert.ok(w, 'classified as a workload');
      assert.equal(w.workloadKind, k.kind);
      assert.deepEqual(w.podSpecPath, k.path);
      assert.ok(w.podSpec, 'pod spec found');
      assert.equal(w.podSpec.start, k.text.indexOf('serviceAccountName:'));
      assert.equal(w.serviceAccountName?.value, 'orders-api');
      assert.deepEqual(
        w.containers.map((c) => [c.name?.value, c.mounts.map((m) => m.name?.value)]),
        [['app', ['bound-sa-tokn']]],
      );
    });
  }

  it('a kind under the wrong apiVersion is not a workload (CronJob in apps/v1)', () => {
    assert.equal(workloadOf(KINDS.find((k) => k.kind === 'CronJob')!.text.replace('batch/v1', 'apps/v1')), undefined);
  });

  it('a Deployment without a pod template has no pod spec and no findings', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n  namespace: team-a\nspec:\n  replicas: 1\n';
    assert.equal(workloadOf(text)?.podSpec, undefined);
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/d.yaml', text }]), []);
  });
});

describe('workload rules report at exact ranges in deep pod specs', () => {
  const brief = (text: string) =>
    lintDocuments([{ uri: 'file:///w/manifest.yaml', text }]).map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      range: `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`,
      message: f.message,
    }));

  it('CronJob: volume-mount-references at spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[0].name', () => {
    const text = KINDS.find((k) => k.kind === 'CronJob')!.text;
    // line 16 is `                - name: bound-sa-tokn`; the value starts at column 25.
    assert.equal(text.split('\n')[15], '                - name: bound-sa-tokn');
    assert.deepEqual(brief(text), [
      {
        rule: 'volume-mount-references',
        severity: 'error',
        range: '16:25-16:38',
        message: 'volumeMount `bound-sa-tokn` in container `app` names no volume of this pod (the pod defines no volumes); Kubernetes rejects the pod with "Not found".',
      },
    ]);
  });

  it('DeploymentConfig: deprecation on `kind` and volume-mount-references in spec.template.spec', () => {
    const text = KINDS.find((k) => k.kind === 'DeploymentConfig')!.text;
    assert.equal(text.split('\n')[12], '            - name: bound-sa-tokn');
    assert.deepEqual(brief(text), [
      {
        rule: 'deployment-config-deprecated',
        severity: 'info',
        range: '2:7-2:23',
        message: 'DeploymentConfig (apps.openshift.io/v1) is deprecated since OpenShift 4.14; use an apps/v1 Deployment with the same pod template.',
      },
      {
        rule: 'volume-mount-references',
        severity: 'error',
        range: '13:21-13:34',
        message: 'volumeMount `bound-sa-tokn` in container `app` names no volume of this pod (the pod defines no volumes); Kubernetes rejects the pod with "Not found".',
      },
    ]);
  });

  it('CronJob: token-expiration at the deep expirationSeconds, with a fix to 3600', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: c',
      'spec:',
      '  schedule: "0 3 * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          volumes:',
      '            - name: bound-sa-token',
      '              projected:',
      '                sources:',
      '                  - serviceAccountToken:',
      '                      audience: openshift',
      '                      expirationSeconds: 60',
      '                      path: token',
      '',
    ].join('\n');
    const findings = lintDocuments([{ uri: 'file:///w/c.yaml', text }]);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.range.start.line + 1, f.range.start.character + 1, f.range.end.character + 1]),
      [['token-expiration', 17, 42, 44]],
    );
    const { touched } = applyFix([{ uri: 'file:///w/c.yaml', text }], findings[0]!.fixes![0]!);
    assert.equal(touched.get('file:///w/c.yaml'), text.replace('expirationSeconds: 60', 'expirationSeconds: 3600'));
  });
});

describe('inserted YAML follows the file style', () => {
  const CR = [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    '  name: reader',
    '  namespace: ns',
    'spec:',
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '    - effect: Allow',
    '      action:',
    '      - dynamodb:GetItem',
    '      resource: "*"',
    '  secretRef:',
    '    name: reader',
    '    namespace: ns',
    '  serviceAccountNames:',
    '  - reader',
    '',
  ].join('\n');
  // Lists written at the same column as their key (`key:\n- item`), 4-space mappings.
  const DEPLOY = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '    name: api',
    '    namespace: ns',
    'spec:',
    '    template:',
    '        spec:',
    '            serviceAccountName: reader',
    '            containers:',
    '            - name: app',
    '              env:',
    '              - name: AWS_CONFIG_FILE',
    '                value: /creds/credentials',
    '              - name: AWS_REGION',
    '                value: eu-west-1',
    '              - name: AWS_DEFAULT_REGION',
    '                value: eu-west-1',
    '              volumeMounts:',
    '              - name: creds',
    '                mountPath: /creds',
    '            volumes:',
    '            - name: creds',
    '              secret:',
    '                  secretName: reader',
  ].join('\n'); // no trailing newline: the fix must add one before appending

  it('missing-token-volume: the added volume and mount use `- ` at the key column and 4-space nesting', () => {
    const docs = [
      { uri: 'file:///w/credrequests/cr.yaml', text: CR },
      { uri: 'file:///w/deploy.yaml', text: DEPLOY },
    ];
    const findings = lintDocuments(docs).filter((f) => f.ruleId === 'missing-token-volume');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line + 1, 20);
    const { documents, touched } = applyFix(docs, findings[0]!.fixes![0]!);
    assert.equal(
      touched.get('file:///w/deploy.yaml'),
      [
        ...DEPLOY.split('\n').slice(0, 21),
        '              - name: bound-sa-token',
        '                mountPath: /var/run/secrets/openshift/serviceaccount',
        '                readOnly: true',
        ...DEPLOY.split('\n').slice(21),
        '            - name: bound-sa-token',
        '              projected:',
        '                  sources:',
        '                  - serviceAccountToken:',
        '                        audience: openshift',
        '                        expirationSeconds: 3600',
        '                        path: token',
        '',
      ].join('\n'),
    );
    assert.deepEqual(lintDocuments(documents).filter((f) => f.severity === 'error'), []);
  });

  it('service-account-mismatch: adds the service account to a non-indented serviceAccountNames list', () => {
    const docs = [
      { uri: 'file:///w/credrequests/cr.yaml', text: CR },
      { uri: 'file:///w/deploy.yaml', text: DEPLOY.replace('serviceAccountName: reader', 'serviceAccountName: api') },
    ];
    const f = lintDocuments(docs).find((x) => x.ruleId === 'service-account-mismatch');
    assert.ok(f);
    assert.deepEqual(f.fixes!.map((x) => x.title), [
      'Run Deployment `api` as service account `reader` (listed in CredentialsRequest `reader`)',
      'Add `api` to serviceAccountNames of CredentialsRequest `reader` (cr.yaml:18)',
    ]);
    const { touched } = applyFix(docs, f.fixes![1]!);
    assert.equal(touched.get('file:///w/credrequests/cr.yaml'), CR.replace('  - reader\n', '  - reader\n  - api\n'));
  });
});
