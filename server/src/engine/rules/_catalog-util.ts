/**
 * (issue #15) Helpers for the rules that check IAM policies against AWS's service catalogue
 * (engine/iam/catalog.ts): the action strings of IAM policies (`Action`/`NotAction` of permission,
 * trust and resource policies) and of CredentialsRequest `statementEntries[].action`, and the
 * catalogue sentence every such finding ends with.
 * (Files starting with `_` are not rules; the registry test skips them.)
 */
import type { IrsaDocument } from '../model/types';
import type { ScalarNode } from '../parse/tree';
import type { IamCatalog } from '../iam/catalog';

/** Where an action string is written: the IAM element (`Action`, `NotAction`) or the CredentialsRequest key (`action`). */
export type ActionElement = 'Action' | 'NotAction' | 'action';

/** One action string of a policy or statement entry. */
export interface ActionRef {
  node: ScalarNode;
  value: string;
  element: ActionElement;
}

/**
 * A value the catalogue can judge: `<service>:<action>` where the service is letters, digits and `-`
 * and the action letters and digits with IAM's `*`/`?` wildcards (the pattern iam-action-required and
 * cr-statement-action hold values to: a wildcard in the prefix is reported there). Anything else
 * — a Helm `{{ … }}` or `${VAR}` placeholder, a policy variable, a malformed value (the shape and
 * schema rules report those), a value with spaces — is left alone, so these rules never guess.
 */
const CHECKABLE = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;

/**
 * The action strings of `doc` that the catalogue can judge (see {@link CHECKABLE}), in document order:
 * every item of `Action`/`NotAction` of each statement of an IAM policy, every `action` item of each
 * CredentialsRequest statement entry. Empty for other documents.
 */
export function catalogActions(doc: IrsaDocument): ActionRef[] {
  const out: ActionRef[] = [];
  const add = (node: ScalarNode, element: ActionElement): void => {
    if (typeof node.value === 'string' && CHECKABLE.test(node.value)) out.push({ node, value: node.value, element });
  };
  if (doc.kind === 'iamPolicy') {
    for (const st of doc.statements) {
      for (const a of st.actions) add(a, st.notAction && a.start >= st.notAction.start && a.end <= st.notAction.end ? 'NotAction' : 'Action');
    }
  } else if (doc.kind === 'credentialsRequest') {
    for (const e of doc.statementEntries) for (const a of e.actions) add(a, 'action');
  }
  return out;
}

/** `in AWS's service catalogue of <date>`: the catalogue a finding was judged by. */
export function catalogueNote(catalog: IamCatalog): string {
  return `in AWS's service catalogue of ${catalog.date}`;
}

/** `` `a`, `b` or `c` `` */
export function orList(values: readonly string[]): string {
  const q = values.map((v) => `\`${v}\``);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** The Service Authorization Reference, which every catalogue rule cites. */
export const SERVICE_AUTHORIZATION_REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html';
