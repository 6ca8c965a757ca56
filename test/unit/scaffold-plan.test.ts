/**
 * `planWrites` / `writesFor`: scaffolding into a folder that already has the files never changes
 * them without an explicit decision; identical files are left alone; unsafe paths are never written.
 * Also the option validators (as-you-type messages) and `checkOptions`.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkOptions,
  parseActions,
  validateAccountId,
  validateActions,
  validateCcoctlName,
  validateIdentityProviderArn,
  validateImage,
  validateNamespace,
  validateRegion,
  validateRoleName,
  validateSecretName,
  validateServiceAccount,
  validateSessionName,
  withDefaults,
} from '../../shared/src/scaffold/options';
import { isSafeRelativePath, planWrites, writesFor } from '../../shared/src/scaffold/plan';
import { renderScaffold, ScaffoldFile } from '../../shared/src/scaffold/render';

const f = (path: string, content: string, executable?: boolean): ScaffoldFile => ({ path, content, description: path, ...(executable && { executable }) });

describe('planWrites / writesFor', () => {
  const files = [f('a.yaml', 'A'), f('dir/b.yaml', 'B'), f('c.sh', 'C', true), f('d.json', 'D')];
  const existing = new Map<string, string | null>([
    ['dir/b.yaml', 'B'], // identical
    ['c.sh', 'user edits'], // differs
    ['d.json', 'other'], // differs
  ]);
  const plan = planWrites(files, (p) => existing.get(p));

  it('classifies new, unchanged and conflicting files', () => {
    assert.deepEqual(
      plan.files.map((p) => [p.file.path, p.status]),
      [
        ['a.yaml', 'new'],
        ['dir/b.yaml', 'unchanged'],
        ['c.sh', 'conflict'],
        ['d.json', 'conflict'],
      ],
    );
    assert.deepEqual(plan.conflicts, ['c.sh', 'd.json']);
    assert.deepEqual(plan.blocked, []);
  });

  it('without a decision nothing at all is written when files conflict', () => {
    assert.deepEqual(writesFor(plan), []);
  });

  it('"keep" writes only the new files', () => {
    assert.deepEqual(writesFor(plan, 'keep'), [{ path: 'a.yaml', content: 'A', overwrite: false, executable: false }]);
  });

  it('"overwrite" replaces only the conflicting files, never the identical one', () => {
    assert.deepEqual(writesFor(plan, 'overwrite'), [
      { path: 'a.yaml', content: 'A', overwrite: false, executable: false },
      { path: 'c.sh', content: 'C', overwrite: true, executable: true },
      { path: 'd.json', content: 'D', overwrite: true, executable: false },
    ]);
  });

  it('an empty folder needs no decision', () => {
    const p = planWrites(files, () => undefined);
    assert.deepEqual(p.conflicts, []);
    assert.equal(writesFor(p).length, 4);
    assert.ok(writesFor(p).every((w) => !w.overwrite));
  });

  it('a folder in the way and unsafe paths are blocked, even with "overwrite"', () => {
    const p = planWrites([f('a.yaml', 'A'), f('../escape.yaml', 'X'), f('/abs.yaml', 'X'), f('x\\y.yaml', 'X')], (path) => (path === 'a.yaml' ? null : undefined));
    assert.deepEqual(p.blocked, ['a.yaml', '../escape.yaml', '/abs.yaml', 'x\\y.yaml']);
    assert.deepEqual(writesFor(p, 'overwrite'), []);
  });

  it('scaffolding the same set twice is a no-op; an edited file is a conflict', () => {
    const set = renderScaffold(withDefaults({ namespace: 'team-a', serviceAccount: 'orders-reader' }));
    const disk = new Map(set.map((x) => [x.path, x.content]));
    assert.deepEqual(writesFor(planWrites(set, (p) => disk.get(p))), []);
    disk.set('ccoctl.sh', disk.get('ccoctl.sh') + '# local change\n');
    const again = planWrites(set, (p) => disk.get(p));
    assert.deepEqual(again.conflicts, ['ccoctl.sh']);
    assert.deepEqual(writesFor(again), []);
    assert.deepEqual(writesFor(again, 'keep'), []);
  });

  it('isSafeRelativePath', () => {
    for (const ok of ['a', 'a/b.yaml', '.irsa.yaml', 'x/.y']) assert.ok(isSafeRelativePath(ok), ok);
    for (const bad of ['', '/a', 'a/../b', '..', './a', 'a//b', 'C:/x', 'a\\b', 'a/']) assert.ok(!isSafeRelativePath(bad), bad);
  });
});

describe('option validators', () => {
  it('namespace: DNS-1123 label', () => {
    assert.equal(validateNamespace('team-a'), undefined);
    assert.equal(validateNamespace('a'.repeat(63)), undefined);
    assert.equal(validateNamespace(''), 'Enter a namespace.');
    const msg = 'A namespace must be a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit.';
    for (const bad of ['Team-A', 'team_a', '-team', 'team-', 'a.b', 'a'.repeat(64)]) assert.equal(validateNamespace(bad), msg, bad);
  });

  it('service account and secret names: DNS-1123 subdomain', () => {
    for (const ok of ['orders-reader', 'ledger.writer', 'a', 'a'.repeat(253)]) {
      assert.equal(validateServiceAccount(ok), undefined, ok);
      assert.equal(validateSecretName(ok), undefined, ok);
    }
    for (const bad of ['Orders', 'a..b', '.a', 'a_b', 'system:serviceaccount:x:y', 'a'.repeat(254)]) {
      assert.match(validateServiceAccount(bad) ?? '', /^A service account name must be a DNS-1123 subdomain/, bad);
      assert.match(validateSecretName(bad) ?? '', /^A secret name must be a DNS-1123 subdomain/, bad);
    }
  });

  it('account ids: exactly 12 digits', () => {
    assert.equal(validateAccountId('012345678901'), undefined);
    for (const bad of ['12345678901', '1234567890123', '12345678901a', '', ' 123456789012']) {
      assert.equal(validateAccountId(bad), 'An AWS account id is exactly 12 digits (keep leading zeros).', bad);
    }
  });

  it('role names ≤ 64 [\\w+=,.@-]; ccoctl --name the same charset', () => {
    for (const ok of ['r', 'dynamodb-reader', 'a+b=c,d.e@f_g-h', 'x'.repeat(64)]) {
      assert.equal(validateRoleName(ok), undefined, ok);
      assert.equal(validateCcoctlName(ok), undefined, ok);
    }
    for (const bad of ['x'.repeat(65), 'a/b', 'a b', 'a:b', 'é']) {
      assert.equal(validateRoleName(bad), 'An IAM role name is 1–64 characters of letters, digits and + = , . @ _ -.', bad);
      assert.equal(validateCcoctlName(bad), 'The ccoctl --name prefixes IAM role names: 1–64 characters of letters, digits and + = , . @ _ -.', bad);
    }
    assert.equal(validateRoleName(''), 'Enter a role name.');
  });

  it('session names: 2–64 [\\w+=,.@-]', () => {
    for (const ok of ['ab', 'orders-reader@team-a', 'x'.repeat(64)]) assert.equal(validateSessionName(ok), undefined, ok);
    for (const bad of ['a', '', 'x'.repeat(65), 'a b', 'a/b']) {
      assert.equal(validateSessionName(bad), 'A role session name is 2–64 characters of letters, digits and + = , . @ _ -.', bad);
    }
  });

  it('regions from the list only', () => {
    for (const ok of ['us-east-1', 'eu-west-2', 'us-gov-west-1', 'cn-north-1']) assert.equal(validateRegion(ok), undefined, ok);
    assert.equal(validateRegion('eu-west-9'), 'Unknown region "eu-west-9"; pick one such as us-east-1 or eu-west-2.');
    assert.equal(validateRegion('EU-WEST-2'), 'Unknown region "EU-WEST-2"; pick one such as us-east-1 or eu-west-2.');
  });

  it('OIDC provider ARN', () => {
    assert.equal(validateIdentityProviderArn('arn:aws:iam::111122223333:oidc-provider/my-oidc.s3.us-east-1.amazonaws.com'), undefined);
    assert.equal(validateIdentityProviderArn('arn:aws-us-gov:iam::111122223333:oidc-provider/d111.cloudfront.net/path'), undefined);
    assert.match(validateIdentityProviderArn('arn:aws:iam::111122223333:oidc-provider/https://x.example.com') ?? '', /^Leave the scheme out/);
    for (const bad of ['arn:aws:iam::account:oidc-provider/address', 'arn:aws:iam::111122223333:role/x', 'arn:aws:iam::111122223333:oidc-provider/']) {
      assert.match(validateIdentityProviderArn(bad) ?? '', /^Expected arn:aws:iam::<12-digit account>:oidc-provider/, bad);
    }
  });

  it('actions and image', () => {
    assert.deepEqual(parseActions(' dynamodb:GetItem, dynamodb:Query ,,s3:Get*'), ['dynamodb:GetItem', 'dynamodb:Query', 's3:Get*']);
    assert.equal(validateActions('dynamodb:GetItem, dynamodb:Query'), undefined);
    assert.equal(validateActions(' , '), 'Enter at least one action, e.g. dynamodb:GetItem, dynamodb:Query.');
    assert.equal(validateActions('dynamodb:GetItem, GetItem'), '"GetItem" is not an IAM action; use service:Action, e.g. dynamodb:GetItem.');
    assert.equal(validateImage('quay.io/x/y:1'), undefined);
    assert.equal(validateImage('a b'), 'An image reference contains no spaces.');
  });
});

describe('withDefaults / checkOptions', () => {
  it('defaults are placeholders that validate', () => {
    const o = withDefaults({ namespace: 'team-a', serviceAccount: 'orders-reader' });
    assert.deepEqual(o, {
      namespace: 'team-a',
      serviceAccount: 'orders-reader',
      secretName: 'orders-reader-aws',
      ccoctlName: 'irsa',
      identityProviderArn: 'arn:aws:iam::111122223333:oidc-provider/irsa-oidc.s3.us-east-1.amazonaws.com',
      destinationAccountId: '444455556666',
      destinationRoleName: 'orders-reader',
      roleSessionName: 'orders-reader',
      region: 'us-east-1',
      workloadKind: 'Deployment',
      image: 'quay.io/example/app:latest',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      language: 'typescript',
      trustPrincipal: 'role',
    });
    assert.deepEqual(checkOptions(o), []);
    // The OIDC default follows the region's partition.
    assert.equal(
      withDefaults({ namespace: 'n', serviceAccount: 's', region: 'cn-north-1' }).identityProviderArn,
      'arn:aws-cn:iam::111122223333:oidc-provider/irsa-oidc.s3.cn-north-1.amazonaws.com.cn',
    );
    // A one-letter service account still gives a 2-character session name.
    assert.equal(withDefaults({ namespace: 'n', serviceAccount: 's' }).roleSessionName, 's-session');
  });

  it('reports a partition mismatch and ccoctl truncation', () => {
    const base = withDefaults({ namespace: 'team-a', serviceAccount: 'orders-reader' });
    assert.deepEqual(checkOptions({ ...base, region: 'us-gov-west-1' }), [
      { field: 'region', severity: 'error', message: 'Region us-gov-west-1 is in partition aws-us-gov, but the OIDC provider ARN is in aws.' },
    ]);
    const long = { ...base, secretName: 'orders-reader-credentials-for-the-dynamodb-tables-eu' };
    assert.equal(long.secretName.length + 'irsa-team-a-'.length, 64);
    assert.deepEqual(checkOptions(long), []);
    const tooLong = { ...base, secretName: 'orders-reader-credentials-for-the-dynamodb-tables-in-eu' };
    assert.deepEqual(checkOptions(tooLong), [
      {
        field: 'secretName',
        severity: 'warning',
        message:
          'ccoctl\'s role name "irsa-team-a-orders-reader-credentials-for-the-dynamodb-tables-in-eu" is 67 characters; ccoctl cuts it to 64: "irsa-team-a-orders-reader-credentials-for-the-dynamodb-tables-in". Shorten the prefix, namespace or secret name.',
      },
    ]);
    assert.deepEqual(
      checkOptions({ ...base, namespace: 'Bad', actions: [] }).map((p) => [p.field, p.severity]),
      [
        ['namespace', 'error'],
        ['actions', 'error'],
      ],
    );
  });
});
