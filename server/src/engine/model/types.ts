/**
 * The IRSA model: what each classified document means, with the tree nodes each fact came from so
 * findings, hovers and renames can point at exact ranges.
 */
import type { MapNode, ScalarNode, TreeNode } from '../parse/tree';
import type { ParsedDocument } from '../parse/types';

/** A document of a file, as located by the engine. `id` is `<uri>#<index>`. */
export interface DocRef {
  id: string;
  uri: string;
  /** 0-based index of the document in a multi-document YAML file. */
  index: number;
  doc: ParsedDocument;
  root: MapNode;
}

/** A `cloudcredential.openshift.io/v1` CredentialsRequest (CCO-types, CCO-CRD). */
export interface CredentialsRequest extends DocRef {
  kind: 'credentialsRequest';
  apiVersion?: ScalarNode;
  kindNode?: ScalarNode;
  name?: ScalarNode;
  namespace?: ScalarNode;
  spec?: MapNode;
  /** `spec.secretRef`: names the Secret ccoctl writes, and (with the `--name` prefix) the IAM role. */
  secretRef?: { node: MapNode; name?: ScalarNode; namespace?: ScalarNode };
  /** `spec.serviceAccountNames[]`: the only subjects the ccoctl trust policy's `:sub` condition admits. */
  serviceAccountNames: ScalarNode[];
  serviceAccountNamesNode?: TreeNode;
  providerSpec?: MapNode;
  /**
   * Which cloud the request is for, from `spec.providerSpec.kind`: `aws` for `AWSProviderSpec`, a near
   * miss of it (`awsProviderSpec`) or no kind at all (an AWS request with a mistake that
   * cr-provider-spec-kind reports); `other` for a kind of another cloud that the CCO API defines
   * (domain OTHER_CLOUD_PROVIDER_SPEC_KINDS); `unknown` for any other kind. Only `aws` requests are
   * `ccoctl aws` input, so only they are judged by the AWS, IAM and ccoctl rules.
   */
  cloud: 'aws' | 'other' | 'unknown';
  /** `spec.providerSpec.kind` when it is a string. */
  providerKind?: string;
  /** `spec.providerSpec.statementEntries[]` (AWSProviderSpec). */
  statementEntries: StatementEntry[];
  statementEntriesNode?: TreeNode;
  cloudTokenPath?: ScalarNode;
  stsIAMRoleARN?: ScalarNode;
}

/** One `statementEntries` item: `effect`, `action` (a list), `resource` (one string), `policyCondition`. */
export interface StatementEntry {
  node: TreeNode;
  effect?: TreeNode;
  action?: TreeNode;
  /** String items of `action` (non-strings are left out; the schema reports them). */
  actions: ScalarNode[];
  resource?: TreeNode;
  policyCondition?: TreeNode;
}

/** One `key = value` line of the ccoctl `credentials` INI file. */
export interface IniEntry {
  section: string;
  key: string;
  value: string;
  /** Offsets in the file of the value (or of the whole `credentials` value when it cannot be located, e.g. base64 `data`). */
  start: number;
  end: number;
  /** Offsets of the whole `key = value` line when located. */
  lineStart: number;
  lineEnd: number;
  /** True when start/end point at the value itself (stringData), false when they cover the whole encoded value. */
  exact: boolean;
}

/** The Secret that `ccoctl aws create-iam-roles` writes to `manifests/<ns>-<name>-credentials.yaml` (CCOCTL-roles §2.7). */
export interface CcoctlSecret extends DocRef {
  kind: 'ccoctlSecret';
  name?: ScalarNode;
  namespace?: ScalarNode;
  /** `stringData.credentials` or `data.credentials` (base64). */
  credentialsNode: TreeNode;
  encoding: 'stringData' | 'data';
  /** Decoded INI text, or undefined when `data` is not valid base64. */
  credentialsText?: string;
  entries: IniEntry[];
  /** First `[default]` (or only) profile entries by key. */
  profile: Map<string, IniEntry>;
}

export interface ServiceAccount extends DocRef {
  kind: 'serviceAccount';
  name?: ScalarNode;
  namespace?: ScalarNode;
  annotations?: MapNode;
}

export interface EnvVar {
  node: MapNode;
  name?: ScalarNode;
  /** `value` (a literal); `valueFrom` is kept as a node only. */
  value?: TreeNode;
  valueFrom?: TreeNode;
}

export interface VolumeMount {
  node: MapNode;
  name?: ScalarNode;
  mountPath?: ScalarNode;
  subPath?: ScalarNode;
}

export interface Container {
  node: MapNode;
  name?: ScalarNode;
  /** `initContainers` entry. */
  init: boolean;
  mounts: VolumeMount[];
  env: EnvVar[];
  envNode?: TreeNode;
  mountsNode?: TreeNode;
}

