/**
 * Review of issue #13: the quick fix of trust-subject-mismatch inside a string-held trust policy (IAM
 * CreateRole input, `AssumeRolePolicyDocument` as JSON text), valid set-ups the first version
 * reported, and mistakes that gave several findings (one finding per mistake).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { Finding, SourceDocument } from '../../server/src/engine';
import { applyFix } from '../helpers/fixtures';

const ISSUER = 'oidc.eks.eu-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = (account: string): string => `arn:aws:iam::${account}:oidc-provider/${ISSUER}`;

const sa = (name: string, ns: string, role: string, extra = ''): string =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  annotations:\n    eks.amazonaws.com/role-arn: ${role}\n${extra}`;
const deployment = (name: string, ns: string, account: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      serviceAccountName: ${account}\n      containers:\n        - name: app\n          image: quay.io/example/app:1.0\n`;
const statement = (account: string, cond: Record<string, unknown>): unknown => ({
  Effect: 'Allow',
  Principal: { Federated: PROVIDER(account) },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: cond },
});
const doc = (uri: string, text: string): SourceDocument => ({ uri: `file:///w/${uri}`, text, version: 0 });
const ROLE = 'arn:aws:iam::111122223333:role/reports-s3-reader';
const of = (findings: Finding[], ruleId: string): Finding[] => findings.filter((f) => f.ruleId === ruleId);
const ids = (findings: Finding[]): string[] => findings.map((f) => `${f.uri.slice('file:///w/'.length)} ${f.ruleId}`).sort();

describe('review #13: trust-subject-mismatch quick fix in a CreateRole input', () => {
  it('adds the subject to a lone :sub string held in AssumeRolePolicyDocument, and the file stays a valid CreateRole input', () => {
    const policy = { Version: '2012-10-17', Statement: [statement('111122223333', { [`${ISSUER}:sub`]: 'system:serviceaccount:reports:s3-reader', [`${ISSUER}:aud`]: 'sts.amazonaws.com' })] };
    const docs = [
      doc('sa.yaml', sa('other', 'reports', ROLE)),
      doc('deployment.yaml', deployment('report-builder', 'reports', 'other')),
      doc('role.json', JSON.stringify({ RoleName: 'reports-s3-reader', AssumeRolePolicyDocument: JSON.stringify(policy) })),
    ];
    const [f] = of(lintDocuments(docs, {}), 'trust-subject-mismatch');
    assert.ok(f, 'one trust-subject-mismatch finding');
    // Before: the edit copied the escaped file text (\"…\") into the new list, the re-encoded policy
    // did not parse, and the fix was dropped.
    // The only subject no workload uses is taken for the renamed one: "Replace" first (preferred), then "Trust … too".
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [
      ['Replace "system:serviceaccount:reports:s3-reader" with "system:serviceaccount:reports:other" (:sub)', true],
      ['Trust "system:serviceaccount:reports:other" too (:sub)', false],
    ]);
    const subOf = (fix: number): unknown => {
      const { touched } = applyFix(docs, f.fixes![fix]!);
      const input = JSON.parse(touched.get('file:///w/role.json')!) as { AssumeRolePolicyDocument: string };
      const after = JSON.parse(input.AssumeRolePolicyDocument) as { Statement: { Condition: { StringEquals: Record<string, unknown> } }[] };
      return after.Statement[0]!.Condition.StringEquals[`${ISSUER}:sub`];
    };
    assert.equal(subOf(0), 'system:serviceaccount:reports:other');
    assert.deepEqual(subOf(1), ['system:serviceaccount:reports:s3-reader', 'system:serviceaccount:reports:other']);
  });
});

describe('review #13: valid set-ups the first version reported', () => {
  it('a second statement without :sub admits every subject: no trust-subject-mismatch (oidc-principal-condition alone says it is too broad) — /tmp/review/1', () => {
    const policy = { Version: '2012-10-17', Statement: [statement('111122223333', { [`${ISSUER}:sub`]: 'system:serviceaccount:reports:s3-reader', [`${ISSUER}:aud`]: 'sts.amazonaws.com' }), statement('111122223333', { [`${ISSUER}:aud`]: 'sts.amazonaws.com' })] };
    const docs = [doc('sa.yaml', sa('other', 'reports', ROLE)), doc('deployment.yaml', deployment('report-builder', 'reports', 'other')), doc('reports-s3-reader-trust-policy.json', JSON.stringify(policy, null, 2))];
    assert.deepEqual(ids(lintDocuments(docs, {})).filter((x) => x.split(' ')[1]!.startsWith('trust-')), []);
  });
  it('a statement without :aud admits every audience: no trust-audience-mismatch for the workload it admits — /tmp/review/10', () => {
    const ocp = 'ocp-oidc.s3.eu-west-2.amazonaws.com';
    const policy = {
      Version: '2012-10-17',
      Statement: [
        statement('111122223333', { [`${ISSUER}:sub`]: 'system:serviceaccount:reports:s3-reader', [`${ISSUER}:aud`]: 'sts.amazonaws.com' }),
        { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ocp}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ocp}:sub`]: 'system:serviceaccount:reports-ocp:s3-reader' } } },
      ],
    };
    const docs = [
      doc('sa.yaml', sa('s3-reader', 'reports', ROLE)),
      doc('sa-ocp.yaml', sa('s3-reader', 'reports-ocp', ROLE, '    eks.amazonaws.com/audience: openshift\n')),
      doc('deployment.yaml', deployment('report-builder', 'reports', 's3-reader')),
      doc('deployment-ocp.yaml', deployment('report-builder-ocp', 'reports-ocp', 's3-reader')),
      doc('reports-s3-reader-trust-policy.json', JSON.stringify(policy, null, 2)),
    ];
    assert.deepEqual(of(lintDocuments(docs, {}), 'trust-audience-mismatch'), []);
  });
  it('the same role name in two accounts (dev/prod), each with its own trust policy: no finding — /tmp/review/5c', () => {
    const set = (env: string, account: string, ns: string): SourceDocument[] => [
      doc(`${env}/sa.yaml`, sa('s3-reader', ns, `arn:aws:iam::${account}:role/reports-s3-reader`)),
      doc(`${env}/deployment.yaml`, deployment('report-builder', ns, 's3-reader')),
      doc(`${env}/reports-s3-reader-trust-policy.json`, JSON.stringify({ Version: '2012-10-17', Statement: [statement(account, { [`${ISSUER}:sub`]: `system:serviceaccount:${ns}:s3-reader`, [`${ISSUER}:aud`]: 'sts.amazonaws.com' })] }, null, 2)),
    ];
    assert.deepEqual(ids(lintDocuments([...set('dev', '111122223333', 'reports'), ...set('prod', '444455556666', 'reports-prod')], {})), []);
  });
});

describe('review #13: one mistake, one finding; links the webhook does not make', () => {
  const policy = (sub: unknown, aud: unknown = 'sts.amazonaws.com'): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement('111122223333', { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: aud })] }, null, 2);
  const base = (trust: string): SourceDocument[] => [
    doc('sa.yaml', sa('s3-reader', 'reports', ROLE)),
    doc('deployment.yaml', deployment('report-builder', 'reports', 's3-reader')),
    doc('reports-s3-reader-trust-policy.json', trust),
  ];
  it('a literal `*` under StringEquals and swapped :sub/:aud are oidc-principal-condition\'s alone', () => {
    for (const trust of [policy('system:serviceaccount:reports:*'), policy('sts.amazonaws.com', 'system:serviceaccount:reports:s3-reader')]) {
      const found = ids(lintDocuments(base(trust), {})).map((x) => x.split(' ')[1]);
      assert.ok(found.includes('oidc-principal-condition'), trust);
      assert.deepEqual(found.filter((r) => /^trust-(subject|audience)/.test(r!)), [], trust);
    }
  });
  it('a container with its own AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE gets nothing from the annotation (handler.go webIdentityKeysDefined)', () => {
    const own = deployment('report-builder', 'reports', 's3-reader') + '          env:\n            - name: AWS_WEB_IDENTITY_TOKEN_FILE\n              value: /var/run/secrets/tokens/t\n';
    const docs = [doc('sa.yaml', sa('s3-reader', 'reports', ROLE)), doc('deployment.yaml', own), doc('reports-s3-reader-trust-policy.json', policy('system:serviceaccount:other:s3-reader'))];
    assert.deepEqual(of(lintDocuments(docs, {}), 'trust-subject-mismatch'), []);
    // The same pod without its own variables does get the role, and is reported.
    assert.equal(of(lintDocuments(base(policy('system:serviceaccount:other:s3-reader')), {}), 'trust-subject-mismatch').length, 1);
  });
  it('a container named in skip-containers gets nothing from the annotation; the name is compared exactly, as the webhook\'s CSV read does (` app` skips nothing)', () => {
    const skipping = (value: string): string => deployment('report-builder', 'reports', 's3-reader').replace('      labels:\n        app: report-builder\n    spec:', `      labels:\n        app: report-builder\n      annotations:\n        eks.amazonaws.com/skip-containers: "${value}"\n    spec:`);
    const count = (value: string): number =>
      of(lintDocuments([doc('sa.yaml', sa('s3-reader', 'reports', ROLE)), doc('deployment.yaml', skipping(value)), doc('reports-s3-reader-trust-policy.json', policy('system:serviceaccount:other:s3-reader'))], {}), 'trust-subject-mismatch').length;
    assert.equal(count('app'), 0);
    assert.equal(count(' app'), 1);
  });
  it('the audience fix adds to :aud when another workload presents the audience it holds', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [statement('111122223333', { [`${ISSUER}:sub`]: ['system:serviceaccount:reports:s3-reader', 'system:serviceaccount:ocp:s3-reader'], [`${ISSUER}:aud`]: 'sts.amazonaws.com' })] }, null, 2);
    const docs = [...base(trust), doc('sa-ocp.yaml', sa('s3-reader', 'ocp', ROLE, '    eks.amazonaws.com/audience: openshift\n')), doc('deployment-ocp.yaml', deployment('report-builder', 'ocp', 's3-reader'))];
    const [f, ...rest] = of(lintDocuments(docs, {}), 'trust-audience-mismatch');
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.fixes?.map((x) => x.title), ['Trust the audience "openshift" too (:aud)']);
    const { touched } = applyFix(docs, f!.fixes![0]!);
    const after = JSON.parse(touched.get('file:///w/reports-s3-reader-trust-policy.json')!) as { Statement: { Condition: { StringEquals: Record<string, unknown> } }[] };
    assert.deepEqual(after.Statement[0]!.Condition.StringEquals[`${ISSUER}:aud`], ['sts.amazonaws.com', 'openshift']);
  });
  it('oidc-provider-account does not prefer moving the provider into a documentation example account', () => {
    const docs = [doc('sa.yaml', sa('s3-reader', 'reports', 'arn:aws:iam::123456789012:role/reports-s3-reader')), doc('deployment.yaml', deployment('report-builder', 'reports', 's3-reader')), doc('reports-s3-reader-trust-policy.json', policy('system:serviceaccount:reports:s3-reader'))];
    const [f] = of(lintDocuments(docs, {}), 'oidc-provider-account');
    assert.deepEqual(f!.fixes?.map((x) => [x.title, x.preferred]), [['Use account 123456789012 in the provider ARN', false]]);
    assert.match(f!.message, /123456789012 is an example account id of the AWS documentation: correct the role ARN if the role is in account 111122223333\.$/);
  });
});
