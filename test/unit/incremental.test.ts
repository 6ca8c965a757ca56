/**
 * Incremental evaluation must equal evaluation from scratch. The workspace re-checks only the files
 * an update can affect (the lookups its checks recorded, workspace/deps.ts); any lookup it fails to
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
import { str } from '../../server/src/engine/parse/tree';

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
/**
 * OpenShift's usual layout (issue 10): many CredentialsRequests in one file of the credrequests/ folder,
 * all in `openshift-cloud-credential-operator` and, with two namespaces to pick from, several sharing a
 * `secretRef.namespace`.
 */
const manyCrFile = fc.array(crDoc, { minLength: 3, maxLength: 8 }).map((docs) => docs.join('---\n'));

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
  { uri: 'file:///ws/credrequests/all.yaml', content: manyCrFile },
  { uri: 'file:///ws/outputs/manifests/one-credentials.yaml', content: secretFile },
  { uri: 'file:///ws/outputs/manifests/two-credentials.yaml', content: secretFile },
  { uri: 'file:///ws/deploy/orders.yaml', content: workloadFile },
  { uri: 'file:///ws/deploy/other.yaml', content: workloadFile },
  { uri: 'file:///ws/credrequests/deploy.yaml', content: workloadFile },
  { uri: 'file:///ws/deploy/sa.yaml', content: serviceAccountFile },
  { uri: 'file:///ws/iam/trust.json', content: trustFile },
];

/**
 * A step replaces a file (or removes it: `text` undefined), or edits one document of a CR file in
 * place: replaces, inserts or deletes the document at `at` (modulo the count), as an editor's
 * one-line change does, so the other documents stay as they were.
 */
type Step = { slot: number; text: string | undefined; doc?: { op: 'replace' | 'insert' | 'delete'; at: number } };
const CR_SLOTS = SLOTS.flatMap((s, i) => (s.uri.includes('/credrequests/') && s.content !== workloadFile ? [i] : []));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: SLOTS.length - 1 }).chain((slot) => fc.record({ slot: fc.constant(slot), text: fc.option(SLOTS[slot]!.content, { nil: undefined, freq: 5 }) })) },
  { weight: 1, arbitrary: fc.record({ slot: fc.constantFrom(...CR_SLOTS), text: crDoc, doc: fc.record({ op: fc.constantFrom('replace' as const, 'replace' as const, 'insert' as const, 'delete' as const), at: fc.nat() }) }) },
);

/** The text of a file after a step, given its text before. */
function apply(s: Step, before: string | undefined): string | undefined {
  if (!s.doc || before === undefined) return s.text;
  const docs = before.split('---\n');
  const at = s.doc.at % docs.length;
  if (s.doc.op === 'replace') docs[at] = s.text!;
  else if (s.doc.op === 'insert') docs.splice(at, 0, s.text!);
  else if (docs.length > 1) docs.splice(at, 1);
  return docs.join('---\n');
}

/** Everything a finding says, related locations and fixes (their offsets) included. */
const key = (f: Finding): string => JSON.stringify([f.range, f.ruleId, f.severity, f.message, f.related ?? [], f.fixes ?? []]);

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
          const text = apply(s, texts.get(uri));
          if (text === undefined) {
            ws.remove(uri);
            texts.delete(uri);
          } else {
            ws.update({ uri, text, version: i });
            texts.set(uri, text);
          }
          if (i < half - 1) return;
          const fresh = new Workspace({ ccoctlName });
          for (const [u, t] of texts) fresh.update({ uri: u, text: t, version: 0 });
          const got = snapshot(ws, texts.keys());
          const want = snapshot(fresh, texts.keys());
          for (const u of texts.keys()) assert.deepEqual(got.get(u), want.get(u), `findings of ${u} after step ${i} (${text === undefined ? 'removed' : s.doc ? `${s.doc.op} a document of` : 'updated'} ${uri})`);
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

