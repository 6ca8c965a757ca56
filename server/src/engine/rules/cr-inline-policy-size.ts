import { isAwsRequest } from './_cr';
import { asMap, asSeq, str, toPlain } from '../parse/tree';
import type { DocumentRule } from './types';

/**
 * Inline policies count characters without whitespace; the per-role aggregate quota is commonly
 * 10,240 (IAM-UG reference_iam-quotas.md; exact table elided in the snapshot — UNCONFIRMED).
 */
export const INLINE_POLICY_MAX = 10240;

/**
 * The policy ccoctl sends with PutRolePolicy for these statement entries (CCOCTL-roles §2.6):
 * `{"Version":"2012-10-17","Statement":[{"Effect","Action":[…],"Resource","Condition"?}…]}`.
 */
export function ccoctlPolicyDocument(entries: { effect?: unknown; action?: unknown; resource?: unknown; condition?: unknown }[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: entries.map((e) => ({
      Effect: e.effect,
      Action: e.action,
      Resource: e.resource,
      ...(e.condition && typeof e.condition === 'object' && Object.keys(e.condition).length ? { Condition: e.condition } : {}),
    })),
  });
}

const rule: DocumentRule = {
  id: 'cr-inline-policy-size',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'The inline policy ccoctl builds from `statementEntries` is larger than the IAM role inline-policy quota (about 10,240 characters).',
    details: [
      'ccoctl turns all statement entries of a CredentialsRequest into one inline policy on the role (`{"Version":"2012-10-17","Statement":[…]}`, one statement per entry). IAM limits the total size of a role\'s inline policies, counted without whitespace; the quota is commonly 10,240 characters (the exact figure is not in our source snapshot — treat it as approximate).',
      '',
      '**Why it matters.** PutRolePolicy fails with LimitExceeded when ccoctl runs, after the role was created, and the run stops.',
      '',
      '**How to fix.** Use wildcards (`dynamodb:Get*`) or `*` resources where that is acceptable, merge entries with the same effect and resource, or split the permissions across roles (several CredentialsRequests).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (inline policy size per role)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the inline policy ccoctl builds)',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !asSeq(doc.statementEntriesNode)) return;
    let entries;
    try {
      entries = doc.statementEntries.map((e) => ({
        effect: str(e.effect),
        action: e.actions.map((a) => String(a.value)),
        resource: str(e.resource),
        condition: asMap(e.policyCondition) ? toPlain(e.policyCondition, 20_000) : undefined,
      }));
    } catch {
      return; // an alias bomb in policyCondition: parse-limit reports it
    }
    const size = ccoctlPolicyDocument(entries).replace(/\s/g, '').length;
    if (size <= INLINE_POLICY_MAX) return;
    const key = doc.statementEntriesNode!.pair?.key ?? doc.statementEntriesNode!;
    ctx.report({
      at: { doc, node: key },
      message: `The inline policy ccoctl builds from these ${entries.length} statement entries is ${size} characters without whitespace, over the role inline-policy quota of about ${INLINE_POLICY_MAX}; PutRolePolicy would fail with LimitExceeded. Use wildcards, merge entries with the same effect and resource, or split the permissions across CredentialsRequests.`,
    });
  },
};

export default rule;
