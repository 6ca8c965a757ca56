/**
 * Options of a scaffolded IRSA credential set, their defaults and their validators.
 *
 * Pure module (no `vscode`, no `fs`): the VS Code wizard, `irsa-lint init` and the tests share it.
 * Every validator returns `undefined` for a valid value or a one-line message saying what is wrong
 * and what is allowed, so it can be used directly as an InputBox `validateInput` (as you type).
 * The formats come from the engine's own domain facts, so what the wizard accepts is what the
 * linter accepts.
 */
import {
  ccoctlRoleName,
  ccoctlRoleNameFull,
  CCOCTL_ROLE_NAME_MAX,
  isDnsLabel,
  isDnsSubdomain,
  OIDC_PROVIDER_ARN,
  ROLE_NAME,
  ROLE_SESSION_NAME,
} from '../../../server/src/engine';

/** Workload kinds the wizard offers (K8S-api apps/v1, batch/v1; OS-apps apps.openshift.io/v1). */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob', 'Job', 'DeploymentConfig'] as const;
export type ScaffoldWorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Languages of the generated application code. */
export const APP_LANGUAGES = ['typescript', 'python', 'go', 'java'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

/**
 * How the destination role's trust policy names the ccoctl role:
 * - `role`: `arn:aws:iam::<A>:role/<ccoctl role>` — any session of that role (works with every SDK);
 * - `assumed-role`: `arn:aws:sts::<A>:assumed-role/<ccoctl role>/<session>` — only the session named
 *   by `AWS_ROLE_SESSION_NAME` (the guide's choice; Go v2 and Java v2 ignore that variable with a
 *   profile file, domain §5.1, so their generated code sets the session name itself).
 */
export const TRUST_PRINCIPALS = ['role', 'assumed-role'] as const;
export type TrustPrincipalKind = (typeof TRUST_PRINCIPALS)[number];

export interface ScaffoldOptions {
  /** Namespace of the workload and of the ccoctl Secret (`spec.secretRef.namespace`); DNS-1123 label. */
  namespace: string;
  /** ServiceAccount the pod runs as (`spec.serviceAccountNames[0]`); DNS-1123 subdomain. */
  serviceAccount: string;
  /** Secret ccoctl writes (`spec.secretRef.name`); also the CredentialsRequest's name; DNS-1123 subdomain. */
  secretName: string;
  /** ccoctl `--name`: prefix of the IAM role ccoctl creates (`<name>-<ns>-<secret>`, cut to 64). */
  ccoctlName: string;
  /** ccoctl `--identity-provider-arn`: the cluster's IAM OIDC provider (account A, the OpenShift account). */
  identityProviderArn: string;
  /** 12-digit id of the account that holds the destination role (account B). */
  destinationAccountId: string;
  /** Name of the destination role in account B (1–64 `[\w+=,.@-]`). */
  destinationRoleName: string;
  /** Role session name (2–64 `[\w+=,.@-]`): `AWS_ROLE_SESSION_NAME` and the session the code asks STS for. */
  roleSessionName: string;
  /** AWS region (`AWS_REGION`, `AWS_DEFAULT_REGION`). */
  region: string;
  workloadKind: ScaffoldWorkloadKind;
  /** Container image reference. */
  image: string;
  /** IAM actions the destination role allows, `service:Action` (wildcards `*`/`?` allowed). */
  actions: string[];
  language: AppLanguage;
  trustPrincipal: TrustPrincipalKind;
}

/** Region → partition and DNS suffix, as ccoctl derives the partition from the region prefix (CCOCTL-idp). */
export interface RegionInfo {
  id: string;
  description: string;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-eusc';
}

/**
 * Regions of the `aws`, `aws-cn`, `aws-us-gov` and `aws-eusc` partitions, from the endpoint
 * partitions table bundled with @aws-sdk/core 3.981.2 (`dist-cjs/submodules/client/index.js`,
 * `partitions[].regions`; the `*-global` pseudo-regions left out).
 */
export const AWS_REGIONS: readonly RegionInfo[] = [
  ...(
    [
      ['af-south-1', 'Africa (Cape Town)'],
      ['ap-east-1', 'Asia Pacific (Hong Kong)'],
      ['ap-east-2', 'Asia Pacific (Taipei)'],
      ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
      ['ap-northeast-2', 'Asia Pacific (Seoul)'],
      ['ap-northeast-3', 'Asia Pacific (Osaka)'],
      ['ap-south-1', 'Asia Pacific (Mumbai)'],
      ['ap-south-2', 'Asia Pacific (Hyderabad)'],
      ['ap-southeast-1', 'Asia Pacific (Singapore)'],
      ['ap-southeast-2', 'Asia Pacific (Sydney)'],
      ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
      ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
      ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
      ['ap-southeast-6', 'Asia Pacific (New Zealand)'],
      ['ap-southeast-7', 'Asia Pacific (Thailand)'],
      ['ca-central-1', 'Canada (Central)'],
      ['ca-west-1', 'Canada West (Calgary)'],
      ['eu-central-1', 'Europe (Frankfurt)'],
      ['eu-central-2', 'Europe (Zurich)'],
      ['eu-north-1', 'Europe (Stockholm)'],
      ['eu-south-1', 'Europe (Milan)'],
      ['eu-south-2', 'Europe (Spain)'],
      ['eu-west-1', 'Europe (Ireland)'],
      ['eu-west-2', 'Europe (London)'],
      ['eu-west-3', 'Europe (Paris)'],
      ['il-central-1', 'Israel (Tel Aviv)'],
      ['me-central-1', 'Middle East (UAE)'],
      ['me-south-1', 'Middle East (Bahrain)'],
      ['me-west-1', 'Middle East (Saudi Arabia)'],
      ['mx-central-1', 'Mexico (Central)'],
      ['sa-east-1', 'South America (Sao Paulo)'],
      ['sa-west-1', 'South America (Chile)'],
      ['us-east-1', 'US East (N. Virginia)'],
      ['us-east-2', 'US East (Ohio)'],
      ['us-west-1', 'US West (N. California)'],
      ['us-west-2', 'US West (Oregon)'],
    ] as const
  ).map(([id, description]) => ({ id, description, partition: 'aws' as const })),
  { id: 'cn-north-1', description: 'China (Beijing)', partition: 'aws-cn' },
  { id: 'cn-northwest-1', description: 'China (Ningxia)', partition: 'aws-cn' },
  { id: 'us-gov-east-1', description: 'AWS GovCloud (US-East)', partition: 'aws-us-gov' },
  { id: 'us-gov-west-1', description: 'AWS GovCloud (US-West)', partition: 'aws-us-gov' },
  { id: 'eusc-de-east-1', description: 'AWS European Sovereign Cloud (Germany)', partition: 'aws-eusc' },
];

/** Partition of a region by its prefix, as ccoctl computes it (CCOCTL-idp): `us-gov-`, `cn-`, `eusc-`, else `aws`. */
export function partitionOfRegion(region: string): RegionInfo['partition'] {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** DNS suffix of a partition (same endpoint partitions table as {@link AWS_REGIONS}). */
export function dnsSuffixOfPartition(partition: string): string {
  switch (partition) {
    case 'aws-cn':
      return 'amazonaws.com.cn';
    case 'aws-eusc':
      return 'amazonaws.eu';
    default:
      return 'amazonaws.com';
  }
}

/** Placeholder account ids from the AWS documentation: they validate but are obviously examples. */
export const PLACEHOLDER_OPENSHIFT_ACCOUNT_ID = '111122223333';
export const PLACEHOLDER_DESTINATION_ACCOUNT_ID = '444455556666';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_CCOCTL_NAME = 'irsa';
export const DEFAULT_ACTIONS: readonly string[] = ['dynamodb:GetItem', 'dynamodb:Query'];
export const DEFAULT_IMAGE = 'quay.io/example/app:latest';

// ---------------------------------------------------------------------------------------------
// Validators (value → message | undefined)
// ---------------------------------------------------------------------------------------------

export type Validator = (value: string) => string | undefined;

/** Namespace: DNS-1123 label, ≤63 (APIM `ValidateNamespaceName`). */
export const validateNamespace: Validator = (v) =>
  v === ''
    ? 'Enter a namespace.'
    : isDnsLabel(v)
      ? undefined
      : 'A namespace must be a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit.';

function subdomain(what: string): Validator {
  return (v) =>
    v === ''
      ? `Enter a ${what}.`
      : isDnsSubdomain(v)
        ? undefined
        : `A ${what} must be a DNS-1123 subdomain: at most 253 characters of a-z, 0-9, "-" and ".", each dot-separated part starting and ending with a letter or digit.`;
}

/** ServiceAccount name: DNS-1123 subdomain, ≤253 (APIM generic.go). */
export const validateServiceAccount: Validator = subdomain('service account name');
/** Secret name (`secretRef.name`): DNS-1123 subdomain, ≤253 (APIM; domain CR005). */
export const validateSecretName: Validator = subdomain('secret name');

/** ccoctl `--name`: `[\w+=,.@-]`, 1–64 — it prefixes IAM role names (CCOCTL-roles; domain CCO004). */
export const validateCcoctlName: Validator = (v) =>
  v === ''
    ? 'Enter the ccoctl --name prefix.'
    : ROLE_NAME.test(v)
      ? undefined
      : 'The ccoctl --name prefixes IAM role names: 1–64 characters of letters, digits and + = , . @ _ -.';

/** OIDC provider ARN `arn:<partition>:iam::<12 digits>:oidc-provider/<host[/path]>` (IAM-UG reference_identifiers). */
export const validateIdentityProviderArn: Validator = (v) =>
  v === ''
    ? 'Enter the ARN of the cluster\'s IAM OIDC provider.'
    : OIDC_PROVIDER_ARN.test(v)
      ? /^arn:[^:]+:iam::\d{12}:oidc-provider\/https?:/.test(v)
        ? 'Leave the scheme out: the provider part is host[/path], e.g. arn:aws:iam::111122223333:oidc-provider/my-oidc.s3.us-east-1.amazonaws.com.'
        : undefined
      : 'Expected arn:aws:iam::<12-digit account>:oidc-provider/<issuer host[/path]> (partition aws, aws-cn, aws-us-gov or aws-eusc).';

/** AWS account id: exactly 12 digits (IAM-UG reference_identifiers). */
export const validateAccountId: Validator = (v) =>
  /^\d{12}$/.test(v) ? undefined : 'An AWS account id is exactly 12 digits (keep leading zeros).';

/** IAM role name: 1–64 `[\w+=,.@-]` (IAM-model roleNameType). */
export const validateRoleName: Validator = (v) =>
  v === '' ? 'Enter a role name.' : ROLE_NAME.test(v) ? undefined : 'An IAM role name is 1–64 characters of letters, digits and + = , . @ _ -.';

/** Role session name: 2–64 `[\w+=,.@-]` (STS-model roleSessionNameType). */
export const validateSessionName: Validator = (v) =>
  ROLE_SESSION_NAME.test(v) ? undefined : 'A role session name is 2–64 characters of letters, digits and + = , . @ _ -.';

/** Region: one of {@link AWS_REGIONS}. */
export const validateRegion: Validator = (v) =>
  AWS_REGIONS.some((r) => r.id === v) ? undefined : `Unknown region "${v}"; pick one such as us-east-1 or eu-west-2.`;

/** Container image: non-empty, no whitespace (a Kubernetes image reference). */
export const validateImage: Validator = (v) =>
  v.trim() === '' ? 'Enter a container image.' : /\s/.test(v) ? 'An image reference contains no spaces.' : undefined;

/** One IAM action: `*` or `service:Action` with `*`/`?` wildcards (IAM-UG policy grammar; domain CR011). */
export const IAM_ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;

/** Splits a comma/space separated action list. Empty items are dropped. */
export function parseActions(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Comma-separated IAM actions, at least one. */
export const validateActions: Validator = (v) => {
  const list = parseActions(v);
  if (list.length === 0) return 'Enter at least one action, e.g. dynamodb:GetItem, dynamodb:Query.';
  const bad = list.find((a) => !IAM_ACTION.test(a));
  return bad ? `"${bad}" is not an IAM action; use service:Action, e.g. dynamodb:GetItem.` : undefined;
};

export const validateWorkloadKind: Validator = (v) =>
  (WORKLOAD_KINDS as readonly string[]).includes(v) ? undefined : `Workload kind must be one of ${WORKLOAD_KINDS.join(', ')}.`;
export const validateLanguage: Validator = (v) =>
  (APP_LANGUAGES as readonly string[]).includes(v) ? undefined : `Language must be one of ${APP_LANGUAGES.join(', ')}.`;
export const validateTrustPrincipal: Validator = (v) =>
  (TRUST_PRINCIPALS as readonly string[]).includes(v) ? undefined : `Trust principal must be one of ${TRUST_PRINCIPALS.join(', ')}.`;

// ---------------------------------------------------------------------------------------------
// Defaults and whole-option checks
// ---------------------------------------------------------------------------------------------

/** First 64 characters, then at least 2 (session names are 2–64). */
function sessionFrom(name: string): string {
  const s = name.slice(0, 64);
  return s.length >= 2 ? s : `${s}-session`;
}

/**
 * Fills every option not given. Only `namespace` and `serviceAccount` are required; the rest are
 * placeholders that still validate: the AWS documentation's example account ids, an OIDC provider
 * ARN shaped like the one ccoctl creates (bucket `<name>-oidc` in the region, CCOCTL-idp), and names
 * derived from the service account.
 */
export function withDefaults(partial: Partial<ScaffoldOptions> & Pick<ScaffoldOptions, 'namespace' | 'serviceAccount'>): ScaffoldOptions {
  const region = partial.region ?? DEFAULT_REGION;
  const ccoctlName = partial.ccoctlName ?? DEFAULT_CCOCTL_NAME;
  const partition = partitionOfRegion(region);
  const sa = partial.serviceAccount;
  return {
    namespace: partial.namespace,
    serviceAccount: sa,
    secretName: partial.secretName ?? `${sa}-aws`,
    ccoctlName,
    identityProviderArn:
      partial.identityProviderArn ??
      `arn:${partition}:iam::${PLACEHOLDER_OPENSHIFT_ACCOUNT_ID}:oidc-provider/${ccoctlName.toLowerCase()}-oidc.s3.${region}.${dnsSuffixOfPartition(partition)}`,
    destinationAccountId: partial.destinationAccountId ?? PLACEHOLDER_DESTINATION_ACCOUNT_ID,
    destinationRoleName: partial.destinationRoleName ?? sa.slice(0, 64),
    roleSessionName: partial.roleSessionName ?? sessionFrom(sa),
    region,
    workloadKind: partial.workloadKind ?? 'Deployment',
    image: partial.image ?? DEFAULT_IMAGE,
    actions: partial.actions ?? [...DEFAULT_ACTIONS],
    language: partial.language ?? 'typescript',
    trustPrincipal: partial.trustPrincipal ?? 'role',
  };
}

export interface OptionProblem {
  /** The option at fault. */
  field: keyof ScaffoldOptions;
  /** `error`: the set would not work or not validate; `warning`: it works but the linter will say something. */
  severity: 'error' | 'warning';
  message: string;
}

/** Account A: the account of the OIDC provider, where ccoctl creates the pod's first-hop role. */
export function openshiftAccountOf(o: Pick<ScaffoldOptions, 'identityProviderArn'>): string {
  return OIDC_PROVIDER_ARN.exec(o.identityProviderArn)?.[2] ?? PLACEHOLDER_OPENSHIFT_ACCOUNT_ID;
}

/** Partition of the set, taken from the OIDC provider ARN (IAM ARNs carry it). */
export function partitionOf(o: Pick<ScaffoldOptions, 'identityProviderArn' | 'region'>): string {
  return OIDC_PROVIDER_ARN.exec(o.identityProviderArn)?.[1] ?? partitionOfRegion(o.region);
}

/** The role ccoctl creates for this set: `<name>-<ns>-<secret>` cut to 64 (CCOCTL-roles §2.4). */
export function ccoctlRoleNameOf(o: Pick<ScaffoldOptions, 'ccoctlName' | 'namespace' | 'secretName'>): string {
  return ccoctlRoleName(o.ccoctlName, o.namespace, o.secretName);
}

/**
 * Checks every option and the combinations: the region's partition must be the OIDC provider's, and
 * a ccoctl role name over 64 characters is a warning (ccoctl cuts it; rule `ccoctl-role-name-truncated`).
 * Returns an empty list for a set that renders clean.
 */
export function checkOptions(o: ScaffoldOptions): OptionProblem[] {
  const out: OptionProblem[] = [];
  const field = (f: keyof ScaffoldOptions, v: Validator, value: string): void => {
    const m = v(value);
    if (m) out.push({ field: f, severity: 'error', message: m });
  };
  field('namespace', validateNamespace, o.namespace);
  field('serviceAccount', validateServiceAccount, o.serviceAccount);
  field('secretName', validateSecretName, o.secretName);
  field('ccoctlName', validateCcoctlName, o.ccoctlName);
  field('identityProviderArn', validateIdentityProviderArn, o.identityProviderArn);
  field('destinationAccountId', validateAccountId, o.destinationAccountId);
  field('destinationRoleName', validateRoleName, o.destinationRoleName);
  field('roleSessionName', validateSessionName, o.roleSessionName);
  field('region', validateRegion, o.region);
  field('workloadKind', validateWorkloadKind, o.workloadKind);
  field('image', validateImage, o.image);
  field('actions', validateActions, o.actions.join(','));
  field('language', validateLanguage, o.language);
  field('trustPrincipal', validateTrustPrincipal, o.trustPrincipal);
  const arn = OIDC_PROVIDER_ARN.exec(o.identityProviderArn);
  if (arn && AWS_REGIONS.some((r) => r.id === o.region) && arn[1] !== partitionOfRegion(o.region)) {
    out.push({
      field: 'region',
      severity: 'error',
      message: `Region ${o.region} is in partition ${partitionOfRegion(o.region)}, but the OIDC provider ARN is in ${arn[1]}.`,
    });
  }
  const full = ccoctlRoleNameFull(o.ccoctlName, o.namespace, o.secretName);
  if (full.length > CCOCTL_ROLE_NAME_MAX) {
    out.push({
      field: 'secretName',
      severity: 'warning',
      message: `ccoctl's role name "${full}" is ${full.length} characters; ccoctl cuts it to 64: "${ccoctlRoleNameOf(o)}". Shorten the prefix, namespace or secret name.`,
    });
  }
  return out;
}
