import { looseRoleOf } from '../domain';
import { known } from '../model/unknown';
import type { CredentialsRequest } from '../model/types';
import { str } from '../parse/tree';
import { replaceString, where } from './_util';
import type { DocumentRule, FixSpec } from './types';
import { codeUnitOrder } from '../format';

/**
 * A ccoctl Secret is written as `<secretRef.namespace>/<secretRef.name>` (CCOCTL-roles, domain
 * §2.7). When no CredentialsRequest has this Secret's exact secretRef, the CredentialsRequest it was
 * meant for is found by the role in its role_arn, else by secret name, and the differing field is
 * reported with a repair.
 */
const rule: DocumentRule = {
  id: 'secret-matches-secret-ref',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The credentials Secret\'s name and namespace must equal its CredentialsRequest\'s `spec.secretRef`.',
    details: [
      'ccoctl writes the Secret with `metadata.name = spec.secretRef.name` and `metadata.namespace = spec.secretRef.namespace`, and the role it creates only trusts service accounts of `secretRef.namespace`. A hand-edited or renamed Secret that no longer matches breaks those links.',
      '',
      '**Why it matters.** Workloads mount the Secret by name in their own namespace: a Secret in another namespace cannot be mounted at all (the pod stays in ContainerCreating), and a renamed one is not the Secret the CredentialsRequest, the role name and the other files refer to.',
      '',
      '**How to fix.** Set `metadata.name`/`metadata.namespace` back to the CredentialsRequest\'s `secretRef` (quick fix), or change `secretRef` and re-run ccoctl so the role name follows.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (Secret `<secretRef.namespace>/<secretRef.name>`, role name)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret') return;
    // (#11 pattern 4) Templated names and namespaces, here or in the request, are unknown: no comparison.
    const name = known(doc.name);
    const ns = known(doc.namespace);
    if (!name) return;
    if (ns ? ctx.ws.credentialsRequestsForSecret(ns, name).length : ctx.ws.credentialsRequestsForSecretName(name).length) return;
    const candidates: CredentialsRequest[] = [];
    const arn = doc.profile.get('role_arn')?.value;
    const role = arn ? looseRoleOf(arn.trim()) : undefined;
    if (role) candidates.push(...ctx.ws.credentialsRequestsForRole(role.roleName, doc.uri));
    if (candidates.length === 0) candidates.push(...ctx.ws.credentialsRequestsForSecretName(name));
    const uniq = [...new Set(candidates)].sort((a, b) => codeUnitOrder(a.id, b.id));
    if (uniq.length !== 1) return;
    const cr = uniq[0]!;
    const crNs = known(cr.secretRef?.namespace);
    const crName = known(cr.secretRef?.name);
    if (!crNs || !crName || !cr.secretRef) return;
    const crLabel = str(cr.name) ?? '(unnamed)';
    const related = [{ at: { doc: cr, node: cr.secretRef.node.pair?.key ?? cr.secretRef.node }, message: `secretRef of CredentialsRequest ${crLabel}` }];
    const how = role ? `its role_arn names the role of CredentialsRequest ${crLabel}` : `CredentialsRequest ${crLabel} writes a Secret of this name`;
    if (name !== crName && doc.name) {
      const fixes: FixSpec[] = [{ title: `Rename the Secret to \`${crName}\``, preferred: true, edits: [replaceString(doc.uri, doc.name, crName)] }];
      ctx.report({
        at: { doc, node: doc.name },
        message: `Secret name "${name}" does not match secretRef.name "${crName}" of CredentialsRequest ${crLabel} (${where(ctx, cr, cr.secretRef.name ?? cr.secretRef.node)}), although ${how}. ccoctl writes this Secret as ${crNs}/${crName}; workloads mount it by that name.`,
        related,
        fixes,
      });
    }
    if (ns && ns !== crNs && doc.namespace) {
      ctx.report({
        at: { doc, node: doc.namespace },
        message: `Secret namespace "${ns}" does not match secretRef.namespace "${crNs}" of CredentialsRequest ${crLabel} (${where(ctx, cr, cr.secretRef.namespace ?? cr.secretRef.node)}). The role only trusts service accounts of ${crNs}, and a pod can only mount a Secret of its own namespace.`,
        related,
        fixes: [{ title: `Move the Secret to namespace \`${crNs}\``, preferred: true, edits: [replaceString(doc.uri, doc.namespace, crNs)] }],
      });
    }
  },
};

export default rule;
