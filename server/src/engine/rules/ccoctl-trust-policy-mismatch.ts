import { isPlaceholder } from '../parse/placeholder';
import { parseServiceAccountSubject, serviceAccountSubject, stringLikeMatches } from '../domain';
import type { CredentialsRequest, IamPolicy, WebIdentityCondition } from '../model/types';
import { asMap, str } from '../parse/tree';
import type { PairNode, ScalarNode, TreeNode } from '../parse/tree';
import { jsonString, principalFlavor } from './_iam-util';
import { fileName, lineOf } from './_util';
import { roleNameSource, trustRoleOf } from './_trust-util';
import type { DocumentRule, EditSpec, FixSpec, RuleContext } from './types';

const CREATE_IAM_ROLES = 'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go';

/** `OpenShift role for <secretRef.namespace>/<secretRef.name>`: the Description ccoctl gives the role (createRole `roleDescription`). */
const DESCRIPTION = /^OpenShift role for ([^/\s]+)\/([^/\s]+)$/;

/** A CredentialsRequest the trust policy's role was created for, and how the two are linked (for the message). */
interface Link {
  cr: CredentialsRequest;
  /** `The role \`…\` (its \`RoleName\`)`, user-facing: the subject of the message's first sentence. */
  role: string;
  /** ` by the \`-<ns>-<secret>\` suffix`, or empty. */
  how: string;
}

/**
 * The CredentialsRequest whose ccoctl role this trust policy belongs to: by the role's name (the
 * policy's `RoleName`, or its file name) — exactly `<ccoctl.name>-<ns>-<secret>` cut to 64 when
 * `.irsa.yaml` sets the prefix, else ending with `-<ns>-<secret>` — or by the CreateRole `Description`
 * ccoctl writes. The nearest request wins when several match.
 */
export function ccoctlRequestOfTrustPolicy(doc: IamPolicy, ctx: RuleContext): Link | undefined {
  const role = trustRoleOf(ctx, doc);
  if (role) {
    const cr = ctx.ws.credentialsRequestsForRole(role.name, doc.uri).find((c) => c.cloud === 'aws');
    if (cr) {
      const named = `The role \`${role.name}\` (${roleNameSource(role)})`;
      const how = ctx.settings.ccoctlName ? '' : ` by the \`-${str(cr.secretRef?.namespace)}-${str(cr.secretRef?.name)}\` suffix`;
      return { cr, role: named, how };
    }
  }
  const d = doc.createRole?.description;
  const m = typeof d?.value === 'string' ? DESCRIPTION.exec(d.value) : null;
  if (m) {
    const cr = ctx.ws.credentialsRequestsForSecret(m[1]!, m[2]!).find((c) => c.cloud === 'aws');
    // With a known prefix a RoleName that is not the request's role is trust-role-name-mismatch's
    // concern; the Description still says which request the trust policy was written for.
    if (cr) return { cr, role: `The role (its \`Description\` \`OpenShift role for ${m[1]}/${m[2]}\`)`, how: '' };
  }
  return undefined;
}

/**
 * Issue #13: the trust policy `ccoctl aws create-iam-roles` writes for a CredentialsRequest admits
 * exactly `system:serviceaccount:<secretRef.namespace>:<sa>` for each `serviceAccountNames` entry, under
 * `StringEquals` on `<issuer>:sub`, from the provider given as `--identity-provider-arn`
 * (create-iam-roles.go createRolePolicyDocument). A trust policy of that role in the workspace (the
 * `--dry-run` CreateRole input, or one written by hand) that disagrees with the request is reported:
 * a listed service account it does not admit (its pods are denied), a subject the request does not list
 * (stale), a provider other than `.irsa.yaml` `ccoctl.identityProviderArn`.
 */
