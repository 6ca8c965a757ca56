/**
 * Template files: YAML with Go text/template actions (`{{ … }}`, Helm charts' `templates/`, operator
 * `bindata`/`assets` that Go code renders) or Terraform template directives (`%{ if }`, `templatefile`).
 * Template syntax is not YAML syntax: `{{- if .Values.x }}` on a line of its own is a flow mapping to a
 * YAML parser, `name: {{ .Name }}` a mapping used as a key, and the two branches of an if/else look like
 * duplicate keys. {@link maskTemplate} rewrites such a text into YAML of the same length (so every
 * offset, line and column still points into the file as written) that reads as one rendering of it:
 *
 * - an action used as a value (`{{ .Values.name }}`, `{{ include "x" . }}` inside a line) becomes a
 *   placeholder scalar of the same length ({@link maskPlaceholder}); the parser puts the original
 *   action text back into the value, so rules see `{{ .Values.name }}` and treat it as unknown
 *   ({@link isPlaceholder});
 * - control actions (`if`, `else`, `end`, `range`, `with`, `define`, `block`, `template`, comments,
 *   variable assignments) and actions alone on their line (`{{ toYaml .Values.env | nindent 12 }}`,
 *   which stand for YAML lines nobody can know before rendering) become spaces;
 * - the `else` branches of `if`/`range`/`with` and the bodies of `define`/`block` become spaces: the
 *   text that remains is the rendering where every condition holds, so an if/else never makes a
 *   duplicate key.
 *
 * Go syntax: pkg.go.dev/text/template ("Actions": `{{if}}`, `{{else}}`, `{{else if}}`, `{{range}}`,
 * `{{with}}`, `{{define}}`, `{{block}}`, `{{template}}`, `{{break}}`, `{{continue}}`, `{{end}}`, comment
 * actions, trim markers `{{- ` and ` -}}`, variables `$x := …`). Terraform: developer.hashicorp.com
 * /terraform/language/expressions/strings "Directives" (`%{ if }`, `%{ else }`, `%{ endif }`,
 * `%{ for }`, `%{ endfor }`, trim marker `~`).
 */
import { maskPlaceholder } from './placeholder';

export type TemplateKind = 'go' | 'terraform';

/** A template action the mask turned into a placeholder scalar: offsets in the text, original action text. */
export interface MaskedAction {
  start: number;
  end: number;
  text: string;
}

export interface MaskedTemplate {
  kind: TemplateKind;
  /** The text with template syntax replaced; same length as the input, newlines unchanged. */
  text: string;
  /** Actions replaced by a placeholder scalar, in order. */
  values: MaskedAction[];
  /** Ranges replaced by spaces (control actions, whole-line actions, else branches), in order. */
  blanked: { start: number; end: number }[];
}

/**
 * A Go action: a comment `{{/* … *` + `/}}` (which may hold `{{ }}` itself; Go's lexer reads to the
 * closing `*` + `/`), else `{{` … `}}` (shortest match; Go's lexer also ends an action at the first
 * `}}` outside a string).
 */
const GO_ACTION = /\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}|\{\{[\s\S]*?\}\}/g;
/**
 * A Terraform directive `%{ … }` or interpolation `${ … }` (in a Terraform template both are template
 * syntax; a literal `${` is written `$${`, so an escaped one is left alone).
 */
const TF_DIRECTIVE = /%\{[^}]*\}|(?<!\$)\$\{[^}]*\}/g;

/**
 * The kind of template `text` is, from its content: Go template actions or Terraform directives;
 * undefined for plain YAML. A file with `{{ }}` only inside quoted strings (a Prometheus alert's
 * `"{{ $labels.pod }}"`) also counts: masking it changes nothing the parser reads.
 */
