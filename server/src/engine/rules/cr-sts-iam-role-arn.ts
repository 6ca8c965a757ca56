import { looksLikePlaceholder, parseRoleArn } from '../domain';
import { isPlaceholder } from '../parse/placeholder';
import { refineCommon, isAwsRequest } from './_cr';
import type { DocumentRule } from './types';

/**
 * `providerSpec.stsIAMRoleARN`: info that ccoctl ignores it; error when it is not a role ARN
 * `arn:<partition>:iam::<12 digits>:role/[path/]<name>` (CCO-aws, domain §1.2, §4.3).
 */
const rule: DocumentRule = {
  id: 'cr-sts-iam-role-arn',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`providerSpec.stsIAMRoleARN` is only used by the in-cluster CCO (ignored by ccoctl) and must be a role ARN.',
    details: [
      '`stsIAMRoleARN` is the ARN of an IAM role you created yourself. Its presence makes the **in-cluster** Cloud Credential Operator write a Secret with that role (the OLM "token-auth" flow, OCP 4.14 and later). `ccoctl aws create-iam-roles` ignores it and creates its own role `<--name>-<namespace>-<secret>`.',
      '',
      '**Why it matters.** With ccoctl the value is dead weight and may point at a different role than the one the Secret names (info). When CCO does use it, a value that is not a role ARN (`arn:aws:iam::<12-digit account>:role/<name>`, no placeholders) leaves the workload with a Secret that cannot work (error).',
      '',
      '**How to fix.** With ccoctl, remove the field. With the OLM flow, set the exact ARN of the role whose trust policy admits the operator\'s service account.',
      '',
      'See domain.md §1.2 (stsIAMRoleARN), §4.3 (ARN formats) and §8.1 CR016.',
      '',
      '**Templates (#11 pattern 4).** A templated `stsIAMRoleARN` (`${ROLE_ARN}`, `{{ .RoleArn }}`) is known only once rendered and is not checked; example placeholders such as `<account-id>` are not template syntax and are reported (template syntaxes and their sources: server/src/engine/parse/placeholder.ts).',
    ].join('\n'),
    sources: ['server/src/engine/parse/placeholder.ts (template syntaxes: pkg.go.dev/text/template, fluxcd.io post-build variable substitution, Terraform string templates, kubernetes.io dependent environment variables)', 'CR016 (domain §1.2, §4.3)'],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !doc.stsIAMRoleARN) return;
    const v = doc.stsIAMRoleARN.value;
    if (typeof v !== 'string') return; // the schema reports the type
    if (isPlaceholder(v)) return; // (#11 pattern 4) a templated ARN is known once rendered
    if (parseRoleArn(v) && !looksLikePlaceholder(v)) {
      ctx.report({
        at: { doc, node: doc.stsIAMRoleARN },
        message: `\`stsIAMRoleARN\` is only read by the in-cluster Cloud Credential Operator (OLM token-auth flow); \`ccoctl aws create-iam-roles\` ignores it and creates its own role for secretRef. Remove it if you use ccoctl.`,
      });
      return;
    }
    ctx.report({
      at: { doc, node: doc.stsIAMRoleARN },
      severity: 'error',
      message: `\`stsIAMRoleARN\` "${v}" is not an IAM role ARN${looksLikePlaceholder(v) ? ' (it still contains a placeholder)' : ''}; expected arn:aws:iam::<12-digit account id>:role/<role name>. The in-cluster CCO writes it into the Secret as role_arn, so STS would refuse it.`,
    });
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
