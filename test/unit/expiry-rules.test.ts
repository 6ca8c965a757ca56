/**
 * credential-provider-expiration and web-identity-token-read-once beyond their fixtures: the quick fix
 * of web-identity-token-read-once (exact text, clears the finding, the result is clean), the shapes
 * that must not be reported (the SDK's own fromTokenFile, a provider the rule cannot read), and the
 * per-language messages.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser, Finding, SourceDocument } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function doc(name: string, text: string): SourceDocument {
  return { uri: `file:///ws/${name}`, text, version: 0 };
}

function lint(name: string, text: string, id: string): Finding[] {
  return lintDocuments([doc(name, text)], {}, { parseCode }).filter((f) => f.ruleId === id);
}

function applyFix(text: string, f: Finding): string {
  const edits = [...f.fixes![0]!.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('web-identity-token-read-once quick fix (JS v3 fromWebToken → fromTokenFile)', () => {
  const ID = 'web-identity-token-read-once';

  it('an inline readFileSync becomes webIdentityTokenFile, and the only import of fromWebToken is renamed', () => {
    const text =
      "import { S3Client } from '@aws-sdk/client-s3';\nimport { fromWebToken } from '@aws-sdk/credential-providers';\nimport { readFileSync } from 'node:fs';\n\n" +
      "export const s3 = new S3Client({ credentials: fromWebToken({ roleArn: process.env.AWS_ROLE_ARN!, roleSessionName: 'orders', webIdentityToken: readFileSync(process.env.AWS_WEB_IDENTITY_TOKEN_FILE!, 'utf8') }) });\n";
    const found = lint('a.ts', text, ID);
    assert.deepEqual(found.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character, f.fixes?.[0]?.title]), [[4, 142, 204, 'Use fromTokenFile({ webIdentityTokenFile }) (reads the token file on every refresh)']]);
    const fixed = applyFix(text, found[0]!);
    assert.equal(
      fixed,
      "import { S3Client } from '@aws-sdk/client-s3';\nimport { fromTokenFile } from '@aws-sdk/credential-providers';\nimport { readFileSync } from 'node:fs';\n\n" +
        "export const s3 = new S3Client({ credentials: fromTokenFile({ roleArn: process.env.AWS_ROLE_ARN!, roleSessionName: 'orders', webIdentityTokenFile: process.env.AWS_WEB_IDENTITY_TOKEN_FILE! }) });\n",
    );
    assert.deepEqual(lintDocuments([doc('a.ts', fixed)], {}, { parseCode }), []);
  });

  it('fromWebToken used elsewhere too: fromTokenFile is added to the import', () => {
    const text =
      "const { x } = require('y');\nimport { fromWebToken } from '@aws-sdk/credential-provider-web-identity';\nimport * as fs from 'fs';\n" +
      'export const a = fromWebToken({ roleArn: r, webIdentityToken: fs.readFileSync(p) });\nexport const b = fromWebToken({ roleArn: r, webIdentityToken: jwt });\n';
    const found = lint('b.js', text, ID);
    assert.equal(found.length, 1);
    const fixed = applyFix(text, found[0]!);
    assert.equal(
      fixed,
      "const { x } = require('y');\nimport { fromWebToken, fromTokenFile } from '@aws-sdk/credential-provider-web-identity';\nimport * as fs from 'fs';\n" +
        'export const a = fromTokenFile({ roleArn: r, webIdentityTokenFile: p });\nexport const b = fromWebToken({ roleArn: r, webIdentityToken: jwt });\n',
    );
    assert.deepEqual(lint('b.js', fixed, ID), []);
  });

  it('no fix where an edit could not be computed from the tree: require, an alias, a read wrapped in .trim()', () => {
    const required = "const { fromWebToken } = require('@aws-sdk/credential-providers');\nconst fs = require('fs');\nmodule.exports = fromWebToken({ roleArn: r, webIdentityToken: fs.readFileSync(p, 'utf8') });\n";
    const aliased = "import { fromWebToken as web } from '@aws-sdk/credential-providers';\nimport * as fs from 'fs';\nexport const c = fromWebToken({ roleArn: r, webIdentityToken: fs.readFileSync(p, 'utf8') });\n";
    const trimmed = "import { fromWebToken } from '@aws-sdk/credential-providers';\nimport * as fs from 'fs';\nexport const c = fromWebToken({ roleArn: r, webIdentityToken: fs.readFileSync(p, 'utf8').trim() });\n";
    for (const [name, text] of [['r.js', required], ['a.ts', aliased], ['t.ts', trimmed]] as const) {
      const found = lint(name, text, ID);
      assert.equal(found.length, 1, name);
      assert.equal(found[0]!.fixes, undefined, name);
    }
  });

  it("the SDK's own fromTokenFile (a provider called at once, per call) is not reported", () => {
    const sdk =
      "const { fromWebToken } = require('@aws-sdk/credential-provider-web-identity');\nconst fs = require('fs');\n" +
      'const fromTokenFile = (init = {}) => async () => fromWebToken({ ...init, webIdentityToken: fs.readFileSync(init.webIdentityTokenFile, { encoding: "ascii" }) })();\n';
    assert.deepEqual(lint('sdk.js', sdk, ID), []);
  });
});

describe('web-identity-token-read-once: a parameter of the same name is not the token read once', () => {
  const ID = 'web-identity-token-read-once';

  it('JS and Python: the function that calls STS takes the token as a parameter; the same file without the parameter is reported', () => {
    const js = (params: string): string =>
      "import { readFileSync } from 'fs';\nimport { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';\nconst token = readFileSync(process.env.AWS_WEB_IDENTITY_TOKEN_FILE!, 'utf8');\n" +
      `export const assume = (${params}) => sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r, RoleSessionName: 's', WebIdentityToken: token }));\n`;
    assert.deepEqual(lint('p.ts', js('token: string'), ID), []);
    assert.equal(lint('p.ts', js(''), ID).length, 1);
    const py = (params: string): string =>
      'import os, boto3\nTOKEN = open(os.environ["AWS_WEB_IDENTITY_TOKEN_FILE"]).read()\n\n' +
      `def assume(${params}):\n    return boto3.client("sts").assume_role_with_web_identity(RoleArn=r, RoleSessionName="s", WebIdentityToken=TOKEN)\n`;
    assert.deepEqual(lint('p.py', py('TOKEN'), ID), []);
    assert.equal(lint('p.py', py(''), ID).length, 1);
  });
});

describe('credential-provider-expiration: what is not reported', () => {
  const ID = 'credential-provider-expiration';

  it('JS: a credentials object (not a function), an option of something that is not a client, a computed result', () => {
    const text =
      "import { S3Client } from '@aws-sdk/client-s3';\n" +
      'export const a = new S3Client({ credentials: { accessKeyId: k, secretAccessKey: s, sessionToken: t } });\n' +
      'export const b = makeThing({ credentials: async () => ({ accessKeyId: k, secretAccessKey: s, sessionToken: t }) });\n' +
      'export const c = new S3Client({ credentials: async () => vault.read() });\n';
    assert.deepEqual(lint('a.ts', text, ID), []);
  });

  it('Python: a refresh function defined twice (which one runs is unknown), a lambda', () => {
    const text =
      'from botocore.credentials import DeferredRefreshableCredentials\n\n' +
      'def refresh():\n    return {"access_key": a, "secret_key": s, "token": t}\n\n' +
      'def refresh():\n    return {"access_key": a, "secret_key": s, "token": t, "expiry_time": e}\n\n' +
      'c = DeferredRefreshableCredentials(refresh_using=refresh, method="x")\n' +
      'd = DeferredRefreshableCredentials(refresh_using=lambda: {"access_key": a, "token": t}, method="x")\n';
    assert.deepEqual(lint('a.py', text, ID), []);
  });

  it('Go: CanExpire given (even false: the author decided), a provider assigned to a variable first', () => {
    const text =
      'package main\n\nimport "github.com/aws/aws-sdk-go-v2/aws"\n\n' +
      'var a = aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {\n\treturn aws.Credentials{AccessKeyID: k, SessionToken: t, CanExpire: false}, nil\n}))\n' +
      'var f = aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {\n\treturn aws.Credentials{AccessKeyID: k, SessionToken: t}, nil\n})\nvar b = aws.NewCredentialsCache(f)\n';
    assert.deepEqual(lint('a.go', text, ID), []);
  });
});
