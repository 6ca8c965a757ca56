/**
 * Application code (issue #14): TypeScript, JavaScript, Python, Go and Java files, read for the AWS SDK
 * calls that break IRSA credentials after they have worked for a while (role chaining past one hour,
 * credentials copied out of one AssumeRole response, …).
 *
 * The engine does not parse code itself: the parsers are tree-sitter grammars compiled to WebAssembly
 * (`@vscode/tree-sitter-wasm`, run by `web-tree-sitter`), which a host loads asynchronously from disk
 * (server/src/node/code-parser.ts). The host hands the engine a synchronous {@link CodeParser} that
 * returns a plain tree of {@link CodeNode}s, so the engine stays pure (no WebAssembly, no file system,
 * no tree to free) and a host without the grammars simply gets no code findings.
 */

/** The grammars the engine reads code with (file names `tree-sitter-<language>.wasm` of @vscode/tree-sitter-wasm). */
export type CodeLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java';

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['typescript', 'tsx', 'javascript', 'python', 'go', 'java'];

/**
 * One node of a syntax tree. `start`/`end`: offsets in the file's text in UTF-16 code units (what
 * web-tree-sitter's `startIndex`/`endIndex` are for a JavaScript string), end exclusive. `children`
 * holds the named nodes and the anonymous tokens that sit in a field (a binary operator), so rules see
 * the grammar's structure without punctuation. `field`: the field name of this node in its parent
 * (`function`, `arguments`, `key`, `value`, …), when the grammar gives one.
 */
export interface CodeNode {
  type: string;
  start: number;
  end: number;
  field?: string;
  children: CodeNode[];
}

/**
 * The parse capability a host gives the engine: the tree of `text` in `language`, or undefined when
 * the grammar is not loaded. Must not throw; must be synchronous (rules run synchronously).
 */
export type CodeParser = (language: CodeLanguage, text: string) => CodeNode | undefined;

/** What {@link ParsedFile.code} holds for a code file that passed the pre-filter and was parsed. */
export interface ParsedCode {
  language: CodeLanguage;
  root: CodeNode;
}

const EXTENSIONS: Record<string, CodeLanguage> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  go: 'go',
  java: 'java',
};

/** File name extensions of code files (lower case, no dot), for the hosts' file-type filter. */
export const CODE_EXTENSIONS: readonly string[] = ['ts', 'tsx', 'js', 'mjs', 'cjs', 'py', 'go', 'java'];

/**
 * The grammar of a code file by its name, or undefined for any other file. A TypeScript declaration
 * file (`.d.ts`) holds no calls and is not code to check.
 */
