/**
 * Incremental findings equal a full re-check (issue 12 item 5), over random workspaces and random
 * edit sequences. The workspace re-checks a file only when a lookup its checks recorded is answered
 * by an edited document (workspace/deps.ts); a lookup that is not recorded, or recorded under a key
 * the edited document does not provide, leaves a stale finding, and this test finds it.
 *
 * A workspace is a set of file slots (CredentialsRequests in a ccoctl input folder and in a folder
 * that is one only by content, ccoctl Secrets, ServiceAccounts, workloads plain and under a kustomize
 * base with an overlay and a patch, trust policies, a non-CR document next to CRs). An edit puts a
 * new random file in a slot, removes it, or changes one value that links files: a secretRef name or
 * namespace, a serviceAccountName, a role ARN, a kustomization's namespace or resources, a CR added
 * to or removed from a file. After every edit each file's findings (range, rule, severity, message,
 * related locations, fixes) must equal those of a new Workspace given the same texts.
 *
 * Runs: 1,000 sequences with a fixed seed under `npm test`. For a longer local run:
 *   node out/test/unit/incremental-property.test.js --runs=20000 [--seed=N]
 * (or IRSA_PROPERTY_RUNS / IRSA_PROPERTY_SEED under `node --test`).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../server/src/engine';
import { ALL_RULES } from '../../server/src/engine/rules';
import type { DocumentRule, Rule } from '../../server/src/engine/rules/types';
import { effectiveServiceAccount } from '../../server/src/engine/model/workload';
import type { Finding, IrsaSettings } from '../../server/src/engine/types';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? process.env.IRSA_PROPERTY_RUNS ?? 1000);
const SEED = Number(arg('seed') ?? process.env.IRSA_PROPERTY_SEED ?? 20261206);

// --- Values that link files -----------------------------------------------------------------------

const NAMESPACES = ['shop', 'team-a'] as const;
const ACCOUNTS = ['orders', 'reader', 'default'] as const;
const SECRETS = ['orders-aws', 'reader-aws'] as const;
const PREFIX = 'prod-creds';

const ns = fc.constantFrom(...NAMESPACES);
const account = fc.constantFrom(...ACCOUNTS);
const secret = fc.constantFrom(...SECRETS);
/** A role name: mostly the ccoctl role of some set (`<prefix>-<ns>-<secret>`), sometimes another. */
const roleName = fc.oneof(
  { weight: 4, arbitrary: fc.record({ p: fc.constantFrom(PREFIX, 'stage'), ns, secret }).map((r) => `${r.p}-${r.ns}-${r.secret}`) },
  { weight: 1, arbitrary: fc.constant('unrelated-role') },
);

// --- File contents: a record of the values that matter, and its text ------------------------------

interface Cr {
  name: string;
  secret: string;
  ns: string;
  accounts: string[];
  action: string;
  provider: string;
}
const cr: fc.Arbitrary<Cr> = fc.record({
  name: fc.constantFrom('orders-reader', 'reader'),
  secret,
  ns,
  accounts: fc.uniqueArray(account, { minLength: 1, maxLength: 2 }),
  action: fc.constantFrom('sts:AssumeRole', 's3:GetObject'),
  // (#11 pattern 1) a request for another cloud links to nothing.
  provider: fc.constantFrom('AWSProviderSpec', 'AWSProviderSpec', 'AWSProviderSpec', 'GCPProviderSpec'),
});
const crText = (c: Cr): string => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${c.name}
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: ${c.provider}
    statementEntries:
      - effect: Allow
        action:
          - ${c.action}
        resource: "*"
  secretRef:
    name: ${c.secret}
    namespace: ${c.ns}
  serviceAccountNames:
${c.accounts.map((a) => `    - ${a}`).join('\n')}
`;

interface Secret {
  name: string;
  ns: string;
  role: string;
  session: boolean;
}
const secretManifest: fc.Arbitrary<Secret> = fc.record({ name: secret, ns, role: roleName, session: fc.boolean() });
const secretText = (s: Secret): string => `apiVersion: v1
kind: Secret
metadata:
  name: ${s.name}
  namespace: ${s.ns}
