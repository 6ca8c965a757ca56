/**
 * role-chaining-duration (issue #14): an AssumeRole call in application code asks for a session longer
 * than one hour. In an IRSA pod the SDK's credentials are themselves role credentials (from
 * AssumeRoleWithWebIdentity), so every AssumeRole the application makes is role chaining, which STS
 * limits to one hour: the call fails with "The requested DurationSeconds exceeds the 1 hour session
 * limit for roles assumed by role chaining" (STS API reference, AssumeRole DurationSeconds).
 *
 * Detectors, one per SDK shape; only values the text states as constants (a literal, `2 * 3600`,
 * Go `2 * time.Hour`) are reported, never a variable:
 * - JS/TS v3 `new AssumeRoleCommand({ DurationSeconds })`, the aggregated `sts.assumeRole({…})`, JS v2
 *   `sts.assumeRole({…})`, `new AWS.TemporaryCredentials({…})`, and `fromTemporaryCredentials({ params:
 *   { DurationSeconds } })` / `new AWS.ChainableTemporaryCredentials({ params: {…} })`;
 * - boto3 `client.assume_role(DurationSeconds=…)`;
 * - Go v2 `sts.AssumeRoleInput{DurationSeconds: aws.Int32(…)}` and stscreds `o.Duration = 2 * time.Hour`
 *   (or `stscreds.AssumeRoleOptions{Duration: …}`);
 * - Java v2 `AssumeRoleRequest.builder()…durationSeconds(…)` and the consumer form
 *   `sts.assumeRole(r -> r…durationSeconds(…))`.
 */
import { constantSeconds, field, fileConstants, nodeText, walkCode } from '../parse/code';
import type { CodeNode, ConstantOptions, ParsedCode } from '../parse/code';
import { calleeName, javaChain, jsCalleeOfArguments, jsPairKey, perLanguage } from './_code-util';
import type { FileRule, RuleContext } from './types';

/** Seconds: STS's limit for a session assumed by role chaining (STS API reference, AssumeRole DurationSeconds). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/** A value to report: the node holding the number, what the code calls the parameter, its seconds, and its replacement. */
interface Hit {
  node: CodeNode;
  param: string;
  seconds: number;
  replacement: string;
}

/** A value node's seconds, with the file's constants. */
type Seconds = (n: CodeNode, options?: ConstantOptions) => number | undefined;

/** JS/TS callees whose first argument is AssumeRole input. */
const JS_ASSUME_ROLE_INPUT = new Set(['AssumeRoleCommand', 'assumeRole', 'TemporaryCredentials']);
/** JS/TS callees whose argument's `params` is AssumeRole input. */
const JS_PARAMS_HOLDERS = new Set(['fromTemporaryCredentials', 'ChainableTemporaryCredentials']);

function jsHits(text: string, code: ParsedCode, secondsOf: Seconds): Hit[] {
  const hits: Hit[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'pair' || jsPairKey(text, n) !== 'DurationSeconds') return;
    const value = field(n, 'value');
    const seconds = value && secondsOf(value);
    if (!value || seconds === undefined) return;
    // pair ← object ← arguments ← call/new
    const obj = anc[anc.length - 1];
    const args = anc[anc.length - 2];
    if (obj?.type !== 'object' || args?.type !== 'arguments') {
      // pair ← object ← pair(params) ← object ← arguments ← call/new
      const holder = anc[anc.length - 2];
      if (obj?.type !== 'object' || holder?.type !== 'pair' || jsPairKey(text, holder) !== 'params') return;
      if (anc[anc.length - 3]?.type !== 'object' || anc[anc.length - 4]?.type !== 'arguments') return;
      const callee = jsCalleeOfArguments(text, anc[anc.length - 5]);
      if (callee === undefined || !JS_PARAMS_HOLDERS.has(callee)) return;
    } else {
      const callee = jsCalleeOfArguments(text, anc[anc.length - 3]);
      if (callee === undefined || !JS_ASSUME_ROLE_INPUT.has(callee)) return;
    }
    hits.push({ node: value, param: 'DurationSeconds', seconds, replacement: String(ROLE_CHAINING_MAX_SECONDS) });
  });
  return hits;
}

