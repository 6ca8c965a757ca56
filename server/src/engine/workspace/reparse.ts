/**
 * Re-parsing only the YAML documents an edit touched. A file that holds every CredentialsRequest of a
 * repository (1,000 documents, ~500 KB) took ~300 ms to parse, so each keystroke in it cost that
 * much before any rule ran (issue 10). A `---` line at column 0 always starts a new document (YAML
 * 1.2 §9.1.4: a document marker is forbidden inside content; the `yaml` lexer ends any scalar there),
 * so the text between two such lines parses the same on its own as inside the file. Only the span
 * between the nearest marker lines around the edit is parsed again; the documents before it are
 * kept, and those after it are kept with their offsets moved.
 *
 * Anything unusual takes the full parse: JSON, a byte order mark, directives (`%YAML`, which
 * apply to the document after them), template syntax (parse/template.ts: its masked ranges and
 * unread documents are the whole file's), syntax problems before or after (the tab and unterminated-quote
 * recoveries work on the whole file), or documents that straddle the span.
 */
import { MAX_FILE_CHARS, parseFile } from '../parse';
import { MAX_NODES } from '../parse/types';
import type { ParsedDocument, ParsedFile } from '../parse/types';
import type { TreeNode } from '../parse/tree';

/** Offsets of the `---` document-marker lines of `text` between `from` and `to` (line starts). */
function markerLines(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) out.push(m.index);
  return out;
}

/** Moves every offset of a document by `delta`, in place (alias targets, shared by reference, once). */
function shiftDocument(d: ParsedDocument, delta: number): void {
  d.start += delta;
  d.end += delta;
  const seen = new Set<TreeNode>();
  const walk = (n: TreeNode | undefined): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    n.start += delta;
    n.end += delta;
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        p.key.start += delta;
        p.key.end += delta;
        walk(p.value);
      }
    } else if (n.kind === 'seq') {
      for (const i of n.items) walk(i);
    }
  };
  walk(d.root);
}

/**
 * The parse of `text` (the new content of a YAML file whose previous content `oldText` parsed to
 * `old`), re-parsing only the documents the edit touched; undefined when that cannot be done safely
 * (the caller then parses the whole file). The documents of `old` outside the edit are reused: those
 * after it are moved in place, so `old` must not be used afterwards.
 */
export function reparseYaml(old: ParsedFile, oldText: string, text: string): ParsedFile | undefined {
  if (old.language !== 'yaml' || old.skipped || old.documents.length < 2 || old.nodes === undefined) return undefined;
  // A template's masked ranges and unread documents belong to the whole file (parse/template.ts).
  if (old.template) return undefined;
  if (text.length > MAX_FILE_CHARS || text.charCodeAt(0) === 0xfeff || oldText.charCodeAt(0) === 0xfeff) return undefined;
  if (old.documents.some((d) => d.syntaxIssues.length > 0)) return undefined;
  // The unchanged head and tail of the text.
  const max = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const delta = text.length - oldText.length;
  // The span to parse again: from the last marker line wholly in the unchanged head (its `---` and
  // the character after it unchanged) to the first marker line in the unchanged tail.
  const head = markerLines(oldText, 0, Math.max(0, p - 3)).filter((m) => m + 4 <= p);
  const from = head.length ? head[head.length - 1]! : 0;
  const tailStart = oldText.length - s;
  // A marker line must start at a line start: the character before it (a newline) must be unchanged too.
  const tail = markerLines(oldText, Math.max(tailStart, 1), oldText.length).filter((m) => m - 1 >= tailStart);
  const toOld = tail.length ? tail[0]! : oldText.length;
  const toNew = toOld + delta;
  if (from === 0 && toOld === oldText.length) return undefined; // nothing to keep
  if (/^%/m.test(oldText) || /^%/m.test(text.slice(from, toNew))) return undefined;
  const before: ParsedDocument[] = [];
  const after: ParsedDocument[] = [];
  for (const d of old.documents) {
    if (d.end <= from && d.start < from) before.push(d);
    else if (d.start >= toOld) after.push(d);
    else if (d.start < from || d.end > toOld) return undefined; // straddles the span
  }
  // The marker line that ends the span is parsed too, so the last document of the span ends as it
  // does in the file (a trailing comment or blank line ends differently at the end of the text); the
  // document it opens is dropped for the kept one.
  const nl = text.indexOf('\n', toNew);
  const stop = toOld === oldText.length ? text.length : nl < 0 ? text.length : nl + 1;
  const middle = parseFile(old.uri, text.slice(from, stop), 'yaml');
  if (middle.skipped || middle.template || middle.documents.some((d) => d.syntaxIssues.length > 0)) return undefined;
  // The file's node budget (MAX_NODES) holds for the whole text, not just the span: count the old
  // file's nodes plus the span's (an upper bound, as the replaced documents are not subtracted), and
  // parse the whole file once that bound nears the limit — the full parse reports parse-limit exactly
  // as a fresh check would, and resets the count.
  const nodes = old.nodes + (middle.nodes ?? MAX_NODES);
  if (nodes > MAX_NODES) return undefined;
  if (stop !== text.length || toOld !== oldText.length) {
    const opened = middle.documents.pop();
    if (!opened || opened.start !== toNew - from) return undefined;
  }
  for (const d of middle.documents) shiftDocument(d, from);
  if (delta !== 0) for (const d of after) shiftDocument(d, delta);
  const documents = [...before, ...middle.documents, ...after];
  documents.forEach((d, i) => (d.index = i));
  return { uri: old.uri, language: 'yaml', documents, nodes };
}
