/**
 * Placeholders of templating tools: text that a tool replaces before anyone applies the file, so the
 * value written in the file is not the value that will exist. Shared by the parser (which masks template
 * actions so template syntax is never a YAML syntax error) and the rules (which treat a placeholder
 * value as unknown: no format error, no cross-file comparison against it). One predicate for both, so
 * the value the parser writes over a template action is recognised by every rule.
 *
 * Recognised (sources):
 * - `{{ … }}` Go text/template actions, as Helm renders them (pkg.go.dev/text/template "Actions";
 *   the `{{-`/`-}}` trim markers are part of the action).
 * - `${VAR}` envsubst / Flux post-build substitution (fluxcd.io "Post build variable substitution":
 *   `${var}`, `${var:=default}`, `${var:-default}`), and Terraform `${…}` interpolation.
 * - `%{ … }` Terraform template directives (developer.hashicorp.com/terraform/language/expressions/strings
 *   "Directives": `%{ if }`, `%{ for }`, `%{ endif }`).
 * - `${AWS::AccountId}` CloudFormation pseudo parameters in `Fn::Sub` (AWS CloudFormation User Guide
 *   "Pseudo parameters reference").
 * - `$(VAR)` Kubernetes dependent environment variables and kustomize vars
 *   (kubernetes.io "Define Dependent Environment Variables"; kubectl.docs.kubernetes.io kustomize `vars`).
 * - `{NAME}` single-brace fields that code fills with a string replace or a format call: Python
 *   `str.format` (docs.python.org/3/library/string.html#format-string-syntax) and Go
 *   `strings.ReplaceAll(doc, "{AWS_ACCOUNT_ID}", id)` on a policy template (openshift/rosa
 *   tests/utils/config/autonode.go with tests/ci/data/resources/autonode_trust_policy_template.json).
 *   Only an identifier between the braces: a YAML/JSON flow map is parsed before values are seen, and
 *   no ARN, Kubernetes name or IAM name may contain a brace, so such a value is never finished as written.
 *
 * Not placeholders: IAM policy variables `${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix}`
 * and the special characters `${*}`, `${?}`, `${$}` (IAM-UG reference_policies_variables.md): IAM
 * substitutes them when it evaluates the policy, so a policy using them is finished. Their name is
 * `<service>:<key>`; an envsubst variable name has no colon (a `${VAR:=default}` has its colon after
 * the name, and a `${var:-x}` default starts with `-`, `=`, `+` or `?`).
 */

/**
 * One placeholder token anywhere in a string. `${…}` excludes IAM policy variables by requiring the
 * name to be followed by `}` or a shell/Flux default operator (`:-`, `:=`, `:+`, `:?`, `-`, `=`), never
 * by `:<letter>` (the `aws:` of `${aws:username}`).
 */
export const PLACEHOLDER_TOKEN = /\{\{[\s\S]*?\}\}|%\{[^}]*\}|\$\{[A-Za-z_][A-Za-z0-9_.]*(?:\}|:?[-=+?][^}]*\})|\$\{AWS::[A-Za-z]+\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|(?<![{$%])\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})/g;

/** Character offsets (UTF-16, end exclusive) of every placeholder token in `value`, in order. */
export function placeholderSpans(value: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const m of value.matchAll(PLACEHOLDER_TOKEN)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

/**
 * True when `value` holds at least one templating placeholder (see the module docs), so the value as
 * written is not the value that will be applied: rules treat it as unknown. A value the parser masked
 * (see {@link maskPlaceholder}) is a placeholder too. False for IAM policy variables (`${aws:…}`).
 */
export function isPlaceholder(value: string): boolean {
  PLACEHOLDER_TOKEN.lastIndex = 0;
  const hit = PLACEHOLDER_TOKEN.test(value);
  PLACEHOLDER_TOKEN.lastIndex = 0;
  return hit;
}

/**
 * The text the parser writes over a template action of `length` UTF-16 units (≥ 4) so that offsets
 * survive: `${___…}` — a plain YAML scalar that {@link isPlaceholder} recognises. Shorter actions do
 * not exist (`{{}}` is the shortest). Throws RangeError for length < 4.
 */
export function maskPlaceholder(length: number): string {
  if (length < 4) throw new RangeError(`a masked template action is at least 4 characters, got ${length}`);
  return '${' + '_'.repeat(length - 3) + '}';
}

/**
 * True when a file's name says it is a template that code or a tool fills in before use:
 * `trust_policy_template.json`, `role-policy.template.json`, `policy.tmpl.json`, `x-tpl.yaml` (the
 * words `template`, `tmpl`, `tpl` as a `.`/`_`/`-` separated part of the base name). In such a file
 * every placeholder is a parameter, not a value left over from a copied example (e.g. openshift/rosa
 * tests/ci/data/resources/autonode_trust_policy_template.json, filled by tests/utils/config/autonode.go).
 */
export function isTemplateFileName(uri: string): boolean {
  const base = decodeURIComponent(uri.replace(/[?#].*$/, '').slice(uri.replace(/[?#].*$/, '').lastIndexOf('/') + 1));
  return /(^|[._-])(template|tmpl|tpl)s?([._-]|$)/i.test(base.replace(/\.(json|ya?ml)$/i, ''));
}