// --- Many CredentialsRequests in one file and one namespace (issue 10) ------------------------------

/** A CR with its own secret `app-<i>-aws` and service account `app-<i>`, in `namespace`. */
const crOf = (i: number, namespace: string): string => cr2(`app-${i}`, namespace, `app-${i}`).replace(`serviceAccountNames: [app-${i}]`, `serviceAccountNames:\n    - app-${i}`);
/** An IRSA-shaped Deployment that mounts `app-<i>-aws` and runs as `sa`. */
const workloadOf = (i: number, namespace: string, sa = `app-${i}`): string =>
  irsaDeployment(namespace, sa).replace('name: api', `name: app-${i}`).replace('          env:', '          volumeMounts:\n            - name: creds\n              mountPath: /var/run/secrets/cloud\n          env:') +
  `      volumes:\n        - name: creds\n          secret:\n            secretName: app-${i}-aws\n`;

describe('incremental evaluation: many CredentialsRequests in one file and one namespace', () => {
  const file = 'file:///ws/credrequests/all.yaml';
  const load = (n: number, account = (i: number): string => `app-${i}`): { ws: Workspace; text: string } => {
    const ws = new Workspace({});
    const text = Array.from({ length: n }, (_, i) => crOf(i, 'shop')).join('---\n');
    ws.update({ uri: file, text });
    for (let i = 0; i < n; i++) ws.update({ uri: `file:///ws/deploy/app-${i}.yaml`, text: workloadOf(i, 'shop', account(i)) });
    ws.allFindings();
    return { ws, text };
  };

  it('a one-line edit of one CR re-checks that CR\'s file and its own workload, not the other 29 sets', () => {
    // Every workload runs as another account than its CR lists: each has a finding that names a line
    // of all.yaml and a fix that edits it.
    const { ws, text } = load(30, (i) => `other-${i}`);
    const before = new Map(Array.from({ length: 30 }, (_, i) => [i, ws.findings(`file:///ws/deploy/app-${i}.yaml`)]));
    const next = text.replace('    - app-7\n', '    - app-7-renamed\n');
    const published = ws.update({ uri: file, text: next });
    // Re-checked: the file and app-7's workload. Published again (fix offsets moved, nothing computed):
    // the workloads of the CRs below the edit.
    assert.deepEqual(published.sort(), [file, ...Array.from({ length: 23 }, (_, k) => `file:///ws/deploy/app-${k + 7}.yaml`)].sort());
    for (let i = 0; i < 30; i++) {
      const now = ws.findings(`file:///ws/deploy/app-${i}.yaml`);
      assert.ok(now.length > 0);
      if (i === 7) assert.notEqual(now[0], before.get(i)![0], 'app-7 re-checked');
      else assert.equal(now[0], before.get(i)![0], `app-${i} served from cache`);
    }
    // … and the results, fixes included, are those of a fresh check.
    const fresh = new Workspace({});
    fresh.update({ uri: file, text: next });
    for (let i = 0; i < 30; i++) fresh.update({ uri: `file:///ws/deploy/app-${i}.yaml`, text: workloadOf(i, 'shop', `other-${i}`) });
    for (const u of ws.uris()) assert.deepEqual(JSON.stringify(ws.findings(u)), JSON.stringify(fresh.findings(u)), u);
  });

  it('re-parses only the edited document: the others are the same objects, moved', () => {
    const { ws, text } = load(30);
    const before = ws.parsed(file)!.documents;
    ws.update({ uri: file, text: text.replace('    - app-7\n', '    - app-7\n    - extra\n') });
    const after = ws.parsed(file)!.documents;
    assert.equal(after.length, 30);
    assert.equal(after[0], before[0]);
    assert.equal(after[29], before[29]);
    assert.notEqual(after[7], before[7]);
  });

  it('a finding that names a line of a moved CR follows it, although no link changed', () => {
    // app-1's workload runs as another account: its finding names all.yaml:<line of app-1's list>.
    // Adding a line to app-0 moves app-1 down without touching any link of app-1.
    const text = crOf(0, 'shop') + '# note xy\n---\n' + crOf(1, 'team-a');
    replay([
      [file, text],
      ['file:///ws/deploy/app-1.yaml', workloadOf(1, 'team-a', 'other')],
      // One line more, the same length: lines move, offsets do not.
      [file, text.replace('# note xy\n', '# note\n#y\n')],
      [file, text.replace('    - app-0\n', '    - app-0\n    - extra\n')],
    ]);
  });

  it('a namespace whose only CR gains a neighbour in another file: its IRSA pods lose "the only CR" (and get it back)', () => {
    const pod = irsaDeployment('shop', 'nobody');
    replay([
      ['file:///ws/cr/a.yaml', cr2('alpha', 'shop')],
      ['file:///ws/deploy/api.yaml', pod],
      [file, crOf(0, 'team-a') + '---\n' + crOf(1, 'team-a')],
      [file, crOf(0, 'team-a') + '---\n' + crOf(1, 'shop')],
      [file, crOf(0, 'team-a') + '---\n' + crOf(1, 'team-a')],
    ]);
  });
});

