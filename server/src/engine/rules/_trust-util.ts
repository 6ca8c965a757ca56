/**
 * Web identity trust policies and the workloads they admit (issue #13): which subjects and audiences
 * an OIDC trust statement admits, how a workload came to use a role, and the audience its token
 * carries. Shared by trust-subject-mismatch, trust-audience-mismatch, trust-subject-unused and
 * oidc-provider-account. (Files starting with `_` are not rules.)
 */
import { looseRoleOf, parseServiceAccountSubject, POD_IDENTITY_ROLE_ARN_ANNOTATION, serviceAccountSubject, stringLikeMatches } from '../domain';
import type { CredentialsRequest, IamPolicy, PolicyStatement, RoleUse, ServiceAccount, TrustRoleName, WebIdentityCondition, Workload } from '../model/types';
import { trustRoleName } from '../model/trust';
import { isPlaceholderNode } from '../model/unknown';
import { annotatedRole, effectiveServiceAccount, envRoles } from '../model/workload';
import type { ScalarNode } from '../parse/tree';
import { str } from '../parse/tree';
import { lineOf } from './_util';
import { principalFlavor } from './_iam-util';
import { awsTokens } from './_workload-util';
import type { EditSpec, RuleContext } from './types';

/** The pod identity webhook's audience annotation on a ServiceAccount (pkg/cache: overrides `--token-audience`). */
export const WEBHOOK_AUDIENCE_ANNOTATION = POD_IDENTITY_ROLE_ARN_ANNOTATION.replace(/role-arn$/, 'audience');
/**
 * The audience the pod identity webhook puts on the token it projects when the ServiceAccount has no
 * audience annotation: its `--token-audience` flag, default `sts.amazonaws.com`
 * (aws/amazon-eks-pod-identity-webhook main.go), which is also what the cloud credential operator
 * passes on OpenShift (openshift/cloud-credential-operator bindata/v4.1.0/aws-pod-identity-webhook/deployment.yaml).
 */
export const WEBHOOK_DEFAULT_AUDIENCE = 'sts.amazonaws.com';

/**
 * Whether the values of one claim in one statement admit `value`. IAM ANDs the condition keys of a
 * statement and ORs the values of one key (IAM-UG reference_policies_condition-logic-multiple-context-keys-or-values),
 * so every (operator, key) group must have a matching value. `StringEquals` compares exactly,
 * `StringEqualsIgnoreCase` without case, `StringLike` with `*`/`?` wildcards.
 */
