/**
 * Issue #11 patterns 3 (valid ARNs) and 8 (region-env noise; emitted severity vs documented default),
 * on our own fixtures modelled on what real repositories ship (test/fixtures/issue11/<pattern>/):
 * each folder gives exactly the findings (every rule: id, severity, range, message) of its golden
 * `<pattern>.expected`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { FIXTURES, formatFindings, golden, loadWorkspace } from '../helpers/fixtures';

describe('issue #11 real-repository patterns 3 and 8', () => {
  for (const pattern of ['p3-valid-arns', 'p8-region']) {
    it(`${pattern}: exactly the golden findings`, () => {
      const dir = path.join(FIXTURES, 'issue11', pattern);
      const { documents, settings } = loadWorkspace(dir);
      const actual = formatFindings(lintDocuments(documents, settings), dir);
      assert.equal(actual, golden(path.join(FIXTURES, 'issue11', `${pattern}.expected`), actual));
    });
  }
});
