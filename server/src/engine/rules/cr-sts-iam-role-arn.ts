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
      '**Templates.** A templated `stsIAMRoleARN` (`${ROLE_ARN}`, `{{ .RoleArn }}`) is known only once rendered and is not checked; example placeholders such as `<account-id>` are not template syntax and are reported (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (stsIAMRoleARN)',
      'https://github.com/openshift/enhancements/blob/master/enhancements/cloud-integration/tokenized-auth-enablement-operators-on-cloud.md',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
    ],
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
