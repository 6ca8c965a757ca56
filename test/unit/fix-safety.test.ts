/**
 * Issue 10 item 4: a fix must change nothing but what it means to change. Over-indented lines after
 * `namespace: my-namespace` made the `yaml` parser's recovery fold them into the namespace's value; the
 * finding then claimed the Deployment had no metadata.namespace and its preferred fix ("Add
 * `namespace: my-namespace` to metadata") replaced the key and deleted those lines.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';

const CR_URI = 'file:///w/credrequests/dev-dynamodb-reader.yaml';
const DEP_URI = 'file:///w/deployment.yaml';

const CR = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: dev-dynamodb-reader
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action:
          - dynamodb:GetItem
        resource: "arn:aws:dynamodb:eu-west-2:111122223333:table/orders"
  secretRef:
    name: dev-dynamodb-reader
    namespace: my-namespace
  serviceAccountNames:
    - dev-db-reader
`;

/** A Deployment whose metadata ends with `namespaceLines`, running as the CR's service account. */
const deployment = (namespaceLines: string, serviceAccount = 'dev-db-reader'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
${namespaceLines}
spec:
  template:
    spec:
      serviceAccountName: ${serviceAccount}
      containers:
        - name: app
          image: registry.example.com/orders-api:1.4.2
`;

function lint(dep: string): Finding[] {
  return lintDocuments([
    { uri: CR_URI, text: CR },
    { uri: DEP_URI, text: dep },
  ]).filter((f) => f.uri === DEP_URI);
}

/** `line:col-line:col severity rule message` (1-based) plus each fix's edits, for exact comparison. */
function show(fs: Finding[]): string[] {
  return fs.map((f) => {
    const r = f.range;
    const fixes = (f.fixes ?? []).map((x) => ` | ${x.title}: ${x.edits.map((e) => `${e.start}-${e.end} ${JSON.stringify(e.newText)}`).join(', ')}`).join('');
    return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.severity} ${f.ruleId} ${f.message}${fixes}`;
  });
}

