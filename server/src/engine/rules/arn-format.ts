import type { ScalarNode } from '../parse/tree';
import { isPlaceholder, isTemplateFileName } from '../parse/placeholder';
import { arnProblem, ArnUse, templatePlaceholders } from './_iam-util';
import type { DocRef } from '../model/types';
import type { DocumentRule, Target } from './types';

/**
 * IAM008: ARNs must be well formed — `arn:<partition>:<service>:<region>:<account-id>:<resource>`
 * with a known partition (data/aws-partitions.json), an empty region for IAM/STS, a 12-digit account,
 * the resource form the place requires (`role/…`, `assumed-role/<role>/<session>`,
 * `oidc-provider/<host>`), no wildcards or policy variables in principals, and no placeholders left
 * from examples (IAM-UG reference_identifiers.md, reference_policies_elements_principal.md; domain
 * §4.1, §4.3, §9.2). Resource ARNs may hold `*`/`?` in any segment and policy variables in the
 * resource part. Values of a template (`%{…}`, `{{ … }}`, `$(…)`, `${AWS::…}`) are not known yet and
 * are not checked. Role/session *names* are checked by `iam-name-limits`.
 */
const rule: DocumentRule = {
  id: 'arn-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest', 'ccoctlSecret'],
  docs: {
    summary: 'ARNs must be well formed: partition, 12-digit account, `role/…`, `assumed-role/<role>/<session>`, `oidc-provider/<host>`; no placeholders.',
    details: [
      'Every ARN in the IRSA chain is compared literally by IAM and STS, so a malformed one silently matches nothing',
      '(a trust policy that never lets the role in) or is rejected (`MalformedPolicyDocument`, `ValidationError`).',
      '',
      'Checked wherever an ARN appears: trust and identity policy `Principal` / `Resource` values, a CredentialsRequest\'s',
      'statement `resource` (when it is an ARN) and `providerSpec.stsIAMRoleARN`, and the ccoctl Secret\'s `role_arn`.',
      '',
      '- Shape `arn:<partition>:<service>:<region>:<account-id>:<resource>`. The partition is one of `aws`, `aws-cn`,',
      '  `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc` — the partitions.json the AWS SDKs share',
      '  ([aws-sdk-js-v3 `packages/util-endpoints/src/lib/aws/partitions.json`](https://github.com/aws/aws-sdk-js-v3/blob/685ff5d03588f81121c6fa9466771cd444492209/packages/util-endpoints/src/lib/aws/partitions.json),',
      '  also botocore `botocore/data/partitions.json`), kept in `server/src/engine/data/aws-partitions.json`.',
      '- IAM and STS ARNs have an **empty region** (`arn:aws:iam::111122223333:role/x`) and a **12-digit account id**.',
      '- Role: `arn:aws:iam::<account-id>:role/<optional path/><name>`.',
      '- Assumed-role session: `arn:aws:sts::<account-id>:assumed-role/<role-name>/<session-name>` — an STS ARN naming exactly one session.',
      '- OIDC provider: `arn:aws:iam::<account-id>:oidc-provider/<issuer host and path>`, without `https://`.',
      '- **Resource** ARNs may use the wildcards `*` and `?` in any segment, partition and account included',
      '  (`arn:*:iam::*:role/*-Worker-Role`; IAM User Guide, "IAM JSON policy elements: Resource", *Using wildcards in resource ARNs*).',
      '- **Principals** cannot contain wildcards ("You cannot use a wildcard to match part of a principal name or ARN",',
      '  IAM User Guide, "AWS JSON policy elements: Principal"): only `"*"` on its own; match several with a Condition such as `ArnLike` on `aws:PrincipalArn`.',
      '- **IAM policy variables** — `${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:RequestedRegion}`, `${s3:prefix}`, the',
      '  special `${*}`, `${?}`, `${$}`, with an optional default `${aws:PrincipalTag/team, \'none\'}` — are finished values, not',
      '  placeholders. IAM substitutes them in the resource part of a Resource ARN (after the fifth colon) and in Condition',
      '  values only; one in the partition, service, region or account, or in a Principal, is reported (IAM User Guide,',
      '  "IAM policy elements: Variables and tags", *Where you can use policy variables*).',
      '- **Placeholders** copied from examples — the guide\'s `<openshift aws account id>`, `<ccoctl created role>`,',
      '  `arn:aws:iam::account:role/…` or a shell `${DESTINATION_ACCOUNT}` — must be replaced: substitute the real 12-digit',
      '  account id (`aws sts get-caller-identity`).',
      '- Values of a **template** rendered before use — Terraform `%{aws_account_id}`, Go/Helm `{{ .AccountID }}`, kustomize',
      '  `$(ACCOUNT)`, CloudFormation `${AWS::AccountId}` — are not known yet and are not checked.',
      '',
      '**Templates.** In a Kubernetes manifest (a CredentialsRequest resource or stsIAMRoleARN, a Secret role_arn) any template placeholder — `${VAR}` (envsubst, Flux), `{{ … }}`, `%{ … }`, `$(VAR)` — makes the ARN unknown until rendered, so it is not checked; in an IAM policy JSON only the tool placeholders above are skipped and a `${VAR}` or `{VAR}` stays a finding (the template syntaxes are listed under Sources), unless the file\'s name says it is a template (`trust_policy_template.json`, `role.tmpl.json`, `x-tpl.json`): code fills such a file in before use (e.g. `strings.ReplaceAll(doc, "{AWS_ACCOUNT_ID}", id)`), so none of its placeholders is judged.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/rosa/blob/d80ba251c0ddf8c8b67716ea7de0a12ce4fc4af3/tests/utils/config/autonode.go (a `*_template.json` trust policy whose `{AWS_ACCOUNT_ID}` and `{OIDC_PROVIDER_URL}` code replaces)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (wildcards in resource ARNs)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (policy variables)',
      'https://github.com/aws/aws-sdk-js-v3/blob/685ff5d03588f81121c6fa9466771cd444492209/packages/util-endpoints/src/lib/aws/partitions.json',
    ],
  },
  check(doc, ctx) {
    const check = (at: Target, value: string, use: ArnUse, where?: string): void => {
      // A template's value is not known until it is rendered: nothing to check yet. In a Kubernetes
      // manifest (YAML) `${VAR}` is envsubst/Flux/operator substitution like any other placeholder
      // (#11 pattern 4, parse/placeholder.ts); in an IAM policy a `${VAR}` stays a finding (see
      // templatePlaceholders: IAM would not resolve it, the guide's `${DESTINATION_ACCOUNT}`).
      // A policy file named as a template (`trust_policy_template.json`) is filled in by code: every
      // placeholder in it is a parameter (parse/placeholder.ts isTemplateFileName).
      if (doc.kind === 'iamPolicy' && !isTemplateFileName(doc.uri) ? templatePlaceholders(value).length : isPlaceholder(value)) return;
      const problem = arnProblem(value, use);
      if (problem) ctx.report({ at, message: where ? `${where}: ${problem}` : problem });
    };
    const node = (d: DocRef, n: ScalarNode): Target => ({ doc: d, node: n });
    switch (doc.kind) {
      case 'iamPolicy':
        for (const st of doc.statements) {
          for (const p of st.principals) {
            const v = String(p.value.value);
            if (v === '*') continue; // trust-policy-shape reports `*` principals
            if (p.type === 'AWS') check(node(doc, p.value), v, 'principal-aws');
            else if (p.type === 'Federated') check(node(doc, p.value), v, 'principal-federated');
          }
          if (doc.policyType !== 'identity') continue;
          for (const r of [st.resource, st.notResource]) {
            for (const item of r?.kind === 'seq' ? r.items : r ? [r] : []) {
              if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
              if (item.value.startsWith('arn:') || /<[^>]*>/.test(item.value)) check(node(doc, item), item.value, 'resource');
            }
          }
        }
        break;
      case 'credentialsRequest':
        for (const e of doc.statementEntries) {
          const r = e.resource;
          if (r?.kind === 'scalar' && typeof r.value === 'string' && r.value.startsWith('arn:')) check(node(doc, r), r.value, 'resource');
        }
        if (doc.stsIAMRoleARN && String(doc.stsIAMRoleARN.value) !== '') check(node(doc, doc.stsIAMRoleARN), String(doc.stsIAMRoleARN.value), 'role', '`stsIAMRoleARN`');
        break;
      case 'ccoctlSecret': {
        const e = doc.profile.get('role_arn');
        // An empty role_arn (ccoctl --dry-run) is secret-role-arn-placeholder's finding.
        if (e && e.value.trim() !== '') check({ uri: doc.uri, start: e.start, end: e.end }, e.value.trim(), 'role', '`role_arn`');
        break;
      }
      default:
        break;
    }
  },
};

export default rule;
