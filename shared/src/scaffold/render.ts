/**
 * `renderScaffold(options) → files`: the complete IRSA credential set for one workload, as text.
 *
 * Pure (no `vscode`, no `fs`): the VS Code command `IRSA: New Credential Set…`, `irsa-lint init`
 * and the tests all call it and write the result themselves. The set it renders validates with zero
 * findings in the engine (test/unit/scaffold.test.ts checks every workload kind).
 *
 * The chain it wires (domain.md §2, §3, §5):
 * projected token (audience `openshift`) → ccoctl Secret `[default]` profile (`role_arn`,
 * `web_identity_token_file`) via `AWS_CONFIG_FILE` → AssumeRoleWithWebIdentity into the ccoctl role
 * `<name>-<ns>-<secret>` in account A → AssumeRole into the destination role in account B, allowed by
 * the CredentialsRequest's `sts:AssumeRole` statement and by the destination role's trust policy.
 *
 * Values are escaped for the format they land in (YAML scalars through the `yaml` package, JSON
 * through JSON.stringify, shell words through {@link shellQuote}); file names are reduced to safe
 * characters, so even unvalidated options cannot write outside the chosen folder or inject syntax.
 */
import { stringify as yamlStringify } from 'yaml';
import { CCOCTL_TOKEN_PATH } from '../../../server/src/engine';
import { InvalidChainError, renderSdkCode } from '../codegen';
import type { IrsaChain } from '../../../server/src/engine';
import { ccoctlRoleNameOf, openshiftAccountOf, partitionOf, ScaffoldOptions, ScaffoldWorkloadKind } from './options';
import { shellComment, shellQuote } from './shell';

/** One file of the set. `path` is relative to the chosen folder, `/`-separated. */
export interface ScaffoldFile {
  path: string;
  content: string;
  /** One line for the wizard's summary and README.md. */
  description: string;
  /** Set the executable bit when written to disk (`ccoctl.sh`). */
  executable?: boolean;
}

/** Where ccoctl's Secret is mounted; `AWS_CONFIG_FILE` is this + `/credentials` (domain WL008). */
export const SECRET_MOUNT_PATH = '/var/run/secrets/cloud';
/** Token mount directory; + `/token` is ccoctl's `web_identity_token_file` (CCOCTL-const, domain WL007). */
export const TOKEN_MOUNT_PATH = CCOCTL_TOKEN_PATH.slice(0, CCOCTL_TOKEN_PATH.lastIndexOf('/'));
export const TOKEN_FILE_NAME = CCOCTL_TOKEN_PATH.slice(CCOCTL_TOKEN_PATH.lastIndexOf('/') + 1);
/** OpenShift's audience for the projected token; ccoctl's OIDC provider accepts it (CCOCTL-idp, domain §6). */
export const TOKEN_AUDIENCE = 'openshift';
/** Seconds; OpenShift STS clusters use 3600 and the kubelet rotates at 80% (domain §3.1, §6). */
export const TOKEN_EXPIRATION_SECONDS = 3600;
export const TOKEN_VOLUME_NAME = 'bound-sa-token';
export const SECRET_VOLUME_NAME = 'aws-credentials';
export const CONTAINER_NAME = 'app';
/** ccoctl's output directory; it writes `manifests/<ns>-<secret>-credentials.yaml` below it (CCOCTL-roles §2.7). */
export const CCOCTL_OUTPUT_DIR = 'outputs';
export const CREDREQUESTS_DIR = 'credrequests';

// ---------------------------------------------------------------------------------------------
// Small format helpers
// ---------------------------------------------------------------------------------------------

/** A YAML scalar for `value`, quoted only when YAML would otherwise read something else. */
function y(value: string | number | boolean): string {
  return yamlStringify(value, { lineWidth: 0, blockQuote: false }).replace(/\n$/, '');
}

function indent(lines: string[], n: number): string[] {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l === '' ? l : pad + l));
}

/** A file-name component: only `[A-Za-z0-9._-]`, no leading dot, never empty. */
export function safeFileName(s: string): string {
  const out = s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return out === '' ? 'unnamed' : out.slice(0, 100);
}

/**
 * A DNS-1123 label of at most `max` characters made from `s` (dots become dashes). Object names of
 * workloads: CronJob names must leave room for the Job suffix (≤52), StatefulSet names end up in
 * pod host names (labels, ≤63) (K8S-val).
 */
