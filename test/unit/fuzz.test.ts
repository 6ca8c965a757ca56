/**
 * Fuzz suite (issue #10, "How to work"): mutated copies of the repository's own fixtures and examples,
 * plus generated manifests and policies, through the engine, its quick fixes, its incremental updates
 * and the SARIF formatter. For every workspace: no exception, every range inside its document, every
 * fix edits only its own range and keeps the document parseable, incremental results equal a fresh
 * check, and the SARIF log is valid SARIF 2.1.0 (the oracle is test/fuzz/check.ts).
 *
 * A fixed seed and a bounded input size keep the run reproducible and well under a minute; the long
 * run (`npm run fuzz`, test/fuzz/long.ts) uses the same oracle on ≥ 100,000 documents.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../server/src/engine';
import { checkCase, knownDefect, KNOWN_DEFECTS, Problem } from '../fuzz/check';
import { caseArb, documentsOf, loadSeedGroups } from '../fuzz/generators';

const SEED = 20261206;
/** Workspaces checked; ≈ 4 documents each (files plus later edits). */
const RUNS = 800;

describe('fuzz: mutated fixtures through engine, fixes, incremental updates and SARIF', () => {
  it(`holds on ${RUNS} workspaces (seed ${SEED})`, { timeout: 240_000 }, (t) => {
    const groups = loadSeedGroups();
    assert.ok(groups.length > 100, 'every rule fixture folder is a seed');
    const known = new Map<number, number>();
    let documents = 0;
    fc.assert(
      fc.property(caseArb(groups, 40), (c) => {
        documents += documentsOf(c);
        const fresh: Problem[] = [];
        for (const p of checkCase(c)) {
          const k = knownDefect(p);
          if (k) known.set(k.item, (known.get(k.item) ?? 0) + 1);
          else fresh.push(p);
        }
        assert.deepEqual(fresh, []);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    t.diagnostic(`${documents} documents checked`);
    // Known defects are counted, not hidden: the lead removes KNOWN_DEFECTS entries as their fixes land.
    for (const k of KNOWN_DEFECTS) t.diagnostic(`known defect #${k.item} (${k.id}): ${known.get(k.item) ?? 0} hit(s)`);
    assert.ok(documents >= 2000, `a few thousand documents (${documents})`);
  });
});

// --- Defects the fuzz suite found (each test fails without its fix) -------------------------------

/** Findings of one file alone in a workspace, as `ruleId`, fix titles and edits. */
function fixesOf(uri: string, text: string, ruleId: string): { title: string; edits: { start: number; end: number; newText: string }[] }[] {
  const ws = new Workspace({});
  ws.update({ uri, text });
  return ws
    .findings(uri)
    .filter((f) => f.ruleId === ruleId)
    .flatMap((f) => f.fixes ?? [])
    .map((fx) => ({ title: fx.title, edits: fx.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })) }));
}

function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

