/**
 * VS Code snippet syntax for tests: parse a snippet body, list its tab stops, and expand it the way
 * VS Code inserts it when every placeholder keeps its default (mirrors take their placeholder's
 * default, choices their first option, `$0` nothing), then place it at a cursor marker with the
 * marker line's indentation (VS Code indents every inserted line after the first like the cursor's).
 *
 * Grammar (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar): `$n`, `${n}`,
 * `${n:placeholder}` (nestable), `${n|a,b|}`, `$VAR`, `${VAR}`, `${VAR:default}`; `\` escapes `$`,
 * `}` and `\` (and `,` `|` inside choices). A `$` that starts none of these is literal text.
 * Transforms (`${n/re/fmt/}`) are not supported here and are rejected.
 */

export class SnippetSyntaxError extends Error {}

export type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] }
  | { type: 'variable'; name: string; children?: SnippetNode[] };

/** Parses a snippet body. @throws SnippetSyntaxError for unterminated placeholders/choices and transforms. */
export function parseSnippet(body: string): SnippetNode[] {
  let i = 0;
  function text(out: SnippetNode[], s: string): void {
    const last = out[out.length - 1];
    if (last?.type === 'text') last.value += s;
    else out.push({ type: 'text', value: s });
  }
  function parse(inPlaceholder: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    while (i < body.length) {
      const ch = body[i]!;
      if (ch === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1]!)) {
        text(out, body[i + 1]!);
        i += 2;
        continue;
      }
      if (inPlaceholder && ch === '}') return out;
      if (ch !== '$') {
        text(out, ch);
        i++;
        continue;
      }
      const rest = body.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\$(\d+)/.exec(rest))) {
        out.push({ type: 'tabstop', index: Number(m[1]) });
        i += m[0].length;
      } else if ((m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest))) {
        out.push({ type: 'variable', name: m[1]! });
        i += m[0].length;
      } else if ((m = /^\$\{(\d+)([}:|/])/.exec(rest))) {
        const index = Number(m[1]);
        i += m[0].length;
        if (m[2] === '}') out.push({ type: 'tabstop', index });
        else if (m[2] === ':') out.push({ type: 'tabstop', index, children: closing(parse(true)) });
        else if (m[2] === '|') out.push({ type: 'tabstop', index, choices: choices() });
        else throw new SnippetSyntaxError(`transforms are not supported: ${rest.slice(0, 30)}`);
      } else if ((m = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)([}:/])/.exec(rest))) {
        const name = m[1]!;
        i += m[0].length;
        if (m[2] === '}') out.push({ type: 'variable', name });
        else if (m[2] === ':') out.push({ type: 'variable', name, children: closing(parse(true)) });
        else throw new SnippetSyntaxError(`transforms are not supported: ${rest.slice(0, 30)}`);
      } else {
        text(out, '$');
        i++;
      }
    }
    return out;
  }
  function closing(children: SnippetNode[]): SnippetNode[] {
    if (body[i] !== '}') throw new SnippetSyntaxError(`unterminated placeholder in ${JSON.stringify(body)}`);
    i++;
    return children;
  }
  function choices(): string[] {
    const opts: string[] = [];
    let cur = '';
    while (i < body.length) {
      const ch = body[i]!;
      if (ch === '\\' && i + 1 < body.length && ',|\\$}'.includes(body[i + 1]!)) {
        cur += body[i + 1];
        i += 2;
      } else if (ch === ',') {
        opts.push(cur);
        cur = '';
        i++;
      } else if (ch === '|' && body[i + 1] === '}') {
        opts.push(cur);
        i += 2;
        return opts;
      } else {
        cur += ch;
        i++;
      }
    }
    throw new SnippetSyntaxError(`unterminated choice in ${JSON.stringify(body)}`);
  }
  return parse(false);
}

/** Indexes of the tab stops (placeholders, choices, bare `$n`), nested included, `$0` excluded. */
export function tabStops(nodes: SnippetNode[]): Set<number> {
  const out = new Set<number>();
  const walk = (ns: SnippetNode[]): void => {
    for (const n of ns) {
      if (n.type === 'tabstop' && n.index !== 0) out.add(n.index);
      if (n.type !== 'text' && n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/**
 * The text VS Code inserts when every placeholder keeps its default.
 * @param vars values of snippet variables (`$TM_FILENAME` …); a variable that is neither given nor
 *   has a default throws SnippetSyntaxError (a test must not depend on an editor-specific value).
 */
export function expandSnippet(body: string, vars: Record<string, string> = {}): string {
  const nodes = parseSnippet(body);
  const defs = new Map<number, SnippetNode>();
  const collect = (ns: SnippetNode[]): void => {
    for (const n of ns) {
      if (n.type === 'tabstop' && (n.children || n.choices) && !defs.has(n.index)) defs.set(n.index, n);
      if (n.type !== 'text' && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const resolving = new Set<number>();
  const defaultOf = (index: number): string => {
    const d = defs.get(index);
    if (!d || d.type !== 'tabstop') return '';
    if (d.choices) return d.choices[0] ?? '';
    if (resolving.has(index)) throw new SnippetSyntaxError(`placeholder $${index} contains itself`);
    resolving.add(index);
    const s = render(d.children ?? []);
    resolving.delete(index);
    return s;
  };
  const render = (ns: SnippetNode[]): string =>
    ns
      .map((n) => {
        if (n.type === 'text') return n.value;
        if (n.type === 'tabstop') return defaultOf(n.index);
        if (n.name in vars) return vars[n.name]!;
        if (n.children) return render(n.children);
        throw new SnippetSyntaxError(`unknown snippet variable $${n.name}`);
      })
      .join('');
  return render(nodes);
}

/**
 * Replaces `marker` in `context` with `text`, indenting every line of `text` after the first with the
 * whitespace that starts the marker's line (what VS Code does when it inserts a multi-line snippet).
 */
export function insertAt(context: string, marker: string, text: string): string {
  const at = context.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  const lineStart = context.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(context.slice(lineStart, at))![0];
  return context.slice(0, at) + text.split('\n').join('\n' + indent) + context.slice(at + marker.length);
}