describe('work per CredentialsRequest does not grow with the CRs of its namespace', () => {
  it('finding the pods of 40 CRs of one namespace (40 IRSA pods) asks for the CRs of a pod O(40) times, not 40²', () => {
    const n = 40;
    const ws = new Workspace({});
    const file = 'file:///ws/credrequests/all.yaml';
    ws.update({ uri: file, text: Array.from({ length: n }, (_, i) => crOf(i, 'shop')).join('---\n') });
    for (let i = 0; i < n; i++) ws.update({ uri: `file:///ws/deploy/app-${i}.yaml`, text: workloadOf(i, 'shop') });
    // Counted on the instance: every "which CRs does this pod use" question workloadsFor asks.
    const view = ws.view;
    const original = view.credentialsRequestsFor.bind(view);
    let calls = 0;
    view.credentialsRequestsFor = (w) => {
      calls++;
      return original(w);
    };
    // (session-name-mismatch asks this for the CR of every trust policy.)
    const crs = ws.documents(file).filter((d) => d.kind === 'credentialsRequest');
    for (const cr of crs) assert.deepEqual(view.workloadsFor(cr).map((w) => w.uri), [`file:///ws/deploy/${str(cr.name)}.yaml`]);
    // Each CR's own pod is its only candidate; the namespace's other 39 pods are candidates only
    // while a CR is the namespace's only one.
    assert.equal(calls, n);
  });
});

describe('incremental evaluation: findings of the documents an edit keeps', () => {
  it('move with their document: ranges by its lines, fix offsets by its shift; a message naming a line is computed again', () => {
    const file = 'file:///ws/credrequests/all.yaml';
    const lowercaseEffect = crOf(1, 'shop').replace('effect: Allow', 'effect: allow');
    // env-var-names names the line of the first definition ("(line N)").
    const duplicateEnv = irsaDeployment('shop', 'app-2').replace('            - name: AWS_REGION\n              value: eu-west-1\n', '            - name: AWS_REGION\n              value: eu-west-1\n            - name: AWS_REGION\n              value: eu-west-2\n');
    const text = [crOf(0, 'shop') + '# note xy\n', lowercaseEffect, duplicateEnv].join('---\n');
    replay([
      [file, text],
      // One line more, the same length: lines move, offsets do not.
      [file, text.replace('# note xy\n', '# note\n#y\n')],
      // Same lines, longer: offsets move.
      [file, text.replace('    - app-0\n', '    - app-0-renamed\n')],
      // One line more: lines move.
      [file, text.replace('    - app-0\n', '    - app-0\n    - extra\n')],
      // One line less again, and an edit below them (nothing moves).
      [file, text.replace('value: eu-west-2', 'value: eu-west-3')],
    ]);
  });
});
