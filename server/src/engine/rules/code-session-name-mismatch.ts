/**
 * code-session-name-mismatch (issue #14): application code names the session of a role (the
 * `RoleSessionName` of an AssumeRole or AssumeRoleWithWebIdentity call it makes, or none), and a trust
 * policy of the workspace admits only other sessions of that role (`assumed-role/<role>/<session>`).
 *
 * What is compared, from STS's semantics: a call `AssumeRole*(RoleArn=R, RoleSessionName=S)` creates
 * the session whose principal is `arn:aws:sts::<account>:assumed-role/R/S` (STS API reference,
 * AssumeRole and AssumeRoleWithWebIdentity: RoleSessionName; IAM User Guide, "Role session
 * principals"). A trust policy evaluates the CALLER's principal, so `assumed-role/R/<x>` admits only
 * callers holding a session of R named x. Hence the session a call sets is checked against the trust
 * policies that pin sessions of the role that call assumes:
 * - the first hop (the code calls AssumeRoleWithWebIdentity on the pod's role itself: boto3
 *   `assume_role_with_web_identity`, Go v2 `stscreds.NewWebIdentityRoleProvider` / `sts.AssumeRoleWithWebIdentityInput`,
 *   Go v1 `stscreds.NewWebIdentityCredentials`): its session is what the guide's destination trust policy
 *   pins, and the explicit name wins over `AWS_ROLE_SESSION_NAME` (which only the SDK's own providers read);
 *   an empty name makes Go v1 generate one (`strconv.FormatInt(now().UnixNano(), 10)`, aws-sdk-go
 *   aws/credentials/stscreds/web_identity_provider.go);
 * - a further hop (boto3 `assume_role`, Go v2 `sts.AssumeRoleInput` / `stscreds.NewAssumeRoleProvider`):
 *   its session is what a policy pinning `assumed-role/<destination role>/<session>` sees next.
 * The `RoleSessionName` of an AssumeRole on the destination role is NOT compared with the destination
 * trust policy's pinned session: that policy sees the caller's (first-hop) session, which
 * session-name-mismatch checks.
 * What the role's OWN trust policy says about the call's name is another matter: an `sts:RoleSessionName`
 * condition (StringEquals/StringLike) is evaluated on the AssumeRole* request itself, so it is compared
 * with the session the call sets (reportCondition).
 *
 * A session name is a literal, a name bound once to one, or a pattern with fixed text (f-string,
 * template literal, fmt.Sprintf, String.format, `+`); a pattern is reported only when none of its values
 * is admitted (sessionResolver, admits, likeAdmits).
 *
 * Detectors: Python (boto3), Go (SDK v1 and v2), TS/JS (SDK v2 and v3), Java (SDK v2); the same
 * calls in each (see the docs below).
 *
 * The role is the call's `RoleArn` when the file states it (a literal, or a name declared once as a
 * constant); for a first hop without one, the roles of the workloads the file is linked to (folder tree or
 * `.irsa.yaml` `applications:`, rules/_deps-util.ts).
 */
import { looseRoleOf } from '../domain';
import type { IamPolicy, Workload } from '../model/types';
import { annotatedRole, effectiveServiceAccount, workloadNamespace } from '../model/workload';
import { field, fileConstants, nodeText, walkCode } from '../parse/code';
import type { CodeNode, ParsedCode } from '../parse/code';
import { asMap, asScalar, listOf, str } from '../parse/tree';
import type { ScalarNode } from '../parse/tree';
import { calleeName, javaChain, jsCalleeOfArguments, jsPairKey, perLanguage } from './_code-util';
import { envLiteral, linkedWorkloads, relativePath } from './_deps-util';
import { trustRoleOf } from './_trust-util';
import { lineOf } from './_util';
import { workloadLabel } from './_workload-util';
import type { FileRule, RuleContext } from './types';

/** Which STS operation the call makes: the first hop (web identity) or a further one. */
export type Hop = 'AssumeRoleWithWebIdentity' | 'AssumeRole';

/** One call that names a session: where, the session (`''`: the SDK generates one) and the role ARN when the file states it. */
export interface SessionCall {
  hop: Hop;
  /** What the code calls it, for messages: "boto3 `assume_role_with_web_identity`". */
  api: string;
  /** The node holding the session name (or the call when the SDK generates one). */
  node: CodeNode;
  /** The session name; `''` when the SDK generates one (Go v1 `""`); for a pattern, its parts joined with `*`. */
  session: string;
  /** A session built from fixed text and values the file does not fix (`f"app-{x}"`): the parts, `null` for each unknown value. */
  parts?: SessionPart[];
  /** The role ARN as the file states it, or undefined when it is not a constant of the file. */
  roleArn?: string;
}

/** Resolves a node to a string constant (a literal, Go `aws.String("x")`, a name declared once). */
type StringOf = (n: CodeNode | undefined) => string | undefined;

/** Deepest chain of constants followed (a constant naming a constant …). */
const MAX_DEPTH = 8;

