/**
 * Issue #11 patterns 5, 6 and 7 (workload side): each folder of test/fixtures/issue11-workloads
 * models one real-world pattern (our own files, not copies) and must give exactly the findings of
 * its `expected.txt` golden, of every rule: usually none, sometimes one that is a real problem.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import { FIXTURES, formatFindings, golden, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue11-workloads');

describe('issue #11 workload patterns (real-world shapes)', () => {
  for (const name of fs.readdirSync(ROOT).filter((n) => fs.statSync(path.join(ROOT, n)).isDirectory()).sort()) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const { documents, settings } = loadWorkspace(dir);
      // other-cloud-*: only the workload side is this suite's (the CredentialsRequest rules' findings on
      // another cloud's request are issue #11 pattern 1, asserted by its own fixtures).
      const findings = lintDocuments(documents, settings).filter((f) => !name.startsWith('other-cloud') || !f.uri.includes('/credrequests/'));
      const actual = formatFindings(findings, dir);
      assert.equal(actual, golden(path.join(ROOT, `${name}.expected`), actual));
    });
  }
});

describe('issue #11 kustomize links stay right after edits', () => {
  it('removing the overlay patch re-checks the base it completed; restoring it clears the finding', () => {
    const dir = path.join(ROOT, 'p5-kustomize');
    const { documents, settings } = loadWorkspace(dir);
    const ws = new Workspace(settings);
    for (const d of documents) ws.update(d);
    const base = documents.find((d) => d.uri.endsWith('/base/deployment.yaml'))!;
    const overlay = documents.find((d) => d.uri.endsWith('/overlay/kustomization.yaml'))!;
    const ids = (uri: string) => ws.findings(uri).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
    assert.deepEqual(ids(base.uri), []);
    const noPatch = overlay.text.replace(/patches:[\s\S]*$/, '');
    const affected = ws.update({ uri: overlay.uri, text: noPatch, version: 1 });
    assert.ok(affected.includes(base.uri), 'the base is re-checked when the overlay changes');
    assert.deepEqual(ids(base.uri), ['volume-mount-references@33']);
    ws.update({ uri: overlay.uri, text: overlay.text, version: 2 });
    assert.deepEqual(ids(base.uri), []);
  });
});