function pythonHits(text: string, code: ParsedCode, secondsOf: Seconds): Hit[] {
  const hits: Hit[] = [];
  walkCode(code.root, (n, anc) => {
    let value: CodeNode | undefined;
    if (n.type === 'keyword_argument') {
      // sts.assume_role(DurationSeconds=…)
      const name = field(n, 'name');
      if (!name || nodeText(text, name) !== 'DurationSeconds') return;
      const call = anc[anc.length - 2];
      if (anc[anc.length - 1]?.type !== 'argument_list' || call?.type !== 'call' || calleeName(text, field(call, 'function')) !== 'assume_role') return;
      value = field(n, 'value');
    } else if (n.type === 'pair') {
      // botocore AssumeRoleCredentialFetcher(…, extra_args={"DurationSeconds": …}): the extra AssumeRole parameters
      // (botocore/credentials.py AssumeRoleCredentialFetcher._assume_role_kwargs).
      const key = field(n, 'key');
      if (key?.type !== 'string' || nodeText(text, key).slice(1, -1) !== 'DurationSeconds') return;
      const kw = anc[anc.length - 2];
      const call = anc[anc.length - 4];
      if (anc[anc.length - 1]?.type !== 'dictionary' || kw?.type !== 'keyword_argument' || nodeText(text, field(kw, 'name') ?? kw) !== 'extra_args') return;
      if (anc[anc.length - 3]?.type !== 'argument_list' || call?.type !== 'call' || calleeName(text, field(call, 'function')) !== 'AssumeRoleCredentialFetcher') return;
      value = field(n, 'value');
    }
    const seconds = value && secondsOf(value);
    if (value && seconds !== undefined) hits.push({ node: value, param: 'DurationSeconds', seconds, replacement: String(ROLE_CHAINING_MAX_SECONDS) });
  });
  return hits;
}

function goHits(text: string, code: ParsedCode, secondsOf: Seconds): Hit[] {
  const hits: Hit[] = [];
  /** A Go duration (`time.Duration`, nanoseconds) counts only when written with `time.` units. */
  const goDuration = (v: CodeNode): number | undefined => (/\btime\.(Hour|Minute|Second)\b/.test(nodeText(text, v)) ? secondsOf(v, { goDurations: true }) : undefined);
  walkCode(code.root, (n, anc) => {
    if (n.type === 'keyed_element') {
      // sts.AssumeRoleInput{DurationSeconds: aws.Int32(7200)} / stscreds.AssumeRoleOptions{Duration: 2 * time.Hour}
      const key = field(n, 'key');
      const valueElement = field(n, 'value');
      const lit = anc[anc.length - 2];
      if (!key || !valueElement || lit?.type !== 'composite_literal') return;
      const typeName = calleeName(text, field(lit, 'type'));
      const k = nodeText(text, key);
      let value = valueElement.children[0];
      if (!value) return;
      if (typeName === 'AssumeRoleInput' && k === 'DurationSeconds') {
        // aws.Int32(7200): the number is the call's argument.
        if (value.type === 'call_expression' && calleeName(text, field(value, 'function')) === 'Int32') {
          const args = field(value, 'arguments');
          if (args?.children.length !== 1) return;
          value = args.children[0]!;
        }
        const seconds = secondsOf(value);
        if (seconds !== undefined) hits.push({ node: value, param: 'DurationSeconds', seconds, replacement: String(ROLE_CHAINING_MAX_SECONDS) });
      } else if (typeName === 'AssumeRoleOptions' && k === 'Duration') {
        const seconds = goDuration(value);
        if (seconds !== undefined) hits.push({ node: value, param: 'Duration', seconds, replacement: 'time.Hour' });
      }
      return;
    }
    if (n.type === 'assignment_statement') {
      // func(o *stscreds.AssumeRoleOptions) { o.Duration = 2 * time.Hour }
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.children.length !== 1 || right?.children.length !== 1) return;
      const target = left.children[0]!;
      if (target.type !== 'selector_expression' || calleeName(text, target) !== 'Duration') return;
      const fn = [...anc].reverse().find((a) => a.type === 'func_literal' || a.type === 'function_declaration' || a.type === 'method_declaration');
      const params = fn && field(fn, 'parameters');
      if (!params || !/\bAssumeRoleOptions\b/.test(nodeText(text, params))) return;
      const value = right.children[0]!;
      const seconds = goDuration(value);
      if (seconds !== undefined) hits.push({ node: value, param: 'Duration', seconds, replacement: 'time.Hour' });
    }
  });
  return hits;
}

/** Java methods whose lambda argument builds an AssumeRoleRequest (`sts.assumeRole(r -> r.roleArn(…))`). */
const JAVA_CONSUMERS = new Set(['assumeRole', 'assumeRoleRequest']);

function javaHits(text: string, code: ParsedCode, secondsOf: Seconds): Hit[] {
  const hits: Hit[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'method_invocation' || calleeName(text, field(n, 'name')) !== 'durationSeconds') return;
    const args = field(n, 'arguments');
    if (args?.children.length !== 1) return;
    const chain = javaChain(n);
    const first = chain[chain.length - 1]!;
    const builder = chain.find((c) => c.type === 'method_invocation' && calleeName(text, field(c, 'name')) === 'builder');
    const isRequestBuilder = builder !== undefined && /(^|\.)AssumeRoleRequest$/.test(nodeText(text, field(builder, 'object') ?? builder));
    // r -> r.roleArn(…).durationSeconds(…) given to sts.assumeRole(…) / StsAssumeRoleCredentialsProvider.builder().assumeRoleRequest(…)
    let inConsumer = false;
    if (!isRequestBuilder && first.type === 'identifier') {
      for (let i = anc.length - 1; i >= 2; i--) {
        if (anc[i]!.type !== 'lambda_expression') continue;
        const call = anc[i - 2]!;
        inConsumer = anc[i - 1]!.type === 'argument_list' && call.type === 'method_invocation' && JAVA_CONSUMERS.has(calleeName(text, field(call, 'name')) ?? '');
        break;
      }
    }
    if (!isRequestBuilder && !inConsumer) return;
    const value = args.children[0]!;
    const seconds = secondsOf(value);
    if (seconds !== undefined) hits.push({ node: value, param: 'durationSeconds', seconds, replacement: String(ROLE_CHAINING_MAX_SECONDS) });
  });
  return hits;
}

