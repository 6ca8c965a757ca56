/**
 * YAML parsing with the `yaml` package (exact offsets, multi-document, every error with its
 * position), converted into the shared tree. Two things are added on top of the package:
 *
 * - Recovery from an unterminated quoted scalar. YAML quoted scalars may span lines, so the guide's
 *   `controller-tools.k8s.io: "1.01` swallows the whole rest of the file and the parser reports one
 *   error at the end of the stream. We report it at the opening quote, close the quote at the end of
 *   that line, and parse again, so later mistakes in the same file are still found.
 * - Alias safety: aliases are converted by reference (a shared subtree), never expanded, so an alias
 *   bomb costs nothing here; {@link toPlain} charges expansions against a budget later.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, Scalar } from 'yaml';
import { fitted, MapNode, newKey, newMap, newPair, newScalar, newSeq, PairNode, ScalarNode, TreeNode } from './tree';
import type { ParsedDocument, SyntaxIssue } from './types';

/** How many unterminated quotes one file may have recovered before we stop patching. */
const MAX_RECOVERIES = 8;

interface Insertion {
  /** Offset in the text the insertion was made in. */
  at: number;
  length: number;
}

export function parseYaml(text: string): ParsedDocument[] {
  const recoveredIssues: SyntaxIssue[] = [];
  const tabs = expandIndentTabs(text);
  if (tabs) recoveredIssues.push(tabs.issue);
  let current = tabs ? tabs.text : text;
  const fromTabs = tabs ? tabs.toOriginal : (off: number): number => off;
  const insertions: Insertion[] = [];

  for (let attempt = 0; ; attempt++) {
    // Kubernetes decodes manifests as YAML 1.1 (sigs.k8s.io/yaml over go-yaml): `yes`/`no`/`on`/`off`
    // are booleans, `0644` is octal, and `<<` merge keys apply.
    const docs = parseAllDocuments(current, { prettyErrors: false, uniqueKeys: true, strict: true, version: '1.1', merge: true });
    const list = Array.isArray(docs) ? docs : [];
    const unterminated = attempt < MAX_RECOVERIES ? findUnterminatedQuote(list, current) : undefined;
    if (!unterminated) {
      const toOriginal = (off: number): number => fromTabs(mapBack(off, insertions));
      return list.map((doc, index) => convertDocument(doc, index, toOriginal, recoveredIssues, text));
    }
    // Report the problem at the opening quote (in original offsets), then patch and go again.
    const lineEnd = endOfLine(current, unterminated.quoteAt);
    const openOrig = fromTabs(mapBack(unterminated.quoteAt, insertions));
    const lineEndOrig = fromTabs(mapBack(lineEnd, insertions));
    const q = unterminated.quote;
    recoveredIssues.push({
      start: openOrig,
      end: lineEndOrig,
      code: 'MISSING_CHAR',
      message:
        `Unterminated ${q === '"' ? 'double' : 'single'}-quoted string: the ${q} opened here is never closed, ` +
        `so YAML reads the rest of the file as part of this value. Close it on this line.`,
      fix: { title: `Close the quote: add ${q} at the end of the line`, start: lineEndOrig, end: lineEndOrig, newText: q },
      recovered: true,
    });
    current = current.slice(0, lineEnd) + q + current.slice(lineEnd);
    insertions.push({ at: lineEnd, length: 1 });
  }
}

/**
 * Tabs in indentation make YAML unparseable ("Tabs are not allowed as indentation"), one error per
 * line, and the rest of the file is misread. Copied examples (the guide's among them) are often
 * tab-indented throughout, so we report it once, offer the fix, and read the file as if each leading
 * tab were two spaces, so the other mistakes in it are still found. Offsets map back to the text.
 */
function expandIndentTabs(text: string): { text: string; toOriginal: (off: number) => number; issue: SyntaxIssue } | undefined {
  if (!/^[ ]*\t/m.test(text)) return undefined;
  const parts: string[] = [];
  /** Positions in the expanded text of the characters that were inserted (sorted). */
  const inserted: number[] = [];
  const edits: { start: number; end: number; newText: string }[] = [];
  let lines = 0;
  let first = -1;
  let last = 0;
  const re = /^([ \t]*\t[ \t]*)/gm;
  let shift = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const ws = m[1]!;
    // A line of only whitespace has no indentation to speak of.
    const after = text[start + ws.length];
    if (after === undefined || after === '\n' || after === '\r') continue;
    lines++;
    if (first < 0) first = start;
    parts.push(text.slice(last, start));
    let out = '';
    for (let i = 0; i < ws.length; i++) {
      if (ws[i] === '\t') {
        out += '  ';
        // The second space is the inserted one; it sits at this position of the expanded text.
        inserted.push(start + shift + out.length - 1);
      } else out += ' ';
    }
    shift += out.length - ws.length;
    parts.push(out);
    edits.push({ start, end: start + ws.length, newText: out });
    last = start + ws.length;
  }
  if (lines === 0) return undefined;
  parts.push(text.slice(last));
  const expanded = parts.join('');
  const toOriginal = (off: number): number => {
    // Number of inserted characters before `off` (binary search).
    let lo = 0;
    let hi = inserted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inserted[mid]! < off) lo = mid + 1;
      else hi = mid;
    }
    return off - lo;
  };
  const firstLen = /^[ \t]*/.exec(text.slice(first))![0].length;
  const [firstEdit, ...more] = edits;
  return {
    text: expanded,
    toOriginal,
    issue: {
      start: first,
      end: first + firstLen,
      code: 'TAB_AS_INDENT',
      message:
        `Tabs are not allowed as indentation in YAML: ${lines} line${lines === 1 ? ' is' : 's are'} indented with tabs, so kubectl, oc and ccoctl cannot read this file. ` +
        'Indent with spaces. (The rest of the file was checked as if each tab were two spaces.)',
      fix: { title: 'Indent with spaces (each leading tab becomes two spaces)', ...firstEdit!, more },
      recovered: true,
    },
  };
}

