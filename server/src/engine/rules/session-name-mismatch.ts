import { envVar } from '../classify';
import { looseRoleOf } from '../domain';
import type { EnvVar, Workload } from '../model/types';
import type { ScalarNode, TreeNode } from '../parse/tree';
import { str } from '../parse/tree';
import { arnProblem, jsonString, subTarget } from './_iam-util';
import { fileName, lineOf, where, yamlScalar } from './_util';
import type { DocumentRule, EditSpec, RuleContext } from './types';

const SESSION_ENV = 'AWS_ROLE_SESSION_NAME';

/** The workload's `AWS_ROLE_SESSION_NAME` env entries (every container, first per container). */
function sessionEnv(w: Workload): EnvVar[] {
  const out: EnvVar[] = [];
  for (const c of w.containers) {
    const e = envVar(c, SESSION_ENV);
    if (e) out.push(e);
  }
  return out;
}

function workloadLabel(w: Workload): string {
  return `${w.workloadKind} \`${str(w.name) ?? '(unnamed)'}\``;
}

/** Replaces a YAML scalar keeping its quoting style. */
function yamlReplace(ctx: RuleContext, w: Workload, node: { start: number; end: number }, value: string): EditSpec {
  const q = ctx.text(w.uri)[node.start];
  const newText = q === '"' ? JSON.stringify(value) : q === "'" ? `'${value.replace(/'/g, "''")}'` : yamlScalar(value);
  return { uri: w.uri, start: node.start, end: node.end, newText };
}

/**
 * IAM009 (session part): an `assumed-role/<role>/<session>` principal only matches a session of that
 * exact name, so the workloads that run with the CredentialsRequest's role must set
 * `AWS_ROLE_SESSION_NAME` to it — and only JS v3 and boto3 honour that variable when the credentials
 * come from the ccoctl config file; Go v2 and Java v2 ignore it (domain §4.1, §4.2, §5.1).
 */
