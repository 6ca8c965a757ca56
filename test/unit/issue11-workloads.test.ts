/**
 * Issue #11 patterns 5, 6 and 7 (workload side): each folder of test/fixtures/issue11-workloads
 * models one real-world pattern (our own files, not copies) and must give exactly the findings of
 * its `expected.txt` golden, of every rule: usually none, sometimes one that is a real problem.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { FIXTURES, formatFindings, golden, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue11-workloads');

describe('issue #11 workload patterns (real-world shapes)', () => {
  for (const name of fs.readdirSync(ROOT).filter((n) => fs.statSync(path.join(ROOT, n)).isDirectory()).sort()) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const { documents, settings } = loadWorkspace(dir);
      const actual = formatFindings(lintDocuments(documents, settings), dir);
      assert.equal(actual, golden(path.join(ROOT, `${name}.expected`), actual));
    });
  }
});
