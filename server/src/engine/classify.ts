/**
 * Classification by content, per document, and extraction of the IRSA model. Documents that are
 * none of ours (other Kubernetes kinds, package.json, …) are dropped silently. The file name counts
 * twice (issue #11 pattern 5): kustomize finds `kustomization.yaml` by name, and a `patches/` folder
 * or a `*.patch.yaml` name marks a workload as a patch (see {@link looksLikePatchPath}).
 */
import { parse as parseIni } from 'ini';
import type {
  CcoctlSecret,
  Container,
  CreateRoleInput,
  CredentialsRequest,
  DocRef,
  EnvVar,
  IamPolicy,
  IniEntry,
  IrsaDocument,
  Kustomization,
  PolicyStatement,
  WebIdentityCondition,
  Principal,
  PrincipalType,
  ServiceAccount,
  StatementEntry,
  TokenProjection,
  Volume,
  VolumeMount,
  Workload,
  WorkloadKind,
} from './model/types';
import { asMap, asScalar, fitted, get, getPair, intern, listOf, MapNode, ScalarNode, str, TreeNode } from './parse/tree';
import type { ParsedFile } from './parse/types';
import { EMBEDDED_POLICY_KEY } from './parse/embedded';
import { AWS_PROVIDER_SPEC_KIND, isKustomizationFileName, OTHER_CLOUD_PROVIDER_SPEC_KINDS, trustRoleNameFromFileName } from './domain';
import { fileOfUri } from './model/uri';
import { suggestKey } from './schema/validate';

/** Where each kind keeps its pod spec (K8S-api core/apps/batch v1, OS-apps apps.openshift.io/v1). */
export const POD_SPEC_PATHS: Record<WorkloadKind, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
};

const WORKLOAD_API: Record<WorkloadKind, RegExp> = {
  Pod: /^v1$/,
  PodTemplate: /^v1$/,
  ReplicationController: /^v1$/,
  Deployment: /^(apps\/v1|apps\/v1beta[12]|extensions\/v1beta1)$/,
  StatefulSet: /^apps\/v1(beta[12])?$/,
  DaemonSet: /^(apps\/v1|apps\/v1beta2|extensions\/v1beta1)$/,
  ReplicaSet: /^(apps\/v1|apps\/v1beta2|extensions\/v1beta1)$/,
  Job: /^batch\/v1$/,
  CronJob: /^batch\/v1(beta1)?$/,
  DeploymentConfig: /^(apps\.openshift\.io\/v1|v1)$/,
};

export const CCO_GROUP = 'cloudcredential.openshift.io';