type: Opaque
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::111122223333:role/${s.role}
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token${s.session ? '\n    role_session_name = orders-session' : ''}
`;

interface Workload {
  name: string;
  ns: string | undefined;
  account: string | undefined;
  secret: string | undefined;
  configFile: boolean;
  session: string;
  audience: string;
}
const workload: fc.Arbitrary<Workload> = fc.record({
  name: fc.constantFrom('orders', 'api'),
  ns: fc.option(ns, { nil: undefined }),
  account: fc.option(account, { nil: undefined }),
  secret: fc.option(secret, { nil: undefined }),
  configFile: fc.boolean(),
  session: fc.constantFrom('orders-session', 'other-session'),
  audience: fc.constantFrom('openshift', 'sts.amazonaws.com'),
});
const workloadText = (w: Workload): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${w.name}${w.ns ? `\n  namespace: ${w.ns}` : ''}
spec:
  selector:
    matchLabels:
      app: ${w.name}
  template:
    metadata:
      labels:
        app: ${w.name}
    spec:${w.account ? `\n      serviceAccountName: ${w.account}` : ''}
      containers:
        - name: ${w.name}
          image: registry.example.com/shop/${w.name}:1.4.2
          env:${w.configFile ? '\n            - name: AWS_CONFIG_FILE\n              value: /var/run/secrets/cloud/credentials' : ''}
            - name: AWS_ROLE_SESSION_NAME
              value: ${w.session}
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
`;

interface ServiceAccount {
  name: string;
  ns: string;
  role: string | undefined;
}
const serviceAccount: fc.Arbitrary<ServiceAccount> = fc.record({ name: account, ns, role: fc.option(roleName, { nil: undefined }) });
const serviceAccountText = (a: ServiceAccount): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${a.name}
  namespace: ${a.ns}${a.role ? `\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/${a.role}` : ''}
`;

interface Trust {
  role: string;
  session: string | undefined;
}
const trust: fc.Arbitrary<Trust> = fc.record({ role: roleName, session: fc.option(fc.constantFrom('orders-session', 'other-session'), { nil: undefined }) });
const trustText = (t: Trust): string =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: t.session ? `arn:aws:sts::111122223333:assumed-role/${t.role}/${t.session}` : `arn:aws:iam::111122223333:role/${t.role}` },
          Action: 'sts:AssumeRole',
        },
      ],
    },
    null,
    2,
  );

/**
 * A web identity trust policy (issue #13) whose file name makes it the trust policy of role
 * `prod-creds-shop-orders-aws`: its `:sub` subject, `:aud` and provider account are what edits change.
 */
interface WebTrust {
  ns: string;
  account: string;
  aud: string;
  provider: string;
}
const webTrust: fc.Arbitrary<WebTrust> = fc.record({ ns, account, aud: fc.constantFrom('openshift', 'sts.amazonaws.com'), provider: fc.constantFrom('111122223333', '444455556666') });
const webTrustText = (t: WebTrust): string =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${t.provider}:oidc-provider/oidc.example.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'oidc.example.com:sub': `system:serviceaccount:${t.ns}:${t.account}`, 'oidc.example.com:aud': t.aud } },
        },
      ],
    },
    null,
    2,
  );

/** A kustomization: its `namespace` (a placeholder too), whether it lists its resource, a patch. */
interface Kustomization {
  namespace: string | undefined;
  lists: boolean;
  patch: boolean;
}
const kustomization: fc.Arbitrary<Kustomization> = fc.record({
  namespace: fc.option(fc.constantFrom('shop', 'team-a', 'ops', '${NAMESPACE}'), { nil: undefined }),
  lists: fc.boolean(),
  patch: fc.boolean(),
});
const kustomizationText =
  (resource: string, patch: string) =>
  (k: Kustomization): string =>
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization${k.namespace ? `\nnamespace: ${k.namespace.startsWith('$') ? `"${k.namespace}"` : k.namespace}` : ''}
resources:${k.lists ? `\n  - ${resource}` : ' []'}${k.patch ? `\npatches:\n  - path: ${patch}\n    target:\n      kind: Deployment` : ''}
`;

