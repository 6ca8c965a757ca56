import { isAwsRequest } from './_cr';
import { known } from '../model/unknown';
import { CCOCTL_ROLE_NAME_MAX, ccoctlRoleName, ccoctlRoleNameFull, looseRoleOf } from '../domain';
import type { IrsaDocument } from '../model/types';
import { fileName, lineOf } from './_util';
import type { DocumentRule, Target } from './types';

/** A place in the workspace that names an IAM role: a ccoctl Secret's role_arn or a trust policy's AWS principal. */
interface RoleReference {
  roleName: string;
  at: Target;
  /** Where it is, for the message: `file:line`. */
  uri: string;
  start: number;
  what: string;
}

/** The role references of one document (the documents the `role:`/`rolesuffix:` keys index). */
function roleReferences(d: IrsaDocument): RoleReference[] {
  const out: RoleReference[] = [];
  if (d.kind === 'ccoctlSecret') {
    const e = d.profile.get('role_arn');
    const r = e ? looseRoleOf(e.value.trim()) : undefined;
    if (e && r) out.push({ roleName: r.roleName, at: e.exact ? { uri: d.uri, start: e.start, end: e.end } : { doc: d, node: d.credentialsNode }, uri: d.uri, start: e.exact ? e.start : d.credentialsNode.start, what: '`role_arn` of a Secret' });
  } else if (d.kind === 'iamPolicy') {
    for (const s of d.statements) {
      for (const p of s.principals) {
        if (p.type !== 'AWS') continue;
        const r = looseRoleOf(String(p.value.value));
        if (r) out.push({ roleName: r.roleName, at: { doc: d, node: p.value }, uri: d.uri, start: p.value.start, what: 'a trust policy principal' });
      }
    }
  }
  return out;
}

/**
 * ccoctl names the role `<--name>-<secretRef.namespace>-<secretRef.name>` and keeps the first 64
 * characters, with no uniqueness suffix (create-iam-roles.go `createRole`), then writes the ARN of the
 * role it created — the cut name — into the Secret (`writeCredReqSecret(credReq, targetDir, *role.Arn)`;
 * an empty role_arn with --dry-run).
 * A cut name alone therefore breaks nothing (OpenShift's own requests are cut on most clusters); what
 * breaks is a file that names the role by its uncut name. That is what this rule reports: a role ARN in
 * the workspace (a Secret's role_arn, a trust policy principal) whose role name is this request's
 * uncut name (`.irsa.yaml` `ccoctl.name` known) or ends with its `-<namespace>-<secret>` and is longer
 * than 64 characters (prefix unknown). Two requests whose cut names agree are `ccoctl-role-name-collision`.
 */
const rule: DocumentRule = {
  id: 'ccoctl-role-name-truncated',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'A file names the role of a CredentialsRequest by its full name, but ccoctl cut that name to 64 characters.',
    details: [
      '`ccoctl aws create-iam-roles` names each role `<--name>-<spec.secretRef.namespace>-<spec.secretRef.name>`. IAM role names are at most 64 characters, so ccoctl keeps the first 64 characters — no hash, no uniqueness suffix — and writes the ARN of the role it created or found, with the cut name, into the Secret (with `--dry-run` it creates nothing and leaves `role_arn` empty).',
      '',
      '**When it is reported.** A cut name on its own is fine: the Secret ccoctl writes names the role that exists (many of OpenShift\'s own requests are cut). It is reported when a file in the workspace names the role by its uncut name — a trust policy in the destination account written from `<--name>-<namespace>-<secret>`, or a hand-written Secret `role_arn` — since no role of that name exists (and IAM rejects names longer than 64 characters). With `.irsa.yaml` `ccoctl.name` unset, a role name longer than 64 characters that ends with `-<namespace>-<secret>` counts as the uncut name.',
      '',
      '**Why it matters.** No role of the uncut name exists. IAM refuses to save a trust policy whose principal is a role that does not exist ("Invalid principal in policy", MalformedPolicyDocument), so creating or updating the destination role fails; a `role_arn` naming it makes every `AssumeRoleWithWebIdentity` fail with AccessDenied.',
      '',
      '**How to fix.** Use the cut name there (the finding gives it when `ccoctl.name` is set), or shorten `secretRef.name`, the namespace or the `--name` prefix so that the whole name fits in 64 characters. Two requests whose names agree in the first 64 characters share one role: see `ccoctl-role-name-collision`.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (createRole: `roleName[0:64]`; the Secret gets `*role.Arn`)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role names: 64 characters)',
      'https://repost.aws/knowledge-center/iam-trust-policy-error ("Invalid principal in policy": a trust policy principal that names a deleted or missing role)',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !doc.secretRef) return;
    // (#11 pattern 4) A templated secretRef is unknown until rendered: no role name to compute or compare.
    const ns = known(doc.secretRef.namespace);
    const name = known(doc.secretRef.name);
    if (!ns || !name) return;
    const suffix = `-${ns}-${name}`;
    const prefix = ctx.settings.ccoctlName;
    const full = prefix ? ccoctlRoleNameFull(prefix, ns, name) : undefined;
    if (full ? full.length <= CCOCTL_ROLE_NAME_MAX : suffix.length + 1 <= CCOCTL_ROLE_NAME_MAX) return;
    // References whose role name ends with this request's suffix share its `rolesuffix:` key (view.ts
    // linkKeys), which also keeps the two linked for incremental re-checks.
    const refs: RoleReference[] = [];
    for (const d of ctx.ws.withKey(`rolesuffix:${suffix}`)) {
      for (const r of roleReferences(d)) {
        if (r.roleName.length <= CCOCTL_ROLE_NAME_MAX) continue;
        if (full ? r.roleName === full : r.roleName.endsWith(suffix)) refs.push(r);
      }
    }
    if (!refs.length) return;
    const at = doc.secretRef.name ?? doc.secretRef.node;
    const cut = prefix ? ccoctlRoleName(prefix, ns, name) : undefined;
    const list = refs.map((r) => `${r.what} (${fileName(r.uri)}:${lineOf(ctx, r.uri, r.start)})`).join(', ');
    const places = list.charAt(0).toUpperCase() + list.slice(1);
    const over = (full ?? suffix).length - CCOCTL_ROLE_NAME_MAX;
    ctx.report({
      at: { doc, node: at },
      message: cut
        ? `${places} name${refs.length === 1 ? 's' : ''} this request's role "${full}" (${full!.length} characters), but ccoctl cuts it to 64 and creates "${cut}": the uncut role does not exist. Use "${cut}" there, or shorten secretRef.name or namespace by ${over} characters.`
        : `${places} name${refs.length === 1 ? 's' : ''} this request's role by its uncut name ("…${suffix}", longer than 64 characters), but ccoctl cuts role names to 64 and creates a shorter role: the uncut role does not exist. Use the name in the ccoctl Secret (set ccoctl.name in .irsa.yaml to see it), or shorten secretRef.name or namespace.`,
      related: refs.map((r) => ({ at: r.at, message: `${r.what} with the uncut role name` })),
    });
  },
};

export default rule;
