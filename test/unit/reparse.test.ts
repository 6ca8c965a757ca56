/**
 * Re-parsing only the edited YAML documents (workspace/reparse.ts) must give exactly what a full parse
 * of the new text gives: the same documents, trees and offsets. fast-check builds multi-document
 * files from pieces that stress document boundaries (marker lines, `...`, comments between
 * documents, block and multi-line quoted scalars, anchors and aliases, empty documents) and applies
 * random edits, including ones that add, remove or break `---` lines.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFile } from '../../server/src/engine/parse';
import type { ParsedDocument, TreeNode } from '../../server/src/engine/parse';
import { reparseYaml } from '../../server/src/engine/workspace/reparse';
import { MAX_NODES } from '../../server/src/engine/parse/types';

/** A document's tree as plain data (no parent/pair back-links), offsets included; an alias cycle shows as '^'. */
function plain(n: TreeNode | undefined, open = new Set<TreeNode>()): unknown {
  if (!n) return null;
  if (open.has(n)) return '^';
  if (n.kind === 'scalar') return ['s', n.start, n.end, n.value, n.quoted, n.block ?? false];
  open.add(n);
  const out = n.kind === 'seq' ? ['q', n.start, n.end, n.items.map((i) => plain(i, open))] : ['m', n.start, n.end, n.pairs.map((p) => [plain(p.key, open), plain(p.value, open)])];
  open.delete(n);
  return out;
}
const docs = (ds: readonly ParsedDocument[]): unknown => ds.map((d) => ({ index: d.index, start: d.start, end: d.end, sound: d.sound, issues: d.syntaxIssues, root: plain(d.root) }));

const piece = fc.constantFrom(
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'kind: CredentialsRequest\nspec:\n  secretRef:\n    name: x-aws\n    namespace: shop\n  serviceAccountNames:\n    - orders\n',
  'data:\n  script: |\n    echo one\n    --- not a marker\n\n',
  'note: "a quoted\n  string over lines"\n',
  'base: &b\n  k: v\nother: *b\n',
  '# only a comment\n',
  '',
  'list:\n  - 1\n  - two\n',
  'keep: |+\n  kept\n\n',
);
const separator = fc.constantFrom('---\n', '--- \n', '...\n---\n', '---\n# between\n', '\n---\n');
const file = fc.array(fc.tuple(separator, piece), { minLength: 2, maxLength: 7 }).chain((parts) =>
  fc.boolean().map((leading) => (leading ? '' : '# header\n') + parts.map(([sep, p], i) => (i === 0 && !leading ? p : sep + p)).join('')),
);
/** More runs for a longer check: REPARSE_RUNS=100000 REPARSE_SEED=n. */
const RUNS = Number(process.env.REPARSE_RUNS ?? 3000);
const snippet = fc.constantFrom('x', '\n', '---\n', '--', ': ', '  - y\n', '"', '|', '#', 'name: z\n', '', '...\n', '\t', '%YAML 1.1\n', '&a ', '*a');

describe('reparseYaml', () => {
  it('equals a full parse of the new text, or declines (fast-check)', () => {
    let reused = 0;
    fc.assert(
      fc.property(file, fc.nat(), fc.nat(), snippet, (text, a, b, ins) => {
        const start = a % (text.length + 1);
        const end = start + (b % Math.min(40, text.length - start + 1));
        const next = text.slice(0, start) + ins + text.slice(end);
        const old = parseFile('file:///ws/f.yaml', text, 'yaml');
        const got = reparseYaml(old, text, next);
        if (got === undefined) return;
        reused++;
        assert.deepEqual(docs(got.documents), docs(parseFile('file:///ws/f.yaml', next, 'yaml').documents));
      }),
      { numRuns: RUNS, seed: Number(process.env.REPARSE_SEED ?? 20261206) },
    );
    assert.ok(reused > RUNS / 6, `the partial re-parse was used in ${reused} of ${RUNS} runs`);
  });

  it('keeps the documents outside the edit (a one-line edit in the middle of a 100-document file)', () => {
    const doc = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    const text = Array.from({ length: 100 }, (_, i) => doc(i)).join('---\n');
    const old = parseFile('file:///ws/f.yaml', text, 'yaml');
    const first = old.documents[0];
    const last = old.documents[99];
    const next = text.replace('name: c50\n', 'name: c50-renamed\n');
    const got = reparseYaml(old, text, next);
    assert.ok(got);
    assert.equal(got.documents.length, 100);
    assert.equal(got.documents[0], first, 'documents before the edit are reused');
    assert.equal(got.documents[99], last, 'documents after the edit are reused, moved');
    assert.deepEqual(docs(got.documents), docs(parseFile('file:///ws/f.yaml', next, 'yaml').documents));
  });
});

describe('incremental re-parse keeps the whole file within the node budget', () => {
  const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
  const edited = text.replace('b: 2', 'b: 22');

  it('counts the file and the span: a file near MAX_NODES is parsed whole, as a fresh check would', () => {
    const old = parseFile('file:///w/a.yaml', text, 'yaml');
    assert.equal(old.nodes, 9); // per document: its map, one key, one value
    const again = reparseYaml(old, text, edited);
    assert.ok(again, 'a small file is re-parsed in part');
    // The old count plus the span's (an upper bound: the replaced document is not subtracted).
    assert.equal(again.nodes, 12);
    const near = parseFile('file:///w/a.yaml', text, 'yaml');
    near.nodes = MAX_NODES - 1;
    assert.equal(reparseYaml(near, text, edited), undefined);
  });
});