/** Classifies every document of a parsed file. `text` is the file's text (used to locate INI lines). */
export function classifyFile(file: ParsedFile, text: string): IrsaDocument[] {
  const out: IrsaDocument[] = [];
  // Kustomize finds its file by name (the one exception to "by content"): api/konfig/general.go.
  const kustomizationFile = isKustomizationFileName(file.uri);
  const patchPath = looksLikePatchPath(file.uri);
  for (const doc of file.documents) {
    const root = asMap(doc.root);
    if (!root) continue;
    // `#0`, `#1`… are shared strings, so an id costs one concatenation rather than a fresh suffix too.
    const ref: DocRef = { id: file.uri + intern(`#${doc.index}`), uri: file.uri, index: doc.index, doc, root };
    if (kustomizationFile || (str(get(root, 'kind')) === 'Kustomization' && /^kustomize\.config\.k8s\.io\//.test(str(get(root, 'apiVersion')) ?? ''))) {
      out.push(kustomization(ref));
      continue;
    }
    const m = classifyDocument(ref, text, file.language === 'json' ? 'json' : 'yaml');
    if (m?.kind === 'workload' && m.partial === undefined && patchPath) m.partial = patchPath;
    if (m) out.push(m);
  }
  // Kept for as long as the file is open: no spare capacity (see `fitted`).
  return fitted(out);
}

function classifyDocument(ref: DocRef, text: string, language: 'yaml' | 'json'): IrsaDocument | undefined {
  const root = ref.root;
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (kind !== undefined || apiVersion !== undefined) {
    if (kind === 'CredentialsRequest' || (apiVersion?.startsWith(CCO_GROUP + '/') && /^Credentials?Requests?$/i.test(kind ?? ''))) {
      return credentialsRequest(ref);
    }
    if (kind === 'Secret' && (apiVersion === 'v1' || apiVersion === undefined)) {
      return ccoctlSecret(ref, text);
    }
    if (kind === 'ServiceAccount') return serviceAccount(ref);
    if (kind && kind in POD_SPEC_PATHS && WORKLOAD_API[kind as WorkloadKind].test(apiVersion ?? '')) {
      return workload(ref, kind as WorkloadKind);
    }
    return undefined;
  }
  if (language === 'json' && (getPair(root, 'Statement') || (getPair(root, 'Version') && root.pairs.length <= 3))) {
    return iamPolicy(ref);
  }
  if (language === 'json' && getPair(root, 'RoleName') && getPair(root, EMBEDDED_POLICY_KEY)) return createRoleInput(ref);
  return undefined;
}

/**
 * An IAM CreateRole input (`RoleName` and `AssumeRolePolicyDocument` at the top, as ccoctl --dry-run
 * and `aws iam create-role --cli-input-json` have it): its trust policy, written as JSON text in a
 * string (parsed by parse/embedded.ts with file offsets) or as an object, classified as a policy whose
 * role is `RoleName`. Undefined when the policy is no JSON object (json-syntax reports the string).
 */
function createRoleInput(ref: DocRef): IamPolicy | undefined {
  const outer = ref.root;
  const value = get(outer, EMBEDDED_POLICY_KEY);
  const embedded = ref.doc.embedded;
  const policyRoot = value?.kind === 'map' ? value : embedded?.literal === value ? asMap(embedded?.root) : undefined;
  if (!policyRoot) return undefined;
  const policy = iamPolicy({ ...ref, root: policyRoot }, true);
  const roleName = scalar(get(outer, 'RoleName'));
  const createRole: CreateRoleInput = { node: outer, roleName, description: scalar(get(outer, 'Description')) };
  if (value?.kind === 'scalar') createRole.literal = value;
  policy.createRole = createRole;
  // The RoleName is the role this trust policy belongs to, whatever the policy's shape.
  if (typeof roleName?.value === 'string' && roleName.value !== '') policy.roleName = { name: roleName.value, source: 'role-document', node: roleName };
  return policy;
}


/**
 * The reason a file's path marks it as a patch, or undefined. Operators keep strategic-merge patches
 * in `patches/` folders that code (not kustomize) merges into a base: openshift/csi-operator's
 * generator reads "base assets … patched heavily using strategic merge patches … These patches come
 * from assets/patches and assets/drivers/*\/patches" (pkg/generator/doc.go), and
 * openshift/cluster-storage-operator names them `*.patch.yaml`. Only "absence" checks (a mount
 * whose volume is not in this file, a missing namespace) are affected.
 */
export function looksLikePatchPath(uri: string): string | undefined {
  const path = uri.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/\/patches\/[^/]*$/.test(path)) return 'it is in a `patches/` folder (a strategic-merge patch merged into a base)';
  if (/(^|[._-])patch\.ya?ml$/i.test(base)) return `its name \`${base}\` marks a strategic-merge patch merged into a base`;
  return undefined;
}

/**
 * Strategic-merge patch directives (k8s.io/apimachinery pkg/util/strategicpatch/patch.go:
 * `$patch`, `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`); a document
 * holding one is a patch, never a whole object.
 */
