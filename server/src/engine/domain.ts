/**
 * Facts of the field, as code: name formats, ARN formats and the ccoctl role-name derivation.
 * Every constant cites its source (keys from the domain fact sheet).
 */
import partitionData from './data/aws-partitions.json';

/** DNS-1123 label: ≤63, `[a-z0-9]([-a-z0-9]*[a-z0-9])?` — namespaces, volume and container names (APIM). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;
/** DNS-1123 subdomain: ≤253, `label(\.label)*` — Secret, ServiceAccount and most object names (APIM). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX = 253;

export function isDnsLabel(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}
export function isDnsSubdomain(s: string): boolean {
  return s.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(s);
}

/** IAM role names: 1–64 characters of `[\w+=,.@-]` (IAM-model roleNameType). */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const ROLE_NAME_MAX = 64;
/** Role session names: 2–64 characters of `[\w+=,.@-]` (STS-model roleSessionNameType). */
export const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Every AWS partition, the first field of an ARN: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`,
 * `aws-iso-e`, `aws-iso-f`, `aws-eusc`. Kept as data (data/aws-partitions.json) with its source, the
 * partitions.json the AWS SDKs share (aws/aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json
 * @685ff5d0; botocore data/partitions.json). ccoctl itself derives `aws-us-gov`, `aws-cn`, `aws-eusc` or `aws`
 * from the region (CCOCTL-idp), but ARNs written by hand for the ISO partitions are just as valid.
 */
export const PARTITIONS: readonly string[] = partitionData.partitions.map((p) => p.id);
const P = `(${PARTITIONS.join('|')})`;

/**
 * The partition of a region name (`us-gov-west-1` → `aws-us-gov`, `cn-north-1` → `aws-cn`,
 * `eu-west-2` → `aws`), by the regionRegex of each partition in data/aws-partitions.json (copied
 * from the SDKs' partitions.json); undefined for a name no partition claims.
 */
export function partitionOfRegion(region: string): string | undefined {
  return partitionData.partitions.find((p) => new RegExp(p.regionRegex).test(region))?.id;
}

/** Role ARN, optionally with a path (IAM-UG reference_identifiers). */
export const ROLE_ARN = new RegExp(`^arn:${P}:iam::(\\d{12}):role/((?:[\\x21-\\x7E]*/)?)([\\w+=,.@-]{1,64})$`);
/** Assumed-role session ARN: `arn:aws:sts::<acct>:assumed-role/<role-name>/<session>` (no path). */
export const ASSUMED_ROLE_ARN = new RegExp(`^arn:${P}:sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})$`);
/** IAM OIDC provider ARN: host[/path], no scheme. */
export const OIDC_PROVIDER_ARN = new RegExp(`^arn:${P}:iam::(\\d{12}):oidc-provider/(\\S+)$`);
export const ACCOUNT_ID = /^\d{12}$/;

export interface ParsedRoleArn {
  partition: string;
  account: string;
  path: string;
  roleName: string;
}
export interface ParsedSessionArn {
  partition: string;
  account: string;
  roleName: string;
  sessionName: string;
}

export function parseRoleArn(arn: string): ParsedRoleArn | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { partition: m[1]!, account: m[2]!, path: m[3]!, roleName: m[4]! } : undefined;
}

export function parseAssumedRoleArn(arn: string): ParsedSessionArn | undefined {
  const m = ASSUMED_ROLE_ARN.exec(arn);
  return m ? { partition: m[1]!, account: m[2]!, roleName: m[3]!, sessionName: m[4]! } : undefined;
}

/**
 * Loose split of anything that looks like an IAM/STS role ARN, valid or not, so cross-file rules
 * can still compare names when the ARN itself is malformed (e.g. a placeholder account).
 */
export function looseRoleOf(arn: string): { kind: 'role' | 'assumed-role'; account: string; roleName: string; sessionName?: string } | undefined {
  const a = /^arn:[^:]*:sts::([^:]*):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (a) return { kind: 'assumed-role', account: a[1]!, roleName: a[2]!, sessionName: a[3]! };
  const r = /^arn:[^:]*:iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (r) return { kind: 'role', account: r[1]!, roleName: r[2]! };
  return undefined;
}

/** Placeholders authors leave in copied examples: `<account id>`, `${ACCOUNT}`, `account`, `XXXXXXXXXXXX`. */
export function looksLikePlaceholder(s: string): boolean {
  return /<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|:(account|ACCOUNT|acct|account[-_]?id|x{12}|X{12}):/.test(s) || /^(x{12}|X{12})$/.test(s);
}

/** The providerSpec kind `ccoctl aws` accepts; anything else stops it with "is not of type AWS" (CCOCTL-roles createRole). */
export const AWS_PROVIDER_SPEC_KIND = 'AWSProviderSpec';

/**
 * `spec.providerSpec.kind` values of CredentialsRequests for clouds other than AWS, with the cloud
 * they are for. Sources: openshift/cloud-credential-operator pkg/apis/cloudcredential/v1/register.go
 * (registered: AWS, Azure, GCP, IBMCloud, IBMCloudPowerVS, Nutanix, VSphere, Kubevirt provider specs)
 * and types_openstack.go / types_ovirt.go (OpenStackProviderSpec, OvirtProviderSpec, matched by name in
 * pkg/operator/credentialsrequest/credentialsrequest_controller.go crInfraMatches); openshift/oc
 * pkg/cli/admin/release/extract.go credRequestCloudProviderSpecKindMapping (adds AlibabaCloudProviderSpec,
 * the `--cloud=alibabacloud` kind of older releases). These requests are valid: `oc adm release extract
 * --credentials-requests --cloud=aws` leaves them out of what `ccoctl aws` reads, and only one cloud's
 * requests are used on a cluster (crInfraMatches).
 */
export const OTHER_CLOUD_PROVIDER_SPEC_KINDS: Readonly<Record<string, string>> = {
  AzureProviderSpec: 'Azure',
  GCPProviderSpec: 'GCP',
  IBMCloudProviderSpec: 'IBM Cloud',
  IBMCloudPowerVSProviderSpec: 'IBM Power VS',
  NutanixProviderSpec: 'Nutanix',
  VSphereProviderSpec: 'vSphere',
  KubevirtProviderSpec: 'KubeVirt',
  OpenStackProviderSpec: 'OpenStack',
  OvirtProviderSpec: 'oVirt',
  AlibabaCloudProviderSpec: 'Alibaba Cloud',
};

/**
 * Folder names that say "this is a ccoctl `--credentials-requests-dir`": the names OpenShift's docs and
 * ccoctl's own README give the folder `oc adm release extract --credentials-requests --to=<dir>` writes
 * (`--to=./credrequests`, `--to=./credreqs`: openshift/cloud-credential-operator docs/ccoctl.md) and the
 * spellings of the flag `--credentials-requests-dir` itself. Compared case-insensitively.
 */
export const CCOCTL_INPUT_DIR_NAMES: readonly string[] = ['credrequests', 'credreqs', 'credentials-requests', 'credentialsrequests', 'credential-requests'];

/** True when a folder name (last path segment, no slash) is one of {@link CCOCTL_INPUT_DIR_NAMES}. */
export function isCcoctlInputDirName(name: string): boolean {
  return CCOCTL_INPUT_DIR_NAMES.includes(name.toLowerCase());
}

/** ccoctl truncates role names to the first 64 bytes, with no uniqueness suffix (CCOCTL-roles §2.4). */
export const CCOCTL_ROLE_NAME_MAX = 64;

/**
 * The IAM role name `ccoctl aws create-iam-roles` creates for a CredentialsRequest:
 * `<--name>-<spec.secretRef.namespace>-<spec.secretRef.name>`, cut to 64 characters (CCOCTL-roles).
 */
export function ccoctlRoleName(prefix: string, secretNamespace: string, secretName: string): string {
  return `${prefix}-${secretNamespace}-${secretName}`.slice(0, CCOCTL_ROLE_NAME_MAX);
}

/** The untruncated name, for reporting truncation. */
export function ccoctlRoleNameFull(prefix: string, secretNamespace: string, secretName: string): string {
  return `${prefix}-${secretNamespace}-${secretName}`;
}

/**
 * True when `roleName` could be the ccoctl role of a CredentialsRequest whose prefix is unknown:
 * the name ends with `-<ns>-<secret>` (or is the 64-char truncation of some `<prefix>-<ns>-<secret>`).
 */
export function matchesCcoctlSuffix(roleName: string, secretNamespace: string, secretName: string): boolean {
  const suffix = `-${secretNamespace}-${secretName}`;
  if (roleName.endsWith(suffix) && roleName.length > suffix.length) return true;
  return false;
}

/** The token path ccoctl always writes into the Secret, whatever `cloudTokenPath` says (CCOCTL-const OidcTokenPath). */
export const CCOCTL_TOKEN_PATH = '/var/run/secrets/openshift/serviceaccount/token';
/** The dry-run placeholder line ccoctl appends to the Secret (CCOCTL-roles). */
export const CCOCTL_DRY_RUN_PLACEHOLDER = 'POPULATE ROLE ARN AND DELETE THIS LINE';
/** Audiences ccoctl's OIDC provider accepts (ClientIDList, CCOCTL-idp). */
export const CCOCTL_AUDIENCES = ['openshift', 'sts.amazonaws.com'];
/** ServiceAccount annotation read by the pod identity webhook (WEBHOOK, CCO-webhook): the role ARN to inject. */
export const POD_IDENTITY_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Projected token lifetime bounds, seconds (K8S-val): at least 10 minutes, at most 2^32. */
export const TOKEN_EXPIRATION_MIN = 600;
export const TOKEN_EXPIRATION_MAX = 4294967296;
export const TOKEN_EXPIRATION_DEFAULT = 3600;

/** IAM condition operators (IAM-UG reference_policies_elements_condition_operators). */
export const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
] as const;

/** True for `[ForAllValues:|ForAnyValue:]<operator>[IfExists]`, with no `NullIfExists` (IAM-UG). */
export function isConditionOperator(op: string): boolean {
  const m = /^(?:ForAllValues:|ForAnyValue:)?([A-Za-z]+?)(IfExists)?$/.exec(op);
  if (!m) return false;
  const base = m[1]!;
  if (!(CONDITION_OPERATORS as readonly string[]).includes(base)) return false;
  return !(base === 'Null' && m[2]);
}

/** IAM policy Version values (IAM-UG reference_policies_elements_version). */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];

/** `kustomization.yaml`, `kustomization.yml` or `Kustomization` (kustomize api/konfig/general.go RecognizedKustomizationFileNames). */
export function isKustomizationFileName(uri: string): boolean {
  const path = uri.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'kustomization.yaml' || base === 'kustomization.yml' || base === 'Kustomization';
}

/**
 * The `sub` claim of a Kubernetes service account token: `system:serviceaccount:<namespace>:<name>`
 * (kubernetes pkg/serviceaccount/util.go MakeUsername; EKS IRSA trust policy example). Returns the
 * namespace and name, or undefined for any other form (GitHub Actions `repo:…`, a typo).
 */
export function parseServiceAccountSubject(sub: string): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

/** The `sub` claim of the token of service account `namespace/name` (see {@link parseServiceAccountSubject}). */
export function serviceAccountSubject(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * IAM `StringLike` matching: `*` matches any run of characters (also none), `?` exactly one; every
 * other character is literal and the match is case-sensitive (IAM-UG
 * reference_policies_elements_condition_operators.html#Conditions_String). Linear in
 * `pattern.length × value.length` at worst (no backtracking regex).
 */
export function stringLikeMatches(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * The role name a trust policy file's name announces, or undefined: `<role>-trust-policy.json`,
 * `<role>_trust.json`, `<role>-trust-relationship.json`, `<role>-assume-role-policy.json`,
 * `trust-policy-<role>.json`. A bare `trust-policy.json` names no role. The name is only a candidate:
 * it links the policy to a workload only when another file names a role of exactly that name.
 */
export function trustRoleNameFromFileName(fileName: string): string | undefined {
  const base = fileName.replace(/\.json$/i, '');
  const suffix = /^(.+?)[-_.](?:trust(?:[-_.]?(?:policy|relationship|document|doc))?|assume[-_.]?role[-_.]?policy(?:[-_.]?document)?)$/i.exec(base);
  const prefix = /^(?:trust(?:[-_.]?(?:policy|relationship))?|assume[-_.]?role[-_.]?policy)[-_.](.+)$/i.exec(base);
  const name = suffix?.[1] ?? prefix?.[1];
  return name !== undefined && ROLE_NAME.test(name) ? name : undefined;
}