/** `volumes[].projected.sources[].serviceAccountToken` (K8S-api core/v1). */
export interface TokenProjection {
  node: MapNode;
  /** Defaults to the API server's audience when absent, which STS rejects. */
  audience?: ScalarNode;
  /** Seconds; Kubernetes rejects < 600 and > 2^32; defaults to 3600. */
  expirationSeconds?: ScalarNode;
  /** File name relative to the volume's mountPath. */
  path?: ScalarNode;
}

export interface Volume {
  node: MapNode;
  name?: ScalarNode;
  secret?: {
    node: MapNode;
    secretName?: ScalarNode;
    items: { node: MapNode; key?: ScalarNode; path?: ScalarNode }[];
    defaultMode?: ScalarNode;
    optional?: ScalarNode;
  };
  projected?: { node: MapNode; tokens: TokenProjection[]; sources?: TreeNode };
}

export type WorkloadKind =
  | 'Pod'
  | 'PodTemplate'
  | 'ReplicationController'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob'
  | 'DeploymentConfig';

/** A pod-bearing object; the pod spec is taken from the path its kind defines (K8S-api, OS-apps). */
export interface Workload extends DocRef {
  kind: 'workload';
  workloadKind: WorkloadKind;
  apiVersion?: ScalarNode;
  name?: ScalarNode;
  namespace?: ScalarNode;
  podSpec?: MapNode;
  /** Where the pod spec lives in this kind, e.g. `['spec','template','spec']`. */
  podSpecPath: string[];
  serviceAccountName?: ScalarNode;
  /** Deprecated alias `serviceAccount` (core/v1 `DeprecatedServiceAccount`). */
  serviceAccount?: ScalarNode;
  volumes: Volume[];
  volumesNode?: TreeNode;
  containers: Container[];
  containersNode?: TreeNode;
  /**
   * StatefulSet `spec.volumeClaimTemplates[].metadata.name`: each claim is a volume of the pod that
   * containers mount by that name (K8S-api apps/v1 StatefulSetSpec: "Every claim in this list must
   * have at least one matching (by name) volumeMount in one container in the template").
   */
  claimTemplateNames: ScalarNode[];
  /**
   * Why this document, read alone, is not a whole object (undefined when nothing says so): a
   * strategic-merge patch or an asset fragment that kustomize or an operator's code merges into a
   * base. Such a pod spec may mount volumes and lack fields that the base supplies (issue #11
   * pattern 5). Cross-file evidence (a kustomization.yaml listing the file under `patches`) is
   * added by the workspace view, see `WorkspaceView.partialReason`.
   */
  partial?: string;
}

/**
 * A kustomization file (kustomize recognises `kustomization.yaml`, `kustomization.yml` and
 * `Kustomization` by name: kubernetes-sigs/kustomize api/konfig/general.go), with the fields that
 * change how the files it lists must be read (api/types/kustomization.go): `resources` (files and
 * base folders), `patches[].path` / `patchesStrategicMerge[]` (patch files, not whole objects) and
 * `namespace` (set on every resource it emits). Paths are resolved against the file's folder to
 * URIs; a folder URI ends in `/`.
 */
export interface Kustomization extends DocRef {
  kind: 'kustomization';
  namespace?: ScalarNode;
  /** Resource files (URIs). */
  resourceFiles: string[];
  /** Resource folders (other kustomizations, the bases), URIs ending in `/`. */
  resourceDirs: string[];
  /** Strategic-merge patch files with their `target` selector, when given. */
  patches: { uri: string; targetKind?: string; targetName?: string }[];
}

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser' | '*';

export interface Principal {
  type: PrincipalType;
  /** The string value (an ARN, account id, service or `*`). */
  value: ScalarNode;
}

export interface PolicyStatement {
  node: MapNode;
  sid?: ScalarNode;
  effect?: TreeNode;
  action?: TreeNode;
  notAction?: TreeNode;
  /** String items of Action/NotAction. */
  actions: ScalarNode[];
  principal?: TreeNode;
  notPrincipal?: TreeNode;
  principals: Principal[];
  resource?: TreeNode;
  notResource?: TreeNode;
  condition?: TreeNode;
}

/**
 * One value of an `<issuer>:sub` or `<issuer>:aud` condition of an Allow statement that trusts a
 * Federated OIDC provider (`arn:…:oidc-provider/<issuer>`): what the web identity token must carry
 * (IAM-UG reference_policies_iam-condition-keys, "Available keys for IAM OIDC federation").
 * Negated operators (`StringNotEquals`, `StringNotLike`) are left out: they admit, not name.
 */
