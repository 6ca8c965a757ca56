/**
 * Helpers of the code rules (issue #14): names of calls and constructors in the plain syntax trees of
 * parse/code.ts, the same question asked of each grammar.
 */
import { field, nodeText, walkCode } from '../parse/code';
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

/** A decorator that memoises a function (`functools.lru_cache`, `functools.cache`, `cachetools.cached`, …). */
const PY_MEMO_DECORATOR = /cache|memo/i;

/**
 * Python: the names of the file's functions that run per call — every call of the name in the file
 * (`f(…)`, a plain identifier callee) is itself inside a `def` (a request handler), none at module level
 * or in a class body, and there is at least one; and no `def` of that name keeps what it builds (a
 * decorator naming a cache or memo, or a `global`/`nonlocal` statement in its own body: a hand-made
 * cache). A client such a function builds from an AssumeRole response lives for one call, so its
 * credentials do not outlive it; the function instead assumes the role on every call.
 * one-shot-assume-role leaves these functions out and assume-role-uncached reports them: both ask this
 * one predicate, so the same code never gets both findings (found on a real IRSA demo: a FastAPI
 * handler calling `get_s3_client()`, which assumes the role each time).
 */
export function pythonPerCallFunctions(text: string, root: CodeNode): Set<string> {
  const inside = new Map<string, boolean>();
  const keeps = new Set<string>();
  const defName = (def: CodeNode | undefined): string | undefined => {
    const n = def ? field(def, 'name') : undefined;
    return n ? nodeText(text, n) : undefined;
  };
  walkCode(root, (n, anc) => {
    if (n.type === 'function_definition') {
      const parent = anc[anc.length - 1];
      const name = defName(n);
      if (name && parent?.type === 'decorated_definition' && parent.children.some((c) => c.type === 'decorator' && PY_MEMO_DECORATOR.test(nodeText(text, c)))) keeps.add(name);
      return;
    }
    if (n.type === 'global_statement' || n.type === 'nonlocal_statement') {
      const name = defName([...anc].reverse().find((a) => a.type === 'function_definition'));
      if (name) keeps.add(name);
      return;
    }
    if (n.type !== 'call') return;
    const fn = field(n, 'function');
    if (fn?.type !== 'identifier') return;
    const name = nodeText(text, fn);
    const inFunction = anc.some((a) => a.type === 'function_definition');
    inside.set(name, (inside.get(name) ?? true) && inFunction);
  });
  return new Set([...inside].filter(([name, all]) => all && !keeps.has(name)).map(([name]) => name));
}
