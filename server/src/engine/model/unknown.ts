/**
 * Values that are not known yet because a templating tool fills them in (#11 pattern 4). The one
 * predicate for placeholder text is {@link isPlaceholder} (parse/placeholder.ts); this module applies
 * it to tree nodes, so rules and the workspace index treat a placeholder value the same way:
 * - format rules do not judge it (`namespace: ${NAMESPACE}` has no DNS-1123 form to check yet);
 * - cross-file links and comparisons do not use it (no link by `${NS}`, no "differs from" against it);
 * - the literal values of the same document keep every check.
 *
 * An unquoted Go template action `{{ .Values.x }}` is read by YAML as a flow mapping `{ { .x } }`
 * (YAML 1.2 §7.4 flow mappings): a mapping or list whose source text starts with `{{` is a
 * placeholder value too. (The parser may also mask template actions before parsing; then the value
 * is a masked `${___}` scalar, which {@link isPlaceholder} recognises: both are harmless together.)
 */
import { isPlaceholder } from '../parse/placeholder';
import type { TreeNode } from '../parse/tree';

/**
 * True when `node` is a value a template fills in: a string scalar holding a placeholder, or (when
 * `text`, the file's text, is given) a mapping/list written as `{{ … }}`. Undefined nodes are not
 * placeholders (they are absent, which rules handle on their own).
 */
export function isPlaceholderNode(node: TreeNode | undefined, text?: string): boolean {
  if (!node) return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && isPlaceholder(node.value);
  return text !== undefined && text.startsWith('{{', node.start);
}

/**
 * A whole value in the environment-variable-name convention with at least one underscore
 * (`HCP_NAMESPACE`, `BACKUP_NAME`): a substitution token, where a Kubernetes name is expected. Facts:
 * - such a value is never a valid Kubernetes name (DNS-1123 allows no uppercase and no `_`;
 *   apimachinery validation.go), so treating it as unknown hides no name the API server would accept;
 * - real repositories use it as a token that something else replaces: openshift/oadp-operator
 *   blogs/tekton-oadp-nonadmin (`sed -i 's/BACKUP_NAME/$(params.BACKUP_NAME)/g' backup.yaml`), and
 *   openshift/hypershift control-plane assets (`namespace: HCP_NAMESPACE`, overwritten for every asset
 *   by `obj.SetNamespace(cpContext.HCP.Namespace)` in support/controlplane-component/controlplane-component.go).
 * One upper-case word without `_` (`PROD`) is not such a token: it may be a case typo of a real name,
 * and k8s-name-format reports it with the lowercase repair.
 */
const NAME_TOKEN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * True when `value`, written where a Kubernetes name or namespace belongs, is not the name yet: a
 * template placeholder ({@link isPlaceholder}) or a substitution token (see NAME_TOKEN above). Only for
 * name fields; in free text (an env value, an ARN) an upper-case word is ordinary content.
 */
export function isNamePlaceholder(value: string): boolean {
  // Fast path: the workspace index reads names through this on every lookup (thousands per edit in a
  // namespace of 500 requests), and real names hold none of `$ { % _` (DNS-1123 has none of them).
  if (!mayHoldPlaceholder(value)) return false;
  return isPlaceholder(value) || NAME_TOKEN.test(value);
}

/** False when `value` has none of the characters every placeholder or token needs: `$`, `{`, `%`, `_`. */
function mayHoldPlaceholder(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 36 /* $ */ || c === 123 /* { */ || c === 37 /* % */ || c === 95 /* _ */) return true;
  }
  return false;
}

/** {@link isPlaceholderNode} for a name field: also a substitution token such as `HCP_NAMESPACE`. */
export function isNamePlaceholderNode(node: TreeNode | undefined, text?: string): boolean {
  if (node?.kind === 'scalar') return typeof node.value === 'string' && isNamePlaceholder(node.value);
  return isPlaceholderNode(node, text);
}

/**
 * The value of a scalar that names something (a namespace, a name, a Secret, a service account) when
 * it is known: like `str` (numbers and booleans stringified, null and collections undefined), but
 * undefined for a placeholder or substitution token ({@link isNamePlaceholder}), so a templated name
 * links to nothing and is compared with nothing.
 */
export function known(node: TreeNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  const v = String(node.value);
  return typeof node.value === 'string' && isNamePlaceholder(v) ? undefined : v;
}
