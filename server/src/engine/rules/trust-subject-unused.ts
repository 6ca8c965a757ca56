import { parseServiceAccountSubject } from '../domain';
import { renamedSubject, subjectCheck, usesOfPolicy } from './_trust-util';
import { ccoctlRequestOfTrustPolicy } from './ccoctl-trust-policy-mismatch';
import type { DocumentRule } from './types';

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
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust' || !doc.webIdentity.some((c) => c.claim === 'sub')) return;
    // A ccoctl role's trust policy is compared with its CredentialsRequest's list by
    // ccoctl-trust-policy-mismatch, which reports a subject the request does not list.
    if (ccoctlRequestOfTrustPolicy(doc, ctx)) return;
    const check = subjectCheck(ctx, doc, undefined);
    if (!check || !check.unused.length) return;
    // The set is in the workspace: a workload runs with the role, or as another of its subjects.
    const inSet = check.unused.length < doc.webIdentity.filter((c) => c.claim === 'sub' && !c.like).length || usesOfPolicy(ctx, doc, check.role.name).length > 0;
    if (!inSet) return;
    // A renamed service account is one mistake, reported by trust-subject-mismatch with a replace fix.
    const renamed = renamedSubject(check)?.stale;
    for (const c of check.unused) {
      if (c === renamed) continue;
      const sa = parseServiceAccountSubject(String(c.value.value))!;
      ctx.report({
        at: { doc, node: c.value },
        message: `No workload in the workspace runs as service account \`${sa.name}\` in namespace \`${sa.namespace}\`, although workloads that use this role are here: if the subject is stale (a renamed service account, a typo), remove or correct it.`,
      });
    }
  },
};

export default rule;
