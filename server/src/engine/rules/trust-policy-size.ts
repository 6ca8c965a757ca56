import type { DocumentRule } from './types';

/** Role trust policy quota, characters without whitespace (IAM-UG reference_iam-quotas.md; raisable to 4096). */
export const TRUST_POLICY_MAX_CHARS = 2048;

/**
 * IAM013: a role trust policy longer than 2048 characters (whitespace not counted) exceeds the
 * default IAM quota and CreateRole/UpdateAssumeRolePolicy fail with LimitExceeded (domain §4.1).
 */
const rule: DocumentRule = {
  id: 'trust-policy-size',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'The trust policy exceeds 2048 non-whitespace characters (the default IAM quota).',
    details: [
      'IAM limits the size of a role\'s trust policy to **2048 characters** by default (whitespace is not counted); the quota',
      'can be raised to 4096 through Service Quotas. A larger policy makes `CreateRole` / `UpdateAssumeRolePolicy` fail with',
      '`LimitExceeded`. Trust policies grow when every workload\'s session or service account is listed separately.',
      '',
      '**Fix**: trust the ccoctl role ARN instead of listing sessions, merge statements that share a principal type, use',
      '`StringLike` with a pattern instead of many `StringEquals` values — or raise the quota.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role trust policy length)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    // A policy held as a JSON string (CreateRole input) is measured as IAM receives it: the string's
    // value, not its escaped form in the file (`\"` is one character of the policy).
    const literal = doc.createRole?.literal;
    const text = literal ? String(literal.value) : ctx.text(doc.uri).slice(doc.root.start, doc.root.end);
    const size = text.replace(/\s+/g, '').length;
    if (size <= TRUST_POLICY_MAX_CHARS) return;
    ctx.report({
      at: { doc, node: doc.root, part: 'key' },
      message: `This trust policy has ${size} characters without whitespace, over IAM's default quota of ${TRUST_POLICY_MAX_CHARS} for role trust policies (raisable to 4096): CreateRole would fail with LimitExceeded.`,
    });
  },
};

export default rule;
