/**
 * What a workload's own manifest says about the identity its pods run with. Pure functions of one
 * document: rules and the workspace index read them the same way.
 */
import type { CcoctlSecret, ServiceAccount, Workload } from './types';
// (#11 pattern 4) A templated namespace (`${NAMESPACE}`) is unknown, so nothing links by it.
import { known } from './unknown';
import { str as rawStr } from '../parse/tree';

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
