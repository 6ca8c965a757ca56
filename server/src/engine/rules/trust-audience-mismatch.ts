import { parseServiceAccountSubject } from '../domain';
import type { RoleUse, Workload } from '../model/types';
import { addConditionValueEdit, admits, hasClaim, hasMalformedClaim, hasTemplatedClaim, linkText, roleNameSource, subjectOf, tokenAudiences, trustRoleOf, usesOfPolicy, WEBHOOK_AUDIENCE_ANNOTATION, WEBHOOK_DEFAULT_AUDIENCE } from './_trust-util';
import { jsonString } from './_iam-util';
import { workloadLabel } from './_workload-util';
import { fileName, where } from './_util';
import type { DocumentRule, Report, RuleContext } from './types';
import { annotatedRole, effectiveServiceAccount } from '../model/workload';

/**
 * Issue #13: the `<issuer>:aud` values of a web identity trust policy must admit the audience of the
 * tokens its workloads present, and (when `.irsa.yaml` lists the OIDC provider's client IDs) be one
 * of those client IDs: STS compares the token's `aud` claim with both.
 */
const rule: DocumentRule = {
  id: 'trust-audience-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: "The trust policy's `:aud` condition does not admit the audience of the tokens its workloads present, or is not a client ID of the OIDC provider.",
    details: [
      'A web identity trust policy may pin the token audience with `"<issuer>:aud": "<audience>"`. STS compares it with the',
      '`aud` claim of the token the pod presents; a token with another audience is refused with **"Not authorized to perform',
      'sts:AssumeRoleWithWebIdentity"** even though the subject matches.',
      '',
      'The audience of a pod\'s token:',
      '',
      '- **ccoctl set-up**: the `audience` of the pod\'s `serviceAccountToken` projection (`openshift` in the OpenShift docs).',
      '- **Pod identity webhook**: the ServiceAccount\'s `eks.amazonaws.com/audience` annotation, else the webhook\'s',
      '  `--token-audience`, which defaults to `sts.amazonaws.com` and is what the cloud credential operator passes on OpenShift.',
      '',
      'The workloads compared are those that run with the policy\'s role (see `trust-subject-mismatch` for how the role and',
      'its workloads are found) and, when the policy\'s role is not known, those running as a service account its `:sub`',
      'names exactly and presenting a token meant for AWS.',
      '',
      'When `.irsa.yaml` lists the OIDC provider\'s client IDs under `audiences:`, an `:aud` value outside that list is',
      'reported as a warning: STS first checks the token audience against the provider\'s client IDs ("Incorrect token',
      'audience"), so such a condition can never be met.',
      '',
      '**Fix**: set the `:aud` value to the audience the tokens carry (quick fix), or change the token\'s audience.',
      'A trust policy without `:aud` is fine: the provider\'s client IDs are then the only audience check (ccoctl writes none).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif (`<provider>:aud`)',
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html (`:aud` = `sts.amazonaws.com`)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/main.go (`--token-audience`, default `sts.amazonaws.com`)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/README.md (`eks.amazonaws.com/audience` annotation)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/bindata/v4.1.0/aws-pod-identity-webhook/deployment.yaml (`--token-audience=sts.amazonaws.com`)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create_identity_provider.go (client IDs `openshift`, `sts.amazonaws.com`)',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    if (!hasClaim(doc, 'aud') || hasTemplatedClaim(doc, 'aud')) return;
    const auds = doc.webIdentity.filter((c) => c.claim === 'aud');
    // Sub-check "client IDs": only when the user listed them.
    const clientIds = ctx.settings.audiences;
    if (clientIds?.length) {
      for (const c of auds) {
        const v = String(c.value.value);
        if (c.like || clientIds.includes(v)) continue;
        ctx.report({
          at: { doc, node: c.value },
          severity: 'warning',
          message: `\`${v}\` is not a client ID of the OIDC provider (\`.irsa.yaml\` audiences: ${clientIds.map((x) => `\`${x}\``).join(', ')}): STS rejects any token with that audience ("InvalidIdentityToken: Incorrect token audience"), so this value can never match (a warning: another value of the condition still may).`,
        });
      }
    }
    // Sub-check "token audience": the workloads of the role, else those the `:sub` names.
    // Values that are oidc-principal-condition's finding (a literal `*`, swapped keys) are no audience to compare.
    if (hasMalformedClaim(doc)) return;
    const role = trustRoleOf(ctx, doc);
    const uses: RoleUse[] = role ? usesOfPolicy(ctx, doc, role.name) : [];
    const linkedBy = new Map<Workload, string>();
    for (const u of uses) linkedBy.set(u.workload, `runs with role \`${role!.name}\` (this file is its trust policy: ${roleNameSource(role!)}) ${linkText(ctx, u)}`);
    const subjectUses: RoleUse[] = [];
    if (!uses.length) {
      for (const c of doc.webIdentity) {
        if (c.claim !== 'sub' || c.like) continue;
        const sa = parseServiceAccountSubject(String(c.value.value));
        if (!sa) continue;
        for (const w of ctx.ws.workloadsRunningAs(sa.name)) {
          const ns = ctx.ws.effectiveNamespace(w);
          if (ns !== sa.namespace || linkedBy.has(w)) continue;
          const use = subjectUse(ctx, w, sa.namespace);
          subjectUses.push(use);
          linkedBy.set(w, `runs as \`${String(c.value.value)}\`, which this policy's \`:sub\` admits,`);
        }
      }
    }
    const all = [...uses, ...subjectUses];
    // Audiences that a workload presents and the policy admits today: a fix must not take them away.
    const inUse = new Set<string>();
    for (const u of all) {
      const subject = subjectOf(ctx, u.workload, u);
      for (const a of tokenAudiences(ctx, u)) if (admits(doc, subject, a.value)) inUse.add(a.value);
    }
    const reported = new Set<string>();
    for (const u of all) {
      const subject = subjectOf(ctx, u.workload, u);
      // A subject no statement admits is trust-subject-mismatch's finding; here, one statement must
      // admit the workload's subject and audience together.
      if (subject !== undefined && !admits(doc, subject)) continue;
      for (const a of tokenAudiences(ctx, u)) {
        if (admits(doc, subject, a.value) || reported.has(a.value)) continue;
        reported.add(a.value);
        const source = a.node && a.doc ? `${a.doc.kind === 'serviceAccount' ? `the \`${WEBHOOK_AUDIENCE_ANNOTATION}\` annotation` : 'its token projection'} (${where(ctx, a.doc, a.node)})` : `the pod identity webhook's default (\`${WEBHOOK_DEFAULT_AUDIENCE}\`; the ServiceAccount has no \`${WEBHOOK_AUDIENCE_ANNOTATION}\`)`;
        const only = auds.length === 1 ? auds[0]! : undefined;
        const r: Report = {
          at: { doc, node: auds[0]!.value },
          message:
            `${workloadLabel(u.workload)} ${linkedBy.get(u.workload)} and presents a token with audience \`${a.value}\` from ${source}, ` +
            `which this policy's \`:aud\` (${auds.map((c) => `\`${String(c.value.value)}\``).join(', ')}) does not admit: STS fails with "Not authorized to perform sts:AssumeRoleWithWebIdentity". ` +
            `Use the same audience in both.`,
          related: [
            { at: { doc: u.workload, node: u.workload.podSpec ?? u.workload.root, part: 'key' }, message: `${workloadLabel(u.workload)} (${fileName(u.workload.uri)})` },
            ...(a.node && a.doc ? [{ at: { doc: a.doc, node: a.node }, message: `token audience \`${a.value}\`` }] : []),
          ],
        };
        // Replace the audience when no workload relies on it; else trust the new one too.
        if (only && !only.like && !inUse.has(String(only.value.value))) r.fixes = [{ title: `Set the trusted audience to "${a.value}"`, preferred: true, edits: [{ uri: doc.uri, start: only.value.start, end: only.value.end, newText: jsonString(a.value) }] }];
        else {
          const exact = auds.find((c) => c.operator === 'StringEquals');
          const edit = exact ? addConditionValueEdit(doc, exact, a.value) : undefined;
          if (edit) r.fixes = [{ title: `Trust the audience "${a.value}" too (:aud)`, preferred: true, edits: [edit] }];
        }
        ctx.report(r);
      }
    }
  },
};

/**
 * A workload running as a `:sub`-named service account, seen as a user of the policy's role: through
 * its ServiceAccount's webhook annotation when it has one, else as a pod that projects its own token
 * (whose audiences tokenAudiences reads; a pod without an AWS token then has none to compare).
 */
function subjectUse(ctx: RuleContext, w: Workload, namespace: string): RoleUse {
  const name = effectiveServiceAccount(w);
  for (const sa of ctx.ws.serviceAccounts(name, namespace)) {
    const r = annotatedRole(sa);
    if (r) return { workload: w, via: 'annotation', doc: sa, at: { start: r.node.start, end: r.node.end }, arn: r.arn, account: r.account };
  }
  return { workload: w, via: 'env', doc: w, at: { start: w.root.start, end: w.root.start }, arn: '', account: '' };
}

export default rule;