function groupsAdmit(conds: readonly WebIdentityCondition[], value: string): boolean {
  const groups = new Map<string, WebIdentityCondition[]>();
  for (const c of conds) {
    const k = `${c.operator}\u0000${String(c.key.value)}`;
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  for (const g of groups.values()) {
    const ok = g.some((c) => {
      const v = String(c.value.value);
      if (c.operator === 'StringLike') return stringLikeMatches(v, value);
      if (c.operator === 'StringEqualsIgnoreCase') return v.toLowerCase() === value.toLowerCase();
      return v === value;
    });
    if (!ok) return false;
  }
  return true;
}

/** The web identity conditions of a policy, by statement (statements without any keep an empty list). */
export function conditionsByStatement(p: IamPolicy): Map<PolicyStatement, WebIdentityCondition[]> {
  const out = new Map<PolicyStatement, WebIdentityCondition[]>();
  for (const c of p.webIdentity) {
    const l = out.get(c.statement);
    if (l) l.push(c);
    else out.set(c.statement, [c]);
  }
  return out;
}

/** True when the policy's web identity conditions name `claim` at all (a policy without them is someone else's check). */
export function hasClaim(p: IamPolicy, claim: 'sub' | 'aud'): boolean {
  return p.webIdentity.some((c) => c.claim === claim);
}

/** A value holding a template placeholder: the policy is not known until rendered. */
export function hasTemplatedClaim(p: IamPolicy, claim: 'sub' | 'aud'): boolean {
  return p.webIdentity.some((c) => c.claim === claim && (isPlaceholderNode(c.value) || (claim === 'sub' && unknownSubject(String(c.value.value)))));
}

/**
 * The Allow statements that trust an OIDC provider, each with its web identity conditions (a
 * statement without any keeps an empty list: it admits every subject and audience).
 */
export function oidcStatements(p: IamPolicy): WebIdentityCondition[][] {
  const by = conditionsByStatement(p);
  const out: WebIdentityCondition[][] = [];
  for (const st of p.statements) {
    if (st.effect?.kind === 'scalar' && st.effect.value === 'Deny') continue;
    if (!st.principals.some((x) => principalFlavor(x) === 'oidc')) continue;
    out.push(by.get(st) ?? []);
  }
  return out;
}

/** Whether one statement's conditions on `claim` admit `value` (no condition on the claim: any value). */
function statementAdmits(conds: readonly WebIdentityCondition[], claim: 'sub' | 'aud', value: string): boolean {
  const of = conds.filter((c) => c.claim === claim);
  return of.length === 0 || groupsAdmit(of, value);
}

/**
 * Whether the policy admits a token with subject `subject` (undefined: not known, any statement) and,
 * when given, audience `audience`: IAM evaluates each statement on all its keys together, so one
 * statement must admit both (IAM-UG reference_policies_evaluation-logic). A statement without a `:sub`
 * (or `:aud`) condition admits every value of it (oidc-principal-condition warns about the former).
 */
export function admits(p: IamPolicy, subject: string | undefined, audience?: string): boolean {
  return oidcStatements(p).some((conds) => (subject === undefined || statementAdmits(conds, 'sub', subject)) && (audience === undefined || statementAdmits(conds, 'aud', audience)));
}

/**
 * Values of a policy's web identity conditions that are another rule's finding, not a subject or an
 * audience to compare with: a `*`/`?` under an exact operator (a literal character no token carries),
 * a service-account subject under `:aud` or an audience under `:sub` (swapped keys) —
 * oidc-principal-condition reports these, and the link rules leave such a policy to it.
 */
export function hasMalformedClaim(p: IamPolicy): boolean {
  return p.webIdentity.some((c) => {
    const v = String(c.value.value);
    if (!c.like && /[*?]/.test(v)) return true;
    if (c.claim === 'aud') return v.startsWith('system:serviceaccount:');
    return !c.like && !unknownSubject(v) && !isPlaceholderNode(c.value) && parseServiceAccountSubject(v) === undefined && !v.startsWith('system:serviceaccount:');
  });
}

/**
 * The workloads that run with the policy's role, as the rules compare them: every use of the role
 * (WorkspaceQueries.workloadsUsingRole), except that when the policy names its provider's account and
 * some uses write the role ARN in that account, uses in another account are another role of the same
 * name (dev and prod accounts often reuse names; an IAM role can only trust a provider of its own
 * account) and are left out.
 */
export function usesOfPolicy(ctx: RuleContext, p: IamPolicy, roleName: string): RoleUse[] {
  const uses = ctx.ws.workloadsUsingRole(roleName);
  const accounts = new Set<string>();
  for (const st of p.statements) {
    for (const x of st.principals) {
      const m = x.type === 'Federated' ? /^arn:[^:]*:iam::(\d{12}):oidc-provider\//.exec(String(x.value.value)) : null;
      if (m) accounts.add(m[1]!);
    }
  }
  if (!accounts.size || !uses.some((u) => accounts.has(u.account))) return uses;
  return uses.filter((u) => !/^\d{12}$/.test(u.account) || accounts.has(u.account));
}

/**
 * The subject a workload's token carries: `system:serviceaccount:<namespace>:<service account>`, or
 * undefined when the namespace is not known. A workload manifest without a namespace that gets its
 * role from a ServiceAccount's annotation runs in that ServiceAccount's namespace (the webhook reads
 * the pod's service account from the pod's own namespace).
 */
export function subjectOf(ctx: RuleContext, w: Workload, use?: RoleUse): string | undefined {
  const account = use?.via === 'annotation' && use.doc.kind === 'serviceAccount' ? use.doc : undefined;
  const saNs = account && !isPlaceholderNode(account.namespace) ? ctx.ws.effectiveNamespace(account) : undefined;
  const ns = ctx.ws.effectiveNamespace(w) ?? saNs;
  const sa = effectiveServiceAccount(w);
  if (ns === undefined || isPlaceholderNode(w.serviceAccountName) || isPlaceholderNode(w.serviceAccount)) return undefined;
  return serviceAccountSubject(ns, sa);
}

/**
 * The audiences of the web identity tokens a workload presents with the role it got through `use`,
 * each with where it is written (undefined = the webhook's default), or [] when not known:
 * - through the pod identity webhook's annotation: the ServiceAccount's `eks.amazonaws.com/audience`,
 *   else the webhook's default `sts.amazonaws.com`;
 * - otherwise: the `audience` of the pod's AWS token projections (a projection without one is
 *   token-audience's finding and is left out here; a templated one is unknown).
 */
export function tokenAudiences(ctx: RuleContext, use: RoleUse): { value: string; node?: ScalarNode; doc?: Workload | ServiceAccount }[] {
  if (use.via === 'annotation' && use.doc.kind === 'serviceAccount') {
    const sa = use.doc;
    const pair = sa.annotations?.pairs.find((p) => p.key.value === WEBHOOK_AUDIENCE_ANNOTATION);
    const node = pair?.value?.kind === 'scalar' ? pair.value : undefined;
    if (node) return typeof node.value === 'string' && node.value !== '' && !isPlaceholderNode(node) ? [{ value: node.value, node, doc: sa }] : [];
    return [{ value: WEBHOOK_DEFAULT_AUDIENCE }];
  }
  const out: { value: string; node?: ScalarNode; doc?: Workload }[] = [];
  for (const { token } of awsTokens(use.workload, ctx.settings)) {
    const a = token.audience;
    if (!a || isPlaceholderNode(a)) continue;
    const v = str(a);
    if (v !== undefined && !out.some((x) => x.value === v)) out.push({ value: v, node: a, doc: use.workload });
  }
  return out;
}

/** "through the ServiceAccount `x`'s eks.amazonaws.com/role-arn (sa.yaml:4)" — the link a finding used, for messages. */
export function linkText(ctx: RuleContext, use: RoleUse): string {
  const at = `${fileOf(use.doc.uri)}:${lineOf(ctx, use.doc.uri, use.at.start)}`;
  switch (use.via) {
    case 'ccoctl-secret':
      return `through the role_arn of the ccoctl Secret \`${str((use.doc as { name?: ScalarNode }).name) ?? '?'}\` (${at})`;
    case 'annotation':
      return `through the \`${POD_IDENTITY_ROLE_ARN_ANNOTATION}\` annotation of ServiceAccount \`${str((use.doc as ServiceAccount).name) ?? '?'}\` (${at})`;
    case 'env':
      return `through its own AWS_ROLE_ARN (${at})`;
  }
}

/**
 * The role a trust policy belongs to, for the rules: `.irsa.yaml` `trustPolicies` or a CreateRole
 * `RoleName` in the file (model/trust.ts trustRoleName), else the `aws iam create-role` /
 * `update-assume-role-policy` command of a workspace script that names the file
 * (`--assume-role-policy-document file://…`, RuleContext.roleNamesFromScripts: how the EKS guide
 * creates the role), else the file name. When the scripts name the file for different roles, none of
 * them is taken (the file name, if it says, still is): a file shared by two roles is not judged
 * against one of them arbitrarily.
 */
export function trustRoleOf(ctx: RuleContext, p: IamPolicy): TrustRoleName | undefined {
  const own = trustRoleName(p, ctx.settings);
  if (own && own.source !== 'file-name') return own;
  // A script that creates the role from this file (`aws iam create-role … file://…`), when all agree.
  const cmds = ctx.roleNamesFromScripts(p.uri);
  const first = cmds[0];
  if (first && cmds.every((c) => c.roleName === first.roleName)) {
    return {
      name: first.roleName,
      source: 'script',
      script: { uri: first.scriptUri, start: first.start, end: first.end, line: ctx.line(first.scriptUri, first.start), command: first.command },
    };
  }
  // A file name is only a guess (`aws-ebs-csi-driver-trust-policy.json` belongs to
  // AmazonEKS_EBS_CSI_DriverRole): it counts when some workload runs with a role of that name.
  if (own && ctx.ws.workloadsUsingRole(own.name).length) return own;
  return roleOfSubjects(ctx, p) ?? own;
}

/**
 * The role of a trust policy that no file names, from the workloads it admits: the service accounts
 * its exact `:sub` subjects name get one role — a ServiceAccount annotated `eks.amazonaws.com/role-arn`,
 * a workload running as it with its own `AWS_ROLE_ARN` or mounting a ccoctl Secret with that
 * `role_arn`. Real repositories name their trust policies `trust-policy.json` or after a component, not
 * after the role (issue #13 check on 15 public IRSA repositories), and this is the link that remains.
 * Undefined when the subjects lead to no role or to several (ambiguous).
 */
function roleOfSubjects(ctx: RuleContext, p: IamPolicy): TrustRoleName | undefined {
  const roles = new Map<string, string>();
  for (const c of p.webIdentity) {
    if (c.claim !== 'sub' || c.like || unknownSubject(String(c.value.value))) continue;
    const sa = parseServiceAccountSubject(String(c.value.value));
    if (!sa) continue;
    const subject = `${sa.namespace}/${sa.name}`;
    for (const acc of ctx.ws.serviceAccounts(sa.name, sa.namespace)) {
      const r = annotatedRole(acc);
      if (r && !roles.has(r.roleName)) roles.set(r.roleName, subject);
    }
    for (const w of ctx.ws.workloadsRunningAs(sa.name)) {
      const ns = ctx.ws.effectiveNamespace(w);
      if (ns !== undefined && ns !== sa.namespace) continue;
      for (const r of envRoles(w)) if (!roles.has(r.roleName)) roles.set(r.roleName, subject);
      for (const cr of ctx.ws.credentialsRequestsFor(w)) {
        for (const sec of ctx.ws.secretsFor(cr)) {
          const arn = sec.profile.get('role_arn')?.value;
          const r = arn ? looseRoleOf(arn) : undefined;
          if (r && r.kind === 'role' && !roles.has(r.roleName)) roles.set(r.roleName, subject);
        }
      }
    }
  }
  if (roles.size !== 1) return undefined;
  const [[name, subject]] = [...roles];
  return { name: name!, source: 'subject', subject: subject! };
}

/**
 * A `:sub` value that is an example or an unexpanded shell variable, not a subject:
 * `system:serviceaccount:<NAMESPACE>:<SA>`, `…:$namespace:$sa`, `${NS}` (a `$` or `<` is never part of
 * a Kubernetes name: apimachinery validation.go, DNS-1123).
 */
export function unknownSubject(v: string): boolean {
  return /[$<>{}]/.test(v);
}

/**
 * Why this file is the trust policy of the role, for messages: "its file name says so", "its `RoleName`
 * says so", "the `aws iam create-role` command of deploy.sh:3 says so", ….
 */
export function roleNameSource(role: TrustRoleName): string {
  switch (role.source) {
    case 'role-document':
      return 'its `RoleName` says so';
    case 'config':
      return '`.irsa.yaml` trustPolicies says so';
    case 'script':
      return role.script ? `the \`aws iam ${role.script.command}\` command of ${fileOf(role.script.uri)}:${role.script.line} says so` : 'a script says so';
    case 'subject':
      return `its \`:sub\` admits \`${role.subject}\`, which runs with that role`;
    default:
      return 'its file name says so';
  }
}

function fileOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * An edit that adds `value` to the list of the condition key whose value is `first` (a lone string
 * becomes a two-item list), in the policy's JSON: `"a"` → `["a", "b"]`, `["a"]` → `["a", "b"]`.
 * Computed from the policy tree's offsets and its decoded values, never from the file's raw text: in
 * a string-held policy (IAM CreateRole `AssumeRolePolicyDocument`) the raw text of `"a"` is `\"a\"`,
 * and the edit is re-encoded into the string as policy text (parse/embedded.ts encodeEmbeddedEdits).
 */
export function addConditionValueEdit(p: IamPolicy, cond: WebIdentityCondition, value: string): EditSpec | undefined {
  const v = cond.value.parent?.kind === 'seq' ? cond.value.parent : cond.value;
  if (v.kind === 'scalar') return { uri: p.uri, start: v.start, end: v.end, newText: `[${JSON.stringify(String(v.value))}, ${JSON.stringify(value)}]` };
  if (v.kind === 'seq' && v.items.length) {
    const last = v.items[v.items.length - 1]!;
    return { uri: p.uri, start: last.end, end: last.end, newText: `, ${JSON.stringify(value)}` };
  }
  return undefined;
}

/** What trust-subject-mismatch compares: the policy's role, and each subject no statement admits with the workloads that carry it. */
export interface SubjectCheck {
  role: TrustRoleName;
  missing: Map<string, RoleUse[]>;
  /** Exact `:sub` subjects that no workload of the workspace runs as (see runningAs). */
  unused: WebIdentityCondition[];
}

/**
 * The subjects of the workloads that run with the policy's role and that no statement admits, or
 * undefined when the policy is not compared at all: no `:sub`, a templated or malformed one
 * (oidc-principal-condition's), no known role. Workloads that another rule already judges are left
 * out (one finding per mistake): those of the CredentialsRequest whose ccoctl role this is
 * (ccoctl-trust-policy-mismatch compares the policy with the request), and those that mount a ccoctl
 * Secret while running as a service account its request does not list (service-account-mismatch).
 */
export function subjectCheck(ctx: RuleContext, doc: IamPolicy, ccoctlRequest: CredentialsRequest | undefined): SubjectCheck | undefined {
  if (!hasClaim(doc, 'sub') || hasTemplatedClaim(doc, 'sub') || hasMalformedClaim(doc)) return undefined;
  const role = trustRoleOf(ctx, doc);
  if (!role) return undefined;
  const missing = new Map<string, RoleUse[]>();
  for (const use of usesOfPolicy(ctx, doc, role.name)) {
    if (use.via === 'ccoctl-secret') {
      const crs = ctx.ws.credentialsRequestsFor(use.workload);
      if (ccoctlRequest && crs.includes(ccoctlRequest)) continue;
      const account = effectiveServiceAccount(use.workload);
      if (crs.length && !crs.some((cr) => cr.serviceAccountNames.some((n) => str(n) === account))) continue;
    }
    const subject = subjectOf(ctx, use.workload, use);
    if (subject === undefined || admits(doc, subject)) continue;
    const l = missing.get(subject);
    if (l) l.push(use);
    else missing.set(subject, [use]);
  }
  // A statement without `:sub` admits everyone (oidc-principal-condition's warning): no subject of
  // the policy is then "the" one a workload needs, and none is reported as unused.
  const open = oidcStatements(doc).some((conds) => !conds.some((c) => c.claim === 'sub'));
  const unused = open ? [] : doc.webIdentity.filter((c) => {
    if (c.claim !== 'sub' || c.like || isPlaceholderNode(c.value)) return false;
    const sa = parseServiceAccountSubject(String(c.value.value));
    return sa !== undefined && runningAs(ctx, sa.namespace, sa.name).length === 0;
  });
  return { role, missing, unused };
}

/**
 * One missing subject and one subject no workload uses: a renamed service account (or a typo) — one
 * mistake, reported once by trust-subject-mismatch with a "replace" fix; trust-subject-unused skips it.
 */
export function renamedSubject(check: SubjectCheck): { subject: string; uses: RoleUse[]; stale: WebIdentityCondition } | undefined {
  if (check.missing.size !== 1 || check.unused.length !== 1) return undefined;
  const [[subject, uses]] = [...check.missing];
  return { subject: subject!, uses: uses!, stale: check.unused[0]! };
}

/** Workloads that run as `namespace/name` (a workload without a known namespace counts for any). */
export function runningAs(ctx: RuleContext, namespace: string, name: string): Workload[] {
  return ctx.ws.workloadsRunningAs(name).filter((w) => {
    const ns = ctx.ws.effectiveNamespace(w);
    return ns === undefined || ns === namespace;
  });
}