function hasPatchDirective(n: TreeNode | undefined, depth = 0): boolean {
  if (!n || depth > 64) return false;
  if (n.kind === 'map') {
    for (const p of n.pairs) {
      const k = p.key.value;
      if (typeof k === 'string' && (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/'))) return true;
      if (hasPatchDirective(p.value, depth + 1)) return true;
    }
  } else if (n.kind === 'seq') {
    for (const i of n.items) if (hasPatchDirective(i, depth + 1)) return true;
  }
  return false;
}

/** Resolves a relative path of a kustomization against its folder URI (`dir` ends in `/`). */
function resolveRelative(dir: string, rel: string): string {
  const parts = dir.slice(0, -1).split('/');
  for (const seg of rel.replace(/\/+$/, '').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 3) parts.pop();
    } else parts.push(seg.replace(/%/g, '%25').replace(/ /g, '%20').replace(/#/g, '%23').replace(/\?/g, '%3F')); // as in a file URI
  }
  return parts.join('/');
}

function kustomization(ref: DocRef): Kustomization {
  const root = ref.root;
  const dir = ref.uri.slice(0, ref.uri.lastIndexOf('/') + 1);
  const resourceFiles: string[] = [];
  const resourceDirs: string[] = [];
  // `bases` is the deprecated spelling of folder resources (api/types/kustomization.go).
  for (const field of ['resources', 'bases']) {
    for (const item of listOf(get(root, field))) {
      const p = str(item);
      // Remote resources (URLs, git refs) are outside the workspace.
      if (!p || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('github.com/')) continue;
      if (/\.(ya?ml|json)$/i.test(p)) resourceFiles.push(resolveRelative(dir, p));
      else resourceDirs.push(resolveRelative(dir, p) + '/');
    }
  }
  const patches: Kustomization['patches'] = [];
  for (const item of listOf(get(root, 'patches'))) {
    const path = str(get(item, 'path'));
    // An inline `patch:` names no file; a `.patch`/JSON 6902 file is not a manifest either way.
    if (!path) continue;
    patches.push({ uri: resolveRelative(dir, path), targetKind: str(get(item, 'target', 'kind')), targetName: str(get(item, 'target', 'name')) });
  }
  for (const field of ['patchesStrategicMerge', 'patchesJson6902']) {
    for (const item of listOf(get(root, field))) {
      const path = typeof item === 'object' && item.kind === 'scalar' ? str(item) : str(get(item, 'path'));
      if (path && !path.includes('\n')) patches.push({ uri: resolveRelative(dir, path) });
    }
  }
  return {
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'kustomization',
    namespace: scalar(get(root, 'namespace')),
    resourceFiles: fitted(resourceFiles),
    resourceDirs: fitted(resourceDirs),
    patches: fitted(patches),
  };
}

function scalar(n: TreeNode | undefined): ScalarNode | undefined {
  const s = asScalar(n);
  return s && s.value !== null ? s : undefined;
}

/**
 * The cloud of a CredentialsRequest from `providerSpec.kind` (see CredentialsRequest.cloud): a kind of
 * another cloud is `other` even when it is one edit away from AWSProviderSpec; a near miss of
 * AWSProviderSpec (case, ≤ 2 edits) or no kind is an AWS request written wrong.
 */
export function providerCloud(kind: string | undefined): 'aws' | 'other' | 'unknown' {
  if (kind === undefined || kind === AWS_PROVIDER_SPEC_KIND) return 'aws';
  if (Object.prototype.hasOwnProperty.call(OTHER_CLOUD_PROVIDER_SPEC_KINDS, kind)) return 'other';
  return suggestKey(kind, [AWS_PROVIDER_SPEC_KIND]) === AWS_PROVIDER_SPEC_KIND ? 'aws' : 'unknown';
}

function credentialsRequest(ref: DocRef): CredentialsRequest {
  const root = ref.root;
  const spec = asMap(get(root, 'spec'));
  const secretRefNode = asMap(get(spec, 'secretRef'));
  const providerSpec = asMap(get(spec, 'providerSpec'));
  const kindValue = scalar(get(providerSpec, 'kind'))?.value;
  const providerKind = typeof kindValue === 'string' ? kindValue : undefined;
  const cloud = providerCloud(providerKind);
  // The AWSProviderSpec fields are read only from AWS requests: a rule that reads statementEntries or
  // stsIAMRoleARN (arn-format, iam-name-limits, …) then never judges another cloud's providerSpec.
  const awsSpec = cloud === 'aws' ? providerSpec : undefined;
  const entriesNode = get(awsSpec, 'statementEntries');
  const sans = get(spec, 'serviceAccountNames');
  const statementEntries: StatementEntry[] = [];
  if (entriesNode?.kind === 'seq') {
    for (const item of entriesNode.items) {
      const action = get(item, 'action');
      statementEntries.push({
        node: item,
        effect: get(item, 'effect'),
        action,
        actions: fitted(listOf(action).flatMap((a) => (a.kind === 'scalar' && typeof a.value === 'string' ? [a] : []))),
        resource: get(item, 'resource'),
        policyCondition: get(item, 'policyCondition'),
      });
    }
  }
  return {
    // The DocRef fields written out (not spread), so V8 keeps every field inside the object.
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'credentialsRequest',
    apiVersion: scalar(get(root, 'apiVersion')),
    kindNode: scalar(get(root, 'kind')),
    name: scalar(get(root, 'metadata', 'name')),
    namespace: scalar(get(root, 'metadata', 'namespace')),
    spec,
    secretRef: secretRefNode
      ? { node: secretRefNode, name: scalar(get(secretRefNode, 'name')), namespace: scalar(get(secretRefNode, 'namespace')) }
      : undefined,
    serviceAccountNames: sans?.kind === 'seq' ? fitted(sans.items.flatMap((i) => (scalar(i) ? [i as ScalarNode] : []))) : [],
    serviceAccountNamesNode: sans,
    providerSpec,
    cloud,
    providerKind,
    statementEntries: fitted(statementEntries),
    statementEntriesNode: entriesNode,
    cloudTokenPath: scalar(get(spec, 'cloudTokenPath')),
    stsIAMRoleARN: scalar(get(awsSpec, 'stsIAMRoleARN')),
  };
}

function ccoctlSecret(ref: DocRef, text: string): CcoctlSecret | undefined {
  const root = ref.root;
  const fromString = get(root, 'stringData', 'credentials');
  const fromData = get(root, 'data', 'credentials');
  const credentialsNode = fromString ?? fromData;
  if (!credentialsNode) return undefined;
  const encoding = fromString ? 'stringData' : 'data';
  let credentialsText: string | undefined;
  const raw = str(credentialsNode);
  if (raw !== undefined) {
    if (encoding === 'stringData') credentialsText = raw;
    else {
      const compact = raw.replace(/\s+/g, '');
      if (/^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0) {
        credentialsText = decodeBase64Utf8(compact);
      }
    }
  }
  // A Secret is ours only when its credentials look like an AWS shared config file.
  if (credentialsText !== undefined && !/\b(role_arn|web_identity_token_file|role_name)\b/.test(credentialsText)) return undefined;
  const entries = credentialsText !== undefined ? fitted(iniEntries(credentialsText, credentialsNode, text, encoding === 'stringData')) : [];
  const profile = new Map<string, IniEntry>();
  const sections = new Set(entries.map((e) => e.section));
  const profileName = sections.has('default') ? 'default' : [...sections][0];
  for (const e of entries) if (e.section === profileName && !profile.has(e.key)) profile.set(e.key, e);
  return {
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'ccoctlSecret',
    name: scalar(get(root, 'metadata', 'name')),
    namespace: scalar(get(root, 'metadata', 'namespace')),
    credentialsNode,
    encoding,
    credentialsText,
    entries,
    profile,
  };
}

/**
 * Reads the INI text with the `ini` package (values, quoting and comments as it defines them) and
 * locates each `key = value` line in the YAML source so findings can point at it. Lines of a block
 * scalar appear verbatim (after indentation) in the source; anything else falls back to the node.
 */
function iniEntries(ini: string, node: TreeNode, text: string, locate: boolean): IniEntry[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseIni(ini) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  const entries: IniEntry[] = [];
  let section = '';
  let cursor = node.start;
  for (const line of ini.split(/\r?\n/)) {
    const trimmed = line.trim();
    const sec = /^\[([^\]]*)\]/.exec(trimmed);
    if (sec) {
      section = intern(sec[1]!.trim());
      continue;
    }
    const kv = /^([^=;#\s][^=]*?)\s*=\s*(.*)$/.exec(trimmed);
    if (!kv) continue;
    const key = intern(kv[1]!.trim());
    const table = section ? (parsed[section] as Record<string, unknown> | undefined) : parsed;
    const parsedValue = table && typeof table === 'object' ? table[key] : undefined;
    const value = typeof parsedValue === 'string' ? parsedValue : kv[2]!.trim();
    let found = -1;
    if (locate) {
      found = text.indexOf(trimmed, cursor);
      if (found > node.end) found = -1;
    }
    if (found >= 0) {
      const valueOffset = trimmed.indexOf(kv[2]!, kv[1]!.length);
      const vStart = found + (valueOffset >= 0 ? valueOffset : trimmed.length);
      entries.push({ section, key, value, start: vStart, end: vStart + kv[2]!.length, lineStart: found, lineEnd: found + trimmed.length, exact: true });
      cursor = found + trimmed.length;
    } else {
      entries.push({ section, key, value, start: node.start, end: node.end, lineStart: node.start, lineEnd: node.end, exact: false });
    }
  }
  return entries;
}

function serviceAccount(ref: DocRef): ServiceAccount {
  return {
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'serviceAccount',
    name: scalar(get(ref.root, 'metadata', 'name')),
    namespace: scalar(get(ref.root, 'metadata', 'namespace')),
    annotations: asMap(get(ref.root, 'metadata', 'annotations')),
  };
}

function workload(ref: DocRef, workloadKind: WorkloadKind): Workload {
  const root = ref.root;
  const podSpecPath = POD_SPEC_PATHS[workloadKind];
  const podSpec = asMap(get(root, ...podSpecPath));
  const volumesNode = get(podSpec, 'volumes');
  const volumes: Volume[] = [];
  for (const v of listOf(volumesNode?.kind === 'seq' ? volumesNode : undefined)) {
    const vm = asMap(v);
    if (!vm) continue;
    const vol: Volume = { node: vm, name: scalar(get(vm, 'name')) };
    const sec = asMap(get(vm, 'secret'));
    if (sec) {
      const items = get(sec, 'items');
      vol.secret = {
        node: sec,
        secretName: scalar(get(sec, 'secretName')),
        items: fitted(
          (items?.kind === 'seq' ? items.items : []).flatMap((i) => {
            const im = asMap(i);
            return im ? [{ node: im, key: scalar(get(im, 'key')), path: scalar(get(im, 'path')) }] : [];
          }),
        ),
        defaultMode: scalar(get(sec, 'defaultMode')),
        optional: scalar(get(sec, 'optional')),
      };
    }
    const proj = asMap(get(vm, 'projected'));
    if (proj) {
      const sources = get(proj, 'sources');
      const tokens: TokenProjection[] = [];
      for (const s of sources?.kind === 'seq' ? sources.items : []) {
        const t = asMap(get(s, 'serviceAccountToken'));
        if (t) tokens.push({ node: t, audience: scalar(get(t, 'audience')), expirationSeconds: scalar(get(t, 'expirationSeconds')), path: scalar(get(t, 'path')) });
      }
      vol.projected = { node: proj, tokens: fitted(tokens), sources };
    }
    volumes.push(vol);
  }
  const containers: Container[] = [];
  const containersNode = get(podSpec, 'containers');
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = get(podSpec, field);
    for (const c of list?.kind === 'seq' ? list.items : []) {
      const cm = asMap(c);
      if (!cm) continue;
      const envNode = get(cm, 'env');
      const mountsNode = get(cm, 'volumeMounts');
      containers.push({
        node: cm,
        name: scalar(get(cm, 'name')),
        init,
        envNode,
        mountsNode,
        env: fitted(
          (envNode?.kind === 'seq' ? envNode.items : []).flatMap((e): EnvVar[] => {
            const em = asMap(e);
            return em ? [{ node: em, name: scalar(get(em, 'name')), value: get(em, 'value'), valueFrom: get(em, 'valueFrom') }] : [];
          }),
        ),
        mounts: fitted(
          (mountsNode?.kind === 'seq' ? mountsNode.items : []).flatMap((m): VolumeMount[] => {
            const mm = asMap(m);
            return mm ? [{ node: mm, name: scalar(get(mm, 'name')), mountPath: scalar(get(mm, 'mountPath')), subPath: scalar(get(mm, 'subPath')) }] : [];
          }),
        ),
      });
    }
  }
  const claimTemplateNames: ScalarNode[] = [];
  if (workloadKind === 'StatefulSet') {
    for (const t of listOf(get(root, 'spec', 'volumeClaimTemplates'))) {
      const n = scalar(get(t, 'metadata', 'name'));
      if (n) claimTemplateNames.push(n);
    }
  }
  const meta = asMap(get(root, 'metadata'));
  // Every whole object has metadata.name or generateName (K8S-val ValidateObjectMeta: "name or
  // generateName is required"); a Deployment without either is a fragment that code merges into a
  // base (openshift/csi-operator assets/common/sidecars), and a `$patch` directive marks a patch.
  // A `containers:` key left empty is a slot that patches fill: a whole pod needs at least one
  // container (K8S-val validateContainers: "Required value"), and the openshift/csi-operator generator
  // appends them to its base assets (pkg/generator/doc.go, assets/base/node.yaml).
  const containersPair = getPair(podSpec, 'containers');
  const emptyContainers = containersPair !== undefined && (!containersPair.value || (containersPair.value.kind === 'scalar' && containersPair.value.value === null) || (containersPair.value.kind === 'seq' && containersPair.value.items.length === 0));
  const partial = hasPatchDirective(root)
    ? 'it holds a strategic-merge patch directive (`$patch`)'
    : !str(get(meta, 'name')) && !str(get(meta, 'generateName'))
      ? 'it has no metadata.name (a fragment merged into a base)'
      : emptyContainers
        ? 'its `containers` is left empty for patches to fill (a base)'
        : undefined;
  return {
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'workload',
    workloadKind,
    apiVersion: scalar(get(root, 'apiVersion')),
    name: scalar(get(root, 'metadata', 'name')),
    namespace: scalar(get(root, 'metadata', 'namespace')),
    podSpec,
    podSpecPath,
    serviceAccountName: scalar(get(podSpec, 'serviceAccountName')),
    serviceAccount: scalar(get(podSpec, 'serviceAccount')),
    volumes: fitted(volumes),
    volumesNode,
    containers: fitted(containers),
    containersNode,
    claimTemplateNames: fitted(claimTemplateNames),
    partial,
  };
}

const PRINCIPAL_TYPES: PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser'];

/** `trust`: the document is a trust policy by where it is (a CreateRole `AssumeRolePolicyDocument`), whatever its statements say. */
function iamPolicy(ref: DocRef, trust = false): IamPolicy {
  const root = ref.root;
  const statementNode = get(root, 'Statement');
  const statements: PolicyStatement[] = [];
  for (const s of listOf(statementNode)) {
    const sm = asMap(s);
    if (!sm) continue;
    const action = get(sm, 'Action');
    const notAction = get(sm, 'NotAction');
    const principal = get(sm, 'Principal');
    const principals: Principal[] = [];
    if (principal?.kind === 'scalar') {
      principals.push({ type: '*', value: principal });
    } else if (principal?.kind === 'map') {
      for (const p of principal.pairs) {
        const t = String(p.key.value);
        const type = (PRINCIPAL_TYPES as string[]).includes(t) ? (t as PrincipalType) : undefined;
        if (!type) continue;
        for (const v of listOf(p.value)) if (v.kind === 'scalar' && v.value !== null) principals.push({ type, value: v });
      }
    }
    statements.push({
      node: sm,
      sid: scalar(get(sm, 'Sid')),
      effect: get(sm, 'Effect'),
      action,
      notAction,
      actions: fitted(listOf(action ?? notAction).flatMap((a) => (a.kind === 'scalar' && typeof a.value === 'string' ? [a] : []))),
      principal,
      notPrincipal: get(sm, 'NotPrincipal'),
      principals: fitted(principals),
      resource: get(sm, 'Resource'),
      notResource: get(sm, 'NotResource'),
      condition: get(sm, 'Condition'),
    });
  }
  // A statement with a Principal makes a trust (resource-based) policy. Without one, `sts:AssumeRole*`
  // actions only mean "trust policy with a forgotten Principal" when no statement names a Resource:
  // the caller's identity policy allowing `sts:AssumeRole` on the destination role has a Resource.
  // A Principal with actions that are all of another service (an S3 bucket, ECR repository or KMS key
  // policy) is some other resource-based policy, checked by neither the trust nor the identity rules.
  const actions = statements.flatMap((s) => s.actions.map((a) => String(a.value)));
  const hasPrincipal = statements.some((s) => s.principal !== undefined || s.notPrincipal !== undefined);
  const otherService = actions.length > 0 && !actions.some((a) => /^sts:/i.test(a) || a === '*');
  const policyType: IamPolicy['policyType'] = trust
    ? 'trust'
    : hasPrincipal
    ? otherService
      ? 'resource'
      : 'trust'
    : actions.some((a) => /^sts:AssumeRole/i.test(a)) && !statements.some((s) => s.resource !== undefined || s.notResource !== undefined)
      ? 'trust'
      : 'identity';
  const out: IamPolicy = {
    id: ref.id,
    uri: ref.uri,
    index: ref.index,
    doc: ref.doc,
    root: ref.root,
    kind: 'iamPolicy',
    policyType,
    version: get(root, 'Version'),
    statementNode,
    statements: fitted(statements),
    webIdentity: policyType === 'trust' ? webIdentityConditions(statements) : [],
  };
  if (policyType === 'trust') {
    const fromFile = trustRoleNameFromFileName(fileOfUri(ref.uri));
    if (fromFile !== undefined) out.roleName = { name: fromFile, source: 'file-name' };
  }
  return out;
}

/**
 * The `:sub`/`:aud` values of Allow statements with a Federated OIDC provider principal
 * (`arn:<partition>:iam::<account>:oidc-provider/<issuer>`). Operators: `ForAnyValue:`/`ForAllValues:`
 * and `…IfExists` are read as the plain operator; negated ones (`StringNotEquals`, `StringNotLike`)
 * name subjects that are kept out, not admitted, and are skipped (IAM-UG condition operators).
 */
function webIdentityConditions(statements: PolicyStatement[]): WebIdentityCondition[] {
  const out: WebIdentityCondition[] = [];
  for (const st of statements) {
    if (str(st.effect) === 'Deny') continue;
    if (!st.principals.some((p) => p.type === 'Federated' && /^arn:[^:]*:iam::[^:]*:oidc-provider\//.test(String(p.value.value)))) continue;
    for (const op of asMap(st.condition)?.pairs ?? []) {
      const operator = String(op.key.value).replace(/^For(?:Any|All)Values:/, '').replace(/IfExists$/, '');
      if (!/^String(?:Equals|EqualsIgnoreCase|Like)$/.test(operator)) continue;
      for (const kv of asMap(op.value)?.pairs ?? []) {
        const m = /^(.+):(sub|aud)$/.exec(String(kv.key.value));
        if (!m) continue;
        for (const v of listOf(kv.value)) {
          if (v.kind !== 'scalar' || typeof v.value !== 'string') continue;
          out.push({ claim: m[2] as 'sub' | 'aud', issuer: m[1]!, operator, like: operator === 'StringLike', key: kv.key, value: v, statement: st });
        }
      }
    }
  }
  return fitted(out);
}

/** Env var of a container by name (first occurrence). */
/**
 * Env var of a container by name. When a name repeats, the last entry is the one the container gets
 * (Kubernetes applies the list in order), so that is the one checked.
 */
export function envVar(c: Container, name: string): EnvVar | undefined {
  for (let i = c.env.length - 1; i >= 0; i--) if (str(c.env[i]!.name) === name) return c.env[i];
  return undefined;
}

export type { MapNode };

/**
 * Base64 → bytes → UTF-8 text, as `Buffer.from(b64, 'base64').toString('utf8')` gave, without Node
 * (the engine runs on WHATWG globals only, see web-globals.d.ts). `b64`: already checked to be
 * `[A-Za-z0-9+/]*={0,2}` of a length divisible by 4, which `atob` accepts; invalid UTF-8 → U+FFFD.
 */
export function decodeBase64Utf8(b64: string): string {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
