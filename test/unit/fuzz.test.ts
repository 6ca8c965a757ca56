/**
 * Fuzz suite (issue #10, "How to work"): mutated copies of the repository's own fixtures and examples,
 * plus generated manifests and policies, through the engine, its quick fixes, its incremental updates
 * and the SARIF formatter. For every workspace: no exception, every range inside its document, every
 * fix edits only its own range and keeps the document parseable, incremental results equal a fresh
 * check, and the SARIF log is valid SARIF 2.1.0 (the oracle is test/fuzz/check.ts).
 *
 * A fixed seed and a bounded input size keep the run reproducible and well under a minute; the long
 * run (`npm run fuzz`, test/fuzz/long.ts) uses the same oracle on ≥ 100,000 documents.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkCase, knownDefect, KNOWN_DEFECTS, Problem } from '../fuzz/check';
import { caseArb, documentsOf, loadSeedGroups } from '../fuzz/generators';

const SEED = 20261206;
/** Workspaces checked; ≈ 4 documents each (files plus later edits). */
const RUNS = 800;

describe('fuzz: mutated fixtures through engine, fixes, incremental updates and SARIF', () => {
  it(`holds on ${RUNS} workspaces (seed ${SEED})`, { timeout: 240_000 }, (t) => {
    const groups = loadSeedGroups();
    assert.ok(groups.length > 100, 'every rule fixture folder is a seed');
    const known = new Map<number, number>();
    let documents = 0;
    fc.assert(
      fc.property(caseArb(groups, 40), (c) => {
        documents += documentsOf(c);
        const fresh: Problem[] = [];
        for (const p of checkCase(c)) {
          const k = knownDefect(p);
          if (k) known.set(k.item, (known.get(k.item) ?? 0) + 1);
          else fresh.push(p);
        }
        assert.deepEqual(fresh, []);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    t.diagnostic(`${documents} documents checked`);
    // Known defects are counted, not hidden: the lead removes KNOWN_DEFECTS entries as their fixes land.
    for (const k of KNOWN_DEFECTS) t.diagnostic(`known defect #${k.item} (${k.id}): ${known.get(k.item) ?? 0} hit(s)`);
    assert.ok(documents >= 2000, `a few thousand documents (${documents})`);
  });
});
