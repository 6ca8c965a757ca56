/**
 * Helpers shared by the CredentialsRequest, ccoctl Secret and Kubernetes-name rules: DNS-1123 name
 * checks with a suggested repair, schema-finding refinements, and YAML edits that keep indentation.
 * (Files starting with `_` are not rules; the registry test skips them.)
 */
import { DNS1123_LABEL_MAX, DNS1123_SUBDOMAIN_MAX, isDnsLabel, isDnsSubdomain } from '../domain';
import type { CredentialsRequest, DocRef, IrsaDocument } from '../model/types';
import type { MapNode, PairNode, ScalarNode, TreeNode } from '../parse/tree';
import { SchemaFinding, suggestKey } from '../schema/validate';
import { removeMemberEdit } from './_iam-util';
import { indentAt, indentLike, lineEndInclusive, lineStart, replaceString } from './_util';
import type { EditSpec, FixSpec, Report, RuleContext } from './types';

export type DnsKind = 'label' | 'subdomain';

/**
 * Why `value` is not a DNS-1123 label (≤63, `[a-z0-9]([-a-z0-9]*[a-z0-9])?`) or subdomain (≤253,
 * labels joined by `.`), in words; undefined when it is valid (APIM validation.go).
 */
export function dnsProblem(value: string, kind: DnsKind): string | undefined {
  if (kind === 'label' ? isDnsLabel(value) : isDnsSubdomain(value)) return undefined;
  const max = kind === 'label' ? DNS1123_LABEL_MAX : DNS1123_SUBDOMAIN_MAX;
  if (value.length === 0) return 'it is empty';
  if (value.length > max) return `it is ${value.length} characters long (at most ${max})`;
  const allowed = kind === 'label' ? /[a-z0-9-]/ : /[a-z0-9.-]/;
  const bad = [...value].find((c) => !allowed.test(c));
  if (bad !== undefined) {
    if (/[A-Z]/.test(bad)) return 'it contains uppercase letters (only lowercase is allowed)';
    return `it contains ${JSON.stringify(bad)} (only lowercase letters, digits, '-'${kind === 'subdomain' ? " and '.'" : ''} are allowed)`;
  }
  return kind === 'label' ? 'it must start and end with a lowercase letter or digit' : "each '.'-separated part must start and end with a lowercase letter or digit";
}

/** Human description of the DNS-1123 form, for messages. */
export function dnsForm(kind: DnsKind): string {
  return kind === 'label'
    ? 'a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters'
    : "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters";
}

/** The obvious valid spelling of an invalid name (lowercased, `_`/spaces to `-`), if there is one. */
export function dnsRepair(value: string, kind: DnsKind): string | undefined {
  const fixed = value
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (fixed === value || fixed === '') return undefined;
  return dnsProblem(fixed, kind) === undefined ? fixed : undefined;
}

/** Column (0-based) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** True when a map is written in block style (`key: value` lines), so line edits are safe. */
export function isBlockMap(text: string, map: MapNode): boolean {
  return map.pairs.length > 0 && text[map.start] !== '{';
}

/**
 * Inserts `key: value` as the first entry of a block map, at the column of its first key (works for a
 * map that starts after a list item's `- ` too). Undefined for flow or empty maps.
 */
export function insertFirstKey(ctx: RuleContext, doc: DocRef, map: MapNode, line: string): EditSpec | undefined {
  const text = ctx.text(doc.uri);
  if (!isBlockMap(text, map)) return undefined;
  const first = map.pairs[0]!.key;
  return { uri: doc.uri, start: first.start, end: first.start, newText: `${line}\n${indentLike(text, first.start)}` };
}

/**
 * Inserts `key: value` as a new line after the last entry of a block map (after the whole value of
 * its last pair), at the map's key column. Undefined for flow or empty maps.
 */
export function appendKey(ctx: RuleContext, doc: DocRef, map: MapNode, line: string): EditSpec | undefined {
  const text = ctx.text(doc.uri);
  if (!isBlockMap(text, map)) return undefined;
  const first = map.pairs[0]!.key;
  const last = map.pairs[map.pairs.length - 1]!;
  const end = lineEndInclusive(text, Math.max(last.key.end, (last.value?.end ?? last.key.end) - 1));
  const nl = end > 0 && text[end - 1] === '\n' ? '' : '\n';
  return { uri: doc.uri, start: end, end, newText: `${nl}${indentLike(text, first.start)}${line}\n` };
}

/**
 * Deletes a whole `key: value` pair, value lines included. In a flow map or a JSON object the member
 * is removed with its comma instead: deleting its lines left a trailing comma (invalid JSON) or took
 * the other members of the line with it.
 */
export function deletePair(ctx: RuleContext, doc: DocRef, pair: PairNode): EditSpec {
  const text = ctx.text(doc.uri);
  if (!isBlockMap(text, pair.parent)) return removeMemberEdit(doc.uri, pair);
  const start = lineStart(text, pair.key.start);
  const valueEnd = pair.value ? Math.max(pair.value.end, pair.key.end) : pair.key.end;
  const end = lineEndInclusive(text, Math.max(pair.key.end, valueEnd - 1));
  return { uri: doc.uri, start, end, newText: '' };
}