interface ConfigMap {
  name: string;
}
const configMap: fc.Arbitrary<ConfigMap> = fc.record({ name: fc.constantFrom('settings', 'flags') });
const configMapText = (c: ConfigMap): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${c.name}\ndata:\n  level: info\n`;

/**
 * A shell script whose ccoctl command names a folder as its --credentials-requests-dir (#11 pattern 2),
 * or none; and whose `aws iam create-role` command gives a trust policy file its role (issue #13), or
 * none: `policy` is the `file://` path (from hack/: `iam/…` and `../iam/…` both reach the web identity
 * trust policy slot, the bare file name none), `pad` a line above it (its line moves).
 */
const WEB_TRUST_FILE = 'prod-creds-shop-orders-aws-trust-policy.json';
interface Script {
  dir: string | undefined;
  role: string | undefined;
  policy: string;
  pad: boolean;
}
const script: fc.Arbitrary<Script> = fc.record({
  dir: fc.constantFrom('sets', 'manifests', 'deploy', 'credrequests', undefined),
  role: fc.option(roleName, { nil: undefined }),
  policy: fc.constantFrom(`iam/${WEB_TRUST_FILE}`, `../iam/${WEB_TRUST_FILE}`, WEB_TRUST_FILE),
  pad: fc.boolean(),
});
const scriptText = (s: Script): string =>
  `#!/bin/sh\nset -e\n${s.dir ? `ccoctl aws create-iam-roles --name=${PREFIX} --region=us-east-1 \\\n  --credentials-requests-dir=./${s.dir} --output-dir=_output\n` : 'echo "nothing to create"\n'}` +
  (s.pad ? 'export AWS_PAGER=""\n' : '') +
  (s.role ? `aws --region eu-west-2 iam create-role --role-name ${s.role} \\\n  --assume-role-policy-document file://${s.policy}\n` : '');

// --- Slots ----------------------------------------------------------------------------------------

/** A file slot: always the same kind of content, or absent. `fields` are the values an edit may change one of. */
interface Slot<T> {
  uri: string;
  content: fc.Arbitrary<T>;
  text: (v: T) => string;
  fields: readonly (keyof T)[];
}
const slot = <T>(uri: string, content: fc.Arbitrary<T>, text: (v: T) => string, fields: readonly (keyof T)[]): Slot<unknown> => ({ uri, content, text, fields }) as unknown as Slot<unknown>;

/** CRs in a file: an edit changes one value of one CR, or adds or removes a CR, as an editor does. */
const crFile = (max: number): fc.Arbitrary<Cr[]> => fc.array(cr, { minLength: 1, maxLength: max });
const crFileText = (crs: Cr[]): string => crs.map(crText).join('---\n');
const CR_FIELDS = ['name', 'secret', 'ns', 'accounts', 'action', 'provider'] as const;

