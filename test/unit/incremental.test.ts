/**
 * Incremental evaluation must equal evaluation from scratch. The workspace re-checks only the files
 * an update can affect (WorkspaceView.linked, the folder rule's neighbours); any link it fails to
 * follow leaves a stale cached finding. fast-check drives random edit sequences over small IRSA
 * workspaces (CRs, possibly several per file and namespace, ccoctl Secrets, workloads with and without
 * AWS_CONFIG_FILE, ServiceAccounts, trust policies) with every real rule, and after every step
 * compares each file's findings with those of a fresh Workspace holding the same texts.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';

const NAMESPACES = ['shop', 'team-a'] as const;
const ACCOUNTS = ['orders', 'reader', 'default'] as const;
const SECRETS = ['orders-aws', 'reader-aws'] as const;
const ROLE_PREFIX = 'prod-creds';

const ns = fc.constantFrom(...NAMESPACES);
const account = fc.constantFrom(...ACCOUNTS);
const secret = fc.constantFrom(...SECRETS);

const crDoc = fc.record({ name: fc.constantFrom('orders-reader', 'reader'), ns, secret, accounts: fc.uniqueArray(account, { minLength: 1, maxLength: 2 }) }).map(
  (c) => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${c.name}
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action:
          - sts:AssumeRole
        resource: arn:aws:iam::444455556666:role/orders-table-reader
  secretRef:
    name: ${c.secret}
    namespace: ${c.ns}
  serviceAccountNames:
${c.accounts.map((a) => `    - ${a}`).join('\n')}
`,
);
/** One or two CredentialsRequests in a file. */
const crFile = fc.array(crDoc, { minLength: 1, maxLength: 2 }).map((docs) => docs.join('---\n'));

const secretFile = fc.record({ ns, secret, session: fc.boolean() }).map(
  (s) => `apiVersion: v1
kind: Secret
metadata:
  name: ${s.secret}
  namespace: ${s.ns}
type: Opaque
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::111122223333:role/${ROLE_PREFIX}-${s.ns}-${s.secret}
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token${s.session ? '\n    role_session_name = orders-session' : ''}
`,
);

const workloadFile = fc
  .record({ ns: fc.option(ns, { nil: undefined }), account: fc.option(account, { nil: undefined }), secret: fc.option(secret, { nil: undefined }), configFile: fc.boolean(), audience: fc.constantFrom('openshift', 'sts.amazonaws.com') })
  .map(
    (w) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders${w.ns ? `\n  namespace: ${w.ns}` : ''}
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:${w.account ? `\n      serviceAccountName: ${w.account}` : ''}
      containers:
        - name: orders
          image: registry.example.com/shop/orders:1.4.2
          env:${w.configFile ? '\n            - name: AWS_CONFIG_FILE\n              value: /var/run/secrets/cloud/credentials' : ''}
            - name: AWS_ROLE_SESSION_NAME
              value: orders-session
            - name: AWS_REGION
              value: eu-west-2
          volumeMounts:
            - name: bound-sa-token
              mountPath: /var/run/secrets/openshift/serviceaccount
              readOnly: true${w.secret ? '\n            - name: aws-credentials\n              mountPath: /var/run/secrets/cloud\n              readOnly: true' : ''}
      volumes:${w.secret ? `\n        - name: aws-credentials\n          secret:\n            secretName: ${w.secret}` : ''}
        - name: bound-sa-token
          projected:
            sources:
              - serviceAccountToken:
                  audience: ${w.audience}
                  expirationSeconds: 3600
                  path: token
`,
  );

const serviceAccountFile = fc.record({ ns, account }).map(
  (a) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${a.account}
  namespace: ${a.ns}
`,
);

