import { isPlaceholder } from '../parse/placeholder';
import { isPlaceholderNode } from '../model/unknown';
import { isDnsSubdomain } from '../domain';
import type { IrsaDocument } from '../model/types';
import { asMap, get, MapNode } from '../parse/tree';
import { sourceOf } from './_cr';
import type { DocumentRule, RuleContext } from './types';

/** Label name part and label value: `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 (APIM validate/content/kube.go). */
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_MAX = 63;

/** Why a label key is invalid, or undefined (qualified name: optional DNS-subdomain prefix + `/` + name). */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `it has ${parts.length - 1} '/' (at most one, between the prefix and the name)`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (!prefix) return "the prefix before '/' is empty";
    if (!isDnsSubdomain(prefix)) return `the prefix "${prefix}" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`;
  }
  if (!name) return 'the name part is empty';
  if (name.length > LABEL_MAX) return `the name part is ${name.length} characters long (at most ${LABEL_MAX})`;
  if (!LABEL_NAME.test(name)) return "the name part must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why a label value (a string) is invalid, or undefined. Empty is allowed. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_MAX) return `it is ${value.length} characters long (at most ${LABEL_MAX})`;
  if (!LABEL_NAME.test(value)) return "it must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

function checkLabels(doc: IrsaDocument, labels: MapNode, where: string, ctx: RuleContext): void {
  const text = ctx.text(doc.uri);
  for (const p of labels.pairs) {
    const key = String(p.key.value);
    // (#11 pattern 4) A templated key or value is checked once rendered, not as written; an unquoted
    // `{{ .x }}` value is a YAML flow mapping whose text starts with `{{` (isPlaceholderNode).
    const kp = isPlaceholder(key) ? undefined : labelKeyProblem(key);
    if (kp) {
      ctx.report({ at: { doc, node: p.key }, message: `Label key "${key}" in \`${where}\` is invalid: ${kp}. The API server rejects the object.` });
    }
    const v = p.value;
    if (isPlaceholderNode(v, text)) continue;
    if (!v || v.kind !== 'scalar' || v.value === null) {
      if (v && v.kind !== 'scalar') ctx.report({ at: { doc, node: v }, message: `Label "${key}" in \`${where}\` must have a string value; found a ${v.kind === 'map' ? 'mapping' : 'list'}.` });
      continue;
    }
    if (typeof v.value !== 'string') {
      const src = sourceOf(ctx, doc, v);
      ctx.report({
        at: { doc, node: v },
        message: `Label "${key}" in \`${where}\` has the ${typeof v.value} ${src}, but label values must be strings; Kubernetes cannot decode it. Quote it: ${JSON.stringify(src)}.`,
        fixes: [{ title: `Quote the label value: ${JSON.stringify(src)}`, preferred: true, edits: [{ uri: doc.uri, start: v.start, end: v.end, newText: JSON.stringify(src) }] }],
      });
      continue;
    }
    const vp = labelValueProblem(v.value);
    if (vp) ctx.report({ at: { doc, node: v }, message: `Label value "${v.value}" of "${key}" in \`${where}\` is invalid: ${vp}. The API server rejects the object.` });
  }
}

const rule: DocumentRule = {
  id: 'k8s-label-format',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'serviceAccount', 'workload'],
  docs: {
    summary: 'Label keys and values must be valid Kubernetes labels (value ≤63 characters, a quoted string).',
    details: [
      'Label keys are an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. Values are strings of at most 63 characters of the same form, or empty. This rule checks `metadata.labels` and, for workloads, the pod template labels.',
      '',
      '**Why it matters.** The API server rejects invalid labels, and a number or boolean value (`version: 1.0`, `enabled: true`) cannot be decoded into a label string at all. The CCO samples carry `controller-tools.k8s.io: "1.0"` — quoted on purpose; the guide\'s `"1.01` is an unterminated quote (reported by `yaml-syntax`).',
      '',
      '**How to fix.** Quote numbers and booleans (the quick fix does it), shorten values to 63 characters, and use only letters, digits, `-`, `_` and `.`.',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a templated label key or value is not judged (`app: ${ASSET_PREFIX}-controller`, `hypershift.openshift.io/hosted-control-plane: ${NAMESPACE}`, `app: {{ .App }}`). The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue)',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set',
    ],
  },
  check(doc, ctx) {
    if (doc.kind === 'iamPolicy') return;
    const labels = asMap(get(doc.root, 'metadata', 'labels'));
    if (labels) checkLabels(doc, labels, 'metadata.labels', ctx);
    if (doc.kind === 'workload' && doc.podSpecPath.length > 1) {
      const templatePath = doc.podSpecPath.slice(0, -1);
      const tl = asMap(get(doc.root, ...templatePath, 'metadata', 'labels'));
      if (tl) checkLabels(doc, tl, [...templatePath, 'metadata', 'labels'].join('.'), ctx);
    }
  },
};

export default rule;
