/**
 * A one-shot Workspace (the CLI's: checked once, never edited) records nothing for re-checks, and
 * must give exactly the findings of an ordinary Workspace; an edit after its findings were computed
 * is refused rather than answered from caches it never kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine';
import { FIXTURES, loadWorkspace } from '../helpers/fixtures';

/** Every finding of every file, as comparable text. */
function allFindings(ws: Workspace): string[] {
  return [...ws.allFindings()].flatMap(([uri, fs]) => fs.map((f) => `${uri} ${JSON.stringify([f.range, f.ruleId, f.severity, f.message, f.related ?? [], f.fixes ?? []])}`));
}

describe('one-shot Workspace', () => {
  const roots = [path.join(FIXTURES, 'issue11'), ...fs.readdirSync(path.join(FIXTURES, 'rules')).map((r) => path.join(FIXTURES, 'rules', r, 'bad'))];

  it(`gives the findings of an ordinary Workspace on ${roots.length} fixture workspaces`, () => {
    let compared = 0;
    for (const root of roots) {
      if (!fs.existsSync(root)) continue;
      const { documents, settings } = loadWorkspace(root);
      const ordinary = new Workspace(settings);
      const oneShot = new Workspace(settings, undefined, { oneShot: true });
      for (const d of documents) {
        ordinary.update(d);
        oneShot.update(d);
      }
      const expected = allFindings(ordinary);
      assert.deepEqual(allFindings(oneShot), expected, root);
      compared += expected.length;
    }
    assert.ok(compared > 100, `only ${compared} findings compared`);
  });

  it('refuses an update or a removal after its findings were computed', () => {
    const ws = new Workspace({}, undefined, { oneShot: true });
    ws.update({ uri: 'file:///ws/a.yaml', text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n', version: 0 });
    ws.update({ uri: 'file:///ws/b.yaml', text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n', version: 0 });
    ws.allFindings();
    assert.throws(() => ws.update({ uri: 'file:///ws/a.yaml', text: '', version: 1 }), /one-shot Workspace cannot be updated/);
    assert.throws(() => ws.remove('file:///ws/b.yaml'), /one-shot Workspace cannot be updated/);
  });
});