const trustFile = fc.record({ ns, secret, session: fc.constantFrom('orders-session', 'other-session') }).map((t) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::111122223333:assumed-role/${ROLE_PREFIX}-${t.ns}-${t.secret}/${t.session}` }, Action: 'sts:AssumeRole' }],
    },
    null,
    2,
  ),
);

/** File slots: each path always holds the same kind of content (or is absent). */
const SLOTS: { uri: string; content: fc.Arbitrary<string> }[] = [
  { uri: 'file:///ws/credrequests/a.yaml', content: crFile },
  { uri: 'file:///ws/credrequests/b.yaml', content: crFile },
  { uri: 'file:///ws/credrequests/c.yaml', content: crFile },
  { uri: 'file:///ws/outputs/manifests/one-credentials.yaml', content: secretFile },
  { uri: 'file:///ws/outputs/manifests/two-credentials.yaml', content: secretFile },
  { uri: 'file:///ws/deploy/orders.yaml', content: workloadFile },
  { uri: 'file:///ws/deploy/other.yaml', content: workloadFile },
  { uri: 'file:///ws/credrequests/deploy.yaml', content: workloadFile },
  { uri: 'file:///ws/deploy/sa.yaml', content: serviceAccountFile },
  { uri: 'file:///ws/iam/trust.json', content: trustFile },
];

type Step = { slot: number; text: string | undefined };
const step: fc.Arbitrary<Step> = fc
  .integer({ min: 0, max: SLOTS.length - 1 })
  .chain((slot) => fc.record({ slot: fc.constant(slot), text: fc.option(SLOTS[slot]!.content, { nil: undefined, freq: 5 }) }));

const key = (f: Finding): string => JSON.stringify([f.range, f.ruleId, f.severity, f.message]);

function snapshot(ws: Workspace, uris: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const u of uris) out.set(u, ws.findings(u).map(key));
  return out;
}

describe('incremental evaluation', () => {
  it('equals a fresh evaluation after every edit, removal and re-add (fast-check)', () => {
    fc.assert(
      // With and without `ccoctlName` (.irsa.yaml): role names are derived from it, or read from the Secrets.
      fc.property(fc.array(step, { minLength: SLOTS.length, maxLength: SLOTS.length * 3 }), fc.constantFrom(undefined, ROLE_PREFIX), (steps, ccoctlName) => {
        const ws = new Workspace({ ccoctlName });
        const texts = new Map<string, string>();
        // Load the first half, evaluate (so later updates take the incremental path), then apply the rest.
        const half = Math.floor(steps.length / 2);
        steps.forEach((s, i) => {
          const uri = SLOTS[s.slot]!.uri;
          if (s.text === undefined) {
            ws.remove(uri);
            texts.delete(uri);
          } else {
            ws.update({ uri, text: s.text, version: i });
            texts.set(uri, s.text);
          }
          if (i < half - 1) return;
          const fresh = new Workspace({ ccoctlName });
          for (const [u, t] of texts) fresh.update({ uri: u, text: t, version: 0 });
          const got = snapshot(ws, texts.keys());
          const want = snapshot(fresh, texts.keys());
          for (const u of texts.keys()) assert.deepEqual(got.get(u), want.get(u), `findings of ${u} after step ${i} (${s.text === undefined ? 'removed' : 'updated'} ${uri})`);
        });
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });
});

// --- Directed cases (review): each breaks a specific invalidation mechanism if it regresses --------

const cr2 = (name: string, ns: string, sa = 'orders'): string => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${name}
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action: [s3:GetObject]
        resource: "*"
  secretRef:
    name: ${name}-aws
    namespace: ${ns}
  serviceAccountNames: [${sa}]
`;
const irsaDeployment = (ns: string, sa: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${ns}
spec:
  template:
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: api
          image: x
          env:
            - name: AWS_CONFIG_FILE
              value: /var/run/secrets/cloud/credentials
            - name: AWS_REGION
              value: eu-west-1
`;
const NOT_A_CR = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cfg\n';

/** Applies the steps; after each, every file's findings must equal a fresh workspace's. Returns the findings counts seen. */
function replay(steps: [string, string | undefined][]): void {
  const ws = new Workspace({});
  const texts = new Map<string, string>();
  steps.forEach(([uri, text], i) => {
    if (text === undefined) {
      ws.remove(uri);
      texts.delete(uri);
    } else {
      ws.update({ uri, text });
      texts.set(uri, text);
    }
    const fresh = new Workspace({});
    for (const [u, t] of texts) fresh.update({ uri: u, text: t });
    for (const u of texts.keys()) assert.deepEqual(ws.findings(u).map(key), fresh.findings(u).map(key), `${u} after step ${i}`);
  });
}

describe('incremental evaluation: directed cases', () => {
  it('a file with two CRs of a namespace stops holding CRs (the count before the edit decides the links)', () => {
    const f = 'file:///ws/cr/f.yaml';
    replay([
      [f, cr2('one', 'shop') + '---\n' + cr2('two', 'shop')],
      ['file:///ws/cr/g.yaml', cr2('three', 'shop')],
      ['file:///ws/deploy/api.yaml', irsaDeployment('shop', 'api')],
      [f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'],
    ]);
  });

  it('the first CR file of a folder is removed, then the next one is renamed (the cached first file moves on)', () => {
    const a = 'file:///ws/cr/a.yaml';
    const b = 'file:///ws/cr/b.yaml';
    replay([[a, cr2('alpha', 'shop')], [b, cr2('beta', 'shop')], ['file:///ws/cr/d.yaml', NOT_A_CR], [b, cr2('beta', 'shop', 'other')], [a, undefined], [b, cr2('gamma', 'shop')]]);
  });

  it('"first CR file" means the same to the folder rule and to the invalidation (a.yaml vs B.yaml)', () => {
    const a = 'file:///ws/cr/a.yaml';
    replay([[a, cr2('alpha', 'shop')], ['file:///ws/cr/B.yaml', cr2('beta', 'team')], ['file:///ws/cr/d.yaml', NOT_A_CR], [a, cr2('renamed', 'shop')]]);
  });

  it('a workload that runs as an annotated ServiceAccount name in another namespace re-checks that ServiceAccount', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: orders\n  namespace: ops\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/x\n';
    const w = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\n  namespace: shop\nspec:\n  template:\n    spec:\n      serviceAccountName: orders\n      containers:\n        - name: c\n          image: x\n';
    replay([['file:///ws/sa.yaml', sa], ['file:///ws/deploy.yaml', w], ['file:///ws/deploy.yaml', w.replace('serviceAccountName: orders', 'serviceAccountName: billing')]]);
  });

  it('… but a workload edit does not re-check ServiceAccounts of its name without the annotation', () => {
    const ws = new Workspace({});
    const plain = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: ops\n';
    const annotated = plain.replace('namespace: ops', 'namespace: tools\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/x');
    ws.update({ uri: 'file:///ws/ops-sa.yaml', text: plain });
    ws.update({ uri: 'file:///ws/tools-sa.yaml', text: annotated });
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: x\n';
    ws.update({ uri: 'file:///ws/pod.yaml', text: pod });
    for (const u of ['file:///ws/ops-sa.yaml', 'file:///ws/tools-sa.yaml', 'file:///ws/pod.yaml']) ws.findings(u);
    assert.deepEqual(ws.update({ uri: 'file:///ws/pod.yaml', text: pod.replace('name: p', 'name: q') }).sort(), ['file:///ws/pod.yaml', 'file:///ws/tools-sa.yaml']);
  });

  it('findings do not depend on the order files were loaded in', () => {
    const w = irsaDeployment('shop', 'orders').replace('          env:', '          volumeMounts:\n            - name: creds\n              mountPath: /var/run/secrets/cloud\n          env:') + '      volumes:\n        - name: creds\n          secret:\n            secretName: shared-aws\n';
    const crWith = (name: string): string => cr2(name, 'shop').replace(`name: ${name}-aws`, 'name: shared-aws');
    const docs = [
      { uri: 'file:///ws/cr/a.yaml', text: crWith('alpha') },
      { uri: 'file:///ws/cr/b.yaml', text: crWith('beta') },
      { uri: 'file:///ws/deploy/w.yaml', text: w },
    ];
    const run = (order: number[]): string[] => {
      const ws = new Workspace({});
      for (const i of order) ws.update(docs[i]!);
      return docs.flatMap((d) => ws.findings(d.uri).map(key));
    };
    const forward = run([0, 1, 2]);
    assert.ok(forward.length > 0, 'the two CRs sharing secretRef are reported');
    assert.deepEqual(run([1, 0, 2]), forward);
    assert.deepEqual(run([2, 1, 0]), forward);
  });
});
