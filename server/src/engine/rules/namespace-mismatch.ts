import type { Workload } from '../model/types';
import { isNamePlaceholderNode, known } from '../model/unknown';
import { asMap, get, str } from '../parse/tree';
import { replaceString, where, yamlScalar } from './_util';
import { appendMapPair, crLabel, styleOf, workloadLabel } from './_workload-util';
import { languageOf } from '../parse';
import type { TreeNode } from '../parse/tree';
import type { DocumentRule, EditSpec, FixSpec } from './types';

/**
 * WL002 (namespace part): the trust policy ccoctl writes admits service accounts of
 * `spec.secretRef.namespace` only (CCOCTL-roles, §2.5), and the Secret is created there, so the
 * workload must run in that namespace. Without `metadata.namespace` the namespace is chosen at
 * `oc apply -n`, so the finding is a warning that says which namespace to apply it to.
 */
const rule: DocumentRule = {
  id: 'namespace-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The workload must run in the CredentialsRequest's `secretRef.namespace`.",
    details: [
      'ccoctl creates the credentials Secret in `spec.secretRef.namespace` and writes a trust policy that only admits',
      '`system:serviceaccount:<secretRef.namespace>:<serviceAccountNames[i]>`. A pod in another',
      'namespace cannot mount the Secret (Secrets are namespaced) and its token\'s `sub` names the wrong namespace,',
      'so STS answers `Not authorized to perform sts:AssumeRoleWithWebIdentity`. Note that it is the **secretRef**',
      'namespace that counts, not the CredentialsRequest\'s own `metadata.namespace` (ccoctl ignores that).',
      '',
      'When the workload manifest has no `metadata.namespace`, the namespace is whatever `oc apply -n` (or the current',
      'project) says; the rule then reports a **warning** naming the namespace to use. An empty `namespace:` is the same',
      'warning. A mapping or list under `namespace:` (often the lines below it indented too far) is an error, without a',
      'quick fix: replacing the value would delete those lines.',
      '',
      '**Fix:** set `metadata.namespace` to the CredentialsRequest\'s `secretRef.namespace` (quick fix), or change',
      '`secretRef.namespace` and re-run ccoctl.',
      '',
      'A workload that a `kustomization.yaml` emits gets that file\'s `namespace:`, whatever its own metadata.namespace',
      '(kustomize "will override the existing namespace if it is set on a resource, or add it if it is not set":',
      'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/), so that namespace is compared (not',
      'known, and not reported, when several overlays disagree or it is a placeholder such as `${NAMESPACE}`); a',
      'patch or fragment (see volume-mount-references) takes its namespace from its base and is not warned about.',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a templated namespace on either side (`namespace: ${NAMESPACE}` on the workload or in `secretRef`) is compared with nothing: it may well render to the right namespace. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (trust policy subject `system:serviceaccount:<namespace>:<name>`)',
      'https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/kustomization.go (namespace)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      // (#11 pattern 4) A templated namespace on either side (`${NAMESPACE}`, `{{ .Ns }}`) is unknown
      // until the template is rendered: nothing to compare, so no finding either way.
      const want = known(cr.secretRef?.namespace);
      const nsNode = cr.secretRef?.namespace;
      if (!want || !nsNode) continue;
      // kustomize sets its `namespace:` on every resource it emits, replacing metadata.namespace
      // (issue #11 pattern 5); null: several overlays or a placeholder, so not known here.
      const emitted = ctx.ws.kustomizeNamespace(w);
      if (emitted === null || emitted === want) continue;
      if (emitted !== undefined) {
        ctx.report({
          at: w.namespace ? { doc: w, node: w.namespace } : { doc: w, node: asMap(get(w.root, 'metadata')) ?? w.root, part: 'key' },
          message: `${workloadLabel(w)} is emitted by kustomize into namespace \`${emitted}\` (the \`namespace:\` of its kustomization.yaml), but CredentialsRequest \`${crLabel(cr)}\` puts its Secret and trust policy in secretRef.namespace \`${want}\` (${where(ctx, cr, nsNode)}); the pod cannot mount the Secret and STS rejects its token's sub system:serviceaccount:${emitted}:….`,
          related: [{ at: { doc: cr, node: nsNode }, message: `secretRef.namespace of CredentialsRequest \`${crLabel(cr)}\`` }],
        });
        continue;
      }
      // (#11 pattern 4) A templated namespace of the workload itself (`${NAMESPACE}`, `{{ .Ns }}`) is
      // unknown until the template is rendered: nothing to compare (kustomize's, above, replaces it).
      if (isNamePlaceholderNode(get(w.root, 'metadata', 'namespace'), ctx.text(w.uri))) continue;
      const have = str(w.namespace);
      if (have === want) continue;
      // A patch or fragment takes its namespace from the base it is merged into.
      if (have === undefined && ctx.ws.partialReason(w) !== undefined) continue;
      // Where the request is, for a message: computed only when one is written (it indexes the lines of its file).
      const crWhere = (): string => where(ctx, cr, nsNode);
      const related = [{ at: { doc: cr, node: nsNode }, message: `secretRef.namespace of CredentialsRequest \`${crLabel(cr)}\`` }];
      if (have !== undefined && w.namespace) {
        const fix: FixSpec = { title: `Set the namespace to \`${want}\``, preferred: true, edits: [replaceString(w.uri, w.namespace, want)] };
        ctx.report({
          at: { doc: w, node: w.namespace },
          message: `${workloadLabel(w)} is in namespace \`${have}\`, but CredentialsRequest \`${crLabel(cr)}\` puts its Secret and trust policy in secretRef.namespace \`${want}\` (${crWhere()}); the pod cannot mount the Secret and STS rejects its token's sub system:serviceaccount:${have}:….`,
          related,
          fixes: [fix],
        });
        continue;
      }
      const meta = asMap(get(w.root, 'metadata'));
      const text = ctx.text(w.uri);
      const key = meta?.pairs.find((p) => p.key.value === 'namespace');
      if (key) {
        // The key is there but its value is not a name. In a tree that is not sound, that value is the
        // parser's recovery (over-indented lines after `namespace: x` fold into it): yaml-syntax reports
        // the real mistake there, and what namespace was meant is unknown.
        if (!w.doc.sound) continue;
        // (A non-null scalar is `w.namespace`, handled above.) Only an empty value gets a fix, and it only
        // inserts: a mapping or list under the key is often lines indented too far, which replacing the
        // value would delete, so that repair is left to the author.
        const empty = !key.value || key.value.kind === 'scalar';
        const colon = text.indexOf(':', key.key.end);
        const insert = empty && colon >= 0 && text.slice(key.key.end, colon).trim() === '' ? colon + 1 : undefined;
        ctx.report({
          at: { doc: w, node: key.key },
          // An empty value is no namespace to Kubernetes (a warning, as above); a mapping or a list is
          // rejected by the API server.
          ...(empty ? { severity: 'warning' as const } : {}),
          message: empty
            ? `metadata.namespace of ${workloadLabel(w)} is empty, so it runs wherever \`oc apply -n\` puts it; CredentialsRequest \`${crLabel(cr)}\` requires secretRef.namespace \`${want}\` (${crWhere()}). Set \`namespace: ${want}\` or always apply it with \`-n ${want}\`.`
            : `metadata.namespace of ${workloadLabel(w)} is a ${key.value!.kind === 'map' ? 'mapping' : 'list'}, not a name (are the lines below it indented too far?); CredentialsRequest \`${crLabel(cr)}\` requires secretRef.namespace \`${want}\` (${crWhere()}).`,
          related,
          fixes: insert === undefined ? undefined : [{ title: `Set the namespace to \`${want}\``, preferred: true, edits: [setEmpty(w.uri, key.value, insert, want)] }],
        });
        continue;
      }
      const add = meta ? appendMapPair(w.uri, text, meta, 'namespace', want, styleOf(text, w)) : undefined;
      ctx.report({
        at: meta?.pair ? { doc: w, node: meta, part: 'key' } : { doc: w, node: w.root, part: 'key' },
        severity: 'warning',
        message: `${workloadLabel(w)} has no metadata.namespace, so it runs wherever \`oc apply -n\` puts it; CredentialsRequest \`${crLabel(cr)}\` requires secretRef.namespace \`${want}\` (${crWhere()}). Set \`namespace: ${want}\` or always apply it with \`-n ${want}\`.`,
        related,
        fixes: add ? [{ title: `Add \`namespace: ${want}\` to metadata`, preferred: true, edits: [add] }] : undefined,
      });
    }
  },
};

export default rule;

/**
 * The edit that gives an empty `namespace:` the value `want`: after the colon when nothing is written,
 * or in place of a written null (`null`, `~`, JSON `null`), which inserting after the colon would keep
 * (`namespace: team-a null`).
 */
function setEmpty(uri: string, value: TreeNode | undefined, afterColon: number, want: string): EditSpec {
  if (value?.kind === 'scalar' && value.end > value.start) {
    return { uri, start: value.start, end: value.end, newText: languageOf(uri) === 'json' ? JSON.stringify(want) : yamlScalar(want) };
  }
  return { uri, start: afterColon, end: afterColon, newText: ` ${yamlScalar(want)}` };
}
