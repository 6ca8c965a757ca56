/**
 * A parser and expander for VS Code snippet bodies, following the grammar in the VS Code docs
 * ("Snippet syntax", code.visualstudio.com/docs/editing/userdefinedsnippets#_grammar):
 *
 *   any         ::= tabstop | placeholder | choice | variable | text
 *   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
 *   placeholder ::= '${' int ':' any '}'
 *   choice      ::= '${' int '|' text (',' text)* '|}'
 *   variable    ::= '$' var | '${' var '}' | '${' var ':' any '}' | '${' var transform '}'
 *
 * Escapes: `\$`, `\}` and `\\` in text; additionally `\,` and `\|` inside choices. A `$` that
 * starts none of the forms is literal text (as in VS Code's SnippetParser).
 *
 * Expansion as the editor inserts with every placeholder left at its default: a placeholder gives
 * its (recursively expanded) default, a bare tab stop mirrors the placeholder of the same number
 * (or is empty), a choice gives its first option, `$0` is empty, a variable gives its default.
 * (Used by test/unit/snippets.test.ts for the YAML and JSON snippets.)
 */

export type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children?: SnippetNode[] }
  | { type: 'choice'; index: number; options: string[] }
  | { type: 'variable'; name: string; children?: SnippetNode[] };

export class SnippetSyntaxError extends Error {}

/** Parses a snippet body (lines joined with `\n`). @throws SnippetSyntaxError on a transform or an unclosed `${`. */
export function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;

  function parseAny(inPlaceholder: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push({ type: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const ch = body[pos]!;
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1]!)) {
        text += body[pos + 1];
        pos += 2;
        continue;
      }
      if (ch === '}' && inPlaceholder) break;
      if (ch === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          out.push(node);
          continue;
        }
      }
      text += ch;
      pos++;
    }
    flush();
    return out;
  }

  /** At a `$`: a tab stop, placeholder, choice or variable; undefined (and pos unchanged) for a literal `$`. */
  function parseDollar(): SnippetNode | undefined {
    const start = pos;
    const simple = /^\$(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(body.slice(pos));
    if (simple) {
      pos += simple[0].length;
      const id = simple[1]!;
      return /^\d/.test(id) ? { type: 'tabstop', index: Number(id) } : { type: 'variable', name: id };
    }
    const m = /^\$\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(body.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    const id = m[1]!;
    const isInt = /^\d/.test(id);
    const next = body[pos];
    if (next === '}') {
      pos++;
      return isInt ? { type: 'tabstop', index: Number(id) } : { type: 'variable', name: id };
    }
    if (next === ':') {
      pos++;
      const children = parseAny(true);
      if (body[pos] !== '}') throw new SnippetSyntaxError(`unclosed \${${id}: at offset ${start}`);
      pos++;
      return isInt ? { type: 'tabstop', index: Number(id), children } : { type: 'variable', name: id, children };
    }
    if (next === '|' && isInt) {
      pos++;
      const options: string[] = [];
      let cur = '';
      while (pos < body.length) {
        const ch = body[pos]!;
        if (ch === '\\' && pos + 1 < body.length && ',|\\$}'.includes(body[pos + 1]!)) {
          cur += body[pos + 1];
          pos += 2;
          continue;
        }
        if (ch === ',') {
          options.push(cur);
          cur = '';
          pos++;
          continue;
        }
        if (ch === '|' && body[pos + 1] === '}') {
          options.push(cur);
          pos += 2;
          return { type: 'choice', index: Number(id), options };
        }
        cur += ch;
        pos++;
      }
      throw new SnippetSyntaxError(`unclosed choice \${${id}| at offset ${start}`);
    }
    if (next === '/') throw new SnippetSyntaxError(`transforms are not supported by this expander (offset ${start})`);
    throw new SnippetSyntaxError(`malformed \${${id} at offset ${start}`);
  }

  const nodes = parseAny(false);
  if (pos !== body.length) throw new SnippetSyntaxError(`unexpected "}" at offset ${pos}`);
  return nodes;
}

/** Tab stop numbers used by a snippet (placeholders, bare tab stops and choices; without 0). */
export function tabStops(nodes: SnippetNode[]): Set<number> {
  const out = new Set<number>();
  const walk = (ns: SnippetNode[]): void => {
    for (const n of ns) {
      if ((n.type === 'tabstop' || n.type === 'choice') && n.index !== 0) out.add(n.index);
      if ((n.type === 'tabstop' || n.type === 'variable') && n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/**
 * Expands with every default accepted. `variables` resolves variables without a default (an
 * unknown one throws: the tests must not depend on editor state).
 */
export function expandSnippet(body: string, variables: Record<string, string> = {}): string {
  const nodes = parseSnippet(body);
  const defaults = new Map<number, SnippetNode[] | string>();
  const collect = (ns: SnippetNode[]): void => {
    for (const n of ns) {
      if (n.type === 'tabstop' && n.children && !defaults.has(n.index)) defaults.set(n.index, n.children);
      if (n.type === 'choice' && !defaults.has(n.index)) defaults.set(n.index, n.options[0] ?? '');
      if ((n.type === 'tabstop' || n.type === 'variable') && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const render = (ns: SnippetNode[], depth: number): string => {
    if (depth > 50) throw new SnippetSyntaxError('placeholders mirror each other in a cycle');
    return ns
      .map((n) => {
        switch (n.type) {
          case 'text':
            return n.value;
          case 'choice':
            return n.index === 0 ? '' : (n.options[0] ?? '');
          case 'tabstop': {
            if (n.index === 0) return n.children ? render(n.children, depth + 1) : '';
            const d = n.children ?? defaults.get(n.index);
            return d === undefined ? '' : typeof d === 'string' ? d : render(d, depth + 1);
          }
          case 'variable': {
            if (n.name in variables) return variables[n.name]!;
            if (n.children) return render(n.children, depth + 1);
            throw new SnippetSyntaxError(`variable $${n.name} has no value in the test`);
          }
        }
      })
      .join('');
  };
  return render(nodes, 0);
}

/**
 * Inserts an expanded snippet at `marker` in `context` the way VS Code does: every line after the
 * first is prefixed with the indentation of the line the cursor is on.
 */
export function insertAt(context: string, marker: string, expanded: string): string {
  const at = context.indexOf(marker);
  if (at < 0 || context.indexOf(marker, at + 1) >= 0) throw new Error(`marker ${marker} must occur exactly once`);
  const lineStart = context.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(context.slice(lineStart, at))![0];
  const text = expanded
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : indent + l))
    .join('\n');
  return context.slice(0, at) + text + context.slice(at + marker.length);
}
