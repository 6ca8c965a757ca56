/**
 * Issue 10 item 4: EVERY fix the engine offers on every bad rule fixture (test/fixtures/rules/<id>/bad)
 * and on the guide examples changes nothing outside the range it means to change. For each fix:
 * - its edits name files of the workspace, lie inside their text, do not overlap each other and split
 *   neither a CRLF pair nor a UTF-16 surrogate pair; placed through LSP positions (as the server sends
 *   them) they give the same text as by offsets;
 * - every key and scalar outside the edited ranges keeps its value and its place in the tree (same
 *   keys above it): an edit that re-parents or rewrites its neighbours fails here;
 * - a fix other than a syntax repair never edits a document whose tree is not sound (the parser's
 *   recovery decides what such a node spans: the "Add namespace" fix deleted the lines after it);
 * - the result parses at least as well as before (a syntax repair removes a syntax finding), and one
 *   finding of the fix's rule goes away.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from '../../server/src/engine';
import type { TreeNode } from '../../server/src/engine/parse/tree';
import type { Finding, Fix, IrsaSettings, SourceDocument } from '../../server/src/engine/types';
import { applyFix, FIXTURES, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const SYNTAX_RULES = new Set(['yaml-syntax', 'json-syntax']);
/** Fixes their rule marks `fromText` (computed from the text, so allowed in a tree that is not sound). */
const FROM_TEXT = new Set(['secret-role-arn-placeholder: Delete the placeholder line']);

/** Folders whose every fix is checked. */
function folders(): string[] {
  const rules = path.join(FIXTURES, 'rules');
  const out = fs
    .readdirSync(rules)
    .sort()
    .map((id) => path.join(rules, id, 'bad'))
    .filter((d) => fs.existsSync(d));
  return [...out, path.join(REPO_ROOT, 'examples', 'guide')];
}

interface Leaf {
  end: number;
  /** `path = value` or `key path`, with `[]` for any list index. */
  desc: string;
  /** The keys above it: renaming one of them is meant to change the path of everything below. */
  ancestors: { start: number; end: number }[];
}

/** Every key and scalar of a tree, by start offset. */
function leaves(root: TreeNode | undefined, text: string): Map<number, Leaf> {
  const out = new Map<number, Leaf>();
  const seen = new Set<TreeNode>();
  const walk = (n: TreeNode | undefined, at: string, ancestors: Leaf['ancestors']): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (n.kind === 'scalar') {
      if (!out.has(n.start)) out.set(n.start, { end: n.end, desc: `${at} = ${JSON.stringify(n.value)}`, ancestors });
    } else if (n.kind === 'seq') {
      for (const i of n.items) walk(i, `${at}/[]`, ancestors);
    } else {
      for (const p of n.pairs) {
        const k = `${at}/${String(p.key.value)}`;
        if (!out.has(p.key.start)) out.set(p.key.start, { end: p.key.end, desc: `key ${k} (${JSON.stringify(text.slice(p.key.start, p.key.end))})`, ancestors });
        walk(p.value, k, [...ancestors, { start: p.key.start, end: p.key.end }]);
      }
    }
  };
  walk(root, '', []);
  return out;
}

function lint(documents: SourceDocument[], settings: IrsaSettings): { ws: Workspace; findings: Finding[] } {
  const ws = new Workspace(settings);
  for (const d of documents) ws.update(d);
  return { ws, findings: documents.flatMap((d) => ws.findings(d.uri)) };
}