export function templateKindOf(text: string): TemplateKind | undefined {
  if (text.includes('{{') && /\{\{[\s\S]*?\}\}/.test(text)) return 'go';
  if (text.includes('%{') && /%\{~?\s*(if|for|else|endif|endfor)\b/.test(text)) return 'terraform';
  return undefined;
}

/** Global copies for `replace` (the scanning regexes' `lastIndex` must not be disturbed). */
const GO_STRIP = new RegExp(GO_ACTION.source, 'g');
const TF_STRIP = new RegExp(TF_DIRECTIVE.source, 'g');

const GO_OPEN = /^(if|range|with|define|block)\b/;
const TF_OPEN = /^(if|for)\b/;

/**
 * Masks the template syntax of `text` (see the module docs); undefined when `text` is not a template.
 * Linear in the text's length.
 */
export function maskTemplate(text: string): MaskedTemplate | undefined {
  const kind = templateKindOf(text);
  if (!kind) return undefined;
  const out = text.split('');
  const values: MaskedAction[] = [];
  const blanked: { start: number; end: number }[] = [];
  const blank = (start: number, end: number): void => {
    if (end <= start) return;
    for (let i = start; i < end; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
    const last = blanked[blanked.length - 1];
    if (last && last.end >= start) last.end = Math.max(last.end, end);
    else blanked.push({ start, end });
  };
  /** Open blocks; `hidden` when the text inside is not part of the rendering kept (an else branch, a define). */
  const stack: { hidden: boolean }[] = [];
  /** How many open blocks are hidden (a count, so nesting depth costs nothing per action). */
  let hiddenBlocks = 0;
  const hiddenNow = (): boolean => hiddenBlocks > 0;
  const open = (hidden: boolean): void => {
    stack.push({ hidden });
    if (hidden) hiddenBlocks++;
  };
  const toElse = (): void => {
    const top = stack[stack.length - 1];
    if (top && !top.hidden) {
      top.hidden = true;
      hiddenBlocks++;
    }
  };
  const close = (): void => {
    if (stack.pop()?.hidden) hiddenBlocks--;
  };
  const re = kind === 'go' ? GO_ACTION : TF_DIRECTIVE;
  re.lastIndex = 0;
  let cursor = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (hiddenNow()) blank(cursor, start);
    cursor = end;
    const body = kind === 'go' ? m[0].slice(2, -2).replace(/^-\s*/, '').replace(/\s*-$/, '').trim() : m[0].slice(2, -1).replace(/^~\s*/, '').replace(/\s*~$/, '').trim();
    let control = true;
    if (kind === 'go') {
      // `block` defines a template and executes it in place: its body is the default content.
      if (GO_OPEN.test(body)) open(/^define\b/.test(body));
      else if (/^else\b/.test(body)) toElse();
      else if (/^end\b/.test(body)) close();
      // `{{ template "name" . }}` inserts text like an expression; only comments, loop control and
      // variable declarations print nothing.
      else if (!/^(\/\*|break\b|continue\b|\$[A-Za-z0-9_]*\s*:?=)/.test(body)) control = false;
    } else if (m[0].startsWith('$')) {
      control = false;
    } else {
      if (TF_OPEN.test(body)) open(false);
      else if (/^else\b/.test(body)) toElse();
      else if (/^end(if|for)\b/.test(body)) close();
      else control = false;
    }
    if (control || hiddenNow() || m[0].includes('\n') || (aloneOnLine(text, start, end, re) && !(valueOfKeyAbove(out, start) && blockEndsAfter(text, start, end, re)))) {
      blank(start, end);
      continue;
    }
    values.push({ start, end, text: m[0] });
    const mask = maskPlaceholder(end - start);
    for (let i = 0; i < mask.length; i++) out[start + i] = mask[i]!;
  }
  if (hiddenNow()) blank(cursor, text.length);
  return { kind, text: out.join(''), values, blanked };
}

/**
 * How many lines {@link valueOfKeyAbove} and {@link blockEndsAfter} look through: a key and its value
 * are a few lines apart, and the bound keeps masking linear in a file of thousands of action lines.
 */
const SCAN_LINES = 20;

/**
 * True when the action at `start`, alone on its line, is the value of the key on the nearest line above
 * that is not blank in `out` (the text masked so far): that line ends with `key:` and is indented less.
 * `env:` followed by `{{- toYaml .Values.env | nindent 12 }}` renders the key's value, which is then
 * unknown rather than empty (an empty `env:` would be a null where a list is required).
 */
function valueOfKeyAbove(out: readonly string[], start: number): boolean {
  let ls = start;
  while (ls > 0 && out[ls - 1] !== '\n') ls--;
  const column = start - ls;
  for (let e = ls - 1, lines = 0; e > 0 && lines < SCAN_LINES; lines++) {
    let b = e;
    while (b > 0 && out[b - 1] !== '\n') b--;
    const line = out.slice(b, e).join('').replace(/\r$/, '');
    if (line.trim() !== '' && !/^\s*#/.test(line)) {
      const indent = line.length - line.trimStart().length;
      return indent < column && /^\s*(- +)?[^\s#][^#]*:\s*$/.test(line) && !/^\s*- *$/.test(line);
    }
    e = b - 1;
  }
  return false;
}

/**
 * True when the next line after the action's line that has content besides template actions and
 * comments is indented less than the action (or there is none): the action is all of its key's value.
 * A line at the same indentation (`labels:` / `{{ include "labels" . | nindent 4 }}` / `tier: node`)
 * means the action adds entries to a block that goes on, so it is not the value.
 */
function blockEndsAfter(text: string, start: number, end: number, re: RegExp): boolean {
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  const strip = re === GO_ACTION ? GO_STRIP : TF_STRIP;
  let i = text.indexOf('\n', end);
  for (let lines = 0; i >= 0; lines++) {
    if (lines >= SCAN_LINES) return false;
    const next = text.indexOf('\n', i + 1);
    const line = text.slice(i + 1, next < 0 ? text.length : next).replace(/\r$/, '');
    const rest = line.replace(strip, '');
    if (rest.trim() !== '' && !/^\s*#/.test(rest)) return line.length - line.trimStart().length < column;
    if (/^---/.test(line)) return true;
    i = next;
  }
  return true;
}

/** True when the line holding [start, end) has nothing but whitespace and other template actions besides it. */
function aloneOnLine(text: string, start: number, end: number, re: RegExp): boolean {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  let le = text.indexOf('\n', end);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  const rest = line.replace(re === GO_ACTION ? GO_STRIP : TF_STRIP, '');
  return rest.trim() === '';
}
