import { capitalize, isResourceBasedPolicy, removeMemberEdit, statementLabel, statementTarget } from './_iam-util';
import type { DocumentRule } from './types';

/**
 * IAM006: a role trust policy names who may assume the role: `Principal` is required, `NotPrincipal`
 * is not supported, `Resource`/`NotResource` are prohibited ("Has prohibited field Resource"), and a
 * `*` principal lets anyone in (IAM-UG access-analyzer-reference-policy-checks.md; domain §4.2).
 */
const rule: DocumentRule = {
  id: 'trust-policy-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: 'A trust policy needs a `Principal`, has no `NotPrincipal`, no `Resource`/`NotResource`, and no `*` principal.',
    details: [
      'A role\'s trust policy (its `AssumeRolePolicyDocument`) answers one question: **who may assume this role**. So:',
      '',
      '- every statement needs a `Principal` — for the guide\'s destination role, the ccoctl-created role in the OpenShift account:',
      '  `"Principal": { "AWS": "arn:aws:iam::<openshift-account-id>:role/<ccoctl role name>" }`;',
      '- `NotPrincipal` is not supported in trust policies;',
      '- `Resource` / `NotResource` are prohibited — the resource is the role itself. IAM\'s CreateRole/UpdateAssumeRolePolicy',
      '  fail with `MalformedPolicyDocument: Has prohibited field Resource`; Access Analyzer reports "Role trust policy syntax error resource";',
      '- `"Principal": "*"` or `{ "AWS": "*" }` lets any AWS account assume the role (Access Analyzer: "unsupported wildcard in principal").',
      '',
      '`Principal` is `"*"` or a mapping from `AWS`, `Federated`, `Service` or `CanonicalUser` to one value or a list.',
      '',
      '**Fix**: name the principal exactly; remove `Resource`/`NotResource` (quick fix available).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust' || isResourceBasedPolicy(doc)) return;
    for (const st of doc.statements) {
      const label = statementLabel(doc.statements, st);
      if (!st.principal && !st.notPrincipal && !st.node.pairs.some((p) => /^principals?$/i.test(String(p.key.value)))) {
        ctx.report({
          at: statementTarget(doc, st),
          message: `${capitalize(label)} has no \`Principal\`: a trust policy must name who may assume the role, e.g. \`"Principal": { "AWS": "arn:aws:iam::<account-id>:role/<ccoctl role name>" }\`.`,
        });
      }
      if (st.notPrincipal) {
        ctx.report({
          at: { doc, node: st.notPrincipal, part: 'key' },
          message: 'Trust policies do not support `NotPrincipal`: name the allowed principal with `Principal` instead.',
        });
      }
      for (const n of [st.resource, st.notResource]) {
        if (!n?.pair) continue;
        const key = String(n.pair.key.value);
        ctx.report({
          at: { doc, node: n, part: 'key' },
          message: `A trust policy cannot contain \`${key}\` (IAM: "Has prohibited field ${key}"): the resource is the role itself. Remove it.`,
          fixes: [{ title: `Remove "${key}" from the trust policy`, preferred: true, edits: [removeMemberEdit(doc.uri, n.pair)] }],
        });
      }
      for (const p of st.principals) {
        if (String(p.value.value) !== '*') continue;
        ctx.report({
          at: { doc, node: p.value },
          message: 'A `*` principal lets any AWS account assume this role: name the exact principal (for IRSA, the ccoctl role ARN or the OIDC provider).',
        });
      }
    }
  },
};

export default rule;