const rule: DocumentRule = {
  id: 'session-name-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: "An assumed-role principal's session must equal the workload's `AWS_ROLE_SESSION_NAME`.",
    details: [
      'The guide trusts one **session** of the ccoctl role: `arn:aws:sts::<account-id>:assumed-role/<ccoctl role>/<session name>`.',
      'Such a principal matches only a caller whose session has exactly that name. The session name comes from the workload\'s',
      '`AWS_ROLE_SESSION_NAME` environment variable, so it must equal the last segment of the principal ARN; otherwise',
      'STS denies the call: "User: arn:aws:sts::…:assumed-role/<role>/<other session> is not authorized to perform: sts:AssumeRole…".',
      '',
      'This rule finds the CredentialsRequest whose ccoctl role the principal names, the workloads that use that',
      'CredentialsRequest (by secret volume, service account or namespace) and compares their `AWS_ROLE_SESSION_NAME`.',
      '',
      '**SDK caveat**: with the ccoctl Secret as `AWS_CONFIG_FILE`, `AWS_ROLE_SESSION_NAME` sets the session',
      'name in the JavaScript v3 SDK and boto3, but **Go v2 and Java v2 ignore it** for profile-based web identity and use',
      'random names (`<unixnano>`, `aws-sdk-java-<millis>`). For those, add `role_session_name = <session>` to the profile —',
      'or, simpler and robust for every SDK, trust the role ARN `arn:aws:iam::<account-id>:role/<ccoctl role>` instead of one session.',
      '',
      '**Fix**: set the principal\'s session to the workload\'s `AWS_ROLE_SESSION_NAME`, or the reverse (two quick fixes; the',
      'second edits the workload file).',
      '',
      '**Pod identity webhook set-ups** (issue #13): a workload that gets the role from its ServiceAccount\'s',
      '`eks.amazonaws.com/role-arn` annotation, or from its own `AWS_ROLE_ARN`, is compared the same way. There the SDK reads',
      'the role, the token file and `AWS_ROLE_SESSION_NAME` from the environment in all four SDKs (botocore',
      '`AssumeRoleWithWebIdentityProvider`, JS v3 `fromTokenFile`, Go v2 `config/env_config.go`, Java v2',
      '`WebIdentityTokenFileCredentialsProvider`), so setting `AWS_ROLE_SESSION_NAME` on the container is enough.',
      '',
      'One role may serve several workloads with different sessions: a trust policy that names several sessions of one role',
      'is satisfied by a workload whose session is any of them (reported once, at the first principal of that role).',
      '`role_session_name` in the ccoctl Secret\'s profile is a session name too, read by all four SDKs: botocore',
      '(`credentials.py` AssumeRoleWithWebIdentityProvider `_CONFIG_TO_ENV_VAR`), JS v3 (`credential-provider-ini`',
      '`resolveWebIdentityCredentials`: `roleSessionName: profile.role_session_name`), Go v2 (`config/shared_config.go`',
      '`role_session_name`, used by `resolve_credentials.go`) and Java v2 (`ProfileProperty.ROLE_SESSION_NAME`).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://github.com/aws/aws-cli/issues/7216',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (AssumeRoleWithWebIdentityProvider)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-ini/src/resolveWebIdentityCredentials.ts',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/shared_config.go (role_session_name)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/profiles/src/main/java/software/amazon/awssdk/profiles/ProfileProperty.java (ROLE_SESSION_NAME)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-web-identity/src/fromTokenFile.ts (AWS_ROLE_SESSION_NAME)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/env_config.go (AWS_ROLE_SESSION_NAME)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/auth/src/main/java/software/amazon/awssdk/auth/credentials/WebIdentityTokenFileCredentialsProvider.java (session name from SdkSystemSetting.AWS_ROLE_SESSION_NAME)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/pkg/handler/handler.go (injects AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, no session name)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    const text = ctx.text(doc.uri);
    // (issue #11 pattern 7) One role may serve several workloads, each with its own session: a workload
    // matches when its session is any of the sessions the policy trusts for that role, so the
    // principals of one role are judged together, and reported at the first of them.
    const byRole = new Map<string, { value: ScalarNode; session: string; sessionAt: number }[]>();
    for (const st of doc.statements) {
      for (const p of st.principals) {
        if (p.type !== 'AWS') continue;
        const v = String(p.value.value);
        const r = looseRoleOf(v);
        if (!r || r.kind !== 'assumed-role' || r.sessionName === undefined || arnProblem(v, 'principal-aws')) continue;
        const list = byRole.get(r.roleName) ?? [];
        list.push({ value: p.value, session: r.sessionName, sessionAt: v.length - r.sessionName.length });
        byRole.set(r.roleName, list);
      }
    }
    for (const [roleName, principals] of byRole) {
      const trusted = new Set(principals.map((x) => x.session));
      const first = principals[0]!;
      const { value: pv, session, sessionAt } = first;
      const v = String(pv.value);
      const trustedText = trusted.size > 1 ? `the trusted sessions ${[...trusted].map((x) => `\`${x}\``).join(', ')}` : `session \`${session}\``;
      const crWorkloads = new Set<Workload>();
      for (const cr of ctx.ws.credentialsRequestsForRole(roleName, doc.uri)) {
        const workloads = ctx.ws.workloadsFor(cr);
        for (const w of workloads) crWorkloads.add(w);
        if (!workloads.length) continue;
        const crName = str(cr.name) ? `CredentialsRequest \`${str(cr.name)}\`` : 'the CredentialsRequest';
        // `role_session_name` in the ccoctl Secret's profile is the session name in every SDK: botocore
        // (AssumeRoleWithWebIdentityProvider, after AWS_ROLE_SESSION_NAME), JS v3 (credential-provider-ini
        // resolveWebIdentityCredentials), Go v2 (config shared_config.go role_session_name) and Java v2
        // (ProfileProperty.ROLE_SESSION_NAME).
        const profileSessions = ctx.ws.secretsFor(cr).flatMap((sec) => {
          const e = sec.profile.get('role_session_name');
          return e && e.value ? [{ sec, e }] : [];
        });
        let anySet = profileSessions.length > 0;
        for (const { sec, e } of profileSessions) {
          if (trusted.has(e.value)) continue;
          ctx.report({
            at: subTarget(doc, text, pv, sessionAt, session.length),
            message:
              `role_session_name \`${e.value}\` in the profile of the ccoctl Secret \`${str(sec.name) ?? '?'}\` (${fileName(sec.uri)}:${lineOf(ctx, sec.uri, e.lineStart)}), which every SDK uses as the session of ${crName}'s role, is not ${trustedText}: ` +
              `an assumed-role principal matches only that exact session, so STS will deny sts:AssumeRole. Use the same name in both (or trust the role ARN instead of one session).`,
            related: [{ at: { uri: sec.uri, start: e.lineStart, end: e.lineEnd }, message: 'role_session_name of the ccoctl Secret' }],
          });
        }
        // (issue #11 pattern 5) Base and overlay copies of one object (same kind and name, e.g. a
        // kustomize base and its patch) setting the same session are one mistake: one finding, with
        // every copy as a related location.
        const seen = new Map<string, { doc: Workload; node: TreeNode }[]>();
        for (const w of workloads) {
          for (const e of sessionEnv(w)) {
            const value = str(e.value);
            if (value === undefined || !e.value) continue;
            const k = `${w.workloadKind}/${str(w.name) ?? ''}/${value}`;
            const list = seen.get(k);
            if (list) list.push({ doc: w, node: e.value });
            else seen.set(k, [{ doc: w, node: e.value }]);
          }
        }
        for (const w of workloads) {
          for (const e of sessionEnv(w)) {
            anySet = true;
            const value = str(e.value);
            if (value === undefined || trusted.has(value) || !e.value) continue; // valueFrom: unknown at lint time
            const valueNode = e.value;
            const copies = seen.get(`${w.workloadKind}/${str(w.name) ?? ''}/${value}`) ?? [];
            if (copies.length && copies[0]!.node !== valueNode) continue; // reported with the first copy
            ctx.report({
              at: subTarget(doc, text, pv, sessionAt, session.length),
              message:
                (trusted.size > 1
                  ? `${SESSION_ENV} \`${value}\` of ${workloadLabel(w)} (${where(ctx, w, valueNode)}), which runs with the role of ${crName}, is none of ${trustedText}: `
                  : `Session \`${session}\` differs from ${SESSION_ENV} \`${value}\` of ${workloadLabel(w)} (${where(ctx, w, valueNode)}), which runs with the role of ${crName}: `) +
                `an assumed-role principal matches only that exact session, so STS will deny sts:AssumeRole. Use the same name in both (or trust the role ARN instead of one session).`,
              related: (copies.length ? copies : [{ doc: w, node: valueNode }]).map((x) => ({ at: { doc: x.doc, node: x.node }, message: `${SESSION_ENV} of ${workloadLabel(x.doc)}${copies.length > 1 ? ` (${fileName(x.doc.uri)})` : ''}` })),
              fixes: [
                {
                  title: `Set the trusted session to "${value}" (${SESSION_ENV} of ${str(w.name) ?? 'the workload'})`,
                  preferred: true,
                  edits: [{ uri: doc.uri, start: pv.start, end: pv.end, newText: jsonString(v.slice(0, sessionAt) + value) }],
                },
                {
                  title: `Set ${SESSION_ENV} in ${fileName(w.uri)} to "${session}"`,
                  edits: [yamlReplace(ctx, w, valueNode, session)],
                },
              ],
            });
          }
        }
        if (anySet) continue;
        const w = workloads[0]!;
        ctx.report({
          at: subTarget(doc, text, pv, sessionAt, session.length),
          message:
            `No workload of ${crName} sets ${SESSION_ENV} (${workloadLabel(w)}, ${where(ctx, w, w.podSpec ?? w.root)}), so the SDK picks a random session name and this principal never matches. ` +
            `Set ${SESSION_ENV}=${session} in the workload — but Go v2 and Java v2 ignore ${SESSION_ENV} when they read the ccoctl config file (AWS_CONFIG_FILE) and need \`role_session_name\` in the profile; trusting the role ARN instead of one session avoids this.`,
          related: workloads.map((x) => ({ at: { doc: x, node: x.podSpec ?? x.root, part: 'key' as const }, message: `${workloadLabel(x)} uses ${crName} without ${SESSION_ENV}` })),
        });
      }
      // (issue #13) Workloads that get the role from the pod identity webhook (their ServiceAccount's
      // eks.amazonaws.com/role-arn) or from their own AWS_ROLE_ARN: every SDK's web identity provider
      // reads AWS_ROLE_SESSION_NAME from the environment in that set-up, so that value is the session.
      const hookUses = ctx.ws.workloadsUsingRole(roleName, { webhookOnly: true }).filter((u) => !crWorkloads.has(u.workload));
      if (!hookUses.length) continue;
      let anySet = false;
      for (const u of hookUses) {
        const w = u.workload;
        const how = u.via === 'annotation' ? `through the \`eks.amazonaws.com/role-arn\` annotation of its ServiceAccount (${fileName(u.doc.uri)}:${lineOf(ctx, u.doc.uri, u.at.start)})` : `through its own AWS_ROLE_ARN (${fileName(u.doc.uri)}:${lineOf(ctx, u.doc.uri, u.at.start)})`;
        for (const e of sessionEnv(w)) {
          anySet = true;
          const value = str(e.value);
          if (value === undefined || trusted.has(value) || !e.value) continue;
          ctx.report({
            at: subTarget(doc, text, pv, sessionAt, session.length),
            message:
              (trusted.size > 1
                ? `${SESSION_ENV} \`${value}\` of ${workloadLabel(w)} (${where(ctx, w, e.value)}), which runs with role \`${roleName}\` ${how}, is none of ${trustedText}: `
                : `Session \`${session}\` differs from ${SESSION_ENV} \`${value}\` of ${workloadLabel(w)} (${where(ctx, w, e.value)}), which runs with role \`${roleName}\` ${how}: `) +
              `an assumed-role principal matches only that exact session, so STS will deny sts:AssumeRole. Use the same name in both (or trust the role ARN instead of one session).`,
            related: [{ at: { doc: w, node: e.value }, message: `${SESSION_ENV} of ${workloadLabel(w)}` }],
            fixes: [
              { title: `Set the trusted session to "${value}" (${SESSION_ENV} of ${str(w.name) ?? 'the workload'})`, preferred: true, edits: [{ uri: doc.uri, start: pv.start, end: pv.end, newText: jsonString(v.slice(0, sessionAt) + value) }] },
              { title: `Set ${SESSION_ENV} in ${fileName(w.uri)} to "${session}"`, edits: [yamlReplace(ctx, w, e.value, session)] },
            ],
          });
        }
      }
      if (anySet) continue;
      const w = hookUses[0]!.workload;
      ctx.report({
        at: subTarget(doc, text, pv, sessionAt, session.length),
        message:
          `No workload that runs with role \`${roleName}\` sets ${SESSION_ENV} (${workloadLabel(w)}, ${where(ctx, w, w.podSpec ?? w.root)}, gets the role ${hookUses[0]!.via === 'annotation' ? 'from its ServiceAccount\'s `eks.amazonaws.com/role-arn`' : 'from its own AWS_ROLE_ARN'}), ` +
          `so the SDK generates a session name and this principal never matches. Set ${SESSION_ENV}=${session} in the workload (every SDK's web identity provider reads it from the environment), or trust the role ARN instead of one session.`,
        related: hookUses.map((x) => ({ at: { doc: x.workload, node: x.workload.podSpec ?? x.workload.root, part: 'key' as const }, message: `${workloadLabel(x.workload)} runs with role \`${roleName}\` without ${SESSION_ENV}` })),
      });
    }
  },
};

export default rule;
