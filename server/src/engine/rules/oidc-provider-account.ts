import { OIDC_PROVIDER_ARN } from '../domain';
import type { RoleUse } from '../model/types';
import { principalFlavor } from './_iam-util';
import { linkText, roleNameSource, trustRoleOf } from './_trust-util';
import { workloadLabel } from './_workload-util';
import { EXAMPLE_ACCOUNT_IDS } from './placeholder-account-id';
import type { DocumentRule } from './types';

/**
 * Issue #13: IAM looks up the OIDC provider of a web identity trust policy in the role's own account
 * (an IAM identity provider is an object of one account), so the `Federated` provider ARN must name
 * the role's account. Known when a file names the role with its account (ccoctl Secret `role_arn`,
 * `eks.amazonaws.com/role-arn`, `AWS_ROLE_ARN`) and the policy says it belongs to that role.
 */
const rule: DocumentRule = {
  id: 'oidc-provider-account',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: "The `Federated` OIDC provider ARN names another account than the role's own.",
    details: [
      'An IAM OIDC identity provider exists in one AWS account, and a role can only trust providers of its own account: the',
      'EKS guide for cross-account IRSA creates the cluster\'s OIDC provider **again in the account of the role**, and the',
      'trust policy names that copy. A trust policy naming the provider of another account (usually the cluster\'s) fails',
      'with **"InvalidIdentityToken: No OpenIDConnect provider found in your account for https://<issuer>"**.',
      '',
      'This rule compares the account of the `Federated` ARN with the account of the role, as the role ARN that the',
      'workloads use writes it: the ccoctl Secret\'s `role_arn`, the ServiceAccount\'s `eks.amazonaws.com/role-arn`, or a',
      'container\'s `AWS_ROLE_ARN` (how a policy is linked to its role and workloads is described under `trust-subject-mismatch`).',
      'When no workload of the workspace names the role, the provider\'s account must at least be one of the accounts',
      '`.irsa.yaml` declares under `accountIds` (a warning otherwise).',
      '',
      'One issuer may have providers in several accounts (cross-account IRSA creates one per account), so the provider ARN',
      'of `.irsa.yaml` `ccoctl.identityProviderArn` is not compared.',
      '',
      '**Fix**: create the OIDC provider in the role\'s account (`aws iam create-open-id-connect-provider` there, or',
      '`ccoctl aws create-identity-provider` with that account\'s credentials) and name it in the trust policy (quick fix:',
      'use the role\'s account in the ARN).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html (an OIDC provider in the role\'s account for cross-account IRSA)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html (an IAM OIDC identity provider is created in an account)',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html (InvalidIdentityToken)',
      'https://github.com/terraform-aws-modules/terraform-aws-eks/issues/965 ("No OpenIDConnect provider found in your account" until the provider was added to that account)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    // Only a policy that trusts an OIDC provider asks the workspace which role it is.
    if (!doc.statements.some((st) => st.principals.some((p) => principalFlavor(p) === 'oidc'))) return;
    const role = trustRoleOf(ctx, doc);
    const uses: RoleUse[] = role ? ctx.ws.workloadsUsingRole(role.name) : [];
    const roleAccount = uses.find((u) => /^\d{12}$/.test(u.account));
    for (const st of doc.statements) {
      for (const p of st.principals) {
        if (principalFlavor(p) !== 'oidc') continue;
        const v = String(p.value.value);
        const m = OIDC_PROVIDER_ARN.exec(v);
        if (!m) continue; // a malformed ARN is arn-format's
        const account = m[2]!;
        const accountAt = v.indexOf(`::${account}:`) + 2;
        const fix = (to: string): { title: string; preferred: boolean; edits: { uri: string; start: number; end: number; newText: string }[] } => ({
          title: `Use account ${to} in the provider ARN`,
          preferred: true,
          edits: [{ uri: doc.uri, start: p.value.start, end: p.value.end, newText: JSON.stringify(v.slice(0, accountAt) + to + v.slice(accountAt + 12)) }],
        });
        // Another use writes the role in the provider's account: a same-named role of another account
        // (dev and prod reuse names) has its own trust policy, so nothing is wrong here.
        if (roleAccount && roleAccount.account !== account && !uses.some((u) => u.account === account)) {
          const example = EXAMPLE_ACCOUNT_IDS.has(roleAccount.account);
          ctx.report({
            at: { doc, node: p.value },
            message:
              `The OIDC provider is in account ${account}, but role \`${role!.name}\` (this file is its trust policy: ${roleNameSource(role!)}) is in account ${roleAccount.account}: ` +
              `${workloadLabel(roleAccount.workload)} gets it ${linkText(ctx, roleAccount)} with that account. IAM looks for the provider in the role's account, so STS fails with "InvalidIdentityToken: No OpenIDConnect provider found in your account". ` +
              `(If the role's account has a provider for this issuer too, the error is "Not authorized to perform sts:AssumeRoleWithWebIdentity" instead.) ` +
              (example
                ? `${roleAccount.account} is an example account id of the AWS documentation: correct the role ARN if the role is in account ${account}.`
                : `Create the provider in account ${roleAccount.account} and name it here.`),
            related: [{ at: { uri: roleAccount.doc.uri, start: roleAccount.at.start, end: roleAccount.at.end }, message: `role ARN in account ${roleAccount.account}` }],
            // Moving the provider into a documentation example account is never the preferred repair.
            fixes: [{ ...fix(roleAccount.account), preferred: !example }],
          });
          continue;
        }
        // Without a workload naming the role: the provider is at least in one of the accounts that
        // `.irsa.yaml` declares as the workspace's own (the role's account is one of them).
        const own = (ctx.settings.accountIds ?? []).filter((a) => /^\d{12}$/.test(a));
        if (!roleAccount && own.length && !own.includes(account)) {
          ctx.report({
            at: { doc, node: p.value },
            severity: 'warning',
            message: `The OIDC provider is in account ${account}, which is none of the accounts \`.irsa.yaml\` declares (accountIds: ${own.join(', ')}): a role of yours can only trust a provider of its own account, so STS would fail with "InvalidIdentityToken: No OpenIDConnect provider found in your account". Use your account's provider, or add the account to accountIds if it is yours. (A warning: no workload here names the role, so its own account is not known.)`,
            fixes: own.length === 1 ? [fix(own[0]!)] : undefined,
          });
        }
      }
    }
  },
};

export default rule;
