/**
 * The quick fix of one-shot-assume-role (issue #14): the copied credentials become a call of the
 * refresh-aware module that `IRSA: Generate Refresh-Aware SDK Code…` writes, with the RoleArn and
 * RoleSessionName of the replaced AssumeRole, plus its import, plus the module as a file to create.
 * Exact edits per language; the fixed file together with the generated module is clean under the code
 * rules; every case the fix cannot compute exactly gets no fix; the CLI reports leave it out.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ALL_RULES, lintDocuments } from '../../server/src/engine';
import type { CodeParser, Finding, Fix } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { toJsonReport } from '../../server/src/cli/formatters/json';
import { toSarif } from '../../server/src/cli/formatters/sarif';
import type { LintReport } from '../../server/src/cli/lint';
import { renderSdkCode } from '../../shared/src/codegen';
import type { IrsaChain } from '../../server/src/engine/chain';
import { FIXTURES } from '../helpers/fixtures';

const ID = 'one-shot-assume-role';
const BAD = path.join(FIXTURES, 'rules', ID, 'bad');
const CODE_RULES = new Set(ALL_RULES.filter((r) => 'code' in r && r.code).map((r) => r.id));

const CHAIN: IrsaChain = {
  destinationRoleArn: 'arn:aws:iam::444455556666:role/orders',
  roleSessionName: 'orders',
  region: 'eu-west-2',
  durationSeconds: 3600,
};

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function findings(name: string, text: string): Finding[] {
  return lintDocuments([{ uri: `file:///ws/app/${name}`, text, version: 0 }], {}, { parseCode }).filter((f) => f.ruleId === ID);
}

function apply(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The only finding's fix, its edits as `[replaced text, new text]`, and the fixed text. */
function fixOf(name: string, text: string): { fix: Fix; edits: [string, string][]; fixed: string } {
  const f = findings(name, text);
  assert.equal(f.length, 1, JSON.stringify(f));
  const fix = f[0]!.fixes?.[0];
  assert.ok(fix, `no fix for ${name}`);
  return { fix, edits: fix.edits.map((e) => [text.slice(e.start, e.end), e.newText]), fixed: apply(text, fix) };
}

/** Code-rule findings of the fixed file linted with the generated module next to it. */
function lintedWithModule(name: string, fixed: string, fix: Fix): string[] {
  const creation = fix.creates![0]!;
  const module = renderSdkCode(CHAIN, creation.sdkModule);
  assert.equal(creation.uri, `file:///ws/app/${module.fileName}`);
  assert.ok(module.content.includes(creation.mustDefine), creation.mustDefine);
  return lintDocuments(
    [
      { uri: `file:///ws/app/${name}`, text: fixed, version: 0 },
      { uri: creation.uri, text: module.content, version: 0 },
    ],
    {},
    { parseCode },
  )
    .filter((f) => CODE_RULES.has(f.ruleId))
    .map((f) => `${f.uri} ${f.ruleId}`);
}

const read = (n: string): string => fs.readFileSync(path.join(BAD, n), 'utf8');