function mapBack(offset: number, insertions: Insertion[]): number {
  let off = offset;
  for (let i = insertions.length - 1; i >= 0; i--) {
    const ins = insertions[i]!;
    if (off > ins.at) off = Math.max(ins.at, off - ins.length);
  }
  return off;
}

function endOfLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  // Keep a trailing comment-free position but never end inside trailing spaces.
  while (i > from + 1 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Finds a quoted scalar that the parser reported as missing its closing quote. */
function findUnterminatedQuote(docs: Document.Parsed[], text: string): { quoteAt: number; quote: '"' | "'" } | undefined {
  for (const doc of docs) {
    const err = doc.errors.find((e) => e.code === 'MISSING_CHAR' && /Missing closing ["']quote/.test(e.message));
    if (!err) continue;
    let found: { quoteAt: number; quote: '"' | "'" } | undefined;
    const check = (n: unknown): void => {
      if (found || !isScalar(n) || !n.range) return;
      if (n.type !== 'QUOTE_DOUBLE' && n.type !== 'QUOTE_SINGLE') return;
      const q = n.type === 'QUOTE_DOUBLE' ? '"' : "'";
      const src = text.slice(n.range[0], n.range[1]);
      if (src.length < 2 || !src.endsWith(q) || (q === '"' && /(^|[^\\])(\\\\)*\\"$/.test(src))) {
        found = { quoteAt: n.range[0], quote: q };
      }
    };
    const walk = (n: unknown): void => {
      if (found || !n) return;
      if (isMap(n) || isSeq(n)) for (const it of n.items) walk(it);
      else if (isPair(n)) {
        check(n.key);
        walk(n.value);
      } else check(n);
    };
    walk(doc.contents);
    if (found) return found;
    // A multi-line quoted scalar that ends exactly at end of stream without a quote.
    const pos = err.pos[0];
    const before = text.lastIndexOf('"', pos - 1);
    if (before >= 0) return { quoteAt: before, quote: '"' };
  }
  return undefined;
}

function convertDocument(
  doc: Document.Parsed,
  index: number,
  toOriginal: (off: number) => number,
  recoveredIssues: SyntaxIssue[],
  originalText: string,
): ParsedDocument {
  const start = toOriginal(doc.range[0]);
  const end = toOriginal(doc.range[2]);
  const memo = new Map<YamlNode, TreeNode>();
  const aliasIssues: SyntaxIssue[] = [];

  const convert = (n: unknown): TreeNode | undefined => {
    if (n === null || n === undefined) return undefined;
    if (isAlias(n)) {
      const target = (n as Alias).resolve(doc);
      if (!target && n.range) {
        // Kubernetes (and `yaml`'s toJS) reject an alias to an anchor that is not defined before it.
        const s = toOriginal(n.range[0]);
        aliasIssues.push({ start: s, end: toOriginal(n.range[1]), code: 'BAD_ALIAS', message: `Unknown alias \`*${n.source}\`: no anchor \`&${n.source}\` is defined before it in this document.`, recovered: false });
      }
      const shared = target ? convert(target) : undefined;
      // A scalar alias gets a node of its own, at the `*a` token with the anchored value: sharing the
      // anchor's node made a fix of `name: *a` rewrite the anchored text elsewhere in the file (a
      // whole `credentials: &a |-` block). Collections stay shared (copying them would expand alias bombs).
      if (shared?.kind === 'scalar' && n.range) return newScalar(shared.value, false, toOriginal(n.range[0]), toOriginal(n.range[1]));
      return shared;
    }
    const node = n as YamlNode;
    // Only an anchored node can be the target of an alias: memoising just those keeps aliases
    // shared by reference without a Map entry for every node of every file.
    const anchored = node.anchor !== undefined;
    const cached = anchored ? memo.get(node) : undefined;
    if (cached) return cached;
    const range = node.range ?? [0, 0, 0];
    const s = toOriginal(range[0]);
    // `yaml` ends a block collection or a block scalar after its last line break; end every node at
    // its last character instead. A fix that replaced such a node (`resource:` list → one string,
    // `apiVersion: |` → a plain value) removed that line break and joined the next line onto it.
    let e = toOriginal(range[1]);
    while (e > s + 1 && /\s/.test(originalText[e - 1]!)) e--;
    if (isMap(n)) {
      const pairs: PairNode[] = [];
      const m = newMap(s, e, pairs);
      if (anchored) memo.set(node, m);
      const merged: MapNode[] = [];
      for (const item of n.items) {
        if (isScalar(item.key) && item.key.source === '<<' && !item.key.type?.startsWith('QUOTE')) {
          // YAML 1.1 merge key (Kubernetes manifests use them): the merged maps' pairs are added after
          // this map's own pairs, which win, as in the Go YAML decoder.
          for (const src of isSeq(item.value) ? item.value.items : [item.value]) {
            const c = convert(src);
            if (c?.kind === 'map') merged.push(c);
          }
          continue;
        }
        const key = convertKey(item.key, m);
        // An empty value (`key:`) is a null scalar at the position after the colon.
        const v = convert(item.value);
        const pair = newPair(key, v, m);
        if (v && !v.pair) {
          v.pair = pair;
          v.parent = m;
        }
        pairs.push(pair);
      }
      if (merged.length) {
        const own = new Set(pairs.map((p) => p.key.value));
        for (const src of merged) {
          for (const p of src.pairs) {
            if (own.has(p.key.value)) continue;
            own.add(p.key.value);
            pairs.push(p);
          }
        }
      }
      m.pairs = fitted(pairs);
      return m;
    }
    if (isSeq(n)) {
      const items: TreeNode[] = [];
      const sq = newSeq(s, e, items);
      if (anchored) memo.set(node, sq);
      for (const item of n.items) {
        const c = convert(item);
        if (!c) {
          // `- ` with nothing after it is a null item.
          const empty = newScalar(null, false, s, s);
          empty.parent = sq;
          items.push(empty);
          continue;
        }
        if (!c.parent) c.parent = sq;
        items.push(c);
      }
      sq.items = fitted(items);
      return sq;
    }
    if (isScalar(n)) {
      const sc = n as Scalar;
      const value = normaliseScalar(sc.value);
      const quoted = sc.type === 'QUOTE_DOUBLE' || sc.type === 'QUOTE_SINGLE';
      const out = newScalar(value, quoted, s, e, sc.type === 'BLOCK_LITERAL' || sc.type === 'BLOCK_FOLDED');
      if (anchored) memo.set(node, out);
      return out;
    }
    return undefined;
  };

  const convertKey = (k: unknown, m: MapNode): ScalarNode => {
    if (isScalar(k) && k.range) {
      const quoted = k.type === 'QUOTE_DOUBLE' || k.type === 'QUOTE_SINGLE';
      return newKey(k.value === null ? '' : String(k.value), quoted, toOriginal(k.range[0]), toOriginal(k.range[1]), m);
    }
    const r = (k as YamlNode | null)?.range;
    const value = k === null || k === undefined ? '' : String(k);
    return newKey(value, false, r ? toOriginal(r[0]) : m.start, r ? toOriginal(r[1]) : m.start, m);
  };

  const root = convert(doc.contents);
  const issues: SyntaxIssue[] = [...aliasIssues, ...recoveredIssues].filter((i) => i.start >= start && i.start <= Math.max(end, start));
  for (const err of doc.errors) {
    if (err.code === 'MISSING_CHAR' && /Missing closing ["']quote/.test(err.message) && recoveredIssues.length > 0) continue;
    let s = toOriginal(err.pos[0]);
    // Errors reported at the start of a line point at its indentation; move to the first character.
    if (s === 0 || originalText[s - 1] === '\n') while (originalText[s] === ' ' || originalText[s] === '\t') s++;
    const e = Math.max(s + 1, toOriginal(err.pos[1]));
    // A duplicate key leaves a usable tree (the first occurrence is kept), so rules still run.
    const recovered = err.code === 'DUPLICATE_KEY';
    issues.push({ start: s, end: Math.min(e, originalText.length || e), code: err.code, message: describeYamlError(err.code, err.message), recovered });
  }
  for (const warn of doc.warnings) {
    // Warnings from `yaml` (e.g. unresolved tags) are real problems for Kubernetes manifests too.
    const s = toOriginal(warn.pos[0]);
    issues.push({ start: s, end: Math.max(s + 1, toOriginal(warn.pos[1])), code: warn.code, message: warn.message, recovered: false });
  }
  return { index, root, start, end, syntaxIssues: issues, sound: issues.every((i) => i.recovered) };
}

function normaliseScalar(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Replaces the `yaml` package's terse messages with ones that say what to do. */
function describeYamlError(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed as indentation in YAML; indent with spaces.';
    case 'DUPLICATE_KEY':
      return 'Duplicate key: map keys must be unique (Kubernetes would silently keep only one of them).';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      if (/Sequence item without - indicator/.test(first)) {
        return (
          'This line is indented under a list item but is not part of it: a key below `- item` must line up with ' +
          'the list it belongs to. In statementEntries write `- effect: Allow`, then `action:` and `resource:` at the same indentation as `effect`.'
        );
      }
      return first;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `${first}. A key and its colon must be on one line; check the indentation of the line above.`;
    default:
      return first;
  }
}