describe('fuzz findings: fixes that broke the file they repair', () => {
  const crJson =
    JSON.stringify(
      {
        apiVersion: 'cloudcredential.openshift.io/v1',
        kind: 'CredentialsRequest',
        metadata: { name: 'Bad_Name', namespace: 'openshift-cloud-credential-operator' },
        spec: {
          providerSpec: { apiVersion: 'cloudcredential.openshift.io/v1', kind: 'AWSProviderSpec', statementEntries: [{ effect: 'Allow', action: ['s3:GetObject'], resource: '*' }] },
          secretRef: { name: 'orders-aws', namespace: 'shop' },
          serviceAccountName: ['orders'],
          cloudTokenPath: '/x',
        },
      },
      null,
      2,
    ) + '\n';
  const uri = 'file:///ws/credrequests/orders.json';

  it('a rename in a JSON manifest writes a JSON string (was the bare `bad-name`: invalid JSON)', () => {
    const fixes = fixesOf(uri, crJson, 'k8s-name-format');
    assert.deepEqual(fixes, [{ title: 'Rename to `bad-name`', edits: [{ start: 113, end: 123, newText: '"bad-name"' }] }]);
    assert.equal((JSON.parse(applyEdits(crJson, fixes[0]!.edits)) as { metadata: { name: string } }).metadata.name, 'bad-name');
  });

  it('a key rename in a JSON manifest keeps the key quoted (was `serviceAccountNames` unquoted)', () => {
    const fixes = fixesOf(uri, crJson, 'schema-validation');
    assert.deepEqual(fixes, [{ title: 'Rename `serviceAccountName` to `serviceAccountNames`', edits: [{ start: 571, end: 591, newText: '"serviceAccountNames"' }] }]);
    assert.deepEqual((JSON.parse(applyEdits(crJson, fixes[0]!.edits)) as { spec: { serviceAccountNames: string[] } }).spec.serviceAccountNames, ['orders']);
  });

  it('removing a member of a JSON object takes its comma too (was: its line, leaving a trailing comma)', () => {
    const fixes = fixesOf(uri, crJson, 'cr-cloud-token-path');
    assert.deepEqual(fixes, [{ title: 'Remove `cloudTokenPath` (ccoctl ignores it)', edits: [{ start: 615, end: 643, newText: '' }] }]);
    const spec = (JSON.parse(applyEdits(crJson, fixes[0]!.edits)) as { spec: Record<string, unknown> }).spec;
    assert.deepEqual(Object.keys(spec), ['providerSpec', 'secretRef', 'serviceAccountName']);
  });

  it('a key added to a tab-indented block uses the same tabs (was two spaces: the next key moved out of the block)', () => {
    const text = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n\t\tkind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action:\n          - s3:GetObject\n        resource: "*"\n  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - orders\n';
    assert.deepEqual(fixesOf('file:///ws/credrequests/tabs.yaml', text, 'cr-provider-spec-kind'), [
      { title: 'Add `apiVersion: cloudcredential.openshift.io/v1`', edits: [{ start: 167, end: 167, newText: 'apiVersion: cloudcredential.openshift.io/v1\n\t\t' }] },
    ]);
  });

  it('a key inserted on the first line of a file with a byte-order mark starts at column 0 (the BOM was copied as one space of indentation)', () => {
    const text = '\ufeffkind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action:\n          - s3:GetObject\n        resource: "*"\n  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - orders\n';
    assert.deepEqual(fixesOf('file:///ws/credrequests/bom.yaml', text, 'cr-api-version-kind'), [
      { title: 'Add `apiVersion: cloudcredential.openshift.io/v1`', edits: [{ start: 1, end: 1, newText: 'apiVersion: cloudcredential.openshift.io/v1\n' }] },
    ]);
  });

  it('the "move out of the list item" fix of a CRLF file ends before the `\\r` of its last line (was between `\\r` and `\\n`)', () => {
    const text = 'apiVersion: cloudcredential.openshift.io/v1\r\nkind: CredentialsRequest\r\nmetadata:\r\n  name: reader\r\n  namespace: openshift-cloud-credential-operator\r\nspec:\r\n  providerSpec:\r\n   apiVersion: cloudcredential.openshift.io/v1\r\n   kind: AWSProviderSpec\r\n   statementEntries:\r\n   - effect: Allow\r\n      action:\r\n      - sts:AssumeRole\r\n      resource: arn:aws:iam::444455556666:role/dynamodb-reader\r\n  secretRef:\r\n    name: reader\r\n    namespace: shop\r\n  serviceAccountNames:\r\n  - reader\r\n';
    const fixes = fixesOf('file:///ws/credrequests/crlf.yaml', text, 'yaml-syntax');
    assert.deepEqual(fixes, [
      {
        title: 'Move `action` and the lines below it out of the list item, to the indentation of its parent key',
        edits: [{ start: 288, end: 389, newText: '   action:\r\n   - sts:AssumeRole\r\n   resource: arn:aws:iam::444455556666:role/dynamodb-reader' }],
      },
    ]);
    assert.equal(text.slice(389, 391), '\r\n');
  });
});

