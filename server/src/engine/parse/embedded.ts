/**
 * JSON documents written as JSON text inside a string value. The IAM CreateRole input takes the
 * trust policy as a string, `AssumeRolePolicyDocument` (IAM API CreateRole: "The trust relationship
 * policy document … JSON"), and that is how `ccoctl aws create-iam-roles --dry-run` writes
 * `05-<n>-<role name>-role.json`: `json.Marshal` of a map whose `AssumeRolePolicyDocument` is the
 * policy text, so every `"` of the policy is `\"` in the file and `<`, `>`, `&` are `\u003c`,
 * `\u003e`, `\u0026` (Go encoding/json escapes HTML characters by default)
 * (https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go
 * createRole, createRolePolicyDocument).
 *
 * The policy is parsed like a policy file, and every offset of its tree is mapped back through the
 * string escapes onto the file's characters, so findings land where the text is. Edits that rules
 * compute against those offsets are re-encoded with {@link encodeEmbeddedEdits} before they reach a
 * user: their `newText` is policy text and must become JSON string content.
 */
import { parseJson } from './json';
import { asMap, getPair } from './tree';
import type { MapNode, PairNode, ScalarNode, TreeNode } from './tree';
import { ParseLimitError } from './types';
import type { ParsedDocument, SyntaxIssue } from './types';

/** The keys of a JSON document that holds a policy as a string: IAM CreateRole input (`aws iam create-role --cli-input-json`). */
export const EMBEDDED_POLICY_KEY = 'AssumeRolePolicyDocument';

/** A policy held as JSON text in a string value of a JSON document (see the module comment). */
export interface EmbeddedDocument {
  /** The `AssumeRolePolicyDocument` pair of the outer document. */
  pair: PairNode;
  /** The string value: `start`/`end` are the offsets of its quotes, `value` the policy text. */
  literal: ScalarNode;
  /** The policy's tree, offsets in the file (undefined when the text holds no JSON value). */
  root: TreeNode | undefined;
  /** Syntax problems of the policy text (file offsets); also listed in the outer document's syntaxIssues. */
  issues: number;
}

