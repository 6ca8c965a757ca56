/**
 * (issue #15) The statements the catalogue rules iam-unknown-condition-key and
 * iam-resource-type-mismatch look at, the same way for an IAM policy document (`Statement[]`) and for
 * a CredentialsRequest's `statementEntries[]` (which ccoctl turns into an IAM policy statement:
 * `action` → `Action`, `resource` → `Resource`, `policyCondition` → `Condition`; cloud-credential-operator
 * pkg/apis/cloudcredential/v1/types_aws.go StatementEntry). (Files starting with `_` are not rules.)
 */
import type { IrsaDocument, PolicyStatement, Principal } from '../model/types';
import { asMap, asScalar, asSeq, type ScalarNode, type TreeNode } from '../parse/tree';
import { isAwsRequest } from './_cr';

/** One statement, whichever document it comes from. */
export interface CatalogStatement {
  /**
   * The string items of `Action`/`action`; undefined when the statement names its actions by
   * `NotAction` (every action but those) or has none, so no set of actions is known.
   */
  actions?: ScalarNode[];
  /** The string items of `Resource`/`resource` (not `NotResource`). */
  resources: ScalarNode[];
  /** The condition keys of `Condition`/`policyCondition`: the keys of each operator's map. */
  conditionKeys: ScalarNode[];
  /** The statement's principals (IAM policies only; empty for statement entries). */
  principals: Principal[];
}

/** The string scalars of a value that is a string or a list of strings. */
function strings(node: TreeNode | undefined): ScalarNode[] {
  const s = asScalar(node);
  if (s) return typeof s.value === 'string' ? [s] : [];
  return (asSeq(node)?.items ?? []).flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i] : []));
}

/** The keys of `{ <operator>: { <key>: value } }`. */
function conditionKeys(node: TreeNode | undefined): ScalarNode[] {
  return (asMap(node)?.pairs ?? []).flatMap((op) => (asMap(op.value)?.pairs ?? []).map((p) => p.key));
}

function fromPolicyStatement(st: PolicyStatement): CatalogStatement {
  return {
    actions: st.notAction || !st.action ? undefined : strings(st.action),
    resources: strings(st.resource),
    conditionKeys: conditionKeys(st.condition),
    principals: st.principals,
  };
}

/** The statements of an IAM policy or of an AWS CredentialsRequest; empty for any other document. */
export function catalogStatements(doc: IrsaDocument): CatalogStatement[] {
  if (doc.kind === 'iamPolicy') return doc.statements.map(fromPolicyStatement);
  if (!isAwsRequest(doc)) return [];
  return doc.statementEntries.map((e) => ({
    actions: e.action ? strings(e.action) : undefined,
    resources: strings(e.resource),
    conditionKeys: conditionKeys(e.policyCondition),
    principals: [],
  }));
}

/**
 * True when a value holds something a tool substitutes before IAM sees it, or an IAM policy
 * variable: `${…}` (Terraform, envsubst, CloudFormation `Fn::Sub`, IAM variables), `{{…}}` (Helm,
 * Go templates), `<…>` (documentation placeholders), `%{…}` (Terraform templatefile), `$(…)`
 * (kustomize). Such a value is not final, so the catalogue rules say nothing about it.
 */
export function hasSubstitution(value: string): boolean {
  return /\$\{|\{\{|<[^>]*>|%\{|\$\(/.test(value);
}