/** `7200` → `2-hour`, `5400` → `1.5-hour`. */
function hours(seconds: number): string {
  const h = seconds / 3600;
  return `${Number.isInteger(h) ? h : h.toFixed(1).replace(/\.0$/, '')}-hour`;
}

const rule: FileRule = {
  id: 'role-chaining-duration',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'An AssumeRole call in application code asks for a session longer than one hour, which STS refuses for role chaining — and every AssumeRole from an IRSA pod is role chaining.',
    details: [
      'In a pod that gets its AWS identity through IRSA (a projected service account token and `AWS_ROLE_ARN` or a ccoctl `credentials` file), the SDK calls `AssumeRoleWithWebIdentity` and holds **role credentials**. When the application then calls `AssumeRole` to reach another role (a destination account), that is *role chaining*, and STS limits a chained session to one hour: a `DurationSeconds` above 3600 makes the call fail with `ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining`, whatever the destination role\'s `MaxSessionDuration` is.',
      '',
      'Checked in TypeScript/JavaScript (SDK v3 `new AssumeRoleCommand({ DurationSeconds })`, `fromTemporaryCredentials({ params: { DurationSeconds } })`; SDK v2 `sts.assumeRole({ DurationSeconds })`, `new AWS.TemporaryCredentials({…})`), Python (boto3 `assume_role(DurationSeconds=…)`), Go (SDK v2 `sts.AssumeRoleInput{DurationSeconds: aws.Int32(…)}`, stscreds `o.Duration = 2 * time.Hour`) and Java (SDK v2 `AssumeRoleRequest.builder().durationSeconds(…)`). Only values written as constants are reported.',
      '',
      '**Fix:** ask for 3600 seconds or less (the quick fix writes `3600`, or `time.Hour` in Go) and let a refreshing provider renew the session before it expires (SDK v3 `fromTemporaryCredentials`, boto3 `RefreshableCredentials`, Go `aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(…))`, Java `StsAssumeRoleCredentialsProvider`) — `IRSA: Generate Refresh-Aware SDK Code…` writes one.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds: "if you assume a role using role chaining and provide a DurationSeconds parameter value greater than one hour, the operation fails")',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining (role chaining limits the session to one hour)',
      'https://repost.aws/knowledge-center/iam-role-chaining-limit (the error message)',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds#AssumeRoleOptions (Duration: the DurationSeconds of the AssumeRole call)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    // A value may be a name the file declares once as a constant (`DurationSeconds: DURATION_SECONDS`).
    let constants: Map<string, CodeNode> | undefined;
    const secondsOf: Seconds = (n, options = {}) => constantSeconds(text, n, { ...options, constants: (constants ??= fileConstants(text, code.root)) });
    const hits = perLanguage(code.language, { js: () => jsHits(text, code, secondsOf), python: () => pythonHits(text, code, secondsOf), go: () => goHits(text, code, secondsOf), java: () => javaHits(text, code, secondsOf) });
    for (const h of hits) report(ctx, file.uri, text, h);
  },
};

function report(ctx: RuleContext, uri: string, text: string, h: Hit): void {
  if (h.seconds <= ROLE_CHAINING_MAX_SECONDS) return;
  const written = nodeText(text, h.node);
  const value = /^\d[\d_]*[lL]?$/.test(written) ? `${h.seconds}` : `\`${written}\` (${h.seconds} seconds)`;
  ctx.report({
    at: { uri, start: h.node.start, end: h.node.end },
    message:
      `${h.param} ${value} asks for a ${hours(h.seconds)} session, but in an IRSA pod this AssumeRole is role chaining (the SDK's credentials are already role credentials, from AssumeRoleWithWebIdentity), which STS limits to one hour: the call fails with "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining". ` +
      `Use ${h.replacement === 'time.Hour' ? 'time.Hour' : '3600'} or less and let a refreshing provider renew the session.`,
    // A value written in place is replaced; a named constant is left to the author (it may serve other calls).
    fixes: namesConstant(text, h.node) ? undefined : [{ title: `Set ${h.param} to ${h.replacement}`, edits: [{ uri, start: h.node.start, end: h.node.end, newText: h.replacement }], preferred: true }],
  });
}

/** Whether a value uses a name (other than the `time` package of Go's `time.Hour`): then it comes from a constant of the file. */
function namesConstant(text: string, n: CodeNode): boolean {
  let named = false;
  walkCode(n, (c, anc) => {
    const parent = anc[anc.length - 1];
    if (c.type === 'identifier' && !(parent?.type === 'selector_expression' && /^time\.(Hour|Minute|Second)$/.test(nodeText(text, parent)))) named = true;
  });
  return named;
}

export default rule;
