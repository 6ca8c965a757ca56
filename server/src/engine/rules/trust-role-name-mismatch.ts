import { looseRoleOf, matchesCcoctlSuffix } from '../domain';
import { known } from '../model/unknown';
import type { CredentialsRequest, IamPolicy, Principal } from '../model/types';
import { str } from '../parse/tree';
import { arnProblem, jsonString, subTarget } from './_iam-util';
import { fileName, lineOf, where } from './_util';
import type { DocumentRule, FixSpec, RuleContext } from './types';

/** Where to point at a CredentialsRequest: its secretRef (which the role name is made of). */
function crNode(cr: CredentialsRequest) {
  return cr.secretRef?.node ?? cr.root;
}

function crLabel(cr: CredentialsRequest): string {
  return str(cr.name) ? `CredentialsRequest \`${str(cr.name)}\`` : 'the CredentialsRequest';
}

/**
 * IAM009 (role part): an assumed-role or role principal in a trust policy must name the IAM role
 * `ccoctl aws create-iam-roles` creates for a CredentialsRequest — `<--name>-<secretRef.namespace>-
 * <secretRef.name>` cut to 64 characters (CCOCTL-roles; domain §2.4, §4.1) — and be in the account of
 * the ccoctl Secret's `role_arn`. With no `ccoctl.name` in `.irsa.yaml` the role is matched by its
 * `-<ns>-<secret>` suffix.
 */
const rule: DocumentRule = {
  id: 'trust-role-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'An assumed-role principal must name the role ccoctl creates for the CredentialsRequest.',
    details: [
      'In the guide\'s chain the workload first gets credentials for the role **ccoctl** created in the OpenShift account, then',
      'calls `sts:AssumeRole` on the destination role. The destination role\'s trust policy must therefore name that ccoctl role,',
      'whose name is derived, not chosen:',
      '',
      '```',
      '<ccoctl --name>-<spec.secretRef.namespace>-<spec.secretRef.name>      (cut to the first 64 characters)',
      '```',
      '',
      'e.g. `--name=my-namespace-creds` + secretRef `my-namespace/dev-dynamodb-reader` →',
      '`my-namespace-creds-my-namespace-dev-dynamodb-reader`. Common mistakes: using the CredentialsRequest\'s `metadata.name`,',
      'forgetting the `--name` prefix, or writing the untruncated name. A principal that names another role never matches and',
      'STS answers "…is not authorized to perform: sts:AssumeRole on resource…". The principal\'s account must also be the',
      'account of the ccoctl role (the `role_arn` in the generated Secret).',
      '',
      'Set `ccoctl: { name: … }` in `.irsa.yaml` to compare exact names; without it the role is matched by its',
      '`-<namespace>-<secret>` suffix. Trusting the role ARN (`arn:aws:iam::<account-id>:role/<ccoctl role>`) rather than a',
      'single `assumed-role/…/<session>` is more robust: it does not depend on the session name (see `session-name-mismatch`).',
      '',
      '**Fix**: use the ccoctl role name (quick fix when it is known from `.irsa.yaml` or the Secret).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (role name `<--name>-<namespace>-<name>`, cut to 64)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    for (const st of doc.statements) {
      for (const p of st.principals) {
        if (p.type !== 'AWS') continue;
        const v = String(p.value.value);
        const r = looseRoleOf(v);
        if (!r || arnProblem(v, 'principal-aws')) continue; // arn-format reports malformed ARNs and placeholders
        const matched = ctx.ws.credentialsRequestsForRole(r.roleName, doc.uri);
        if (matched.length) {
          for (const cr of matched) checkAgainstSecret(doc, p, r, cr, ctx);
          continue;
        }
        // Near misses: a CR whose `-<secretRef.namespace>-<secretRef.name>` ends the role name, but
        // with another prefix than the configured ccoctl --name, or whose metadata.name was used in
        // place of secretRef.name. Found through the index (the same
        // `rolesuffix:` keys link the two documents, so edits to either re-check this one); a role
        // that shares no such tail with any CR is someone else's role and is not reported.
        const candidates = new Set<CredentialsRequest>();
        for (let i = r.roleName.indexOf('-'); i >= 0; i = r.roleName.indexOf('-', i + 1)) {
          for (const d of ctx.ws.withKey(`rolesuffix:${r.roleName.slice(i)}`)) {
            if (d.kind !== 'credentialsRequest') continue;
            const ns = known(d.secretRef?.namespace); // (#11 pattern 4) never a templated value
            const name = known(d.secretRef?.name);
            const crName = known(d.name);
            if (ns && name && (matchesCcoctlSuffix(r.roleName, ns, name) || (crName !== undefined && matchesCcoctlSuffix(r.roleName, ns, crName)))) candidates.add(d);
          }
        }
        for (const cr of candidates) reportMismatch(doc, p, r.roleName, cr, ctx);
      }
    }
  },
};

