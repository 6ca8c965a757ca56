/**
 * Issue #13: the service account inside a trust policy subject `system:serviceaccount:<ns>:<name>` as
 * a linked name — which values are sites (exact subjects, in any statement and operator) and which
 * never are (patterns, literal wildcards, escaped text); rename from a CredentialsRequest entry;
 * namespaces from kustomize, and a templated namespace as an unknown one (any); definition and hover through the view's queries. Exact sites, edits and
 * hover text on one inline workspace.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine';
import { hoverAt } from '../../server/src/engine/features/hover';
import { definitionsOf, occurrences, renameEdits, siteAt } from '../../server/src/engine/features/links';
import { FIXTURES, fileUri, loadWorkspace } from '../helpers/fixtures';

const ISSUER = 'oidc.eks.eu-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const FEDERATED = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;

const FILES: Record<string, string> = {
  'iam/app-trust-policy.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${FEDERATED}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${ISSUER}:aud": "sts.amazonaws.com",
          "${ISSUER}:sub": ["system:serviceaccount:team-a:app", "system:serviceaccount:team-a:default", "system:serviceaccount:team-a:\\u0061pp", "system:serviceaccount:team-a:*"]
        }
      }
    },
    {
      "Effect": "Deny",
      "Principal": { "Federated": "${FEDERATED}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringNotEquals": { "${ISSUER}:sub": "system:serviceaccount:team-a:app" } }
    }
  ]
}
`,
  'credrequests/app.yaml': `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: app-reader
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action:
          - s3:GetObject
        resource: "*"
  secretRef:
    name: app-aws
    namespace: team-a
  serviceAccountNames:
    - app
`,
  'overlay-b/kustomization.yaml': `namespace: team-b
resources:
  - job.yaml
`,
  'overlay-b/job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  template:
    spec:
      serviceAccountName: app
      restartPolicy: Never
      containers:
        - name: batch
          image: registry.example.com/batch:1
`,
  'loose/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  serviceAccountName: app
  containers:
    - name: debug
      image: registry.example.com/debug:1
`,
  'templated/service-account.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: \${NAMESPACE}
`,
  'team-a/cleanup.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: cleanup
  namespace: team-a
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: cleanup
          image: registry.example.com/cleanup:1
`,
};

const ROOT = 'file:///w/';
const TRUST = `${ROOT}iam/app-trust-policy.json`;

function load(): Workspace {
  const ws = new Workspace({});
  for (const [rel, text] of Object.entries(FILES)) ws.update({ uri: ROOT + rel, text, version: 0 });
  return ws;
}

/** Offset of the `n`-th (0-based) occurrence of `needle` in a file, plus `delta`. */
function offsetOf(rel: string, needle: string, delta = 0, n = 0): number {
  const text = FILES[rel]!;
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} in ${rel}`);
  return i + delta;
}

/** `rel:line:col text` (1-based) of places, in the given order. */
function show(ws: Workspace, places: { uri: string; start: number; end: number }[]): string[] {
  return places.map((p) => {
    const pos = ws.textDocument(p.uri)!.positionAt(p.start);
    return `${p.uri.slice(ROOT.length)}:${pos.line + 1}:${pos.character + 1} ${ws.text(p.uri)!.slice(p.start, p.end)}`;
  });
}

const link = (rel: string, line: number): string => `[${rel.slice(rel.lastIndexOf('/') + 1)}:${line}](${ROOT}${rel}#L${line})`;

describe('trust policy subjects as service account sites', () => {
  it('a CredentialsRequest entry reaches every exact subject of its namespace, Allow and Deny; not escaped text, wildcards, nor another namespace', () => {
    const ws = load();
    const site = siteAt(ws, `${ROOT}credrequests/app.yaml`, offsetOf('credrequests/app.yaml', '- app', 2))!;
    assert.deepEqual([site.kind, site.name, site.scope], ['serviceAccount', 'app', 'team-a']);
    assert.deepEqual(show(ws, renameEdits(ws, site, 'app-reader')), [
      'credrequests/app.yaml:19:7 app',
      'iam/app-trust-policy.json:11:118 app',
      'iam/app-trust-policy.json:19:149 app',
      'loose/pod.yaml:6:23 app',
      'templated/service-account.yaml:4:9 app',
    ]);
  });

  it('the Deny statement subject renames the same account (a StringNotEquals exception must follow the rename)', () => {
    const ws = load();
    const site = siteAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:app"', 8, 1))!;
    assert.deepEqual([site.kind, site.name, site.scope, site.form], ['serviceAccount', 'app', 'team-a', 'subject']);
    assert.deepEqual(show(ws, occurrences(ws, site)), [
      'credrequests/app.yaml:19:7 app',
      'templated/service-account.yaml:4:9 app',
      'iam/app-trust-policy.json:11:118 app',
      'iam/app-trust-policy.json:19:149 app',
      'loose/pod.yaml:6:23 app',
    ]);
  });

  it('escaped text and a literal wildcard are no site', () => {
    const ws = load();
    assert.equal(siteAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', '\\u0061pp', 2)), undefined);
    assert.equal(siteAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:*', 7)), undefined);
    assert.equal(siteAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:*', 2)), undefined);
  });

  it('a workload in a kustomization with another namespace is not the subject\'s account; one without any namespace may be', () => {
    const ws = load();
    const job = siteAt(ws, `${ROOT}overlay-b/job.yaml`, offsetOf('overlay-b/job.yaml', 'Name: app', 7))!;
    assert.deepEqual([job.kind, job.name, job.scope], ['serviceAccount', 'app', 'team-b']);
    assert.deepEqual(show(ws, occurrences(ws, job)), ['templated/service-account.yaml:4:9 app', 'loose/pod.yaml:6:23 app', 'overlay-b/job.yaml:8:27 app']);
  });

  it('hover on the name part: a manifest of a templated namespace, the CredentialsRequest entry and the workloads of that namespace (or of none)', () => {
    const ws = load();
    const h = hoverAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:app"', 8), (id) => id)!;
    assert.equal(
      h.markdown.split('\n\n---\n\n')[0],
      [
        '**Service account `app`** (namespace `team-a`)',
        '',
        `- ServiceAccount manifest (namespace not known): ${link('templated/service-account.yaml', 4)}`,
        `- \`serviceAccountNames\` of CredentialsRequest app-reader: ${link('credrequests/app.yaml', 19)}`,
        `- Pod debug (no namespace set) runs as it: ${link('loose/pod.yaml', 6)}`,
      ].join('\n'),
    );
  });

  it('definition of a subject of the implicit `default` account: the workload that runs as it, at its name', () => {
    const ws = load();
    const site = siteAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:default', 9))!;
    assert.deepEqual(show(ws, definitionsOf(ws, site)), ['team-a/cleanup.yaml:4:9 cleanup']);
    const h = hoverAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'team-a:default', 9), (id) => id)!;
    assert.equal(
      h.markdown.split('\n\n---\n\n')[0],
      ['**Service account `default`** (namespace `team-a`)', '', '- No ServiceAccount manifest `team-a/default` in the workspace.', `- Job cleanup runs as it: ${link('team-a/cleanup.yaml', 4)}`].join('\n'),
    );
  });

  it('hover on the subject form: a literal wildcard under StringEquals, and an excluded account under StringNotEquals', () => {
    const ws = load();
    const literal = hoverAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'system:serviceaccount:team-a:*', 3), (id) => id)!;
    assert.equal(
      literal.markdown.split('\n\n---\n\n')[0],
      '**Token subject** `system:serviceaccount:team-a:*`\n\nThe `sub` claim of a Kubernetes service account token is `system:serviceaccount:<namespace>:<name>`: under `StringEquals`, `*` and `?` are literal characters, so no service account token has this subject (a pattern needs `StringLike`).',
    );
    const deny = hoverAt(ws, TRUST, offsetOf('iam/app-trust-policy.json', 'system:serviceaccount:team-a:app', 3, 1), (id) => id)!;
    assert.equal(
      deny.markdown.split('\n\n---\n\n')[0],
      '**Token subject** `system:serviceaccount:team-a:app`\n\nThe `sub` claim of a Kubernetes service account token is `system:serviceaccount:<namespace>:<name>`: under `StringNotEquals` this value excludes the pods that run as service account `app` in namespace `team-a`.',
    );
  });
});