const rule: DocumentRule = {
  id: 'ccoctl-trust-policy-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'The trust policy of a ccoctl role must admit exactly the service accounts its CredentialsRequest lists, from the cluster\'s OIDC provider.',
    details: [
      '`ccoctl aws create-iam-roles` creates one IAM role per CredentialsRequest, named `<--name>-<secretRef.namespace>-<secretRef.name>`',
      '(cut to 64 characters), with the description `OpenShift role for <secretRef.namespace>/<secretRef.name>` and this trust policy:',
      '',
      '```json',
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow",',
      '  "Principal": { "Federated": "<--identity-provider-arn>" }, "Action": "sts:AssumeRoleWithWebIdentity",',
      '  "Condition": { "StringEquals": { "<issuer>:sub": [ "system:serviceaccount:<secretRef.namespace>:<serviceAccountNames[0]>", … ] } } } ] }',
      '```',
      '',
      'The namespace of every subject is `spec.secretRef.namespace` — where the Secret and the pods are — not the request\'s own',
      '`metadata.namespace`. With `--dry-run` ccoctl writes the CreateRole input to `05-<n>-<role name>-role.json` (the policy as a',
      'JSON string) for you to apply with `aws iam create-role --cli-input-json`, so the file can drift from the request: the request',
      'gains a service account, a subject is edited by hand, the file is copied for another role.',
      '',
      'This rule finds the trust policy of a request\'s role — by its `RoleName` (or, for a trust policy file, its file name) being',
      'the request\'s ccoctl role name: exactly `<ccoctl.name>-<ns>-<secret>` when `.irsa.yaml` sets `ccoctl.name`, else a name ending',
      'with `-<ns>-<secret>`; or by the `Description` ccoctl writes — and compares it with the request:',
      '',
      '- **A listed service account is not admitted** (error). Pods that run as it present a token whose `sub` is',
      '  `system:serviceaccount:<namespace>:<name>`; no `:sub` value matches it, so STS answers "Not authorized to perform',
      '  sts:AssumeRoleWithWebIdentity" (AccessDenied). Quick fix: add the subject to the `:sub` list.',
      '- **A subject the request does not list** (warning). ccoctl would not write it: the trust policy is stale, or was edited by',
      '  hand, and lets a service account assume the role that the request does not grant it. Either add the service account to',
      '  `serviceAccountNames` or remove the subject (quick fix, not preferred).',
      '- **Another OIDC provider** (error), when `.irsa.yaml` sets `ccoctl.identityProviderArn` and no statement trusts it: ccoctl',
      '  writes the provider it is given, and IAM accepts only tokens of the provider the principal names, so tokens of the',
      '  cluster\'s issuer are refused. Quick fix: use the configured ARN, and rename the condition keys that name the old provider.',
      '',
      '`StringLike` patterns count as admitting every subject they match and are never reported as extra; negated operators are',
      'ignored. A trust policy with no `:sub` condition at all is `oidc-principal-condition`\'s finding, and a `:sub` key that still',
      'holds ccoctl\'s `<enter_issuer_url_here>` placeholder is reported there too. Whether a workload\'s own service account is',
      'admitted is checked from the workload side by the trust-policy rules of issue #13.',
      '',
      '**Severity.** A missing subject and a wrong provider break every pod that relies on them, so they are errors; an extra',
      'subject breaks nothing but grants more than the request says, so it is a warning.',
    ].join('\n'),
    sources: [
      `${CREATE_IAM_ROLES} (createRolePolicyDocument: one \`system:serviceaccount:<secretRef.namespace>:<sa>\` per serviceAccountNames entry under \`StringEquals\` \`<issuer>:sub\`; createRole: RoleName \`<name>-<ns>-<secret>\` cut to 64, Description \`OpenShift role for <ns>/<secret>\`, --dry-run writes \`05-%d-%s-role.json\`)`,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif (the `<provider>:sub` key holds the token\'s `sub` claim)',
      'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/ (a service account token\'s subject is `system:serviceaccount:<namespace>:<name>`)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (`StringEquals` exact, `StringLike` wildcards)',
      'https://docs.aws.amazon.com/cli/latest/reference/iam/create-role.html (`--cli-input-json`: the CreateRole input, `AssumeRolePolicyDocument` a JSON string)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    // Only a web identity trust policy can be a ccoctl role's (the destination role's trust in a
    // second account names the ccoctl role as an AWS principal: trust-role-name-mismatch).
    const subs = doc.webIdentity.filter((c) => c.claim === 'sub');
    const oidc = doc.statements.flatMap((st) => (str(st.effect) === 'Deny' ? [] : st.principals.filter((p) => principalFlavor(p) === 'oidc')));
    if (!oidc.length) return;
    const link = ccoctlRequestOfTrustPolicy(doc, ctx);
    if (!link) return;
    const { cr, role, how } = link;
    const ns = str(cr.secretRef?.namespace);
    if (!ns) return;
    const crName = str(cr.name) ?? str(cr.secretRef?.name) ?? '(unnamed)';
    const crAt = `${fileName(cr.uri)}:${lineOf(ctx, cr.uri, cr.root.start)}`;
    const label = `CredentialsRequest \`${crName}\` (${crAt})`;
    const linked = `${role} is the ccoctl role of ${label}${how}.`;

    // The provider: ccoctl writes `--identity-provider-arn` as given.
    const configured = ctx.settings.oidcProviderArn;
    // A policy that also trusts the configured provider (two clusters during a migration) is fine.
    if (configured && !isPlaceholder(configured) && !oidc.some((p) => p.value.value === configured)) {
      const newPath = providerPathOf(configured);
      for (const st of doc.statements) {
        if (str(st.effect) === 'Deny') continue;
        for (const p of st.principals) {
          if (principalFlavor(p) !== 'oidc') continue;
          const v = String(p.value.value);
          if (v === configured || isPlaceholder(v) || /<[^>]*>/.test(v)) continue;
          // The condition keys are named after the provider (`<provider path>:sub`): they move with it.
          const oldPath = providerPathOf(v);
          const keyEdits: EditSpec[] = [];
          if (newPath && oldPath) {
            for (const op of asMap(st.condition)?.pairs ?? []) {
              for (const k of asMap(op.value)?.pairs ?? []) {
                const name = String(k.key.value);
                if (name.startsWith(oldPath + ':')) keyEdits.push({ uri: doc.uri, start: k.key.start, end: k.key.end, newText: jsonString(newPath + name.slice(oldPath.length)) });
              }
            }
          }
          ctx.report({
            at: { doc, node: p.value },
            message: `${linked} The trust policy's principal is the OIDC provider \`${v}\`, but \`.irsa.yaml\` \`ccoctl.identityProviderArn\` is \`${configured}\`, the provider ccoctl writes (\`--identity-provider-arn\`): IAM accepts only tokens of the provider the principal names, so the cluster's tokens are refused.`,
            fixes: [{ title: `Use the OIDC provider "${configured}"`, preferred: true, edits: [{ uri: doc.uri, start: p.value.start, end: p.value.end, newText: jsonString(configured) }, ...keyEdits] }],
          });
        }
      }
    }

    // No `:sub` condition: every service account is admitted (oidc-principal-condition's finding).
    if (!subs.length) return;
    const expected = new Map<string, ScalarNode>();
    for (const n of cr.serviceAccountNames) {
      if (typeof n.value !== 'string' || n.value === '' || isPlaceholder(n.value)) continue;
      const s = serviceAccountSubject(ns, n.value);
      if (!expected.has(s)) expected.set(s, n);
    }
    // ccoctl refuses a request without service accounts (cr-service-account-names reports it).
    if (!expected.size) return;
    const admits = (c: WebIdentityCondition, subject: string): boolean => {
      const v = String(c.value.value);
      if (c.like) return stringLikeMatches(v, subject);
      return c.operator === 'StringEqualsIgnoreCase' ? v.toLowerCase() === subject.toLowerCase() : v === subject;
    };
    const values = subs.filter((c) => !isPlaceholder(String(c.value.value)));
    // A `:sub` key holding a placeholder value is not finished; judge nothing of it.
    if (values.length < subs.length) return;

    const missing = [...expected.entries()].filter(([subject]) => !values.some((c) => admits(c, subject)));
    const extras = values.filter((c) => !c.like && ![...expected.keys()].some((s) => admits(c, s)));
    const written = `ccoctl writes \`${[...expected.keys()].join('`, `')}\``;

    // One mistake, one finding: a subject written in place of a listed one (the request's
    // metadata.namespace instead of secretRef.namespace, or a renamed service account) is reported
    // once, on the value, with the listed subject as its fix.
    const pairs: [WebIdentityCondition, [string, ScalarNode]][] = [];
    for (const c of extras) {
      const sa = parseServiceAccountSubject(String(c.value.value));
      const i = sa ? missing.findIndex(([s]) => parseServiceAccountSubject(s)?.name === sa.name) : -1;
      if (i >= 0) pairs.push([c, missing.splice(i, 1)[0]!]);
    }
    const unpaired = extras.filter((c) => !pairs.some(([p]) => p === c));
    if (missing.length === 1 && unpaired.length === 1) pairs.push([unpaired.pop()!, missing.pop()!]);
    for (const [c, [subject, saNode]] of pairs) {
      const v = String(c.value.value);
      const sa = String(saNode.value);
      const why =
        parseServiceAccountSubject(v)?.name === sa && parseServiceAccountSubject(v)?.namespace === str(cr.namespace)
          ? ` ccoctl puts the subjects in \`secretRef.namespace\` \`${ns}\`, where the pods run, not in the request's own \`metadata.namespace\`.`
          : '';
      ctx.report({
        at: { doc, node: c.value },
        message: `${linked} Its trust policy admits \`${v}\` where ${written} for service account \`${sa}\` of \`serviceAccountNames\` (${fileName(cr.uri)}:${lineOf(ctx, cr.uri, saNode.start)}): pods running as \`${ns}/${sa}\` are denied ("Not authorized to perform sts:AssumeRoleWithWebIdentity").${why}`,
        related: [{ at: { doc: cr, node: saNode }, message: `service account \`${sa}\` of ${label}` }],
        fixes: [{ title: `Use "${subject}"`, preferred: true, edits: [{ uri: doc.uri, start: c.value.start, end: c.value.end, newText: jsonString(subject) }] }],
      });
    }
    for (const [subject, saNode] of missing) {
      const target = subs.find((c) => !c.like && c.operator === 'StringEquals') ?? subs[0]!;
      ctx.report({
        at: { doc, node: target.key },
        message: `${linked} Its trust policy does not admit \`${subject}\`, but the request lists service account \`${String(saNode.value)}\` in \`serviceAccountNames\` (${fileName(cr.uri)}:${lineOf(ctx, cr.uri, saNode.start)}) and ccoctl writes one \`:sub\` subject for each, in \`secretRef.namespace\` \`${ns}\`: pods running as \`${ns}/${String(saNode.value)}\` are denied ("Not authorized to perform sts:AssumeRoleWithWebIdentity").`,
        related: [{ at: { doc: cr, node: saNode }, message: `service account \`${String(saNode.value)}\` of ${label}` }],
        fixes: addSubjectFix(doc, target.key, subject),
      });
    }
    for (const c of unpaired) {
      const v = String(c.value.value);
      const removal = removeItemEdit(doc, c.value);
      ctx.report({
        at: { doc, node: c.value },
        severity: 'warning',
        message: `${linked} Its trust policy admits \`${v}\`, which the request does not list: ${written}, so this subject is stale or added by hand and lets that service account assume the role (it denies no one, hence a warning). Add the service account to \`serviceAccountNames\` or remove the subject.`,
        related: cr.serviceAccountNamesNode ? [{ at: { doc: cr, node: cr.serviceAccountNamesNode, part: 'key' }, message: `serviceAccountNames of ${label}` }] : undefined,
        fixes: removal ? [{ title: `Remove "${v}" from the trust policy`, edits: [removal] }] : undefined,
      });
    }
  },
};

/** `arn:…:oidc-provider/<path>` → `<path>`, the prefix IAM gives the provider's condition keys; undefined for another ARN. */
function providerPathOf(arn: string): string | undefined {
  return /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/.exec(arn)?.[1];
}

/** Adds `subject` to the values of the condition key `key` (a list, or a lone string that becomes one). */
function addSubjectFix(doc: IamPolicy, key: ScalarNode, subject: string): FixSpec[] | undefined {
  const pair: PairNode | undefined = key.parent?.kind === 'map' ? key.parent.pairs.find((p) => p.key === key) : undefined;
  const v: TreeNode | undefined = pair?.value;
  if (!v) return undefined;
  if (v.kind === 'seq') {
    const last = v.items[v.items.length - 1];
    const edit: EditSpec = last
      ? { uri: doc.uri, start: last.end, end: last.end, newText: `, ${jsonString(subject)}` }
      : { uri: doc.uri, start: v.start + 1, end: v.end - 1, newText: jsonString(subject) };
    return [{ title: `Add "${subject}" to "${String(key.value)}"`, preferred: true, edits: [edit] }];
  }
  if (v.kind === 'scalar' && typeof v.value === 'string') {
    // The lone value becomes a list (IAM accepts either form): not an "Add" in place.
    return [{ title: `Admit "${subject}" too (make "${String(key.value)}" a list)`, preferred: true, edits: [{ uri: doc.uri, start: v.start, end: v.end, newText: `[${jsonString(v.value)}, ${jsonString(subject)}]` }] }];
  }
  return undefined;
}

/** Removes one item of a JSON list with its comma; undefined for a lone value or the list's only item. */
function removeItemEdit(doc: IamPolicy, n: ScalarNode): EditSpec | undefined {
  const list = n.parent;
  if (list?.kind !== 'seq' || list.items.length < 2) return undefined;
  const i = list.items.indexOf(n);
  if (i < 0) return undefined;
  if (i > 0) return { uri: doc.uri, start: list.items[i - 1]!.end, end: n.end, newText: '' };
  return { uri: doc.uri, start: n.start, end: list.items[1]!.start, newText: '' };
}

export default rule;