export interface WebIdentityCondition {
  claim: 'sub' | 'aud';
  /** The provider path the key names, as written before `:sub` (`oidc.eks.eu-west-2.amazonaws.com/id/ABC`). */
  issuer: string;
  /** The condition operator without a `ForAnyValue:`/`ForAllValues:` prefix (`StringEquals`, `StringLike`). */
  operator: string;
  /** True under `StringLike`: `*` and `?` in `value` are wildcards. */
  like: boolean;
  key: ScalarNode;
  value: ScalarNode;
  statement: PolicyStatement;
}

/**
 * The IAM role a trust policy file belongs to, when a file says so: `RoleName` of the IAM CreateRole
 * input that `ccoctl aws create-iam-roles --dry-run` writes (`05-<n>-<role name>-role.json`,
 * create-iam-roles.go roleFilenameFormat), or the policy file's own name (`<role name>-trust-policy.json`);
 * the latter only links when another file names a role of exactly that name. `script`: an `aws iam
 * create-role` / `update-assume-role-policy` command of a shell script names the file
 * (`--assume-role-policy-document file://trust.json`, parse/script.ts awsRolePolicyFiles); it wins over
 * the file name, `config` and `role-document` win over it (rules/_trust-util.ts trustRoleOf).
 * `subject`: nothing says, but the service accounts the policy's `:sub` admits all run with one role.
 */
export interface TrustRoleName {
  name: string;
  /** `config`: `.irsa.yaml` `trustPolicies` (see IrsaSettings.trustPolicies), which wins over the others. */
  source: 'role-document' | 'file-name' | 'config' | 'script' | 'subject';
  /** For 'subject': the service account `namespace/name` whose role it is. */
  subject?: string;
  /** The `RoleName` value, for 'role-document'. */
  node?: ScalarNode;
  /**
   * For 'script': the command that names the file — the script's URI, the offsets (UTF-16 code units)
   * of its `--role-name` value, that value's 1-based line, and which command it is.
   */
  script?: { uri: string; start: number; end: number; line: number; command: 'create-role' | 'update-assume-role-policy' };
}

/**
 * An IAM policy document (JSON). A trust policy has a Principal and STS actions; an identity policy
 * has no Principal; `resource` is any other resource-based policy (S3, ECR, KMS …), which only the
 * general policy rules check (IAM-UG policy grammar).
 */
export interface IamPolicy extends DocRef {
  kind: 'iamPolicy';
  policyType: 'trust' | 'identity' | 'resource';
  version?: TreeNode;
  statementNode?: TreeNode;
  statements: PolicyStatement[];
  /** `:sub`/`:aud` values of statements trusting an OIDC provider (trust policies; empty otherwise). */
  webIdentity: WebIdentityCondition[];
  /** The role this is the trust policy of, when known (see {@link TrustRoleName}). */
  roleName?: TrustRoleName;
  /** Set when the policy is the `AssumeRolePolicyDocument` of an IAM CreateRole input (see {@link CreateRoleInput}). */
  createRole?: CreateRoleInput;
}

/**
 * The IAM CreateRole input around a trust policy (`aws iam create-role --cli-input-json`; what
 * `ccoctl aws create-iam-roles --dry-run` writes to `05-<n>-<role name>-role.json`:
 * `{"AssumeRolePolicyDocument": "<policy JSON text>", "Description": "OpenShift role for <ns>/<secret>",
 * "RoleName": "<name>-<ns>-<secret>" cut to 64, "Tags": [...]}`, create-iam-roles.go createRole).
 */
export interface CreateRoleInput {
  /** The CreateRole input object (the document's root). */
  node: MapNode;
  roleName?: ScalarNode;
  description?: ScalarNode;
  /**
   * The `AssumeRolePolicyDocument` string when the policy is held as JSON text (as ccoctl writes it):
   * the policy's offsets are mapped through its escapes, and fixes in it are re-encoded
   * (parse/embedded.ts). Undefined when the policy is written as a JSON object.
   */
  literal?: ScalarNode;
}

/**
 * How a workload gets a web identity role (see WorkspaceQueries.workloadsUsingRole): `doc` is the
 * file that names the role (the ccoctl Secret, the ServiceAccount, or the workload itself) and `at`
 * the offsets of the role ARN in it.
 */
export interface RoleUse {
  workload: Workload;
  via: 'ccoctl-secret' | 'annotation' | 'env';
  doc: IrsaDocument;
  at: { start: number; end: number };
  arn: string;
  /** The ARN's account as written (12 digits when valid). */
  account: string;
}

export type IrsaDocument = CredentialsRequest | CcoctlSecret | ServiceAccount | Workload | IamPolicy | Kustomization;
export type IrsaKind = IrsaDocument['kind'];

/** The model type of a kind: `DocumentOfKind<'workload'>` is {@link Workload}. */
export type DocumentOfKind<K extends IrsaKind> = Extract<IrsaDocument, { kind: K }>;