describe('a trust policy file that stands for its role', () => {
  it('is listed with the role (definition, at the file start) but a secret rename never edits it', () => {
    const { documents, settings } = loadWorkspace(path.join(FIXTURES, 'workspaces', 'orders'));
    const ws = new Workspace(settings);
    for (const d of documents) ws.update(d);
    // The web identity trust policy of the ccoctl role, named after it (`<role>-trust-policy.json`).
    // In the fixture's own folder: the expected order (by URI) must not depend on where the checkout is.
    const own = fileUri(path.join(FIXTURES, 'workspaces', 'orders', 'prod-creds-shop-orders-aws-trust-policy.json'));
    ws.update({ uri: own, text: FILES['iam/app-trust-policy.json']!, version: 0 });
    const secret = documents.find((d) => d.uri.endsWith('/outputs/manifests/shop-orders-aws-credentials.yaml'))!;
    const role = siteAt(ws, secret.uri, secret.text.indexOf('prod-creds-shop-orders-aws') + 3)!;
    assert.deepEqual([role.kind, role.name], ['role', 'prod-creds-shop-orders-aws']);
    const occ = occurrences(ws, role);
    assert.deepEqual(
      occ.map((s) => [s.uri.slice(s.uri.lastIndexOf('/') + 1), s.start, s.end, s.role, s.label]),
      [
        ['shop-orders-aws-credentials.yaml', secret.text.indexOf('prod-creds'), secret.text.indexOf('prod-creds') + 26, 'definition', 'role_arn of ccoctl Secret orders-aws'],
        ['prod-creds-shop-orders-aws-trust-policy.json', 0, 0, 'definition', 'web identity trust policy of the role (by its file name)'],
        ['orders-table-reader-trust.json', occ[2]!.start, occ[2]!.end, 'reference', 'trust policy principal'],
      ],
    );
    const cr = documents.find((d) => d.uri.endsWith('/credrequests/orders-reader.yaml'))!;
    const edits = renameEdits(ws, siteAt(ws, cr.uri, cr.text.indexOf('orders-aws'))!, 'orders-dynamo');
    assert.deepEqual(
      edits.map((e) => e.uri.slice(e.uri.lastIndexOf('/') + 1)),
      ['orders-reader.yaml', 'orders.yaml', 'orders-table-reader-trust.json', 'shop-orders-aws-credentials.yaml', 'shop-orders-aws-credentials.yaml'],
    );
    assert.ok(edits.every((e) => e.end > e.start));
  });
});
