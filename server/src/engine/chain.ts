/**
 * The role chain an application in an IRSA pod walks, derived from the workspace model:
 *
 *   projected token (web identity token file) ──AssumeRoleWithWebIdentity──▶ ccoctl role (account A)
 *     ──AssumeRole (role chaining, ≤ 3600 s)──▶ destination role (account B)
 *
 * The SDK code generator turns an {@link IrsaChain} into refresh-aware client code. Pure: no fs.
 */
import { parseRoleArn, ROLE_SESSION_NAME } from './domain';
import { envVar } from './classify';
import type { CredentialsRequest, IamPolicy, IrsaDocument, Workload } from './model/types';
import { str } from './parse/tree';
import { principalRoles } from './model/principals';
import type { WorkspaceView } from './workspace/view';

/** Where the guide (and the scaffold) mount the ccoctl Secret's `credentials` key: AWS_CONFIG_FILE. */
export const DEFAULT_CONFIG_FILE = '/var/run/secrets/cloud/credentials';
/** ccoctl's fixed `web_identity_token_file` (CCOCTL-const, domain.md §2.7). */
export const DEFAULT_TOKEN_FILE = '/var/run/secrets/openshift/serviceaccount/token';
/** STS AssumeRole `DurationSeconds` lower bound (STS-model, domain.md §4.4). */
export const MIN_DURATION_SECONDS = 900;
/** Role chaining caps the chained session at one hour; more fails with ValidationError (domain.md §4.4). */
export const CHAINED_MAX_DURATION_SECONDS = 3600;
/**
 * botocore's refresh window, seconds: `RefreshableCredentials._advisory_refresh_timeout` (15 min; it
 * blocks callers from `_mandatory_refresh_timeout`, 10 min) and `CachedCredentialFetcher`'s
 * `DEFAULT_EXPIRY_WINDOW_SECONDS` (15 min) — boto/botocore botocore/credentials.py, the same in
 * Debian's 1.29.27 and 1.43.11. Both treat credentials with less than this left as due for refresh.
 */
export const BOTOCORE_REFRESH_WINDOW_SECONDS = 900;
/**
 * Smallest `durationSeconds` the code generator accepts: 1800 s = 2 × {@link BOTOCORE_REFRESH_WINDOW_SECONDS}.
 * A session of D seconds is used for D − 900 s before botocore fetches the next one, so STS's own
 * minimum (900) makes the generated Python call AssumeRole on every request (a fresh credential
 * already has less than 15 min left), and anything just above 900 almost as often. From 1800 on each
 * credential serves at least as long as the window itself (≥ 15 min, ≤ 4 AssumeRole calls an hour).
 * The JS v3 (5 min) and Go/Java (5 min) windows are smaller, so the bound holds for every language.
 */
export const GENERATED_MIN_DURATION_SECONDS = 2 * BOTOCORE_REFRESH_WINDOW_SECONDS;
/** AWS region names such as `eu-west-2`, `us-gov-west-1`, `cn-north-1`. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The second hop of the chain and how the pod reaches it. */
export interface IrsaChain {
  /** Role in the destination account that the app assumes (the CredentialsRequest's `sts:AssumeRole` resource). */
  destinationRoleArn: string;
  /** Session name of both hops; the destination trust policy may pin `assumed-role/<ccoctl role>/<this>`. 2–64 `[\w+=,.@-]`. */
  roleSessionName: string;
  /** AWS region of the STS and service endpoints, e.g. `eu-west-2`. */
  region: string;
  /**
   * Chained session length in seconds: STS accepts 900–3600 with role chaining; the generator needs
   * {@link GENERATED_MIN_DURATION_SECONDS}–3600 (botocore's 15-minute refresh window).
   */
  durationSeconds: number;
  /** AWS_CONFIG_FILE: the mounted ccoctl `credentials` file. Default {@link DEFAULT_CONFIG_FILE}. */
  configFile?: string;
  /** The web identity token file named in that config (informational; the code reads it from the config). */
  tokenFile?: string;
  /** The ccoctl-created role (first hop), when known (informational; the code reads it from the config). */
  sourceRoleArn?: string;
}