const W = 'file:///ws';
const SLOTS: Slot<unknown>[] = [
  slot(`${W}/credrequests/a.yaml`, crFile(3), crFileText, []),
  slot(`${W}/credrequests/b.yaml`, crFile(2), crFileText, []),
  // Next to CRs in a folder named like a ccoctl input folder (credrequests-dir-content).
  slot(`${W}/credrequests/settings.yaml`, configMap, configMapText, ['name']),
  // A folder that is a ccoctl input folder only while it holds nothing but CRs (#11 pattern 2).
  slot(`${W}/sets/cr.yaml`, crFile(2), crFileText, []),
  slot(`${W}/sets/flags.yaml`, configMap, configMapText, ['name']),
  slot(`${W}/manifests/orders-credentials.yaml`, secretManifest, secretText, ['name', 'ns', 'role', 'session']),
  slot(`${W}/manifests/reader-credentials.yaml`, secretManifest, secretText, ['name', 'ns', 'role', 'session']),
  slot(`${W}/manifests/sa.yaml`, serviceAccount, serviceAccountText, ['name', 'ns', 'role']),
  slot(`${W}/deploy/app.yaml`, workload, workloadText, ['ns', 'account', 'secret', 'configFile', 'session', 'name']),
  slot(`${W}/base/deployment.yaml`, workload, workloadText, ['ns', 'account', 'secret', 'configFile', 'session', 'name']),
  slot(`${W}/base/kustomization.yaml`, kustomization, kustomizationText('deployment.yaml', 'deployment.yaml'), ['namespace', 'lists', 'patch']),
  slot(`${W}/overlays/prod/kustomization.yaml`, kustomization, kustomizationText('../../base', 'patch.yaml'), ['namespace', 'lists', 'patch']),
  slot(`${W}/overlays/prod/patch.yaml`, workload, workloadText, ['account', 'secret', 'name']),
  slot(`${W}/iam/trust.json`, trust, trustText, ['role', 'session']),
  slot(`${W}/iam/trust-2.json`, trust, trustText, ['role', 'session']),
  slot(`${W}/iam/prod-creds-shop-orders-aws-trust-policy.json`, webTrust, webTrustText, ['ns', 'account', 'aud', 'provider']),
  // Makes the folder it names a ccoctl input folder, whatever that folder holds; may give the web
  // identity trust policy above another role than its file name does (issue #13: the script wins).
  slot(`${W}/hack/roles.sh`, script, scriptText, ['dir', 'role', 'policy', 'pad']),
];
const CR_SLOTS = new Set([0, 1, 3]);

/**
 * An edit of one slot: `put` a new file, `remove` it, or `change` one value of it (`field`, taken
 * from `fresh`, another random content of the slot). For a CR file, `change` edits CR `at`, or adds
 * `fresh[0]` there / removes it (`field` past the CR fields).
 */
interface Edit {
  slot: number;
  op: 'put' | 'remove' | 'change';
  fresh: unknown;
  field: number;
  at: number;
}
const edit: fc.Arbitrary<Edit> = fc.integer({ min: 0, max: SLOTS.length - 1 }).chain((i) =>
  fc.record({
    slot: fc.constant(i),
    op: fc.constantFrom('put' as const, 'remove' as const, 'change' as const, 'change' as const, 'change' as const),
    fresh: SLOTS[i]!.content,
    field: fc.nat({ max: 7 }),
    at: fc.nat({ max: 3 }),
  }),
);

/** The content of a slot after an edit (undefined: absent). */
function applyEdit(e: Edit, before: unknown): unknown {
  if (e.op === 'remove') return undefined;
  if (e.op === 'put' || before === undefined) return e.fresh;
  if (CR_SLOTS.has(e.slot)) {
    const crs = [...(before as Cr[])];
    const source = (e.fresh as Cr[])[0]!;
    const at = e.at % crs.length;
    if (e.field < CR_FIELDS.length) {
      const f = CR_FIELDS[e.field]!;
      crs[at] = { ...crs[at]!, [f]: source[f] };
    } else if (e.field === CR_FIELDS.length || crs.length === 1) crs.splice(at, 0, source);
    else crs.splice(at, 1);
    return crs;
  }
  const fields = SLOTS[e.slot]!.fields;
  const f = fields[e.field % fields.length]!;
  return { ...(before as object), [f]: (e.fresh as Record<PropertyKey, unknown>)[f] };
}

// --- The check --------------------------------------------------------------------------------------

/** Everything a finding says, related locations and fixes (their offsets) included. */
const key = (f: Finding): string => JSON.stringify([f.range, f.ruleId, f.severity, f.message, f.related ?? [], f.fixes ?? []]);

function describeEdit(e: Edit): string {
  return `${e.op} ${SLOTS[e.slot]!.uri.slice(W.length + 1)}${e.op === 'change' ? ` (field ${e.field}, at ${e.at})` : ''}`;
}

