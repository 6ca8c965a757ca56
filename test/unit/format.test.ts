/** engine/format.ts groupThousands writes numbers as toLocaleString('en-US') does, without ICU. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupThousands } from '../../server/src/engine/format';

describe('groupThousands', () => {
  it('puts a comma between groups of three digits, like en-US', () => {
    assert.deepEqual([0, 7, 999, 1000, 12345, 500000, 1234567, 1000000000].map(groupThousands), ['0', '7', '999', '1,000', '12,345', '500,000', '1,234,567', '1,000,000,000']);
    for (const n of [0, 1, 999, 1000, 99999, 100000, 4194304, Number.MAX_SAFE_INTEGER]) assert.equal(groupThousands(n), n.toLocaleString('en-US'));
  });

  it('writes other numbers as String does', () => {
    assert.deepEqual([-1500, 1.5, NaN, Infinity].map(groupThousands), ['-1500', '1.5', 'NaN', 'Infinity']);
  });
});
