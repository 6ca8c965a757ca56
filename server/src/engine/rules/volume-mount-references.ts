import type { Workload } from '../model/types';
import { isNamePlaceholder } from '../model/unknown';
import { str } from '../parse/tree';
import { lineOf } from './_util';
import type { DocumentRule } from './types';

/**
 * WL003: every `volumeMounts[].name` must name a volume of the same pod spec (K8S-val NotFound),
 * volume names are unique in the pod (Duplicate) and mount paths unique in a container. Required
 * fields and the DNS-1123 label format of volume names come from the pod-spec schema
 * (`x-irsa-rule: volume-mount-references`).
 */
const rule: DocumentRule = {
  id: 'volume-mount-references',
  defaultSeverity: 'error',
  // Workspace scope: a kustomization.yaml elsewhere can say that this file is a patch.
  scope: 'workspace',
  appliesTo: ['workload'],
  schemaBacked: true,
  docs: {
    summary: 'Every volumeMount names a volume of the pod; volume names and mount paths are unique.',
    details: [
      'Kubernetes rejects a pod whose container mounts a volume that the pod spec does not define',
      '(`spec.containers[].volumeMounts[].name: Not found`), two volumes with the same name (`Duplicate value`),',
      'two mounts at the same `mountPath` in one container, a volume name that is not a DNS-1123 label',
      '(lower-case alphanumerics and `-`, at most 63 characters), and mounts without `name` or `mountPath`.',
      'A StatefulSet\'s `volumeClaimTemplates` are volumes too: a mount may name a claim template',
      '(apps/v1 StatefulSetSpec: "Every claim in this list must have at least one matching (by name) volumeMount").',
      '',
      'A document that is not a whole pod is not checked for mounts without a volume: a strategic-merge patch or an',
      'asset fragment (its base defines the volumes). It is recognised by a `$patch` directive',
      '(k8s.io/apimachinery strategicpatch), by having no `metadata.name` (every object needs a name or generateName:',
      'ValidateObjectMeta), by a `kustomization.yaml` that lists it under `patches`/`patchesStrategicMerge` or emits it',
      'with patches whose target admits it (kustomize api/types/kustomization.go), or by a `patches/` folder or a',
      '`*.patch.yaml` name (openshift/csi-operator pkg/generator/doc.go: patches "come from assets/patches and',
      'assets/drivers/*/patches"). Duplicate names and paths inside such a document are still errors.',
      '',
      'In an IRSA pod the two mounts that matter are the ccoctl Secret (the AWS config file) and the projected',
      'service account token (`bound-sa-token`); a typo in either name makes the whole Deployment fail to roll out.',
      '',
      '**Fix:** make each `volumeMounts[].name` equal to the `name` of an entry in `volumes` of the same pod spec,',
      'and keep volume names and mount paths unique.',
      '',
      '**Templates.** A templated volumeMount name (`${VOL}`) may name any volume once rendered and is not checked; literal names keep the check (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (volume names, volumeMounts)',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsDNS1123Label)',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/ (volumeClaimTemplates)',
      'https://github.com/kubernetes-sigs/kustomize/blob/master/api/types/kustomization.go (patches, patchesStrategicMerge)',
      'https://github.com/kubernetes-sigs/kustomize/blob/master/api/konfig/general.go',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/strategicpatch/patch.go (`$patch` directives)',
      'https://github.com/openshift/csi-operator/blob/f7f9dc59603d190abbcda1ae818f489c9dc2f167/pkg/generator/doc.go',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    // Needs a tree that means what the author wrote (a file-scope rule gets that guard from the core).
    if (!w.podSpec || !w.doc.sound) return;
    const names = new Map<string, number>();
    for (const v of w.volumes) {
      const n = str(v.name);
      if (n === undefined || !v.name) continue;
      const first = names.get(n);
      if (first !== undefined) {
        ctx.report({
          at: { doc: w, node: v.name },
          message: `Duplicate volume name \`${n}\` (first defined on line ${lineOf(ctx, w.uri, first)}); volume names must be unique within a pod.`,
        });
      } else names.set(n, v.name.start);
    }
    const defined = [...names.keys()];
    // A StatefulSet's volumeClaimTemplates are volumes of its pods, mounted by claim name (K8S-api
    // apps/v1 StatefulSetSpec.volumeClaimTemplates).
    const claims = new Set(w.claimTemplateNames.map((n) => str(n)));
    // A patch or fragment mounts volumes its base defines (issue #11 pattern 5): no "Not found" there.
    const partial = ctx.ws.partialReason(w) !== undefined;
    for (const c of w.containers) {
      const paths = new Map<string, number>();
      for (const m of c.mounts) {
        const n = str(m.name);
        // (#11 pattern 4) A templated mount name (`${VOL}`) may name any volume once rendered.
        if (n !== undefined && m.name && !names.has(n) && !claims.has(n) && !partial && !isNamePlaceholder(n)) {
          ctx.report({
            at: { doc: w, node: m.name },
            message: `volumeMount \`${n}\` in container \`${str(c.name) ?? '?'}\` names no volume of this pod (${defined.length ? `volumes: ${defined.map((d) => `\`${d}\``).join(', ')}` : 'the pod defines no volumes'}); Kubernetes rejects the pod with "Not found".`,
          });
        }
        const p = str(m.mountPath)?.replace(/\/+$/, '');
        if (p === undefined || !m.mountPath) continue;
        const first = paths.get(p);
        if (first !== undefined) {
          ctx.report({
            at: { doc: w, node: m.mountPath },
            message: `mountPath \`${str(m.mountPath)}\` is already used in container \`${str(c.name) ?? '?'}\` (line ${lineOf(ctx, w.uri, first)}); mount paths must be unique within a container.`,
          });
        } else paths.set(p, m.mountPath.start);
      }
    }
  },
};

export default rule;
