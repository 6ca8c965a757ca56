import { CCOCTL_ROLE_NAME_MAX, ccoctlRoleName, ccoctlRoleNameFull, looseRoleOf, matchesCcoctlSuffix } from '../domain';
import { known } from '../model/unknown';
import { str } from '../parse/tree';
import { where } from './_util';
import type { DocumentRule, FixSpec } from './types';
import { codeUnitOrder } from '../format';

/** True when `roleName` is the 64-character cut of `<some prefix>-<ns>-<secret>` (CCOCTL-roles). */
function isTruncationOf(roleName: string, ns: string, secret: string): boolean {
  if (roleName.length !== CCOCTL_ROLE_NAME_MAX) return false;
  const suffix = `-${ns}-${secret}`;
  for (let i = 1; i < roleName.length; i++) if (suffix.startsWith(roleName.slice(i))) return true;
  return false;
}

/**
 * The role name in the Secret's role_arn against the name ccoctl derives for its CredentialsRequest:
 * exact with a known `--name` prefix, else by the `-<namespace>-<secret>` suffix (domain §2.4).
 */
const rule: DocumentRule = {
  id: 'secret-role-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The role in the Secret\'s `role_arn` is not the role ccoctl creates for its CredentialsRequest.',
    details: [
      'ccoctl names the role `<--name>-<secretRef.namespace>-<secretRef.name>` (cut to 64 characters) and writes its ARN into the Secret. When the `role_arn` in a Secret names another role, the Secret was edited by hand or belongs to another CredentialsRequest or ccoctl `--name`.',
      '',
      '**Why it matters.** The pod then assumes a role whose trust policy and permissions are not the ones the CredentialsRequest describes: typically STS refuses the token ("Not authorized to perform sts:AssumeRoleWithWebIdentity") or the permissions differ silently. Trust policies in other accounts that name the ccoctl role do not match either.',
      '',
      '**How to fix.** Use the ARN ccoctl printed for this CredentialsRequest (quick fix when `ccoctl.name` is set in `.irsa.yaml`), or fix `ccoctl.name` if the prefix is what differs. Without `ccoctl.name`, the role name must at least end with `-<namespace>-<secret name>`.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (role name `<--name>-<namespace>-<name>`, cut to 64)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret') return;
    // (#11 pattern 4) A templated name or namespace links to no request.
    const ns = known(doc.namespace);
    const name = known(doc.name);
    const arnEntry = doc.profile.get('role_arn');
    if (!ns || !name || !arnEntry) return;
    const role = looseRoleOf(arnEntry.value.trim());
    if (!role || role.kind !== 'role') return;
    const crs = ctx.ws.credentialsRequestsForSecret(ns, name).sort((a, b) => codeUnitOrder(a.id, b.id));
    const cr = crs[0];
    if (!cr || !cr.secretRef) return;
    const crNode = cr.secretRef.name ?? cr.secretRef.node;
    const crLabel = str(cr.name) ?? '(unnamed)';
    const prefix = ctx.settings.ccoctlName;
    const target = arnEntry.exact ? { uri: doc.uri, start: arnEntry.start, end: arnEntry.end } : { doc, node: doc.credentialsNode };
    const related = [{ at: { doc: cr, node: crNode }, message: `secretRef of CredentialsRequest ${crLabel}` }];
    if (prefix) {
      const expected = ccoctlRoleName(prefix, ns, name);
      if (role.roleName === expected) return;
      const full = ccoctlRoleNameFull(prefix, ns, name);
      const fixes: FixSpec[] | undefined =
        arnEntry.exact && arnEntry.value.endsWith(role.roleName)
          ? [{ title: `Use role \`${expected}\``, preferred: true, edits: [{ uri: doc.uri, start: arnEntry.end - role.roleName.length, end: arnEntry.end, newText: expected }] }]
          : undefined;
      ctx.report({
        at: target,
        message: `role_arn names role "${role.roleName}", but ccoctl --name ${prefix} creates "${expected}"${full !== expected ? ` (cut from "${full}")` : ''} for CredentialsRequest ${crLabel} (${where(ctx, cr, crNode)}). Use that role's ARN, or fix ccoctl.name in .irsa.yaml if the prefix differs.`,
        related,
        fixes,
      });
      return;
    }
    if (matchesCcoctlSuffix(role.roleName, ns, name) || isTruncationOf(role.roleName, ns, name)) return;
    ctx.report({
      at: target,
      message: `role_arn names role "${role.roleName}", but ccoctl names the role of CredentialsRequest ${crLabel} (${where(ctx, cr, crNode)}) "<--name>-${ns}-${name}". Use the ARN ccoctl created for it (set ccoctl.name in .irsa.yaml to check the exact name).`,
      related,
    });
  },
};

export default rule;
