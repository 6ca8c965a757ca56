/**
 * (issue #16) The credential chain as a graph: one node per document (or per AWS object the documents
 * name, such as the ccoctl role), one edge per link the engine knows between them, each coloured by
 * the findings reported on it. Built by graph/chain-graph.ts from the workspace model (WorkspaceView)
 * and the engine's findings; drawn by the VS Code webview (client/src/webview), printed by
 * `irsa-lint graph` as Mermaid, DOT or JSON.
 *
 * Shapes only; JSON-serialisable (the language server sends a {@link ChainGraph} to the client as the
 * result of the `irsa/chainGraph` request).
 */

/**
 * What a node stands for, in chain order:
 * - `credentialsRequest`: a CredentialsRequest document (ccoctl's input).
 * - `ccoctlRole`: the IAM role `ccoctl aws create-iam-roles` creates for it (`<name>-<ns>-<secret>`,
 *   truncated to 64 characters), in the OpenShift cluster's account; no document of its own, so its
 *   `file`/`line` are those of the CredentialsRequest.
 * - `secret`: the Secret ccoctl writes (its `credentials` INI: role_arn, web_identity_token_file).
 * - `serviceAccount`: a ServiceAccount manifest (or, when the workspace has none, the name a workload
 *   runs as: then `file`/`line` are the workload's).
 * - `workload`: a Deployment, StatefulSet, Job, Pod, … that mounts the Secret or runs as the account.
 * - `token`: the projected service account token (audience, expirationSeconds, path) of a workload.
 * - `webIdentityTrust`: a trust policy with a `Federated` OIDC principal (sts:AssumeRoleWithWebIdentity).
 * - `trustPolicy`: the destination role's trust policy (an `AWS` principal naming the ccoctl role).
 * - `destinationRole`: the role in the second account the application assumes (role chaining).
 * - `code`: application code that assumes the destination role (issue #14's code model).
 */
export type GraphNodeKind =
  | 'credentialsRequest'
  | 'ccoctlRole'
  | 'secret'
  | 'serviceAccount'
  | 'workload'
  | 'token'
  | 'webIdentityTrust'
  | 'trustPolicy'
  | 'destinationRole'
  | 'code';

/** Worst finding on a node or edge: `error`/`warning` are drawn red/amber, `ok` green. */
export type GraphState = 'ok' | 'warning' | 'error';

/** A finding shown on a node or edge (the engine's Finding, reduced to what the picture shows). */
export interface GraphFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** Document URI (LSP) of the finding. */
  uri: string;
  /** 0-based line and UTF-16 character of the finding's start (LSP Position). */
  line: number;
  character: number;
}

export interface GraphNode {
  /** Unique in its set and stable across edits that do not change the node's identity: `<kind>:<key>`. */
  id: string;
  kind: GraphNodeKind;
  /** Kubernetes name, role name, or file name for a trust policy / code file without one. */
  name: string;
  namespace?: string;
  /** 12-digit AWS account id, when known (ccoctl role, trust policies, destination role). */
  account?: string;
  /** Document URI (LSP) the node opens. */
  uri: string;
  /** 0-based line and character the node opens at (the document's `kind:` or the named value). */
  line: number;
  character: number;
  state: GraphState;
  /** Findings on the node's own document that belong to no edge. */
  findings: GraphFinding[];
}

/**
 * What links two nodes (the edge's label names the value):
 * - `secretRef`: CredentialsRequest → Secret (`spec.secretRef` namespace/name = Secret namespace/name).
 * - `ccoctlRole`: CredentialsRequest → ccoctl role (the role name ccoctl derives).
 * - `roleArn`: ccoctl role → Secret (`role_arn` in the credentials INI), destination role → code, …
 * - `secretMount`: Secret → workload (a volume of the Secret, AWS_CONFIG_FILE).
 * - `serviceAccount`: serviceAccountNames / ServiceAccount → workload (`serviceAccountName`).
 * - `token`: workload → its projected token (audience, path = web_identity_token_file).
 * - `webIdentity`: token → web identity trust (OIDC provider, `:aud`, `:sub`).
 * - `trustPrincipal`: ccoctl role → destination trust policy (principal ARN, `sts:RoleSessionName`).
 * - `assumeRole`: CredentialsRequest statementEntries `sts:AssumeRole` resource → destination role.
 * - `trustOf`: trust policy → its destination role.
 * - `sessionName`: destination role → code (the role session name the code passes).
 */
export type GraphLink =
  | 'secretRef'
  | 'ccoctlRole'
  | 'roleArn'
  | 'secretMount'
  | 'serviceAccount'
  | 'token'
  | 'webIdentity'
  | 'trustPrincipal'
  | 'assumeRole'
  | 'trustOf'
  | 'sessionName';

export interface GraphEdge {
  /** Node ids of the same set. */
  from: string;
  to: string;
  link: GraphLink;
  /** The value that links them, as the user wrote it (`shop/orders-aws`, `openshift`, a role ARN). */
  label: string;
  /** True when no error or warning is reported on this link. */
  ok: boolean;
  state: GraphState;
  /** Findings of rules about this link, reported on either end's document. */
  findings: GraphFinding[];
}

/** One IRSA set: a CredentialsRequest (or, without one, a ccoctl Secret or web identity role) and what links to it. */
export interface ChainSet {
  /** Stable id: the first node's id. */
  id: string;
  /**
   * What the user calls it: the CredentialsRequest's `secretRef` namespace/name; without a request, what
   * the set is rooted at: the role a ccoctl Secret names (its first node; else the Secret's name), the
   * web identity role (a pod identity webhook role), or the file name of a trust policy that names no role.
   */
  name: string;
  namespace?: string;
  state: GraphState;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Which sets to draw. Every field narrows; none = every set. */
export interface ChainGraphFilter {
  /**
   * Only sets in this namespace: whose own namespace ({@link ChainSet.namespace}, one of
   * {@link ChainGraph.namespaces}) it is, or that draw an IRSA pod (one setting AWS_CONFIG_FILE) of it
   * (a pod applied to another namespace than its CredentialsRequest's, which namespace-mismatch reports).
   * Answered from the workspace index before any set is built.
   */
  namespace?: string;
  /** Only the set with this id or name. */
  set?: string;
  /** Only the set(s) holding a node of this document (a code lens or the active editor). */
  uri?: string;
  /** Only sets with a node whose name, namespace, account or label contains this text (case-insensitive). */
  query?: string;
}

export interface ChainGraph {
  sets: ChainSet[];
  /** Every namespace of the workspace's sets, sorted (for the filter), before filtering. */
  namespaces: string[];
  /** Number of sets before filtering. */
  totalSets: number;
  /** Sets left out after {@link MAX_GRAPH_SETS} (the picture would be unreadable and slow); 0 when none. */
  truncated: number;
}

/** Most sets one picture draws; narrow with a filter beyond that. */
export const MAX_GRAPH_SETS = 200;
