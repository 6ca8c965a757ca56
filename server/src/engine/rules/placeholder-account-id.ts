import type { DocumentRule } from './types';

/**
 * Example account ids of the AWS documentation, which the New Credential Set wizard also uses as its
 * defaults (shared/src/scaffold/options.ts). Only ids an AWS page prints as an example:
 * - 111122223333 (account A, the cluster's) and 444455556666 (account B): Amazon EKS User Guide,
 *   "Authenticate to another account with IRSA", both marked replaceable
 *   (https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html;
 *   awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/cross-account-access.adoc).
 * - 123456789012: IAM User Guide, "AWS JSON policy elements: Principal", "given an account ID of
 *   123456789012" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 * Value → what the wizard uses it for (undefined: not a wizard default).
 */
export const EXAMPLE_ACCOUNT_IDS: ReadonlyMap<string, string | undefined> = new Map([
  ['111122223333', 'the OpenShift account (OIDC provider, ccoctl role)'],
  ['444455556666', 'the account of the destination role'],
  ['123456789012', undefined],
]);

/** The wizard's default ccoctl `--name` (shared/src/scaffold/options.ts DEFAULT_CCOCTL_NAME). */
const WIZARD_CCOCTL_NAME = 'irsa';

/** 12-digit runs (not part of a longer number). */
const TWELVE_DIGITS = /(?<![0-9])[0-9]{12}(?![0-9])/g;

/** The account field of an ARN `arn:<partition>:<service>:<region>:<account>:…`, or undefined. */
function arnAccount(arn: string | undefined): string | undefined {
  return arn?.split(':')[4];
}

/**
 * The example ids to report: those the settings declare as the workspace's own accounts (in
 * `accountIds`, or as the account of the ccoctl `--identity-provider-arn`), or every example id once
 * the settings declare a real account (the defaults were replaced in `.irsa.yaml` but not everywhere). That is what the wizard writes into `.irsa.yaml`
 * when its defaults were kept; repositories use the same ids on purpose in test data and
 * documentation (e.g. aws/amazon-eks-pod-identity-webhook pkg/handler/testdata/*.pod.yaml), and
 * there they are not a mistake.
 */
export function declaredExampleIds(settings: { accountIds?: string[]; oidcProviderArn?: string }): Set<string> {
  const own = [...(settings.accountIds ?? []), arnAccount(settings.oidcProviderArn)].filter((id): id is string => id !== undefined);
  // Real accounts declared (the user replaced the wizard's defaults in .irsa.yaml, often first): an
  // example id still in a file is then a leftover wherever it is, not only the declared ones.
  if (own.some((id) => /^\d{12}$/.test(id) && !EXAMPLE_ACCOUNT_IDS.has(id))) return new Set(EXAMPLE_ACCOUNT_IDS.keys());
  return new Set(own.filter((id) => EXAMPLE_ACCOUNT_IDS.has(id)));
}

/**
 * True when offset `i` is inside a comment of its line: a `#` at the line start or after white space
 * before it (YAML comments, and `#` comments of the INI text in a ccoctl Secret). An example in a
 * comment is documentation, not a value that gets applied.
 */
function inComment(text: string, i: number): boolean {
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  return /(^|\s)#/.test(text.slice(lineStart, i));
}

/**
 * When the settings declare an example id as one of the workspace's accounts (see
 * {@link declaredExampleIds}), reports each such id once per document, at its first place outside
 * comments, at info level: the set validates (the ids are well formed), but applied as is its roles
 * and trust policies name accounts that are not yours. Reads the document's own text and the settings.
 */
const rule: DocumentRule = {
  id: 'placeholder-account-id',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'serviceAccount', 'workload', 'iamPolicy'],
  docs: {
    summary: 'An example account id of the AWS documentation (111122223333, 444455556666, 123456789012) is still in the file, while `.irsa.yaml` declares it, or your real accounts.',
    details: [
      'The New Credential Set wizard (and `irsa-lint init`) fills in the account ids you did not give with example ids of the AWS documentation, so the set it writes is complete and passes every other check:',
      '`111122223333` for the OpenShift account (the OIDC provider and the role ccoctl creates) and `444455556666` for the account of the destination role,',
      'the two accounts of the Amazon EKS User Guide\'s cross-account example, where both are marked as values to replace',
      '([Authenticate to another account with IRSA](https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html)).',
      'The IAM User Guide uses `123456789012` the same way ([AWS JSON policy elements: Principal](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)).',
      '',
      'The wizard writes them into `.irsa.yaml` as well (`accountIds`, and the account of `ccoctl.identityProviderArn`), and that is what this rule looks for: an example id that the settings declare as one of *your* accounts.',
      'Once `.irsa.yaml` declares a real account (you replaced the defaults there first), every example id left in a file is reported.',
      'Repositories use these ids on purpose in test data and documentation; with no account declared in `.irsa.yaml` they are not reported.',
      '',
      '**Why it matters.** Nothing else flags them: they are well-formed 12-digit ids. Applied as they are, the Secret names a role in an account that is not yours and the destination role\'s trust policy admits a principal of that account instead of yours, so the pod never gets the destination role\'s credentials.',
      'When the role name in the same ARN starts with `irsa-`, the wizard\'s default ccoctl `--name`, the message says so: ccoctl names its roles `<--name>-<namespace>-<secret name>`, so that prefix must be your cluster\'s ccoctl name as well.',
      '',
      '**How to fix.** Replace the id with your account id in every file of the set (and in `.irsa.yaml`, `accountIds` and `ccoctl.identityProviderArn`), or run the wizard again with your account ids. Each id is reported once per document, at its first place; ids in comments are not reported.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    ],
  },
  check(doc, ctx) {
    const declared = declaredExampleIds(ctx.settings);
    if (declared.size === 0) return;
    const text = ctx.text(doc.uri);
    const start = doc.doc.start;
    const end = Math.max(doc.doc.end, doc.root.end);
    const seen = new Set<string>();
    TWELVE_DIGITS.lastIndex = start;
    for (let m = TWELVE_DIGITS.exec(text); m && m.index < end; m = TWELVE_DIGITS.exec(text)) {
      const id = m[0];
      if (!declared.has(id) || seen.has(id) || inComment(text, m.index)) continue;
      seen.add(id);
      const wizardUse = EXAMPLE_ACCOUNT_IDS.get(id);
      // `arn:<partition>:iam::<id>:role/irsa-…`: the role ccoctl creates under the wizard's default --name.
      const after = text.slice(m.index + id.length, Math.min(end, m.index + id.length + 7 + WIZARD_CCOCTL_NAME.length));
      const ccoctlName = ctx.settings.ccoctlName === WIZARD_CCOCTL_NAME && after === `:role/${WIZARD_CCOCTL_NAME}-`;
      ctx.report({
        at: { uri: doc.uri, start: m.index, end: m.index + id.length },
        message:
          `\`${id}\` is an example account id from the AWS documentation${wizardUse ? `, the New Credential Set wizard's placeholder for ${wizardUse}` : ''}: replace it with your 12-digit account id, here and wherever else this file has it, before you apply the file.` +
          (ccoctlName ? ` The role name starts with the wizard's default ccoctl --name \`${WIZARD_CCOCTL_NAME}\`: ccoctl names the role <--name>-<namespace>-<secret name>, so use your cluster's ccoctl name there.` : ''),
      });
    }
  },
};

export default rule;
