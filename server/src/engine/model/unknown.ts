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
 * The value of a scalar that names something (a namespace, a name, a Secret, a service account) when
 * it is known: like `str` (numbers and booleans stringified, null and collections undefined), but
 * undefined for a placeholder, so a templated name links to nothing and is compared with nothing.
 */
export function known(node: TreeNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  const v = String(node.value);
  return typeof node.value === 'string' && isPlaceholder(v) ? undefined : v;
}