describe('namespace-mismatch next to over-indented lines (issue 10 item 4)', () => {
  it('`namespace: my-namespace` followed by three over-indented lines: only the syntax errors, no namespace claim, no fix that deletes them', () => {
    const dep = deployment('  namespace: my-namespace\n      la: 1\n      lb: 2\n      lc: 3');
    const findings = lint(dep);
    assert.deepEqual(
      findings.filter((f) => f.ruleId !== 'yaml-syntax'),
      [],
    );
    // Every finding is about the over-indented lines (yaml-syntax), none offers an edit.
    assert.deepEqual(
      [...new Set(findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`))],
      ['yaml-syntax@5', 'yaml-syntax@6', 'yaml-syntax@7'],
    );
    assert.deepEqual(
      findings.flatMap((f) => f.fixes ?? []),
      [],
    );
  });

  it('a mapping under `namespace:` (sound YAML): the finding says so, and no fix deletes the mapping', () => {
    const dep = deployment('  namespace:\n      la: x\n      lb: y\n      lc: z');
    assert.deepEqual(show(lint(dep)), [
      '5:3-5:12 error namespace-mismatch metadata.namespace of Deployment `orders-api` is a mapping, not a name (are the lines below it indented too far?); CredentialsRequest `dev-dynamodb-reader` requires secretRef.namespace `my-namespace` (dev-dynamodb-reader.yaml:17).',
    ]);
  });

  it('an empty `namespace:`: a warning, and the fix only inserts the value after the colon', () => {
    const dep = deployment('  namespace: # set by the pipeline');
    const at = dep.indexOf('namespace:') + 'namespace:'.length;
    assert.deepEqual(show(lint(dep)), [
      `5:3-5:12 warning namespace-mismatch metadata.namespace of Deployment \`orders-api\` is empty, so it runs wherever \`oc apply -n\` puts it; CredentialsRequest \`dev-dynamodb-reader\` requires secretRef.namespace \`my-namespace\` (dev-dynamodb-reader.yaml:17). Set \`namespace: my-namespace\` or always apply it with \`-n my-namespace\`. | Set the namespace to \`my-namespace\`: ${at}-${at} " my-namespace"`,
    ]);
  });

  it('no namespace key at all: the "Add" fix inserts a line after the last metadata key and deletes nothing', () => {
    const dep = deployment('  labels:\n    app: orders');
    const [f] = lint(dep);
    assert.equal(f?.message.startsWith('Deployment `orders-api` has no metadata.namespace'), true);
    const at = dep.indexOf('spec:');
    assert.deepEqual(
      f?.fixes?.map((x) => [x.title, x.edits]),
      [['Add `namespace: my-namespace` to metadata', [{ uri: DEP_URI, start: at, end: at, newText: '  namespace: my-namespace\n' }]]],
    );
  });

  it('a cross-file rule still reports on a document that is not sound, but offers no edit computed from its recovered tree', () => {
    // A real mismatch (namespace `orders`) and, at the end, a stray line (a syntax error).
    const volumes = '      volumes:\n        - name: aws-credentials\n          secret:\n            secretName: dev-dynamodb-reader\n';
    const dep = deployment('  namespace: orders') + volumes + 'a stray line\n';
    // (The same Deployment without the stray line gets the fix: the link is made by the Secret mount.)
    assert.equal(lint(deployment('  namespace: orders') + volumes)[0]?.fixes?.length, 1);
    const findings = lint(dep).filter((f) => f.ruleId !== 'yaml-syntax');
    assert.deepEqual(show(findings), [
      "5:14-5:20 error namespace-mismatch Deployment `orders-api` is in namespace `orders`, but CredentialsRequest `dev-dynamodb-reader` puts its Secret and trust policy in secretRef.namespace `my-namespace` (dev-dynamodb-reader.yaml:17); the pod cannot mount the Secret and STS rejects its token's sub system:serviceaccount:orders:….",
    ]);
  });
});

describe('fixes that replace a written value keep the file valid (review)', () => {
  const cr =
    'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: r\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action:\n          - s3:GetObject\n        resource: "*"\n  secretRef:\n    name: app-aws\n    namespace: team-a\n  serviceAccountNames:\n    - app\n';
  const dep = (ns: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace:${ns}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      serviceAccountName: app\n      containers:\n        - name: c\n          image: x\n          env:\n            - name: AWS_CONFIG_FILE\n              value: /var/run/secrets/cloud/credentials\n          volumeMounts:\n            - name: cloud\n              mountPath: /var/run/secrets/cloud\n      volumes:\n        - name: cloud\n          secret:\n            secretName: app-aws\n`;
  const nsFix = (ns: string): unknown =>
    lintDocuments([
      { uri: 'file:///w/credrequests/cr.yaml', text: cr },
      { uri: 'file:///w/dep.yaml', text: dep(ns) },
    ])
      .filter((f) => f.ruleId === 'namespace-mismatch')
      .map((f) => f.fixes?.[0]?.edits.map((e) => [e.start, e.end, e.newText]));

  it('`namespace: null` is replaced, not appended to (was `namespace: team-a null`)', () => {
    assert.deepEqual(nsFix(' null'), [[[72, 76, 'team-a']]]);
    assert.deepEqual(nsFix(' ~'), [[[72, 73, 'team-a']]]);
    assert.deepEqual(nsFix(''), [[[71, 71, ' team-a']]]);
  });

  it('"Change to" a provider spec kind in a JSON request writes a JSON string (was bare: invalid JSON)', () => {
    const json = JSON.stringify({ apiVersion: 'cloudcredential.openshift.io/v1', kind: 'CredentialsRequest', metadata: { name: 'r', namespace: 'openshift-cloud-credential-operator' }, spec: { providerSpec: { apiVersion: 'cloudcredential.openshift.io/v1', kind: 'AzureProviderSpc' }, secretRef: { name: 'x', namespace: 'y' } } }, null, 2);
    const edits = lintDocuments([{ uri: 'file:///w/credrequests/cr.json', text: json }])
      .filter((f) => f.ruleId === 'cr-provider-spec-kind')
      .map((f) => f.fixes?.[0]?.edits.map((e) => [e.start, e.end, e.newText]));
    assert.deepEqual(edits, [[[281, 299, '"AzureProviderSpec"']]]);
  });
});
