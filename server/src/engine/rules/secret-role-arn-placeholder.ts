import { CCOCTL_DRY_RUN_PLACEHOLDER } from '../domain';
import { lineEndInclusive } from './_util';
import type { DocumentRule } from './types';

/**
 * `ccoctl --dry-run` leaves `role_arn` empty and appends `POPULATE ROLE ARN AND DELETE THIS LINE`
 * after `type: Opaque` (CCOCTL-roles, domain §2.7). The appended line is a YAML error, so this rule
 * runs in the workspace pass, which also sees documents whose tree is not sound.
 */
const rule: DocumentRule = {
  id: 'secret-role-arn-placeholder',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The ccoctl Secret still has the `--dry-run` placeholder or an empty `role_arn`.',
    details: [
      'With `--dry-run`, `ccoctl aws create-iam-roles` writes the Secret manifests without creating roles: `role_arn` is left empty and the line `POPULATE ROLE ARN AND DELETE THIS LINE` is appended after `type: Opaque`, deliberately making the file invalid until you edit it.',
      '',
      '**Why it matters.** `oc apply` rejects the file while the line is there; once it is deleted, an empty `role_arn` makes every SDK fail to build web-identity credentials (the profile has a token file but no role).',
      '',
      '**How to fix.** Create the role (apply the `05-*-role.json`/`06-*-policy.json` files ccoctl wrote, or run without `--dry-run`), put its ARN after `role_arn = `, and delete the placeholder line (quick fix).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (`--dry-run`: empty role_arn and `POPULATE ROLE ARN AND DELETE THIS LINE`)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret') return;
    const text = ctx.text(doc.uri);
    for (let i = text.indexOf(CCOCTL_DRY_RUN_PLACEHOLDER, doc.doc.start); i >= 0 && i < Math.max(doc.doc.end, doc.root.end); i = text.indexOf(CCOCTL_DRY_RUN_PLACEHOLDER, i + 1)) {
      const ls = text.lastIndexOf('\n', i - 1) + 1;
      if (text.slice(ls, i).trim() !== '') continue;
      ctx.report({
        at: { uri: doc.uri, start: i, end: i + CCOCTL_DRY_RUN_PLACEHOLDER.length },
        message: `This Secret is ccoctl --dry-run output: put the ARN of the created role after role_arn = in credentials, then delete this placeholder line (oc apply rejects the file while it is here).`,
        fixes: [{ title: 'Delete the placeholder line', preferred: true, fromText: true, edits: [{ uri: doc.uri, start: ls, end: lineEndInclusive(text, i), newText: '' }] }],
      });
    }
    const arn = doc.profile.get('role_arn');
    if (arn && arn.value.trim() === '') {
      ctx.report({
        at: arn.exact ? { uri: doc.uri, start: arn.lineStart, end: arn.lineEnd } : { doc, node: doc.credentialsNode },
        message: '`role_arn` is empty (ccoctl --dry-run leaves it empty): SDKs cannot assume a role without it. Fill in the ARN of the role ccoctl created for this Secret, arn:aws:iam::<account id>:role/<--name>-<namespace>-<secret name>.',
      });
    }
  },
};

export default rule;