function stringResolver(text: string, root: CodeNode): StringOf {
  let constants: Map<string, CodeNode> | undefined;
  const resolve = (n: CodeNode | undefined, depth: number): string | undefined => {
    if (!n || depth > MAX_DEPTH) return undefined;
    const t = nodeText(text, n);
    switch (n.type) {
      case 'string': {
        // Python (an f-string interpolates: not a constant) and JS/TS; no escapes, to never misread one.
        const m = /^([rRuU]?)('''|"""|'|")([^\\]*)\2$/s.exec(t);
        if (!m || n.children.some((c) => c.type === 'interpolation')) return undefined;
        return m[3];
      }
      case 'interpreted_string_literal': // Go "x"
      case 'string_literal': // Java "x"
        return /^"([^"\\]*)"$/.exec(t)?.[1];
      case 'raw_string_literal': // Go `x`
      case 'template_string': // JS/TS `x` without substitutions
        return /^`([^`\\$]*)`$/.exec(t)?.[1];
      case 'parenthesized_expression':
        return n.children.length === 1 ? resolve(n.children[0], depth + 1) : undefined;
      case 'call_expression': {
        // Go aws.String("x")
        if (calleeName(text, field(n, 'function')) !== 'String') return undefined;
        const args = field(n, 'arguments');
        return args?.children.length === 1 ? resolve(args.children[0], depth + 1) : undefined;
      }
      case 'identifier':
        return resolve((constants ??= fileConstants(text, root)).get(t), depth + 1);
      default:
        return undefined;
    }
  };
  return (n) => resolve(n, 0);
}

/** A piece of a session name: fixed text, or `null` for a value the file does not fix (any text). */
export type SessionPart = string | null;
/** A session name read from code: exact (`parts` undefined) or a pattern. */
interface SessionValue {
  session: string;
  parts?: SessionPart[];
}
/** Resolves a node to the session name it sets, exact or as a pattern. */
type SessionOf = (n: CodeNode | undefined) => SessionValue | undefined;

/** Go `fmt.Sprintf` / Java `String.format` verbs (`%s`, `%-8d`, `%v`, …); `%%` is a percent sign. */
const FORMAT_VERB = /%(?:%|[-+# 0]*\d*(?:\.\d+)?[a-zA-Z])/g;

/**
 * The parts of a format string: its fixed text, and a hole for each verb. Undefined for `%n`
 * (Java's line separator) or an argument index (`%[1]s`, `%1$s`), which are not read.
 */
function formatParts(format: string): SessionPart[] | undefined {
  if (/%(?:n|\[|\d+\$)/.test(format)) return undefined;
  const parts: SessionPart[] = [];
  let at = 0;
  for (const m of format.matchAll(FORMAT_VERB)) {
    parts.push(format.slice(at, m.index));
    parts.push(m[0] === '%%' ? '%' : null);
    at = m.index + m[0].length;
  }
  parts.push(format.slice(at));
  return parts;
}

/** Adjacent fixed parts merged, empty ones dropped, runs of holes kept as one. */
function normalise(parts: SessionPart[]): SessionPart[] {
  const out: SessionPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p === '') continue;
    if (p !== null && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p === null && last === null) continue;
    else out.push(p);
  }
  return out;
}

/** Parents of an identifier that make it a parameter or a loop/catch variable: a value from outside. */
const PARAMETER_PARENTS = new Set([
  'formal_parameter', // Java
  'spread_parameter',
  'catch_formal_parameter',
  'enhanced_for_statement',
  'inferred_parameters',
  'lambda_expression',
  'parameter_declaration', // Go
  'variadic_parameter_declaration',
  'formal_parameters', // JS/TS
  'required_parameter',
  'optional_parameter',
  'arrow_function',
  'for_in_statement',
  'catch_clause',
]);

/**
 * Go, Java and JS/TS names the file binds exactly once, to a value, and never writes again: Go `var s =
 * …` / `s := …`, Java fields and locals without `final`, JS/TS `let`/`var` (what parse/code
 * fileConstants, which reads only `const`/`final`, leaves out). A name that is also a parameter, a loop
 * or catch variable, a destructured name, or is assigned or incremented anywhere in the file is left
 * out: scopes are not told apart, so a value is never taken from another binding of the same name.
 */
function boundOnce(text: string, root: CodeNode): Map<string, CodeNode> {
  const found = new Map<string, CodeNode | null>();
  const bind = (name: CodeNode | undefined, value: CodeNode | undefined): void => {
    if (name?.type !== 'identifier') return;
    const key = nodeText(text, name);
    found.set(key, found.has(key) || !value ? null : value);
  };
  const spoil = (name: CodeNode | undefined): void => {
    if (name) found.set(nodeText(text, name), null);
  };
  walkCode(root, (n, anc) => {
    const parent = anc[anc.length - 1];
    switch (n.type) {
      case 'variable_declarator': // Java, JS/TS
        bind(field(n, 'name'), field(n, 'value'));
        return;
      case 'var_spec': {
        // Go `var a, b = x, y`
        const names = n.children.filter((c) => c.field === 'name');
        const values = field(n, 'value')?.children ?? [];
        names.forEach((nm, i) => bind(nm, names.length === values.length ? values[i] : undefined));
        return;
      }
      case 'short_var_declaration':
      case 'assignment_statement': // Go
      case 'assignment_expression': // Java, JS/TS
      case 'augmented_assignment_expression': {
        const left = field(n, 'left');
        const lefts = left?.type === 'expression_list' ? left.children : left ? [left] : [];
        const rights = field(n, 'right');
        const values = rights?.type === 'expression_list' ? rights.children : rights ? [rights] : [];
        const define = n.type === 'short_var_declaration' && nodeText(text, n).includes(':=');
        for (const [i, l] of lefts.entries()) {
          if (define && lefts.length === values.length) bind(l, values[i]);
          else if (l.type === 'identifier') spoil(l);
          // `this.session = …` (Java) writes the field `session` bound elsewhere.
          else if (l.type === 'field_access' || l.type === 'member_expression' || l.type === 'selector_expression') spoil(field(l, 'field') ?? field(l, 'property'));
        }
        return;
      }
      case 'update_expression': // x++ (Java, JS/TS)
      case 'inc_statement': // Go
      case 'dec_statement':
        for (const c of n.children) if (c.type === 'identifier') spoil(c);
        return;
      case 'shorthand_property_identifier_pattern':
        spoil(n);
        return;
      case 'identifier':
        if (parent && PARAMETER_PARENTS.has(parent.type)) spoil(n);
        else if (parent?.type === 'expression_list' && anc[anc.length - 2]?.type === 'range_clause') spoil(n);
        return;
      default:
        return;
    }
  });
  const out = new Map<string, CodeNode>();
  for (const [k, v] of found) if (v) out.set(k, v);
  return out;
}

/**
 * The session name a node sets: a string constant (exact), or a pattern built from fixed text and
 * values the file does not fix — a Python f-string, a JS/TS template literal with substitutions, Go
 * `fmt.Sprintf`, Java `String.format`, `+` concatenation with a string, and names declared once as
 * a constant of such an expression (parse/code fileConstants) or bound once and never written again
 * (boundOnce). Escapes, `{{`, format argument indexes
 * and anything else give undefined: nothing is guessed.
 */
function sessionResolver(text: string, root: CodeNode, stringOf: StringOf): SessionOf {
  let constants: Map<string, CodeNode> | undefined;
  let bound: Map<string, CodeNode> | undefined;
  const parts = (n: CodeNode | undefined, depth: number): SessionPart[] | undefined => {
    if (!n || depth > MAX_DEPTH) return undefined;
    const exact = stringOf(n);
    if (exact !== undefined) return [exact];
    switch (n.type) {
      case 'string': {
        // Python f-string: string_start `f"`, string_content, interpolation, string_end.
        const start = n.children.find((c) => c.type === 'string_start');
        if (!start || !/^[rR]?[fF][rR]?['"]/.test(nodeText(text, start))) return undefined;
        const out: SessionPart[] = [];
        for (const c of n.children) {
          if (c.type === 'string_content') {
            const t = nodeText(text, c);
            if (/[\\{}]/.test(t)) return undefined;
            out.push(t);
          } else if (c.type === 'interpolation') out.push(null);
          else if (c.type !== 'string_start' && c.type !== 'string_end') return undefined;
        }
        return out;
      }
      case 'template_string': {
        const out: SessionPart[] = [];
        for (const c of n.children) {
          if (c.type === 'string_fragment') {
            const t = nodeText(text, c);
            if (/[\\`]/.test(t)) return undefined;
            out.push(t);
          } else if (c.type === 'template_substitution') out.push(null);
          else return undefined;
        }
        return out;
      }
      case 'parenthesized_expression':
        return n.children.length === 1 ? parts(n.children[0], depth + 1) : undefined;
      case 'binary_expression': // JS/TS, Go, Java
      case 'binary_operator': {
        // Python
        const op = field(n, 'operator');
        if (!op || nodeText(text, op) !== '+') return undefined;
        const l = parts(field(n, 'left'), depth + 1);
        const r = parts(field(n, 'right'), depth + 1);
        // One side must be text for `+` to concatenate; the other may be any value.
        if (l === undefined && r === undefined) return undefined;
        return [...(l ?? [null]), ...(r ?? [null])];
      }
      case 'call_expression': {
        // Go fmt.Sprintf("app-%s", x); aws.String(<pattern>)
        const fn = field(n, 'function');
        const args = field(n, 'arguments')?.children ?? [];
        if (fn && nodeText(text, fn) === 'fmt.Sprintf' && args.length >= 1) {
          const f = stringOf(args[0]);
          return f !== undefined ? formatParts(f) : undefined;
        }
        if (calleeName(text, fn) === 'String' && args.length === 1) return parts(args[0], depth + 1);
        return undefined;
      }
      case 'method_invocation': {
        // Java String.format("app-%s", x)
        const recv = field(n, 'object');
        const args = field(n, 'arguments')?.children ?? [];
        if (!recv || !/^(?:java\.lang\.)?String$/.test(nodeText(text, recv)) || calleeName(text, field(n, 'name')) !== 'format' || args.length < 1) return undefined;
        const f = stringOf(args[0]);
        return f !== undefined ? formatParts(f) : undefined;
      }
      case 'identifier': {
        const name = nodeText(text, n);
        const value = (constants ??= fileConstants(text, root)).get(name) ?? (bound ??= boundOnce(text, root)).get(name);
        return value ? parts(value, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  };
  return (n) => {
    const p = parts(n, 0);
    if (p === undefined) return undefined;
    const norm = normalise(p);
    if (!norm.includes(null)) return { session: norm.join('') };
    // Fixed text is needed to tell anything: a session made only of values the file does not fix is unknown.
    if (!norm.some((x) => x !== null && x !== '')) return undefined;
    return { session: norm.map((x) => x ?? '*').join(''), parts: norm };
  };
}

/** Whether a session the code may set (exact, or any value of its pattern) is `pinned`. */
function admits(call: SessionCall, pinned: string): boolean {
  if (!call.parts) return call.session === pinned;
  const re = new RegExp(`^${call.parts.map((p) => (p === null ? '[\\s\\S]*' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return re.test(pinned);
}

/** boto3: `sts.assume_role(RoleArn=…, RoleSessionName=…)` and `sts.assume_role_with_web_identity(…)`. */
function pythonCalls(text: string, code: ParsedCode, stringOf: StringOf, sessionOf: SessionOf): SessionCall[] {
  const out: SessionCall[] = [];
  walkCode(code.root, (n) => {
    if (n.type !== 'call') return;
    const name = calleeName(text, field(n, 'function'));
    if (name !== 'assume_role' && name !== 'assume_role_with_web_identity') return;
    const kw = new Map<string, CodeNode>();
    for (const a of field(n, 'arguments')?.children ?? []) {
      const k = a.type === 'keyword_argument' ? field(a, 'name') : undefined;
      const v = a.type === 'keyword_argument' ? field(a, 'value') : undefined;
      if (k && v) kw.set(nodeText(text, k), v);
    }
    const sessionNode = kw.get('RoleSessionName');
    const session = sessionOf(sessionNode);
    if (!sessionNode || session === undefined) return; // required by STS; a parameter is unknown here
    out.push({ hop: name === 'assume_role' ? 'AssumeRole' : 'AssumeRoleWithWebIdentity', api: `boto3 \`${name}\``, node: sessionNode, ...session, roleArn: stringOf(kw.get('RoleArn')) });
  });
  return out;
}

/** Go v2 stscreds options types, by the provider they configure. */
const GO_OPTIONS: Record<string, { hop: Hop; provider: string }> = {
  AssumeRoleOptions: { hop: 'AssumeRole', provider: 'NewAssumeRoleProvider' },
  WebIdentityRoleOptions: { hop: 'AssumeRoleWithWebIdentity', provider: 'NewWebIdentityRoleProvider' },
};

/**
 * Go: SDK v2 `sts.AssumeRoleInput{…}` / `sts.AssumeRoleWithWebIdentityInput{…}`, stscreds option
 * functions `func(o *stscreds.WebIdentityRoleOptions) { o.RoleSessionName = "x" }` given to the
 * provider (whose second argument is the role ARN), and SDK v1 `stscreds.NewWebIdentityCredentials(c,
 * roleARN, roleSessionName, path)` / `NewWebIdentityRoleProvider(svc, roleARN, roleSessionName, path)`.
 */
function goCalls(text: string, code: ParsedCode, stringOf: StringOf, sessionOf: SessionOf): SessionCall[] {
  const out: SessionCall[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type === 'composite_literal') {
      const typeName = calleeName(text, field(n, 'type'));
      if (typeName !== 'AssumeRoleInput' && typeName !== 'AssumeRoleWithWebIdentityInput') return;
      const kv = new Map<string, CodeNode>();
      for (const el of field(n, 'body')?.children ?? []) {
        if (el.type !== 'keyed_element') continue;
        const k = field(el, 'key');
        const v = field(el, 'value')?.children[0];
        if (k && v) kv.set(nodeText(text, k), v);
      }
      const sessionNode = kv.get('RoleSessionName');
      const session = sessionOf(sessionNode);
      if (!sessionNode || session === undefined) return;
      out.push({ hop: typeName === 'AssumeRoleInput' ? 'AssumeRole' : 'AssumeRoleWithWebIdentity', api: `Go \`sts.${typeName}\``, node: sessionNode, ...session, roleArn: stringOf(kv.get('RoleArn')) });
      return;
    }
    if (n.type === 'assignment_statement') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.children.length !== 1 || right?.children.length !== 1) return;
      const target = left.children[0]!;
      if (target.type !== 'selector_expression' || calleeName(text, target) !== 'RoleSessionName') return;
      let fnAt = -1;
      for (let i = anc.length - 1; i >= 0; i--) {
        if (anc[i]!.type === 'func_literal' || anc[i]!.type === 'function_declaration' || anc[i]!.type === 'method_declaration') {
          fnAt = i;
          break;
        }
      }
      const fn = anc[fnAt];
      const params = fn && field(fn, 'parameters');
      const optionsType = params && Object.keys(GO_OPTIONS).find((t) => new RegExp(`\\b${t}\\b`).test(nodeText(text, params)));
      if (!fn || !optionsType) return;
      const { hop, provider } = GO_OPTIONS[optionsType]!;
      const sessionNode = right.children[0]!;
      const session = sessionOf(sessionNode);
      if (session === undefined) return;
      // func literal ← argument_list ← stscreds.NewXProvider(client, roleArn, …)
      const call = fn.type === 'func_literal' && anc[fnAt - 1]?.type === 'argument_list' ? anc[fnAt - 2] : undefined;
      const roleArn = call?.type === 'call_expression' && calleeName(text, field(call, 'function')) === provider ? stringOf(field(call, 'arguments')?.children[1]) : undefined;
      out.push({ hop, api: `Go \`stscreds.${provider}\` (\`${optionsType}.RoleSessionName\`)`, node: sessionNode, ...session, roleArn });
      return;
    }
    if (n.type === 'call_expression') {
      const name = calleeName(text, field(n, 'function'));
      if (name !== 'NewWebIdentityCredentials' && name !== 'NewWebIdentityRoleProvider' && name !== 'NewWebIdentityRoleProviderWithOptions') return;
      const args = field(n, 'arguments')?.children ?? [];
      // SDK v1 takes the session name as the third argument, a string; v2's third is a token retriever.
      if (args.length < 4) return;
      const session = sessionOf(args[2]);
      if (session === undefined) return;
      out.push({ hop: 'AssumeRoleWithWebIdentity', api: `Go v1 \`stscreds.${name}\``, node: args[2]!, ...session, roleArn: stringOf(args[1]) });
    }
  });
  return out;
}

/** JS/TS callees whose first argument is the input of one STS call, with its key names (SDK v3 providers use camelCase). */
const JS_INPUTS: Record<string, { hop: Hop; arn: string; session: string }> = {
  AssumeRoleCommand: { hop: 'AssumeRole', arn: 'RoleArn', session: 'RoleSessionName' },
  assumeRole: { hop: 'AssumeRole', arn: 'RoleArn', session: 'RoleSessionName' },
  TemporaryCredentials: { hop: 'AssumeRole', arn: 'RoleArn', session: 'RoleSessionName' },
  AssumeRoleWithWebIdentityCommand: { hop: 'AssumeRoleWithWebIdentity', arn: 'RoleArn', session: 'RoleSessionName' },
  assumeRoleWithWebIdentity: { hop: 'AssumeRoleWithWebIdentity', arn: 'RoleArn', session: 'RoleSessionName' },
  WebIdentityCredentials: { hop: 'AssumeRoleWithWebIdentity', arn: 'RoleArn', session: 'RoleSessionName' },
  // credential-provider-web-identity fromTokenFile: `init?.roleSessionName ?? process.env[ENV_ROLE_SESSION_NAME]`.
  fromTokenFile: { hop: 'AssumeRoleWithWebIdentity', arn: 'roleArn', session: 'roleSessionName' },
  fromWebToken: { hop: 'AssumeRoleWithWebIdentity', arn: 'roleArn', session: 'roleSessionName' },
};
/** JS/TS callees whose argument's `params` is AssumeRole input (SDK v3 `fromTemporaryCredentials`, v2 `ChainableTemporaryCredentials`). */
const JS_PARAMS_HOLDERS = new Set(['fromTemporaryCredentials', 'ChainableTemporaryCredentials']);

/** JS/TS: the pairs of an object literal by key. */
function jsPairs(text: string, obj: CodeNode): Map<string, CodeNode> {
  const out = new Map<string, CodeNode>();
  for (const p of obj.children) {
    const k = p.type === 'pair' ? jsPairKey(text, p) : undefined;
    const v = p.type === 'pair' ? field(p, 'value') : undefined;
    if (k !== undefined && v) out.set(k, v);
  }
  return out;
}

function jsCalls(text: string, code: ParsedCode, stringOf: StringOf, sessionOf: SessionOf): SessionCall[] {
  const out: SessionCall[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'object' || anc[anc.length - 1]?.type !== 'arguments') return;
    const callee = jsCalleeOfArguments(text, anc[anc.length - 2]);
    if (callee === undefined) return;
    let input: { hop: Hop; arn: string; session: string } | undefined = JS_INPUTS[callee];
    let pairs = jsPairs(text, n);
    if (JS_PARAMS_HOLDERS.has(callee)) {
      const params = pairs.get('params');
      if (params?.type !== 'object') return;
      input = { hop: 'AssumeRole', arn: 'RoleArn', session: 'RoleSessionName' };
      pairs = jsPairs(text, params);
    }
    if (!input) return;
    const sessionNode = pairs.get(input.session);
    const session = sessionOf(sessionNode);
    if (!sessionNode || session === undefined) return;
    out.push({ hop: input.hop, api: `\`${callee}\``, node: sessionNode, ...session, roleArn: stringOf(pairs.get(input.arn)) });
  });
  return out;
}

/** Java v2 builders, by the class whose `builder()` starts the chain. */
const JAVA_BUILDERS: Record<string, Hop> = {
  AssumeRoleRequest: 'AssumeRole',
  AssumeRoleWithWebIdentityRequest: 'AssumeRoleWithWebIdentity',
  // WebIdentityTokenFileCredentialsProvider: `builder.roleSessionName != null ? builder.roleSessionName : AWS_ROLE_SESSION_NAME`.
  WebIdentityTokenFileCredentialsProvider: 'AssumeRoleWithWebIdentity',
};
/** Java methods whose lambda argument builds the request (`sts.assumeRole(r -> r.roleArn(…).roleSessionName(…))`). */
const JAVA_CONSUMERS: Record<string, Hop> = { assumeRole: 'AssumeRole', assumeRoleWithWebIdentity: 'AssumeRoleWithWebIdentity' };

function javaCalls(text: string, code: ParsedCode, stringOf: StringOf, sessionOf: SessionOf): SessionCall[] {
  const out: SessionCall[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'method_invocation' || calleeName(text, field(n, 'name')) !== 'roleSessionName') return;
    const arg = field(n, 'arguments')?.children;
    if (arg?.length !== 1) return;
    // The whole fluent chain: `.roleSessionName(…)` may come before or after `.roleArn(…)`.
    let outer = n;
    let at = anc.length - 1;
    while (at >= 0 && anc[at]!.type === 'method_invocation' && field(anc[at]!, 'object') === outer) outer = anc[at--]!;
    const chain = javaChain(outer);
    const builder = chain.find((c) => c.type === 'method_invocation' && calleeName(text, field(c, 'name')) === 'builder');
    const cls = builder && nodeText(text, field(builder, 'object') ?? builder).replace(/^.*\./, '');
    let hop: Hop | undefined = cls !== undefined ? JAVA_BUILDERS[cls] : undefined;
    let api = cls !== undefined ? `Java \`${cls}.builder()\`` : '';
    if (!builder && chain[chain.length - 1]!.type === 'identifier') {
      for (let i = at; i >= 2; i--) {
        if (anc[i]!.type !== 'lambda_expression') continue;
        const call = anc[i - 2]!;
        const name = anc[i - 1]!.type === 'argument_list' && call.type === 'method_invocation' ? calleeName(text, field(call, 'name')) : undefined;
        hop = name !== undefined ? JAVA_CONSUMERS[name] : undefined;
        api = `Java \`${name ?? ''}(r -> …)\``;
        break;
      }
    }
    if (!hop) return;
    const session = sessionOf(arg[0]);
    if (session === undefined) return;
    const roleArnCall = chain.find((c) => c.type === 'method_invocation' && calleeName(text, field(c, 'name')) === 'roleArn');
    const roleArnArg = roleArnCall && field(roleArnCall, 'arguments')?.children;
    out.push({ hop, api, node: arg[0]!, ...session, roleArn: roleArnArg?.length === 1 ? stringOf(roleArnArg[0]) : undefined });
  });
  return out;
}

/** A trust policy principal that pins one session of a role. */
interface PinnedSession {
  policy: IamPolicy;
  value: ScalarNode;
  session: string;
}

/** The `assumed-role/<roleName>/<session>` principals of the workspace's trust policies. */
function pinnedSessions(ctx: RuleContext, roleName: string): PinnedSession[] {
  const out: PinnedSession[] = [];
  for (const d of ctx.ws.withKey(`role:${roleName}`)) {
    if (d.kind !== 'iamPolicy' || d.policyType !== 'trust') continue;
    for (const st of d.statements) {
      const effect = st.effect ? str(st.effect) : undefined;
      if (effect !== undefined && effect !== 'Allow') continue; // a Deny admits no one
      for (const p of st.principals) {
        if (p.type !== 'AWS') continue;
        const r = looseRoleOf(String(p.value.value));
        if (r?.kind === 'assumed-role' && r.roleName === roleName && r.sessionName !== undefined) out.push({ policy: d, value: p.value, session: r.sessionName });
      }
    }
  }
  return out;
}

/** One `sts:RoleSessionName` value of a role's own trust policy: the sessions that role may be assumed with. */
interface SessionCondition {
  policy: IamPolicy;
  value: ScalarNode;
  session: string;
  /** `StringLike`: `*` and `?` in `session` are wildcards. */
  like: boolean;
}

/** Whether an IAM action pattern (`sts:AssumeRole`, `sts:*`, `*`; case-insensitive) covers `action`. */
function actionCovers(pattern: string, action: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);
}

/**
 * The `sts:RoleSessionName` values of trust policy `p` for `action`, when every Allow statement of it
 * that allows `action` names the session under `StringEquals` or `StringLike` (IAM-UG
 * reference_policies_iam-condition-keys, sts:RoleSessionName: "the role session name that a principal
 * specifies when assuming a role"; condition keys are case-insensitive). Undefined — nothing to
 * compare — when no statement allows the action, when one allows it without that condition, or
 * when one states it in a way not read here (another operator, `NotAction`, a policy variable, two
 * operators on the key): a call such a statement may admit is never reported.
 */
function sessionConditions(p: IamPolicy, action: string): SessionCondition[] | undefined {
  const out: SessionCondition[] = [];
  let applies = false;
  for (const st of p.statements) {
    if ((st.effect ? str(st.effect) : undefined) !== 'Allow') continue;
    if (st.notAction) return undefined;
    if (!st.actions.some((a) => typeof a.value === 'string' && actionCovers(a.value, action))) continue;
    applies = true;
    const ops = asMap(st.condition)?.pairs.filter((op) => asMap(op.value)?.pairs.some((k) => String(k.key.value).toLowerCase() === 'sts:rolesessionname')) ?? [];
    if (ops.length !== 1) return undefined;
    const op = String(ops[0]!.key.value);
    if (op !== 'StringEquals' && op !== 'StringLike') return undefined;
    const key = asMap(ops[0]!.value)!.pairs.find((k) => String(k.key.value).toLowerCase() === 'sts:rolesessionname')!;
    const values = listOf(key.value);
    if (!values.length) return undefined;
    for (const v of values) {
      const sc = asScalar(v);
      if (typeof sc?.value !== 'string' || sc.value.includes('${')) return undefined;
      out.push({ policy: p, value: sc, session: sc.value, like: op === 'StringLike' });
    }
  }
  return applies ? out : undefined;
}

/**
 * Whether some string is both a value of the call's session and matched by the IAM `StringLike`
 * pattern `like` (`*` any text, `?` one character): the two patterns' languages intersect. A search
 * over pairs of positions in both (each `*` may take text from the other side).
 */
function likeAdmits(call: SessionCall, like: string): boolean {
  const STAR = 0;
  const ANY = 1;
  const a: (string | number)[] = (call.parts ?? [call.session]).flatMap((p): (string | number)[] => (p === null ? [STAR] : [...p]));
  const b: (string | number)[] = [...like].map((c) => (c === '*' ? STAR : c === '?' ? ANY : c));
  const seen = new Set<number>();
  const todo: [number, number][] = [[0, 0]];
  const push = (i: number, j: number): void => {
    const k = i * (b.length + 1) + j;
    if (!seen.has(k)) {
      seen.add(k);
      todo.push([i, j]);
    }
  };
  while (todo.length) {
    const [i, j] = todo.pop()!;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x === STAR) {
      push(i + 1, j);
      if (y !== undefined && y !== STAR) push(i, j + 1);
    }
    if (y === STAR) {
      push(i, j + 1);
      if (x !== undefined && x !== STAR) push(i + 1, j);
    }
    if (x !== undefined && x !== STAR && y !== undefined && y !== STAR && (y === ANY || x === y)) push(i + 1, j + 1);
  }
  return false;
}

/** The web identity roles a workload runs with: its CredentialsRequests' ccoctl roles, its AWS_ROLE_ARN, its ServiceAccount's annotation. */
function rolesOf(ctx: RuleContext, w: Workload): string[] {
  const roles = new Set<string>();
  for (const cr of ctx.ws.credentialsRequestsFor(w)) {
    const r = ctx.ws.roleNameFor(cr);
    if (r) roles.add(r);
  }
  for (const c of w.containers) {
    const arn = envLiteral(c, 'AWS_ROLE_ARN');
    const r = arn ? looseRoleOf(arn) : undefined;
    if (r?.kind === 'role') roles.add(r.roleName);
  }
  for (const sa of ctx.ws.serviceAccounts(effectiveServiceAccount(w), workloadNamespace(w))) {
    const r = annotatedRole(sa);
    if (r) roles.add(r.roleName);
  }
  return [...roles];
}

/** String literal node types of the four grammars. */
const LITERALS = new Set(['string', 'interpreted_string_literal', 'raw_string_literal', 'string_literal', 'template_string']);

/** The string literal written in place (`"x"`, Go `aws.String("x")`), or undefined for a name or anything else. */
function literalOf(text: string, n: CodeNode): CodeNode | undefined {
  if (LITERALS.has(n.type)) return n;
  if (n.type === 'call_expression' && calleeName(text, field(n, 'function')) === 'String') {
    const a = field(n, 'arguments')?.children;
    return a?.length === 1 && LITERALS.has(a[0]!.type) ? a[0] : undefined;
  }
  return undefined;
}

/**
 * `value` in the quotes of the literal `n` (its prefix and quote kept). Session names hold only
 * `[\w=,.@-]` (STS API reference, RoleSessionName: "alphanumeric characters … underscores or any of the following characters: =,.@-"), so nothing needs escaping.
 */
function requote(text: string, n: CodeNode, value: string): string {
  const m = /^([a-zA-Z]*)('''|"""|'|"|`)/.exec(nodeText(text, n));
  return m ? `${m[1]}${m[2]}${value}${m[2]}` : JSON.stringify(value);
}

/**
 * The role's own trust policy names the sessions it may be assumed with (`sts:RoleSessionName`), and
 * no value the call can set is one of them: STS denies this very call. Compared for both hops (the
 * condition key is evaluated on every AssumeRole* request for the role), against each trust policy of
 * the role the workspace holds (linked by RoleName, `.irsa.yaml` trustPolicies, a script, or the file
 * name; rules/_trust-util trustRoleOf).
 */
function reportCondition(ctx: RuleContext, uri: string, text: string, call: SessionCall, roleName: string, via: string): void {
  if (call.session === '') return; // Go v1's generated name: reported against pinned principals only
  const action = `sts:${call.hop}`;
  for (const p of ctx.ws.webIdentityTrustPoliciesOf(roleName)) {
    if (p.policyType !== 'trust' || trustRoleOf(ctx, p)?.name !== roleName) continue;
    const conds = sessionConditions(p, action);
    if (!conds?.length || conds.some((c) => (c.like ? likeAdmits(call, c.session) : admits(call, c.session)))) continue;
    const first = conds[0]!;
    const where = `${relativePath(uri, p.uri)}:${lineOf(ctx, p.uri, first.value.start)}`;
    const values = [...new Set(conds.map((c) => `\`${c.session}\`${c.like ? ' (StringLike)' : ''}`))];
    const named = call.parts
      ? `The RoleSessionName of ${call.api} is always of the form \`${call.session}\` (\`*\`: a value this file does not fix)`
      : `RoleSessionName \`${call.session}\` of ${call.api}`;
    const literal = literalOf(text, call.node);
    const exact = conds.length === 1 && !first.like ? first.session : undefined;
    ctx.report({
      at: { uri, start: call.node.start, end: call.node.end },
      message: `${named} (${via}), but the trust policy of that role in \`${where}\` admits only the session names ${values.join(', ')} for ${action} (sts:RoleSessionName): STS will deny this ${call.hop}. Use a session name the condition admits, or widen the condition.`,
      related: conds.map((c) => ({ at: { uri: c.policy.uri, start: c.value.start, end: c.value.end }, message: `sts:RoleSessionName value \`${c.session}\` of role \`${roleName}\`'s trust policy` })),
      fixes: literal && !call.parts && exact !== undefined ? [{ title: `Set the session name to "${exact}" (the session name the trust policy admits)`, preferred: true, edits: [{ uri, start: literal.start, end: literal.end, newText: requote(text, literal, exact) }] }] : undefined,
    });
  }
}

/**
 * The STS AssumeRole / AssumeRoleWithWebIdentity calls of a code file that name a session (boto3, Go
 * SDK v1/v2, JS SDK v2/v3, Java SDK v2; see the module comment), in the order the detectors find them.
 * Also read by the credential chain graph (graph/chain-graph.ts: the code that assumes a destination role).
 */
export function sessionCalls(text: string, code: ParsedCode): SessionCall[] {
  const stringOf = stringResolver(text, code.root);
  const sessionOf = sessionResolver(text, code.root, stringOf);
  return perLanguage(code.language, {
    js: () => jsCalls(text, code, stringOf, sessionOf),
    python: () => pythonCalls(text, code, stringOf, sessionOf),
    go: () => goCalls(text, code, stringOf, sessionOf),
    java: () => javaCalls(text, code, stringOf, sessionOf),
  });
}

const rule: FileRule = {
  id: 'code-session-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'Application code names the session of a role (RoleSessionName, or none) that a trust policy pinning `assumed-role/<role>/<session>`, or the role\'s own `sts:RoleSessionName` condition, does not admit.',
    details: [
      'A call `AssumeRole…(RoleArn=<role>, RoleSessionName=<session>)` creates the session whose principal is',
      '`arn:aws:sts::<account-id>:assumed-role/<role>/<session>`. A trust policy sees the **caller\'s** principal, so a',
      'principal `assumed-role/<role>/<x>` admits only callers that hold a session of `<role>` named exactly `<x>`.',
      'This rule finds each call in the code that names a session of a role, and the trust policies of the workspace that',
      'pin sessions of that same role (linked by the role name in the principal), and reports a session they do not admit.',
      '',
      '- **First hop, made by the code**: the guide\'s destination trust policy pins the session of the ccoctl role',
      '  (`assumed-role/<ccoctl role>/<session>`). Normally the SDK makes that call and takes the name from',
      '  `AWS_ROLE_SESSION_NAME` (checked by `session-name-mismatch`). When the code calls AssumeRoleWithWebIdentity',
      '  itself (boto3 `assume_role_with_web_identity`, Go v2 `stscreds.NewWebIdentityRoleProvider` with',
      '  `o.RoleSessionName`, `sts.AssumeRoleWithWebIdentityInput`, Go v1 `stscreds.NewWebIdentityCredentials`), the name in',
      '  the call is the session and `AWS_ROLE_SESSION_NAME` is not read. Go v1 given `""` generates a name (the Unix time',
      '  in nanoseconds), which never matches a pinned session.',
      '- **Further hop**: the `RoleSessionName` of `AssumeRole` on the destination role names the destination role\'s new',
      '  session; it matters to a policy that pins `assumed-role/<destination role>/<session>` (a further hop). It is **not**',
      '  compared with the destination role\'s own trust policy, which sees the caller\'s first-hop session.',
      '',
      'The role is the call\'s `RoleArn` when the file states it (a literal, or a name the file declares once as a constant);',
      'for a first hop whose role ARN is not stated, the roles of the workloads the file runs in: the workloads of the same',
      'folder tree, or those `.irsa.yaml` `applications:` names (see `sdk-web-identity-version`). The message says which link.',
      'The session name is read from a literal, a name bound once to one (a constant, a Go `var`/`:=`, a Java field or local, a JS `let`, a Python name assigned once) and never written again nor used as a parameter, or a pattern with fixed text: a Python f-string, a JS/TS template literal, Go `fmt.Sprintf`, Java `String.format`, or `+` with a string (`f"app-{x}"` is `app-*`). A pattern is reported only when no value it can take — `*` may be any text — is a pinned session; a name from a parameter, an escape or a format argument index is not read. Checked in Python (boto3 `assume_role`, `assume_role_with_web_identity`), Go (above),',
      'TypeScript/JavaScript (SDK v3 `AssumeRoleCommand`, `AssumeRoleWithWebIdentityCommand`, `fromTemporaryCredentials({ params })`, `fromTokenFile`,',
      '`fromWebToken`; SDK v2 `TemporaryCredentials`, `ChainableTemporaryCredentials`, `WebIdentityCredentials`) and Java SDK v2 (`AssumeRoleRequest`,',
      '`AssumeRoleWithWebIdentityRequest` and `WebIdentityTokenFileCredentialsProvider` builders, `sts.assumeRole(r -> r.roleSessionName(…))`).',
      '',
      '- **The role\'s own trust policy**: `sts:RoleSessionName` in a `StringEquals` or `StringLike` condition names the session names the role may be assumed with; STS evaluates it on the call itself. A call whose session (or every value of its pattern) is none of them is reported, against the trust policy of the role the call assumes (linked by `RoleName`, `.irsa.yaml` `trustPolicies`, a script, or the file name). Not compared: a role with another Allow statement for that action without the condition, another operator on the key, `NotAction`, or a policy variable in the value.',
      '',
      'A warning: the code may create sessions of that role for another purpose than the pinning policy.',
      '',
      '**Fix:** use the session the trust policy admits in the call (the quick fix writes it when the call holds a literal), or pin the session the code sets (or trust the role ARN instead of one session).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName: "the role session name is also used in the ARN of the assumed role principal")',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html (RoleSessionName: "This session name is included as part of the ARN and assumed role ID in the AssumedRoleUser response element")',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session (role session principals: arn:aws:sts::<account>:assumed-role/<role-name>/<role-session-name>)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname (sts:RoleSessionName: the role session name that a principal specifies when assuming a role; string operators)',
      'https://github.com/aws/aws-sdk-go/blob/main/aws/credentials/stscreds/web_identity_provider.go (RetrieveWithContext: an empty roleSessionName becomes strconv.FormatInt(now().UnixNano(), 10))',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds#WebIdentityRoleOptions (RoleSessionName)',
      'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/sts/client/assume_role_with_web_identity.html (RoleSessionName, required)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-web-identity/src/fromTokenFile.ts (roleSessionName: init?.roleSessionName ?? process.env[ENV_ROLE_SESSION_NAME])',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/auth/src/main/java/software/amazon/awssdk/auth/credentials/WebIdentityTokenFileCredentialsProvider.java (builder.roleSessionName != null ? builder.roleSessionName : AWS_ROLE_SESSION_NAME)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    const calls = sessionCalls(text, code);
    if (!calls.length) return;
    let link: ReturnType<typeof linkedWorkloads> | null = null;
    const linkOf = (): ReturnType<typeof linkedWorkloads> => (link === null ? (link = linkedWorkloads(ctx, file.uri)) : link);
    for (const call of calls) {
      const stated = call.roleArn !== undefined ? looseRoleOf(call.roleArn) : undefined;
      let roles: { roleName: string; via: string }[];
      if (stated?.kind === 'role') {
        roles = [{ roleName: stated.roleName, via: `role \`${stated.roleName}\` named by the RoleArn of this call` }];
      } else if (call.roleArn === undefined && call.hop === 'AssumeRoleWithWebIdentity') {
        // The role ARN comes from elsewhere (an env var, the config file): the roles this file's workloads run with.
        const l = linkOf();
        if (!l) continue;
        const how = l.how.replace(/this manifest/g, 'this file');
        roles = [];
        for (const w of l.workloads) {
          for (const r of rolesOf(ctx, w)) {
            if (!roles.some((x) => x.roleName === r)) roles.push({ roleName: r, via: `role \`${r}\` of ${workloadLabel(w)} in \`${relativePath(file.uri, w.uri)}\`, the workload this file runs in; ${how}` });
          }
        }
      } else continue;
      for (const { roleName, via } of roles) {
        reportCondition(ctx, file.uri, text, call, roleName, via);
        const pinned = pinnedSessions(ctx, roleName);
        // A pattern is reported only when no value it can take is pinned (conservative: its unknown parts may be any text).
        if (!pinned.length || pinned.some((p) => admits(call, p.session))) continue;
        const first = pinned[0]!;
        // A literal written in the call is replaced; a named constant is left to the author (it may serve other calls).
        const literal = literalOf(text, call.node);
        const sessions = [...new Set(pinned.map((p) => p.session))];
        const admitted = sessions.length > 1 ? `only the sessions ${sessions.map((s) => `\`${s}\``).join(', ')}` : `only session \`${first.session}\``;
        const where = `${relativePath(file.uri, first.policy.uri)}:${lineOf(ctx, first.policy.uri, first.value.start)}`;
        const named =
          call.session === ''
            ? `${call.api} is given an empty session name, so the SDK generates one (the Unix time in nanoseconds) and ignores AWS_ROLE_SESSION_NAME`
            : call.parts
              ? `The RoleSessionName of ${call.api} is always of the form \`${call.session}\` (\`*\`: a value this file does not fix) and names the session this ${call.hop} creates`
              : `RoleSessionName \`${call.session}\` of ${call.api} names the session this ${call.hop} creates`;
        const hop =
          call.hop === 'AssumeRoleWithWebIdentity'
            ? 'This call is the first hop: its session is the caller the destination trust policy sees (the name in the call wins over AWS_ROLE_SESSION_NAME).'
            : 'That policy sees this session when it is used for the next hop.';
        ctx.report({
          at: { uri: file.uri, start: call.node.start, end: call.node.end },
          message:
            `${named} (${via}), but the trust policy in \`${where}\` admits ${admitted} of that role (\`assumed-role/${roleName}/${first.session}\`): ` +
            `an assumed-role principal matches only that exact session, so STS will deny sts:AssumeRole. ${hop} Use the same name in both, or trust the role ARN instead of one session.`,
          related: pinned.map((p) => ({ at: { uri: p.policy.uri, start: p.value.start, end: p.value.end }, message: `trust policy principal pinning session \`${p.session}\` of role \`${roleName}\`` })),
          fixes: literal && !call.parts && sessions.length === 1 ? [{ title: `Set the session name to "${first.session}" (the session the trust policy admits)`, preferred: true, edits: [{ uri: file.uri, start: literal.start, end: literal.end, newText: requote(text, literal, first.session) }] }] : undefined,
        });
      }
    }
  },
};

export default rule;
