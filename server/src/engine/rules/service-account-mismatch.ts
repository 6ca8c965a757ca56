import type { Workload } from '../model/types';
import { isNamePlaceholderNode } from '../model/unknown';
import { str } from '../parse/tree';
import { effectiveServiceAccount } from '../model/workload';
import { replaceString, where, yamlScalar } from './_util';
import { appendSeqItem, crLabel, podSpecAnchor, prependMapPair, replacePairWithScalar, styleOf, workloadLabel } from './_workload-util';
import type { DocumentRule, EditSpec, FixSpec } from './types';

/** At most this many "use <sa>" fixes per finding (a CR rarely lists more). */
const MAX_SA_FIXES = 5;

/**
 * WL002 (service account part): the service account a pod runs as — `serviceAccountName`, else the
 * deprecated `serviceAccount`, else `default` (K8S-conv) — must be one of the linked
 * CredentialsRequest's `serviceAccountNames`, because the trust policy ccoctl writes admits only
 * `system:serviceaccount:<secretRef.namespace>:<name>` for those names (CCOCTL-roles, §2.5).
 */
const rule: DocumentRule = {
  id: 'service-account-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The pod's service account must be one of the CredentialsRequest's `serviceAccountNames` (the trust policy's `sub`).",
    details: [
      '`ccoctl aws create-iam-roles` writes a trust policy for each CredentialsRequest whose only condition is',
      '`StringEquals {"<issuer>:sub": ["system:serviceaccount:<secretRef.namespace>:<name>", …]}` with one entry per',
      '`spec.serviceAccountNames` item. The token a pod presents carries',
      '`sub = system:serviceaccount:<pod namespace>:<pod service account>`; if that account is not in the list, STS',
      'answers `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
      '',
      'The pod\'s service account is `serviceAccountName`, else the deprecated `serviceAccount`, else `default`.',
      'The workload is linked to the CredentialsRequest whose Secret it mounts (or whose service account it uses).',
      '',
      '**Fix** (two quick fixes): set the workload\'s `serviceAccountName` to one of the CredentialsRequest\'s',
      '`serviceAccountNames`, or add the workload\'s service account to `serviceAccountNames` in the',
      'CredentialsRequest file (then re-run ccoctl so the trust policy is updated — ccoctl reuses an existing role',
      'without updating its trust policy, so update the role\'s trust policy too).',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a templated `serviceAccountName` or `serviceAccountNames` entry is compared with nothing. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (trust policy subject `system:serviceaccount:<namespace>:<name>`)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    if (!w.podSpec) return;
    const sa = effectiveServiceAccount(w);
    const saNode = w.serviceAccountName ?? w.serviceAccount;
    // (#11 pattern 4) A templated service account (`{{ .Values.sa }}`) is unknown: nothing to compare.
    if (isNamePlaceholderNode(saNode, ctx.text(w.uri))) return;
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      // Each name once: a name listed twice would give two identical quick fixes (and a message naming it twice).
      // (#11 pattern 4) A templated entry (`${SA}`) may be the workload's account once rendered: unknown, no finding.
      if (cr.serviceAccountNames.some((n) => isNamePlaceholderNode(n))) continue;
      const names = [...new Set(cr.serviceAccountNames.map((n) => str(n)).filter((n): n is string => n !== undefined))];
      if (!names.length || names.includes(sa)) continue; // an empty list is cr-service-account-names' finding
      // Where the request is, for a message: computed only when one is written (it indexes the lines of its file).
      const crWhere = (): string => where(ctx, cr, cr.serviceAccountNamesNode?.pair?.key ?? cr.serviceAccountNamesNode ?? cr.root);
      const ns = str(cr.secretRef?.namespace) ?? '<namespace>';
      const how = saNode ? `runs as service account \`${sa}\`` : 'sets no `serviceAccountName`, so it runs as service account `default`';
      const text = ctx.text(w.uri);
      const style = styleOf(text, w);
      const fixes: FixSpec[] = [];
      for (const target of names.slice(0, MAX_SA_FIXES)) {
        let edits: EditSpec[] | undefined;
        if (w.serviceAccountName) {
          edits = [{ uri: w.uri, start: w.serviceAccountName.start, end: w.serviceAccountName.end, newText: yamlScalar(target) }];
        } else if (w.serviceAccount?.pair) {
          const k = w.serviceAccount.pair.key;
          edits = [
            replaceString(w.uri, k, 'serviceAccountName'),
            { uri: w.uri, start: w.serviceAccount.start, end: w.serviceAccount.end, newText: yamlScalar(target) },
          ];
        } else {
          const e = replacePairWithScalar(w.uri, text, w.podSpec, 'serviceAccountName', target) ?? prependMapPair(w.uri, text, w.podSpec, 'serviceAccountName', target, style);
          edits = e ? [e] : undefined;
        }
        if (edits) fixes.push({ title: `Run ${workloadLabel(w)} as service account \`${target}\` (listed in CredentialsRequest \`${crLabel(cr)}\`)`, preferred: names.length === 1, edits });
      }
      const seq = cr.serviceAccountNamesNode;
      // Never offer to trust `default`: every pod of the namespace without a service account would get the role.
      if (seq?.kind === 'seq' && sa !== 'default') {
        const crText = ctx.text(cr.uri);
        const add = appendSeqItem(cr.uri, crText, seq, sa, { step: 2, indentSeq: true });
        if (add) fixes.push({ title: `Add \`${sa}\` to serviceAccountNames of CredentialsRequest \`${crLabel(cr)}\` (${crWhere()})`, edits: [add] });
      }
      ctx.report({
        at: saNode ? { doc: w, node: saNode } : { doc: w, node: podSpecAnchor(w), part: 'key' },
        message: `${workloadLabel(w)} ${how}, which is not in serviceAccountNames of CredentialsRequest \`${crLabel(cr)}\` (${crWhere()}): ${names.map((n) => `\`${n}\``).join(', ')}. The ccoctl trust policy only admits system:serviceaccount:${ns}:${names.join(`, system:serviceaccount:${ns}:`)}, so STS refuses AssumeRoleWithWebIdentity.`,
        related: [{ at: { doc: cr, node: cr.serviceAccountNamesNode ?? cr.root, part: 'key' }, message: `serviceAccountNames of CredentialsRequest \`${crLabel(cr)}\`` }],
        fixes,
      });
    }
  },
};

export default rule;