/** Problems of one fix (empty when it is confined and sound). */
function checkFix(documents: SourceDocument[], settings: IrsaSettings, finding: Finding, fix: Fix): string[] {
  const problems: string[] = [];
  const before = lint(documents, settings);
  const byUri = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);
  for (const [uri, edits] of byUri) {
    const text = before.ws.text(uri);
    if (text === undefined) {
      problems.push(`edits ${uri}, which is not in the workspace`);
      continue;
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const [i, e] of sorted.entries()) {
      if (!(0 <= e.start && e.start <= e.end && e.end <= text.length)) problems.push(`edit ${e.start}-${e.end} outside the text (${text.length})`);
      const prev = sorted[i - 1];
      if (prev && (e.start < prev.end || e.start === prev.start)) problems.push(`edits ${prev.start}-${prev.end} and ${e.start}-${e.end} overlap`);
      for (const o of [e.start, e.end]) {
        if (text[o - 1] === '\r' && text[o] === '\n') problems.push(`edit boundary ${o} splits a CRLF`);
        if (/[\uD800-\uDBFF]/.test(text[o - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[o] ?? '')) problems.push(`edit boundary ${o} splits a surrogate pair`);
      }
    }
    // The parsed documents the edits touch: a non-syntax fix must not edit one that is not sound.
    if (!SYNTAX_RULES.has(finding.ruleId) && !FROM_TEXT.has(`${finding.ruleId}: ${fix.title}`)) {
      for (const d of before.ws.parsed(uri)?.documents ?? []) {
        if (!d.sound && sorted.some((e) => e.start <= d.end && e.end >= d.start)) problems.push(`edits document ${d.index} of ${path.basename(uri)}, whose tree is not sound`);
      }
    }
  }
  if (problems.length) return problems;

  const { documents: after, touched } = applyFix(documents, fix);
  const afterLint = lint(after, settings);
  for (const [uri, newText] of touched) {
    const text = before.ws.text(uri)!;
    const edits = byUri.get(uri)!;
    // Through LSP positions, as the server sends them, the result is the same.
    const td = TextDocument.create(uri, 'yaml', 0, text);
    const viaLsp = TextDocument.applyEdits(
      td,
      edits.map((e) => ({ range: { start: td.positionAt(e.start), end: td.positionAt(e.end) }, newText: e.newText })),
    );
    if (viaLsp !== newText) problems.push(`${path.basename(uri)}: placed through LSP positions, the edits give another text`);
    // Every key and scalar outside the edits keeps its value and its place in the tree.
    const shift = (offset: number): number => edits.filter((e) => e.end <= offset).reduce((s, e) => s + e.newText.length - (e.end - e.start), offset);
    const beforeDocs = before.ws.parsed(uri)?.documents ?? [];
    const afterLeaves = new Map<number, Leaf>();
    for (const d of afterLint.ws.parsed(uri)?.documents ?? []) for (const [k, v] of leaves(d.root, newText)) afterLeaves.set(k, v);
    for (const d of beforeDocs) {
      if (!d.sound) continue; // its tree is the parser's guess; only syntax repairs edit it (checked above)
      for (const [start, leaf] of leaves(d.root, text)) {
        const touches = (r: { start: number; end: number }): boolean => edits.some((e) => r.start <= e.end && r.end >= e.start);
        if (touches({ start, end: leaf.end }) || leaf.ancestors.some(touches)) continue; // meant to change
        const moved = afterLeaves.get(shift(start));
        if (moved?.desc !== leaf.desc) problems.push(`${path.basename(uri)}: ${leaf.desc} became ${moved ? moved.desc : 'nothing'}`);
      }
    }
  }
  const syntax = (fs: Finding[]): number => fs.filter((f) => SYNTAX_RULES.has(f.ruleId)).length;
  if (SYNTAX_RULES.has(finding.ruleId) ? syntax(afterLint.findings) >= syntax(before.findings) : syntax(afterLint.findings) > syntax(before.findings)) {
    problems.push(`syntax findings ${syntax(before.findings)} → ${syntax(afterLint.findings)}`);
  }
  const ofRule = (fs: Finding[]): number => fs.filter((f) => f.ruleId === finding.ruleId).length;
  if (ofRule(afterLint.findings) >= ofRule(before.findings)) problems.push(`${finding.ruleId} findings ${ofRule(before.findings)} → ${ofRule(afterLint.findings)}: the fix did not clear its finding`);
  return problems;
}

describe('every fix changes only what it means to change (issue 10 item 4)', () => {
  let total = 0;
  for (const dir of folders()) {
    const name = path.relative(REPO_ROOT, dir);
    it(name, () => {
      const { documents, settings } = loadWorkspace(dir);
      const { findings } = lint(documents, settings);
      const problems: string[] = [];
      for (const f of findings) {
        for (const fix of f.fixes ?? []) {
          total++;
          for (const p of checkFix(documents, settings, f, fix)) problems.push(`${f.ruleId} "${fix.title}": ${p}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
  it('checked a fix of every rule fixture that has fixes.expected (the loop above is not empty)', () => {
    const goldens = fs.readdirSync(path.join(FIXTURES, 'rules')).filter((id) => fs.existsSync(path.join(FIXTURES, 'rules', id, 'fixes.expected')));
    assert.ok(goldens.length > 30 && total >= 76, `${total} fixes checked for ${goldens.length} rules with fixes`);
  });
});
