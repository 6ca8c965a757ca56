/**
 * code-session-name-mismatch reads session names that are not a literal in the call (issue #14,
 * part "percall"): a name bound once (Go `var`/`:=`, Java non-final, JS `let`) and patterns with fixed
 * text (Python f-strings, JS/TS template literals, Go `fmt.Sprintf`, Java `String.format`, `+`). A
 * pattern is reported only when no value it can take is the pinned session; a name that is also a
 * parameter or is written again is not read (a value is never taken from another binding).
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser, Finding } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';

const ID = 'code-session-name-mismatch';
const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:sts::444455556666:assumed-role/dynamodb-reader/reporting" },
      "Action": "sts:AssumeRole"
    }
  ]
}
`;
const ARN = 'arn:aws:iam::444455556666:role/dynamodb-reader';

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function lint(name: string, text: string): Finding[] {
  return lintDocuments(
    [
      { uri: 'file:///ws/reporting-account/report-writer-trust-policy.json', text: TRUST, version: 0 },
      { uri: `file:///ws/app/${name}`, text, version: 0 },
    ],
    {},
    { parseCode },
  ).filter((f) => f.ruleId === ID);
}

/** `[line, col, endLine, endCol]`, 1-based, of the last occurrence of `expr` in `text` (where the call holds it). */
function span(text: string, expr: string): number[] {
  const at = text.lastIndexOf(expr);
  assert.ok(at >= 0, expr);
  const before = text.slice(0, at).split('\n');
  return [before.length, before[before.length - 1]!.length + 1, before.length, before[before.length - 1]!.length + 1 + expr.length];
}

/** `[line, col, endLine, endCol, shown session]`, 1-based. */
function found(name: string, text: string): (string | number)[][] {
  return lint(name, text).map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.range.end.line + 1, f.range.end.character + 1, /(?:RoleSessionName `([^`]*)`|of the form `([^`]*)`)/.exec(f.message)?.slice(1).find((x) => x) ?? '']);
}

/** Asserts exactly one finding, on `expr` (less `trim` trailing characters) as the call holds it, showing `session`. */
function expect(name: string, text: string, expr: string, session: string, trim = 0): void {
  const r = span(text, expr);
  assert.deepEqual(found(name, text), [[r[0]!, r[1]!, r[2]!, r[3]! - trim, session]], text);
}

const py = (session: string, pre = ''): string => `import boto3\n${pre}\n\ndef f(sts, hour):\n    return sts.assume_role(RoleArn="${ARN}", RoleSessionName=${session})\n`;
const go = (session: string, pre = ''): string =>
  `package main\n\nimport (\n\t"fmt"\n\n\t"github.com/aws/aws-sdk-go-v2/aws"\n\t"github.com/aws/aws-sdk-go-v2/service/sts"\n)\n${pre}\nfunc in(n int, suffix string) *sts.AssumeRoleInput {\n\treturn &sts.AssumeRoleInput{RoleArn: aws.String("${ARN}"), RoleSessionName: aws.String(${session})}\n}\n\nvar _ = fmt.Sprintf\n`;
const java = (session: string, pre = '', method = ''): string =>
  `import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;\n\nclass C {\n${pre}\n    AssumeRoleRequest r(String id, int n) {\n        return AssumeRoleRequest.builder().roleArn("${ARN}").roleSessionName(${session}).build();\n    }\n${method}}\n`;
const ts = (session: string, pre = ''): string => `import { AssumeRoleCommand } from '@aws-sdk/client-sts';\n${pre}\nexport const c = (id: string) => new AssumeRoleCommand({ RoleArn: '${ARN}', RoleSessionName: ${session} });\n`;

