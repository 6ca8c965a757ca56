/**
 * Which role chain(s) a workspace offers to the code generator: the one at the cursor, or every
 * CredentialsRequest set that has a destination role. Pure (engine Workspace in, chains out), so the
 * VS Code command stays a thin UI and this logic is unit-tested.
 */
import { IrsaChain, irsaChainFor } from '../../../server/src/engine';
import type { Workspace } from '../../../server/src/engine';
import { str } from '../../../server/src/engine';

export interface ChainTarget {
  /** `namespace/secret` of the CredentialsRequest's secretRef. */
  label: string;
  /** `→ <destination role ARN>` */
  description: string;
  /** Where the CredentialsRequest is (a URI). */
  uri: string;
  chain: IrsaChain;
}

/**
 * The chain of the IRSA document that contains `offset` in `uri` (a CredentialsRequest, workload,
 * ccoctl Secret, service account or trust policy), or undefined when the cursor is in none or its set
 * has no destination role.
 */
export function chainAtOffset(ws: Workspace, uri: string, offset: number): IrsaChain | undefined {
  const docs = ws.documents(uri);
  const at = docs.find((d) => offset >= d.doc.start && offset <= d.doc.end) ?? (docs.length === 1 ? docs[0] : undefined);
  return at ? irsaChainFor(ws.view, at) : undefined;
}

/** One target per CredentialsRequest with a destination role, sorted by label. */
export function chainTargets(ws: Workspace): ChainTarget[] {
  const out: ChainTarget[] = [];
  for (const cr of ws.view.all('credentialsRequest')) {
    const chain = irsaChainFor(ws.view, cr);
    if (!chain) continue;
    out.push({
      label: `${str(cr.secretRef?.namespace) ?? '?'}/${str(cr.secretRef?.name) ?? str(cr.name) ?? '?'}`,
      description: `→ ${chain.destinationRoleArn}`,
      uri: cr.uri,
      chain,
    });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label) || a.uri.localeCompare(b.uri));
}
