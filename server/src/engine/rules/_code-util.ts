/**
 * Helpers of the code rules (issue #14): names of calls and constructors in the plain syntax trees of
 * parse/code.ts, the same question asked of each grammar.
 */
import { field, nodeText } from '../parse/code';
import type { CodeLanguage, CodeNode } from '../parse/code';

/** TypeScript, TSX and JavaScript share their expression grammar (tree-sitter-typescript extends tree-sitter-javascript). */
export function isJsLike(l: CodeLanguage): boolean {
  return l === 'typescript' || l === 'tsx' || l === 'javascript';
}

/**
 * The detector of a code rule for a file's language: TypeScript, TSX and JavaScript share `js`; a
 * language without a detector gives [] (the rule does not apply to it).
 */
export function perLanguage<T>(l: CodeLanguage, detectors: { js?: () => T[]; python?: () => T[]; go?: () => T[]; java?: () => T[] }): T[] {
  const d = isJsLike(l) ? detectors.js : detectors[l as 'python' | 'go' | 'java'];
  return d ? d() : [];
}

/**
 * The last name of a callee: `AssumeRoleCommand` of `new sts.AssumeRoleCommand(…)`, `assumeRole` of
 * `client.assumeRole(…)`, `assume_role` of `sts.assume_role(…)`, `AssumeRole` of `client.AssumeRole(…)`.
 * Undefined for any other callee shape (a call of a call's result).
 */
export function calleeName(text: string, callee: CodeNode | undefined): string | undefined {
  if (!callee) return undefined;
  switch (callee.type) {
    case 'identifier':
    case 'type_identifier':
      return nodeText(text, callee);
    case 'member_expression': // JS/TS a.b
      return name(text, field(callee, 'property'));
    case 'attribute': // Python a.b
      return name(text, field(callee, 'attribute'));
    case 'selector_expression': // Go a.B
      return name(text, field(callee, 'field'));
    case 'qualified_type': // Go pkg.T in a composite literal
      return name(text, field(callee, 'name'));
    default:
      return undefined;
  }
}

function name(text: string, n: CodeNode | undefined): string | undefined {
  return n ? nodeText(text, n) : undefined;
}

/**
 * JS/TS: the name of what `args` (an `arguments` node) is given to: `new X(…)` → X, `f(…)`/`a.f(…)` → f.
 */
export function jsCalleeOfArguments(text: string, call: CodeNode | undefined): string | undefined {
  if (!call) return undefined;
  if (call.type === 'new_expression') return calleeName(text, field(call, 'constructor'));
  if (call.type === 'call_expression') return calleeName(text, field(call, 'function'));
  return undefined;
}

/** JS/TS: the key of a `pair` as written, without quotes (`DurationSeconds`, `'DurationSeconds'`). */
export function jsPairKey(text: string, pair: CodeNode): string | undefined {
  const key = field(pair, 'key');
  if (!key) return undefined;
  const t = nodeText(text, key);
  return key.type === 'string' ? t.slice(1, -1) : t;
}

/** Java: walks `a.b().c().d()` down to its first receiver (the innermost `object`). */
export function javaChain(n: CodeNode): CodeNode[] {
  const chain: CodeNode[] = [];
  let cur: CodeNode | undefined = n;
  while (cur && cur.type === 'method_invocation') {
    chain.push(cur);
    cur = field(cur, 'object');
  }
  if (cur) chain.push(cur);
  return chain;
}
