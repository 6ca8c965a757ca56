import { isAwsRequest } from './_cr';
import { known } from '../model/unknown';
import { CCOCTL_ROLE_NAME_MAX, ccoctlRoleName, ccoctlRoleNameFull } from '../domain';
import type { DocumentRule } from './types';

/**
 * ccoctl names the role `<--name>-<secretRef.namespace>-<secretRef.name>` and keeps the first 64
 * characters, with no uniqueness suffix (CCOCTL-roles, domain §2.4). With the prefix unknown
 * (`.irsa.yaml` `ccoctl.name` unset) only a suffix that leaves no room for any prefix is reported.
 */
const rule: DocumentRule = {
  id: 'ccoctl-role-name-truncated',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'The IAM role name ccoctl derives (`<--name>-<namespace>-<secret>`) is longer than 64 characters and gets cut.',
    details: [
      '`ccoctl aws create-iam-roles` names each role `<--name>-<spec.secretRef.namespace>-<spec.secretRef.name>`. IAM role names are at most 64 characters, so ccoctl keeps the first 64 characters — no hash, no uniqueness suffix. (Its dry-run file names still use the full name.)',
      '',
      '**Why it matters.** Trust policies and `role_arn` values written from the full name do not match the role that exists, and two CredentialsRequests whose names share the first 64 characters get the same role, the later one overwriting the earlier one\'s policy (see `ccoctl-role-name-collision`).',
      '',
      '**How to fix.** Shorten `secretRef.name`, the namespace, or the `--name` prefix so that the whole name fits in 64 characters; otherwise use exactly the truncated name everywhere. Set `ccoctl.name` in `.irsa.yaml` to the `--name` you pass so the exact name can be computed.',
      '',
      'See domain.md §2.4 (IAM role naming) and §8.1 CR014.',
    ].join('\n'),
    sources: ['CR014 (domain §2.4)'],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !doc.secretRef) return;
    // (#11 pattern 4) A templated secretRef is unknown until rendered: no role name to compute or compare.
    const ns = known(doc.secretRef.namespace);
    const name = known(doc.secretRef.name);
    const at = doc.secretRef.name ?? doc.secretRef.node;
    if (!ns || !name) return;
    const prefix = ctx.settings.ccoctlName;
    if (prefix) {
      const full = ccoctlRoleNameFull(prefix, ns, name);
      if (full.length <= CCOCTL_ROLE_NAME_MAX) return;
      const cut = ccoctlRoleName(prefix, ns, name);
      ctx.report({
        at: { doc, node: at },
        message: `ccoctl names this role "${full}" (${full.length} characters), but IAM allows ${CCOCTL_ROLE_NAME_MAX}, so it creates "${cut}". Trust policies and role_arn must use the cut name, and another CredentialsRequest with the same first ${CCOCTL_ROLE_NAME_MAX} characters would share the role. Shorten secretRef.name or namespace by ${full.length - CCOCTL_ROLE_NAME_MAX} characters.`,
      });
      return;
    }
    const suffix = `-${ns}-${name}`;
    if (suffix.length + 1 <= CCOCTL_ROLE_NAME_MAX) return;
    ctx.report({
      at: { doc, node: at },
      message: `ccoctl names this role "<--name>${suffix}", already ${suffix.length} characters without the --name prefix; IAM allows ${CCOCTL_ROLE_NAME_MAX}, so ccoctl cuts it and the role name loses the end of "${name}". Shorten secretRef.name or namespace (set ccoctl.name in .irsa.yaml to see the exact name).`,
    });
  },
};

export default rule;
