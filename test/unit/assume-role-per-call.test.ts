/**
 * assume-role-uncached in Python and Java (issue #14, "an AssumeRole per request"): a helper that
 * assumes the role every time it runs, and is itself run per call. One mistake, one finding: the same
 * Python helper is either this rule's (run per call) or one-shot-assume-role's (run once, so its copied
 * keys expire), never both — they ask one predicate (pythonPerCallFunctions). The conservative limits
 * (memoised helpers, `@Bean` factories, constructors, fields, `main`) are asserted here so a later
 * loosening shows up as a failing test.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser, Finding, SourceDocument } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { FIXTURES, loadWorkspace } from '../helpers/fixtures';

const ID = 'assume-role-uncached';
const ONE_SHOT = 'one-shot-assume-role';

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function lint(name: string, text: string): Finding[] {
  const d: SourceDocument = { uri: `file:///ws/${name}`, text, version: 0 };
  return lintDocuments([d], {}, { parseCode }).filter((f) => f.ruleId === ID || f.ruleId === ONE_SHOT);
}

/** `[rule, line, col, endLine, endCol]`, 1-based. */
function places(findings: Finding[]): (string | number)[][] {
  return findings.map((f) => [f.ruleId, f.range.start.line + 1, f.range.start.character + 1, f.range.end.line + 1, f.range.end.character + 1]);
}

// A helper like the one of a real IRSA demo (a FastAPI app): it returns the client and the response.
const HELPER = `import boto3

ROLE = "arn:aws:iam::444455556666:role/reports-reader"


def get_s3_client():
    sts = boto3.client("sts")
    response = sts.assume_role(RoleArn=ROLE, RoleSessionName="reports-api")
    return boto3.client(
        "s3",
        aws_access_key_id=response["Credentials"]["AccessKeyId"],
        aws_secret_access_key=response["Credentials"]["SecretAccessKey"],
        aws_session_token=response["Credentials"]["SessionToken"],
    ), response
`;
const HANDLER = '\n\nasync def read(key):\n    s3, _ = get_s3_client()\n    return s3.get_object(Bucket="reports", Key=key)\n';

describe('assume-role-uncached: Python', () => {
  it('a helper called only from a handler: this rule, at the assume_role callee, with the caller named', () => {
    const found = lint('app.py', HELPER + HANDLER);
    assert.deepEqual(places(found), [[ID, 8, 16, 8, 31]]);
    assert.equal(
      found[0]!.message,
      "`get_s3_client()` creates an STS client and calls AssumeRole (`sts.assume_role(…)`) every time it runs, then builds `boto3.client(…)` from that response's keys; it is called only from inside functions (`read`), so every call costs an STS round trip and, under load, STS throttling. Create one refreshing session once, at module level (botocore's `DeferredRefreshableCredentials` with an `AssumeRoleCredentialFetcher`, which reuses the credentials until they near expiry), or use the module that IRSA: Generate Refresh-Aware SDK Code… writes.",
    );
    assert.equal(found[0]!.severity, 'warning');
  });

  it('the same helper also called at module level: one-shot-assume-role only (its client outlives the credentials)', () => {
    const found = lint('app.py', HELPER + HANDLER + '\n\nS3, _ = get_s3_client()\n');
    assert.deepEqual(places(found), [[ONE_SHOT, 11, 27, 11, 65]]);
  });

  it('memoised or kept in a global: run once, so one-shot-assume-role only', () => {
    const memo = HELPER.replace('import boto3\n', 'import functools\n\nimport boto3\n').replace('def get_s3_client', '@functools.lru_cache(maxsize=1)\ndef get_s3_client');
    assert.deepEqual(places(lint('memo.py', memo + HANDLER)).map((p) => p[0]), [ONE_SHOT]);
    const global = HELPER.replace('    sts = boto3.client("sts")\n', '    global _LAST\n    sts = boto3.client("sts")\n');
    assert.deepEqual(places(lint('global.py', global + HANDLER)).map((p) => p[0]), [ONE_SHOT]);
  });

  it('not reported: a helper never called in its file (one-shot-assume-role reports it), a method, a response only read', () => {
    assert.deepEqual(places(lint('lib.py', HELPER)).map((p) => p[0]), [ONE_SHOT]);
    const method = `import boto3\n\n\nclass Reports:\n    def client(self):\n        creds = boto3.client("sts").assume_role(RoleArn="arn:aws:iam::444455556666:role/r", RoleSessionName="r")["Credentials"]\n        return boto3.client("s3", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])\n\n    def read(self, key):\n        return self.client().get_object(Bucket="b", Key=key)\n`;
    assert.deepEqual(places(lint('method.py', method)).map((p) => p[0]), [ONE_SHOT]);
    const readOnly = `import boto3\n\n\ndef whoami():\n    return boto3.client("sts").assume_role(RoleArn="arn:aws:iam::444455556666:role/r", RoleSessionName="r")["AssumedRoleUser"]["Arn"]\n\n\ndef handler():\n    return whoami()\n`;
    assert.deepEqual(lint('who.py', readOnly), []);
  });
});