function roleNameIndex(value: string): number {
  const i = value.indexOf(':assumed-role/');
  return i >= 0 ? i + ':assumed-role/'.length : value.lastIndexOf('/') + 1;
}

function reportMismatch(doc: IamPolicy, p: Principal, roleName: string, cr: CredentialsRequest, ctx: RuleContext): void {
  const text = ctx.text(doc.uri);
  const v = String(p.value.value);
  const ns = str(cr.secretRef?.namespace)!;
  const name = str(cr.secretRef?.name)!;
  const expected = ctx.ws.roleNameFor(cr);
  const idx = roleNameIndex(v);
  const pattern = `\`<ccoctl --name>-${ns}-${name}\``;
  let why = '';
  if (ctx.settings.ccoctlName && matchesCcoctlSuffix(roleName, ns, name)) {
    why = ` It has the right \`-${ns}-${name}\` suffix but not the ccoctl \`--name\` prefix \`${ctx.settings.ccoctlName}\` set in .irsa.yaml.`;
  } else if (str(cr.name) && roleName.includes(str(cr.name)!) && !roleName.includes(name)) {
    why = ' ccoctl builds the name from `spec.secretRef`, not from the CredentialsRequest\'s `metadata.name`.';
  } else if (expected && `${roleName}`.startsWith(expected) && roleName.length > expected.length) {
    why = ' ccoctl cuts role names to 64 characters.';
  }
  const fixes: FixSpec[] = [];
  if (expected) {
    const newArn = v.slice(0, idx) + expected + v.slice(idx + roleName.length);
    fixes.push({ title: `Use the ccoctl role name "${expected}"`, preferred: true, edits: [{ uri: doc.uri, start: p.value.start, end: p.value.end, newText: jsonString(newArn) }] });
  }
  ctx.report({
    at: subTarget(doc, text, p.value, idx, roleName.length),
    message:
      `Role \`${roleName}\` is not the role ccoctl creates for ${crLabel(cr)} (${where(ctx, cr, crNode(cr))}): ` +
      `expected ${expected ? `\`${expected}\`` : pattern} (\`<--name>-<secretRef.namespace>-<secretRef.name>\`, cut to 64 characters).${why} ` +
      'The workload acts as that role, so this trust never matches.',
    related: [{ at: { doc: cr, node: crNode(cr) }, message: `secretRef of ${crLabel(cr)}: the ccoctl role is named after it` }],
    fixes: fixes.length ? fixes : undefined,
  });
}

/** The principal matches the CR's role name; it must also agree with the ccoctl Secret's role_arn (account, and name when the prefix is unknown). */
function checkAgainstSecret(doc: IamPolicy, p: Principal, r: { account: string; roleName: string }, cr: CredentialsRequest, ctx: RuleContext): void {
  const text = ctx.text(doc.uri);
  const v = String(p.value.value);
  for (const s of ctx.ws.secretsFor(cr)) {
    const e = s.profile.get('role_arn');
    const sr = e ? looseRoleOf(e.value.trim()) : undefined;
    if (!e || !sr) continue;
    const related = [{ at: { uri: s.uri, start: e.start, end: e.end }, message: '`role_arn` of the ccoctl Secret' }];
    const secretWhere = `${fileName(s.uri)}:${lineOf(ctx, s.uri, e.start)}`;
    if (/^\d{12}$/.test(sr.account) && sr.account !== r.account) {
      const idx = v.indexOf(`::${r.account}:`) + 2;
      ctx.report({
        at: subTarget(doc, text, p.value, idx, r.account.length),
        message: `Account \`${r.account}\` differs from the account \`${sr.account}\` of the ccoctl role in the Secret's \`role_arn\` (${secretWhere}): ccoctl creates the role in the OpenShift cluster's account, so this principal names a role that does not exist there.`,
        related,
      });
    }
    if (!ctx.settings.ccoctlName && sr.roleName !== r.roleName) {
      const idx = roleNameIndex(v);
      ctx.report({
        at: subTarget(doc, text, p.value, idx, r.roleName.length),
        message: `Role \`${r.roleName}\` differs from the ccoctl role \`${sr.roleName}\` in the Secret's \`role_arn\` (${secretWhere}) for ${crLabel(cr)}: the workload acts as \`${sr.roleName}\`.`,
        related,
        fixes: [{ title: `Use the ccoctl role name "${sr.roleName}"`, preferred: true, edits: [{ uri: doc.uri, start: p.value.start, end: p.value.end, newText: jsonString(v.slice(0, idx) + sr.roleName + v.slice(idx + r.roleName.length)) }] }],
      });
    }
  }
}

export default rule;
