import { parseServiceAccountSubject } from '../domain';
import { trustRoleOf, unknownSubject } from './_trust-util';
import { ccoctlRequestOfTrustPolicy } from './ccoctl-trust-policy-mismatch';
import { isPlaceholderNode } from '../model/unknown';
import type { Workload } from '../model/types';
import type { DocumentRule, RuleContext } from './types';

/**
 * Issue #13 (info): an exact `:sub` subject that no workload of the workspace runs as, in a policy
 * whose set is in the workspace (its role is used by some workload, or another of its subjects is):
 * a stale subject (a renamed service account, a typo) admits nobody who is here, and may admit a
 * future pod nobody meant to trust.
 */
const rule: DocumentRule = {
  id: 'trust-subject-unused',
  defaultSeverity: 'info',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'A `:sub` subject of a web identity trust policy that no workload in the workspace runs as.',
    details: [
      'A web identity trust policy lists the service accounts it admits as `system:serviceaccount:<namespace>:<name>` values',
      'of its `<issuer>:sub` condition. A subject that no workload of the set runs as is usually left over from a rename or a',
      'typo — and the workload that should have used it is then refused (see `trust-subject-mismatch`).',
      '',
      'Reported as information, only when the policy\'s set is in the workspace: a workload runs with its role (see',
      '`trust-subject-mismatch` for how that link is made) or runs as another of its subjects. Wildcard (`StringLike`) subjects',
      'are not judged. A workload whose manifest has no namespace counts for every namespace.',
      '',
      '**Fix**: remove the stale subject, or correct it to the service account the workload runs as.',
      '',
      'A ccoctl role\'s trust policy is left to `ccoctl-trust-policy-mismatch`, which reports a subject its CredentialsRequest does',
      'not list.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html (one `:sub` value per service account)',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/serviceaccount/util.go (MakeUsername: `system:serviceaccount:<namespace>:<name>`)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    const subjects = doc.webIdentity.filter((c) => c.claim === 'sub' && !c.like && !unknownSubject(String(c.value.value)) && !isPlaceholderNode(c.value)).flatMap((c) => {
      const sa = parseServiceAccountSubject(String(c.value.value));
      return sa ? [{ c, sa }] : [];
    });
    // A ccoctl role's trust policy is compared with its CredentialsRequest's list by
    // ccoctl-trust-policy-mismatch, which reports a subject the request does not list.
    if (!subjects.length || ccoctlRequestOfTrustPolicy(doc, ctx)) return;
    const role = trustRoleOf(ctx, doc);
    const used = subjects.map(({ sa }) => runningAs(ctx, sa.namespace, sa.name));
    const inSet = used.some((w) => w.length > 0) || (role !== undefined && ctx.ws.workloadsUsingRole(role.name).length > 0);
    if (!inSet) return;
    for (const [i, { c, sa }] of subjects.entries()) {
      if (used[i]!.length) continue;
      ctx.report({
        at: { doc, node: c.value },
        message: `No workload in the workspace runs as service account \`${sa.name}\` in namespace \`${sa.namespace}\`, while other files of this role's set are here: if the subject is stale (a renamed service account, a typo), remove or correct it.`,
      });
    }
  },
};

/** Workloads that run as `namespace/name` (a workload without a known namespace counts for any). */
function runningAs(ctx: RuleContext, namespace: string, name: string): Workload[] {
  return ctx.ws.workloadsRunningAs(name).filter((w) => {
    const ns = ctx.ws.effectiveNamespace(w);
    return ns === undefined || ns === namespace;
  });
}

export default rule;
