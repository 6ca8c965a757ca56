/**
 * (issue #15) From a parsed AWS error to the ranked causes: the findings of the linter on the chain(s)
 * the error names that explain it, then what the user must check in AWS (outside the files), then —
 * when no finding explains it — the places in the files the error names (the trust policy of its role,
 * the workload that gets that role) as lower-ranked causes. Pure: reads the engine's {@link Workspace}.
 */
import { str } from '../parse/tree';
import type { IamPolicy, Principal, RoleUse } from '../model/types';
import type { Range } from '../types';
import type { Workspace } from '../workspace/workspace';
import type { ErrorFamily, ParsedAwsError } from './parse';

/**
 * One cause of an AWS error. In the files: `uri` and `range` (zero-based, as findings), and `ruleId`
 * when a finding of that rule is the cause; outside the files (`outsideFiles: true`): what to check in
 * AWS, no place. `rank` is 1-based, in the order to check.
 */
export interface ExplainCause {
  rank: number;
  summary: string;
  ruleId?: string;
  uri?: string;
  range?: Range;
  outsideFiles: boolean;
  /**
   * False for a finding listed although it is not on the chain the error names: the error names a
   * role, session or issuer that no file of the workspace has, and the finding is of a rule that would
   * explain the error on some other chain. Such causes come after the checks in AWS and do not count
   * as a cause found in the files (`irsa-lint explain` exits 1).
   */
  linked?: false;
}

/**
 * Rules whose findings explain each family, most direct first. Why each: the rule's own page
 * (docs/rules/<id>.md) names the error it prevents; e.g. trust-subject-mismatch: STS compares the
 * token's `sub` with the trust policy's `:sub` condition and answers AccessDenied "Not authorized to
 * perform sts:AssumeRoleWithWebIdentity" when it differs (IAM User Guide, id_roles_create_for-idp_oidc).
 */
export const EXPLAINING_RULES: Readonly<Record<ErrorFamily, readonly string[]>> = {
  'web-identity-denied': [
    'trust-subject-mismatch',
    'service-account-mismatch',
    'trust-audience-mismatch',
    'oidc-provider-account',
    'oidc-principal-condition',
    'ccoctl-trust-policy-mismatch',
    'namespace-mismatch',
    'cr-service-account-names',
    'trust-action-principal-mismatch',
    'secret-role-name-mismatch',
    'eks-role-arn-annotation',
    'trust-policy-shape',
    'iam-action-required',
    'placeholder-account-id',
  ],
  'incorrect-audience': ['token-audience', 'trust-audience-mismatch'],
  'no-oidc-provider': ['oidc-provider-account', 'placeholder-account-id', 'arn-format'],
  'verification-key': [],
  'idp-communication': [],
  'expired-token': [
    'one-shot-assume-role',
    'expired-token-retry',
    'web-identity-token-read-once',
    'credential-provider-expiration',
    'assume-role-uncached',
    'token-expiration',
    'temporary-credentials-master',
  ],
  'assume-role-denied': [
    'session-name-mismatch',
    'code-session-name-mismatch',
    'trust-role-name-mismatch',
    'cr-assume-role-permission',
    'trust-action-principal-mismatch',
    'ccoctl-role-name-truncated',
    'role-session-name-format',
    'placeholder-account-id',
  ],
  'role-chaining-duration': ['role-chaining-duration'],
  'region-disabled': ['sts-regional-endpoints', 'region-env', 'sts-client-region'],
  'missing-region': ['region-env', 'sts-client-region'],
  'no-credentials': [
    'missing-token-volume',
    'aws-config-file-path',
    'sdk-web-identity-version',
    'java-sdk-sts-module',
    'sdk-load-config',
    'volume-mount-references',
    'token-path-mismatch',
    'secret-volume-shape',
    'webhook-env-override',
    'mixed-credential-sources',
    'env-var-names',
    'cr-secret-ref',
    'secret-matches-secret-ref',
  ],
};

