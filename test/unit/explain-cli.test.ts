/**
 * `irsa-lint explain` through the real bundle (`node dist/cli.js`, built by `npm run build`): the
 * stylish and JSON outputs in full, the exit codes (0 a cause in the files, 1 none or an unrecognised
 * text, 2 usage errors) and `--message -` reading standard input.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXPLAIN = path.join(FIXTURES, 'explain');
const CHAINING = 'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
const CHAINING_SUMMARY = (what: string, hours: string): string =>
  `${what} asks for a ${hours} session, but in an IRSA pod this AssumeRole is role chaining (the SDK's credentials are already role credentials, from AssumeRoleWithWebIdentity), which STS limits to one hour: the call fails with "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining". Use 3600 or less and let a refreshing provider renew the session.`;

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: EXPLAIN, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('irsa-lint explain (bundle)', () => {
  it('--format json: the issue\'s shape, 1-based lines, paths relative to the working directory', () => {
    const r = cli(['explain', '--format', 'json', '--message', CHAINING, 'role-chaining-duration']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      error: { code: 'ValidationError', operation: 'AssumeRole', arns: [], accountIds: [] },
      causes: [
        { rank: 1, summary: CHAINING_SUMMARY('DurationSeconds 43200', '12-hour'), ruleId: 'role-chaining-duration', file: 'role-chaining-duration/assume.py', line: 10, column: 25, outsideFiles: false },
        { rank: 2, summary: CHAINING_SUMMARY('DurationSeconds `SESSION_SECONDS` (7200 seconds)', '2-hour'), ruleId: 'role-chaining-duration', file: 'role-chaining-duration/assume.py', line: 26, column: 69, outsideFiles: false },
      ],
    });
    // Key order as documented: outsideFiles last.
    assert.match(r.stdout, /"column": 25,\n {6}"outsideFiles": false/);
  });

  it('stylish: the error, numbered causes with path:line:col and rule, and a summary line', () => {
    const r = cli(['explain', '--message', CHAINING, 'role-chaining-duration']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'ValidationError on AssumeRole',
        '',
        '1. role-chaining-duration/assume.py:10:25  role-chaining-duration',
        `   ${CHAINING_SUMMARY('DurationSeconds 43200', '12-hour')}`,
        '2. role-chaining-duration/assume.py:26:69  role-chaining-duration',
        `   ${CHAINING_SUMMARY('DurationSeconds `SESSION_SECONDS` (7200 seconds)', '2-hour')}`,
        '',
        '✔ 2 causes in the files',
        '',
      ].join('\n'),
    );
  });

  it('stylish: fields the error names, and causes to check in AWS', () => {
    const r = cli(['explain', '--message', 'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111122223333:assumed-role/orders-api/orders-worker is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/dynamodb-writer', 'assume-role-denied']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'AccessDenied on AssumeRole',
      '  role dynamodb-writer · session orders-worker · accounts 111122223333, 444455556666',
      '',
      '1. assume-role-denied/webhook/destination-account/dynamodb-writer-trust-policy.json:7:67  session-name-mismatch',
    ]);
    assert.equal(lines[5], '2. in AWS');
    assert.equal(lines[6], '   In AWS, role `dynamodb-writer` must exist in account 444455556666 and its trust policy there (not only the file) must admit the caller `orders-api` with session `orders-worker`: `aws iam get-role --role-name dynamodb-writer`.');
    assert.equal(lines.at(-2), '✔ 1 cause in the files, 2 to check in AWS');
  });

  it('--message - reads the error text from standard input', () => {
    const r = cli(['explain', '-f', 'json', '--message', '-', 'no-credentials'], 'botocore.exceptions.NoCredentialsError: Unable to locate credentials\n');
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { error: unknown; causes: { file?: string; line?: number; column?: number; ruleId?: string }[] };
    assert.deepEqual(json.error, { code: 'NoCredentialsError', operation: null, arns: [], accountIds: [] });
    assert.deepEqual([json.causes[0]!.file, json.causes[0]!.line, json.causes[0]!.column, json.causes[0]!.ruleId], ['no-credentials/deployment.yaml', 30, 21, 'missing-token-volume']);
  });

  it('exit 1 when no cause is in the files (only what to check in AWS)', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-explain-'));
    temps.push(empty);
    const r = cli(['explain', '-f', 'json', '--message', "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements", empty]);
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { causes: { rank: number; outsideFiles: boolean }[] };
    assert.deepEqual(json.causes.map((c) => [c.rank, c.outsideFiles]), [[1, true]]);
  });

  it('exit 1 with a clear message for a text that is none of the errors explained', () => {
    const r = cli(['explain', '--message', 'Error: connect ECONNREFUSED 127.0.0.1:443', 'no-credentials']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^irsa-lint: explain: this text is none of the AWS errors irsa-lint explains \(AccessDenied on AssumeRoleWithWebIdentity or AssumeRole, /);
  });

  it('exit 2 on usage errors: no --message, --message without text, empty standard input, a bad format, a missing path', () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['explain', 'no-credentials'], undefined, /^irsa-lint: explain needs the error text: --message <text>, or --message - to read it from standard input\nRun irsa-lint explain --help for usage\.\n$/],
      [['explain', '--message'], undefined, /^irsa-lint: option --message needs the error text/],
      [['explain', '--message', '-', 'no-credentials'], '', /^irsa-lint: explain: the error text is empty\n$/],
      [['explain', '--format', 'sarif', '--message', 'Unable to locate credentials'], undefined, /^irsa-lint: explain: unknown format "sarif" \(expected stylish, json\)/],
      [['explain', '--message', '-', '-'], 'x', /^irsa-lint: explain: standard input cannot be both the error text \(--message -\) and a path \(-\)/],
      [['explain', '--message', 'Unable to locate credentials', 'no-such-folder'], undefined, /^irsa-lint: no such file or directory: no-such-folder\n$/],
    ];
    for (const [args, input, stderr] of cases) {
      const r = cli(args, input);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, stderr, args.join(' '));
    }
  });

  it('exit 2 when standard input cannot be read (--message - with a directory as stdin)', () => {
    const fd = fs.openSync(os.tmpdir(), 'r');
    try {
      const r = spawnSync(process.execPath, [CLI, 'explain', '--message', '-', 'no-credentials'], { cwd: EXPLAIN, encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'], timeout: 60_000 });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'irsa-lint: explain: cannot read standard input: EISDIR: illegal operation on a directory, read\n');
    } finally {
      fs.closeSync(fd);
    }
  });

  it('explain --help prints its usage; the main help names the subcommand', () => {
    const r = cli(['explain', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: irsa-lint explain --message <text> \[options\] \[paths\.\.\.\]\n/);
    assert.match(cli(['--help']).stdout, /\n {7}irsa-lint explain --message <text> \[paths\.\.\.\] {3}\(see irsa-lint explain --help\)\n/);
  });
});
