/**
 * Issue #10 item 8: a 2 KB fuzzed trust policy gave 20,795 findings and a 1.2 MB folder 195 MB of
 * SARIF. The engine lists at most MAX_FINDINGS_PER_RULE findings of one rule (at one severity) per
 * file, plus one finding saying how many more there were, and drops identical findings. The
 * fixture test/fixtures/cli/flood was written by
 * `node bench/findings-flood.mjs --principals 130 --statements 110 --crs 12 --keep test/fixtures/cli/flood`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../server/src/cli/main';
import { findWorkspaceRoot } from '../../server/src/node';
import { FindingCollector, MAX_FINDINGS_PER_RULE } from '../../server/src/engine/collect';
import type { FileRule, Report } from '../../server/src/engine/rules/types';
import type { Finding, Severity } from '../../server/src/engine/types';
import { lintDocuments, Workspace } from '../../server/src/engine/workspace/workspace';
import { fileUri, FIXTURES, golden, REPO_ROOT } from '../helpers/fixtures';

const FLOOD = path.join(FIXTURES, 'cli', 'flood');
const POLICY = path.join(FLOOD, 'trust-policy.json');
const MANY_CRS = path.join(FLOOD, 'credrequests', 'many.yaml');
const POLICY_TEXT = fs.readFileSync(POLICY, 'utf8');
/** Offset of the first principal `"1"` (each is 3 characters plus a comma) and of the first `{"Principal":"*"}` (17 plus a comma). */
const FIRST_PRINCIPAL = POLICY_TEXT.indexOf('"1"');
const FIRST_STAR = POLICY_TEXT.indexOf('{"Principal":"*"}');

function onLine0(start: number, end: number): Finding['range'] {
  return { start: { line: 0, character: start }, end: { line: 0, character: end } };
}

function omitted(uri: string, ruleId: string, range: Finding['range'], n: number, severity: Severity = 'error'): Finding {
  return {
    uri,
    range,
    ruleId,
    severity,
    message: `${n} more ${ruleId} ${severity}s in this file are not listed (the first of them is here): at most 100 of one rule are listed per file. They usually share one cause; fix it and check again to see what is left.`,
    omitted: n,
  };
}

function countByRule(findings: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) if (f.omitted === undefined) out[f.ruleId] = (out[f.ruleId] ?? 0) + 1;
  return out;
}