const JAVA_HEAD = `import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

class Reports {
`;
const FACTORY = `    S3Client client() {
        StsClient sts = StsClient.create();
        StsAssumeRoleCredentialsProvider p = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(r -> r.roleArn("arn:aws:iam::444455556666:role/r").roleSessionName("r")).build();
        return S3Client.builder().credentialsProvider(p).build();
    }
`;

describe('assume-role-uncached: Java SDK v2', () => {
  it('a method that builds a new STS client and provider, called from another method: reported at the provider class', () => {
    const found = lint('Reports.java', JAVA_HEAD + FACTORY + '    String read() { return client().toString(); }\n}\n');
    assert.deepEqual(places(found), [[ID, 8, 46, 8, 78]]);
    assert.match(found[0]!.message, /^`client\(\)` creates an STS client and a new `StsAssumeRoleCredentialsProvider` every time it runs; it is called only from other methods \(`read`\)/);
  });

  const quiet: [string, string][] = [
    ['called from the constructor', '    Reports() { client(); }\n'],
    ['kept in a field', '    S3Client kept; void init() { this.kept = client(); }\n'],
    ['called from main', '    public static void main(String[] a) { new Reports().client(); client(); }\n'],
    ['called from a lambda (maybe a memoising supplier)', '    java.util.function.Supplier<S3Client> s() { return () -> client(); }\n'],
    ['never called in the file', ''],
  ];
  for (const [why, rest] of quiet) {
    it(`not reported: ${why}`, () => assert.deepEqual(lint('Reports.java', JAVA_HEAD + FACTORY + rest + '}\n'), []));
  }

  it('not reported: a @Bean factory, or a provider variable assigned twice', () => {
    assert.deepEqual(lint('Reports.java', JAVA_HEAD + '    @Bean\n' + FACTORY + '    String read() { return client().toString(); }\n}\n'), []);
    const twice = FACTORY.replace('        return', '        p = null;\n        return');
    assert.deepEqual(lint('Reports.java', JAVA_HEAD + twice + '    String read() { return client().toString(); }\n}\n'), []);
  });
});

describe('assume-role-uncached and one-shot-assume-role never report the same code', () => {
  it('over both rules\' bad fixtures, no finding of one lies inside a function the other reports', () => {
    let compared = 0;
    for (const id of [ID, ONE_SHOT]) {
      const dir = path.join(FIXTURES, 'rules', id, 'bad');
      const { documents, settings } = loadWorkspace(dir, undefined, { code: true });
      const found = lintDocuments(documents, settings, { parseCode }).filter((f) => f.ruleId === ID || f.ruleId === ONE_SHOT);
      for (const a of found.filter((f) => f.ruleId === ID)) {
        const doc = documents.find((d) => d.uri === a.uri)!;
        const lines = doc.text.split('\n');
        // The helper's body: from the line of its `def`/declaration down to the next top-level line.
        let from = a.range.start.line;
        while (from > 0 && !/^(def |    (private |public |protected )?[\w<>]+ \w+\()/.test(lines[from]!)) from--;
        let to = a.range.start.line + 1;
        while (to < lines.length && !/^(def |\S)/.test(lines[to]!) && !/^    (private |public |protected )?[\w<>]+ \w+\(/.test(lines[to]!)) to++;
        const clash = found.filter((o) => o.ruleId === ONE_SHOT && o.uri === a.uri && o.range.start.line >= from && o.range.start.line < to);
        assert.deepEqual(clash, [], `${a.uri}:${a.range.start.line + 1}`);
        compared++;
      }
    }
    assert.ok(compared >= 4, `only ${compared} findings compared`);
  });
});
