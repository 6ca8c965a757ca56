/**
 * parse/yaml.ts tries PLAIN_STRING_TAG before the YAML 1.1 schema's own tags, so a plain scalar that
 * starts with a letter and is no bool/null/exponent is a string without ~20 regular expressions. It
 * must resolve every scalar exactly as the schema alone does: same value, same type, same tag and
 * format, as a value and as a key (where `<<` is the merge key), on scalars built from the characters
 * that decide YAML 1.1 types, and on every YAML 1.1 keyword written out.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Composer, isMap, isScalar, Parser } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { composerOptionsForTest, parseYaml, PLAIN_STRING_TAG } from '../../server/src/engine/parse/yaml';

/** Each scalar of the document `text` as [value, typeof value, tag, format], keys and values, in order. */
function scalars(text: string, withShortcut: boolean): unknown[] {
  const out: unknown[] = [];
  const docs = Array.from(new Composer(composerOptionsForTest(withShortcut)).compose(new Parser().parse(text)));
  const visit = (n: unknown): void => {
    // The merge key's value is a new Symbol('<<') each time: compared by its description.
    if (isScalar(n)) out.push([typeof n.value === 'symbol' ? String(n.value) : n.value, typeof n.value, n.tag, n.format]);
    else if (isMap(n)) for (const p of n.items) (visit(p.key), visit(p.value));
  };
  for (const d of docs) {
    out.push(d.errors.map((e) => e.code));
    visit(d.contents as YamlNode);
  }
  return out;
}

/** Both resolutions of `s` as a value and as a key (`key: s` and `s: v`), in YAML 1.1 and under `%YAML 1.2` (the core schema). */
function bothWays(s: string): void {
  for (const head of ['', '%YAML 1.2\n---\n']) {
    for (const text of [`${head}k: ${s}\n`, `${head}${s}: v\n`]) assert.deepEqual(scalars(text, true), scalars(text, false), JSON.stringify(text));
  }
}

const YAML_11_WORDS = [
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL', '~', 'e5', 'E5', 'e+5', 'E-10', 'e', 'E', '.inf', '-.Inf',
  '.nan', '.NaN', '0x1F', '0b101', '017', '1_000', '190:20:30', '1.5e3', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<',
  'yess', 'Yes1', 'onion', 'nullable', 'e5x', 'Eks', 'true_', 'NOPE',
];

describe('yaml: PLAIN_STRING_TAG', () => {
  it('resolves each YAML 1.1 keyword and near-keyword as the schema alone does', () => {
    for (const w of YAML_11_WORDS) bothWays(w);
  });

  it('each document gets its own schema: a `%YAML 1.2` file read first or last changes no other file', () => {
    const values = (text: string): unknown[] => parseYaml(text).map((d) => (d.root?.kind === 'map' ? d.root.pairs.map((p) => p.value?.kind === 'scalar' && p.value.value) : []));
    const v12 = '%YAML 1.2\n---\na: yes\nb: 0o17\nc: on\n';
    const v11 = 'a: yes\nb: 0o17\nc: on\n';
    const want12 = [['yes', 15, 'on']];
    const want11 = [[true, '0o17', true]];
    assert.deepEqual([values(v12), values(v11), values(v12), values(v11)], [want12, want11, want12, want11]);
  });

  it('takes plain words and leaves keywords, numbers and merge keys to the schema', () => {
    const test = (s: string): boolean => PLAIN_STRING_TAG.test.test(s);
    assert.deepEqual(
      ['serviceAccountName', 'Deployment', 'arn:aws:iam::1:role/x', 'yesterday', 'Nope', 'e-mail', 'E.T.'].map(test),
      [true, true, true, true, true, true, true],
    );
    assert.deepEqual(['yes', 'Off', 'n', 'NULL', 'e5', 'E-3', '1', '.5', '-x', '<<', '~', '/path'].map(test), Array(12).fill(false));
  });

  it('resolves random scalars of the type-deciding characters as the schema alone does (5,000 runs)', () => {
    const ch = fc.constantFrom(...'aAeEnNoOyYtTfFlLsuUrxXb0179+-._:<~ '.split(''));
    fc.assert(
      fc.property(fc.array(ch, { minLength: 1, maxLength: 8 }), (cs) => {
        const s = cs.join('').trim();
        if (s && !s.includes(': ') && !s.endsWith(':')) bothWays(s);
      }),
      { numRuns: 5000 },
    );
  });
});