describe('code-session-name-mismatch: patterns', () => {
  it('reports a pattern no value of which is the pinned session, in each language, at the expression', () => {
    expect('a.py', py('f"nightly-{hour}"'), 'f"nightly-{hour}"', 'nightly-*');
    expect('a.py', py('"nightly-" + str(hour)'), '"nightly-" + str(hour)', 'nightly-*');
    expect('a.go', go('fmt.Sprintf("adhoc-%d-%s", n, suffix)'), 'aws.String(fmt.Sprintf("adhoc-%d-%s", n, suffix))', 'adhoc-*-*');
    expect('C.java', java('String.format("job-%s", id)'), 'String.format("job-%s", id)', 'job-*');
    expect('C.java', java('id + "-job"'), 'id + "-job"', '*-job');
    expect('c.ts', ts('`orders-${id}`'), '`orders-${id}`', 'orders-*');
    expect('c.ts', ts('`${id}-${id}`'), '`${id}-${id}`', '*-*'); // `reporting` has no dash
  });

  it('is quiet when some value of the pattern is the pinned session (`*` may be any text, also empty)', () => {
    for (const [name, text] of [
      ['a.py', py('f"report{hour}"')],
      ['a.py', py('f"{hour}reporting"')],
      ['a.go', go('fmt.Sprintf("rep%sing", suffix)')],
      ['C.java', java('"report" + id')],
      ['c.ts', ts('`${id}`')],
    ] as const) {
      assert.deepEqual(found(name, text), [], text);
    }
  });

  it('does not read what it cannot: escapes, `{{`, `%n`, argument indexes, only unknown values', () => {
    for (const [name, text] of [
      ['a.py', py('f"job-{{x}}-{hour}"')],
      ['a.py', py('f"job\\\\-{hour}"')],
      ['a.go', go('fmt.Sprintf("adhoc-%[1]d", n)')],
      ['C.java', java('String.format("job-%n%s", id)')],
      ['C.java', java('String.format("job-%1$s", id)')],
      ['c.ts', ts('`${id}${id}`')],
    ] as const) {
      assert.deepEqual(found(name, text), [], text);
    }
  });

  it('offers no quick fix for a pattern (only a literal written in the call is replaced)', () => {
    const f = lint('a.py', py('f"nightly-{hour}"'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.fixes, undefined);
    assert.match(f[0]!.message, /^The RoleSessionName of boto3 `assume_role` is always of the form `nightly-\*` \(`\*`: a value this file does not fix\) and names the session this AssumeRole creates/);
  });
});

describe('code-session-name-mismatch: names bound once', () => {
  it('reads a Go var / :=, a Java non-final field or local, a JS/TS let, a Python module name, to a literal or a pattern', () => {
    expect('a.go', go('session', '\nvar session = "adhoc"\n'), 'aws.String(session)', 'adhoc');
    expect('a.go', go('s', '').replace('\treturn', '\ts := fmt.Sprintf("adhoc-%d", n)\n\treturn'), 'aws.String(s)', 'adhoc-*');
    expect('C.java', java('session', '    private String session = "batch";'), 'session)', 'batch', 1);
    expect('C.java', java('s', '').replace('        return', '        String s = "job-" + id;\n        return'), 's)', 'job-*', 1);
    expect('c.ts', ts('session', "let session = 'orders';"), 'session }', 'orders', 2);
    expect('a.py', py('SESSION', 'SESSION = f"batch-{len(__name__)}"'), 'SESSION)', 'batch-*', 1);
  });

  it('does not read a name that is also a parameter, written again, or a field set elsewhere', () => {
    for (const [name, text] of [
      ['a.go', go('suffix', '\nvar suffix = "adhoc"\n')], // also a parameter of `in`
      ['a.go', go('session', '\nvar session = "adhoc"\n\nfunc init() { session = "reporting" }\n')],
      ['C.java', java('session', '    private String session = "batch";', '    void set(String s) { this.session = s; }\n')],
      ['C.java', java('id', '    private String id = "batch";')], // the parameter `id` of r
      ['c.ts', ts('session', "let session = 'orders';\nsession += '-x';")],
      ['c.ts', ts('id', "let id = 'orders';")],
    ] as const) {
      assert.deepEqual(found(name, text), [], text);
    }
  });
});

/** The destination role's own trust policy, its statements' conditions given. */
const conditionPolicy = (...conditions: (string | undefined)[]): string =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: conditions.map((c) => ({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/orders-pod' },
        Action: 'sts:AssumeRole',
        ...(c === undefined ? {} : { Condition: JSON.parse(c) }),
      })),
    },
    null,
    2,
  ) + '\n';