/** Families of errors from AssumeRoleWithWebIdentity: their cause is a web identity trust policy. */
const WEB_IDENTITY_FAMILIES: ReadonlySet<ErrorFamily> = new Set(['web-identity-denied', 'incorrect-audience', 'no-oidc-provider', 'verification-key', 'idp-communication']);

/**
 * The explaining rules of `e`, most direct first. An ExpiredTokenException of AssumeRoleWithWebIdentity
 * (`Token expired: current date/time … must be before the expiration date/time …`, STS's message about
 * the web identity token's `exp`: e.g. envoyproxy/envoy test/extensions/common/aws
 * AssumeRoleCredentialsProviderTest.ExpiredTokenException) is about the token, not about session
 * credentials: the rules about reading the token come first.
 */
function rulesFor(e: ParsedAwsError): readonly string[] {
  const rules = EXPLAINING_RULES[e.family];
  if (e.family !== 'expired-token' || !(e.operation === 'AssumeRoleWithWebIdentity' || /Token expired: current date\/time/i.test(e.message))) return rules;
  const token = ['web-identity-token-read-once', 'token-expiration'];
  return [...token, ...rules.filter((r) => !token.includes(r))];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** The account an error concerns, for the sentences about AWS (`the account`, when none is named). */
function accountOf(e: ParsedAwsError): string {
  return e.accountIds.length ? `account ${e.accountIds[e.accountIds.length - 1]}` : 'the account';
}

/**
 * What the user must check in AWS for each family; none of it is in the files. Sources:
 * OIDC providers and their client IDs: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html;
 * the issuer's discovery document and keys must be public: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
 * and ccoctl's S3 bucket (https://github.com/openshift/cloud-credential-operator/blob/master/docs/ccoctl.md);
 * IDPCommunicationError is transient or the issuer unreachable (STS API AssumeRoleWithWebIdentity, Errors);
 * STS regions: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html;
 * the pod identity webhook injects at pod creation only (https://github.com/aws/amazon-eks-pod-identity-webhook README).
 */
function outsideCauses(e: ParsedAwsError): string[] {
  const acct = accountOf(e);
  const role = e.roleName ? `role \`${e.roleName}\`` : 'the role';
  const issuer = e.issuer ? `\`${e.issuer}\`` : 'the cluster\'s OIDC issuer';
  switch (e.family) {
    case 'web-identity-denied':
      return [
        `In AWS, the trust policy of ${role} may differ from the file (it takes effect only once applied: \`aws iam update-assume-role-policy\`); compare it with \`aws iam get-role --role-name ${e.roleName ?? '<role>'}\`.`,
        `The IAM OIDC provider that the trust policy's \`Federated\` principal names must exist in ${acct} for ${issuer}.`,
      ];
    case 'incorrect-audience':
      return [`The IAM OIDC provider for ${issuer} in ${acct} does not list the token's audience as a client ID: check \`aws iam get-open-id-connect-provider\` and add it with \`aws iam add-client-id-to-open-id-connect-provider\`.`];
    case 'no-oidc-provider':
      return [`No IAM OIDC provider for ${issuer} exists in ${acct} (the account of ${role}): create it there (\`ccoctl aws create-identity-provider\` or \`aws iam create-open-id-connect-provider\`), with the issuer URL exactly as the token's \`iss\`.`];
    case 'verification-key':
      return [`AWS could not fetch the signing keys of ${issuer}: its \`/.well-known/openid-configuration\` and the \`jwks_uri\` it names must be publicly readable over HTTPS (for ccoctl, the S3 bucket or its CloudFront distribution).`];
    case 'idp-communication':
      return [`STS could not reach the identity provider ${issuer} (a transient network error, or the issuer's hosting is down or not reachable from the internet): retry a limited number of times, then check that the issuer URL answers over HTTPS.`];
    case 'expired-token':
      return ['STS compares the token\'s and the credentials\' expiry with its own clock: a node clock that is off makes fresh tokens look expired (check NTP on the node).'];
    case 'assume-role-denied':
      return [
        `In AWS, ${role} must exist${e.accountIds.length ? ` in ${acct}` : ''} and its trust policy there (not only the file) must admit the caller${e.callerRoleName ? ` \`${e.callerRoleName}\`` : ''}${e.sessionName ? ` with session \`${e.sessionName}\`` : ''}: \`aws iam get-role --role-name ${e.roleName ?? '<role>'}\`.`,
        `The calling role${e.callerRoleName ? ` \`${e.callerRoleName}\`` : ''} needs an identity policy allowing \`sts:AssumeRole\` on ${e.roleName ? `\`${e.arns.find((a) => a.endsWith(`:role/${e.roleName}`)) ?? e.roleName}\`` : 'the destination role'} (for ccoctl roles: the CredentialsRequest's statementEntries, applied by \`ccoctl aws create-iam-roles\`).`,
      ];
    case 'region-disabled':
      return [`STS is not activated in ${e.region ? `region ${e.region}` : 'the region called'} for ${acct}: activate it in the IAM console (Account settings → Security Token Service endpoints), or call STS in an active region.`];
    case 'no-credentials':
      return ['The pod identity webhook injects AWS_ROLE_ARN and the token only when a pod is created: pods created before the ServiceAccount was annotated (or before the webhook ran) have no credentials until they are restarted.'];
    case 'missing-region':
    case 'role-chaining-duration':
      return [];
  }
}

