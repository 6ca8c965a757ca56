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
import { GO_MODULE_IMPORTS, GO_MODULE_NAMES } from '../../server/src/engine/rules/_one-shot-fix-go-java';
import { nodeText } from '../../server/src/engine/parse/code';
import type { CodeNode } from '../../server/src/engine/parse/code';
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
  const module = renderSdkCode(CHAIN, creation.sdkModule, creation.packageName === undefined ? {} : { packageName: creation.packageName });
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

describe('one-shot-assume-role quick fix: Go (SDK v2)', () => {
  it('credentials.NewStaticCredentialsProvider(…) → CredentialsFor(<RoleArn>, <RoleSessionName>) in the file\'s package; the unused import and response go', () => {
    const text = read('reports.go');
    const { fix, edits, fixed } = fixOf('reports.go', text);
    assert.equal(fix.title, 'Use CredentialsFor(…) of irsa_credentials.go (refresh-aware; creates it if missing)');
    assert.equal(fix.preferred, true);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsa_credentials.go', sdkModule: 'go', mustDefine: 'func CredentialsFor(', packageName: 'reports' }]);
    assert.deepEqual(edits, [
      ['\t"github.com/aws/aws-sdk-go-v2/credentials"\n', ''],
      // err was declared by LoadDefaultConfig in the same block: `_, err :=` would declare nothing new
      ['out, err := ', '_, err = '],
      [
        'credentials.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)',
        'CredentialsFor(reportsRole, os.Getenv("REPORTS_SESSION"))',
      ],
    ]);
    assert.match(fixed, /^\tcfg\.Credentials = CredentialsFor\(reportsRole, os\.Getenv\("REPORTS_SESSION"\)\)$/m);
    assert.deepEqual(lintedWithModule('reports.go', fixed, fix), []);
  });

  const GO = `package main

import (
\t"context"

\t"github.com/aws/aws-sdk-go-v2/aws"
\tcreds "github.com/aws/aws-sdk-go-v2/credentials"
\t"github.com/aws/aws-sdk-go-v2/service/sts"
)

const role = "arn:aws:iam::444455556666:role/orders"

func newConfig(ctx context.Context, cfg aws.Config) (aws.Config, error) {
\tout, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::444455556666:role/orders"), RoleSessionName: aws.String("orders")})
\tif err != nil {
\t\treturn cfg, err
\t}
\tcfg.Credentials = creds.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)
\treturn cfg, nil
}
`;

  it('a new err keeps :=; an aliased import is deleted by its alias; a literal RoleArn picks the chain', () => {
    const { fix, edits, fixed } = fixOf('main.go', GO);
    assert.deepEqual(edits, [
      ['\tcreds "github.com/aws/aws-sdk-go-v2/credentials"\n', ''],
      ['out, err := ', '_, err := '],
      ['creds.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)', 'CredentialsFor("arn:aws:iam::444455556666:role/orders", "orders")'],
    ]);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/irsa_credentials.go', sdkModule: 'go', mustDefine: 'func CredentialsFor(', packageName: 'main', roleArn: 'arn:aws:iam::444455556666:role/orders' }]);
    assert.deepEqual(lintedWithModule('main.go', fixed, fix), []);
  });

  it('a response read elsewhere stays; a package still used elsewhere keeps its import', () => {
    const text = GO.replace('\treturn cfg, nil', '\tlog(*out.AssumedRoleUser.Arn, creds.StaticCredentialsProvider{})\n\treturn cfg, nil');
    const { edits } = fixOf('main.go', text);
    assert.deepEqual(edits.map(([from]) => from), ['creds.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)']);
  });

  it('config.WithCredentialsProvider(…) takes the module\'s provider too', () => {
    const text = GO.replace('\t"github.com/aws/aws-sdk-go-v2/aws"\n', '\t"github.com/aws/aws-sdk-go-v2/aws"\n\t"github.com/aws/aws-sdk-go-v2/config"\n').replace(
      'cfg.Credentials = creds.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)',
      'cfg, err = config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(creds.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)))',
    );
    const { fixed, fix } = fixOf('main.go', text);
    assert.match(fixed, /^\tcfg, err = config\.LoadDefaultConfig\(ctx, config\.WithCredentialsProvider\(CredentialsFor\("arn:aws:iam::444455556666:role\/orders", "orders"\)\)\)$/m);
    assert.match(fixed, /^\t_, err := sts\./m);
    assert.doesNotMatch(fixed, /aws-sdk-go-v2\/credentials"/);
    assert.deepEqual(lintedWithModule('main.go', fixed, fix), []);
  });

  it('GO_MODULE_NAMES / GO_MODULE_IMPORTS are the generated module\'s package-level and import names', async () => {
    const module = renderSdkCode(CHAIN, 'go', { packageName: 'main' }).content;
    const root = parseCode('go', module)!;
    const names: string[] = [];
    const imports: string[] = [];
    const visit = (n: CodeNode, top: boolean): void => {
      if (['function_declaration', 'method_declaration'].includes(n.type)) {
        if (n.type === 'function_declaration') names.push(nodeText(module, n.children.find((c) => c.field === 'name')!));
        return;
      }
      if (top && ['const_spec', 'var_spec', 'type_spec'].includes(n.type)) for (const c of n.children) if (c.field === 'name') names.push(nodeText(module, c));
      if (n.type === 'import_spec') imports.push(nodeText(module, n.children.find((c) => c.field === 'path')!).replace(/^"(.*\/)?|"$/g, ''));
      for (const c of n.children) visit(c, top);
    };
    visit(root, true);
    assert.deepEqual(names.sort(), [...GO_MODULE_NAMES].sort());
    assert.deepEqual(imports.sort(), [...GO_MODULE_IMPORTS].sort());
    assert.match(module, /\n\npackage main\n/);
  });

  const noFix: [string, string, string][] = [
    ['a RoleArn that is a function parameter (bad/orders.go)', 'orders.go', ''],
    ['a _test.go file (its package may be the external test package)', 'main_test.go', GO],
    ['SDK v1 credentials.NewStaticCredentials', 'main.go', GO.replace('creds.NewStaticCredentialsProvider', 'creds.NewStaticCredentials').replace('aws-sdk-go-v2/credentials', 'aws-sdk-go/aws/credentials')],
    ['the file declares a name the module declares (Region)', 'main.go', GO.replace('const role', 'const Region = "eu-west-2"\nconst role')],
    ['the file declares a name the module imports at top level (config)', 'main.go', GO.replace('const role', 'var config = 1\nconst role')],
    ['a RoleArn held in a local variable', 'main.go', GO.replace('RoleArn: aws.String("arn:aws:iam::444455556666:role/orders")', 'RoleArn: aws.String(arn)').replace('\tout, err', '\tarn := role\n\tout, err')],
    ['a provider kept in a variable of its own type', 'main.go', GO.replace('cfg.Credentials = creds', 'p := creds').replace('\treturn cfg, nil', '\tcfg.Credentials = p\n\treturn cfg, nil')],
    ['the response assigned with = (its var declaration would stay unused)', 'main.go', GO.replace('\tout, err := ', '\tvar out *sts.AssumeRoleOutput\n\tvar err error\n\tout, err = ')],
    ['err declared in an outer block only', 'main.go', GO.replace('\tout, err := sts', '\tvar err error\n\t{\n\tout, err := sts').replace('\treturn cfg, nil\n}', '\treturn cfg, nil\n\t}\n}')],
    ['a comment inside the replaced call', 'main.go', GO.replace('(*out.Credentials.AccessKeyId,', '(*out.Credentials.AccessKeyId, // copied\n\t\t')],
    ['two AssumeRole calls', 'main.go', GO.replace('\treturn cfg, nil', '\t_, _ = sts.NewFromConfig(cfg).AssumeRole(ctx, nil)\n\treturn cfg, nil')],
    ['the module\'s own file', 'irsa_credentials.go', GO],
  ];
  for (const [what, name, text] of noFix) {
    it(`no fix: ${what}`, () => {
      const f = findings(name, text || read(name));
      assert.equal(f.length, 1, what);
      assert.equal(f[0]!.fixes, undefined);
    });
  }
});

describe('one-shot-assume-role quick fix: Java (SDK 2.x)', () => {
  it('StaticCredentialsProvider.create(AwsSessionCredentials.create(…)) → IrsaCredentials.credentialsProviderFor(<roleArn>, <roleSessionName>) in the file\'s package', () => {
    const text = read('Reports.java');
    const { fix, edits, fixed } = fixOf('Reports.java', text);
    assert.equal(fix.title, 'Use IrsaCredentials.credentialsProviderFor(…) (refresh-aware; creates IrsaCredentials.java if missing)');
    assert.equal(fix.preferred, true);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/IrsaCredentials.java', sdkModule: 'java', mustDefine: 'AwsCredentialsProvider credentialsProviderFor(', packageName: 'com.example.reports' }]);
    assert.deepEqual(edits, [
      ['StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()))', 'IrsaCredentials.credentialsProviderFor(ROLE_ARN, "reports")'],
    ]);
    assert.deepEqual(lintedWithModule('Reports.java', fixed, fix), []);
    // Not compiled here (no JDK or SDK jars): the fixed file and the module parse without errors.
    const module = renderSdkCode(CHAIN, 'java', { packageName: 'com.example.reports' }).content;
    assert.match(module, /\*\/\npackage com\.example\.reports;\n\nimport java\.io\.IOException;/);
    for (const src of [fixed, module]) assert.deepEqual(errorNodes(src), []);
  });

  const JAVA = `import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

class Orders {
    static AwsCredentialsProvider provider(StsClient sts) {
        AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn("arn:aws:iam::444455556666:role/orders").roleSessionName(System.getenv("SESSION")));
        AwsCredentialsProvider p = StaticCredentialsProvider.create(AwsSessionCredentials.create(r.credentials().accessKeyId(), r.credentials().secretAccessKey(), r.credentials().sessionToken()));
        return p;
    }
}
`;
  it('default package: no package in the module; an AwsCredentialsProvider variable; a lambda request; System.getenv', () => {
    const { fix, edits, fixed } = fixOf('Orders.java', JAVA);
    assert.deepEqual(fix.creates, [{ uri: 'file:///ws/app/IrsaCredentials.java', sdkModule: 'java', mustDefine: 'AwsCredentialsProvider credentialsProviderFor(', roleArn: 'arn:aws:iam::444455556666:role/orders' }]);
    assert.deepEqual(edits.map(([, to]) => to), ['IrsaCredentials.credentialsProviderFor("arn:aws:iam::444455556666:role/orders", System.getenv("SESSION"))']);
    assert.deepEqual(lintedWithModule('Orders.java', fixed, fix), []);
    assert.deepEqual(errorNodes(renderSdkCode(CHAIN, 'java').content), []);
  });

  const noFix: [string, string, string][] = [
    ['a roleArn that is a method parameter (bad/Orders.java)', 'Orders.java', ''],
    ['a StaticCredentialsProvider variable (the module gives an AwsCredentialsProvider)', 'Orders.java', JAVA.replace('AwsCredentialsProvider p =', 'StaticCredentialsProvider p =')],
    ['an IrsaCredentials imported from elsewhere', 'Orders.java', `import com.example.IrsaCredentials;\n${JAVA}`],
    ['a second roleArn(…) in the file', 'Orders.java', JAVA.replace('return p;', 'sts.assumeRoleWithWebIdentity(w -> w.roleArn("x"));\n        return p;')],
    ['a non-final field', 'Reports.java', ''],
    ['the module\'s own file', 'IrsaCredentials.java', JAVA],
  ];
  for (const [what, name, text] of noFix) {
    it(`no fix: ${what}`, () => {
      const source = what === 'a non-final field' ? read('Reports.java').replace('private static final String ROLE_ARN', 'private static String ROLE_ARN') : text || read(name);
      const f = findings(name, source);
      assert.equal(f.length, 1, what);
      assert.equal(f[0]!.fixes, undefined);
    });
  }
});

/** Node types of the Java text's tree that are errors (tree-sitter ERROR / MISSING). */
function errorNodes(src: string): string[] {
  const out: string[] = [];
  const visit = (n: CodeNode): void => {
    if (n.type === 'ERROR' || n.type === 'MISSING' || n.end === n.start) out.push(`${n.type} ${n.start}`);
    n.children.forEach(visit);
  };
  visit(parseCode('java', src)!);
  return out;
}

describe('one-shot-assume-role quick fix: not for JS SDK v2', () => {
  it('guide-v2.js: the finding has no fix (the generated module is an SDK v3 ES module)', () => {
    const f = findings('guide-v2.js', read('guide-v2.js'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.fixes, undefined);
  });
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
