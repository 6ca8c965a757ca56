import { capitalize, statementLabel, statementTarget } from './_iam-util';
import type { DocumentRule } from './types';

/**
 * IAM005: in an identity policy (no Principal) every statement has exactly one of `Resource` /
 * `NotResource`, and no `Principal` (IAM-UG reference_policies_grammar.md; domain §4.1). The caller
 * side of the IRSA chain is such a policy: the ccoctl role's inline policy allowing `sts:AssumeRole`
 * on the destination role ARN.
 */
const rule: DocumentRule = {
  id: 'iam-identity-policy-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: 'An identity policy needs exactly one of `Resource`/`NotResource` and no `Principal`.',
    details: [
      'A policy attached to a role or user (an *identity* policy — e.g. the ccoctl role\'s inline policy built from the',
      'CredentialsRequest\'s `statementEntries`) says what the identity may do **on which resources**. Each statement therefore',
      'needs `Resource` (or `NotResource`, but not both); IAM rejects a statement without one. It has no `Principal`: the',
      'principal is whoever the policy is attached to. (A JSON policy that names a `Principal` is treated as a trust /',
      'resource-based policy and checked by `trust-policy-shape` instead.)',
      '',
      'For the IRSA chain, the caller role needs:',
      '',
      '```json',
      '{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::<destination-account-id>:role/<destination-role>" }',
      '```',
      '',
      '**Fix**: add `"Resource"` with the ARN(s) the statement applies to (`"*"` for all), and remove `Principal`.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'identity') return;
    for (const st of doc.statements) {
      const label = statementLabel(doc.statements, st);
      if (st.resource && st.notResource) {
        ctx.report({ at: { doc, node: st.notResource, part: 'key' }, message: `${capitalize(label)} has both \`Resource\` and \`NotResource\`: keep exactly one of them.` });
      } else if (!st.resource && !st.notResource && !st.node.pairs.some((p) => /^(not)?resources?$/i.test(String(p.key.value)))) {
        ctx.report({
          at: statementTarget(doc, st),
          message: `${capitalize(label)} has no \`Resource\`: an identity policy must say which resources it applies to, e.g. \`"Resource": "arn:aws:iam::<account-id>:role/<role-name>"\` (or \`"*"\`).`,
        });
      }
      for (const n of [st.principal, st.notPrincipal]) {
        if (n) ctx.report({ at: { doc, node: n, part: 'key' }, message: 'An identity policy cannot name a principal: remove it (the principal is the role or user the policy is attached to).' });
      }
    }
  },
};

export default rule;
