/**
 * Application code (issue #14): the host's tree-sitter parser, the pre-filter, the engine without a
 * parser, the role-chaining-duration quick fix and suppression, the code we generate being clean under
 * the code rules (and a changed constant in it being found), and irsa-lint end to end, unbundled and
 * from the bundle (which must load its .wasm files from dist/).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ALL_RULES, lintDocuments, mayUseAwsSdk, parseFile, Workspace } from '../../server/src/engine';
import type { CodeLanguage, CodeParser, Finding, SourceDocument } from '../../server/src/engine';
import { discoverFiles, loadCodeParser } from '../../server/src/node';
import { lint, lintLoadingCode } from '../../server/src/cli/lint';
import type { LintOptions } from '../../server/src/cli/args';
import { run } from '../../server/src/cli/main';
import { renderSdkCode, SDK_LANGUAGES } from '../../shared/src/codegen';
import type { IrsaChain } from '../../server/src/engine/chain';
import { FIXTURES, fileUri, REPO_ROOT } from '../helpers/fixtures';

const ID = 'role-chaining-duration';
const BAD = path.join(FIXTURES, 'rules', ID, 'bad');
const CODE_RULES = new Set(ALL_RULES.filter((r) => 'code' in r && r.code).map((r) => r.id));

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function doc(name: string, text: string): SourceDocument {
  return { uri: `file:///ws/${name}`, text, version: 0 };
}

/** `[line, col, endLine, endCol]`, 1-based, of each finding of the rule. */
function places(findings: Finding[], id = ID): number[][] {
  return findings.filter((f) => f.ruleId === id).map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.range.end.line + 1, f.range.end.character + 1]);
}