function lintWithRolePolicy(policy: string, code: string): Finding[] {
  return lintDocuments(
    [
      { uri: 'file:///ws/destination-account/dynamodb-reader-trust-policy.json', text: policy, version: 0 },
      { uri: 'file:///ws/app/a.py', text: code, version: 0 },
    ],
    {},
    { parseCode },
  ).filter((f) => f.ruleId === ID);
}

describe("code-session-name-mismatch: the role's own sts:RoleSessionName condition", () => {
  const equals = '{ "StringEquals": { "sts:RoleSessionName": "reporting" } }';
  const like = '{ "StringLike": { "sts:RoleSessionName": ["app-*", "job-??"] } }';

  it('reports a literal the StringEquals value does not admit, with the policy line and a fix', () => {
    const text = py('"nightly"');
    const f = lintWithRolePolicy(conditionPolicy(equals), text);
    assert.deepEqual(
      f.map((x) => [x.range.start.line + 1, x.range.start.character + 1, x.message]),
      [
        [
          5,
          text.split('\n')[4]!.indexOf('"nightly"') + 1,
          "RoleSessionName `nightly` of boto3 `assume_role` (role `dynamodb-reader` named by the RoleArn of this call), but the trust policy of that role in `../destination-account/dynamodb-reader-trust-policy.json:12` admits only the session names `reporting` for sts:AssumeRole (sts:RoleSessionName): STS will deny this AssumeRole. Use a session name the condition admits, or widen the condition.",
        ],
      ],
    );
    assert.equal(f[0]!.fixes?.[0]?.edits[0]?.newText, '"reporting"');
    assert.deepEqual(f[0]!.related?.map((r) => r.uri), ['file:///ws/destination-account/dynamodb-reader-trust-policy.json']);
  });

  it('StringLike: a pattern is reported only when it shares no value with any admitted pattern', () => {
    const shown = (session: string): string[] => lintWithRolePolicy(conditionPolicy(like), py(session)).map((f) => /admits only the session names (.*) for/.exec(f.message)?.[1] ?? f.message);
    assert.deepEqual(shown('f"nightly-{hour}"'), ['`app-*` (StringLike), `job-??` (StringLike)']);
    assert.deepEqual(shown('"job-123"'), ['`app-*` (StringLike), `job-??` (StringLike)']);
    assert.deepEqual(shown('f"app-{hour}"'), []);
    assert.deepEqual(shown('f"{hour}-12"'), []); // can be job-12
    assert.deepEqual(shown('f"jo{hour}"'), []); // can be job-ab
    assert.deepEqual(shown('"job-12"'), []);
    assert.equal(lintWithRolePolicy(conditionPolicy(like), py('"nightly"'))[0]!.fixes, undefined); // no single exact value to write
  });

  it('is quiet when another statement allows the action without the condition, or the condition is not read', () => {
    assert.deepEqual(lintWithRolePolicy(conditionPolicy(equals, undefined), py('"nightly"')), []);
    assert.deepEqual(lintWithRolePolicy(conditionPolicy('{ "StringNotEquals": { "sts:RoleSessionName": "nightly" } }'), py('"nightly"')), []);
    assert.deepEqual(lintWithRolePolicy(conditionPolicy('{ "StringEquals": { "sts:RoleSessionName": "${aws:username}" } }'), py('"nightly"')), []);
    assert.deepEqual(lintWithRolePolicy(conditionPolicy(equals), py('"reporting"')), []);
    // The condition binds sts:AssumeRole only: a web identity call of the role is another action.
    assert.deepEqual(lintWithRolePolicy(conditionPolicy(equals), py('"nightly"').replace('assume_role(', 'assume_role_with_web_identity(')), []);
  });
});