/**
 * The ranked causes of `error` in `ws`.
 * @param ws the workspace with every file loaded (findings are computed here if they were not yet).
 * @param error from {@link parseAwsError}.
 * @param options.uris the files whose findings count (default: every file of the workspace).
 * @returns causes with `rank` 1…n: explaining findings (those on the chain the error names first,
 *   then by the family's rule order, severity, file and position), then outside causes, then the places
 *   the error names when no finding explains it.
 */
export function explainError(ws: Workspace, error: ParsedAwsError, options: { uris?: readonly string[] } = {}): ExplainCause[] {
  const rules = rulesFor(error);
  const ruleRank = new Map(rules.map((r, i) => [r, i]));
  const uris = options.uris ?? ws.uris();
  const chain = chainUris(ws, error);
  const names = [error.roleName, error.callerRoleName, error.sessionName].filter((n): n is string => !!n);
  const hasChain = names.length > 0 || !!error.issuer;

  // An error of AssumeRoleWithWebIdentity is about the role the pod's token is exchanged for: a trust
  // policy that trusts no OIDC provider (the destination role's, whose principal is an AWS role) cannot
  // cause it, whatever its findings (a missing Action there breaks the next hop, not this one).
  const notWebIdentityTrust = WEB_IDENTITY_FAMILIES.has(error.family)
    ? new Set(ws.view.all('iamPolicy').filter((p) => p.policyType === 'trust' && oidcPrincipals(p).length === 0 && p.webIdentity.length === 0).map((p) => p.uri))
    : new Set<string>();
  const found: { cause: Omit<ExplainCause, 'rank'>; onChain: boolean; order: number; severity: number }[] = [];
  for (const uri of uris) {
    if (notWebIdentityTrust.has(uri)) continue;
    for (const f of ws.findings(uri)) {
      const order = ruleRank.get(f.ruleId);
      if (order === undefined) continue;
      const onChain = chain.has(uri) || names.some((n) => f.message.includes(`\`${n}\``));
      found.push({
        cause: { summary: f.message, ruleId: f.ruleId, uri, range: f.range, outsideFiles: false },
        onChain,
        order,
        severity: SEVERITY_ORDER[f.severity],
      });
    }
  }
  // When the error names a role, session or issuer that the workspace has files of, findings off that
  // chain are about another set and are left out; when the workspace has none of its files (the role
  // is spelled differently in them), every explaining finding is kept.
  const kept = hasChain && chain.size > 0 ? found.filter((x) => x.onChain) : found;
  kept.sort(
    (a, b) =>
      Number(b.onChain) - Number(a.onChain) ||
      a.order - b.order ||
      a.severity - b.severity ||
      (a.cause.uri! < b.cause.uri! ? -1 : a.cause.uri! > b.cause.uri! ? 1 : 0) ||
      a.cause.range!.start.line - b.cause.range!.start.line ||
      a.cause.range!.start.character - b.cause.range!.start.character,
  );

  const causes: Omit<ExplainCause, 'rank'>[] = [];
  const unlinked = hasChain && chain.size === 0;
  if (!unlinked) causes.push(...kept.map((x) => x.cause));
  for (const s of outsideCauses(error)) causes.push({ summary: s, outsideFiles: true });
  if (unlinked) {
    // The error names a role, session or issuer that no file has (found in review: an AssumeRole denial
    // for another account's role ranked three other sets' findings first, and exited 0). What the
    // files hold may still be the same mistake under another name: listed after the checks in AWS.
    const named = [error.roleName, error.callerRoleName, error.sessionName, error.issuer].filter((n): n is string => !!n).map((n) => `\`${n}\``).join(', ');
    for (const x of kept) causes.push({ ...x.cause, summary: `Not linked to ${named} (no file of the workspace names it); the same kind of mistake elsewhere: ${x.cause.summary}`, linked: false });
  }
  if (kept.length === 0) causes.push(...namedPlaces(ws, error));
  return causes.map((c, i) => ({ rank: i + 1, ...c }));
}

