/**
 * Helpers for the IAM policy rules: principal flavours and the trust action each one needs, ARN
 * format checks (IAM-UG reference_identifiers / reference_policies_elements_principal, domain §4.1–§4.3),
 * sub-ranges inside string values, and JSON edits computed from the parser's offsets.
 *
 * JSON edits are computed on our own tree rather than with `jsonc-parser`'s `modify`: the tree's
 * offsets stay valid after the parser's `{ {` recovery (a same-length patch), while `modify`
 * re-parses the original text, which in that case is not valid JSON and has no `Statement[0]`.
 * (Files starting with `_` are not rules; the registry test skips them.)
 */
import { looksLikePlaceholder, PARTITIONS } from '../domain';
import { placeholderSpans } from '../parse/placeholder';
import type { DocRef, IamPolicy, PolicyStatement, Principal } from '../model/types';
import type { MapNode, PairNode, ScalarNode, TreeNode } from '../parse/tree';
import type { EditSpec, Target } from './types';

/** What a principal is, for the action it needs in a trust policy (IAM-UG principal element). */
export type PrincipalFlavor = 'aws' | 'service' | 'oidc' | 'saml' | 'web-identity' | 'canonical' | 'any';

/** Web-identity providers IAM knows by domain instead of by provider ARN (IAM-UG principal element). */
export const WEB_IDENTITY_DOMAINS = ['cognito-identity.amazonaws.com', 'accounts.google.com', 'www.amazon.com', 'graph.facebook.com'];

