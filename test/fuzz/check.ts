/**
 * The fuzz oracle: runs one {@link FuzzCase} through the engine (and the SARIF formatter) and returns
 * every broken promise as a {@link Problem}:
 * - `crash`: the engine or the formatter threw;
 * - `internal-error`: a finding that reports an engine failure instead of the user's mistake (a rule
 *   that threw, a stack overflow shown as a syntax message);
 * - `bad-range`: a finding or related location outside its document, or with start after end;
 * - `bad-edit`: a fix edit outside its document, overlapping another edit of the same fix, splitting a
 *   CRLF or a surrogate pair, aimed at a file the workspace does not hold, or changing data outside
 *   the edit's own range (see {@link checkFix});
 * - `unparseable-fix`: applying a fix adds syntax errors;
 * - `incremental`: after a sequence of updates the findings differ from a fresh workspace's;
 * - `invalid-sarif`: the SARIF log fails the SARIF 2.1.0 schema.
 * Known defects, fixed elsewhere, are tagged by {@link KNOWN_DEFECTS} rather than hidden.
 */
import { toSarif } from '../../server/src/cli/formatters/sarif';
import type { LintReport } from '../../server/src/cli/lint';
import { ALL_RULES } from '../../server/src/engine/rules';
import { parseFile } from '../../server/src/engine/parse';
import type { TreeNode } from '../../server/src/engine/parse/tree';
import type { ParsedDocument } from '../../server/src/engine/parse/types';
import type { Finding, Fix, FixEdit, Position, Range } from '../../server/src/engine/types';
import { Workspace } from '../../server/src/engine/workspace/workspace';
import { sarifSchemaErrors } from '../helpers/sarif-schema';
import type { FuzzCase } from './generators';

export type ProblemKind = 'crash' | 'internal-error' | 'bad-range' | 'bad-edit' | 'unparseable-fix' | 'incremental' | 'invalid-sarif';

export interface Problem {
  kind: ProblemKind;
  /** Rule of the finding concerned, if any. */
  rule?: string;
  /** Fix title, for edit problems. */
  fix?: string;
  uri?: string;
  message: string;
}

const STACK_OVERFLOW = 'Maximum call stack size exceeded';

/**
 * Defects of issue #10 being fixed on other branches. A problem that matches one is counted under
 * its item, not as a new failure. Remove an entry once its fix is merged: the suite must then stay
 * green without it.
 */
export const KNOWN_DEFECTS: { item: number; id: string; matches(p: Problem): boolean }[] = [
  // Empty: the defects of issue #10 this list once excused (#1 merge key in a complex key, #4 the
  // namespace fix over over-indented lines, #11 duplicate SARIF fixes, #12 deep nesting overflowing
  // the stack) are fixed, and the suite is green without them. #7 (quadratic parse of huge maps) needs
  // inputs far above MAX_TEXT; the long run's per-case time guard would count it as a hang.
];

/** The KNOWN_DEFECTS entry a problem belongs to, if any. */
export function knownDefect(p: Problem): (typeof KNOWN_DEFECTS)[number] | undefined {
  return KNOWN_DEFECTS.find((k) => k.matches(p));
}

const ROOT = '/ws';
const uriOf = (p: string): string => `file://${ROOT}/${p}`;

/** Most fixes checked per workspace state (each costs two parses). */
const MAX_FIXES_CHECKED = 60;
/** Most leaves collected per document for the data comparison (alias expansion is bounded by it). */
const MAX_LEAVES = 20_000;

