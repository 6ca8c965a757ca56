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
import { str } from '../parse/tree';
import type { ScalarNode } from '../parse/tree';
import { calleeName, javaChain, jsCalleeOfArguments, jsPairKey, perLanguage } from './_code-util';
import { envLiteral, linkedWorkloads, relativePath } from './_deps-util';
import { lineOf } from './_util';
import { workloadLabel } from './_workload-util';
import type { FileRule, RuleContext } from './types';

/** Which STS operation the call makes: the first hop (web identity) or a further one. */
type Hop = 'AssumeRoleWithWebIdentity' | 'AssumeRole';

/** One call that names a session: where, the session (`''`: the SDK generates one) and the role ARN when the file states it. */
interface SessionCall {
  hop: Hop;
  /** What the code calls it, for messages: "boto3 `assume_role_with_web_identity`". */
  api: string;
  /** The node holding the session name (or the call when the SDK generates one). */
  node: CodeNode;
  /** The session name; `''` when the SDK generates one (Go v1 `""`). */
  session: string;
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

/** boto3: `sts.assume_role(RoleArn=…, RoleSessionName=…)` and `sts.assume_role_with_web_identity(…)`. */
function pythonCalls(text: string, code: ParsedCode, stringOf: StringOf): SessionCall[] {
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
    const session = stringOf(sessionNode);
    if (!sessionNode || session === undefined) return; // required by STS; a variable is unknown here
    out.push({ hop: name === 'assume_role' ? 'AssumeRole' : 'AssumeRoleWithWebIdentity', api: `boto3 \`${name}\``, node: sessionNode, session, roleArn: stringOf(kw.get('RoleArn')) });
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
function goCalls(text: string, code: ParsedCode, stringOf: StringOf): SessionCall[] {
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
      const session = stringOf(sessionNode);
      if (!sessionNode || session === undefined) return;
      out.push({ hop: typeName === 'AssumeRoleInput' ? 'AssumeRole' : 'AssumeRoleWithWebIdentity', api: `Go \`sts.${typeName}\``, node: sessionNode, session, roleArn: stringOf(kv.get('RoleArn')) });
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
      const session = stringOf(sessionNode);
      if (session === undefined) return;
      // func literal ← argument_list ← stscreds.NewXProvider(client, roleArn, …)
      const call = fn.type === 'func_literal' && anc[fnAt - 1]?.type === 'argument_list' ? anc[fnAt - 2] : undefined;
      const roleArn = call?.type === 'call_expression' && calleeName(text, field(call, 'function')) === provider ? stringOf(field(call, 'arguments')?.children[1]) : undefined;
      out.push({ hop, api: `Go \`stscreds.${provider}\` (\`${optionsType}.RoleSessionName\`)`, node: sessionNode, session, roleArn });
      return;
    }
    if (n.type === 'call_expression') {
      const name = calleeName(text, field(n, 'function'));
      if (name !== 'NewWebIdentityCredentials' && name !== 'NewWebIdentityRoleProvider' && name !== 'NewWebIdentityRoleProviderWithOptions') return;
      const args = field(n, 'arguments')?.children ?? [];
      // SDK v1 takes the session name as the third argument, a string; v2's third is a token retriever.
      if (args.length < 4) return;
      const session = stringOf(args[2]);
      if (session === undefined) return;
      out.push({ hop: 'AssumeRoleWithWebIdentity', api: `Go v1 \`stscreds.${name}\``, node: args[2]!, session, roleArn: stringOf(args[1]) });
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

function jsCalls(text: string, code: ParsedCode, stringOf: StringOf): SessionCall[] {
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
    const session = stringOf(sessionNode);
    if (!sessionNode || session === undefined) return;
    out.push({ hop: input.hop, api: `\`${callee}\``, node: sessionNode, session, roleArn: stringOf(pairs.get(input.arn)) });
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

function javaCalls(text: string, code: ParsedCode, stringOf: StringOf): SessionCall[] {
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
    const session = stringOf(arg[0]);
    if (session === undefined) return;
    const roleArnCall = chain.find((c) => c.type === 'method_invocation' && calleeName(text, field(c, 'name')) === 'roleArn');
    const roleArnArg = roleArnCall && field(roleArnCall, 'arguments')?.children;
    out.push({ hop, api, node: arg[0]!, session, roleArn: roleArnArg?.length === 1 ? stringOf(roleArnArg[0]) : undefined });
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

const rule: FileRule = {
  id: 'code-session-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'Application code names the session of a role (RoleSessionName, or none) that a trust policy pinning `assumed-role/<role>/<session>` does not admit.',
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
      'A RoleSessionName held in a variable is not checked. Checked in Python (boto3 `assume_role`, `assume_role_with_web_identity`), Go (above),',
      'TypeScript/JavaScript (SDK v3 `AssumeRoleCommand`, `AssumeRoleWithWebIdentityCommand`, `fromTemporaryCredentials({ params })`, `fromTokenFile`,',
      '`fromWebToken`; SDK v2 `TemporaryCredentials`, `ChainableTemporaryCredentials`, `WebIdentityCredentials`) and Java SDK v2 (`AssumeRoleRequest`,',
      '`AssumeRoleWithWebIdentityRequest` and `WebIdentityTokenFileCredentialsProvider` builders, `sts.assumeRole(r -> r.roleSessionName(…))`).',
      '',
      'A warning: the code may create sessions of that role for another purpose than the pinning policy.',
      '',
      '**Fix:** use the session the trust policy admits in the call (the quick fix writes it when the call holds a literal), or pin the session the code sets (or trust the role ARN instead of one session).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName: "the role session name is also used in the ARN of the assumed role principal")',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html (RoleSessionName: "This session name is included as part of the ARN and assumed role ID in the AssumedRoleUser response element")',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session (role session principals: arn:aws:sts::<account>:assumed-role/<role-name>/<role-session-name>)',
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
    const stringOf = stringResolver(text, code.root);
    const calls = perLanguage(code.language, { js: () => jsCalls(text, code, stringOf), python: () => pythonCalls(text, code, stringOf), go: () => goCalls(text, code, stringOf), java: () => javaCalls(text, code, stringOf) });
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
        const pinned = pinnedSessions(ctx, roleName);
        if (!pinned.length || pinned.some((p) => p.session === call.session)) continue;
        const first = pinned[0]!;
        // A literal written in the call is replaced; a named constant is left to the author (it may serve other calls).
        const literal = literalOf(text, call.node);
        const sessions = [...new Set(pinned.map((p) => p.session))];
        const admitted = sessions.length > 1 ? `only the sessions ${sessions.map((s) => `\`${s}\``).join(', ')}` : `only session \`${first.session}\``;
        const where = `${relativePath(file.uri, first.policy.uri)}:${lineOf(ctx, first.policy.uri, first.value.start)}`;
        const named =
          call.session === ''
            ? `${call.api} is given an empty session name, so the SDK generates one (the Unix time in nanoseconds) and ignores AWS_ROLE_SESSION_NAME`
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
          fixes: literal && sessions.length === 1 ? [{ title: `Set the session name to "${first.session}" (the session the trust policy admits)`, preferred: true, edits: [{ uri: file.uri, start: literal.start, end: literal.end, newText: requote(text, literal, first.session) }] }] : undefined,
        });
      }
    }
  },
};

export default rule;
