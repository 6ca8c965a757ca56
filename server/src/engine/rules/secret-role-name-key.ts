import type { DocumentRule } from './types';

/**
 * `role_name = arn:…` copied from CCO's docs/short-term-credentials.md example; the real key ccoctl
 * and CCO write is `role_arn` and SDKs know no `role_name` (CCO-docs vs CCOCTL-roles, domain §2.7).
 */
const rule: DocumentRule = {
  id: 'secret-role-name-key',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The credentials file uses `role_name` where the key is `role_arn`.',
    details: [
      'The Cloud Credential Operator\'s own documentation (`docs/short-term-credentials.md`) shows `role_name = arn:aws:iam::…` in its example Secret, but what ccoctl and CCO actually write — and what AWS SDKs read — is `role_arn`. No SDK knows a `role_name` setting.',
      '',
      '**Why it matters.** With `role_name` the profile has a token file but no role, so the SDK cannot use web identity and falls through to other credential sources (usually failing with "Could not load credentials" or using the node\'s instance role).',
      '',
      '**How to fix.** Rename the key to `role_arn` (quick fix).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the key ccoctl writes is `role_arn`)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/docs/short-term-credentials.md (its example shows `role_name`)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret') return;
    const hasArn = doc.profile.has('role_arn');
    for (const e of doc.entries) {
      if (e.key !== 'role_name') continue;
      const keyAt = { uri: doc.uri, start: e.lineStart, end: e.lineStart + e.key.length };
      ctx.report({
        at: e.exact ? keyAt : { doc, node: doc.credentialsNode },
        message: hasArn
          ? '`role_name` is not an AWS SDK setting (it comes from an error in CCO\'s docs); this profile already has role_arn, so delete the role_name line.'
          : '`role_name` is not an AWS SDK setting: the key is `role_arn` (CCO\'s docs example is wrong). Without role_arn the SDK cannot use the web identity token. Rename it to role_arn.',
        fixes: e.exact && !hasArn ? [{ title: 'Rename `role_name` to `role_arn`', preferred: true, edits: [{ uri: doc.uri, start: e.lineStart, end: e.lineStart + e.key.length, newText: 'role_arn' }] }] : undefined,
      });
    }
  },
};

export default rule;