describe('fuzz findings: fixes that changed data they were not about', () => {
  const deployment = (sa: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n${sa}      containers:\n        - name: c\n          image: x\n          env:\n            - name: AWS_CONFIG_FILE\n              value: /var/run/secrets/cloud/credentials\n`;

  it('`serviceAccount` next to a `serviceAccountName:` without a value gets no rename fix (it wrote a duplicate key)', () => {
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/deploy.yaml', text: deployment('      serviceAccountName: null\n      serviceAccount: legacy-reader\n') });
    assert.deepEqual(
      ws.findings('file:///ws/deploy.yaml').filter((f) => f.ruleId === 'deprecated-service-account'),
      [
        {
          uri: 'file:///ws/deploy.yaml',
          range: { start: { line: 9, character: 6 }, end: { line: 9, character: 20 } },
          ruleId: 'deprecated-service-account',
          severity: 'warning',
          message:
            '`serviceAccount` is deprecated; use `serviceAccountName: legacy-reader`. Kubernetes still copies the alias into `serviceAccountName`, so Deployment `api` runs as `legacy-reader`, but the field is deprecated (core/v1 DeprecatedServiceAccount).',
        },
      ],
    );
  });

  it('an item appended after `- &a reader` lines up with its dash (was at the value column: a continuation of `reader`)', () => {
    const cr =
      'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action: [s3:GetObject]\n        resource: "*"\n  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - &a reader\n';
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/credrequests/orders.yaml', text: cr });
    ws.update({ uri: 'file:///ws/deploy.yaml', text: deployment('      serviceAccountName: api\n') });
    const add = ws
      .findings('file:///ws/deploy.yaml')
      .flatMap((f) => (f.ruleId === 'service-account-mismatch' ? (f.fixes ?? []) : []))
      .find((fx) => fx.title.startsWith('Add'));
    assert.deepEqual(add?.edits, [{ uri: 'file:///ws/credrequests/orders.yaml', start: 429, end: 429, newText: '    - api\n' }]);
  });
});

describe('fuzz findings: edits at the wrong place', () => {
  const crHead =
    'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n';
  const crTail = '  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - reader\n';

  it('a lone CR after `apiVersion:` is a line break, as in YAML and the editor (the value was read across it and its fix joined the lines)', () => {
    const text = crHead.replace('apiVersion: cloudcredential', 'apiVersion:\r cloudcredential') + '      - effect: Allow\n        action:\n          - s3:GetObject\n        resource: "*"\n' + crTail;
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/credrequests/cr.yaml', text });
    assert.deepEqual(ws.findings('file:///ws/credrequests/cr.yaml'), []);
  });

  it('replacing a block list ends at its last character (the next statement entry was joined onto its line)', () => {
    const text = crHead + '    - effect: Allow\n      action:\n      - s3:GetObject\n      resource:\n      - arn:aws:s3:::orders/*\n    - effect: Allow\n      action:\n      - s3:ListBucket\n      resource: arn:aws:s3:::orders\n' + crTail;
    const fixes = fixesOf('file:///ws/credrequests/o.yaml', text, 'cr-statement-resource');
    assert.deepEqual(fixes, [{ title: 'Use the single string arn:aws:s3:::orders/*', edits: [{ start: 330, end: 361, newText: ': arn:aws:s3:::orders/*' }] }]);
    assert.match(applyEdits(text, fixes[0]!.edits), /resource: arn:aws:s3:::orders\/\*\n {4}- effect: Allow\n/);
  });

  it('"Make `action` a list" writes a plain scalar folded over two lines as one quoted item (its second line ended up outside the item)', () => {
    const text = crHead + '      - effect: Allow\n        action: s3:GetObject\n          s3:PutObject\n        resource: "*"\n' + crTail;
    assert.deepEqual(fixesOf('file:///ws/credrequests/o.yaml', text, 'cr-statement-action'), [{ title: 'Make `action` a list', edits: [{ start: 297, end: 334, newText: ':\n          - "s3:GetObject s3:PutObject"' }] }]);
  });

  it('"Make `action` a list" under a tab-indented key indents the item with the same tabs', () => {
    const text = crHead + '    - effect: Allow\n\t\t\taction: s3:GetObject\n      resource: "*"\n' + crTail;
    assert.deepEqual(fixesOf('file:///ws/credrequests/o.yaml', text, 'cr-statement-action'), [{ title: 'Make `action` a list', edits: [{ start: 290, end: 304, newText: ':\n\t\t\t  - s3:GetObject' }] }]);
  });

  it('replacing a block scalar keeps its line break (the next key was joined onto its line)', () => {
    const text =
      'apiVersion: |\n  block\nkind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action: [s3:GetObject]\n        resource: "*"\n  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - reader\n';
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/credrequests/orders.yaml', text });
    const [f] = ws.findings('file:///ws/credrequests/orders.yaml');
    assert.deepEqual([f?.ruleId, f?.range, f?.fixes?.map((x) => x.edits)], [
      'cr-api-version-kind',
      { start: { line: 0, character: 12 }, end: { line: 1, character: 7 } },
      [[{ uri: 'file:///ws/credrequests/orders.yaml', start: 12, end: 21, newText: 'cloudcredential.openshift.io/v1' }]],
    ]);
  });

  it('a fix of `name: *a` replaces the alias, not the anchored value elsewhere in the file', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels:\n    app: &a Orders_API\n  name: *a\n  namespace: shop\n';
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/sa.yaml', text });
    const [f] = ws.findings('file:///ws/sa.yaml');
    assert.deepEqual([f?.ruleId, f?.range, f?.fixes], [
      'k8s-name-format',
      { start: { line: 5, character: 8 }, end: { line: 5, character: 10 } },
      [{ title: 'Rename to `orders-api`', preferred: true, edits: [{ uri: 'file:///ws/sa.yaml', start: 87, end: 89, newText: 'orders-api' }] }],
    ]);
    assert.equal(text.slice(87, 89), '*a');
  });
});

describe('fuzz findings: incremental results', () => {
  it('removing the first CR file of credrequests/ re-checks a neighbour whose other document is none of ours', () => {
    const cr = (name: string): string =>
      `apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: ${name}\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action: [s3:GetObject]\n        resource: "*"\n  secretRef:\n    name: ${name}-aws\n    namespace: shop\n  serviceAccountNames: [orders]\n`;
    const a = 'file:///ws/credrequests/a.yaml';
    const b = 'file:///ws/credrequests/b.yaml';
    const bText = cr('beta') + '---\nfoo: bar\n';
    const ws = new Workspace({});
    // alpha shares no key with beta (no namespace, no secretRef): only the folder links them.
    ws.update({ uri: a, text: 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: alpha\n' });
    ws.update({ uri: b, text: bText });
    assert.match(ws.findings(b).find((f) => f.ruleId === 'credrequests-dir-content')?.message ?? '', /next to CredentialsRequest alpha \(a\.yaml:2\)/);
    ws.remove(a);
    const fresh = new Workspace({});
    fresh.update({ uri: b, text: bText });
    const dirContent = (w: Workspace): unknown => w.findings(b).filter((f) => f.ruleId === 'credrequests-dir-content');
    assert.deepEqual(dirContent(ws), dirContent(fresh));
    assert.match(JSON.stringify(dirContent(ws)), /next to CredentialsRequest beta \(b\.yaml:2\)/);
  });
});
