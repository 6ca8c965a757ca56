/**
 * expired-token-retry (issue #14): code that catches `ExpiredTokenException` / `ExpiredToken` and
 * retries with the same client, so with the same expired credentials. STS and the services return
 * that error when the session token's expiry has passed (STS API error list); a client built on
 * static or copied credentials keeps sending the same token, so the retry fails the same way. The
 * repair is a provider that renews the credentials before they expire.
 *
 * Conservative: reported only where one function holds the whole pattern —
 * 1. a handler of the error: Python `except` / JS,TS,Java `catch` (Java: `catch (ExpiredTokenException e)`),
 *    or an `if` whose condition names the error (`e.response['Error']['Code'] == 'ExpiredTokenException'`,
 *    `err.name === 'ExpiredTokenException'`, `err instanceof ExpiredTokenException`, Go
 *    `errors.As(err, &v)` with `v` of type `*types.ExpiredTokenException`, `ae.ErrorCode() == "ExpiredToken"`);
 *    the innermost such `if` wins over the `except`/`catch` around it;
 * 2. that handler retries: it calls the enclosing function again (recursion), `continue`s the loop
 *    around it, or repeats a call of the `try` block word for word;
 * 3. it creates nothing new: no call in the handler names a client, session, credentials, config,
 *    provider, AssumeRole or refresh (so a handler that rebuilds its client is not reported).
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeLanguage, CodeNode } from '../parse/code';
import { calleeName, isJsLike } from './_code-util';
import type { FileRule } from './types';

const ERROR_CODES = new Set(['ExpiredTokenException', 'ExpiredToken']);
/** Cheap text test before the tree is walked. */
const MENTION = /ExpiredToken/;
/** A call in the handler with such a name builds or renews credentials: not the same credentials. */
const RENEWS = /session|client|credential|config|provider|assume|refresh|sts/i;