export function principalFlavor(p: Principal): PrincipalFlavor | undefined {
  const v = String(p.value.value);
  switch (p.type) {
    case '*':
      return 'any';
    case 'AWS':
      return v === '*' ? 'any' : 'aws';
    case 'Service':
      return 'service';
    case 'CanonicalUser':
      return 'canonical';
    case 'Federated':
      if (/^arn:[^:]*:iam::[^:]*:oidc-provider\//.test(v)) return 'oidc';
      if (/^arn:[^:]*:iam::[^:]*:saml-provider\//.test(v)) return 'saml';
      if (WEB_IDENTITY_DOMAINS.includes(v)) return 'web-identity';
      return undefined;
  }
}

/**
 * The STS action a principal flavour assumes a role with (IAM-UG access-analyzer "Mismatched action
 * for principal"): AWS and service principals `sts:AssumeRole`, OIDC and web-identity providers
 * `sts:AssumeRoleWithWebIdentity`, SAML providers `sts:AssumeRoleWithSAML`.
 */
export const TRUST_ACTION: Record<PrincipalFlavor, string | undefined> = {
  aws: 'sts:AssumeRole',
  any: 'sts:AssumeRole',
  service: 'sts:AssumeRole',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  'web-identity': 'sts:AssumeRoleWithWebIdentity',
  saml: 'sts:AssumeRoleWithSAML',
  canonical: undefined,
};

/** Actions that may accompany the assume action in a trust policy (IAM-UG id_session-tags; list UNCONFIRMED, domain §4.2). */
export const TRUST_EXTRA_ACTIONS = ['sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];

/** The assume actions a statement's principals need, in principal order, without duplicates. */
export function expectedTrustActions(st: PolicyStatement): string[] {
  const out: string[] = [];
  for (const p of st.principals) {
    const f = principalFlavor(p);
    const a = f ? TRUST_ACTION[f] : undefined;
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards (IAM-UG Action element). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(action);
}

/** Target for a statement-level finding: the `Statement` key when the statement is its value, else the statement's first line. */
export function statementTarget(doc: DocRef, st: PolicyStatement): Target {
  return { doc, node: st.node, part: 'key' };
}

/** "statement 2" or "the statement", for messages. */
export function statementLabel(statements: readonly PolicyStatement[], st: PolicyStatement): string {
  return statements.length > 1 ? `statement ${statements.indexOf(st) + 1}` : 'the statement';
}

// ---------------------------------------------------------------------------------------------
// ARNs

const PLACEHOLDER_TOKEN = /<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|(?<![{$%])\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})/g;
const ACCOUNT_WORD = /^(account|ACCOUNT|acct|account[-_]?id|ACCOUNT[-_]?ID|x{12}|X{12})$/;

/**
 * IAM policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, service keys such as
 * `${s3:prefix}`, an optional default (`${aws:PrincipalTag/team, 'none'}`), and the special
 * characters `${*}`, `${?}`, `${$}`. IAM substitutes them at evaluation time, in the resource part of
 * a Resource ARN (after the fifth colon) and in string/ARN Condition values — nowhere else
 * (IAM-UG reference_policies_variables.md "Where you can use policy variables", "Special characters",
 * "Specifying default values"). Not placeholders: a policy using them is finished.
 */
export const POLICY_VARIABLE = /\$\{(?:[*?$]|[A-Za-z0-9-]+:(?!:)[^}',]+(?:,\s*'[^']*')?)\}/g;

/** The IAM policy variables in a value (see {@link POLICY_VARIABLE}). */
export function policyVariables(value: string): string[] {
  return value.match(POLICY_VARIABLE) ?? [];
}

/**
 * Placeholders of templating tools that render the file before anyone applies it: Terraform
 * `%{var}` (templatefile), Go/Helm `{{ … }}`, kustomize/Kubernetes `$(VAR)`, CloudFormation
 * pseudo parameters `${AWS::AccountId}` (`Fn::Sub`). A value holding one is
 * not known yet, so it has no format to check. (`${VAR}` stays a placeholder finding: in a policy it
 * is the guide's `${DESTINATION_ACCOUNT}` copied from a shell example, which IAM would not resolve; the
 * same for a single-brace `{ACCOUNT_ID}`, unless the file's name says it is a template: see
 * isTemplateFileName.)
 */
export function templatePlaceholders(value: string): string[] {
  // The shared predicate's tokens (parse/placeholder.ts), less the envsubst `${VAR}` forms kept above.
  return placeholderSpans(value)
    .map((t) => t.text)
    .filter((t) => (!t.startsWith('${') && !/^\{[A-Za-z_]/.test(t)) || t.startsWith('${AWS::'));
}

/** Stands in for a policy variable while the ARN is split at colons (a variable contains one). */
const VARIABLE_MARK = '\uE000';

/** True when the ARN partition field is a known partition, or (in a Resource) a wildcard pattern matching one. */
function partitionOk(partition: string, use: ArnUse): boolean {
  if (PARTITIONS.includes(partition)) return true;
  if (use !== 'resource' || !/[*?]/.test(partition)) return false;
  return PARTITIONS.some((p) => actionMatches(partition, p));
}

/** Placeholder fragments of a value: `<…>`, `${…}`, `{{…}}`, and an account field such as `account`. */
export function placeholderTokens(value: string): string[] {
  const out: string[] = [...(value.match(PLACEHOLDER_TOKEN) ?? [])];
  const account = value.split(':')[4];
  if (account !== undefined && ACCOUNT_WORD.test(account) && !out.includes(account)) out.unshift(account);
  return [...new Set(out)];
}

function isAccountPlaceholder(s: string): boolean {
  return ACCOUNT_WORD.test(s) || /^(<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_][A-Za-z0-9_]*\})$/.test(s);
}

/** Where an ARN is used decides what it may name. */
export type ArnUse = 'principal-aws' | 'principal-federated' | 'role' | 'resource';

const ARN_SHAPE = '`arn:<partition>:<service>:<region>:<account-id>:<resource>`';
const AWS_PRINCIPAL_FORMS =
  'an account (`arn:aws:iam::<account-id>:root` or the 12-digit id), a role (`arn:aws:iam::<account-id>:role/<name>`), a user, ' +
  'an assumed-role session (`arn:aws:sts::<account-id>:assumed-role/<role-name>/<session-name>`) or a federated user';

/**
 * Checks the format of an ARN (or, for AWS principals, an account id) and returns a user-facing
 * message, or undefined when it is well formed. Role and session *names* are left to
 * `iam-name-limits`. Sources: IAM-UG reference_identifiers.md, reference_policies_elements_principal.md
 * (no wildcards in principal ARNs), reference_policies_elements_resource.md (`*` and `?` in any
 * segment of a Resource ARN), reference_policies_variables.md (policy variables in the resource part
 * of a Resource ARN); partitions from data/aws-partitions.json (domain §4.1, §4.3, §9.2).
 */
export function arnProblem(value: string, use: ArnUse): string | undefined {
  // Well-known web identity providers are principals by name, not ARNs (IAM-UG principal reference).
  if (use === 'principal-federated' && WEB_IDENTITY_DOMAINS.includes(value)) return undefined;
  const vars = policyVariables(value);
  if (vars.length && (use === 'principal-aws' || use === 'principal-federated')) {
    return `\`${value}\` uses the IAM policy variable${vars.length > 1 ? 's' : ''} ${vars.map((v) => `\`${v}\``).join(', ')} in a Principal: IAM substitutes policy variables only in Resource and Condition values, so this principal matches nothing. Name the principal, or match it with a Condition.`;
  }
  // In a Resource, policy variables are finished values: check the rest of the ARN around them.
  const v = use === 'resource' ? value.replace(POLICY_VARIABLE, VARIABLE_MARK) : value;
  if (looksLikePlaceholder(v) || placeholderTokens(v).length) {
    const tokens = placeholderTokens(v);
    const parts = v.split(':');
    const account = parts[0] === 'arn' ? parts[4] : /^\S+$/.test(v) && !v.includes(':') ? v : undefined;
    const names = tokens.map((t) => `\`${t}\``);
    const plural = tokens.length > 1 ? 's' : '';
    const head = `\`${value}\` still contains the placeholder${plural} ${names.join(', ')} copied from an example`;
    if (account !== undefined && isAccountPlaceholder(account)) {
      const others = tokens.filter((t) => t !== account).map((t) => `\`${t}\``);
      return `${head}: substitute the real 12-digit AWS account id for \`${account}\`${others.length ? ` and the real value${others.length > 1 ? 's' : ''} for ${others.join(', ')}` : ''}.`;
    }
    return `${head}: replace ${tokens.length > 1 ? 'them' : 'it'} with the real value${plural}.`;
  }
  if (use === 'principal-aws' && /^\d+$/.test(v)) {
    return /^\d{12}$/.test(v) ? undefined : `The account id \`${v}\` must be exactly 12 digits; found ${v.length}.`;
  }
  const parts = v.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    if (use === 'principal-aws') return `\`${value}\` is neither an ARN nor a 12-digit account id: an AWS principal is ${AWS_PRINCIPAL_FORMS}.`;
    if (use === 'principal-federated') {
      return `\`${value}\` is not a federated principal: use the OIDC provider ARN (\`arn:aws:iam::<account-id>:oidc-provider/<issuer host and path>\`), a SAML provider ARN, or one of ${WEB_IDENTITY_DOMAINS.map((d) => `\`${d}\``).join(', ')}.`;
    }
    return `\`${value}\` is not an ARN: expected ${ARN_SHAPE}.`;
  }
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  const principal = use === 'principal-aws' || use === 'principal-federated';
  // IAM-UG principal element: "You cannot use a wildcard to match part of a principal name or ARN."
  if (principal && /[*?]/.test(v)) {
    return `Principal ARNs cannot contain wildcards: \`${value}\` matches nothing. Name the exact role or session, or match several with a Condition (e.g. \`ArnLike\` on \`aws:PrincipalArn\`).`;
  }
  if ([partition, service, region, account].some((f) => f.includes(VARIABLE_MARK))) {
    return `\`${value}\`: IAM substitutes policy variables only in the resource part of an ARN (after the fifth colon), not in the partition, service, region or account (IAM User Guide, "Where you can use policy variables": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).`;
  }
  if (!partitionOk(partition, use)) {
    const known = PARTITIONS.map((p) => `\`${p}\``).join(', ');
    if (use === 'resource' && /[*?]/.test(partition)) return `The partition pattern \`${partition}\` in \`${value}\` matches no partition: ${known}.`;
    return `Unknown partition \`${partition}\` in \`${value}\`: use ${known}.`;
  }
  // In a Resource `*` matches zero or more characters, so `arn:aws:iam:*:…` still matches the empty region.
  if ((service === 'iam' || service === 'sts') && region !== '' && !(use === 'resource' && /^\*+$/.test(region))) {
    return `IAM and STS ARNs have an empty region field (\`arn:${partition}:${service}::<account-id>:…\`); found \`${region}\` in \`${value}\`.`;
  }
  const wildAccount = use === 'resource' && /[*?]/.test(account);
  const needsAccount = service === 'iam' || service === 'sts' || principal || use === 'role';
  if (!wildAccount && (needsAccount || account !== '') && !/^\d{12}$/.test(account)) {
    return account === ''
      ? `\`${value}\` has no account id: ${service.toUpperCase() === 'IAM' || service === 'sts' ? 'IAM and STS ARNs need' : 'this ARN needs'} the 12-digit AWS account id after \`${partition}:${service}:${region}:\`.`
      : `The account id \`${account}\` in \`${value}\` must be exactly 12 digits.`;
  }
  switch (use) {
    case 'principal-aws':
      return awsPrincipalProblem(value, service, resource, partition);
    case 'principal-federated':
      return federatedProblem(value, service, resource);
    case 'role':
      if (service !== 'iam' || !/^role\/(.*\/)?[^/]+$/.test(resource)) {
        return `\`${value}\` is not an IAM role ARN: expected \`arn:${partition}:iam::<account-id>:role/<role-name>\`.`;
      }
      return undefined;
    case 'resource':
      if (service === '') return `\`${value}\` has an empty service field: expected ${ARN_SHAPE}.`;
      if (service === 'iam' && resource.startsWith('role/') && resource.length === 5) return `\`${value}\` names no role after \`role/\`.`;
      if (service === 'sts' && resource.startsWith('assumed-role/') && !/^assumed-role\/[^/]+\/[^/]+$/.test(resource)) {
        return `\`${value}\`: an assumed-role ARN is \`assumed-role/<role-name>/<session-name>\`.`;
      }
      return undefined;
  }
}