/** Renames a key in place (quoted as it was: a JSON key stays a JSON string). */
export function renameKey(doc: DocRef, key: ScalarNode, to: string): EditSpec {
  return replaceString(doc.uri, key, to);
}

/** The source text of a node. */
export function sourceOf(ctx: RuleContext, doc: DocRef, node: TreeNode): string {
  return ctx.text(doc.uri).slice(node.start, node.end);
}

/** Indentation of the line a node starts on. */
export function indentOf(ctx: RuleContext, doc: DocRef, node: TreeNode): number {
  return indentAt(ctx.text(doc.uri), node.start);
}

/** The sibling key of a `required` finding that is a misspelling of the missing key, if any. */
export function misspeltSibling(f: SchemaFinding): ScalarNode | undefined {
  if (f.keyword !== 'required' || f.node.kind !== 'map') return undefined;
  const missing = String(f.params['missingProperty']);
  for (const p of f.node.pairs) {
    const k = String(p.key.value);
    if (k !== missing && suggestKey(k, [missing]) === missing) return p.key;
  }
  return undefined;
}

/**
 * Refinement shared by every schema-backed rule of CredentialsRequests and Secrets:
 * - a missing key that is present but misspelt (`Effect:` for `effect:`) is reported once, as the
 *   unknown key (with a rename fix), not a second time as missing;
 * - an unknown key with a "did you mean" gets a rename fix when the right key is not already there;
 * - a number or boolean where a string is required gets a quoting fix.
 * Returns `null` to drop, a partial report to refine, or undefined to keep.
 */
export function refineCommon(f: SchemaFinding, doc: DocRef, ctx: RuleContext): Partial<Report> | null | undefined {
  if (f.keyword === 'required') return misspeltSibling(f) ? null : requiredAt(f, doc);
  if (f.keyword === 'additionalProperties') {
    const m = /did you mean `([^`]+)`/.exec(f.message);
    const parent = f.node.parent?.kind === 'map' ? f.node.parent : undefined;
    if (!m || f.node.kind !== 'scalar' || !parent) return undefined;
    const to = m[1]!;
    if (parent.pairs.some((p) => p.key.value === to)) return undefined;
    return { fixes: [{ title: `Rename \`${String(f.node.value)}\` to \`${to}\``, preferred: true, edits: [renameKey(doc, f.node, to)] }] };
  }
  if (f.keyword === 'type' && f.node.kind === 'scalar' && f.node.value !== null && typeof f.node.value !== 'string' && String(f.params['type']) === 'string') {
    const src = sourceOf(ctx, doc, f.node);
    return { fixes: [{ title: `Quote it: ${JSON.stringify(src)}`, preferred: true, edits: [{ uri: doc.uri, start: f.node.start, end: f.node.end, newText: JSON.stringify(src) }] }] };
  }
  return undefined;
}

/**
 * Where a `required` finding goes: the parent's key when it has one (the schema mapper's choice),
 * else the first line of the parent (a document root or a list item) rather than all its lines.
 */
export function requiredAt(f: SchemaFinding, doc: DocRef): Partial<Report> | undefined {
  return f.node.pair ? undefined : { at: { doc, node: f.node, part: 'key' } };
}

/** One fix with a single edit. */
export function fix(title: string, edit: EditSpec | undefined, preferred = true): FixSpec[] | undefined {
  return edit ? [{ title, edits: [edit], preferred }] : undefined;
}

/** Suggestion by case-insensitive match or small edit distance (re-exported for rules). */
export { suggestKey };

/**
 * True when a statement entry lacks `key` because it was written as a mapping item of its `action`
 * list (`- action:\n  - sts:AssumeRole\n  - effect: Allow`, domain §7.2); cr-statement-action reports
 * that mistake once, so the missing key is not reported again.
 */
export function nestedInAction(entry: TreeNode, key: string): boolean {
  if (entry.kind !== 'map') return false;
  const action = entry.pairs.find((p) => p.key.value === 'action')?.value;
  return action?.kind === 'seq' && action.items.some((i) => i.kind === 'map' && i.pairs.some((p) => p.key.value === key));
}

/**
 * True for a CredentialsRequest that `ccoctl aws` would read: one whose `providerSpec.kind` is
 * AWSProviderSpec (or an AWS request with a wrong or missing kind). Requests for other clouds (Azure,
 * GCP, IBM Cloud, …; CredentialsRequest.cloud) are valid and never reach `ccoctl aws` (`oc adm release
 * extract --credentials-requests --cloud=aws` leaves them out, openshift/oc extract.go), so no AWS, IAM
 * or ccoctl rule judges them.
 */
export function isAwsRequest(doc: IrsaDocument): doc is CredentialsRequest {
  return doc.kind === 'credentialsRequest' && doc.cloud === 'aws';
}