/** Runs every check on a case. Never throws (an exception of the engine is a `crash` problem). */
export function checkCase(c: FuzzCase): Problem[] {
  const problems: Problem[] = [];
  /** Runs `f`; an exception is a `crash` problem. Returns false when it threw. */
  const guard = (what: string, f: () => void): boolean => {
    try {
      f();
      return true;
    } catch (e) {
      problems.push({ kind: 'crash', message: `${what}: ${describeError(e)}` });
      return false;
    }
  };
  const texts = new Map<string, string>();
  for (const f of c.files) texts.set(uriOf(f.path), f.text);

  let ws: Workspace | undefined;
  // After a crash the workspace holds what it held before the failing update (issue #10 item 2), so
  // nothing more about it is meaningful: the crash is the finding.
  if (
    !guard('load', () => {
      ws = new Workspace(c.settings);
      for (const [uri, text] of texts) ws.update({ uri, text, version: 0 });
    }) ||
    !ws
  )
    return problems;
  let findings = new Map<string, Finding[]>();
  if (
    !guard('findings', () => {
      findings = allFindings(ws!, texts.keys());
    })
  )
    return problems;
  checkState(ws, texts, findings, problems);

  if (c.steps.length === 0) return problems;
  // Incremental: apply the later edits to the evaluated workspace, then compare with a fresh one.
  const paths = c.files.map((f) => f.path);
  const updated = guard('incremental update', () => {
    c.steps.forEach((s, i) => {
      const uri = uriOf(paths[s.file]!);
      if (s.text === undefined) {
        ws!.remove(uri);
        texts.delete(uri);
      } else {
        ws!.update({ uri, text: s.text, version: i + 1 });
        texts.set(uri, s.text);
      }
      // Evaluate midway too, so later steps invalidate findings computed from earlier ones.
      if (i === Math.floor(c.steps.length / 2) - 1) allFindings(ws!, texts.keys());
    });
    const got = allFindings(ws!, texts.keys());
    const fresh = new Workspace(c.settings);
    for (const [uri, text] of texts) fresh.update({ uri, text, version: 0 });
    const want = allFindings(fresh, texts.keys());
    for (const uri of texts.keys()) {
      const a = (got.get(uri) ?? []).map(findingKey);
      const b = (want.get(uri) ?? []).map(findingKey);
      if (a.join('\n') !== b.join('\n')) {
        const missing = b.filter((x) => !a.includes(x));
        const extra = a.filter((x) => !b.includes(x));
        // Where a stack overflows depends on the stack already in use (and on what the JIT has
        // optimised), so in a file where #12 strikes, one run may overflow where the other did not
        // (and then find the document unsound and skip its per-file rules).
        const overflow = [...a, ...b].some((x) => x.includes(STACK_OVERFLOW));
        problems.push({ kind: 'incremental', uri, message: `incremental ≠ fresh${overflow ? ` (in a file with "${STACK_OVERFLOW}")` : ''}: missing ${JSON.stringify(missing.slice(0, 2))}, extra ${JSON.stringify(extra.slice(0, 2))}` });
      }
    }
    findings = got;
  });
  if (updated) checkState(ws, texts, findings, problems);
  return problems;
}

function allFindings(ws: Workspace, uris: Iterable<string>): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const u of uris) out.set(u, ws.findings(u));
  return out;
}

const findingKey = (f: Finding): string => JSON.stringify([f.range, f.ruleId, f.severity, f.message, f.related ?? [], f.fixes ?? []]);

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = e.stack?.split('\n').find((l) => /server[\\/]src/.test(l))?.trim();
  return `${e.name}: ${e.message}${frame ? ` (${frame})` : ''}`;
}

/** Ranges, fixes and SARIF of one workspace state. */
function checkState(ws: Workspace, texts: Map<string, string>, findings: Map<string, Finding[]>, problems: Problem[]): void {
  let fixesChecked = 0;
  for (const [uri, fs] of findings) {
    const text = texts.get(uri)!;
    for (const f of fs) {
      if (f.message.startsWith('Internal error in rule') || f.message.includes(STACK_OVERFLOW)) {
        problems.push({ kind: 'internal-error', rule: f.ruleId, uri, message: f.message });
      }
      const bad = badRange(text, f.range);
      if (bad) problems.push({ kind: 'bad-range', rule: f.ruleId, uri, message: `finding ${rangeText(f.range)}: ${bad}` });
      for (const r of f.related ?? []) {
        const rt = texts.get(r.uri);
        const rb = rt === undefined ? `related location in ${r.uri}, which the workspace does not hold` : badRange(rt, r.range);
        if (rb) problems.push({ kind: 'bad-range', rule: f.ruleId, uri, message: `related ${rangeText(r.range)}: ${rb}` });
      }
      for (const fix of f.fixes ?? []) {
        if (fixesChecked++ >= MAX_FIXES_CHECKED) break;
        for (const m of checkFix(texts, fix)) problems.push({ ...m, rule: f.ruleId, fix: fix.title, uri });
      }
    }
  }
  try {
    const report: LintReport = {
      cwd: ROOT,
      root: ROOT,
      settings: ws.getSettings(),
      skipped: [],
      files: [...findings].map(([uri, fs]) => ({ path: uri.slice('file://'.length), display: uri.slice(`file://${ROOT}/`.length), uri, findings: fs })),
      unreadable: [],
      notices: [],
    };
    // Through JSON, as the CLI prints it (an `undefined` field is absent, not invalid).
    const log = JSON.parse(JSON.stringify(toSarif(report, { version: '0.0.0-fuzz', rules: ALL_RULES, docsLink: (id) => `https://example.invalid/rules/${id}.md` }))) as unknown;
    for (const e of sarifSchemaErrors(log).slice(0, 3)) {
      const detail = e.instancePath.replace(/\/runs\/0\/results\/(\d+)/, (_m, i: string) => `/results/${i} (${resultRule(log, Number(i))})`);
      problems.push({ kind: 'invalid-sarif', message: `${detail} ${e.keyword}: ${e.message ?? ''}` });
    }
  } catch (e) {
    problems.push({ kind: 'crash', message: `sarif: ${describeError(e)}` });
  }
}

