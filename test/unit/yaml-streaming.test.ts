/**
 * parse/yaml.ts converts a YAML stream one document at a time (each document's `yaml` nodes are dropped
 * before the next is parsed), falling back to parsing the whole file when a document has an
 * unterminated quote. Both ways must give the same documents, trees, offsets, issues and node count:
 * fast-check builds multi-document files that stress document boundaries and applies random edits
 * (broken markers, stray quotes, tabs, aliases, directives), and every YAML fixture is checked as is.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ParsedDocument, TreeNode } from '../../server/src/engine/parse';
import { parseYamlCounted, parseYamlWhole } from '../../server/src/engine/parse/yaml';
import { ParseLimitError } from '../../server/src/engine/parse/types';
import { REPO_ROOT } from '../helpers/fixtures';

/**
 * A document's tree as plain data (no parent/pair back-links), offsets included. A node met again (an
 * alias's shared collection) shows as `['ref', n]`, n its order of first appearance, so an alias bomb
 * stays small and both parses must share the same nodes.
 */
function plain(n: TreeNode | undefined, seen = new Map<TreeNode, number>()): unknown {
  if (!n) return null;
  const id = seen.get(n);
  if (id !== undefined) return ['ref', id];
  seen.set(n, seen.size);
  if (n.kind === 'scalar') return ['s', n.start, n.end, n.value, n.quoted, n.block ?? false];
  return n.kind === 'seq' ? ['q', n.start, n.end, n.items.map((i) => plain(i, seen))] : ['m', n.start, n.end, n.pairs.map((p) => [plain(p.key, seen), plain(p.value, seen)])];
}
const docs = (ds: readonly ParsedDocument[]): unknown => ds.map((d) => ({ index: d.index, start: d.start, end: d.end, sound: d.sound, issues: d.syntaxIssues, root: plain(d.root) }));

/** The result of a parse as plain data, or the limit it stopped at. */
function outcome(parse: () => { documents: ParsedDocument[]; nodes: number }): unknown {
  try {
    const r = parse();
    return { nodes: r.nodes, documents: docs(r.documents) };
  } catch (e) {
    if (e instanceof ParseLimitError) return { limit: e.reason, start: e.start, end: e.end };
    throw e;
  }
}
const same = (text: string): void => assert.deepEqual(outcome(() => parseYamlCounted(text)), outcome(() => parseYamlWhole(text)), JSON.stringify(text));

const piece = fc.constantFrom(
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'kind: CredentialsRequest\nspec:\n  secretRef:\n    name: x-aws\n    namespace: shop\n  serviceAccountNames:\n    - orders\n',
  'data:\n  script: |\n    echo one\n    --- not a marker\n\n',
  'note: "a quoted\n  string over lines"\n',
  "single: 'it''s\n  here'\n",
  'base: &b\n  k: v\nother: *b\nmerged:\n  <<: *b\n',
  '# only a comment\n',
  '',
  'list:\n  - 1\n  - two\n',
  'keep: |+\n  kept\n\n',
  'a: 1\na: 2\n',
  '{flow: [1, 2], "q": x}\n',
  '!!omap [a: 1]\n',
);
const separator = fc.constantFrom('---\n', '--- \n', '...\n---\n', '---\n# between\n', '\n---\n', '%YAML 1.1\n---\n');
const file = fc.array(fc.tuple(separator, piece), { minLength: 1, maxLength: 8 }).chain((parts) =>
  fc.boolean().map((leading) => (leading ? '' : '# header\n') + parts.map(([sep, p], i) => (i === 0 && !leading ? p : sep + p)).join('')),
);
const snippet = fc.constantFrom('x', '\n', '---\n', '--', ': ', '  - y\n', '"', "'", '|', '#', 'name: z\n', '', '...\n', '\t', '%YAML 1.1\n', '&a ', '*a', '[', '{', '\r', '"unterminated\n');
/** More runs for a longer check: STREAMING_RUNS=100000. */
const RUNS = Number(process.env.STREAMING_RUNS ?? 2000);

describe('YAML parsed document by document', () => {
  it('equals parsing the whole file first, after random edits (fast-check)', () => {
    fc.assert(
      fc.property(file, fc.array(fc.tuple(fc.nat(), fc.nat(), snippet), { maxLength: 3 }), (text, edits) => {
        let next = text;
        for (const [a, b, ins] of edits) {
          const start = a % (next.length + 1);
          const end = start + (b % Math.min(40, next.length - start + 1));
          next = next.slice(0, start) + ins + next.slice(end);
        }
        same(next);
      }),
      { numRuns: RUNS },
    );
  });

  it('equals parsing the whole file first on every YAML fixture and example', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(p);
      }
    };
    walk(path.join(REPO_ROOT, 'test', 'fixtures'));
    walk(path.join(REPO_ROOT, 'examples'));
    assert.ok(files.length > 100, `${files.length} YAML files`);
    for (const f of files) same(fs.readFileSync(f, 'utf8'));
  });

  it('a stream of 400 documents with an unterminated quote in the 300th is recovered as before', () => {
    const doc = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: ${i === 299 ? '"open' : 'v'}\n`;
    const text = Array.from({ length: 400 }, (_, i) => doc(i)).join('---\n');
    same(text);
    const r = parseYamlCounted(text);
    const quote = r.documents.flatMap((d) => d.syntaxIssues).find((i) => i.code === 'MISSING_CHAR');
    assert.equal(quote?.recovered, true);
    assert.equal(text.slice(quote!.start, quote!.start + 5), '"open');
    assert.equal(r.documents.length, 400);
  });
});