export function codeLanguageOf(uri: string): CodeLanguage | undefined {
  return codeLanguageOfPath(uri.replace(/[?#].*$/, ''));
}

/**
 * {@link codeLanguageOf} for a file name or a file system path (not a URI): `#` and `?` are
 * characters of the name there (`services/#legacy/aws.py`), not the start of a fragment or query.
 */
export function codeLanguageOfPath(file: string): CodeLanguage | undefined {
  const path = file.toLowerCase();
  if (path.endsWith('.d.ts')) return undefined;
  const ext = /\.([a-z]+)$/.exec(path)?.[1];
  return ext !== undefined && CODE_EXTENSIONS.includes(ext) ? EXTENSIONS[ext] : undefined;
}

/**
 * The pre-filter: true when a code file can hold one of the mistakes the code rules look for, i.e.
 * it names an AWS SDK (an import of `@aws-sdk/…`, `aws-sdk`, `boto3`/`botocore`,
 * `github.com/aws/aws-sdk-go(-v2)`, `software.amazon.awssdk`, `com.amazonaws`) or STS. Only such files
 * are parsed: most code of a monorepo never mentions AWS, and one regular expression over the text
 * costs a small fraction of a tree-sitter parse (bench/cli-throughput.mjs).
 */
export function mayUseAwsSdk(text: string): boolean {
  return SDK_MENTION.test(text);
}
const SDK_MENTION = /aws-sdk|\bboto3\b|\bbotocore\b|software\.amazon\.awssdk|com\.amazonaws|\bsts\b/i;

/** The text of a node. */
export function nodeText(text: string, n: CodeNode): string {
  return text.slice(n.start, n.end);
}

/** The first child in field `field`, if any. */
export function field(n: CodeNode, name: string): CodeNode | undefined {
  return n.children.find((c) => c.field === name);
}

/**
 * Calls `visit` on every node below `root` (pre-order, `root` included) with its ancestors (nearest
 * last). Iterative: a deeply nested file cannot overflow the stack.
 */
export function walkCode(root: CodeNode, visit: (n: CodeNode, ancestors: readonly CodeNode[]) => void): void {
  const stack: { n: CodeNode; depth: number }[] = [{ n: root, depth: 0 }];
  const path: CodeNode[] = [];
  while (stack.length) {
    const { n, depth } = stack.pop()!;
    path.length = depth;
    visit(n, path);
    path.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push({ n: n.children[i]!, depth: depth + 1 });
  }
}

/** How {@link constantSeconds} reads names. */
export interface ConstantOptions {
  /** Go: `time.Hour`/`time.Minute`/`time.Second` count as 3600/60/1 seconds. */
  goDurations?: boolean;
  /** Names declared once in the file as a constant ({@link fileConstants}). */
  constants?: ReadonlyMap<string, CodeNode>;
}

/**
 * The value of a constant integer expression: a decimal literal (with `_` separators as Python, Go and
 * Java allow, and Java's `L` suffix), a name of {@link ConstantOptions.constants}, or `+ - *` of such,
 * in parentheses or not; Go durations with `goDurations`. Anything else (a parameter, a call) is
 * undefined: the rules report only what the file itself says.
 */
export function constantSeconds(text: string, n: CodeNode, options: ConstantOptions = {}, depth = 0): number | undefined {
  // Constants are short; a generated `((((…))))` thousands deep, or names defined by each other, must not overflow the stack.
  if (depth > MAX_CONSTANT_DEPTH) return undefined;
  switch (n.type) {
    case 'number':
    case 'integer':
    case 'int_literal':
    case 'decimal_integer_literal': {
      const t = nodeText(text, n).replace(/_/g, '').replace(/[lL]$/, '');
      return /^\d+$/.test(t) ? Number(t) : undefined;
    }
    case 'identifier': {
      const value = options.constants?.get(nodeText(text, n));
      return value ? constantSeconds(text, value, options, depth + 1) : undefined;
    }
    case 'parenthesized_expression':
      return n.children.length === 1 ? constantSeconds(text, n.children[0]!, options, depth + 1) : undefined;
    case 'binary_expression':
    case 'binary_operator': {
      const l = field(n, 'left');
      const r = field(n, 'right');
      const op = field(n, 'operator');
      if (!l || !r || !op) return undefined;
      const a = constantSeconds(text, l, options, depth + 1);
      const b = constantSeconds(text, r, options, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      const o = nodeText(text, op);
      return o === '*' ? a * b : o === '+' ? a + b : o === '-' ? a - b : undefined;
    }
    case 'selector_expression':
      return options.goDurations ? GO_TIME_UNITS[nodeText(text, n).replace(/\s+/g, '')] : undefined;
    default:
      return undefined;
  }
}

/**
 * Names a file declares exactly once as a constant, with their value expressions: JS/TS `const X = …`,
 * Java `final … X = …`, Go `const X = …`, Python `X = …` at any level (assigned once in the whole
 * file). Scopes are not told apart: a name declared twice anywhere is left out, so a value is never
 * taken from another declaration of the same name.
 */
export function fileConstants(text: string, root: CodeNode): Map<string, CodeNode> {
  const found = new Map<string, CodeNode | null>();
  const add = (name: CodeNode | undefined, value: CodeNode | undefined): void => {
    if (name?.type !== 'identifier') return;
    const key = nodeText(text, name);
    found.set(key, found.has(key) || !value ? null : value);
  };
  walkCode(root, (n, anc) => {
    const parent = anc[anc.length - 1];
    switch (n.type) {
      case 'variable_declarator': {
        // JS/TS `const`; Java fields and locals with `final`. Anything else (`let`, a plain local) may change.
        const p = parent;
        const isConst = p?.type === 'lexical_declaration' ? nodeText(text, p).startsWith('const') : (p?.type === 'field_declaration' || p?.type === 'local_variable_declaration') && p.children.some((c) => c.type === 'modifiers' && /\bfinal\b/.test(nodeText(text, c)));
        if (isConst) add(field(n, 'name'), field(n, 'value'));
        else if (field(n, 'name')?.type === 'identifier') found.set(nodeText(text, field(n, 'name')!), null);
        return;
      }
      case 'const_spec': {
        const values = field(n, 'value');
        add(field(n, 'name'), values?.children.length === 1 ? values.children[0] : undefined);
        return;
      }
      case 'assignment':
      case 'augmented_assignment': {
        // Python; a name assigned twice (or `+=`) is not a constant.
        const left = field(n, 'left');
        if (left?.type === 'identifier') add(left, n.type === 'assignment' ? field(n, 'right') : undefined);
        return;
      }
      default:
        return;
    }
  });
  const out = new Map<string, CodeNode>();
  for (const [k, v] of found) if (v) out.set(k, v);
  return out;
}

/** Deepest expression {@link constantSeconds} evaluates (levels of parentheses and operators). */
const MAX_CONSTANT_DEPTH = 32;

/** Go `time` package durations in seconds (https://pkg.go.dev/time#Duration constants). */
const GO_TIME_UNITS: Record<string, number> = { 'time.Hour': 3600, 'time.Minute': 60, 'time.Second': 1 };
