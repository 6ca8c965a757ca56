import { dirOfUri } from '../workspace/view';
import { ccoctlRoleName } from '../domain';
import type { CredentialsRequest } from '../model/types';
import { get, str } from '../parse/tree';
import { where } from './_util';
import type { DocumentRule } from './types';

/** ccoctl skips CredentialsRequests annotated `release.openshift.io/delete: "true"` (CCOCTL-utils). */
function deleted(cr: CredentialsRequest): boolean {
  return str(get(cr.root, 'metadata', 'annotations', 'release.openshift.io/delete')) === 'true';
}

/**
 * Two CredentialsRequests that ccoctl maps to one IAM role: the same secretRef, or (with a known
 * `--name` prefix) names that agree in their first 64 characters (CCOCTL-roles, domain §2.4, §2.7).
 */
const rule: DocumentRule = {
  id: 'ccoctl-role-name-collision',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Two CredentialsRequests map to the same ccoctl IAM role (same secretRef, or the same first 64 characters).',
    details: [
      'ccoctl derives the role name only from the `--name` prefix and `spec.secretRef` (`<prefix>-<namespace>-<name>`, cut to 64 characters), and the Secret file name only from `secretRef` (`manifests/<namespace>-<name>-credentials.yaml`).',
      '',
      '**Why it matters.** Two CredentialsRequests with the same `secretRef`, or whose role names agree in the first 64 characters, get one role: ccoctl reuses the existing role (without updating its trust policy), puts the later request\'s inline policy over the earlier one (same policy name) and overwrites the Secret file. One of the two workloads silently ends up with the other\'s permissions or service accounts.',
      '',
      '**How to fix.** Give each CredentialsRequest its own `secretRef` (name or namespace), short enough that the role names differ within 64 characters; or merge the two requests into one with both sets of statements and service accounts.',
      '',
      'See domain.md §2.4 (role naming, truncation), §2.7 (Secret file) and §8.1 CR014.',
    ].join('\n'),
    sources: ['CR014 (domain §2.4, §2.7)'],
  },
  check(doc, ctx) {
    if (doc.kind !== 'credentialsRequest' || !doc.secretRef || deleted(doc)) return;
    const ns = str(doc.secretRef.namespace);
    const name = str(doc.secretRef.name);
    if (!ns || !name) return;
    const prefix = ctx.settings.ccoctlName;
    const role = prefix ? ccoctlRoleName(prefix, ns, name) : undefined;
    const others = new Set<CredentialsRequest>(ctx.ws.credentialsRequestsForSecret(ns, name));
    if (role) for (const d of ctx.ws.withKey(`role:${role}`)) if (d.kind === 'credentialsRequest') others.add(d);
    others.delete(doc);
    // One `ccoctl aws create-iam-roles` run reads one --credentials-requests-dir: CRs in other folders
    // (an overlay per cluster) are other runs, usually with another --name, and do not collide here.
    const dir = dirOfUri(doc.uri);
    for (const o of others) if (dirOfUri(o.uri) !== dir) others.delete(o);
    const at = doc.secretRef.name ?? doc.secretRef.node;
    for (const o of [...others].sort((a, b) => a.id.localeCompare(b.id))) {
      if (deleted(o)) continue;
      const ons = str(o.secretRef?.namespace);
      const oname = str(o.secretRef?.name);
      const oat = o.secretRef?.name ?? o.secretRef?.node ?? o.root;
      const oName = str(o.name) ?? '(unnamed)';
      const sameRef = ons === ns && oname === name;
      ctx.report({
        at: { doc, node: at },
        message: sameRef
          ? `CredentialsRequest ${oName} (${where(ctx, o, oat)}) has the same secretRef ${ns}/${name}: ccoctl gives both one IAM role${role ? ` "${role}"` : ''}, the later inline policy replaces the earlier one and the Secret file is overwritten. Give each its own secretRef.`
          : `CredentialsRequest ${oName} (${where(ctx, o, oat)}, secretRef ${ons}/${oname}) maps to the same IAM role "${role}" after ccoctl cuts role names to 64 characters: the later inline policy replaces the earlier one. Shorten one of the secretRef names so they differ within 64 characters.`,
        related: [{ at: { doc: o, node: oat }, message: `CredentialsRequest ${oName} maps to the same role` }],
      });
    }
  },
};

export default rule;
