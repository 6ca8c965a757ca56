/**
 * What a workload's own manifest says about the identity its pods run with. Pure functions of one
 * document: rules and the workspace index read them the same way.
 */
import type { CcoctlSecret, ServiceAccount, Workload } from './types';
// (#11 pattern 4) A templated namespace (`${NAMESPACE}`) is unknown, so nothing links by it.
import { known } from './unknown';
import { asMap, get, str as rawStr, type MapNode, type ScalarNode } from '../parse/tree';
import { isPlaceholderNode } from './unknown';
import { looseRoleOf, POD_IDENTITY_ROLE_ARN_ANNOTATION } from '../domain';

/** Namespace of a workload, or undefined when the manifest leaves it to `oc apply -n`. */
export function workloadNamespace(w: Workload | ServiceAccount | CcoctlSecret): string | undefined {
  return known(w.namespace);
}

/**
 * Service account a pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else
 * `default` (Kubernetes core/v1 PodSpec: "ServiceAccountName is the name of the ServiceAccount to use
 * to run this pod"; the admission plugin sets `default` when it is empty).
 */
export function effectiveServiceAccount(w: Workload): string {
  // A templated name stays as written (it is not `default`); nothing else has that name, so it links to nothing.
  return rawStr(w.serviceAccountName) ?? rawStr(w.serviceAccount) ?? 'default';
}

/**
 * A pod set up the ccoctl way: it points an AWS SDK at a config file (`AWS_CONFIG_FILE`, which is how
 * the ccoctl Secret's profile is used). Used only for the "only CredentialsRequest in this namespace"
 * fallback link. A pod with only `AWS_SHARED_CREDENTIALS_FILE` (static keys) or only a projected
 * token (Vault, the EKS-style webhook) is someone else's set-up and is not linked that way.
 */
export function isIrsaShaped(w: Workload): boolean {
  return w.containers.some((c) => c.env.some((e) => rawStr(e.name) === 'AWS_CONFIG_FILE'));
}

/** Where a web identity role ARN is written: the ScalarNode of the value, and the role it names. */
export interface RoleArnSite {
  node: ScalarNode;
  arn: string;
  account: string;
  roleName: string;
}

/**
 * The role a ServiceAccount asks the pod identity webhook for: its `eks.amazonaws.com/role-arn`
 * annotation (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go reads it from the pod's
 * service account and injects AWS_ROLE_ARN). Undefined without the annotation, for a templated value
 * or one that is not a role ARN.
 */
export function annotatedRole(sa: ServiceAccount): RoleArnSite | undefined {
  const pair = sa.annotations?.pairs.find((p) => p.key.value === POD_IDENTITY_ROLE_ARN_ANNOTATION);
  const node = pair?.value?.kind === 'scalar' ? pair.value : undefined;
  return node ? roleSite(node) : undefined;
}

/**
 * Roles the containers of a workload name in their own `AWS_ROLE_ARN` env value (the variable the
 * SDKs' web identity providers read, and the one the webhook leaves alone when a container sets it:
 * handler.go `if _, ok := envNames["AWS_ROLE_ARN"]; !ok`). One entry per distinct role.
 */
export function envRoles(w: Workload): RoleArnSite[] {
  const out: RoleArnSite[] = [];
  for (const c of w.containers) {
    for (const e of c.env) {
      if (rawStr(e.name) !== 'AWS_ROLE_ARN' || e.value?.kind !== 'scalar') continue;
      const r = roleSite(e.value);
      if (r && !out.some((x) => x.roleName === r.roleName)) out.push(r);
    }
  }
  return out;
}

function roleSite(node: ScalarNode): RoleArnSite | undefined {
  if (typeof node.value !== 'string' || isPlaceholderNode(node)) return undefined;
  const r = looseRoleOf(node.value);
  return r && r.kind === 'role' ? { node, arn: node.value, account: r.account, roleName: r.roleName } : undefined;
}

/**
 * Whether the pod identity webhook gives some container of the workload the role of its service
 * account: it mutates every container and init container except those named in the pod's
 * `eks.amazonaws.com/skip-containers` annotation (comma-separated), and leaves AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE alone in a container that defines either itself
 * (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go getContainersToSkip, addEnvToContainer
 * `webIdentityKeysDefined`). False when every container is skipped or brings its own.
 */
export function webhookInjectsRole(w: Workload): boolean {
  const skipped = webhookSkippedContainers(w);
  return w.containers.some((c) => {
    const name = rawStr(c.name);
    if (name !== undefined && skipped.has(name)) return false;
    return !c.env.some((e) => {
      const n = rawStr(e.name);
      return n === 'AWS_ROLE_ARN' || n === 'AWS_WEB_IDENTITY_TOKEN_FILE';
    });
  });
}

/** The pod template's `metadata.annotations` (the pod's own for a Pod), where the webhook reads pod annotations. */
export function podAnnotations(w: Workload): MapNode | undefined {
  return asMap(get(w.root, ...w.podSpecPath.slice(0, -1), 'metadata', 'annotations'));
}

/**
 * The container names of the pod's `eks.amazonaws.com/skip-containers` annotation, which the webhook
 * does not mutate: the value is read as one CSV record and each field compared exactly, without
 * trimming (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go getContainersToSkip:
 * `csv.NewReader(…).Read()`). Empty without the annotation.
 */
export function webhookSkippedContainers(w: Workload): Set<string> {
  const v = rawStr(get(podAnnotations(w), 'eks.amazonaws.com/skip-containers'));
  return new Set(v === undefined ? [] : v.split(','));
}

/**
 * The names an application folder may carry for this workload (issue #14, code and dependency manifests
 * linked by folder tree): its `metadata.name`, each container's name, and each container image's
 * repository (`registry.example.com/team/orders-api:1.4` → `orders-api`). Unique, in that order.
 */
export function applicationNames(w: Workload): string[] {
  const out = new Set<string>();
  const name = rawStr(w.name);
  if (name) out.add(name);
  for (const c of w.containers) {
    const cn = rawStr(c.name);
    if (cn) out.add(cn);
    const image = rawStr(c.node.pairs.find((p) => p.key.value === 'image')?.value);
    const repo = image?.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
    if (repo) out.add(repo.slice(repo.lastIndexOf('/') + 1));
  }
  return [...out];
}

/**
 * Most workloads of a shared folder tree that application code or a dependency manifest is linked to
 * when no folder name picks one (rules/_deps-util.ts linkedWorkloads): past this the tree is a
 * deployment repository's (or a monorepo's) whole set, not this application's.
 */
export const MAX_SHARED_TREE = 20;