/** Trust policies of `roleName` (by RoleName, file name, `.irsa.yaml` or script). */
function trustPoliciesOfRole(ws: Workspace, roleName: string): IamPolicy[] {
  return ws.view.all('iamPolicy').filter((p) => p.policyType === 'trust' && p.roleName?.name === roleName);
}

/** The `Federated` OIDC provider principals of a trust policy: the value node and the issuer path after `oidc-provider/`. */
function oidcPrincipals(p: IamPolicy): { node: Principal['value']; host: string }[] {
  const out: { node: Principal['value']; host: string }[] = [];
  for (const st of p.statements) {
    for (const pr of st.principals) {
      const v = str(pr.value);
      const m = v ? /:oidc-provider\/(.+)$/.exec(v) : null;
      if (pr.type === 'Federated' && m) out.push({ node: pr.value, host: m[1]! });
    }
  }
  return out;
}

/**
 * Trust policies that trust an OIDC provider: of the issuer `issuer` (`https://` dropped) when given,
 * else every one (the error names no issuer, so any web identity trust of the workspace may be it).
 */
function trustPoliciesOfIssuer(ws: Workspace, issuer: string | undefined): IamPolicy[] {
  const host = issuer?.replace(/^https:\/\//, '').replace(/\/+$/, '');
  return ws.view.all('iamPolicy').filter((p) => p.policyType === 'trust' && (host === undefined ? oidcPrincipals(p).length > 0 || p.webIdentity.length > 0 : oidcPrincipals(p).some((x) => x.host === host) || p.webIdentity.some((c) => c.issuer === host)));
}

/**
 * The files of the chain(s) the error names: for each role it names, its trust policies, the
 * workloads that get it and the files that link them (ccoctl Secret, ServiceAccount), its
 * CredentialsRequests with their Secrets and workloads; the trust policies of the issuer it names;
 * and any file whose text names the role, the session or the caller role (application code).
 */
function chainUris(ws: Workspace, e: ParsedAwsError): Set<string> {
  const out = new Set<string>();
  const v = ws.view;
  for (const role of [e.roleName, e.callerRoleName]) {
    if (!role) continue;
    for (const p of trustPoliciesOfRole(ws, role)) out.add(p.uri);
    for (const u of v.workloadsUsingRole(role)) {
      out.add(u.workload.uri);
      out.add(u.doc.uri);
    }
    for (const cr of v.credentialsRequestsForRole(role)) {
      out.add(cr.uri);
      for (const s of v.secretsFor(cr)) out.add(s.uri);
      for (const w of v.workloadsFor(cr)) out.add(w.uri);
      for (const p of v.trustPoliciesFor(cr)) out.add(p.uri);
    }
  }
  if (e.issuer) for (const p of trustPoliciesOfIssuer(ws, e.issuer)) out.add(p.uri);
  const words = [e.roleName, e.callerRoleName, e.sessionName].filter((n): n is string => !!n && n.length >= 3);
  if (words.length) {
    for (const uri of ws.uris()) {
      const text = ws.text(uri);
      if (text && words.some((w) => new RegExp(`(^|[^A-Za-z0-9+=,.@_-])${w.replace(/[.+]/g, '\\$&')}($|[^A-Za-z0-9+=,.@_-])`).test(text))) out.add(uri);
    }
  }
  return out;
}

/** Offsets → zero-based range in `uri` (undefined when the workspace has no text for it). */
function rangeOf(ws: Workspace, uri: string, start: number, end: number): Range | undefined {
  const td = ws.textDocument(uri);
  if (!td) return undefined;
  return { start: td.positionAt(start), end: td.positionAt(end) };
}

/**
 * The places the error names, when no finding explains it: the trust policy of its role (at the
 * `Principal` of its first statement that has one), the trust policies of its issuer, and the file
 * that gives a workload that role (the Secret's `role_arn`, the ServiceAccount annotation, the env).
 */
function namedPlaces(ws: Workspace, e: ParsedAwsError): Omit<ExplainCause, 'rank'>[] {
  const out: Omit<ExplainCause, 'rank'>[] = [];
  const seen = new Set<string>();
  const policyPlace = (p: IamPolicy, why: string, at?: Principal['value']): void => {
    const st = p.statements.find((s) => s.principal) ?? p.statements[0];
    const node = at ?? st?.principal ?? st?.node ?? p.root;
    const range = rangeOf(ws, p.uri, node.start, node.end);
    const key = `${p.uri}#${node.start}`;
    if (!range || seen.has(key)) return;
    seen.add(key);
    out.push({ summary: why, uri: p.uri, range, outsideFiles: false });
  };
  if (e.roleName) {
    for (const p of trustPoliciesOfRole(ws, e.roleName)) {
      policyPlace(p, `The trust policy of role \`${e.roleName}\`, which the error names: no finding explains the error, so compare its Principal and Condition with the caller${e.sessionName ? ` (session \`${e.sessionName}\`)` : ''} and with the copy in AWS.`);
    }
  }
  if (e.issuer || (!e.roleName && WEB_IDENTITY_FAMILIES.has(e.family))) {
    for (const p of trustPoliciesOfIssuer(ws, e.issuer)) {
      const federated = oidcPrincipals(p)[0];
      const role = p.roleName ? ` of role \`${p.roleName.name}\`` : '';
      const why = e.issuer
        ? `This trust policy${role} trusts the OIDC provider of \`${e.issuer}\`, which the error names: its account and issuer must be those of the provider in AWS.`
        : `This trust policy${role} trusts the OIDC provider${federated ? ` \`${str(federated.node)}\`` : ''}: the error is about a web identity token sent to STS for a role like this one.`;
      policyPlace(p, why, federated?.node);
    }
  }
  const uses: RoleUse[] = [];
  for (const role of [e.roleName, e.callerRoleName]) if (role) uses.push(...ws.view.workloadsUsingRole(role));
  for (const u of uses) {
    const range = rangeOf(ws, u.doc.uri, u.at.start, u.at.end);
    const key = `${u.doc.uri}#${u.at.start}`;
    if (!range || seen.has(key)) continue;
    seen.add(key);
    const w = `${u.workload.workloadKind} \`${str(u.workload.name) ?? '?'}\``;
    out.push({ summary: `${w} gets role \`${u.arn.split('/').pop()}\` here (${u.via === 'ccoctl-secret' ? 'ccoctl Secret `role_arn`' : u.via === 'annotation' ? 'ServiceAccount annotation' : 'AWS_ROLE_ARN'}): the error is about this workload's credentials.`, uri: u.doc.uri, range, outsideFiles: false });
  }
  return out;
}