/**
 * Problems that make a chain unusable, as messages (empty when valid): a role ARN that is not one,
 * a session name outside 2–64 `[\w+=,.@-]` (STS-model), `durationSeconds` outside 900–3600 (role
 * chaining) or below {@link GENERATED_MIN_DURATION_SECONDS} (botocore would refresh on (almost) every
 * request), a region that is not a region name, a relative or quoted config path.
 */
export function validateChain(chain: IrsaChain): string[] {
  const out: string[] = [];
  if (!parseRoleArn(chain.destinationRoleArn)) out.push(`destinationRoleArn "${chain.destinationRoleArn}" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)`);
  if (chain.sourceRoleArn !== undefined && !parseRoleArn(chain.sourceRoleArn)) out.push(`sourceRoleArn "${chain.sourceRoleArn}" is not an IAM role ARN`);
  if (!ROLE_SESSION_NAME.test(chain.roleSessionName)) out.push(`roleSessionName "${chain.roleSessionName}" must be 2–64 characters of [\\w+=,.@-] (STS RoleSessionName)`);
  if (!REGION.test(chain.region)) out.push(`region "${chain.region}" is not an AWS region name such as eu-west-2`);
  if (!Number.isInteger(chain.durationSeconds) || chain.durationSeconds < MIN_DURATION_SECONDS || chain.durationSeconds > CHAINED_MAX_DURATION_SECONDS) {
    out.push(
      `durationSeconds ${chain.durationSeconds} must be an integer from ${MIN_DURATION_SECONDS} to ${CHAINED_MAX_DURATION_SECONDS}: ` +
        'a role assumed with role credentials is limited to one hour (role chaining)',
    );
  } else if (chain.durationSeconds < GENERATED_MIN_DURATION_SECONDS) {
    out.push(
      `durationSeconds ${chain.durationSeconds} is below ${GENERATED_MIN_DURATION_SECONDS}: botocore refreshes credentials ` +
        `${BOTOCORE_REFRESH_WINDOW_SECONDS / 60} minutes before they expire, so a session of ${chain.durationSeconds} s is replaced after ` +
        `${chain.durationSeconds - BOTOCORE_REFRESH_WINDOW_SECONDS} s${chain.durationSeconds === MIN_DURATION_SECONDS ? ' (an AssumeRole call on every request)' : ''}`,
    );
  }
  for (const [k, v] of [['configFile', chain.configFile], ['tokenFile', chain.tokenFile]] as const) {
    if (v !== undefined && !/^\/[^\s"'`\\$]*$/.test(v)) out.push(`${k} "${v}" must be an absolute path without spaces, quotes, backslashes or $`);
  }
  return out;
}

/** `sts:AssumeRole` (or `sts:*` / `*`) allowed on a concrete role ARN by some statement entry. */
function destinationRoleOf(cr: CredentialsRequest): string | undefined {
  for (const e of cr.statementEntries) {
    if (str(e.effect) !== 'Allow') continue;
    const allows = e.actions.some((a) => /^(sts:assumerole|sts:\*|\*)$/i.test(String(a.value)));
    const resource = str(e.resource);
    if (allows && resource && parseRoleArn(resource)) return resource;
  }
  return undefined;
}

function envValue(w: Workload, name: string): string | undefined {
  for (const c of w.containers) {
    const v = envVar(c, name);
    const s = v ? str(v.value) : undefined;
    if (s) return s;
  }
  return undefined;
}

/** CredentialsRequests a document belongs to, by the same links the cross-file rules use. */
function credentialsRequestsOf(ws: WorkspaceView, doc: IrsaDocument): CredentialsRequest[] {
  switch (doc.kind) {
    case 'credentialsRequest':
      return [doc];
    case 'workload':
      return ws.credentialsRequestsFor(doc);
    case 'ccoctlSecret': {
      const ns = str(doc.namespace);
      const name = str(doc.name);
      return ns && name ? ws.credentialsRequestsForSecret(ns, name) : name ? ws.credentialsRequestsForSecretName(name) : [];
    }
    case 'serviceAccount': {
      const name = str(doc.name);
      const ns = str(doc.namespace);
      if (!name) return [];
      return ws.withKey(ns ? `sa:${ns}/${name}` : `saname:${name}`).filter((d): d is CredentialsRequest => d.kind === 'credentialsRequest');
    }
    case 'iamPolicy': {
      const out: CredentialsRequest[] = [];
      for (const r of principalRoles(doc)) for (const cr of ws.credentialsRequestsForRole(r.roleName)) if (!out.includes(cr)) out.push(cr);
      return out;
    }
    case 'kustomization':
      return [];
  }
}

/**
 * The chain for the set `doc` belongs to (a CredentialsRequest, workload, ccoctl Secret, service
 * account or trust policy), or undefined when no linked CredentialsRequest allows `sts:AssumeRole` on
 * a concrete destination role ARN (CR020 territory: there is no second hop to generate code for).
 *
 * - destinationRoleArn: the CR's `sts:AssumeRole` statement `resource`.
 * - roleSessionName: the linked workload's `AWS_ROLE_SESSION_NAME`, else the session pinned by a trust
 *   policy principal `assumed-role/<ccoctl role>/<session>`, else the CR's `secretRef.name` (the
 *   guide's convention).
 * - region: `AWS_REGION`, else `AWS_DEFAULT_REGION` of the workload, else `us-east-1` (the JS SDK's
 *   STS default region, domain.md §5.2).
 * - configFile: the workload's `AWS_CONFIG_FILE`; tokenFile / sourceRoleArn: the linked ccoctl Secret.
 * - durationSeconds: 3600, the role-chaining maximum.
 */
export function irsaChainFor(ws: WorkspaceView, doc: IrsaDocument): IrsaChain | undefined {
  for (const cr of credentialsRequestsOf(ws, doc)) {
    const destinationRoleArn = destinationRoleOf(cr);
    if (!destinationRoleArn) continue;
    const workloads = doc.kind === 'workload' ? [doc] : ws.workloadsFor(cr);
    const env = (name: string): string | undefined => {
      for (const w of workloads) {
        const v = envValue(w, name);
        if (v) return v;
      }
      return undefined;
    };
    const trusts: IamPolicy[] = doc.kind === 'iamPolicy' && doc.policyType === 'trust' ? [doc, ...ws.trustPoliciesFor(cr)] : ws.trustPoliciesFor(cr);
    // The ccoctl role as the trust policies name it: exact with a known prefix or Secret, else by the
    // `-<ns>-<secret>` suffix ccoctl gives every role name (domain.md §2.4).
    const roleName = ws.roleNameFor(cr);
    const isCcoctlRole = (name: string): boolean => (roleName ? name === roleName : ws.credentialsRequestsForRole(name).includes(cr));
    const principals = trusts.flatMap(principalRoles).filter((r) => isCcoctlRole(r.roleName));
    const pinnedSession = principals.find((r) => r.kind === 'assumed-role' && r.sessionName && ROLE_SESSION_NAME.test(r.sessionName))?.sessionName;
    const secret = ws.secretsFor(cr)[0];
    const sourceRoleArn = secret?.profile.get('role_arn')?.value;
    const tokenFile = secret?.profile.get('web_identity_token_file')?.value;
    const chain: IrsaChain = {
      destinationRoleArn,
      roleSessionName: env('AWS_ROLE_SESSION_NAME') ?? pinnedSession ?? str(cr.secretRef?.name) ?? 'irsa-session',
      region: env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-east-1',
      durationSeconds: CHAINED_MAX_DURATION_SECONDS,
      configFile: env('AWS_CONFIG_FILE') ?? DEFAULT_CONFIG_FILE,
    };
    if (tokenFile) chain.tokenFile = tokenFile;
    if (sourceRoleArn && parseRoleArn(sourceRoleArn)) chain.sourceRoleArn = sourceRoleArn;
    else {
      // The trust policy names the ccoctl role with its account: rebuild its ARN.
      const r = principals.find((p) => /^\d{12}$/.test(p.account));
      if (r) chain.sourceRoleArn = `arn:aws:iam::${r.account}:role/${r.roleName}`;
    }
    return chain;
  }
  return undefined;
}
