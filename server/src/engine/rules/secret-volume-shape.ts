import type { Workload } from '../model/types';
import type { ScalarNode } from '../parse/tree';
import type { DocumentRule, RuleContext } from './types';

/** defaultMode/mode range (K8S-val): 0–0777 octal, i.e. 0–511 decimal. */
const MODE_MAX = 0o777;

/**
 * Reads a file mode as Kubernetes does. Manifests are decoded as YAML 1.1 (sigs.k8s.io/yaml over
 * go-yaml v2), where `0644` is octal; our YAML 1.2 parser would read it as decimal 644, so the
 * number is taken from the source text.
 */
export function fileMode(ctx: RuleContext, uri: string, n: ScalarNode): number | undefined {
  const raw = ctx.text(uri).slice(n.start, n.end).trim();
  if (/^0[0-7]+$/.test(raw)) return parseInt(raw, 8);
  if (/^0o[0-7]+$/i.test(raw)) return parseInt(raw.slice(2), 8);
  return typeof n.value === 'number' && Number.isInteger(n.value) ? n.value : undefined;
}

/**
 * WL004 (shape part): a secret volume needs `secretName`; `defaultMode` and `items[].mode` are
 * 0–0777; `items[]` need `key` and a relative `path` without `..`. Required keys and the path
 * format are checked by the pod-spec schema (`x-irsa-rule: secret-volume-shape`); the mode range is
 * checked here because of YAML 1.1 octal literals.
 */
const rule: DocumentRule = {
  id: 'secret-volume-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  schemaBacked: true,
  docs: {
    summary: 'A secret volume needs `secretName`, a `defaultMode` within 0–0777 and relative `items[].path` without `..`.',
    details: [
      'A `secret` volume source must name its Secret: the API type marks `secretName` optional, but validation',
      'rejects an empty one (`Required value`). `defaultMode` (and `items[].mode`) must be between 0 and 0777 octal',
      '(0–511 decimal): "must be a number between 0 and 0777 (octal), both inclusive". Write it as decimal (`420`)',
      'or as a YAML 1.1 octal (`0644`, which Kubernetes reads as 420). Each `items[]` entry needs `key` and `path`;',
      'the path is relative and may not contain `..`.',
      '',
      'For the ccoctl Secret, leave `items` out (the key `credentials` becomes `<mountPath>/credentials`) or map',
      '`key: credentials` explicitly and point `AWS_CONFIG_FILE` at the mapped path (see `aws-config-file-path`).',
      '',
      'An operator asset that says in a comment inside the `secret:` mapping that code sets the name (e.g. `# SecretName',
      'is set at run-time`, openshift/cluster-ingress-operator `pkg/manifests/assets/router/deployment.yaml`) is a',
      'fragment completed by code: its missing `secretName` is not reported.',
      '',
      '**Fix:** add `secretName` (the CredentialsRequest\'s `secretRef.name`), use a valid mode, and make item paths',
      'relative.',
    ].join('\n'),
    sources: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (secret volume, defaultMode, items)',
      'https://github.com/kubernetes/api/blob/master/core/v1/types.go (SecretVolumeSource)',
    ],
  },
  /**
   * (issue #11 pattern 5) An operator asset whose secret volume says in a comment that code sets
   * `secretName` (openshift/cluster-ingress-operator pkg/manifests/assets/router/deployment.yaml:
   * "SecretName is set at run-time"; openshift/hypershift karpenter asset: "to be replaced by
   * adaptDeployment") is a fragment completed by code, not a volume without a Secret.
   */
  refineSchemaFinding(finding, doc, ctx) {
    if (finding.keyword !== 'required' || finding.params['missingProperty'] !== 'secretName' || doc.kind !== 'workload') return undefined;
    const text = ctx.text(doc.uri);
    const v = doc.volumes.find((x) => x.secret && finding.node.start >= x.node.start && finding.node.end <= x.node.end);
    const key = v?.secret?.node.pair?.key;
    if (!key) return undefined;
    // The `secret:` block: its key line and every following line indented deeper (comments included,
    // which the tree does not keep).
    const col = key.start - (text.lastIndexOf('\n', key.start - 1) + 1);
    const lines = text.slice(key.start).split('\n');
    let block = lines[0] ?? '';
    for (const line of lines.slice(1)) {
      if (line.trim() !== '' && line.length - line.trimStart().length <= col) break;
      block += '\n' + line;
    }
    return /#[^\n]*secret\s*name/i.test(block) ? null : undefined;
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const v of w.volumes) {
      const s = v.secret;
      if (!s) continue;
      const modes: { node: ScalarNode; field: string }[] = [];
      if (s.defaultMode) modes.push({ node: s.defaultMode, field: 'defaultMode' });
      for (const it of s.items) {
        const m = it.node.pairs.find((p) => p.key.value === 'mode')?.value;
        if (m?.kind === 'scalar') modes.push({ node: m, field: 'items[].mode' });
      }
      for (const { node, field } of modes) {
        const mode = fileMode(ctx, w.uri, node);
        if (mode === undefined) continue; // not a number: the schema reports the type
        if (mode < 0 || mode > MODE_MAX) {
          ctx.report({
            at: { doc: w, node },
            message: `\`${field}\` ${ctx.text(w.uri).slice(node.start, node.end)} is out of range: it must be a number between 0 and 0777 (octal), i.e. 0–511 decimal; e.g. 420 (= 0644).`,
          });
        }
      }
    }
  },
};

export default rule;