/** A string literal decoded: `value`, and `at[i]` the file offset of the escape that gives `value[i]` (`at[value.length]`: the closing quote). */
interface Decoded {
  value: string;
  at: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the JSON string literal at `start`…`end` of `text` (`text[start]` and `text[end - 1]` are its
 * quotes). Undefined when the literal is not valid (the JSON parser reports that itself).
 */
export function decodeJsonString(text: string, start: number, end: number): Decoded | undefined {
  if (text[start] !== '"' || text[end - 1] !== '"' || end - start < 2) return undefined;
  const at: number[] = [];
  let value = '';
  for (let i = start + 1; i < end - 1; ) {
    const c = text[i]!;
    if (c !== '\\') {
      at.push(i);
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return undefined;
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      at.push(i);
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, e)) {
      at.push(i);
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else return undefined;
  }
  at.push(end - 1);
  return { value, at };
}

/** `s` written as the content of a JSON string literal (without the quotes). */
export function jsonStringContent(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The `AssumeRolePolicyDocument` string of a CreateRole input (a map with `RoleName` too), or undefined. */
function embeddedLiteral(root: TreeNode | undefined): { pair: PairNode; literal: ScalarNode } | undefined {
  const map: MapNode | undefined = asMap(root);
  if (!map || !getPair(map, 'RoleName')) return undefined;
  const pair = getPair(map, EMBEDDED_POLICY_KEY);
  const v = pair?.value;
  return pair && v?.kind === 'scalar' && typeof v.value === 'string' ? { pair, literal: v } : undefined;
}

/**
 * Parses the policy held as a string by a CreateRole input document (`RoleName` and a string
 * `AssumeRolePolicyDocument` at the top), sets `doc.embedded`, and adds the policy's syntax problems to
 * `doc.syntaxIssues` (file offsets, fixes re-encoded) so json-syntax reports them. Any other document
 * is left alone. Never throws: a policy past the parser's limits is one unrecovered syntax issue.
 */
export function parseEmbedded(text: string, doc: ParsedDocument): void {
  const found = embeddedLiteral(doc.root);
  if (!found) return;
  const { pair, literal } = found;
  const decoded = decodeJsonString(text, literal.start, literal.end);
  // Escapes the JSON parser read differently (it reports invalid ones itself): no map, no tree.
  if (!decoded || decoded.value !== literal.value) return;
  const where = `In the trust policy held as text by \`${EMBEDDED_POLICY_KEY}\``;
  let inner: ParsedDocument;
  try {
    inner = parseJson(decoded.value);
  } catch (e) {
    if (!(e instanceof ParseLimitError)) throw e;
    const issue: SyntaxIssue = { start: decoded.at[e.start] ?? literal.start, end: decoded.at[Math.min(e.end, decoded.value.length)] ?? literal.end, code: 'EmbeddedLimit', message: `${where}: ${e.reason}.`, recovered: false };
    doc.embedded = { pair, literal, root: undefined, issues: 1 };
    addIssues(doc, [issue]);
    return;
  }
  const map = (o: number): number => decoded.at[Math.max(0, Math.min(o, decoded.value.length))]!;
  let issues: SyntaxIssue[];
  if (inner.root?.kind !== 'map') {
    // IAM reads the string as a policy document, a JSON object (IAM-UG policy grammar). Text that is no
    // object at all is one mistake, not one error per word the JSON scanner trips over.
    const holds = inner.root === undefined ? (decoded.value.trim() === '' ? 'nothing' : 'text that is not JSON') : 'another JSON value';
    issues = [
      {
        start: literal.start,
        end: literal.end,
        code: 'EmbeddedNotObject',
        message: `${where}: the string must hold the trust policy as a JSON object (\`{ "Version": "2012-10-17", "Statement": [ … ] }\`); it holds ${holds}.`,
        recovered: false,
      },
    ];
  } else {
    issues = inner.syntaxIssues.map((i) => ({
      ...i,
      start: map(i.start),
      end: map(i.end),
      message: `${where}: ${i.message}`,
      fix: i.fix && {
        title: i.fix.title,
        start: map(i.fix.start),
        end: map(i.fix.end),
        newText: jsonStringContent(i.fix.newText),
        more: i.fix.more?.map((m) => ({ start: map(m.start), end: map(m.end), newText: jsonStringContent(m.newText) })),
      },
    }));
  }
  if (inner.root) remap(inner.root, map);
  doc.embedded = { pair, literal, root: inner.root, issues: issues.length };
  addIssues(doc, issues);
}

function addIssues(doc: ParsedDocument, issues: SyntaxIssue[]): void {
  if (!issues.length) return;
  doc.syntaxIssues = [...doc.syntaxIssues, ...issues].sort((a, b) => a.start - b.start);
  doc.sound = doc.syntaxIssues.every((i) => i.recovered);
}

/** Moves every node of a tree from policy-text offsets to file offsets (the tree is at most MAX_NESTING_DEPTH deep). */
function remap(n: TreeNode, map: (o: number) => number): void {
  n.start = map(n.start);
  n.end = map(n.end);
  if (n.kind === 'map') {
    for (const p of n.pairs) {
      p.key.start = map(p.key.start);
      p.key.end = map(p.key.end);
      if (p.value) remap(p.value, map);
    }
  } else if (n.kind === 'seq') {
    for (const i of n.items) remap(i, map);
  }
}

/** A text edit by offsets (rules' EditSpec and the engine's FixEdit both have this shape). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Re-encodes the edits of one fix for one file whose documents may hold embedded policies (offsets
 * into `text`, the file's current text). An edit inside a policy string was computed as policy text:
 * it must start and end on the boundary of a character's escape, and its `newText` becomes JSON string
 * content. The policy with all the fix's edits applied must parse with no more syntax problems than
 * before; else (or for an edit that cuts a string's quote or an escape) the fix cannot be made safe and
 * undefined is returned, so the caller drops it. Edits outside every policy string come back as they are.
 */
export function encodeEmbeddedEdits<E extends OffsetEdit>(text: string, documents: readonly ParsedDocument[], edits: readonly E[]): E[] | undefined {
  const out = edits.slice();
  for (const d of documents) {
    const emb = d.embedded;
    if (!emb) continue;
    const { start: ls, end: le } = emb.literal;
    const inside: number[] = [];
    for (let i = 0; i < out.length; i++) {
      const e = out[i]!;
      if (e.end <= ls || e.start >= le || (e.start <= ls && e.end >= le)) continue;
      if (e.start < ls + 1 || e.end > le - 1) return undefined; // cuts a quote of the string
      inside.push(i);
    }
    if (!inside.length) continue;
    const decoded = decodeJsonString(text, ls, le);
    if (!decoded) return undefined;
    const index = new Map<number, number>();
    decoded.at.forEach((o, i) => index.set(o, i));
    const innerEdits: { start: number; end: number; newText: string }[] = [];
    for (const i of inside) {
      const e = out[i]!;
      const s = index.get(e.start);
      const t = index.get(e.end);
      if (s === undefined || t === undefined) return undefined; // inside an escape sequence
      innerEdits.push({ start: s, end: t, newText: e.newText });
      out[i] = { ...e, newText: jsonStringContent(e.newText) };
    }
    innerEdits.sort((a, b) => a.start - b.start || a.end - b.end);
    let edited = '';
    let at = 0;
    for (const e of innerEdits) {
      if (e.start < at) return undefined; // overlapping edits
      edited += decoded.value.slice(at, e.start) + e.newText;
      at = e.end;
    }
    edited += decoded.value.slice(at);
    let after: ParsedDocument;
    try {
      after = parseJson(edited);
    } catch {
      return undefined;
    }
    if (after.syntaxIssues.length > emb.issues || after.root?.kind !== 'map') return undefined;
  }
  return out;
}
