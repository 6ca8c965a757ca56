import { parseServiceAccountSubject } from '../domain';
import type { WebIdentityCondition } from '../model/types';
import { addConditionValueEdit, hasClaim, linkText, renamedSubject, roleNameSource, subjectCheck } from './_trust-util';
import { jsonString } from './_iam-util';
import { workloadLabel } from './_workload-util';
import { where } from './_util';
import { ccoctlRequestOfTrustPolicy } from './ccoctl-trust-policy-mismatch';
import type { DocumentRule } from './types';

/**
 * Issue #13: a workload that runs with a role must carry a `sub` claim that the role's web identity
 * trust policy admits, or STS refuses AssumeRoleWithWebIdentity ("Not authorized to perform
 * sts:AssumeRoleWithWebIdentity"). The workload ↔ role link is an exact role name: the ccoctl
 * Secret's `role_arn`, the ServiceAccount's `eks.amazonaws.com/role-arn`, or a container's
 * `AWS_ROLE_ARN`; the policy ↔ role link is the policy's RoleName document, an `aws iam create-role`
 * command of a script that names the file, or its file name (_trust-util.ts trustRoleOf).
 */
const rule: DocumentRule = {
  id: 'trust-subject-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: "A workload that runs with this role has a service account that the trust policy's `:sub` condition does not admit.",
    details: [
      'A Kubernetes service account token carries the subject `system:serviceaccount:<namespace>:<service account>` in its',
      '`sub` claim. STS evaluates the role\'s trust policy against that claim: when no `<issuer>:sub` value admits it, the call',
      'fails with **"Not authorized to perform sts:AssumeRoleWithWebIdentity"** — the most reported IRSA error.',
      '',
      'This rule links each web identity trust policy to the workloads that run with its role and compares their subjects:',
      '',
      '- **Which role the policy belongs to**: the `RoleName` of an IAM CreateRole document (what `ccoctl aws create-iam-roles',
      '  --dry-run` writes as `05-<n>-<role>-role.json`) or the file name (`<role>-trust-policy.json`, `<role>-trust.json`,',
      '  `trust-policy-<role>.json`), or `.irsa.yaml` `trustPolicies` (`iam/trust.json: <role>`), which wins over both. A',
      '  shell script of the workspace that creates the role from the file, as the EKS user guide does (`aws iam create-role',
      '  --role-name <role> --assume-role-policy-document file://trust-relationship.json`, or `aws iam update-assume-role-policy',
      '  --role-name <role> --policy-document file://…`), wins over the file name; the path is resolved from the folder the',
      '  script `cd`s to, else from its folder or any folder above it, and a role name or path holding a variable is skipped.',
      '  A file name counts only when some workload runs with a role of that name (`aws-ebs-csi-driver-trust-policy.json` is',
      '  often the policy of `AmazonEKS_EBS_CSI_DriverRole`). When nothing says, the policy belongs to the one role that the',
      '  service accounts its `:sub` admits run with (real repositories mostly call the file `trust-policy.json`); several: none.',
      '- **Which workloads use the role**: those mounting the ccoctl Secret whose `role_arn` names it (through its',
      '  CredentialsRequest); those running as a ServiceAccount annotated `eks.amazonaws.com/role-arn` with it (the pod identity',
      '  webhook injects `AWS_ROLE_ARN` and the token); those whose container sets `AWS_ROLE_ARN` to it. The message says which.',
      '- **The subject**: the workload\'s namespace (kustomize `namespace:` first, then `metadata.namespace`) and its',
      '  `serviceAccountName` (else `default`). A workload without a namespace is not judged.',
      '',
      '`StringEquals` compares exactly, `StringLike` with `*`/`?` wildcards; several keys in one statement must all match,',
      'several values of one key are alternatives, and a statement without `:sub` admits every subject (oidc-principal-condition',
      'warns about that). A literal `*` under `StringEquals` or swapped `:sub`/`:aud` keys are oidc-principal-condition\'s finding',
      'and such a policy is not compared here.',
      '',
      'The webhook gives the role only to containers that neither define `AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE` themselves',
      'nor are named in the pod\'s `eks.amazonaws.com/skip-containers` (handler.go `addEnvToContainer`, `getContainersToSkip`): a',
      'pod none of whose containers gets it is not linked through the annotation. When the policy\'s provider is in one account',
      'and role ARNs of the same role name exist in several, only the uses in the provider\'s account are compared (dev and',
      'prod accounts reuse role names, each with its own trust policy).',
      '',
      'A renamed service account — one subject no workload uses, one workload subject not admitted — is one finding here, with',
      'a quick fix that replaces the stale subject; trust-subject-unused does not report that subject again.',
      '',
      '**Fix**: add the workload\'s subject to the `:sub` list (quick fix), or run the workload as a service account the policy',
      'admits. With ccoctl, add the service account to the CredentialsRequest\'s `serviceAccountNames` and re-run',
      '`ccoctl aws create-iam-roles`: it writes the trust policy from that list.',
      '',
      'The trust policy of a CredentialsRequest\'s ccoctl role is compared with the request by `ccoctl-trust-policy-mismatch`, and',
      'the request with its workloads by `service-account-mismatch`; the workloads that mount that request\'s Secret are not',
      'compared a third time here.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html (the `:sub` condition of an IRSA trust policy)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif (`<provider>:sub`)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (keys AND, values OR)',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/serviceaccount/util.go (MakeUsername: `system:serviceaccount:<namespace>:<name>`)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/pkg/handler/handler.go (reads `eks.amazonaws.com/role-arn` from the pod\'s service account)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (createRolePolicyDocument: the `:sub` list from serviceAccountNames)',
      'https://docs.aws.amazon.com/cli/latest/reference/iam/create-role.html (`--role-name`, `--assume-role-policy-document`)',
      'https://github.com/aws/aws-cli/blob/develop/awscli/paramfile.py (get_file: a `file://` path is opened relative to the working directory after expanding `~` and `$VAR`)',
      'https://github.com/aws-actions/configure-aws-credentials/issues/511 ("Not authorized to perform sts:AssumeRoleWithWebIdentity" from a `:sub` that does not match the token)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    // A ccoctl role's trust policy is compared with its request by ccoctl-trust-policy-mismatch, and the
    // request with its workloads by service-account-mismatch: those workloads are not compared here.
    const check = hasClaim(doc, 'sub') ? subjectCheck(ctx, doc, ccoctlRequestOfTrustPolicy(doc, ctx)?.cr) : undefined;
    if (!check || !check.missing.size) return;
    const { role, missing } = check;
    const roleName = role.name;
    const renamed = renamedSubject(check);
    const subs = doc.webIdentity.filter((c) => c.claim === 'sub');
    const first = subs[0]!;
    // The quick fix adds the subject to an exact (StringEquals) `:sub` list.
    const exact: WebIdentityCondition | undefined = subs.find((c) => c.operator === 'StringEquals');
    const listed = subs.map((c) => `\`${String(c.value.value)}\``);
    for (const [subject, uses] of missing) {
      const u = uses[0]!;
      const sa = parseServiceAccountSubject(subject)!;
      const edit = exact ? addConditionValueEdit(doc, exact, subject) : undefined;
      // A renamed service account: the stale subject is the place to edit, and replacing it the fix.
      const stale = renamed?.subject === subject ? renamed.stale : undefined;
      const replace = stale && stale.operator === 'StringEquals' ? { title: `Replace "${String(stale.value.value)}" with "${subject}" (:sub)`, preferred: sa.name !== 'default', edits: [{ uri: doc.uri, start: stale.value.start, end: stale.value.end, newText: jsonString(subject) }] } : undefined;
      ctx.report({
        at: { doc, node: (stale ?? first).value },
        message:
          `${workloadLabel(u.workload)} (${where(ctx, u.workload, u.workload.serviceAccountName ?? u.workload.root)}) runs with role \`${roleName}\` ${linkText(ctx, u)}` +
          `${uses.length > 1 ? ` (and ${uses.length - 1} more workload${uses.length > 2 ? 's' : ''})` : ''}, but its token's subject \`${subject}\` is not admitted by ` +
          `this trust policy of \`${roleName}\` (${roleNameSource(role)}), whose \`:sub\` admits ${listed.length > 3 ? `${listed.slice(0, 3).join(', ')} …` : listed.join(', ')}: ` +
          `STS fails with "Not authorized to perform sts:AssumeRoleWithWebIdentity". ` +
          (sa.name === 'default'
            ? `The pod runs as the namespace's \`default\` service account: give it an admitted service account of its own (trusting \`default\` hands the role to every pod of the namespace that names none).`
            : stale
              ? `No workload runs as \`${String(stale.value.value)}\`: if the service account was renamed, replace that subject with \`${subject}\`.`
              : `Add \`${subject}\` to the \`:sub\` condition or run the pod as an admitted service account.`),
        related: uses.flatMap((x) => [
          { at: { doc: x.workload, node: x.workload.serviceAccountName ?? x.workload.root, part: x.workload.serviceAccountName ? ('value' as const) : ('key' as const) }, message: `${workloadLabel(x.workload)} runs as \`${sa.namespace}/${sa.name}\`` },
          ...(x.doc === x.workload ? [] : [{ at: { uri: x.doc.uri, start: x.at.start, end: x.at.end }, message: `role \`${roleName}\` for ${workloadLabel(x.workload)}` }]),
        ]),
        // Trusting a namespace's `default` account hands the role to every pod there that names no
        // account of its own: offered, never preferred (a fix-all must not widen trust that way).
        fixes: [
          ...(replace ? [replace] : []),
          ...(edit ? [{ title: `Trust "${subject}" too (:sub)`, preferred: !replace && sa.name !== 'default', edits: [edit] }] : []),
        ],
      });
    }
  },
};

export default rule;