function awsPrincipalProblem(value: string, service: string, resource: string, partition: string): string | undefined {
  if (resource.startsWith('assumed-role/')) {
    if (service !== 'sts') return `Assumed-role session ARNs are STS ARNs: write \`arn:${partition}:sts::…:${resource}\` (found service \`${service}\`).`;
    if (!/^assumed-role\/[^/]+\/[^/]+$/.test(resource)) {
      return `An assumed-role principal names exactly one session: \`arn:${partition}:sts::<account-id>:assumed-role/<role-name>/<session-name>\` (role name without its path); found \`${resource}\`.`;
    }
    return undefined;
  }
  if (resource.startsWith('federated-user/')) {
    return service === 'sts' ? undefined : `Federated-user ARNs are STS ARNs: write \`arn:${partition}:sts::…:${resource}\`.`;
  }
  if (resource === 'root' || resource.startsWith('role/') || resource.startsWith('user/')) {
    if (service !== 'iam') return `Role, user and account ARNs are IAM ARNs: write \`arn:${partition}:iam::…:${resource}\` (found service \`${service}\`).`;
    if (resource !== 'root' && /\/$/.test(resource)) return `\`${value}\` has no name after \`${resource}\`.`;
    return undefined;
  }
  return `\`${value}\` is not a valid AWS principal: it must be ${AWS_PRINCIPAL_FORMS}.`;
}