describe('one-shot-assume-role quick fix: Python (boto3)', () => {
  it('boto3.Session(aws_access_key_id=…) → irsa_credentials.session_for(<RoleArn>, <RoleSessionName>)', () => {
    const text = read('orders.py');
    const { fix, edits, fixed } = fixOf('orders.py', text);
    assert.equal(fix.title, 'Use irsa_credentials.session_for(…) (refresh-aware; creates irsa_credentials.py if missing)');
    assert.equal(fix.preferred, true);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsa_credentials.py', sdkModule: 'python', mustDefine: 'def session_for(', roleArn: 'arn:aws:iam::444455556666:role/orders' }]);
    assert.deepEqual(edits, [
      ['', '\nimport irsa_credentials'],
      [
        'boto3.Session(\n    aws_access_key_id=creds["AccessKeyId"],\n    aws_secret_access_key=creds["SecretAccessKey"],\n    aws_session_token=creds["SessionToken"],\n)',
        'irsa_credentials.session_for("arn:aws:iam::444455556666:role/orders", "orders")',
      ],
    ]);
    assert.equal(fix.edits[0]!.start, 'import boto3'.length);
    assert.equal(
      fixed,
      'import boto3\nimport irsa_credentials\n\nsts = boto3.client("sts")\ncreds = sts.assume_role(RoleArn="arn:aws:iam::444455556666:role/orders", RoleSessionName="orders")["Credentials"]\nsession = irsa_credentials.session_for("arn:aws:iam::444455556666:role/orders", "orders")\ntable = session.resource("dynamodb").Table("orders")\n',
    );
    assert.deepEqual(lintedWithModule('orders.py', fixed, fix), []);
  });

  it('boto3.client("s3", aws_…=…) keeps its other arguments; a module-level constant RoleArn is copied; no roleArn to pick a chain by', () => {
    const text = read('module_client.py');
    const { fix, edits, fixed } = fixOf('module_client.py', text);
    assert.deepEqual(edits, [
      ['', '\nimport irsa_credentials'],
      [text.slice(text.indexOf('boto3.client(\n'), text.indexOf(')\n\n\nS3') + 1), 'irsa_credentials.session_for(DESTINATION_ROLE, "reports-api").client("s3")'],
    ]);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsa_credentials.py', sdkModule: 'python', mustDefine: 'def session_for(' }]);
    assert.match(fixed, /^    return irsa_credentials\.session_for\(DESTINATION_ROLE, "reports-api"\)\.client\("s3"\)$/m);
    assert.deepEqual(lintedWithModule('module_client.py', fixed, fix), []);
  });

  it('no second import when the file imports irsa_credentials already; other keyword arguments of client() stay', () => {
    const text = `import boto3
import irsa_credentials

ROLE = "arn:aws:iam::444455556666:role/orders"
r = boto3.client("sts").assume_role(RoleArn=ROLE, RoleSessionName=os.environ["SESSION"])
s3 = boto3.client("s3", region_name="eu-west-2", aws_access_key_id=r["Credentials"]["AccessKeyId"], aws_secret_access_key=r["Credentials"]["SecretAccessKey"])
`.replace('import boto3\n', 'import os\nimport boto3\n');
    const { edits, fixed, fix } = fixOf('a.py', text);
    assert.deepEqual(edits, [
      [
        'boto3.client("s3", region_name="eu-west-2", aws_access_key_id=r["Credentials"]["AccessKeyId"], aws_secret_access_key=r["Credentials"]["SecretAccessKey"])',
        'irsa_credentials.session_for(ROLE, os.environ["SESSION"]).client("s3", region_name="eu-west-2")',
      ],
    ]);
    assert.deepEqual(lintedWithModule('a.py', fixed, fix), []);
  });

  const PY_HEAD = 'import boto3\n\nsts = boto3.client("sts")\n';
  const PY_SESSION = 'session = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])\n';
  const noFix: [string, string][] = [
    ['two AssumeRole calls (which response was copied is not known)', `${PY_HEAD}c = sts.assume_role(RoleArn="arn:aws:iam::1:role/a", RoleSessionName="a")["Credentials"]\nd = sts.assume_role(RoleArn="arn:aws:iam::1:role/b", RoleSessionName="b")\n${PY_SESSION}`],
    ['a RoleArn that is a function parameter', `${PY_HEAD}def make(arn):\n    c = sts.assume_role(RoleArn=arn, RoleSessionName="a")["Credentials"]\n    ${PY_SESSION}    return session\n\nS = make("x")\n`],
    ['an f-string session name', `${PY_HEAD}n = 1\nc = sts.assume_role(RoleArn="arn:aws:iam::1:role/a", RoleSessionName=f"a-{n}")["Credentials"]\n${PY_SESSION}`],
    ['a module constant shadowed by a parameter somewhere', `${PY_HEAD}ARN = "arn:aws:iam::1:role/a"\ndef f(ARN):\n    return ARN\nc = sts.assume_role(RoleArn=ARN, RoleSessionName="a")["Credentials"]\n${PY_SESSION}`],
    ['Session(region_name=…), which the generated Session would drop', `${PY_HEAD}c = sts.assume_role(RoleArn="arn:aws:iam::1:role/a", RoleSessionName="a")["Credentials"]\n${PY_SESSION.replace('Session(', 'Session(region_name="eu-west-2", ')}`],
    ['a comment inside the call', `${PY_HEAD}c = sts.assume_role(RoleArn="arn:aws:iam::1:role/a", RoleSessionName="a")["Credentials"]\nsession = boto3.Session(\n    # temporary\n    aws_access_key_id=c["AccessKeyId"],\n)\n`],
  ];
  it('no fix in a file named like the module itself (it would import itself)', () => {
    assert.equal(findings('irsa_credentials.py', read('orders.py'))[0]!.fixes, undefined);
    assert.equal(findings('orders.py', read('orders.py'))[0]!.fixes?.length, 1);
  });

  for (const [what, text] of noFix) {
    it(`no fix: ${what}`, () => {
      const f = findings('x.py', text);
      assert.equal(f.length, 1, what);
      assert.equal(f[0]!.fixes, undefined);
    });
  }
});

describe('one-shot-assume-role quick fix: TypeScript / JavaScript (SDK v3)', () => {
  it('credentials: { accessKeyId: resp.Credentials… } → irsaCredentialsFor(<RoleArn>, <RoleSessionName>) from ./irsaCredentials', () => {
    const text = read('orders-v3.ts');
    const { fix, edits, fixed } = fixOf('orders-v3.ts', text);
    assert.equal(fix.title, 'Use irsaCredentialsFor(…) from irsaCredentials.ts (refresh-aware; creates it if missing)');
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsaCredentials.ts', sdkModule: 'typescript', mustDefine: 'export function irsaCredentialsFor(' }]);
    assert.deepEqual(edits, [
      ['', "\nimport { irsaCredentialsFor } from './irsaCredentials';"],
      [
        '{\n      accessKeyId: resp.Credentials!.AccessKeyId!,\n      secretAccessKey: resp.Credentials!.SecretAccessKey!,\n      sessionToken: resp.Credentials!.SessionToken,\n    }',
        "irsaCredentialsFor(process.env.DEST_ROLE_ARN, 'orders')",
      ],
    ]);
    assert.equal(fix.edits[0]!.start, text.indexOf("'@aws-sdk/client-sts';") + "'@aws-sdk/client-sts';".length);
    assert.match(fixed, /^    credentials: irsaCredentialsFor\(process\.env\.DEST_ROLE_ARN, 'orders'\),$/m);
    assert.deepEqual(lintedWithModule('orders-v3.ts', fixed, fix), []);
  });

  const TS = `import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { tableName } from "./config.js";

export const ROLE_ARN = "arn:aws:iam::444455556666:role/orders";
const sts = new STSClient({});
const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: \`orders\` }));
export const s3 = new S3Client({ credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken }, region: tableName });
`;

  it('follows the file: the quotes and semicolon of its first import, a .js specifier when its relative imports have one (NodeNext); an exported top-level const and a plain template literal are copied', () => {
    const { edits, fixed, fix } = fixOf('s3.ts', TS);
    assert.deepEqual(edits, [
      ['', '\nimport { irsaCredentialsFor } from "./irsaCredentials.js";'],
      ['{ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken }', 'irsaCredentialsFor(ROLE_ARN, `orders`)'],
    ]);
    assert.deepEqual(lintedWithModule('s3.ts', fixed, fix), []);
  });

  it('JavaScript ES module: the .mjs module, named with its extension', () => {
    const js = TS.replace(/!/g, '').replace('./config.js', './config.mjs');
    const { edits, fix, fixed } = fixOf('s3.mjs', js);
    assert.deepEqual(edits[0], ['', '\nimport { irsaCredentialsFor } from "./irsaCredentials.mjs";']);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsaCredentials.mjs', sdkModule: 'javascript', mustDefine: 'export function irsaCredentialsFor(' }]);
    assert.deepEqual(lintedWithModule('s3.mjs', fixed, fix), []);
  });

  const noFix: [string, string, string][] = [
    ['CommonJS (.cjs)', 's3.cjs', TS.replace(/!/g, '')],
    ['a RoleArn held in a `let` (it may change before the client is built)', 's3.ts', TS.replace('RoleArn: ROLE_ARN', 'RoleArn: arn').replace('const sts', 'let arn = ROLE_ARN;\nconst sts')],
    ['a template literal with a substitution', 's3.ts', TS.replace('`orders`', '`orders-${Date.now()}`')],
    ['another option inside credentials: { … } (a comment)', 's3.ts', TS.replace('{ accessKeyId', '{ /* copied */ accessKeyId')],
    ['JS SDK v2 new AWS.Credentials(…)', 'guide-v2.js', ''],
  ];
  for (const [what, name, text] of noFix) {
    it(`no fix: ${what}`, () => {
      const f = findings(name, text || read(name));
      assert.equal(f.length, 1, what);
      assert.equal(f[0]!.fixes, undefined);
    });
  }
});

describe('one-shot-assume-role quick fix: not done for Go and Java', () => {
  for (const name of ['orders.go', 'Orders.java']) {
    it(`${name}: the finding has no fix`, () => {
      const f = findings(name, read(name));
      assert.equal(f.length, 1);
      assert.equal(f[0]!.fixes, undefined);
    });
  }
});

describe('irsa-lint reports leave a file-creating fix out', () => {
  it('JSON and SARIF list the finding without the fix', () => {
    const text = read('orders.py');
    const finding = lintDocuments([{ uri: 'file:///ws/app/orders.py', text, version: 0 }], {}, { parseCode }).find((f) => f.ruleId === ID)!;
    assert.equal(finding.fixes?.length, 1);
    const report: LintReport = {
      cwd: '/ws',
      root: '/ws',
      settings: {},
      files: [{ path: '/ws/app/orders.py', display: 'app/orders.py', uri: finding.uri, findings: [finding] }],
      unreadable: [],
      skipped: [],
      notices: [],
    };
    const json = toJsonReport(report, '0.0.0') as unknown as { files: { findings: { ruleId: string; fixes: unknown[] }[] }[] };
    assert.deepEqual(json.files[0]!.findings.map((f) => [f.ruleId, f.fixes]), [[ID, []]]);
    const sarif = toSarif(report, { version: '0.0.0', rules: ALL_RULES, docsLink: (id) => `https://example.org/${id}.md` }) as unknown as { runs: { results: { ruleId: string; fixes?: unknown }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => [r.ruleId, r.fixes]), [[ID, undefined]]);
  });
});