const FUNCTIONS = new Set(['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'method_declaration', 'constructor_declaration', 'func_literal', 'generator_function_declaration', 'lambda']);
const LOOPS = new Set(['for_statement', 'while_statement', 'for_in_statement', 'do_statement', 'enhanced_for_statement']);
const CALLS = new Set(['call', 'call_expression', 'method_invocation']);
const HANDLERS = new Set(['except_clause', 'catch_clause']);

/** A string literal's content without quotes and prefixes (`"x"`, `'x'`, `` `x` ``, Python `r"x"`). */
function stringValue(text: string, n: CodeNode): string | undefined {
  if (n.type !== 'string' && n.type !== 'string_literal' && n.type !== 'interpreted_string_literal' && n.type !== 'raw_string_literal' && n.type !== 'template_string') return undefined;
  return nodeText(text, n).replace(/^[a-zA-Z]*("""|'''|["'`])/, '').replace(/("""|'''|["'`])$/, '');
}

/** Whether `n` names the error: a string literal of the code, or the exception type's name. */
function namesError(text: string, n: CodeNode): boolean {
  const s = stringValue(text, n);
  if (s !== undefined) return ERROR_CODES.has(s);
  return (n.type === 'identifier' || n.type === 'type_identifier' || n.type === 'property_identifier') && nodeText(text, n) === 'ExpiredTokenException';
}

/** The name a function is called by (`def f`, `function f`, `const f = () =>`, `f() {…}` in a class), if any. */
function functionName(text: string, fn: CodeNode, parent: CodeNode | undefined): string | undefined {
  const name = field(fn, 'name');
  if (name) return nodeText(text, name);
  if (parent?.type === 'variable_declarator') {
    const n = field(parent, 'name');
    return n?.type === 'identifier' ? nodeText(text, n) : undefined;
  }
  return undefined;
}

/** The calls below `n` (not inside a nested function, whose body runs elsewhere). */
function callsIn(n: CodeNode): CodeNode[] {
  const out: CodeNode[] = [];
  walkCode(n, (c, anc) => {
    if (CALLS.has(c.type) && !anc.slice(anc.indexOf(n) + 1).some((a) => FUNCTIONS.has(a.type))) out.push(c);
  });
  return out;
}

function callee(text: string, call: CodeNode): string | undefined {
  return calleeName(text, call.type === 'method_invocation' ? field(call, 'name') : field(call, 'function'));
}

/** Go: names declared in `fn` with type `*types.ExpiredTokenException` (or any package's), for `errors.As(err, &v)`. */
function goErrorVars(text: string, fn: CodeNode): Set<string> {
  const out = new Set<string>();
  const body = nodeText(text, fn);
  for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s+\*?(?:\w+\.)?ExpiredTokenException\b/g)) out.add(m[1]!);
  for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*:?=\s*&?(?:\w+\.)?ExpiredTokenException\s*\{/g)) out.add(m[1]!);
  return out;
}

/** Go `errors.As(x, &v)` with `v` in `vars`. */
function goErrorsAs(text: string, cond: CodeNode, vars: ReadonlySet<string>): boolean {
  let found = false;
  walkCode(cond, (n) => {
    if (found || n.type !== 'call_expression' || nodeText(text, field(n, 'function') ?? n).replace(/\s+/g, '') !== 'errors.As') return;
    const target = field(n, 'arguments')?.children[1];
    const v = target && /^&\s*([A-Za-z_]\w*)$/.exec(nodeText(text, target))?.[1];
    if (v && vars.has(v)) found = true;
  });
  return found;
}

/** A handler found in a function: the region that runs on the error and the node that names it. */
interface Handler {
  region: CodeNode;
  mark: CodeNode;
  fn: CodeNode;
  fnName: string | undefined;
  tryBody: CodeNode | undefined;
  ancestors: readonly CodeNode[];
}

function handlers(text: string, root: CodeNode, language: CodeLanguage): Handler[] {
  const out: Handler[] = [];
  const seen = new Set<CodeNode>();
  const goVars = new Map<CodeNode, Set<string>>();
  walkCode(root, (n, anc) => {
    const fnAt = findLastIndex(anc, (a) => FUNCTIONS.has(a.type));
    if (fnAt < 0) return;
    const fn = anc[fnAt]!;
    let mark: CodeNode | undefined;
    if (namesError(text, n)) mark = n;
    else if (language === 'go' && n.type === 'if_statement') {
      const cond = field(n, 'condition');
      if (!goVars.has(fn)) goVars.set(fn, goErrorVars(text, fn));
      if (cond && goErrorsAs(text, cond, goVars.get(fn)!)) mark = cond;
    }
    if (!mark) return;
    const path = mark === n ? anc.slice(fnAt) : [...anc.slice(fnAt), n];
    // Innermost `if` whose condition holds the mark (and does not negate it), else the innermost except/catch.
    let region: CodeNode | undefined;
    let regionAt = -1;
    for (let i = path.length - 1; i > 0; i--) {
      const a = path[i]!;
      if (a.type === 'if_statement') {
        const cond = field(a, 'condition');
        if (cond && cond.start <= mark.start && mark.end <= cond.end) {
          if (/!=|\bnot\b|!\s*\(|!\s*errors\.As/.test(nodeText(text, cond))) return;
          region = field(a, 'consequence');
          regionAt = i;
          break;
        }
      }
      if (HANDLERS.has(a.type)) {
        region = a;
        regionAt = i;
        break;
      }
    }
    if (!region || seen.has(region)) return;
    seen.add(region);
    const full = [...anc.slice(0, fnAt), ...path];
    const at = fnAt + regionAt;
    const tryStmt = [...full.slice(0, at + 1)].reverse().find((a) => a.type === 'try_statement');
    out.push({ region, mark, fn, fnName: functionName(text, fn, anc[fnAt - 1]), tryBody: tryStmt ? field(tryStmt, 'body') : undefined, ancestors: full.slice(0, at + 1) });
  });
  return out;
}

function findLastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

/** How the handler retries, in words, or undefined when it does not (clearly) retry with the same credentials. */
function retry(text: string, h: Handler): string | undefined {
  const calls = callsIn(h.region);
  const norm = (c: CodeNode): string => nodeText(text, c).replace(/\s+/g, '');
  const recursive = h.fnName !== undefined ? calls.find((c) => callee(text, c) === h.fnName) : undefined;
  const tried = h.tryBody ? new Set(callsIn(h.tryBody).map(norm)) : new Set<string>();
  const repeated = calls.find((c) => tried.has(norm(c)));
  let cont: CodeNode | undefined;
  walkCode(h.region, (n, anc) => {
    if (cont || n.type !== 'continue_statement' || field(n, 'label') || n.children.some((c) => c.type === 'label_name' || c.type === 'identifier' || c.type === 'statement_identifier')) return;
    // The loop continued must be around the handler, inside the same function.
    if (anc.slice(anc.indexOf(h.region)).some((a) => LOOPS.has(a.type) || FUNCTIONS.has(a.type))) return;
    if (h.ancestors.slice(h.ancestors.indexOf(h.fn)).some((a) => LOOPS.has(a.type))) cont = n;
  });
  if (!recursive && !repeated && !cont) return undefined;
  const exempt = new Set([recursive, repeated].filter((c): c is CodeNode => c !== undefined));
  if (calls.some((c) => !exempt.has(c) && RENEWS.test(callee(text, c) ?? ''))) return undefined;
  if (recursive) return `calls \`${h.fnName}\` again`;
  if (repeated) return `repeats \`${nodeText(text, repeated).replace(/\s+/g, ' ').slice(0, 80)}\``;
  return '`continue`s the loop around it';
}

const rule: FileRule = {
  id: 'expired-token-retry',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'Code catches ExpiredTokenException / ExpiredToken and retries with the same client: the credentials stay expired, so the retry fails the same way.',
    details: [
      'STS and the AWS services answer `ExpiredToken` / `ExpiredTokenException` when the session token of the request has expired. Catching it and retrying the same call with the same client sends the same expired token again: nothing in the client renews credentials that were copied into it (a one-shot AssumeRole, a static provider), so the retry fails, or loops until its limit. The fix is a provider that renews the session before it expires (JS `fromTemporaryCredentials`, botocore `RefreshableCredentials`, Go `aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(…))`, Java `StsAssumeRoleCredentialsProvider`): the error then does not occur, and the handler can go.',
      '',
      'Found, in Python, JavaScript/TypeScript, Java and Go, when one function holds: a handler of the error — `except`/`catch` (Java `catch (ExpiredTokenException e)`), or an `if` whose condition compares the error code or name with `ExpiredTokenException`/`ExpiredToken` (`e.response[\'Error\'][\'Code\']`, `err.name`, `instanceof`, Go `errors.As(err, &v)` with `v *types.ExpiredTokenException`, `ErrorCode()`); and, in that handler, a retry — a call of the same function, a `continue` of the loop around it, or a call of the `try` block repeated word for word; and no call in the handler that builds a client, session, config, credentials or provider, assumes a role or refreshes.',
      '',
      'Not found (so no finding does not mean no such retry): a negated test (`if code != \'ExpiredToken\': raise` followed by the retry), a retry by falling through to the next loop iteration without `continue`, a retry decorator or library (tenacity, backoff, resilience4j), a handler in another function, and a retry after re-creating credentials under a name the rule does not know.',
      '',
      '**Fix:** build the client on a refreshing provider (`IRSA: Generate Refresh-Aware SDK Code…` writes one for the workload\'s chain) and drop the retry.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (temporary credentials expire at the response\'s Expiration; role chaining limits the session to one hour)',
      'https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html and https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html#API_GetCallerIdentity_Errors (ExpiredTokenException: "The web identity token that was passed is expired or is not valid")',
      'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-credential-providers/#fromtemporarycredentials (a provider that assumes the role again before expiry)',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (RefreshableCredentials refreshes before expiry; static keys never change)',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/aws#CredentialsCache, https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider.html',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    if (!MENTION.test(text)) return;
    for (const h of handlers(text, code.root, code.language)) {
      const how = retry(text, h);
      if (!how) continue;
      const where = isJsLike(code.language) || code.language === 'java' ? 'catch' : code.language === 'python' ? 'except clause' : 'error check';
      ctx.report({
        at: { uri: file.uri, start: h.mark.start, end: h.mark.end },
        message: `This ${where} on \`${nodeText(text, h.mark).replace(/\s+/g, ' ').slice(0, 80)}\` ${how}, with the same client and so the same expired credentials: the retry fails the same way. Build the client on a refreshing provider (the module IRSA: Generate Refresh-Aware SDK Code… writes) and drop the retry.`,
      });
    }
  },
};

export default rule;
