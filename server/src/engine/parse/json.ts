/**
 * JSON parsing with `jsonc-parser` (error-tolerant, exact offsets), converted into the shared tree.
 * IAM policy documents are strict JSON: comments and trailing commas are errors (IAM rejects them).
 *
 * Recovery: an object that directly contains objects (`"Statement": { { … } }`, from the guide) is
 * what an author writes when they mean an array. We report it, then parse again with that object's
 * braces read as brackets, so the statements inside are still checked.
 */
import { createScanner, Node as JsonNode, parseTree, ParseError, ParseErrorCode, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import { fitted, newKey, newMap, newPair, newScalar, newSeq, PairNode, ScalarNode, TreeNode } from './tree';
import { MAX_NESTING_DEPTH, MAX_NODES, ParseLimitError } from './types';
import type { ParsedDocument, SyntaxIssue } from './types';
import { groupThousands } from '../format';

const MAX_RECOVERIES = 8;

/**
 * Parses one JSON document (strict JSON: comments and trailing commas are reported).
 * @throws ParseLimitError when the text nests deeper than {@link MAX_NESTING_DEPTH} or has more than
 *   {@link MAX_NODES} values; checked with jsonc-parser's scanner (no recursion) before `parseTree`,
 *   which recurses once per level.
 */
export function parseJson(text: string): ParsedDocument {
  checkLimits(text);
  let current = text;
  const recovered: SyntaxIssue[] = [];
  for (let attempt = 0; ; attempt++) {
    const errors: ParseError[] = [];
    const tree = parseTree(current, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
    const patch = attempt < MAX_RECOVERIES ? objectMeantAsArray(current, errors) : undefined;
    if (!patch) {
      const issues = [...recovered];
      const at = new Set<number>();
      for (const e of errors) {
        // jsonc-parser reports a trailing comma twice at the same place; one finding is enough.
        if (at.has(e.offset)) continue;
        at.add(e.offset);
        issues.push(describe(e, current));
      }
      const dupes: SyntaxIssue[] = [];
      const root = tree ? convert(tree, dupes) : undefined;
      issues.push(...dupes);
      issues.sort((a, b) => a.start - b.start);
      return { index: 0, root, start: 0, end: text.length, syntaxIssues: issues, sound: issues.every((i) => i.recovered) };
    }
    recovered.push({
      start: patch.open,
      end: patch.inner + 1,
      code: 'PropertyNameExpected',
      message:
        'An object cannot directly contain another object: `{ {` is not valid JSON. ' +
        'To hold several statements, make this an array: `[ { … } ]`.',
      fix: { title: 'Change `{ … }` to `[ … ]`', start: patch.open, end: patch.open + 1, newText: '[' },
      recovered: true,
    });
    // Same length replacement: offsets stay valid, no mapping needed.
    current = current.slice(0, patch.open) + '[' + current.slice(patch.open + 1, patch.close) + ']' + current.slice(patch.close + 1);
    const fixIssue = recovered[recovered.length - 1]!;
    fixIssue.fix = {
      title: 'Change `{ … }` to `[ … ]`',
      start: patch.open,
      end: patch.close + 1,
      newText: '[' + text.slice(patch.open + 1, patch.close) + ']',
    };
  }
}

/** @throws ParseLimitError (see {@link parseJson}). */
function checkLimits(text: string): void {
  const scanner = createScanner(text, true);
  let depth = 0;
  let nodes = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (++depth > MAX_NESTING_DEPTH) {
          const at = scanner.getTokenOffset();
          throw new ParseLimitError(
            `objects and arrays nest more than ${MAX_NESTING_DEPTH} levels deep here, past the checker's limit (IAM policies nest a few levels)`,
            at,
            at + 1,
          );
        }
        nodes++;
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        if (depth > 0) depth--;
        break;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        nodes++;
        break;
      default:
        break;
    }
    if (nodes > MAX_NODES) {
      const at = scanner.getTokenOffset();
      throw new ParseLimitError(`the file has more than ${groupThousands(MAX_NODES)} JSON values (keys included), past the checker's limit`, at, at + 1);
    }
  }
}

