import { capitalize, statementLabel, statementTarget } from './_iam-util';
import type { DocumentRule } from './types';

/**
 * IAM004 (Effect part): every statement has `Effect` `Allow` or `Deny` (IAM-UG
 * reference_policies_grammar.md; domain §4.1). The value is checked by the schemas
 * (`x-irsa-rule: iam-effect`, enum); the code reports a missing `Effect` on the statement's first line.
 */
const rule: DocumentRule = {
  id: 'iam-effect',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: '`Effect` must be `Allow` or `Deny`.',
    details: [
      'Every statement needs an `Effect`, and the only values are `"Allow"` and `"Deny"`, case-sensitive:',
      '`"allow"` or `"ALLOW"` makes IAM reject the whole policy (`MalformedPolicyDocument`).',
      'In a trust policy the statement that lets the ccoctl role (or the OIDC provider) in must be `"Allow"`.',
      '',
      '**Fix**: add `"Effect": "Allow"` (or `"Deny"`), spelled exactly.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy') return;
    for (const st of doc.statements) {
      if (st.node.pairs.some((p) => p.key.value === 'Effect')) continue;
      // A wrongly cased `effect` is reported by the schema as an unknown key with a suggestion.
      if (st.node.pairs.some((p) => String(p.key.value).toLowerCase() === 'effect')) continue;
      ctx.report({
        at: statementTarget(doc, st),
        message: `${capitalize(statementLabel(doc.statements, st))} has no \`Effect\`: add \`"Effect": "Allow"\` (or \`"Deny"\`).`,
      });
    }
  },
};

export default rule;