describe('findings cap: at most 100 per rule per file, then one finding saying how many more', () => {
  it('a 2.6 KB trust policy with 130 malformed principals and 110 `*` statements', () => {
    assert.equal(MAX_FINDINGS_PER_RULE, 100);
    const uri = fileUri(POLICY);
    const findings = lintDocuments([{ uri, text: POLICY_TEXT }]);
    // Without the cap: 130 arn-format, 110 each of iam-action-required, iam-effect, trust-policy-shape.
    assert.deepEqual(countByRule(findings), { 'arn-format': 100, 'iam-action-required': 100, 'iam-effect': 100, 'trust-policy-shape': 100, 'trust-policy-size': 1 });
    const star = (j: number): Finding['range'] => onLine0(FIRST_STAR + 18 * j, FIRST_STAR + 18 * j + 17);
    assert.deepEqual(
      findings.filter((f) => f.omitted !== undefined),
      [
        // The first of each rule not listed: principal 101, and the 101st `*` statement.
        omitted(uri, 'arn-format', onLine0(FIRST_PRINCIPAL + 400, FIRST_PRINCIPAL + 403), 30),
        omitted(uri, 'iam-action-required', star(100), 10),
        omitted(uri, 'iam-effect', star(100), 10),
        omitted(uri, 'trust-policy-shape', onLine0(FIRST_STAR + 1800 + 13, FIRST_STAR + 1800 + 16), 10),
      ],
    );
    // The listed ones are the first 100 in document order, with their fixes.
    const arn = findings.filter((f) => f.ruleId === 'arn-format' && f.omitted === undefined);
    assert.deepEqual(arn[99], { uri, range: onLine0(FIRST_PRINCIPAL + 396, FIRST_PRINCIPAL + 399), ruleId: 'arn-format', severity: 'error', message: 'The account id `1` must be exactly 12 digits; found 1.' });
    const action = findings.filter((f) => f.ruleId === 'iam-action-required' && f.omitted === undefined);
    assert.deepEqual(action[99], {
      uri,
      range: star(99),
      ruleId: 'iam-action-required',
      severity: 'error',
      message: 'Statement 101 has no `Action`: for an AWS principal a trust policy must allow `sts:AssumeRole`. Add `"Action": "sts:AssumeRole"`.',
      fixes: [{ title: 'Add "Action": "sts:AssumeRole"', preferred: true, edits: [{ uri, start: FIRST_STAR + 18 * 99 + 16, end: FIRST_STAR + 18 * 99 + 16, newText: ', "Action":"sts:AssumeRole"' }] }],
    });
  });

  it('12 CredentialsRequests sharing one secretRef: one finding for the group with 11 related locations (issue 11: it was 132, quadratic)', () => {
    const uri = fileUri(MANY_CRS);
    const findings = lintDocuments([{ uri, text: fs.readFileSync(MANY_CRS, 'utf8') }]);
    assert.deepEqual(countByRule(findings), { 'ccoctl-role-name-collision': 1 });
    // Each request is 18 lines, `secretRef.name`'s value on its line 15 (0-based 14), column 11.
    const secretRefName = (i: number): Finding['range'] => ({ start: { line: 18 * i + 14, character: 10 }, end: { line: 18 * i + 14, character: 15 } });
    const others = Array.from({ length: 11 }, (_, k) => k + 1);
    assert.deepEqual(findings[0], {
      uri,
      range: secretRefName(0),
      ruleId: 'ccoctl-role-name-collision',
      severity: 'error',
      message: `12 CredentialsRequests (this one and ${others.map((i) => `cr-${i} (many.yaml:${18 * i + 15})`).join(', ')}) have the same secretRef ns/creds: ccoctl gives all of them one IAM role, each later inline policy replaces the earlier one and the Secret file is overwritten. Give each its own secretRef.`,
      related: others.map((i) => ({ uri, range: secretRefName(i), message: `CredentialsRequest cr-${i} maps to the same role` })),
    });
  });

  it('the listed findings do not depend on the order the rules report them in (incremental = fresh)', () => {
    const heads: Finding[] = [];
    for (let i = 0; i < 250; i++) {
      const line = (i * 7919) % 250; // lines 0–249 in a scrambled order
      heads.push({ uri: 'u', range: { start: { line, character: 0 }, end: { line, character: 1 } }, ruleId: 'r', severity: 'warning', message: `m${line}` });
    }
    const collect = (order: Finding[]): Finding[] => {
      const c = new FindingCollector();
      for (const h of order) c.offer({ ...h });
      return c.findings('u');
    };
    const forward = collect(heads);
    assert.deepEqual(collect([...heads].reverse()), forward);
    assert.deepEqual(
      forward.map((f) => f.range.start.line),
      [...Array(100).keys(), 100], // lines 0–99 listed, the summary at line 100
    );
    assert.equal(forward[100]!.omitted, 150);
    assert.equal(forward[100]!.message, '150 more r warnings in this file are not listed (the first of them is here): at most 100 of one rule are listed per file. They usually share one cause; fix it and check again to see what is left.');
  });

  it('identical findings (same rule, range and message) are listed once; another message at the same range is kept', () => {
    const rule = testRule((report, uri) => {
      for (const message of ['same', 'same', 'other']) report({ at: { uri, start: 0, end: 4 }, message });
    });
    const ws = new Workspace({}, [rule]);
    ws.update({ uri: 'file:///w/a.yaml', text: 'kind: Pod\n' });
    assert.deepEqual(
      ws.findings('file:///w/a.yaml').map((f) => [f.range.start.character, f.range.end.character, f.message]),
      [
        [0, 4, 'other'],
        [0, 4, 'same'],
      ],
    );
  });

  it('suppressed findings do not count towards the cap', () => {
    // 150 findings, one per line, of which 60 are silenced: 90 remain, all listed.
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) lines.push(i % 5 < 2 ? `a${i}: 1 # irsa-disable-next-line test-flood` : `a${i}: 1`);
    const text = lines.join('\n') + '\nlast: 1\n';
    const rule = testRule((report, uri, t) => {
      let at = t.indexOf('\n') + 1; // from line 2: each finding is on the line after a line
      while (at > 0 && at < t.length) {
        report({ at: { uri, start: at, end: at + 1 }, message: 'x' });
        at = t.indexOf('\n', at) + 1;
      }
    });
    const ws = new Workspace({}, [rule]);
    ws.update({ uri: 'file:///w/a.yaml', text });
    const findings = ws.findings('file:///w/a.yaml');
    assert.equal(findings.length, 90);
    assert.equal(findings.some((f) => f.omitted !== undefined), false);
  });

  it('a report past the cap costs no copy of its related locations and fixes (bounded work)', () => {
    const read = new Set<number>(); // reports whose related locations were read
    const rule = testRule((report, uri) => {
      for (let i = 0; i < 1000; i++) {
        const r: Report = { at: { uri, start: i, end: i + 1 }, message: 'x' };
        Object.defineProperty(r, 'related', {
          get: () => {
            read.add(i);
            return [{ at: { uri, start: 0, end: 1 }, message: 'see' }];
          },
        });
        report(r);
      }
    });
    const ws = new Workspace({}, [rule]);
    ws.update({ uri: 'file:///w/a.yaml', text: 'x'.repeat(1001) });
    const findings = ws.findings('file:///w/a.yaml');
    assert.equal(findings.length, 101);
    assert.equal(findings[100]!.omitted, 900);
    assert.equal(read.size, 100);
  });
});