/**
 * Loads `initial`, computes every file's findings (so later updates take the incremental path), then
 * applies `edits`; after each, compares every file's findings with a fresh Workspace's.
 */
function check(initial: (unknown | undefined)[], edits: Edit[], settings: IrsaSettings, rules: readonly Rule[]): void {
  const ws = new Workspace(settings, rules);
  const state = [...initial];
  state.forEach((v, i) => {
    if (v !== undefined) ws.update({ uri: SLOTS[i]!.uri, text: SLOTS[i]!.text(v), version: 0 });
  });
  ws.allFindings();
  edits.forEach((e, n) => {
    const s = SLOTS[e.slot]!;
    const next = applyEdit(e, state[e.slot]);
    state[e.slot] = next;
    if (next === undefined) ws.remove(s.uri);
    else ws.update({ uri: s.uri, text: s.text(next), version: n + 1 });
    const fresh = new Workspace(settings, rules);
    const present: string[] = [];
    state.forEach((v, i) => {
      if (v === undefined) return;
      present.push(SLOTS[i]!.uri);
      fresh.update({ uri: SLOTS[i]!.uri, text: SLOTS[i]!.text(v), version: 0 });
    });
    for (const u of present) {
      assert.deepEqual(ws.findings(u).map(key), fresh.findings(u).map(key), `findings of ${u} after edit ${n} (${describeEdit(e)})`);
    }
  });
}

const initialWorkspace = fc.tuple(...SLOTS.map((s) => fc.option(s.content, { nil: undefined, freq: 3 })));
const settings = fc.constantFrom<IrsaSettings>({}, { ccoctlName: PREFIX });

