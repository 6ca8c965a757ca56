import { asMap } from '../parse/tree';
import type { PairNode } from '../parse/tree';
import { arnProblem, capitalize, principalFlavor, statementLabel } from './_iam-util';
import type { DocumentRule } from './types';

/**
 * IAM010: a trust statement that allows a Federated OIDC provider needs a `<issuer>:sub` condition,
 * or every service account the cluster's issuer signs a token for may assume the role (Access
 * Analyzer "Missing condition key for oidc principal"; IAM-UG reference_policies_iam-condition-keys.md;
 * domain §2.5, §4.2). ccoctl itself writes only a `:sub` condition (no `:aud`), so `:aud` is not required.
 */
const rule: DocumentRule = {
  id: 'oidc-principal-condition',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'A Federated OIDC principal needs a `:sub` (and ideally `:aud`) condition.',
    details: [
      'A trust statement with `"Principal": { "Federated": "arn:aws:iam::<account-id>:oidc-provider/<issuer>" }` admits',
      '**every token the cluster\'s service-account issuer signs** unless a condition narrows it down. The trust policy',
      '`ccoctl aws create-iam-roles` writes pins the subject to the CredentialsRequest\'s service accounts:',
      '',
      '```json',
      '"Condition": { "StringEquals": { "<issuer host/path>:sub": [ "system:serviceaccount:<secretRef.namespace>:<service-account>" ] } }',
      '```',
      '',
      'This rule warns when an OIDC principal has no `<issuer>:sub` condition (a `:aud` condition alone still lets every',
      'service account in every namespace in), and when the condition key names a different issuer than the principal —',
      'IAM then finds no such key in the token and the condition never matches.',
      '',
      '**Fix**: add a `StringEquals` condition on `<issuer>:sub` listing `system:serviceaccount:<namespace>:<name>` for each',
      'service account of the CredentialsRequest (`:aud` = `openshift` may be added too).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Missing condition key for oidc principal)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the `:sub` condition ccoctl writes)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    for (const st of doc.statements) {
      if (st.effect?.kind === 'scalar' && st.effect.value === 'Deny') continue;
      // A malformed provider ARN (e.g. with `https://`) is arn-format's finding; its issuer cannot be compared.
      const oidc = st.principals.filter((p) => principalFlavor(p) === 'oidc' && !arnProblem(String(p.value.value), 'principal-federated'));
      if (!oidc.length) continue;
      const keys: PairNode[] = [];
      for (const op of asMap(st.condition)?.pairs ?? []) keys.push(...(asMap(op.value)?.pairs ?? []));
      const issuers = oidc.map((p) => String(p.value.value).replace(/^arn:[^:]*:iam::[^:]*:oidc-provider\//, ''));
      const subKeys = keys.filter((k) => /:sub$/i.test(String(k.key.value)));
      const label = statementLabel(doc.statements, st);
      if (!subKeys.length) {
        const hasAud = keys.some((k) => /:aud$/i.test(String(k.key.value)));
        ctx.report({
          at: { doc, node: oidc[0]!.value },
          message:
            `${capitalize(label)} trusts the OIDC provider \`${issuers[0]}\` without a \`${issuers[0]}:sub\` condition` +
            `${hasAud ? ' (an `:aud` condition alone does not restrict who)' : ''}: every service account the cluster signs tokens for can assume this role. ` +
            `Add \`"Condition": { "StringEquals": { "${issuers[0]}:sub": "system:serviceaccount:<namespace>:<service-account>" } }\`.`,
        });
        continue;
      }
      for (const k of keys) {
        const name = String(k.key.value);
        const m = /^(.*):(sub|aud|azp|amr)$/i.exec(name);
        if (!m || issuers.some((i) => i.toLowerCase() === m[1]!.toLowerCase())) continue;
        if (/^(aws|sts|iam|saml|cognito-identity\.amazonaws\.com|accounts\.google\.com|www\.amazon\.com|graph\.facebook\.com)$/i.test(m[1]!)) continue;
        ctx.report({
          at: { doc, node: k.key },
          message: `Condition key \`${name}\` names the issuer \`${m[1]}\`, but the principal is the OIDC provider \`${issuers.join('`, `')}\`: the token has no such key, so this condition never matches. Use \`${issuers[0]}:${m[2]}\`.`,
        });
      }
    }
  },
};

export default rule;