/** Finds `{` whose first member is itself `{`, and the matching `}`. */
function objectMeantAsArray(text: string, errors: ParseError[]): { open: number; inner: number; close: number } | undefined {
  for (const e of errors) {
    if (e.error !== ParseErrorCode.PropertyNameExpected || text[e.offset] !== '{') continue;
    let i = e.offset - 1;
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    if (text[i] !== '{') continue;
    const close = matchBrace(text, i);
    if (close < 0) continue;
    return { open: i, inner: e.offset, close };
  }
  return undefined;
}

function matchBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? i : -1;
    }
  }
  return -1;
}

const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Invalid symbol: this is not valid JSON.',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number.',
  [ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected here.',
  [ParseErrorCode.ValueExpected]: 'A value is expected here.',
  [ParseErrorCode.ColonExpected]: 'A colon (`:`) is expected after the property name.',
  [ParseErrorCode.CommaExpected]: 'A comma is expected between members.',
  [ParseErrorCode.CloseBraceExpected]: 'A closing brace (`}`) is expected.',
  [ParseErrorCode.CloseBracketExpected]: 'A closing bracket (`]`) is expected.',
  [ParseErrorCode.EndOfFileExpected]: 'Unexpected content after the end of the JSON value.',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed in IAM policy JSON.',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment.',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string: add the closing `"`.',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unterminated number.',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape.',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in string.',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string (control characters must be escaped).',
};

function describe(e: ParseError, text: string): SyntaxIssue {
  let message = MESSAGES[e.error] ?? printParseErrorCode(e.error);
  const closer = text[e.offset];
  if ((closer === '}' || closer === ']') && (e.error === ParseErrorCode.ValueExpected || e.error === ParseErrorCode.PropertyNameExpected)) {
    let i = e.offset - 1;
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    if (text[i] === ',') {
      return {
        start: i,
        end: i + 1,
        code: 'TrailingComma',
        message: `Trailing comma: JSON does not allow a comma before \`${closer}\`; remove it.`,
        fix: { title: 'Remove the trailing comma', start: i, end: i + 1, newText: '' },
        recovered: true,
      };
    }
  }
  return { start: e.offset, end: e.offset + Math.max(1, e.length), code: printParseErrorCode(e.error), message, recovered: false };
}

function convert(n: JsonNode, dupes: SyntaxIssue[]): TreeNode | undefined {
  const start = n.offset;
  const end = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const pairs: PairNode[] = [];
      const m = newMap(start, end, pairs);
      const seen = new Map<string, ScalarNode>();
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = newKey(String(k.value), true, k.offset, k.offset + k.length, m);
        const pair = newPair(key, undefined, m);
        const name = key.value as string;
        const first = seen.get(name);
        if (first) {
          dupes.push({
            start: key.start,
            end: key.end,
            code: 'DuplicateKey',
            message: `Duplicate key "${name}": IAM rejects policies with repeated keys (parsers disagree on which one wins).`,
            // The tree keeps the first occurrence, so rules can still run on it.
            recovered: true,
          });
        } else {
          seen.set(name, key);
        }
        if (v) {
          const cv = convert(v, dupes);
          if (cv) {
            cv.pair = pair;
            cv.parent = m;
            pair.value = cv;
          }
        }
        pairs.push(pair);
      }
      m.pairs = fitted(pairs);
      return m;
    }
    case 'array': {
      const items: TreeNode[] = [];
      const s = newSeq(start, end, items);
      for (const c of n.children ?? []) {
        const cv = convert(c, dupes);
        if (cv) {
          cv.parent = s;
          items.push(cv);
        }
      }
      s.items = fitted(items);
      return s;
    }
    case 'string':
      return newScalar(String(n.value), true, start, end);
    case 'number':
      return newScalar(Number(n.value), false, start, end);
    case 'boolean':
      return newScalar(Boolean(n.value), false, start, end);
    case 'null':
      return newScalar(null, false, start, end);
    default:
      return undefined;
  }
}
