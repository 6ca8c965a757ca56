/**
 * Every quick fix a rule offers on its bad fixture is applied for real: the resulting text of every
 * touched file is compared with a golden (`test/fixtures/rules/<id>/fixes.expected`), and re-linting
 * must show one finding fewer of that rule (the fix clears what it was offered for).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { ALL_RULES } from '../../server/src/engine/rules';
import { applyFix, FIXTURES, golden, loadWorkspace } from '../helpers/fixtures';

describe('quick fixes on rule fixtures', () => {
  for (const rule of ALL_RULES) {
    const bad = path.join(FIXTURES, 'rules', rule.id, 'bad');
    if (!fs.existsSync(bad)) continue;
    const { documents, settings } = loadWorkspace(bad);
    const before = lintDocuments(documents, settings).filter((f) => f.ruleId === rule.id);
    const withFixes = before.filter((f) => f.fixes && f.fixes.length > 0);
    const goldenFile = path.join(FIXTURES, 'rules', rule.id, 'fixes.expected');
    if (withFixes.length === 0) {
      // A rule that used to offer fixes must not lose them silently.
      if (fs.existsSync(goldenFile)) it(`${rule.id}: still offers the fixes in fixes.expected`, () => assert.fail('no finding offers a fix any more'));
      continue;
    }
    const syntaxCount = (docs: typeof documents): number =>
      lintDocuments(docs, settings).filter((x) => x.ruleId === 'yaml-syntax' || x.ruleId === 'json-syntax').length;
    const syntaxBefore = syntaxCount(documents);
    it(`${rule.id}: each fix applies cleanly and clears its finding`, () => {
      const report: string[] = [];
      for (const f of withFixes) {
        for (const fix of f.fixes!) {
          const { documents: after, touched } = applyFix(documents, fix);
          const remaining = lintDocuments(after, settings).filter((x) => x.ruleId === rule.id);
          assert.ok(remaining.length < before.length, `fix "${fix.title}" did not clear a ${rule.id} finding`);
          if (rule.id !== 'yaml-syntax' && rule.id !== 'json-syntax') {
            assert.ok(syntaxCount(after) <= syntaxBefore, `fix "${fix.title}" introduced a syntax error`);
          }
          report.push(`=== ${fix.title} (for line ${f.range.start.line + 1}: ${f.message})`);
          for (const [uri, text] of touched) report.push(`--- ${path.relative(bad, new URL(uri).pathname)}`, text.replace(/\n$/, ''));
        }
      }
      const actual = report.join('\n');
      assert.equal(actual, golden(goldenFile, actual));
    });
  }
});
