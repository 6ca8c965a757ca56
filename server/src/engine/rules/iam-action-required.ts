import { capitalize, expectedTrustActions, insertMemberEdit, jsonValueList, principalFlavor, statementLabel, statementTarget } from './_iam-util';
import type { DocumentRule } from './types';

const FLAVOR_WORDS: Record<string, string> = {
  aws: 'an AWS principal',
  any: 'an AWS principal',
  service: 'a service principal',
  oidc: 'a Federated OIDC provider',
  'web-identity': 'a web-identity provider',
  saml: 'a SAML provider',
};

/**
 * IAM004 (Action part): every statement has exactly one of `Action` / `NotAction` (IAM-UG
 * reference_policies_grammar.md; access-analyzer "Missing action"; domain §4.1, §4.2, §7.3). In a
 * trust policy the quick fix adds the action the principal needs: `sts:AssumeRole` for AWS
 * principals, `sts:AssumeRoleWithWebIdentity` for an OIDC provider.
 */
const rule: DocumentRule = {
  id: 'iam-action-required',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: 'Each statement needs exactly one of `Action` or `NotAction`.',
    details: [
      'A statement without `Action` (or `NotAction`) grants nothing and IAM rejects the policy; Access Analyzer says',
      '"Missing action: Add an Action or NotAction element". A statement with both is rejected too.',
      '',
      'The guide\'s trust policy has this mistake: it names the ccoctl role as principal but no action. In a **trust policy**',
      'the action is the STS call the principal makes to get in:',
      '',
      '- AWS principal (a role, an assumed-role session, an account) → `"Action": "sts:AssumeRole"` — the guide\'s case;',
      '- Federated OIDC provider (the cluster\'s `oidc-provider/…`, as in the trust policy ccoctl writes) → `"Action": "sts:AssumeRoleWithWebIdentity"`;',
      '- SAML provider → `"sts:AssumeRoleWithSAML"`.',
      '',
      '`Action` is a string or a list of strings (`service:Action`, wildcards `*` and `?` allowed).',
      '',
      '**Fix**: add the action (quick fix available for trust policies; it picks the action from the principal type).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Missing action)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy') return;
    const text = ctx.text(doc.uri);
    for (const st of doc.statements) {
      const label = statementLabel(doc.statements, st);
      if (st.action && st.notAction) {
        ctx.report({
          at: { doc, node: st.notAction, part: 'key' },
          message: `${capitalize(label)} has both \`Action\` and \`NotAction\`: keep exactly one of them.`,
        });
        continue;
      }
      if (st.action || st.notAction) continue;
      // `action`/`Actions`: the schema reports the misspelt key with a suggestion.
      if (st.node.pairs.some((p) => /^(not)?actions?$/i.test(String(p.key.value)))) continue;
      if (doc.policyType !== 'trust') {
        ctx.report({
          at: statementTarget(doc, st),
          message: `${capitalize(label)} has no \`Action\`: add \`"Action"\` (or \`"NotAction"\`) with the actions it allows or denies, e.g. \`"dynamodb:GetItem"\`.`,
        });
        continue;
      }
      const actions = expectedTrustActions(st);
      const flavors = [...new Set(st.principals.map(principalFlavor).flatMap((f) => (f && FLAVOR_WORDS[f] ? [FLAVOR_WORDS[f]!] : [])))];
      if (!actions.length) {
        ctx.report({
          at: statementTarget(doc, st),
          message: `${capitalize(label)} has no \`Action\`: a trust policy statement must allow the STS call its principal makes (\`sts:AssumeRole\`, \`sts:AssumeRoleWithWebIdentity\` or \`sts:AssumeRoleWithSAML\`).`,
        });
        continue;
      }
      const anchor = st.node.pairs.find((p) => p.key.value === 'Principal') ?? st.node.pairs.find((p) => p.key.value === 'Effect');
      const value = jsonValueList(actions);
      ctx.report({
        at: statementTarget(doc, st),
        message: `${capitalize(label)} has no \`Action\`: for ${flavors.join(' and ')} a trust policy must allow ${actions.map((a) => `\`${a}\``).join(' and ')}. Add \`"Action": ${value}\`.`,
        fixes: [{ title: `Add "Action": ${value}`, preferred: true, edits: [insertMemberEdit(doc.uri, text, st.node, 'Action', value, anchor)] }],
      });
    }
  },
};

export default rule;
