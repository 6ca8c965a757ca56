import { isAwsRequest } from './_cr';
import { known } from '../model/unknown';
import type { CredentialsRequest, IamPolicy } from '../model/types';
import { looseRoleOf } from '../domain';
import { getPair, ScalarNode, str, TreeNode } from '../parse/tree';
import { actionMatches } from './_iam-util';
import { where } from './_util';
import type { DocumentRule } from './types';
import { codeUnitOrder } from '../format';

/** The principal in `p` that names the ccoctl role of `cr`. */
function principalFor(p: IamPolicy, roleMatches: (roleName: string) => boolean): ScalarNode | undefined {
  for (const s of p.statements) {
    for (const pr of s.principals) {
      if (pr.type !== 'AWS') continue;
      const r = looseRoleOf(String(pr.value.value));
      if (r && roleMatches(r.roleName)) return pr.value;
    }
  }
  return undefined;
}

function anchor(cr: CredentialsRequest): TreeNode {
  const entries = cr.providerSpec ? getPair(cr.providerSpec, 'statementEntries') : undefined;
  return entries?.key ?? (cr.spec ? getPair(cr.spec, 'providerSpec')?.key : undefined) ?? cr.kindNode ?? cr.root;
}

/**
 * Role chaining needs both sides (IAM-UG, domain §4.2): a trust policy in the destination account
 * that names this CredentialsRequest's ccoctl role, AND an identity-policy statement on that role
 * allowing `sts:AssumeRole`. This rule finds trust policies in the workspace whose AWS principal is
 * the ccoctl role (or a session of it) and checks that some statement entry allows sts:AssumeRole.
 */
const rule: DocumentRule = {
  id: 'cr-assume-role-permission',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'A trust policy lets this CredentialsRequest\'s role assume another role, but no statement entry allows `sts:AssumeRole`.',
    details: [
      'Assuming a role in another account needs two permissions: the destination role\'s trust policy must name the caller (here the role ccoctl creates for this CredentialsRequest, or one of its sessions), and the caller\'s own permissions — the `statementEntries` of this CredentialsRequest — must allow `sts:AssumeRole` on the destination role ARN.',
      '',
      '**Why it matters.** With only the trust policy in place the application\'s AssumeRole call fails with `AccessDenied: User: arn:aws:sts::<A>:assumed-role/<role>/<session> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::<B>:role/<name>`.',
      '',
      '**How to fix.** Add a statement entry:',
      '',
      '```yaml',
      '- effect: Allow',
      '  action:',
      '  - sts:AssumeRole',
      '  resource: arn:aws:iam::<destination account>:role/<destination role>',
      '```',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the inline policy built from statementEntries)',
    ],
  },
  check(doc, ctx) {
    // Statement contents of a tree with syntax errors do not mean what the author wrote.
    if (!isAwsRequest(doc) || !doc.doc.sound) return;
    // (#11 pattern 4) A templated secretRef is unknown until rendered: no role name to compute or compare.
    const ns = known(doc.secretRef?.namespace);
    const name = known(doc.secretRef?.name);
    if (!ns || !name) return;
    const policies = ctx.ws.trustPoliciesFor(doc);
    if (policies.length === 0) return;
    const allows = doc.statementEntries.some(
      (e) => str(e.effect) === 'Allow' && e.actions.some((a) => actionMatches(String(a.value), 'sts:AssumeRole')),
    );
    if (allows) return;
    const role = ctx.ws.roleNameFor(doc);
    const matches = (r: string): boolean => (role ? r === role : r.endsWith(`-${ns}-${name}`));
    const related = policies
      .sort((a, b) => codeUnitOrder(a.uri, b.uri))
      .flatMap((p) => {
        const pr = principalFor(p, matches);
        return pr ? [{ p, pr }] : [];
      });
    if (related.length === 0) return;
    const first = related[0]!;
    ctx.report({
      at: { doc, node: anchor(doc) },
      message: `The trust policy at ${where(ctx, first.p, first.pr)} lets this CredentialsRequest's role${role ? ` "${role}"` : ''} assume a destination role, but no statement entry allows sts:AssumeRole, so the call fails with AccessDenied. Add an entry with effect: Allow, action: [sts:AssumeRole] and resource: the destination role ARN.`,
      related: related.map(({ p, pr }) => ({ at: { doc: p, node: pr }, message: 'Trust policy principal naming this role' })),
    });
  },
};

export default rule;