function federatedProblem(value: string, service: string, resource: string): string | undefined {
  if (service !== 'iam' || !/^(oidc-provider|saml-provider)\//.test(resource)) {
    return `\`${value}\` is not an identity provider ARN: expected \`arn:aws:iam::<account-id>:oidc-provider/<issuer host and path>\` (or \`saml-provider/<name>\`).`;
  }
  const rest = resource.slice(resource.indexOf('/') + 1);
  if (rest === '') return `\`${value}\` names no provider after \`${resource}\`.`;
  if (resource.startsWith('oidc-provider/') && /^[a-z]+:\/\//i.test(rest)) {
    return `The OIDC provider ARN names the issuer without its scheme: \`oidc-provider/${rest.replace(/^[a-z]+:\/\//i, '')}\`, not \`oidc-provider/${rest}\`.`;
  }
  if (/\s/.test(rest)) return `\`${value}\` contains whitespace.`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Ranges inside string values

/**
 * Offsets of `value.slice(index, index + length)` in the file, when the scalar's source text is the
 * value verbatim (no escapes); otherwise the whole node.
 */
export function subRange(text: string, node: ScalarNode, index: number, length: number): { start: number; end: number } {
  const value = String(node.value);
  const raw = text.slice(node.start, node.end);
  let base = -1;
  if (raw === value) base = node.start;
  else if (raw.length === value.length + 2 && raw.slice(1, -1) === value) base = node.start + 1;
  return base < 0 ? { start: node.start, end: node.end } : { start: base + index, end: base + index + length };
}

/** Target of a substring of a scalar value (see {@link subRange}). */
export function subTarget(doc: DocRef, text: string, node: ScalarNode, index: number, length: number): Target {
  const r = subRange(text, node, index, length);
  return { uri: doc.uri, start: r.start, end: r.end };
}

// ---------------------------------------------------------------------------------------------
// JSON edits (keep the file's indentation: tabs or spaces, pretty or compact)

/** Leading whitespace of the line containing `offset`. */
export function lineIndentText(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** One level of indentation in a JSON text: a tab when lines are tab-indented, else the smallest space indent (default 2). */
export function indentUnit(text: string): string {
  let min = 0;
  for (const m of text.matchAll(/\n([ \t]+)\S/g)) {
    const ws = m[1]!;
    if (ws.startsWith('\t')) return '\t';
    if (min === 0 || ws.length < min) min = ws.length;
  }
  return ' '.repeat(min || 2);
}

/** A JSON string literal. */
export function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** `"a"` for one value, `["a", "b"]` for several (IAM accepts a lone value without brackets). */
export function jsonValueList(values: string[]): string {
  return values.length === 1 ? jsonString(values[0]!) : `[${values.map(jsonString).join(', ')}]`;
}

/**
 * Inserts `"key": value` into an object, after `after` (default: the last member), in the style of
 * the surrounding members: one member per line with their indentation, or inline with their spacing.
 * `valueJson` must already be JSON text.
 */
export function insertMemberEdit(uri: string, text: string, obj: MapNode, key: string, valueJson: string, after?: PairNode): EditSpec {
  const member = (colon: string): string => `${jsonString(key)}:${colon}${valueJson}`;
  const pairs = obj.pairs;
  if (pairs.length === 0) {
    const inner = text.slice(obj.start + 1, obj.end - 1);
    if (inner.includes('\n')) {
      const outer = lineIndentText(text, obj.start);
      return { uri, start: obj.start + 1, end: obj.end - 1, newText: `\n${outer}${indentUnit(text)}${member(' ')}\n${outer}` };
    }
    return { uri, start: obj.start + 1, end: obj.end - 1, newText: ` ${member(' ')} ` };
  }
  const anchor = after ?? pairs[pairs.length - 1]!;
  const anchorEnd = anchor.value ? anchor.value.end : anchor.key.end;
  const colonText = anchor.value ? text.slice(anchor.key.end, anchor.value.start) : ': ';
  const colon = /:\s/.test(colonText) ? ' ' : '';
  const first = pairs[0]!;
  const onePerLine = text.slice(obj.start + 1, first.key.start).includes('\n') || (pairs.length > 1 && text.slice(first.key.start, pairs[1]!.key.start).includes('\n'));
  if (onePerLine) {
    const ls = text.lastIndexOf('\n', anchor.key.start - 1) + 1;
    const before = text.slice(ls, anchor.key.start);
    const indent = /^[ \t]*$/.test(before) ? before : lineIndentText(text, anchor.key.start) + indentUnit(text);
    return { uri, start: anchorEnd, end: anchorEnd, newText: `,\n${indent}${member(colon)}` };
  }
  let sep = ' ';
  if (pairs.length > 1) {
    const between = text.slice(first.value ? first.value.end : first.key.end, pairs[1]!.key.start);
    sep = /,\s/.test(between) ? ' ' : '';
  }
  return { uri, start: anchorEnd, end: anchorEnd, newText: `,${sep}${member(colon)}` };
}

/** Removes a member with its comma, leaving valid JSON in the surrounding style. */
export function removeMemberEdit(uri: string, pair: PairNode): EditSpec {
  const obj = pair.parent;
  const i = obj.pairs.indexOf(pair);
  const end = pair.value ? pair.value.end : pair.key.end;
  if (i > 0) {
    const prev = obj.pairs[i - 1]!;
    return { uri, start: prev.value ? prev.value.end : prev.key.end, end, newText: '' };
  }
  const next = obj.pairs[1];
  if (next) return { uri, start: pair.key.start, end: next.key.start, newText: '' };
  return { uri, start: obj.start + 1, end: obj.end - 1, newText: '' };
}

/** The string value of a scalar node, or undefined. */
export function stringValue(n: TreeNode | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

/** First letter upper-cased, for labels at the start of a message. */
export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/**
 * A policy with a Principal but no `sts:` action at all and a Resource is a resource-based policy
 * (an S3 bucket policy, a KMS key policy), not a role trust policy: the trust-only checks skip it.
 */
export function isResourceBasedPolicy(doc: IamPolicy): boolean {
  return doc.policyType === 'resource';
}
