/**
 * Every SARIF log the tests can produce validates against the SARIF 2.1.0 schema, with unique
 * `fixes` and `relatedLocations` (issue #10 item 11: a CredentialsRequest listing one service
 * account twice gave a result whose two fixes were the same item, which the schema forbids). Runs
 * `irsa-lint --format sarif` in-process on every bad rule fixture, the examples and the new cases.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { toSarif } from '../../server/src/cli/formatters/sarif';
import type { LintReport } from '../../server/src/cli/lint';
import { ALL_RULES } from '../../server/src/engine/rules';
import type { Finding } from '../../server/src/engine/types';
import { lintDocuments } from '../../server/src/engine/workspace/workspace';
import { FIXTURES, golden, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';
import { assertValidSarif, lintSarif, repeatedItems, validateSarif } from '../helpers/sarif';

const DUPLICATE_SA = path.join(FIXTURES, 'cli', 'duplicate-service-account');

interface Result {
  ruleId: string;
  message: { text: string };
  fixes?: { description: { text: string } }[];
  properties?: { omitted?: number };
}
const resultsOf = (log: unknown): Result[] => (log as { runs: { results: Result[] }[] }).runs[0]!.results;

describe('SARIF output validates against the 2.1.0 schema', () => {
  const rel = (p: string): string => path.relative(REPO_ROOT, p).split(path.sep).join('/');
  const badFixtures = fs
    .readdirSync(path.join(FIXTURES, 'rules'))
    .sort()
    .map((id) => path.join(FIXTURES, 'rules', id, 'bad'))
    .filter((d) => fs.existsSync(d));

  it(`every bad rule fixture (${badFixtures.length}), with at least one result each`, async () => {
    assert.ok(badFixtures.length >= ALL_RULES.length - 1, `only ${badFixtures.length} bad fixtures`);
    for (const dir of badFixtures) {
      const { code, log } = await lintSarif([rel(dir)]);
      assert.ok(code === 0 || code === 1, `${rel(dir)}: exit ${code}`);
      assert.ok(resultsOf(log).length > 0, `${rel(dir)}: no results`);
      assertValidSarif(log, rel(dir));
    }
  });

  it('the guide, the fixed guide, the CLI fixtures and the findings flood', async () => {
    for (const dir of ['examples/guide', 'examples/fixed', 'test/fixtures/cli/basic', 'test/fixtures/cli/flood', 'test/fixtures/cli/duplicate-service-account']) {
      const { log } = await lintSarif([dir]);
      assertValidSarif(log, dir);
    }
  });

  it('a CredentialsRequest listing one service account twice: one fix per name (golden results)', async () => {
    const { code, log } = await lintSarif([rel(DUPLICATE_SA)]);
    assert.equal(code, 1);
    assertValidSarif(log, rel(DUPLICATE_SA));
    const results = resultsOf(log);
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.fixes?.map((f) => f.description.text)]),
      [
        [
          'service-account-mismatch',
          [
            'Run Deployment `my-app` as service account `other-sa` (listed in CredentialsRequest `dev-dynamodb-reader`)',
            'Add `dev-db-reader` to serviceAccountNames of CredentialsRequest `dev-dynamodb-reader` (dev-dynamodb-reader.yaml:19)',
          ],
        ],
      ],
    );
    const text = JSON.stringify(results, null, 2);
    assert.equal(text, golden(path.join(FIXTURES, 'cli', 'golden', 'duplicate-service-account.sarif-results.json'), text));
  });

  it('the engine offers each listed service account once (root cause of the repeated fix)', () => {
    const { documents, settings } = loadWorkspace(DUPLICATE_SA);
    const [mismatch, ...rest] = lintDocuments(documents, settings);
    assert.deepEqual(rest, []);
    assert.equal(mismatch!.ruleId, 'service-account-mismatch');
    assert.equal(
      mismatch!.message,
      'Deployment `my-app` runs as service account `dev-db-reader`, which is not in serviceAccountNames of CredentialsRequest `dev-dynamodb-reader` (dev-dynamodb-reader.yaml:19): `other-sa`. The ccoctl trust policy only admits system:serviceaccount:my-namespace:other-sa, so STS refuses AssumeRoleWithWebIdentity.',
    );
    assert.deepEqual(
      mismatch!.fixes!.map((f) => [f.title, f.preferred]),
      [
        ['Run Deployment `my-app` as service account `other-sa` (listed in CredentialsRequest `dev-dynamodb-reader`)', true],
        ['Add `dev-db-reader` to serviceAccountNames of CredentialsRequest `dev-dynamodb-reader` (dev-dynamodb-reader.yaml:19)', undefined],
      ],
    );
  });

  it('the findings flood: a result standing for findings not listed says how many in `properties.omitted`', async () => {
    const { log } = await lintSarif(['test/fixtures/cli/flood']);
    const results = resultsOf(log);
    assert.equal(results.length, 406);
    assert.deepEqual(
      results.filter((r) => r.properties).map((r) => [r.ruleId, r.properties]),
      [
        ['arn-format', { omitted: 30 }],
        ['iam-action-required', { omitted: 10 }],
        ['iam-effect', { omitted: 10 }],
        ['trust-policy-shape', { omitted: 10 }],
      ],
    );
  });

  it('the formatter drops repeated fixes and related locations, whatever the engine gives it', () => {
    const uri = 'file:///w/deployment.yaml';
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
    const fix = { title: 'Change it', edits: [{ uri, start: 10, end: 13, newText: 'abc' }] };
    const finding: Finding = {
      uri,
      range,
      ruleId: 'service-account-mismatch',
      severity: 'error',
      message: 'm',
      related: [
        { uri, range, message: 'there' },
        { uri, range, message: 'there' },
      ],
      fixes: [fix, { ...fix }, { ...fix, title: 'Other' }],
    };
    const report: LintReport = { cwd: '/w', root: '/w', settings: {}, files: [{ path: '/w/deployment.yaml', display: 'deployment.yaml', uri, findings: [finding] }], unreadable: [], skipped: [], notices: [] };
    const log = toSarif(report, { version: '0.0.0', rules: ALL_RULES, docsLink: (id) => `https://example.org/${id}.md` });
    assert.deepEqual(validateSarif(log), []);
    assert.deepEqual(repeatedItems(log), []);
    const res = log.runs[0]!.results![0]!;
    assert.deepEqual(
      res.fixes!.map((f) => f.description!.text),
      ['Change it', 'Other'],
    );
    assert.deepEqual(res.relatedLocations, [{ id: 1, physicalLocation: { artifactLocation: { uri: 'deployment.yaml', uriBaseId: '%SRCROOT%', index: 0 }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 } }, message: { text: 'there' } }]);
    // The check itself is not vacuous: a repeated fix is an invalid log.
    const repeated = JSON.parse(JSON.stringify(log)) as typeof log;
    repeated.runs[0]!.results![0]!.fixes!.push(repeated.runs[0]!.results![0]!.fixes![0]!);
    assert.notDeepEqual(validateSarif(repeated), []);
    assert.deepEqual(repeatedItems(repeated), ['service-account-mismatch fixes: m']);
  });
});
