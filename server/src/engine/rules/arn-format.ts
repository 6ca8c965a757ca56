import type { ScalarNode } from '../parse/tree';
import { arnProblem, ArnUse } from './_iam-util';
import type { DocRef } from '../model/types';
import type { DocumentRule, Target } from './types';

/**
 * IAM008: ARNs must be well formed — `arn:<partition>:<service>:<region>:<account-id>:<resource>`
 * with a known partition, an empty region for IAM/STS, a 12-digit account, the resource form the
 * place requires (`role/…`, `assumed-role/<role>/<session>`, `oidc-provider/<host>`), no wildcards
 * in principals, and no placeholders left from examples (IAM-UG reference_identifiers.md,
 * reference_policies_elements_principal.md; domain §4.1, §4.3). Role/session *names* are checked by
 * `iam-name-limits`.
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
      '- Shape `arn:<partition>:<service>:<region>:<account-id>:<resource>`; partition `aws`, `aws-cn`, `aws-us-gov` (or `aws-eusc`).',
      '- IAM and STS ARNs have an **empty region** (`arn:aws:iam::111122223333:role/x`) and a **12-digit account id**.',
      '- Role: `arn:aws:iam::<account-id>:role/<optional path/><name>`.',
      '- Assumed-role session: `arn:aws:sts::<account-id>:assumed-role/<role-name>/<session-name>` — an STS ARN naming exactly one session.',
      '- OIDC provider: `arn:aws:iam::<account-id>:oidc-provider/<issuer host and path>`, without `https://`.',
      '- Principals cannot contain wildcards (use a Condition such as `ArnLike` on `aws:PrincipalArn`).',
      '- **Placeholders** copied from examples — the guide\'s `<openshift aws account id>`, `<ccoctl created role>`, or',
      '  `arn:aws:iam::account:role/…` — must be replaced: substitute the real 12-digit account id (`aws sts get-caller-identity`).',
      '',
      'See domain.md §4.1 (principal forms) and §4.3 (ARNs and identifiers).',
    ].join('\n'),
    sources: ['IAM008 (domain §4.1, §4.3)', 'IAM-UG reference_identifiers.md', 'IAM-UG reference_policies_elements_principal.md'],
  },
  check(doc, ctx) {
    const check = (at: Target, value: string, use: ArnUse, where?: string): void => {
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
