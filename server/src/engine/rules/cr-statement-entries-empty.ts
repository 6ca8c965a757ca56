import { refineCommon } from './_cr';
import type { DocumentRule } from './types';

/** Schema-backed: `providerSpec.statementEntries` required and non-empty (credentials-request.schema.json). */
const rule: DocumentRule = {
  id: 'cr-statement-entries-empty',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`providerSpec.statementEntries` should be present and non-empty.',
    details: [
      '`AWSProviderSpec.statementEntries` has no `omitempty`: it is the content of the inline policy that ccoctl attaches to the role with PutRolePolicy (one IAM statement per entry).',
      '',
      '**Why it matters.** With no entries ccoctl sends a policy document with an empty `Statement` list, which IAM rejects as a malformed policy, so the run fails after the role was created. A role without permissions is rarely what you want either: for cross-account access the pod needs at least `sts:AssumeRole` on the destination role.',
      '',
      '**How to fix.** Add at least one entry:',
      '',
      '```yaml',
      'statementEntries:',
      '- effect: Allow',
      '  action:',
      '  - sts:AssumeRole',
      '  resource: arn:aws:iam::444455556666:role/dynamodb-reader',
      '```',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (statementEntries)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the inline policy built from the entries)',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