function resultRule(log: unknown, i: number): string {
  const runs = (log as { runs?: { results?: { ruleId?: string }[] }[] }).runs;
  return runs?.[0]?.results?.[i]?.ruleId ?? '?';
}

function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Line lengths (without their line break) as LSP counts lines: `\r\n`, `\r` and `\n` each end one. */
function lineLengths(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 || ch === 10) {
      out.push(i - start);
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push(text.length - start);
  return out;
}

/** Why `r` is not a range of `text`, or undefined when it is. */
export function badRange(text: string, r: Range): string | undefined {
  const lens = lineLengths(text);
  const pos = (p: Position, what: string): string | undefined => {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${what} is not a position`;
    if (p.line >= lens.length) return `${what} line ${p.line} is past the last line ${lens.length - 1}`;
    if (p.character > lens[p.line]!) return `${what} character ${p.character} is past the end of line ${p.line} (${lens[p.line]})`;
    return undefined;
  };
  const bad = pos(r.start, 'start') ?? pos(r.end, 'end');
  if (bad) return bad;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return 'start is after end';
  return undefined;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** True when offset `o` of `text` falls between the two halves of `\r\n` or of a surrogate pair. */
function splitsUnit(text: string, o: number): boolean {
  if (o <= 0 || o >= text.length) return false;
  const a = text.charCodeAt(o - 1);
  const b = text.charCodeAt(o);
  return (a === 13 && b === 10) || (isHigh(a) && isLow(b));
}

/**
 * Checks one fix: every edit lies inside its document, edits of one document do not overlap, no edit
 * boundary splits a CRLF or a surrogate pair; applying the edits adds no syntax error (unless the
 * document already had one the parser could not recover from); and the data of
 * the document is unchanged outside the edits. The last compares every leaf (scalar, empty map or
 * sequence, with its path) of the document before and after: a leaf that disappears must overlap one
 * of the edits (itself, its key or the key of an ancestor). A fix whose title says it adds something
 * (`Add …`) may not lose any leaf but an empty placeholder (`namespace:` → `namespace: x`).
 */
export function checkFix(texts: ReadonlyMap<string, string>, fix: Fix): Omit<Problem, 'rule' | 'fix' | 'uri'>[] {
  const out: Omit<Problem, 'rule' | 'fix' | 'uri'>[] = [];
  const byUri = new Map<string, FixEdit[]>();
  for (const e of fix.edits) {
    if (!byUri.has(e.uri)) byUri.set(e.uri, []);
    byUri.get(e.uri)!.push(e);
  }
  const additive = /^Add\b/.test(fix.title);
  for (const [uri, edits] of byUri) {
    const text = texts.get(uri);
    if (text === undefined) {
      out.push({ kind: 'bad-edit', message: `edits ${uri}, which the workspace does not hold` });
      continue;
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let prevEnd = 0;
    let ok = true;
    for (const e of sorted) {
      if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end < e.start || e.end > text.length) {
        out.push({ kind: 'bad-edit', message: `edit [${e.start}, ${e.end}) outside the document (length ${text.length})` });
        ok = false;
      } else if (e.start < prevEnd) {
        out.push({ kind: 'bad-edit', message: `edit [${e.start}, ${e.end}) overlaps the previous edit (ending at ${prevEnd})` });
        ok = false;
      } else if (splitsUnit(text, e.start) || splitsUnit(text, e.end)) {
        out.push({ kind: 'bad-edit', message: `edit [${e.start}, ${e.end}) splits a CRLF or a surrogate pair` });
        ok = false;
      }
      prevEnd = Math.max(prevEnd, e.end);
    }
    if (!ok) continue;
    let fixed = '';
    let at = 0;
    for (const e of sorted) {
      fixed += text.slice(at, e.start) + e.newText;
      at = e.end;
    }
    fixed += text.slice(at);

    const before = parseFile(uri, text);
    const after = parseFile(uri, fixed);
    // Tab indentation counts once: the parser reports each tab-indented line, and a fix that adds a
    // line to a tab-indented block copies its tabs (the parser's recovery reads them the same way).
    const issues = (p: typeof before): number => {
      const all = p.documents.flatMap((d) => d.syntaxIssues);
      const tabs = all.filter((i) => i.code === 'TAB_AS_INDENT').length;
      return all.length - tabs + (tabs ? 1 : 0) + (p.skipped ? 1 : 0);
    };
    const nBefore = issues(before);
    const nAfter = issues(after);
    // A document with an unrecovered syntax error has no parse to keep; its fixes are judged by the rest.
    const sound = !before.skipped && before.documents.every((d) => d.sound);
    if (sound && nAfter > nBefore) {
      const first = after.documents.flatMap((d) => d.syntaxIssues)[0];
      out.push({ kind: 'unparseable-fix', message: `${nBefore} → ${nAfter} syntax problems${first ? `, e.g. "${first.message.split('\n')[0]}" at offset ${first.start}` : ''}; edits ${JSON.stringify(sorted)}` });
      continue;
    }
    // Data comparison only where both trees mean what the text says, and without aliases: editing an
    // anchored value (`&a Deny`) rightly changes every `*a` too.
    if (nBefore > 0 || before.documents.length !== after.documents.length || /(^|[\s[{,])\*[^\s,\]}]/.test(text)) continue;
    const lost = lostLeaves(before.documents, after.documents);
    if (!lost) continue;
    for (const l of lost) {
      const touched = l.guards.some(([s, e]) => sorted.some((ed) => (ed.start === ed.end ? ed.start >= s && ed.start <= e : ed.start <= e && ed.end >= s)));
      const placeholder = l.value === 'null' || l.value === '""' || l.value === '{}' || l.value === '[]';
      if (!touched || (additive && !placeholder)) {
        out.push({ kind: 'bad-edit', message: `${touched ? 'an additive fix' : 'outside its edits, the fix'} loses ${l.path} = ${l.value.slice(0, 60)}; edits ${JSON.stringify(sorted).slice(0, 300)}` });
        break;
      }
    }
  }
  return out;
}

interface Leaf {
  path: string;
  value: string;
  /** Offset ranges that, when edited, may legitimately change this leaf: itself, its key, its ancestors' keys. */
  guards: [number, number][];
}

/** Leaves of `before` missing from `after` (as a multiset of path = value); undefined when too many to compare. */
function lostLeaves(before: ParsedDocument[], after: ParsedDocument[]): Leaf[] | undefined {
  const b = collect(before, true);
  const a = collect(after, false);
  if (!a || !b) return undefined;
  const have = new Map<string, number>();
  for (const l of a) have.set(l.path + '\u0000' + l.value, (have.get(l.path + '\u0000' + l.value) ?? 0) + 1);
  const lost: Leaf[] = [];
  for (const l of b) {
    const k = l.path + '\u0000' + l.value;
    const n = have.get(k) ?? 0;
    if (n > 0) have.set(k, n - 1);
    else lost.push(l);
  }
  return lost;
}

/**
 * Leaves of the documents' trees. A policy held as a JSON string (parse/embedded.ts) counts by its own
 * leaves, under the string's path: a fix inside it changes the string, and must keep every other
 * leaf of the policy (an "Add" fix there must lose none).
 */
function collect(docs: ParsedDocument[], withGuards: boolean): Leaf[] | undefined {
  const out: Leaf[] = [];
  const stack = new Set<TreeNode>();
  const embedded = new Map<TreeNode, TreeNode>();
  for (const d of docs) if (d.embedded?.root) embedded.set(d.embedded.literal, d.embedded.root);
  const walk = (n: TreeNode, path: string, guards: [number, number][]): boolean => {
    if (out.length > MAX_LEAVES || stack.has(n)) return false;
    const inner = embedded.get(n);
    if (inner) return walk(inner, path, guards);
    const own: [number, number][] = withGuards ? [...guards, [n.start, n.end]] : guards;
    if (n.kind === 'scalar' || (n.kind === 'map' && n.pairs.length === 0) || (n.kind === 'seq' && n.items.length === 0)) {
      out.push({ path, value: n.kind === 'scalar' ? JSON.stringify(n.value) : n.kind === 'map' ? '{}' : '[]', guards: own });
      return true;
    }
    stack.add(n);
    let ok = true;
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        const g: [number, number][] = withGuards ? [...guards, [p.key.start, p.key.end]] : guards;
        const child = `${path}.${JSON.stringify(p.key.value)}`;
        ok = p.value ? walk(p.value, child, g) : (out.push({ path: child, value: 'null', guards: g }), true);
        if (!ok) break;
      }
    } else {
      for (let i = 0; i < n.items.length && ok; i++) ok = walk(n.items[i]!, `${path}[${i}]`, guards);
    }
    stack.delete(n);
    return ok;
  };
  for (let i = 0; i < docs.length; i++) {
    const r = docs[i]!.root;
    if (r && !walk(r, `#${i}`, [])) return undefined;
  }
  return out;
}