describe('findings cap in the CLI: listed findings bounded, counts include the ones not listed', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: REPO_ROOT, env: {} });
    return { code, out, err };
  }

  it('stylish output is golden: 406 lines for 462 problems', async () => {
    const r = await cli(['test/fixtures/cli/flood']);
    assert.equal(r.code, 1);
    assert.equal(r.out.split('\n').length, 406 + 1 /* blank line between files */ + 2 /* blank + summary */ + 1);
    assert.ok(r.out.endsWith('\n✖ 462 problems (461 errors, 1 warning) in 2 files checked\n'), r.out.slice(-200));
    assert.equal(r.out, golden(path.join(FIXTURES, 'cli', 'golden', 'flood.txt'), r.out) + '\n');
  });

  it('json: summary counts every problem; a finding standing for others says how many (`omitted`)', async () => {
    const r = await cli(['test/fixtures/cli/flood', '--format', 'json']);
    const report = JSON.parse(r.out) as { summary: { problems: number; errors: number; warnings: number }; files: { file: string; findings: { ruleId: string; omitted?: number }[] }[] };
    assert.deepEqual(report.summary, { filesChecked: 2, problems: 462, errors: 461, warnings: 1, infos: 0, hints: 0 });
    assert.deepEqual(
      report.files.map((f) => [f.file, f.findings.length, f.findings.filter((x) => x.omitted !== undefined).map((x) => [x.ruleId, x.omitted])]),
      [
        ['test/fixtures/cli/flood/credrequests/many.yaml', 1, []],
        [
          'test/fixtures/cli/flood/trust-policy.json',
          405,
          [
            ['arn-format', 30],
            ['iam-action-required', 10],
            ['iam-effect', 10],
            ['trust-policy-shape', 10],
          ],
        ],
      ],
    );
  });

  it('--max-warnings counts the warnings that are not listed', async () => {
    // 130 arn-format warnings, 101 of them listed (100 + the one saying "30 more").
    const args = ['test/fixtures/cli/flood/trust-policy.json', '--rule', 'arn-format=warning,iam-action-required=off,iam-effect=off,trust-policy-shape=off,trust-policy-size=off'];
    const ok = await cli([...args, '--max-warnings', '130']);
    assert.equal(ok.code, 0, ok.out);
    assert.ok(ok.out.endsWith('\n✖ 130 problems (0 errors, 130 warnings) in 1 file checked\n'), ok.out.slice(-200));
    const over = await cli([...args, '--max-warnings', '129']);
    assert.equal(over.code, 1);
    // The file is named without a .irsa.yaml: the CLI says which files it was checked with first.
    const root = findWorkspaceRoot(path.join(REPO_ROOT, 'test/fixtures/cli/flood/trust-policy.json'));
    assert.equal(over.err, `irsa-lint: no .irsa.yaml found; files are checked with the files below ${root.root} (${root.kind === 'git' ? 'its git work tree' : 'its folder'}) for cross-file links\nirsa-lint: too many warnings (130; maximum allowed: 129)\n`);
  });
});

/** A file rule `test-flood` that reports through `emit` (offset targets in the file being checked). */
function testRule(emit: (report: (r: Report) => void, uri: string, text: string) => void): FileRule {
  return {
    id: 'test-flood',
    defaultSeverity: 'error',
    scope: 'file',
    appliesTo: ['file'],
    docs: { summary: 'test rule', details: 'test rule for the findings cap', sources: ['test'] },
    checkFile(file, ctx, text) {
      emit((r) => ctx.report(r), file.uri, text);
    },
  };
}
