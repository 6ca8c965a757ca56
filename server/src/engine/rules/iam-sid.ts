import { where } from './_util';
import type { DocumentRule } from './types';

/**
 * IAM011: `Sid` may contain only `[A-Za-z0-9]` (schema pattern, `x-irsa-rule: iam-sid`) and must be
 * unique within the policy (code). Access Analyzer: "Unsupported Sid", "Unique Sids required"
 * (IAM-UG access-analyzer-reference-policy-checks.md; domain §4.1).
 */
const rule: DocumentRule = {
  id: 'iam-sid',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: '`Sid` may contain only `[A-Za-z0-9]` and must be unique in the policy.',
    details: [
      'The optional statement id (`Sid`) labels a statement. IAM accepts only ASCII letters and digits (`A–Z`, `a–z`, `0–9`):',
      '`"Allow-ccoctl-role"` or `"allow ccoctl"` are rejected (Access Analyzer "Unsupported Sid"). Within one policy every',
      '`Sid` must be different ("Unique Sids required").',
      '',
      '**Fix**: use CamelCase ids such as `"AllowCcoctlRole"`, one per statement.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Unsupported Sid, Unique Sids required)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy') return;
    const seen = new Map<string, (typeof doc.statements)[number]>();
    for (const st of doc.statements) {
      if (!st.sid || typeof st.sid.value !== 'string') continue;
      const first = seen.get(st.sid.value);
      if (!first) {
        seen.set(st.sid.value, st);
        continue;
      }
      ctx.report({
        at: { doc, node: st.sid },
        message: `Sid "${st.sid.value}" is already used by statement ${doc.statements.indexOf(first) + 1} (${where(ctx, doc, first.sid!)}): Sids must be unique within a policy.`,
        related: [{ at: { doc, node: first.sid! }, message: `First use of Sid "${st.sid.value}"` }],
      });
    }
  },
};

export default rule;