export function dnsLabelFrom(s: string, max: number): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return out === '' ? 'app' : out;
}

/** Everything the templates need, derived once from the options. */
export interface ScaffoldNames {
  /** ccoctl role in account A (`<prefix>-<ns>-<secret>`, cut to 64). */
  ccoctlRoleName: string;
  ccoctlRoleArn: string;
  /** `arn:…:sts::<A>:assumed-role/<ccoctl role>/<session>`: the session the SDK opens with the token. */
  ccoctlSessionArn: string;
  openshiftAccountId: string;
  partition: string;
  destinationRoleArn: string;
  workloadName: string;
  /** Relative paths of the files, for cross-references. */
  paths: {
    credentialsRequest: string;
    serviceAccount: string;
    workload: string;
    secret: string;
    trustPolicy: string;
    permissionsPolicy: string;
    script: string;
    config: string;
    readme: string;
  };
}

export function scaffoldNames(o: ScaffoldOptions): ScaffoldNames {
  const partition = partitionOf(o);
  const account = openshiftAccountOf(o);
  const role = ccoctlRoleNameOf(o);
  const workloadName = dnsLabelFrom(o.serviceAccount, 52);
  const destFile = safeFileName(o.destinationRoleName);
  return {
    ccoctlRoleName: role,
    ccoctlRoleArn: `arn:${partition}:iam::${account}:role/${role}`,
    ccoctlSessionArn: `arn:${partition}:sts::${account}:assumed-role/${role}/${o.roleSessionName}`,
    openshiftAccountId: account,
    partition,
    destinationRoleArn: `arn:${partition}:iam::${o.destinationAccountId}:role/${o.destinationRoleName}`,
    workloadName,
    paths: {
      credentialsRequest: `${CREDREQUESTS_DIR}/${safeFileName(o.secretName)}.yaml`,
      serviceAccount: `manifests/${safeFileName(o.serviceAccount)}-serviceaccount.yaml`,
      workload: `manifests/${workloadName}-${o.workloadKind.toLowerCase()}.yaml`,
      // ccoctl's own file name (CCOCTL-roles §2.7), so its run replaces this preview in place.
      secret: `${CCOCTL_OUTPUT_DIR}/manifests/${safeFileName(`${o.namespace}-${o.secretName}`)}-credentials.yaml`,
      trustPolicy: `iam/${destFile}-trust-policy.json`,
      permissionsPolicy: `iam/${destFile}-permissions-policy.json`,
      script: 'ccoctl.sh',
      config: '.irsa.yaml',
      readme: 'README.md',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes manifests
// ---------------------------------------------------------------------------------------------

/** The CredentialsRequest ccoctl reads from `credrequests/` (CCO-types, CCO-aws; domain §1). */
export function renderCredentialsRequest(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  return [
    '# Read by `ccoctl aws create-iam-roles --credentials-requests-dir=credrequests` (see ccoctl.sh).',
    '# ccoctl creates the IAM role <--name>-<secretRef.namespace>-<secretRef.name> in the OpenShift',
    '# account, trusted by the cluster OIDC provider for the serviceAccountNames below, with these',
    '# statementEntries as its inline policy, and writes the Secret named by secretRef.',
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    `  name: ${y(o.secretName)}`,
    `  namespace: ${y(o.namespace)}`,
    'spec:',
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '      # The only permission of the pod\'s own role: assume the destination role in the other account.',
    '      - effect: Allow',
    '        action:',
    '          - sts:AssumeRole',
    `        resource: ${y(n.destinationRoleArn)}`,
    '  secretRef:',
    `    name: ${y(o.secretName)}`,
    `    namespace: ${y(o.namespace)}`,
    '  serviceAccountNames:',
    `    - ${y(o.serviceAccount)}`,
    '',
  ].join('\n');
}

export function renderServiceAccount(o: ScaffoldOptions): string {
  return [
    '# The pod runs as this ServiceAccount; ccoctl\'s trust policy admits',
    '# system:serviceaccount:<namespace>:<name> only (CredentialsRequest serviceAccountNames).',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${y(o.serviceAccount)}`,
    `  namespace: ${y(o.namespace)}`,
    '',
  ].join('\n');
}

/** The pod spec shared by every kind: service account, both volumes, both mounts, the SDK environment. */
export function renderPodSpec(o: ScaffoldOptions, restartPolicy?: 'OnFailure'): string[] {
  return [
    `serviceAccountName: ${y(o.serviceAccount)}`,
    ...(restartPolicy ? [`restartPolicy: ${restartPolicy}`] : []),
    'containers:',
    `  - name: ${CONTAINER_NAME}`,
    `    image: ${y(o.image)}`,
    '    env:',
    '      # The ccoctl Secret is an AWS config file: [default] role_arn + web_identity_token_file.',
    '      - name: AWS_CONFIG_FILE',
    `        value: ${SECRET_MOUNT_PATH}/credentials`,
    '      # Session name of the web-identity hop (JS v3, boto3; Go v2 and Java v2 ignore it with a',
    '      # config file, so the generated code passes it explicitly).',
    '      - name: AWS_ROLE_SESSION_NAME',
    `        value: ${y(o.roleSessionName)}`,
    '      # The Secret has no region: AWS_REGION for JS, Go and Java, AWS_DEFAULT_REGION for boto3.',
    '      - name: AWS_REGION',
    `        value: ${y(o.region)}`,
    '      - name: AWS_DEFAULT_REGION',
    `        value: ${y(o.region)}`,
    '    volumeMounts:',
    `      - name: ${TOKEN_VOLUME_NAME}`,
    `        mountPath: ${TOKEN_MOUNT_PATH}`,
    '        readOnly: true',
    `      - name: ${SECRET_VOLUME_NAME}`,
    `        mountPath: ${SECRET_MOUNT_PATH}`,
    '        readOnly: true',
    'volumes:',
    '  # Service account token for STS: audience openshift, rotated by the kubelet at 80% of its lifetime.',
    `  - name: ${TOKEN_VOLUME_NAME}`,
    '    projected:',
    '      defaultMode: 420',
    '      sources:',
    '        - serviceAccountToken:',
    `            audience: ${TOKEN_AUDIENCE}`,
    `            expirationSeconds: ${TOKEN_EXPIRATION_SECONDS}`,
    `            path: ${TOKEN_FILE_NAME}`,
    '  # The Secret written by ccoctl (outputs/manifests/...-credentials.yaml).',
    `  - name: ${SECRET_VOLUME_NAME}`,
    '    secret:',
    `      secretName: ${y(o.secretName)}`,
    '      defaultMode: 420',
    '      optional: false',
    '',
  ].slice(0, -1);
}

const API_VERSION: Record<ScaffoldWorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  DeploymentConfig: 'apps.openshift.io/v1',
};

/** The workload manifest of the chosen kind; the pod spec sits where the kind keeps it (domain §3.6). */
export function renderWorkload(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  const name = n.workloadName;
  const label = `app.kubernetes.io/name: ${y(name)}`;
  // DeploymentConfig was chosen knowingly (the wizard marks it deprecated); the note stays in the
  // file and the linter's info (WL013) is silenced on this line only.
  const deprecated =
    o.workloadKind === 'DeploymentConfig'
      ? [
          '# DeploymentConfig is deprecated since OpenShift 4.14 (still supported); a Deployment with the',
          '# same pod template is recommended for new workloads.',
          '# irsa-disable-next-line deployment-config-deprecated',
        ]
      : [];
  const head = [
    `apiVersion: ${API_VERSION[o.workloadKind]}`,
    ...deprecated,
    `kind: ${o.workloadKind}`,
    'metadata:',
    `  name: ${y(name)}`,
    `  namespace: ${y(o.namespace)}`,
    '  labels:',
    `    ${label}`,
    'spec:',
  ];
  const template = (restart?: 'OnFailure'): string[] => ['template:', '  metadata:', '    labels:', `      ${label}`, '  spec:', ...indent(renderPodSpec(o, restart), 4)];
  let body: string[];
  switch (o.workloadKind) {
    case 'Deployment':
      body = ['replicas: 1', 'selector:', '  matchLabels:', `    ${label}`, ...template()];
      break;
    case 'StatefulSet':
      body = [
        '# Headless Service that gives the pods stable DNS names (create it if they need them).',
        `serviceName: ${y(name)}`,
        'replicas: 1',
        'selector:',
        '  matchLabels:',
        `    ${label}`,
        ...template(),
      ];
      break;
    case 'Job':
      body = ['backoffLimit: 3', ...template('OnFailure')];
      break;
    case 'CronJob':
      body = [
        `schedule: ${y('*/30 * * * *')}`,
        'concurrencyPolicy: Forbid',
        'jobTemplate:',
        '  spec:',
        '    backoffLimit: 3',
        ...indent(template('OnFailure'), 4),
      ];
      break;
    case 'DeploymentConfig':
      body = [
        'replicas: 1',
        'selector:',
        `  ${label}`,
        'strategy:',
        '  type: Rolling',
        'triggers:',
        '  - type: ConfigChange',
        ...template(),
      ];
      break;
  }
  return [...head, ...indent(body, 2), ''].join('\n');
}

/**
 * Preview of the Secret `ccoctl aws create-iam-roles` writes, byte for byte its template
 * (CCOCTL-roles §2.7) apart from the leading comment; ccoctl replaces this file when it runs.
 */
export function renderCcoctlSecret(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  const ini = (s: string): string => s.replace(/[\x00-\x1f\x7f]+/g, '');
  return [
    '# Preview of the Secret that `ccoctl aws create-iam-roles` writes here (ccoctl.sh replaces this file).',
    'apiVersion: v1',
    'stringData:',
    '  credentials: |-',
    '    [default]',
    '    sts_regional_endpoints = regional',
    `    role_arn = ${ini(n.ccoctlRoleArn)}`,
    `    web_identity_token_file = ${CCOCTL_TOKEN_PATH}`,
    'kind: Secret',
    'metadata:',
    `  name: ${y(o.secretName)}`,
    `  namespace: ${y(o.namespace)}`,
    'type: Opaque',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// IAM policies (account B)
// ---------------------------------------------------------------------------------------------

/**
 * Trust policy of the destination role: lets the ccoctl role (or one session of it) call
 * `sts:AssumeRole` (IAM-UG reference_policies_elements_principal; domain §4.2, IAM006/IAM007).
 */
export function renderTrustPolicy(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  const principal = o.trustPrincipal === 'assumed-role' ? n.ccoctlSessionArn : n.ccoctlRoleArn;
  return (
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
      },
      null,
      2,
    ) + '\n'
  );
}

/** Permissions (identity) policy of the destination role: the actions the application needs. */
export function renderPermissionsPolicy(o: ScaffoldOptions): string {
  return (
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: [...o.actions], Resource: '*' }],
      },
      null,
      2,
    ) + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// Script, settings, README
// ---------------------------------------------------------------------------------------------

/** `ccoctl aws create-iam-roles` flags (CCOCTL-roles §2.1); `--region` only outside the `aws` partition. */
export function ccoctlArgs(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string[] {
  return [
    `--name=${shellQuote(o.ccoctlName)}`,
    ...(n.partition !== 'aws' ? [`--region=${shellQuote(o.region)}`] : []),
    `--credentials-requests-dir=${shellQuote(CREDREQUESTS_DIR)}`,
    `--identity-provider-arn=${shellQuote(o.identityProviderArn)}`,
    `--output-dir=${shellQuote(CCOCTL_OUTPUT_DIR)}`,
  ];
}

export function renderScript(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  const regionNote =
    n.partition === 'aws'
      ? '  # No --region: create-iam-roles only needs it outside the aws partition (ccoctl help: "only required for GovCloud").'
      : `  # --region selects the ${n.partition} partition's IAM endpoint.`;
  return [
    '#!/usr/bin/env bash',
    `# IRSA credential set ${shellComment(`${o.namespace}/${o.serviceAccount}`)}: IAM role with ccoctl, then the manifests with oc.`,
    '# Generated by IRSA Toolkit for OpenShift. Order of steps: README.md.',
    '#',
    '#   bash ccoctl.sh create-roles   # ccoctl creates the pod\'s IAM role and writes the Secret (AWS login: OpenShift account)',
    '#   bash ccoctl.sh apply          # after the destination role exists: Secret, ServiceAccount, workload (oc login)',
    '#   bash ccoctl.sh                # both, in that order',
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    '',
    'create_roles() {',
    regionNote,
    '  ccoctl aws create-iam-roles \\',
    ...ccoctlArgs(o, n).map((a, i, all) => `    ${a}${i < all.length - 1 ? ' \\' : ''}`),
    '}',
    '',
    'apply_manifests() {',
    `  oc apply -f ${shellQuote(n.paths.secret)}`,
    `  oc apply -f ${shellQuote(n.paths.serviceAccount)}`,
    `  oc apply -f ${shellQuote(n.paths.workload)}`,
    '}',
    '',
    'case "${1:-all}" in',
    '  create-roles) create_roles ;;',
    '  apply) apply_manifests ;;',
    '  all) create_roles; apply_manifests ;;',
    '  *) echo "usage: $0 [create-roles|apply|all]" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

/** `.irsa.yaml`: the ccoctl `--name` and OIDC provider the linter needs to follow the chain (engine config.ts). */
export function renderConfig(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): string {
  const accounts = [...new Set([n.openshiftAccountId, o.destinationAccountId])];
  return [
    '# IRSA Toolkit settings (read by irsa-lint and the language server).',
    'ccoctl:',
    '  # ccoctl --name: prefix of the IAM roles ccoctl creates (<name>-<namespace>-<secret>).',
    `  name: ${y(o.ccoctlName)}`,
    `  identityProviderArn: ${y(o.identityProviderArn)}`,
    '# Client IDs of the OIDC provider that ccoctl registers.',
    'audiences:',
    '  - openshift',
    '  - sts.amazonaws.com',
    '# OpenShift account (OIDC provider, ccoctl role) and destination account.',
    'accountIds:',
    ...accounts.map((a) => `  - ${y(a)}`),
    '',
  ].join('\n');
}

/** Text for inline code and table cells: no backticks, pipes or line breaks. */
function md(s: string): string {
  return s.replace(/[`|\r\n]/g, ' ');
}

export function renderReadme(o: ScaffoldOptions, files: ScaffoldFile[], n: ScaffoldNames = scaffoldNames(o)): string {
  const dest = n.destinationRoleArn;
  const principal = o.trustPrincipal === 'assumed-role' ? `the session \`${md(n.ccoctlSessionArn)}\`` : `the role \`${md(n.ccoctlRoleArn)}\``;
  const q = shellQuote;
  return [
    `# IRSA credential set: \`${md(o.serviceAccount)}\` in \`${md(o.namespace)}\``,
    '',
    `The ${o.workloadKind} \`${md(n.workloadName)}\` runs as the service account \`${md(o.serviceAccount)}\` and reaches AWS in two hops:`,
    '',
    `1. The AWS SDK reads \`AWS_CONFIG_FILE\` (the Secret \`${md(o.secretName)}\` that ccoctl writes) and exchanges the projected`,
    `   service account token (audience \`${TOKEN_AUDIENCE}\`) for credentials of \`${md(n.ccoctlRoleArn)}\``,
    `   (AssumeRoleWithWebIdentity, session \`${md(o.roleSessionName)}\`).`,
    `2. The application code assumes \`${md(dest)}\` (AssumeRole, at most 1 hour per session when chaining)`,
    `   with refreshing credential providers, and calls ${o.actions.map((a) => `\`${md(a)}\``).join(', ')}.`,
    '',
    '## Files',
    '',
    '| file | what it is |',
    '|---|---|',
    ...files.map((f) => `| \`${md(f.path)}\` | ${md(f.description)} |`),
    `| \`${n.paths.readme}\` | this file |`,
    '',
    '## Steps, in this order',
    '',
    '1. Log in to AWS with credentials of the OpenShift account (the OIDC provider\'s account) and run',
    '   `bash ccoctl.sh create-roles`. ccoctl creates the role above and writes the Secret to',
    `   \`${md(n.paths.secret)}\` (replacing the preview there).`,
    `2. In the destination account \`${md(o.destinationAccountId)}\`, create the role. Its trust policy names ${principal},`,
    '   which IAM only accepts once that role exists, hence after step 1:',
    '',
    '   ```sh',
    `   aws iam create-role --role-name ${q(o.destinationRoleName)} --assume-role-policy-document ${q(`file://${n.paths.trustPolicy}`)}`,
    `   aws iam put-role-policy --role-name ${q(o.destinationRoleName)} --policy-name ${q(`${o.destinationRoleName}-permissions`.slice(0, 128))} --policy-document ${q(`file://${n.paths.permissionsPolicy}`)}`,
    '   ```',
    '',
    '3. Log in to the cluster (`oc login`) and run `bash ccoctl.sh apply`: the Secret, the ServiceAccount',
    '   and the workload.',
    '4. Check the set: `irsa-lint .` reports nothing when every file agrees with the others.',
    '',
    'Edit the files together: the namespace, service account, secret name, session name and role names',
    'appear in several of them, and the linter reports any that stop matching.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Application code (from the SDK code generator)
// ---------------------------------------------------------------------------------------------

/** The role chain of the set, as the SDK code generator takes it (server/src/engine/chain.ts). */
export function chainOf(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): IrsaChain {
  return {
    destinationRoleArn: n.destinationRoleArn,
    roleSessionName: o.roleSessionName,
    region: o.region,
    // Role chaining caps the second hop at one hour (STS; domain §4.4); ask for the whole hour.
    durationSeconds: 3600,
    configFile: `${SECRET_MOUNT_PATH}/credentials`,
    tokenFile: CCOCTL_TOKEN_PATH,
    sourceRoleArn: n.ccoctlRoleArn,
  };
}

const APP_LABELS: Record<ScaffoldOptions['language'], string> = {
  typescript: 'TypeScript (AWS SDK for JavaScript v3)',
  python: 'Python (boto3)',
  go: 'Go (aws-sdk-go-v2)',
  java: 'Java (AWS SDK for Java 2.x)',
};

/**
 * The refresh-aware application code of the set: `renderSdkCode` (shared/src/codegen) for the
 * set's chain, written to `app/<file name the generator suggests>`. When the generator rejects the
 * chain (only possible for options that {@link checkOptions} also rejects, or a region its pattern
 * does not know), the file says so instead of holding broken code.
 */
export function renderApplicationCode(o: ScaffoldOptions, n: ScaffoldNames = scaffoldNames(o)): ScaffoldFile {
  const description = `refresh-aware ${APP_LABELS[o.language] ?? o.language} client for the destination role`;
  try {
    const code = renderSdkCode(chainOf(o, n), o.language);
    return { path: `app/${safeFileName(code.fileName)}`, content: code.content, description };
  } catch (e) {
    const problems = e instanceof InvalidChainError ? e.problems : [e instanceof Error ? e.message : String(e)];
    return {
      path: `app/irsa-credentials-NOT-GENERATED.txt`,
      description: 'the application code could not be generated (see the file)',
      content: [
        'The refresh-aware application code was not generated for this set:',
        ...problems.map((p) => `  - ${p}`),
        `Fix the values, then run "IRSA: Generate Refresh-Aware SDK Code…" for ${o.language}.`,
        '',
      ]
        .map((l) => l.replace(/[\x00-\x09\x0b-\x1f\x7f]+/g, ' '))
        .join('\n'),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The set
// ---------------------------------------------------------------------------------------------

/**
 * Renders every file of the set, in the order a reader should look at them. Does not validate:
 * callers run {@link checkOptions} first (the wizard as you type, `irsa-lint init` before writing).
 * Never throws for any string values. `layout.config: false` leaves out `.irsa.yaml` (and its line in
 * the set's README), for a set written below a workspace root that has its own.
 */
export function renderScaffold(o: ScaffoldOptions, layout: { config?: boolean } = {}): ScaffoldFile[] {
  const n = scaffoldNames(o);
  const files: ScaffoldFile[] = [
    {
      path: n.paths.credentialsRequest,
      content: renderCredentialsRequest(o, n),
      description: `CredentialsRequest for ccoctl: its role ${n.ccoctlRoleName} may assume the destination role`,
    },
    { path: n.paths.serviceAccount, content: renderServiceAccount(o), description: 'ServiceAccount the pod runs as' },
    {
      path: n.paths.workload,
      content: renderWorkload(o, n),
      description: `${o.workloadKind} with the token volume, the Secret volume and the AWS SDK environment`,
    },
    {
      path: n.paths.secret,
      content: renderCcoctlSecret(o, n),
      description: 'preview of the Secret ccoctl writes (replaced when ccoctl runs)',
    },
    {
      path: n.paths.trustPolicy,
      content: renderTrustPolicy(o, n),
      description: 'trust policy of the destination role: the ccoctl role may assume it',
    },
    {
      path: n.paths.permissionsPolicy,
      content: renderPermissionsPolicy(o),
      description: 'permissions policy of the destination role',
    },
    { path: n.paths.script, content: renderScript(o, n), description: 'ccoctl and oc commands', executable: true },
    // Without `.irsa.yaml` when the set goes into a folder governed by the workspace's own file.
    ...(layout.config === false ? [] : [{ path: n.paths.config, content: renderConfig(o, n), description: 'linter settings: ccoctl --name and OIDC provider' }]),
    renderApplicationCode(o, n),
  ];
  files.push({ path: n.paths.readme, content: renderReadme(o, files, n), description: 'order of steps' });
  return files;
}
