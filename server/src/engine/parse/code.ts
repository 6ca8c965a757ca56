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
  const path = uri.toLowerCase().replace(/[?#].*$/, '');
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

/**
 * The value of a constant integer expression: a decimal literal (with `_` separators as Python, Go and
 * Java allow, and Java's `L` suffix), or `+ - *` of such, in parentheses or not. Go durations
 * `time.Hour`/`time.Minute`/`time.Second` count as seconds when `goDurations` is set. Anything else
 * (a variable, a call) is undefined: the rules report only what the text says.
 */
export function constantSeconds(text: string, n: CodeNode, goDurations = false): number | undefined {
  switch (n.type) {
    case 'number':
    case 'integer':
    case 'int_literal':
    case 'decimal_integer_literal': {
      const t = nodeText(text, n).replace(/_/g, '').replace(/[lL]$/, '');
      return /^\d+$/.test(t) ? Number(t) : undefined;
    }
    case 'parenthesized_expression':
      return n.children.length === 1 ? constantSeconds(text, n.children[0]!, goDurations) : undefined;
    case 'binary_expression':
    case 'binary_operator': {
      const l = field(n, 'left');
      const r = field(n, 'right');
      const op = field(n, 'operator');
      if (!l || !r || !op) return undefined;
      const a = constantSeconds(text, l, goDurations);
      const b = constantSeconds(text, r, goDurations);
      if (a === undefined || b === undefined) return undefined;
      const o = nodeText(text, op);
      return o === '*' ? a * b : o === '+' ? a + b : o === '-' ? a - b : undefined;
    }
    case 'selector_expression': {
      if (!goDurations) return undefined;
      const unit = GO_TIME_UNITS[nodeText(text, n).replace(/\s+/g, '')];
      return unit;
    }
    default:
      return undefined;
  }
}

/** Go `time` package durations in seconds (https://pkg.go.dev/time#Duration constants). */
const GO_TIME_UNITS: Record<string, number> = { 'time.Hour': 3600, 'time.Minute': 60, 'time.Second': 1 };