describe('incremental findings equal a full re-check (recorded dependencies)', () => {
  it(`${RUNS} random workspaces and edit sequences (seed ${SEED})`, () => {
    fc.assert(
      fc.property(initialWorkspace, fc.array(edit, { minLength: 1, maxLength: 8 }), settings, (initial, edits, s) => check(initial, edits, s, ALL_RULES)),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

// --- A cross-file rule the engine has never seen ------------------------------------------------------

/**
 * Registered only here: "a workload's service account has a ServiceAccount manifest in the namespace
 * the pod runs in (kustomize's namespace when a kustomization emits it)". It asks the index through
 * ctx.ws only (effectiveNamespace, serviceAccounts); no link key, invalidation code or list of what
 * cross-file rules read was changed for it.
 */
const saManifestRule: DocumentRule = {
  id: 'test-sa-manifest',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: { summary: 'test only', details: 'test only', sources: [] },
  check(doc, ctx) {
    if (doc.kind !== 'workload') return;
    const name = effectiveServiceAccount(doc);
    const namespace = ctx.ws.effectiveNamespace(doc);
    if (namespace === undefined) return;
    if (ctx.ws.serviceAccounts(name, namespace).length) return;
    ctx.report({ at: { doc, node: doc.root }, message: `No ServiceAccount ${namespace}/${name} in the workspace.` });
  },
};
const WITH_NEW_RULE: readonly Rule[] = [...ALL_RULES, saManifestRule];

describe('a cross-file rule added in a test needs no link or invalidation code', () => {
  const sa = (ns: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: orders\n  namespace: ${ns}\n`;
  const deployment = workloadText({ name: 'orders', ns: 'dev', account: 'orders', secret: undefined, configFile: false, session: 'orders-session', audience: 'openshift' });
  const base = (namespace: string): string => kustomizationText('deployment.yaml', 'deployment.yaml')({ namespace, lists: true, patch: false });
  const own = (ws: Workspace, uri: string): string[] => ws.findings(uri).filter((f) => f.ruleId === 'test-sa-manifest').map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);

  it('its findings follow the ServiceAccount and the kustomization the workload is emitted through', () => {
    const ws = new Workspace({}, WITH_NEW_RULE);
    const dep = `${W}/base/deployment.yaml`;
    ws.update({ uri: dep, text: deployment });
    ws.update({ uri: `${W}/base/kustomization.yaml`, text: base('shop') });
    // (In `ops`: neither the workload's own namespace nor the kustomize one.)
    ws.update({ uri: `${W}/sa.yaml`, text: sa('ops') });
    assert.deepEqual(own(ws, dep), ['1:1 No ServiceAccount shop/orders in the workspace.']);
    // The ServiceAccount moves to the kustomize namespace: the workload file is re-checked.
    assert.ok(ws.update({ uri: `${W}/sa.yaml`, text: sa('shop') }).includes(dep));
    assert.deepEqual(own(ws, dep), []);
    // The kustomization moves the workload elsewhere: re-checked again.
    assert.ok(ws.update({ uri: `${W}/base/kustomization.yaml`, text: base('team-a') }).includes(dep));
    assert.deepEqual(own(ws, dep), ['1:1 No ServiceAccount team-a/orders in the workspace.']);
    // An unrelated ServiceAccount does not re-check it.
    assert.ok(!ws.update({ uri: `${W}/other-sa.yaml`, text: sa('ops').replace('name: orders', 'name: reader') }).includes(dep));
  });

  it(`… and over ${Math.max(1, Math.round(RUNS / 5))} random edit sequences (the same generators)`, () => {
    fc.assert(
      fc.property(initialWorkspace, fc.array(edit, { minLength: 1, maxLength: 8 }), settings, (initial, edits, s) => check(initial, edits, s, WITH_NEW_RULE)),
      { numRuns: Math.max(1, Math.round(RUNS / 5)), seed: SEED + 1 },
    );
  });
});

// --- The kustomize namespace (a gap of the hand-kept links) --------------------------------------------

describe('a workload namespaced by kustomize is re-checked when its CredentialsRequest changes', () => {
  it('a CR starts naming its service account in the kustomize namespace: its findings change', () => {
    // The workload's own metadata.namespace is `dev`; kustomize emits it into `shop`, where the CR's
    // secret is. Links by metadata.namespace never joined the two (and `shop` has two CRs, so no
    // "only CR of the namespace" link either); the recorded lookup `sa:shop/orders` does. Once the CR
    // names `orders`, the pod's secret volume is not the CR's Secret (secret-name-mismatch).
    const dep = `${W}/base/deployment.yaml`;
    const cr = (accounts: string[], secretName = 'orders-aws'): string => crText({ name: 'orders', secret: secretName, ns: 'shop', accounts, action: 's3:GetObject', provider: 'AWSProviderSpec' });
    const texts = new Map<string, string>([
      [`${W}/credrequests/orders.yaml`, cr(['billing'])],
      [`${W}/credrequests/other.yaml`, cr(['other'], 'other-aws')],
      [dep, workloadText({ name: 'orders', ns: 'dev', account: 'orders', secret: 'reader-aws', configFile: true, session: 'orders-session', audience: 'openshift' })],
      [`${W}/base/kustomization.yaml`, kustomizationText('deployment.yaml', 'deployment.yaml')({ namespace: 'shop', lists: true, patch: false })],
    ]);
    const ws = new Workspace({});
    for (const [uri, text] of texts) ws.update({ uri, text });
    const before = ws.findings(dep).map(key);
    texts.set(`${W}/credrequests/orders.yaml`, cr(['orders']));
    assert.ok(ws.update({ uri: `${W}/credrequests/orders.yaml`, text: texts.get(`${W}/credrequests/orders.yaml`)! }).includes(dep), 'the workload is re-checked');
    const fresh = new Workspace({});
    for (const [uri, text] of texts) fresh.update({ uri, text });
    const after = fresh.findings(dep).map(key);
    assert.notDeepEqual(after, before, 'the edit changes what is said about the workload');
    assert.deepEqual(ws.findings(dep).map(key), after);
    // What changed: the pod now draws its identity from that CR and mounts another Secret.
    const added = ws.findings(dep).filter((f) => !before.includes(key(f)));
    assert.deepEqual(
      added.map((f) => [f.ruleId, `${f.range.start.line + 1}:${f.range.start.character + 1}`, /`reader-aws`.*`orders-aws`/.test(f.message)]),
      [['secret-name-mismatch', '36:25', true]],
    );
  });
});

// --- Precision: what is re-checked is what was read -------------------------------------------------

describe('an edit re-checks the files that read what it changes, and no others', () => {
  it('a workload edit re-checks neither the other workload mounting the same Secret nor the CR', () => {
    const cr = crText({ name: 'orders', secret: 'orders-aws', ns: 'shop', accounts: ['orders'], action: 's3:GetObject', provider: 'AWSProviderSpec' });
    const pod = (name: string, session: string): string => workloadText({ name, ns: 'shop', account: 'orders', secret: 'orders-aws', configFile: true, session, audience: 'openshift' });
    const ws = new Workspace({});
    ws.update({ uri: `${W}/credrequests/orders.yaml`, text: cr });
    ws.update({ uri: `${W}/deploy/a.yaml`, text: pod('orders', 'orders-session') });
    ws.update({ uri: `${W}/deploy/b.yaml`, text: pod('api', 'orders-session') });
    ws.allFindings();
    // Both pods read "the CRs of Secret orders-aws"; neither reads the other pod, and no CR rule reads pods.
    assert.deepEqual(ws.update({ uri: `${W}/deploy/a.yaml`, text: pod('orders', 'other-session') }), [`${W}/deploy/a.yaml`]);
    // The CR changes: both pods read it.
    assert.deepEqual(ws.update({ uri: `${W}/credrequests/orders.yaml`, text: cr.replace('s3:GetObject', 's3:PutObject') }).sort(), [`${W}/credrequests/orders.yaml`, `${W}/deploy/a.yaml`, `${W}/deploy/b.yaml`]);
  });
});

describe('checks are cached per document: an edit re-runs the checks that read it', () => {
  it('a Secret edit next to a file of 30 CRs re-runs the workspace checks of the one CR it belongs to', () => {
    const checked: string[] = [];
    // Test-only: counts its runs, and reads the CR's Secrets through ctx.ws like a real rule.
    const counting: DocumentRule = {
      id: 'test-counting',
      defaultSeverity: 'info',
      scope: 'workspace',
      appliesTo: ['credentialsRequest'],
      docs: { summary: 'test only', details: 'test only', sources: [] },
      check(doc, ctx) {
        if (doc.kind !== 'credentialsRequest') return;
        checked.push(doc.name?.value as string);
        if (ctx.ws.secretsFor(doc).length === 0) ctx.report({ at: { doc, node: doc.root }, message: 'no ccoctl Secret' });
      },
    };
    const file = `${W}/credrequests/all.yaml`;
    const crs = Array.from({ length: 30 }, (_, i) => crText({ name: `app-${i}`, secret: `app-${i}-aws`, ns: 'shop', accounts: [`app-${i}`], action: 's3:GetObject', provider: 'AWSProviderSpec' }));
    const secretOf = (i: number, role: string): string => secretText({ name: `app-${i}-aws`, ns: 'shop', role, session: false });
    const ws = new Workspace({}, [...ALL_RULES, counting]);
    ws.update({ uri: file, text: crs.join('---\n') });
    ws.update({ uri: `${W}/manifests/app-7.yaml`, text: secretOf(7, 'prod-creds-shop-app-7-aws') });
    const countFindings = (): number => ws.findings(file).filter((f) => f.ruleId === 'test-counting').length;
    assert.equal(countFindings(), 29);
    assert.equal(checked.length, 30);
    checked.length = 0;
    // Removing app-7's Secret: only app-7's checks run again; the other 29 come from cache.
    assert.deepEqual(ws.remove(`${W}/manifests/app-7.yaml`), [file]);
    assert.equal(countFindings(), 30);
    assert.deepEqual(checked, ['app-7']);
    checked.length = 0;
    // An edit of the CR file itself checks the whole file again (its documents may have moved).
    ws.update({ uri: file, text: crs.join('---\n') + '# end\n' });
    assert.equal(countFindings(), 30);
    assert.equal(checked.length, 30);
  });
});
