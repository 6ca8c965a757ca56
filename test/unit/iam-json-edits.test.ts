/**
 * JSON edits of the IAM quick fixes (rules/_iam-util.ts): inserting and removing members keeps the
 * file's style (tabs or spaces, one member per line or inline) and always yields valid JSON.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../server/src/engine/parse/json';
import { asMap, get, getPair, MapNode } from '../../server/src/engine/parse/tree';
import { indentUnit, insertMemberEdit, removeMemberEdit } from '../../server/src/engine/rules/_iam-util';
import type { EditSpec } from '../../server/src/engine/rules/types';

function apply(text: string, e: EditSpec): string {
  return text.slice(0, e.start) + e.newText + text.slice(e.end);
}

function statement(text: string): MapNode {
  const root = parseJson(text).root;
  return asMap(get(root, 'Statement', 0)) ?? asMap(get(root, 'Statement'))!;
}

describe('IAM JSON edits', () => {
  it('detects tabs and the smallest space indent', () => {
    assert.equal(indentUnit('{\n\t"a": 1\n}'), '\t');
    assert.equal(indentUnit('{\n    "a": {\n        "b": 1\n    }\n}'), '    ');
    assert.equal(indentUnit('{"a":1}'), '  ');
  });

  it('inserts after a given member, before the following one, one member per line', () => {
    const text = '{"Statement": [\n  {\n    "Effect": "Allow",\n    "Principal": {"AWS": "x"},\n    "Condition": {}\n  }\n]}';
    const st = statement(text);
    const out = apply(text, insertMemberEdit('u', text, st, 'Action', '"sts:AssumeRole"', getPair(st, 'Principal')));
    assert.equal(out, '{"Statement": [\n  {\n    "Effect": "Allow",\n    "Principal": {"AWS": "x"},\n    "Action": "sts:AssumeRole",\n    "Condition": {}\n  }\n]}');
    JSON.parse(out);
  });

  it('inserts inline in compact JSON', () => {
    const text = '{"Statement":{"Effect":"Allow","Principal":{"AWS":"x"}}}';
    const st = statement(text);
    const out = apply(text, insertMemberEdit('u', text, st, 'Action', '"sts:AssumeRole"'));
    assert.equal(out, '{"Statement":{"Effect":"Allow","Principal":{"AWS":"x"},"Action":"sts:AssumeRole"}}');
  });

  it('inserts into an empty object', () => {
    const text = '{"Statement": [{}]}';
    const out = apply(text, insertMemberEdit('u', text, statement(text), 'Effect', '"Allow"'));
    assert.equal(out, '{"Statement": [{ "Effect": "Allow" }]}');
    const multi = '{\n\t"Statement": [\n\t\t{\n\t\t}\n\t]\n}';
    const out2 = apply(multi, insertMemberEdit('u', multi, statement(multi), 'Effect', '"Allow"'));
    assert.equal(out2, '{\n\t"Statement": [\n\t\t{\n\t\t\t"Effect": "Allow"\n\t\t}\n\t]\n}');
  });

  it('removes the first, a middle, the last and the only member with their commas', () => {
    const text = '{"Statement": {\n  "Resource": "*",\n  "Effect": "Allow",\n  "NotResource": "x",\n  "Action": "a"\n}}';
    const st = statement(text);
    const first = apply(text, removeMemberEdit('u', getPair(st, 'Resource')!));
    assert.equal(first, '{"Statement": {\n  "Effect": "Allow",\n  "NotResource": "x",\n  "Action": "a"\n}}');
    const middle = apply(text, removeMemberEdit('u', getPair(st, 'NotResource')!));
    assert.equal(middle, '{"Statement": {\n  "Resource": "*",\n  "Effect": "Allow",\n  "Action": "a"\n}}');
    const last = apply(text, removeMemberEdit('u', getPair(st, 'Action')!));
    assert.equal(last, '{"Statement": {\n  "Resource": "*",\n  "Effect": "Allow",\n  "NotResource": "x"\n}}');
    const only = '{"Statement": {"Resource": "*"}}';
    assert.equal(apply(only, removeMemberEdit('u', getPair(statement(only), 'Resource')!)), '{"Statement": {}}');
    for (const t of [first, middle, last]) JSON.parse(t);
  });
});
