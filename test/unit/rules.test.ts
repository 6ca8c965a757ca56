/**
 * Every rule has fixtures: `test/fixtures/rules/<rule-id>/bad/` must produce exactly the findings of
 * that rule listed in `bad.expected` (golden), and `good/` must produce no findings at all (of any
 * rule), which also guards every other rule against false positives.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { ALL_RULES } from '../../server/src/engine/rules';
import { FIXTURES, formatFindings, golden, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const RULES_DIR = path.join(REPO_ROOT, 'server', 'src', 'engine', 'rules');

describe('rule registry', () => {
  it('ALL_RULES lists exactly the rule files, with unique ids equal to file names', () => {
    const files = fs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts' && !f.startsWith('_'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const ids = ALL_RULES.map((r) => r.id);
    assert.deepEqual([...ids].sort(), files);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const rule of ALL_RULES) {
    it(`${rule.id} has docs, a docs page and fixtures`, () => {
      assert.ok(rule.docs.summary.length > 10, 'summary');
      assert.ok(rule.docs.details.length > 40 && rule.docs.details !== 'TODO', 'details');
      assert.ok(rule.docs.sources.length > 0, 'sources');
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`)), 'docs page');
      assert.ok(fs.existsSync(path.join(FIXTURES, 'rules', rule.id, 'bad')), 'bad fixture');
      assert.ok(fs.existsSync(path.join(FIXTURES, 'rules', rule.id, 'good')), 'good fixture');
    });
  }
});

describe('rule fixtures', () => {
  // (issue #14) Code files of the fixtures are parsed with the grammars a host loads.
  let parseCode: CodeParser;
  before(async () => {
    parseCode = await loadCodeParser();
  });
  for (const rule of ALL_RULES) {
    const dir = path.join(FIXTURES, 'rules', rule.id);
    if (!fs.existsSync(dir)) continue;
    it(`${rule.id}: bad fixture gives exactly the golden findings`, () => {
      const bad = path.join(dir, 'bad');
      const { documents, settings } = loadWorkspace(bad, undefined, { code: true });
      const findings = lintDocuments(documents, settings, { parseCode }).filter((f) => f.ruleId === rule.id);
      assert.ok(findings.length > 0, `${rule.id} reported nothing on its bad fixture`);
      const actual = formatFindings(findings, bad);
      assert.equal(actual, golden(path.join(dir, 'bad.expected'), actual));
    });
    it(`${rule.id}: good fixture is clean`, () => {
      const good = path.join(dir, 'good');
      const { documents, settings } = loadWorkspace(good, undefined, { code: true });
      assert.equal(formatFindings(lintDocuments(documents, settings, { parseCode }), good), '');
    });
  }
});