function applyFix(text: string, f: Finding): string {
  const edits = [...f.fixes![0]!.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('code parser (host)', () => {
  it('returns plain trees whose offsets are UTF-16 code units, as the engine counts', () => {
    const text = "const s = '😀é'; f(1)\n";
    const root = parseCode('typescript', text)!;
    assert.equal(root.type, 'program');
    assert.equal(root.end, text.length);
    const call = root.children[1]!;
    assert.equal(text.slice(call.start, call.end), 'f(1)');
  });

  it('loads every grammar', () => {
    const samples: Record<CodeLanguage, [string, string]> = {
      typescript: ['let x: number = 1;', 'program'],
      tsx: ['const a = <b />;', 'program'],
      javascript: ['x = 1;', 'program'],
      python: ['x = 1\n', 'module'],
      go: ['package main\n', 'source_file'],
      java: ['class A {}', 'program'],
    };
    for (const [l, [src, type]] of Object.entries(samples)) assert.equal(parseCode(l as CodeLanguage, src)?.type, type, l);
  });

  it('keeps a tree for code with syntax errors and nests deep expressions without overflowing the stack', () => {
    const deep = `const sts = 1; new AssumeRoleCommand({ DurationSeconds: ${'('.repeat(5000)}7200${')'.repeat(5000)} });`;
    const findings = lintDocuments([doc('deep.ts', deep), doc('broken.ts', "import '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ DurationSeconds: 7200 }) )\n")], {}, { parseCode });
    // Too deep to be a constant: not reported; the broken file's call is still found in the error-recovered tree.
    assert.deepEqual(places(findings), [[2, 42, 2, 46]]);
    assert.equal(findings[0]!.uri, 'file:///ws/broken.ts');
  });
});

describe('pre-filter', () => {
  it('passes files that name an AWS SDK or STS, and nothing else', () => {
    for (const t of ["import { STSClient } from '@aws-sdk/client-sts'", "require('aws-sdk')", 'import boto3', 'from botocore.credentials import X', '"github.com/aws/aws-sdk-go-v2/service/sts"', 'import software.amazon.awssdk.services.sts.StsClient;', 'import com.amazonaws.auth.AWSCredentials;', 'client = session.client("sts")']) {
      assert.equal(mayUseAwsSdk(t), true, t);
    }
    for (const t of ['import React from "react"', 'const stsSomething = 1', 'def lasts(): pass', 'package main\nimport "fmt"']) assert.equal(mayUseAwsSdk(t), false, t);
  });

  it('code that does not pass it is never given to the parser', () => {
    const calls: string[] = [];
    const spy: CodeParser = (l, t) => {
      calls.push(l);
      return parseCode(l, t);
    };
    const ws = new Workspace({}, undefined, { parseCode: spy });
    ws.update(doc('ui.tsx', 'export const A = () => <div>{new Date().toISOString()}</div>;'));
    ws.update(doc('util.py', 'def f():\n    return 7200\n'));
    ws.update(doc('types.d.ts', "import '@aws-sdk/client-sts'; declare const x: number;"));
    ws.update(doc('sts.go', 'package main\nimport "github.com/aws/aws-sdk-go-v2/service/sts"\n'));
    assert.deepEqual(calls, ['go']);
    assert.equal(ws.parsed('file:///ws/ui.tsx')?.code, undefined);
    assert.equal(ws.parsed('file:///ws/types.d.ts')?.code, undefined);
  });

  it('without a parser (a host that loaded no grammars) code gives no findings and no error', () => {
    const text = fs.readFileSync(path.join(BAD, 'assume-v3.ts'), 'utf8');
    assert.deepEqual(lintDocuments([doc('assume-v3.ts', text)]), []);
    assert.equal(parseFile('file:///ws/a.ts', text, 'code').code, undefined);
  });
});

describe(`${ID}: quick fix and suppression`, () => {
  const files = fs.readdirSync(BAD).sort();
  for (const name of files) {
    it(`${name}: every fix written in place clears its finding and changes only the value`, () => {
      const text = fs.readFileSync(path.join(BAD, name), 'utf8');
      const findings = lintDocuments([doc(name, text)], {}, { parseCode }).filter((f) => f.ruleId === ID);
      assert.ok(findings.length > 0);
      for (const f of findings) {
        if (!f.fixes) {
          // Only a named constant goes without a fix.
          assert.match(f.message, /^DurationSeconds `[A-Z_]+` \(/);
          continue;
        }
        const edit = f.fixes[0]!.edits[0]!;
        assert.equal(edit.newText, /Duration `/.test(f.message) ? 'time.Hour' : '3600');
        const fixed = applyFix(text, f);
        const after = lintDocuments([doc(name, fixed)], {}, { parseCode });
        assert.equal(places(after).length, findings.length - 1, fixed);
        assert.deepEqual(after.filter((x) => x.ruleId !== ID), []);
      }
    });
  }

  it('`// irsa-disable-next-line role-chaining-duration` silences the finding on the next line', () => {
    const text = "import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({\n  // irsa-disable-next-line role-chaining-duration\n  DurationSeconds: 7200,\n  RoleArn: 'x',\n  DurationSeconds: 9000,\n});\n";
    assert.deepEqual(places(lintDocuments([doc('s.ts', text)], {}, { parseCode })), [[6, 20, 6, 24]]);
  });

  it('names the value, its hours and the STS error in the message', () => {
    const text = "import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ DurationSeconds: 5400 });\n";
    const [f] = lintDocuments([doc('m.ts', text)], {}, { parseCode });
    assert.equal(f!.severity, 'error');
    assert.equal(
      f!.message,
      'DurationSeconds 5400 asks for a 1.5-hour session, but in an IRSA pod this AssumeRole is role chaining (the SDK\'s credentials are already role credentials, from AssumeRoleWithWebIdentity), which STS limits to one hour: the call fails with "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining". Use 3600 or less and let a refreshing provider renew the session.',
    );
  });
});

describe('the code we generate is clean under the code rules', () => {
  const chain: IrsaChain = {
    destinationRoleArn: 'arn:aws:iam::222222222222:role/dynamodb-reader',
    roleSessionName: 'dev-dynamodb-reader',
    region: 'eu-west-2',
    durationSeconds: 3600,
    configFile: '/var/run/secrets/cloud/credentials',
    tokenFile: '/var/run/secrets/openshift/serviceaccount/token',
    sourceRoleArn: 'arn:aws:iam::111111111111:role/my-namespace-creds-my-namespace-dev-dynamodb-reader',
  };
  for (const language of SDK_LANGUAGES) {
    it(`${language}: no finding; with the session constant raised to 7200, exactly one ${ID}`, () => {
      const code = renderSdkCode(chain, language);
      const clean = lintDocuments([doc(code.fileName, code.content)], {}, { parseCode });
      assert.deepEqual(clean.map((f) => `${f.ruleId}: ${f.message}`), []);
      // The rules do read the generated code: the same text asking for two hours is reported.
      const raised = code.content.replace(/^(\s*(?:export const |public static final int |)(?:DURATION_SECONDS|DurationSeconds)\s*=\s*)3600\b/m, '$17200');
      assert.notEqual(raised, code.content, 'the generated code declares its session length as a constant');
      assert.deepEqual(lintDocuments([doc(code.fileName, raised)], {}, { parseCode }).map((f) => f.ruleId), [ID]);
    });
  }

  it('the goldens of test/fixtures/codegen/golden have no code-rule finding', () => {
    const dir = path.join(FIXTURES, 'codegen', 'golden');
    const docs = fs.readdirSync(dir).map((n) => ({ uri: fileUri(path.join(dir, n)), text: fs.readFileSync(path.join(dir, n), 'utf8'), version: 0 }));
    assert.equal(docs.length, 5);
    assert.deepEqual(lintDocuments(docs, {}, { parseCode }).filter((f) => CODE_RULES.has(f.ruleId)), []);
  });
});

describe('one-shot-assume-role on the SDK drivers (test/fixtures/sdk-drivers, run against real SDKs by test/sdk)', () => {
  it("the guide's JavaScript (guide-naive.cjs, shown there to fail after expiry) is reported once; the refresh-aware drivers are clean", () => {
    const dir = path.join(FIXTURES, 'sdk-drivers');
    const docs = fs.readdirSync(dir).sort().map((n) => ({ uri: fileUri(path.join(dir, n)), text: fs.readFileSync(path.join(dir, n), 'utf8'), version: 0 }));
    const found = lintDocuments(docs, {}, { parseCode }).map((f) => `${path.basename(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    assert.deepEqual(found, [
      'guide-naive.cjs:20:16 warning one-shot-assume-role `response.Credentials?.AccessKeyId` copies the credentials of one AssumeRole response into the `credentials` of `new DynamoDBClient(…)`, which never renews them: they expire (within one hour for a role chained from IRSA credentials) and every call then fails with ExpiredToken. Use `fromTemporaryCredentials({ params: { RoleArn, RoleSessionName } })` of @aws-sdk/credential-providers (SDK v2: `new AWS.ChainableTemporaryCredentials({ params })`), or the module that IRSA: Generate Refresh-Aware SDK Code… writes.',
    ]);
  });
});

describe('irsa-lint with code', () => {
  it('lint() lists code files only when it has a parser', () => {
    const without = lint({ ...baseOptions(), paths: [BAD] }, REPO_ROOT);
    assert.deepEqual(without.files.map((f) => path.basename(f.path)), []);
    const withParser = lint({ ...baseOptions(), paths: [BAD] }, REPO_ROOT, { parseCode });
    assert.equal(withParser.files.length, fs.readdirSync(BAD).length);
    assert.equal(withParser.files.flatMap((f) => f.findings).filter((f) => f.ruleId === ID).length, 10);
    assert.deepEqual([...new Set(withParser.files.flatMap((f) => f.findings).map((f) => f.ruleId))], [ID]);
    assert.deepEqual(discoverFiles(BAD).files, []);
    assert.equal(discoverFiles(BAD, { code: true }).files.length, 7);
  });

  it('lintLoadingCode loads the grammars only when there is code, and leaves code out when they fail to load', async () => {
    let loads = 0;
    const asked: string[][] = [];
    const loader = async (languages: readonly CodeLanguage[]): Promise<CodeParser> => {
      loads++;
      asked.push([...languages].sort());
      return parseCode;
    };
    const yamlOnly = await lintLoadingCode({ ...baseOptions(), paths: [path.join(FIXTURES, 'cli', 'basic')] }, REPO_ROOT, {}, loader, (e) => assert.fail(String(e)));
    assert.equal(loads, 0);
    assert.equal(yamlOnly.files.length, 3);
    const withCode = await lintLoadingCode({ ...baseOptions(), paths: [BAD] }, REPO_ROOT, {}, loader, (e) => assert.fail(String(e)));
    assert.equal(loads, 1);
    // Only the grammars of the languages found are asked for (no TSX or JavaScript file there).
    assert.deepEqual(asked, [['go', 'java', 'javascript', 'python', 'typescript']]);
    assert.equal(withCode.files.flatMap((f) => f.findings).length, 10);
    const errors: unknown[] = [];
    const failed = await lintLoadingCode({ ...baseOptions(), paths: [BAD] }, REPO_ROOT, {}, () => Promise.reject(new Error('no wasm')), (e) => errors.push(e));
    assert.deepEqual(errors.map((e) => (e as Error).message), ['no wasm']);
    assert.deepEqual(failed.files, []);
  });

  it('a folder or file name with `#` or `?` is code all the same (a path is not a URI)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-hash-'));
    try {
      const folder = path.join(dir, 'services', '#legacy?');
      fs.mkdirSync(folder, { recursive: true });
      for (const f of fs.readdirSync(BAD)) fs.copyFileSync(path.join(BAD, f), path.join(folder, f.replace(/^assume\./, 'assume#1.')));
      assert.deepEqual(discoverFiles(dir, { code: true }).files.map((f) => path.basename(f)).sort(), ['Assume.java', 'Consumer.java', 'assume#1.go', 'assume#1.py', 'assume-v2.js', 'assume-v3.ts', 'provider-v3.mjs']);
      const asked: string[][] = [];
      const report = await lintLoadingCode({ ...baseOptions(), paths: [dir] }, REPO_ROOT, {}, async (languages) => {
        asked.push([...languages].sort());
        return parseCode;
      }, (e) => assert.fail(String(e)));
      assert.deepEqual(asked, [['go', 'java', 'javascript', 'python', 'typescript']]);
      assert.equal(report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === ID).length, 10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadCodeParser(languages) loads only those grammars: other languages parse to undefined', async () => {
    const pythonOnly = await loadCodeParser(['python']);
    assert.equal(pythonOnly('python', 'import boto3\n')?.type, 'module');
    assert.equal(pythonOnly('typescript', 'const a = 1;\n'), undefined);
    assert.equal(await loadCodeParser(['python', 'python']), pythonOnly, 'the same languages share one load');
    assert.equal((await loadCodeParser())('tsx', 'const a = <b/>;\n')?.type, 'program');
  });

  it('run() loads the grammars and reports code findings (unbundled)', async () => {
    let out = '';
    const code = await run(['--format', 'json', BAD], { out: (s: string) => (out += s), err: () => {}, cwd: REPO_ROOT, stdoutTty: false, stderrTty: false });
    assert.equal(code, 1);
    assert.equal((out.match(/"ruleId": "role-chaining-duration"/g) ?? []).length, 10, out.slice(0, 800));
  });

  it('the bundle dist/cli.js loads its .wasm files from dist/', () => {
    // The grammars are brotli-compressed in dist/ (esbuild.mjs: the .vsix size budget); the runtime is not.
    for (const w of ['tree-sitter.wasm', 'tree-sitter-typescript.wasm.br', 'tree-sitter-tsx.wasm.br', 'tree-sitter-javascript.wasm.br', 'tree-sitter-python.wasm.br', 'tree-sitter-go.wasm.br', 'tree-sitter-java.wasm.br']) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist', w)), w);
    }
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), '--format', 'json', path.relative(REPO_ROOT, BAD)], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal((r.stdout.match(/"ruleId": "role-chaining-duration"/g) ?? []).length, 10, r.stdout.slice(0, 800));
    assert.equal(r.stderr, '');
  });
});

function baseOptions(): LintOptions {
  return { paths: [], format: 'stylish', rules: {}, gitignore: true, quiet: false };
}

describe('assume-role-uncached quick fix (Go SDK v2)', () => {
  const id = 'assume-role-uncached';
  const head = 'package main\n\nimport (\n\t"github.com/aws/aws-sdk-go-v2/aws"\n\t"github.com/aws/aws-sdk-go-v2/credentials/stscreds"\n\t"github.com/aws/aws-sdk-go-v2/service/sts"\n)\n\n';
  const body = 'func f(cfg aws.Config, arn string) {\n\tcfg.Credentials = stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), arn)\n}\n';

  it('wraps the provider in aws.NewCredentialsCache(…), after which the file is clean', () => {
    const text = head + body;
    const found = lintDocuments([doc('a.go', text)], {}, { parseCode }).filter((f) => f.ruleId === id);
    assert.deepEqual(places(found, id), [[10, 20, 10, 79]]);
    const fixed = applyFix(text, found[0]!);
    assert.equal(fixed, head + 'func f(cfg aws.Config, arn string) {\n\tcfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), arn))\n}\n');
    assert.deepEqual(lintDocuments([doc('a.go', fixed)], {}, { parseCode }).filter((f) => CODE_RULES.has(f.ruleId)), []);
  });

  it('offers no fix when the aws package is imported under another name (the wrapper name would be wrong)', () => {
    const text = head.replace('\t"github.com/aws/aws-sdk-go-v2/aws"', '\tawsv2 "github.com/aws/aws-sdk-go-v2/aws"') + body.replace('aws.Config', 'awsv2.Config');
    const found = lintDocuments([doc('a.go', text)], {}, { parseCode }).filter((f) => f.ruleId === id);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fixes, undefined);
  });

  it('SDK v1 (no aws-sdk-go-v2 stscreds import) is not read', () => {
    const text = head.replace('aws-sdk-go-v2/credentials/stscreds', 'aws-sdk-go/aws/credentials/stscreds') + body;
    assert.deepEqual(lintDocuments([doc('a.go', text)], {}, { parseCode }).filter((f) => f.ruleId === id), []);
  });
});

describe('expired-token-retry edges', () => {
  const id = 'expired-token-retry';
  const run = (name: string, text: string): number[][] => places(lintDocuments([doc(name, text)], {}, { parseCode }), id);

  it('a class method that calls itself through `this` in the catch is reported at the error name', () => {
    const text = "import { S3Client } from '@aws-sdk/client-s3';\nclass Orders {\n  async read(key: string): Promise<unknown> {\n    try {\n      return await this.s3.send(key);\n    } catch (err) {\n      if (err instanceof ExpiredTokenException) return this.read(key);\n      throw err;\n    }\n  }\n}\n";
    assert.deepEqual(run('a.ts', text), [[7, 26, 7, 47]]);
  });

  it('a `continue` of a loop inside the handler is not a retry of the call', () => {
    const text = 'import boto3\ndef f(s3, keys):\n    try:\n        return s3.list_buckets()\n    except ClientError as e:\n        if e.response["Error"]["Code"] == "ExpiredToken":\n            for k in keys:\n                continue\n        raise\n';
    assert.deepEqual(run('a.py', text), []);
  });

  it('a negated test before the retry is not read (said on the rule page)', () => {
    const text = "import { S3Client } from '@aws-sdk/client-s3';\nasync function read(key: string): Promise<unknown> {\n  try {\n    return await s3.send(key);\n  } catch (err) {\n    if ((err as Error).name !== 'ExpiredTokenException') throw err;\n    return read(key);\n  }\n}\n";
    assert.deepEqual(run('a.ts', text), []);
  });
});
