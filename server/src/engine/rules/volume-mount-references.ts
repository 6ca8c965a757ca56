import type { Workload } from '../model/types';
import { isPlaceholder } from '../parse/placeholder';
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
  scope: 'file',
  appliesTo: ['workload'],
  schemaBacked: true,
  docs: {
    summary: 'Every volumeMount names a volume of the pod; volume names and mount paths are unique.',
    details: [
      'Kubernetes rejects a pod whose container mounts a volume that the pod spec does not define',
      '(`spec.containers[].volumeMounts[].name: Not found`), two volumes with the same name (`Duplicate value`),',
      'two mounts at the same `mountPath` in one container, a volume name that is not a DNS-1123 label',
      '(lower-case alphanumerics and `-`, at most 63 characters), and mounts without `name` or `mountPath`.',
      'In an IRSA pod the two mounts that matter are the ccoctl Secret (the AWS config file) and the projected',
      'service account token (`bound-sa-token`); a typo in either name makes the whole Deployment fail to roll out.',
      '',
      '**Fix:** make each `volumeMounts[].name` equal to the `name` of an entry in `volumes` of the same pod spec,',
      'and keep volume names and mount paths unique.',
      '',
      'Backed by domain.md §3.3 and §8.4 WL003 (K8S-val, APIM).',
      '',
      '**Templates (#11 pattern 4).** A templated volumeMount name (`${VOL}`) may name any volume once rendered and is not checked; literal names keep the check (template syntaxes and their sources: server/src/engine/parse/placeholder.ts).',
    ].join('\n'),
    sources: ['server/src/engine/parse/placeholder.ts (template syntaxes: pkg.go.dev/text/template, fluxcd.io post-build variable substitution, Terraform string templates, kubernetes.io dependent environment variables)', 'WL003 (domain §3.3)', 'K8S-val pkg/apis/core/validation/validation.go', 'APIM IsDNS1123Label'],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    if (!w.podSpec) return;
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
    for (const c of w.containers) {
      const paths = new Map<string, number>();
      for (const m of c.mounts) {
        const n = str(m.name);
        // (#11 pattern 4) A templated mount name (`${VOL}`) may name any volume once rendered.
        if (n !== undefined && m.name && !names.has(n) && !isPlaceholder(n)) {
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
