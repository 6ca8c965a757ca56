/**
 * Helpers shared by rules: locations for cross-file messages and text edits for fixes.
 * (Files starting with `_` are not rules; the registry test skips them.)
 */
import type { DocRef } from '../model/types';
import type { ScalarNode, TreeNode } from '../parse/tree';
import type { EditSpec, RuleContext } from './types';

/** File name of a URI (last path segment, decoded). */
export function fileName(uri: string): string {
  const p = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(p.slice(p.lastIndexOf('/') + 1));
}

/** 1-based line of an offset in a file of the workspace. */
export function lineOf(ctx: RuleContext, uri: string, offset: number): number {
  // Through the file's line index: counting newlines from the top made every `file:line` in a
  // message O(file size), and a file of 1,000 CRs with one finding each O(n²) (issue 10).
  return ctx.line(uri, offset);
}

/** `deployment.yaml:35`: where a node is, for messages that name another file. */
export function where(ctx: RuleContext, doc: DocRef, node: TreeNode): string {
  return `${fileName(doc.uri)}:${lineOf(ctx, doc.uri, node.start)}`;
}

/** Replace a node's text (value node or key scalar). */
export function replaceNode(doc: DocRef, node: TreeNode, newText: string): EditSpec {
  return { uri: doc.uri, start: node.start, end: node.end, newText };
}

/**
 * Replaces a string scalar (a value or a key) by `value` and keeps it a string in the file's syntax: a
 * quoted scalar (every JSON string, a quoted YAML scalar) gets a JSON string literal, which is also a
 * valid double-quoted YAML scalar; a plain YAML scalar gets {@link yamlScalar}. Writing the bare value
 * into a JSON file (`"Bad_Name"` → `bad-name`) made the fix break the file.
 */
export function replaceString(uri: string, node: ScalarNode, value: string): EditSpec {
  return { uri, start: node.start, end: node.end, newText: node.quoted ? JSON.stringify(value) : yamlScalar(value) };
}

/** Column (0-based) of the first character of the line containing `offset`'s indentation, i.e. the line's indent. */
export function indentAt(text: string, offset: number): number {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  let i = ls;
  while (text[i] === ' ') i++;
  return i - ls;
}

/**
 * The indentation to write before a new line so that it starts in the same column as `offset`: the
 * text before `offset` on its line with every character but a tab turned into a space. Counting the
 * column in spaces misplaced new keys in a (recovered) tab-indented block, where the parser reads a
 * tab as more than one column.
 */
export function indentLike(text: string, offset: number): string {
  // A byte-order mark at the start of the file is no column: the editor and YAML put the first key at 0.
  const from = lineStart(text, offset);
  return text.slice(from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : from, offset).replace(/[^\t]/g, ' ');
}

/** Offset of the start of the line containing `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line containing `offset` (after its newline, or text end). */
export function lineEndInclusive(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** A YAML scalar rendering that round-trips (quotes when plain style would change the value). */
export function yamlScalar(v: string): string {
  if (v === '' || /^[\s]|[\s]$|^[-?:,\[\]{}#&*!|>'"%@`]|: | #|^(true|false|null|yes|no|on|off|~)$/i.test(v) || /^[\d.+-]/.test(v) && !Number.isNaN(Number(v))) {
    return JSON.stringify(v);
  }
  return v;
}
