/**
 * (issue #16) The credential chain as a graph ({@link ChainGraph}, graph/types.ts), built from the
 * workspace's own model: the links are the WorkspaceView's link queries (the ones the cross-file rules
 * ask, plus the near misses those rules find and report), and the colours are the engine's findings
 * (`Workspace.findings`), so the picture shows what the diagnostics say.
 *
 * Sets:
 * - one per AWS CredentialsRequest (`spec.providerSpec.kind: AWSProviderSpec`; a request for another
 *   cloud is no `ccoctl aws` input and gives no AWS identity);
 * - one per ccoctl Secret that no CredentialsRequest reaches (committed `ccoctl` output without its input);
 * - one per web identity role that no CredentialsRequest reaches: the pod identity webhook's role
 *   (a ServiceAccount's `eks.amazonaws.com/role-arn`, aws/amazon-eks-pod-identity-webhook
 *   pkg/handler/handler.go), a container's own `AWS_ROLE_ARN`, or a web identity trust policy's role;
 * - one per web identity trust policy that says of no role whose it is;
 * - one per pod set up for AWS (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_WEB_IDENTITY_TOKEN_FILE)
 *   that none of these reaches.
 * Application code joins the set of each destination role it assumes (by the RoleArn it states).
 *
 * Findings: {@link LINK_OF_RULE} says which link (or links) a rule's findings are about; such a finding
 * colours the edges of that link that stand on the finding's document (an end's document; for a request →
 * ServiceAccount edge also the pod whose account it is, where service-account-mismatch reports) and
 * whose own value it is about: where several do (two pods of one Secret, two tokens presented to one
 * trust policy), the finding's range and related locations are matched against the ranges each edge
 * was read from (its anchors: the `secretName`, token projection, `:sub`, … it is labelled with), so a
 * finding about one pod leaves the other pod's edge green. A web identity edge (labelled with the subject
 * its pod presents) takes a finding that names that subject (DraftEdge.names), else, when the finding
 * names no pod's subject, every web identity edge on its document does. Every other finding (of the rules in
 * {@link NODE_ONLY_RULES}, or of a mapped rule whose link is not drawn) stays on the node of its document.
 *
 * Pure: no fs, no vscode. Cost: the filter is applied to the sets' roots before any set is built or
 * any finding is asked for, so a namespace of a 5,000-set workspace builds only its own sets
 * (bench/graph.mjs). */
import { ccoctlRoleName, looseRoleOf, matchesCcoctlSuffix, parseRoleArn, parseServiceAccountSubject, serviceAccountSubject, stringLikeMatches } from '../domain';
import { actionMatches } from '../rules/_iam-util';
import type { CcoctlSecret, CredentialsRequest, IamPolicy, IrsaDocument, Workload } from '../model/types';
import { known } from '../model/unknown';
import { principalRoles } from '../model/principals';
import { trustRoleName } from '../model/trust';
import { annotatedRole, effectiveServiceAccount } from '../model/workload';
import { get, str } from '../parse/tree';
import type { TreeNode } from '../parse/tree';
import { sessionCalls } from '../rules/code-session-name-mismatch';
import { awsTokens, CONFIG_FILE_VARS, dirName, envOf, envValue, mountsOf, usesAws } from '../rules/_workload-util';
import type { Finding, IrsaSettings } from '../types';
import type { Workspace } from '../workspace/workspace';
import type { WorkspaceView } from '../workspace/view';
import { MAX_GRAPH_SETS } from './types';
import type { ChainGraph, ChainGraphFilter, ChainSet, GraphEdge, GraphFinding, GraphLink, GraphNode, GraphNodeKind, GraphState } from './types';

/**
 * Which link each rule's findings are about (a list when the rule's message says that several break),
 * from what the rule compares (its page under docs/rules/
 * and its check in rules/<id>.ts). A rule about one document's own content (syntax, schema, IAM
 * grammar, code patterns) is in {@link NODE_ONLY_RULES} instead. test/unit/chain-graph.test.ts fails
 * when a rule of ALL_RULES is in neither, so a new rule cannot be left out of the picture.
 */
export const LINK_OF_RULE: Readonly<Record<string, GraphLink | readonly GraphLink[]>> = {
  // CredentialsRequest `spec.secretRef` = the Secret's namespace/name.
  'secret-matches-secret-ref': 'secretRef',
  'cr-secret-ref': 'secretRef',
  // The role name ccoctl derives from the request (`<name>-<ns>-<secret>`, cut to 64).
  'ccoctl-role-name-collision': 'ccoctlRole',
  'ccoctl-role-name-truncated': 'ccoctlRole',
  'cr-skipped-by-ccoctl': 'ccoctlRole',
  // The Secret's `role_arn` = the ccoctl role.
  'secret-role-name-mismatch': 'roleArn',
  'secret-role-arn-placeholder': 'roleArn',
  'secret-role-name-key': 'roleArn',
  'secret-credentials-format': 'roleArn',
  // The pod's secret volume and AWS_CONFIG_FILE = the Secret.
  'secret-name-mismatch': 'secretMount',
  'secret-volume-shape': 'secretMount',
  'aws-config-file-path': 'secretMount',
  // A pod in another namespace than secretRef.namespace breaks two links, as its message says: it
  // cannot mount the Secret (core/v1 SecretVolumeSource.secretName is "the secret in the pod's
  // namespace", kubernetes/api core/v1/types.go), and its token's `sub` is
  // `system:serviceaccount:<its namespace>:<account>` (kubernetes/apiserver
  // pkg/authentication/serviceaccount/util.go MakeUsername), which the ccoctl trust policy, admitting
  // secretRef.namespace only (openshift/cloud-credential-operator
  // pkg/cmd/provisioning/aws/create-iam-roles.go), refuses.
  'namespace-mismatch': ['secretMount', 'webIdentity'],
  // The pod's service account = one of `serviceAccountNames` (the trust policy's `:sub`).
  'service-account-mismatch': 'serviceAccount',
  'cr-service-account-names': 'serviceAccount',
  'service-account-field-conflict': 'serviceAccount',
  'webhook-env-override': 'serviceAccount',
  // The projected token: present, audience, expiry, path = web_identity_token_file.
  'missing-token-volume': 'token',
  'token-audience': 'token',
  'token-expiration': 'token',
  'token-path-mismatch': 'token',
  // The token against the web identity trust: OIDC provider, `:aud`, `:sub`.
  'trust-audience-mismatch': 'webIdentity',
  'trust-subject-mismatch': 'webIdentity',
  'trust-subject-unused': 'webIdentity',
  'ccoctl-trust-policy-mismatch': 'webIdentity',
  'oidc-principal-condition': 'webIdentity',
  'oidc-provider-account': 'webIdentity',
  // The destination trust policy's principal = the ccoctl role (and its session).
  'trust-role-name-mismatch': 'trustPrincipal',
  'session-name-mismatch': 'trustPrincipal',
  'trust-action-principal-mismatch': 'trustPrincipal',
  // The request's statementEntries allow sts:AssumeRole on the destination role.
  'cr-assume-role-permission': 'assumeRole',
  // The session name the code passes, against what the trust policy pins.
  'code-session-name-mismatch': 'sessionName',
};

/** The links a rule's findings are about ({@link LINK_OF_RULE}); none for a node-only or unknown rule. */
export function linksOfRule(ruleId: string): readonly GraphLink[] {
  const l = LINK_OF_RULE[ruleId];
  return l === undefined ? [] : typeof l === 'string' ? [l] : l;
}

/**
 * Rules about one document's own content: their findings stay on the node of that document. Listed
 * (not implied) so that a new rule must be placed on purpose.
 */
export const NODE_ONLY_RULES: ReadonlySet<string> = new Set([
  // Syntax, limits, schema, Kubernetes names.
  'yaml-syntax', 'json-syntax', 'parse-limit', 'schema-validation', 'k8s-name-format', 'k8s-label-format',
  // The CredentialsRequest's own fields.
  'cr-api-version-kind', 'credrequests-dir-content', 'cr-provider-spec-kind', 'cr-statement-entries-empty',
  'cr-statement-keys', 'cr-statement-effect', 'cr-statement-action', 'cr-statement-resource', 'cr-policy-condition',
  'cr-cloud-token-path', 'cr-sts-iam-role-arn', 'cr-status-authored', 'cr-inline-policy-size',
  // IAM policy grammar and AWS's catalogue.
  'arn-format', 'iam-version', 'iam-effect', 'iam-statement-shape', 'iam-action-required', 'iam-identity-policy-shape',
  'iam-sid', 'iam-name-limits', 'iam-condition-operator', 'iam-unknown-service', 'iam-unknown-action',
  'iam-action-wildcard-no-match', 'iam-deprecated-action', 'iam-resource-type-mismatch', 'iam-unknown-condition-key',
  'trust-policy-shape', 'trust-policy-size', 'placeholder-account-id',
  // A workload's own containers and volumes.
  'volume-mount-references', 'env-var-names', 'deployment-config-deprecated', 'mixed-credential-sources', 'region-env',
  // (the deprecated `serviceAccount` field still links: Kubernetes copies it into serviceAccountName)
  'deprecated-service-account',
  'role-session-name-format', 'sts-regional-endpoints', 'webhook-annotations', 'eks-role-arn-annotation',
  // Application code and its dependencies (issue #14).
  'assume-role-uncached', 'one-shot-assume-role', 'role-chaining-duration', 'expired-token-retry',
  'credential-provider-expiration', 'web-identity-token-read-once', 'temporary-credentials-master', 'sts-client-region',
  'java-sdk-sts-module', 'sdk-web-identity-version', 'sdk-load-config',
]);

/** Node kinds in chain order (nodes of a set are listed in this order). */
const KIND_ORDER: readonly GraphNodeKind[] = ['credentialsRequest', 'ccoctlRole', 'secret', 'serviceAccount', 'workload', 'token', 'webIdentityTrust', 'trustPolicy', 'destinationRole', 'code'];
/** Links in chain order (edges of a set are listed in this order). */
const LINK_ORDER: readonly GraphLink[] = ['secretRef', 'ccoctlRole', 'roleArn', 'secretMount', 'serviceAccount', 'token', 'webIdentity', 'trustPrincipal', 'assumeRole', 'trustOf', 'sessionName'];

/** What a finding is on: an IRSA document, or (application code) the file's URI. */
type DocKey = IrsaDocument | string;

/** A node while its set is built: where it points, and the document whose findings it shows. */
interface DraftNode extends Pick<GraphNode, 'id' | 'kind' | 'name' | 'namespace' | 'account' | 'uri'> {
  /** Where in `uri` the node opens (an offset; {@link GraphNode} has its line and character). */
  offset: number;
  /**
   * The document the node stands for: its findings go to the node, and to the node's edges for the
   * mapped rules. Undefined for a node without a document of its own whose findings belong elsewhere
   * (the ccoctl role and the destination role: drawn from a value another document names). A code
   * file, which holds no IRSA document, is its URI.
   */
  doc?: DocKey;
  /** A document that lends the node its place only (the ccoctl role → its CredentialsRequest): its findings go to the node's edges, not to the node. */
  edgeDoc?: DocKey;
}

/**
 * Where an edge's value was read: `start`/`end` are offsets in the file of `doc` (a tree node's range:
 * the `secretName`, `serviceAccountName`, token projection, `:sub`, principal or resource ARN the edge
 * is labelled with). Two edges of one link that meet in one document (two pods of one Secret, two
 * tokens presented to one trust policy) are told apart by these ranges (see {@link finish}).
 */
interface Anchor {
  doc: DocKey;
  start: number;
  end: number;
}

/** The anchor of a tree node of `doc` (none without the node). */
function at(doc: DocKey, n: { start: number; end: number } | undefined): Anchor[] {
  return n ? [{ doc, start: n.start, end: n.end }] : [];
}

interface DraftEdge {
  from: string;
  to: string;
  link: GraphLink;
  label: string;
  /**
   * Documents besides the two ends whose findings of the link's rules colour the edge: the pod whose
   * account a request → ServiceAccount edge stands for (service-account-mismatch reports on the pod).
   */
  also: DocKey[];
  /** The ranges the edge's value was read from, in the documents of its ends (or of `also`). */
  at: Anchor[];
  /**
   * A `webIdentity` edge only: the places that name the subject its presenter presents (see
   * {@link Presenter.names}); a finding on the trust policy is about this edge when one of its places
   * (range, related locations) is on one of these (see edgesOfFinding in {@link finish}).
   */
  names: Anchor[];
}

/** Adds to `list` each anchor of `more` it does not hold yet (same document and range). */
function addAnchors(list: Anchor[], more: readonly Anchor[] | undefined): void {
  for (const a of more ?? []) if (!list.some((b) => b.doc === a.doc && b.start === a.start && b.end === a.end)) list.push(a);
}

/** What an edge stands on besides its two ends (see DraftEdge). */
interface EdgeSource {
  also?: DocKey;
  at?: Anchor[];
  names?: Anchor[];
}

class Draft {
  readonly nodes = new Map<string, DraftNode>();
  readonly edges: DraftEdge[] = [];
  private readonly edgeKeys = new Map<string, DraftEdge>();
  constructor(
    /** What the user calls the set. */
    readonly name: string,
    readonly namespace: string | undefined,
  ) {}

  /** Adds a node unless one with its id is there; returns the id. */
  node(n: DraftNode): string {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    return n.id;
  }

  edge(from: string, to: string, link: GraphLink, label: string, source: EdgeSource = {}): void {
    const { also } = source;
    const key = `${from}\u0000${to}\u0000${link}`;
    const known = this.edgeKeys.get(key);
    if (known) {
      // The same link met again (another pod of the account, another token of the presenter): its places too.
      if (also !== undefined && !known.also.includes(also)) known.also.push(also);
      addAnchors(known.at, source.at);
      addAnchors(known.names, source.names);
      return;
    }
    if (from === to) return;
    const e: DraftEdge = { from, to, link, label, also: also !== undefined ? [also] : [], at: [...(source.at ?? [])], names: [...(source.names ?? [])] };
    this.edgeKeys.set(key, e);
    this.edges.push(e);
  }
}

/** A set's starting point, known before the set is built (so filters can skip building it). */
interface Root {
  kind: 'cr' | 'secret' | 'role' | 'policy' | 'workload';
  /** The set's name (see ChainSet.name) and namespace. */
  name: string;
  namespace?: string;
  cr?: CredentialsRequest;
  secret?: CcoctlSecret;
  role?: string;
  policy?: IamPolicy;
  workload?: Workload;
  /** The root's document (for a role: none), the last tie-breaker of the set order. */
  doc?: IrsaDocument;
}

/** Text of a scalar as written (a number stays as its text), or undefined. */
function text(n: TreeNode | undefined): string | undefined {
  return n?.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

function offsetOf(n: TreeNode | undefined, d: IrsaDocument): number {
  return n?.start ?? d.doc.start;
}

function crNamespace(cr: CredentialsRequest): string | undefined {
  return known(cr.secretRef?.namespace);
}

/** `<kind>:<key>` key of a Kubernetes object: `namespace/name`, else its file's document id. */
function k8sKey(ns: string | undefined, name: string | undefined, d: IrsaDocument): string {
  return name !== undefined ? `${ns ?? ''}/${name}` : docKey(d);
}

/** A document's key in node ids: its file's URI, with `#<index>` after the first document of a YAML stream. */
function docKey(d: IrsaDocument): string {
  return d.index ? `${d.uri}#${d.index}` : d.uri;
}

/** A trust policy's key: the role it belongs to, else its document id. */
function policyKey(p: IamPolicy, settings: IrsaSettings): string {
  return trustRoleName(p, settings)?.name ?? docKey(p);
}

/** The file name of a URI, for nodes without a name of their own. */
function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base; // a malformed %-escape (not from a well-formed URI): shown as written
  }
}

/** Whether the trust policy trusts a Federated OIDC provider (sts:AssumeRoleWithWebIdentity). */
function isWebIdentityTrust(p: IamPolicy): boolean {
  return p.policyType === 'trust' && p.statements.some((s) => s.principals.some((pr) => pr.type === 'Federated'));
}

/** The roles a CredentialsRequest allows `sts:AssumeRole` on (concrete role ARNs of Allow entries), with the `resource` node. */
function assumedRoles(cr: CredentialsRequest): { arn: string; node: TreeNode; account: string; roleName: string }[] {
  const out: { arn: string; node: TreeNode; account: string; roleName: string }[] = [];
  for (const e of cr.statementEntries) {
    if (str(e.effect) !== 'Allow' || !e.resource) continue;
    // Actions match case-insensitively, with wildcards (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
    if (!e.actions.some((a) => actionMatches(String(a.value), 'sts:AssumeRole'))) continue;
    const arn = text(e.resource);
    const r = arn ? parseRoleArn(arn) : undefined;
    if (arn && r && !out.some((x) => x.arn === arn)) out.push({ arn, node: e.resource, account: r.account, roleName: r.roleName });
  }
  return out;
}

/**
 * Builds the graph of the workspace's IRSA sets, narrowed by `filter` (see ChainGraphFilter), sets
 * sorted by namespace, then name, then the URI of their first document; at most {@link MAX_GRAPH_SETS}
 * (the rest counted in `truncated`). Builds only the sets it returns, and the candidates of a filter the
 * roots cannot answer (`uri`, `query`, a set id, a namespace reached through a workload); asks
 * `ws.findings` for the files of the sets it returns only. Never throws on odd input: a value it cannot
 * read links nothing.
 */
export function buildChainGraph(ws: Workspace, filter: ChainGraphFilter = {}): ChainGraph {
  const view = ws.view;
  const settings = ws.getSettings();
  const roots = findRoots(view, settings);
  const namespaces = [...new Set(roots.map((r) => r.namespace).filter((n): n is string => n !== undefined))].sort();
  const idOf = setIds(view, roots);

  // Narrow by what the roots tell before building anything.
  let candidates = roots;
  if (filter.namespace !== undefined) {
    const ns = filter.namespace;
    // A set is in a namespace when it is its own (secretRef) namespace, or an IRSA pod of the set runs there.
    const viaWorkloads = new Set<CredentialsRequest>();
    for (const w of view.irsaShapedWorkloadsIn(ns)) for (const cr of view.credentialsRequestsFor(w)) viaWorkloads.add(cr);
    candidates = candidates.filter((r) => r.namespace === ns || (r.cr !== undefined && viaWorkloads.has(r.cr)) || r.namespace === undefined);
  }
  if (filter.set !== undefined && candidates.some((r) => r.name === filter.set)) candidates = candidates.filter((r) => r.name === filter.set);
  if (filter.uri !== undefined) {
    const near = rootsNear(ws, filter.uri);
    if (near !== undefined) candidates = candidates.filter((r) => near.has(r.cr ?? r.secret ?? r.policy ?? r.workload ?? `role:${r.role}`));
  }
  // Which candidates match without being built: every filter left is one the root answers.
  const surely = (r: Root): boolean =>
    filter.uri === undefined && !filter.query && (filter.set === undefined || r.name === filter.set) && (filter.namespace === undefined || r.namespace === filter.namespace);
  const drafts = new Map<Root, Draft>();
  // A code file as the `uri` filter: the sets of the destination roles its calls assume (code nodes are
  // added to every built candidate, so `matches` sees them).
  const codeFilter = filter.uri !== undefined && ws.parsed(filter.uri)?.code !== undefined ? filter.uri : undefined;
  const matching = candidates.filter((r) => {
    if (surely(r)) return true;
    const draft = buildSet(view, settings, r);
    if (codeFilter !== undefined) addCode(ws, [draft], [codeFilter]);
    if (!matches(draft, idOf(r, draft), filter)) return false;
    drafts.set(r, draft);
    return true;
  });
  matching.sort((a, b) => compare(a.namespace ?? '', b.namespace ?? '') || compare(a.name, b.name) || compare(a.doc?.id ?? '', b.doc?.id ?? ''));
  const truncated = Math.max(0, matching.length - MAX_GRAPH_SETS);
  const kept = matching.slice(0, MAX_GRAPH_SETS).map((r) => {
    const built = drafts.get(r);
    if (built) return { root: r, draft: built, coded: codeFilter !== undefined };
    return { root: r, draft: buildSet(view, settings, r), coded: false };
  });
  const uncoded = kept.filter((k) => !k.coded).map((k) => k.draft);
  if (uncoded.length) addCode(ws, uncoded);
  const findingsCache = new Map<string, FileFindings>();
  const sets = kept.map((k) => finish(ws, k.draft, idOf(k.root, k.draft), findingsCache));
  return { sets, namespaces, totalSets: roots.length, truncated };
}

/**
 * Set ids (ChainSet.id): the first node's id; when two sets of the workspace may start at the same
 * node (two copies of a Secret naming one role, two roles of one pod), each gets `~<its root>` (the
 * root document's key, or `role:<name>`), decided from every root of the workspace so that an id
 * does not depend on which sets a filter keeps. Where a set starts is known from its root for a request
 * (its own node) and a Secret (its role, else itself); for a role or a policy, the service accounts it
 * can start at are counted (the only nodes two of them can share first).
 */
function setIds(view: WorkspaceView, roots: Root[]): (r: Root, d: Draft) => string {
  const count = new Map<string, number>();
  for (const r of roots) for (const s of new Set(possibleStarts(view, r))) count.set(s, (count.get(s) ?? 0) + 1);
  return (r, d) => {
    const first = firstId(d) || `set:${d.name}`;
    return (count.get(first) ?? 0) > 1 ? `${first}~${r.doc ? docKey(r.doc) : `role:${r.role ?? ''}`}` : first;
  };
}

/** The node ids a root's set may start at (see setIds). */
function possibleStarts(view: WorkspaceView, r: Root): string[] {
  if (r.cr) return [`credentialsRequest:${k8sKey(known(r.cr.namespace), known(r.cr.name), r.cr)}`];
  if (r.secret) {
    const arn = r.secret.profile.get('role_arn');
    const role = arn ? looseRoleOf(arn.value) : undefined;
    return [role ? `ccoctlRole:${role.roleName}` : `secret:${k8sKey(known(r.secret.namespace), known(r.secret.name), r.secret)}`];
  }
  const out: string[] = [];
  if (r.role !== undefined) {
    for (const d of view.withKey(`role:${r.role}`)) {
      if (d.kind === 'serviceAccount' && annotatedRole(d)?.roleName === r.role) {
        const name = known(d.name);
        if (name !== undefined) out.push(`serviceAccount:${view.effectiveNamespace(d) ?? ''}/${name}`);
      }
      if (d.kind === 'workload') out.push(`serviceAccount:${view.effectiveNamespace(d) ?? ''}/${effectiveServiceAccount(d)}`);
    }
  }
  if (r.workload) out.push(`serviceAccount:${view.effectiveNamespace(r.workload) ?? ''}/${effectiveServiceAccount(r.workload)}`);
  if (r.policy) {
    for (const c of r.policy.webIdentity) {
      const sub = c.claim === 'sub' && !c.like ? parseServiceAccountSubject(String(c.value.value)) : undefined;
      if (sub) out.push(`serviceAccount:${sub.namespace}/${sub.name}`);
    }
  }
  return out;
}

/** Link keys that join too much to follow when looking for a file's sets (a namespace's pods, a folder, kustomize). */
const BROAD_KEYS = /^(ns|crdir|kfile|kdir):/;
/** Hops through shared link keys from a file's documents to the roots of its sets (CR → Secret → pod → … is at most 3). */
const NEAR_HOPS = 3;
/** Documents visited before giving up and building every candidate (a key shared by a large part of the workspace). */
const NEAR_MAX_DOCS = 2000;

/**
 * What the sets holding a node of `uri` can be rooted at, found from the file's documents through the
 * view's shared link keys (the links every set is built from), within {@link NEAR_HOPS}: the
 * CredentialsRequests, ccoctl Secrets and trust policies met, and `role:<name>` for each role named. A
 * code file starts from the roles its calls assume (and the requests granting sts:AssumeRole on them).
 * A superset: the candidates are still built and matched. Undefined when the walk grows past
 * {@link NEAR_MAX_DOCS} documents (then every candidate is built).
 */
function rootsNear(ws: Workspace, uri: string): Set<IrsaDocument | string> | undefined {
  const view = ws.view;
  const found = new Set<IrsaDocument | string>();
  let frontier: IrsaDocument[] = [...ws.documents(uri)];
  const seenKeys = new Set<string>();
  const code = ws.parsed(uri)?.code;
  const text = ws.text(uri);
  if (code && text !== undefined) {
    const roles = new Set<string>();
    for (const call of sessionCalls(text, code)) {
      const r = call.roleArn !== undefined ? looseRoleOf(call.roleArn) : undefined;
      if (r?.kind === 'role') roles.add(r.roleName);
    }
    for (const role of roles) {
      found.add(`role:${role}`);
      for (const k of [`role:${role}`, `roletrust:${role}`]) {
        seenKeys.add(k);
        frontier.push(...view.withKey(k));
      }
    }
    if (roles.size) for (const cr of view.all('credentialsRequest')) if (assumedRoles(cr).some((a) => roles.has(a.roleName))) frontier.push(cr);
  }
  const seen = new Set<IrsaDocument>();
  for (let hop = 0; frontier.length && hop <= NEAR_HOPS; hop++) {
    const next: IrsaDocument[] = [];
    for (const d of frontier) {
      if (seen.has(d)) continue;
      seen.add(d);
      if (seen.size > NEAR_MAX_DOCS) return undefined;
      if (d.kind !== 'kustomization') found.add(d);
      // A pod's requests, as the sets find their pods (WorkspaceView.workloadsFor): also through "the only
      // request of its namespace", which no shared key says.
      if (d.kind === 'workload') for (const cr of view.credentialsRequestsFor(d)) found.add(cr);
      for (const k of view.keys(d)) {
        if (k.startsWith('role:') || k.startsWith('roletrust:')) found.add(`role:${k.slice(k.indexOf(':') + 1)}`);
        // A role's trust policy meets the role's users through the role's own key, and its ccoctl request by name.
        if (k.startsWith('roletrust:')) {
          const role = k.slice('roletrust:'.length);
          for (const cr of view.credentialsRequestsForRole(role)) next.push(cr);
          if (!seenKeys.has(`role:${role}`) && hop < NEAR_HOPS) {
            seenKeys.add(`role:${role}`);
            next.push(...view.withKey(`role:${role}`));
          }
        }
        if (BROAD_KEYS.test(k) || seenKeys.has(k)) continue;
        seenKeys.add(k);
        if (hop < NEAR_HOPS) next.push(...view.withKey(k));
      }
    }
    frontier = next;
  }
  return found;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstId(d: Draft): string {
  return orderedNodes(d)[0]?.id ?? '';
}

function orderedNodes(d: Draft): DraftNode[] {
  const nodes = [...d.nodes.values()];
  // Stable: within a kind, the order they were found in (document order of the view's answers).
  return nodes.map((n, i) => ({ n, i })).sort((a, b) => KIND_ORDER.indexOf(a.n.kind) - KIND_ORDER.indexOf(b.n.kind) || a.i - b.i).map((x) => x.n);
}

/** Filters that need the built set: `set`, `uri`, `query`, and `namespace` on any node. */
function matches(d: Draft, id: string, f: ChainGraphFilter): boolean {
  const nodes = [...d.nodes.values()];
  if (f.namespace !== undefined && d.namespace !== f.namespace && !nodes.some((n) => n.namespace === f.namespace)) return false;
  if (f.set !== undefined && f.set !== d.name && f.set !== id) return false;
  if (f.uri !== undefined && !nodes.some((n) => n.uri === f.uri)) return false;
  if (f.query !== undefined && f.query !== '') {
    const q = f.query.toLowerCase();
    const hay = [d.name, ...nodes.flatMap((n) => [n.name, n.namespace ?? '', n.account ?? '']), ...d.edges.map((e) => e.label)];
    if (!hay.some((h) => h.toLowerCase().includes(q))) return false;
  }
  return true;
}

/**
 * Every set's root: each AWS CredentialsRequest, each ccoctl Secret no request reaches, each web
 * identity role no request reaches. O(documents) index lookups; builds nothing.
 */
function findRoots(view: WorkspaceView, settings: IrsaSettings): Root[] {
  const roots: Root[] = [];
  // Whether a request carries a link key (view.ts linkKeys gives `secret:`, `role:`, `rolesuffix:` keys to
  // AWS requests only): one bucket test per Secret and role, no lists built; this walk is what every
  // picture pays before building anything (bench/graph.mjs).
  const crHas = (key: string): boolean => view.hasKeyOfKind(key, 'credentialsRequest');
  for (const cr of view.all('credentialsRequest')) {
    if (cr.cloud !== 'aws') continue;
    const ns = crNamespace(cr);
    const name = known(cr.secretRef?.name);
    roots.push({ kind: 'cr', name: ns !== undefined && name !== undefined ? `${ns}/${name}` : (known(cr.name) ?? fileName(cr.uri)), namespace: ns, cr, doc: cr });
  }
  /** Whether a request's ccoctl role may be `role` (the index's test, credentialsRequestsForRole, when a key says it may). */
  const isRequestRole = (role: string): boolean => {
    if (settings.ccoctlName) return crHas(`role:${role}`);
    for (let i = role.indexOf('-'); i >= 0; i = role.indexOf('-', i + 1)) if (crHas(`rolesuffix:${role.slice(i)}`)) return view.credentialsRequestsForRole(role).length > 0;
    return false;
  };
  // A Secret reached by a request (by secretRef, or by the role its role_arn names: see secretsOf) is in that request's set.
  const secretRoles = new Set<string>();
  for (const s of view.all('ccoctlSecret')) {
    const ns = known(s.namespace);
    const name = known(s.name);
    const arn = s.profile.get('role_arn')?.value;
    const role = arn ? looseRoleOf(arn)?.roleName : undefined;
    // (A Secret without a namespace is no request's: WorkspaceView.secretsFor matches namespace and name.)
    const byRef = ns !== undefined && name !== undefined && crHas(`secret:${ns}/${name}`);
    if (byRef || (role !== undefined && isRequestRole(role))) continue;
    if (role !== undefined) secretRoles.add(role);
    // Named after its first node (ChainSet.name): the role its role_arn names, else the Secret.
    roots.push({ kind: 'secret', name: role ?? name ?? fileName(s.uri), namespace: ns, secret: s, doc: s });
  }
  // Web identity roles of the pod identity webhook, of containers' AWS_ROLE_ARN, of trust policies.
  const roles = new Map<string, string | undefined>();
  const addRole = (role: string, ns: string | undefined): void => {
    if (secretRoles.has(role) || isRequestRole(role)) return;
    if (!roles.has(role) || roles.get(role) === undefined) roles.set(role, ns);
  };
  for (const sa of view.all('serviceAccount')) {
    const r = annotatedRole(sa);
    if (r) addRole(r.roleName, view.effectiveNamespace(sa));
  }
  // A pod's own AWS_ROLE_ARN is one of its `role:` keys (linkKeys: envRoles).
  const awsPods: Workload[] = [];
  for (const w of view.all('workload')) {
    let named = false;
    for (const k of view.keys(w)) {
      if (!k.startsWith('role:')) continue;
      named = true;
      addRole(k.slice('role:'.length), view.effectiveNamespace(w));
    }
    if (!named && w.containers.some(usesAws)) awsPods.push(w);
  }
  const policies: IamPolicy[] = [];
  const subjects = new Set<string>();
  for (const p of view.all('iamPolicy')) {
    if (!isWebIdentityTrust(p)) continue;
    const role = trustRoleName(p, settings)?.name;
    if (role) addRole(role, undefined);
    else {
      policies.push(p);
      for (const c of p.webIdentity) if (c.claim === 'sub' && !c.like) subjects.add(String(c.value.value));
    }
  }
  for (const [role, ns] of roles) roots.push({ kind: 'role', name: role, namespace: ns, role });
  // A web identity trust policy that says of no role whose it is: a set of its own, named after its file.
  for (const p of policies) {
    const subNs = p.webIdentity.map((c) => (c.claim === 'sub' && !c.like ? parseServiceAccountSubject(String(c.value.value))?.namespace : undefined)).find((n) => n !== undefined);
    roots.push({ kind: 'policy', name: fileName(p.uri), namespace: subNs, policy: p, doc: p });
  }
  // A pod set up for AWS (a container with AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or
  // AWS_WEB_IDENTITY_TOKEN_FILE) that none of the sets above draws: a set of its own, so that what
  // it lacks (no request, no Secret in the workspace) is seen, not left out.
  const orphanSecrets = new Set(roots.flatMap((r) => (r.secret ? [`${known(r.secret.namespace) ?? ''}/${known(r.secret.name) ?? ''}`] : [])));
  for (const w of awsPods) {
    const ns = view.effectiveNamespace(w);
    const account = effectiveServiceAccount(w);
    // Reached by a request: a volume of the Secret a request of its namespace writes (the usual case,
    // one bucket test), else as WorkspaceView.credentialsRequestsFor links pods.
    if (ns !== undefined && w.volumes.some((v) => v.secret !== undefined && crHas(`secret:${ns}/${known(v.secret.secretName) ?? ''}`))) continue;
    if (view.credentialsRequestsFor(w).length) continue;
    if (w.volumes.some((v) => orphanSecrets.has(`${ns ?? ''}/${known(v.secret?.secretName) ?? ''}`))) continue;
    if (ns !== undefined && subjects.has(serviceAccountSubject(ns, account))) continue;
    if (view.serviceAccounts(account, ns).some((sa) => annotatedRole(sa) !== undefined)) continue;
    roots.push({ kind: 'workload', name: known(w.name) ?? fileName(w.uri), namespace: ns, workload: w, doc: w });
  }
  return roots;
}

/**
 * Whether `roleName` ends like the ccoctl role of `cr` (`-<secretRef.namespace>-<secretRef.name>`, or
 * `-<namespace>-<metadata.name>`, a common mistake): the near misses trust-role-name-mismatch reports.
 */
function nearMiss(cr: CredentialsRequest, roleName: string | undefined): boolean {
  const ns = crNamespace(cr);
  const name = known(cr.secretRef?.name);
  const crName = known(cr.name);
  if (roleName === undefined || ns === undefined || name === undefined) return false;
  return matchesCcoctlSuffix(roleName, ns, name) || (crName !== undefined && matchesCcoctlSuffix(roleName, ns, crName));
}

/**
 * Destination trust policies of a request: those whose AWS principal names its ccoctl role
 * (WorkspaceView.trustPoliciesFor), then those naming a near miss of it, which trust-role-name-mismatch
 * finds through the same `rolesuffix:` keys and reports: the picture shows them on a red edge instead
 * of leaving them out.
 */
function trustPoliciesOf(view: WorkspaceView, cr: CredentialsRequest): IamPolicy[] {
  const out = [...view.trustPoliciesFor(cr)];
  const ns = crNamespace(cr);
  const name = known(cr.secretRef?.name);
  const crName = known(cr.name);
  if (ns === undefined || name === undefined) return out;
  const keys = [`rolesuffix:-${ns}-${name}`, ...(crName !== undefined && crName !== name ? [`rolesuffix:-${ns}-${crName}`] : [])];
  for (const k of keys) {
    for (const d of view.withKey(k)) {
      if (d.kind !== 'iamPolicy' || d.policyType !== 'trust' || out.includes(d)) continue;
      if (principalRoles(d).some((r) => nearMiss(cr, r.roleName))) out.push(d);
    }
  }
  return out;
}

/** The Secrets of a request: by `secretRef` namespace/name, else those whose `role_arn` names its role. */
function secretsOf(view: WorkspaceView, cr: CredentialsRequest): CcoctlSecret[] {
  const exact = view.secretsFor(cr);
  if (exact.length) return exact;
  const role = view.roleNameFor(cr);
  if (!role) return [];
  // secret-matches-secret-ref links a Secret to the request whose role its role_arn names; so does the picture.
  return view.withKey(`role:${role}`).filter((d): d is CcoctlSecret => d.kind === 'ccoctlSecret' && view.credentialsRequestsForRole(role, d.uri).includes(cr));
}

function buildSet(view: WorkspaceView, settings: IrsaSettings, root: Root): Draft {
  const d = new Draft(root.name, root.namespace);
  if (root.cr) buildCrSet(view, settings, d, root.cr);
  else if (root.secret) buildSecretSet(view, settings, d, root.secret);
  else if (root.role) buildRoleSet(view, settings, d, root.role);
  else if (root.policy) buildPolicySet(view, settings, d, root.policy);
  else if (root.workload) addWorkload(view, settings, d, root.workload, [], undefined);
  return d;
}

function buildCrSet(view: WorkspaceView, settings: IrsaSettings, d: Draft, cr: CredentialsRequest): void {
  const ns = crNamespace(cr);
  const secretName = known(cr.secretRef?.name);
  const crId = d.node({
    id: `credentialsRequest:${k8sKey(known(cr.namespace), known(cr.name), cr)}`,
    kind: 'credentialsRequest',
    name: known(cr.name) ?? fileName(cr.uri),
    namespace: known(cr.namespace),
    uri: cr.uri,
    offset: offsetOf(cr.kindNode, cr),
    doc: cr,
  });
  const secrets = secretsOf(view, cr);
  // The ccoctl role: the name ccoctl gives it (`--name` prefix), else the one the Secret's role_arn names.
  let roleName = view.roleNameFor(cr);
  let roleAccount: string | undefined;
  for (const s of secrets) {
    const r = looseRoleOf(s.profile.get('role_arn')?.value ?? '');
    if (r && (roleName === undefined || r.roleName === roleName)) {
      roleName ??= r.roleName;
      roleAccount = r.account;
      break;
    }
  }
  const trusts = trustPoliciesOf(view, cr);
  if (roleName === undefined) {
    // Without a prefix or Secret, the role a destination trust policy names by ccoctl's suffix.
    for (const p of trusts) for (const r of principalRoles(p)) if (roleName === undefined && view.credentialsRequestsForRole(r.roleName).includes(cr)) roleName = r.roleName;
  }
  if (roleAccount === undefined && roleName !== undefined) {
    for (const p of trusts) for (const r of principalRoles(p)) if (roleAccount === undefined && r.roleName === roleName && /^\d{12}$/.test(r.account)) roleAccount = r.account;
  }
  let roleId: string | undefined;
  if (ns !== undefined && secretName !== undefined) {
    // Without `--name` (.irsa.yaml ccoctl.name), a Secret or a trust policy naming it, only the
    // `-<namespace>-<secret>` tail ccoctl gives every role is known: `…` stands for the prefix.
    const name = roleName ?? (settings.ccoctlName ? ccoctlRoleName(settings.ccoctlName, ns, secretName) : `…-${ns}-${secretName}`);
    roleId = d.node({
      id: `ccoctlRole:${name}`,
      kind: 'ccoctlRole',
      name,
      ...(roleAccount !== undefined ? { account: roleAccount } : {}),
      uri: cr.uri,
      offset: offsetOf(cr.secretRef?.name, cr),
      edgeDoc: cr,
    });
    d.edge(crId, roleId, 'ccoctlRole', name);
  }

  // The Secret: its manifest when the workspace has one, else the Secret ccoctl will write (at secretRef).
  const secretIds: { id: string; name: string }[] = [];
  const secretRefLabel = [text(cr.secretRef?.namespace), text(cr.secretRef?.name)].filter((x) => x !== undefined).join('/');
  for (const s of secrets) {
    const sName = known(s.name);
    const id = d.node({ id: `secret:${k8sKey(known(s.namespace), sName, s)}`, kind: 'secret', name: sName ?? fileName(s.uri), ...(known(s.namespace) !== undefined ? { namespace: known(s.namespace)! } : {}), uri: s.uri, offset: offsetOf(get(s.root, 'kind'), s), doc: s });
    secretIds.push({ id, name: sName ?? '' });
    d.edge(crId, id, 'secretRef', secretRefLabel);
    const arn = s.profile.get('role_arn');
    if (roleId !== undefined && arn) d.edge(roleId, id, 'roleArn', arn.value, { at: [{ doc: s, start: arn.start, end: arn.end }] });
  }
  if (!secrets.length && ns !== undefined && secretName !== undefined) {
    const id = d.node({ id: `secret:${ns}/${secretName}`, kind: 'secret', name: secretName, namespace: ns, uri: cr.uri, offset: offsetOf(cr.secretRef?.node, cr), edgeDoc: cr });
    secretIds.push({ id, name: secretName });
    d.edge(crId, id, 'secretRef', secretRefLabel);
  }

  // Workloads, their service accounts and tokens.
  const tokens: Presenter[] = [];
  const sas: Presenter[] = [];
  for (const w of view.workloadsFor(cr)) {
    const r = addWorkload(view, settings, d, w, secretIds, secretName);
    // serviceAccountNames → the account the pod runs as (the same text when the request lists it; when
    // it does not, the edge names the account that service-account-mismatch reports).
    // Its places: the `serviceAccountNames` entry naming the account (none when the request lists it not) and the pod's field.
    const account = effectiveServiceAccount(w);
    const entry = cr.serviceAccountNames.find((n) => n.value === account);
    // The entry names the pod's subject only for a pod in secretRef.namespace: ccoctl writes
    // `system:serviceaccount:<secretRef.namespace>:<entry>` (openshift/cloud-credential-operator
    // pkg/cmd/provisioning/aws/create-iam-roles.go), which ccoctl-trust-policy-mismatch points at.
    const entryNames = entry && ns !== undefined && view.effectiveNamespace(w) === ns ? at(cr, entry) : [];
    const named = (x: Presenter): Presenter => ({ ...x, names: [...(x.names ?? []), ...entryNames] });
    tokens.push(...r.tokens.map(named));
    sas.push(named(r.sa));
    d.edge(crId, r.sa.id, 'serviceAccount', account, { also: w, at: [...at(cr, entry), ...at(w, w.serviceAccountName ?? w.serviceAccount)] });
  }

  // The ccoctl role's own trust policy (web identity), when the workspace has it (ccoctl --dry-run output).
  if (roleName !== undefined) addWebIdentityTrusts(view, d, roleName, tokens.length ? tokens : sas, roleId);

  // The destination roles: the request's sts:AssumeRole resources and the trust policies naming the ccoctl role.
  const destinations = new Map<string, string>();
  for (const a of assumedRoles(cr)) {
    const id = d.node({ id: `destinationRole:${a.roleName}`, kind: 'destinationRole', name: a.roleName, account: a.account, uri: cr.uri, offset: offsetOf(a.node, cr), edgeDoc: cr });
    destinations.set(a.roleName, id);
    d.edge(crId, id, 'assumeRole', a.arn, { at: at(cr, a.node) });
  }
  for (const p of trusts) {
    const principals = p.statements.flatMap((s) => s.principals).filter((pr) => pr.type === 'AWS');
    const roleOf = (pr: { value: TreeNode }): string | undefined => looseRoleOf(String(text(pr.value) ?? ''))?.roleName;
    // The principal naming the ccoctl role; else the near miss that linked the policy (trust-role-name-mismatch's).
    const principal =
      principals.find((pr) => {
        const r = roleOf(pr);
        return r !== undefined && (roleName !== undefined ? r === roleName : view.credentialsRequestsForRole(r).includes(cr));
      }) ?? principals.find((pr) => nearMiss(cr, roleOf(pr)));
    const dest = trustRoleName(p, settings)?.name;
    const destId = dest !== undefined ? destinations.get(dest) : undefined;
    const account = destId !== undefined ? d.nodes.get(destId)?.account : undefined;
    const id = d.node({
      id: `trustPolicy:${policyKey(p, settings)}`,
      kind: 'trustPolicy',
      name: dest ?? fileName(p.uri),
      ...(account !== undefined ? { account } : {}),
      uri: p.uri,
      offset: offsetOf(principal?.value, p),
      doc: p,
    });
    if (roleId !== undefined) d.edge(roleId, id, 'trustPrincipal', text(principal?.value) ?? '', { at: at(p, principal?.value) });
    if (dest !== undefined) {
      const to = destId ?? d.node({ id: `destinationRole:${dest}`, kind: 'destinationRole', name: dest, uri: p.uri, offset: p.doc.start, edgeDoc: p });
      d.edge(id, to, 'trustOf', dest);
      if (destId === undefined) addAssumeRoleGrant(d, cr, crId, to, dest);
    }
  }
}

/**
 * The request's `sts:AssumeRole` grant for a destination role that a trust policy names but no entry
 * names by its ARN: the entry whose `resource` pattern covers the role (labelled with that pattern as
 * written, `*` or `arn:aws:iam::…:role/orders-*`); with no entry allowing sts:AssumeRole at all (in a
 * request that parses cleanly), an unlabelled edge for the permission that is missing, which
 * cr-assume-role-permission reports on the request and so colours. An entry allowing it on other roles only gives no edge (those roles have theirs).
 */
function addAssumeRoleGrant(d: Draft, cr: CredentialsRequest, crId: string, destId: string, roleName: string): void {
  const grants = cr.statementEntries.filter((e) => str(e.effect) === 'Allow' && e.actions.some((a) => actionMatches(String(a.value), 'sts:AssumeRole')));
  if (!grants.length) {
    // Not for a request whose YAML does not parse cleanly: its entries are not what the author wrote
    // (cr-assume-role-permission does not judge it either; its syntax errors are on its node).
    if (cr.doc.sound) d.edge(crId, destId, 'assumeRole', '');
    return;
  }
  for (const e of grants) {
    const resource = text(e.resource);
    if (resource === undefined) continue;
    // Resource ARNs match with `*`/`?` wildcards (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
    const role = resource === '*' ? roleName : /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/]*)$/.exec(resource)?.[1];
    if (role !== undefined && stringLikeMatches(role, roleName)) {
      d.edge(crId, destId, 'assumeRole', resource, { at: at(cr, e.resource) });
      return;
    }
  }
}

/**
 * Adds a workload with its service account (manifest, else the name it runs as) and its projected
 * tokens; links it to the set's Secret nodes through the volume that carries the AWS config.
 */
function addWorkload(
  view: WorkspaceView,
  settings: IrsaSettings,
  d: Draft,
  w: Workload,
  secretIds: { id: string; name: string }[],
  wantSecret: string | undefined,
): { workloadId: string; tokens: Presenter[]; sa: Presenter } {
  const wns = view.effectiveNamespace(w);
  const name = known(w.name);
  const workloadId = d.node({
    id: `workload:${wns ?? ''}/${w.workloadKind}/${name ?? docKey(w)}`,
    kind: 'workload',
    name: name ?? fileName(w.uri),
    ...(wns !== undefined ? { namespace: wns } : {}),
    uri: w.uri,
    offset: offsetOf(get(w.root, 'kind'), w),
    doc: w,
  });
  // The credentials volume, as secret-name-mismatch finds it: named after the Secret, or mounted where AWS_CONFIG_FILE points.
  const configDirs = new Set<string>();
  for (const c of w.containers) {
    for (const v of CONFIG_FILE_VARS) {
      const val = envValue(envOf(c, v));
      if (val?.startsWith('/')) configDirs.add(dirName(val));
    }
  }
  for (const v of w.volumes) {
    const sn = text(v.secret?.secretName);
    if (sn === undefined) continue;
    const vName = str(v.name);
    const mountedAtConfig = vName !== undefined && mountsOf(w, vName).some(({ mount }) => configDirs.has(str(mount.mountPath)?.replace(/\/+$/, '') ?? ''));
    for (const s of secretIds) {
      if (sn === s.name || mountedAtConfig || (wantSecret !== undefined && vName === wantSecret)) d.edge(s.id, workloadId, 'secretMount', sn, { at: at(w, v.node) });
    }
  }
  // The service account: its manifest, else the name the pod runs as (at the workload's field).
  const account = effectiveServiceAccount(w);
  const sas = view.serviceAccounts(account, wns).filter((s) => wns === undefined || view.effectiveNamespace(s) === wns || view.effectiveNamespace(s) === undefined);
  const saField = w.serviceAccountName ?? w.serviceAccount;
  let saId: string;
  if (sas.length) {
    const sa = sas[0]!;
    const sns = view.effectiveNamespace(sa);
    saId = d.node({ id: `serviceAccount:${sns ?? wns ?? ''}/${account}`, kind: 'serviceAccount', name: account, ...((sns ?? wns) !== undefined ? { namespace: (sns ?? wns)! } : {}), uri: sa.uri, offset: offsetOf(get(sa.root, 'kind'), sa), doc: sa });
  } else {
    saId = d.node({ id: `serviceAccount:${wns ?? ''}/${account}`, kind: 'serviceAccount', name: account, ...(wns !== undefined ? { namespace: wns } : {}), uri: w.uri, offset: offsetOf(saField, w), edgeDoc: w });
  }
  d.edge(saId, workloadId, 'serviceAccount', text(saField) ?? account, { at: at(w, saField) });
  // The `sub` claim of the pod's service account token (domain.ts serviceAccountSubject).
  const subject = wns !== undefined ? serviceAccountSubject(wns, account) : undefined;
  // The places where the rules name this pod (and so its subject): its `serviceAccountName` (or,
  // without one, the manifest's first character: trust-subject-mismatch points at the first line for
  // the implied `default`), its pod spec key (trust-audience-mismatch), and each token projection.
  const podNames: Anchor[] = [
    ...(saField ? at(w, saField) : [{ doc: w, start: w.root.start, end: w.root.start + 1 }]),
    ...(w.podSpec?.pair ? at(w, w.podSpec.pair.key) : []),
  ];
  const presenter = (id: string, place: Anchor[]): Presenter => {
    const names = [...place, ...podNames];
    return subject !== undefined ? { id, subject, at: place, names } : { id, at: place, names };
  };
  const tokens: Presenter[] = [];
  // The tokens meant for AWS STS, as the token rules pick them (a Vault token of the same pod is not one).
  for (const t of awsTokens(w, settings)) {
    const vName = str(t.volume.name) ?? '';
    const id = d.node({
      id: `token:${wns ?? ''}/${w.workloadKind}/${name ?? docKey(w)}/${vName}`,
      kind: 'token',
      name: vName,
      ...(wns !== undefined ? { namespace: wns } : {}),
      uri: w.uri,
      offset: offsetOf(t.token.node, w),
      edgeDoc: w,
    });
    tokens.push(presenter(id, at(w, t.token.node)));
    d.edge(workloadId, id, 'token', text(t.token.audience) ?? '', { at: at(w, t.token.node) });
  }
  // The account presents the token for the pod (the webhook injects it): the pod's field is its place.
  return { workloadId, tokens, sa: presenter(saId, at(w, saField)) };
}

/** A node that presents a web identity token (a token, else a service account) and the `:sub` it presents. */
interface Presenter {
  id: string;
  /** `system:serviceaccount:<namespace>:<name>` when the namespace is known. */
  subject?: string;
  /** Where the presenter's side of the `webIdentity` edge was read (the token projection, the pod's `serviceAccountName`). */
  at?: Anchor[];
  /**
   * The places that name the pod (and so `subject`) where a rule reporting on the trust policy points
   * (its range or a related location): the token projection, the pod's `serviceAccountName` and pod
   * spec key, the request's `serviceAccountNames` entry (buildCrSet). Never a place that names every
   * pod (a Secret, the request's `serviceAccountNames` key, the role ARN).
   */
  names?: Anchor[];
}

/**
 * The web identity trust policies of `roleName` (WorkspaceView.webIdentityTrustPoliciesOf), linked from
 * the nodes that present a token (`webIdentity`). With no such node (a request no workload uses yet),
 * linked to the role they belong to instead (`trustOf`, when the set draws it: the ccoctl role), so the
 * policy is not drawn apart; not both, which would draw the chain as a cycle (role → Secret → pod →
 * token → trust → role) where it reads left to right.
 */
function addWebIdentityTrusts(view: WorkspaceView, d: Draft, roleName: string, from: Presenter[], roleId?: string): void {
  for (const p of view.webIdentityTrustPoliciesOf(roleName)) {
    if (!isWebIdentityTrust(p)) continue;
    const id = addWebIdentityTrust(d, p, `webIdentityTrust:${roleName}`, roleName, from);
    if (roleId !== undefined && !from.length) d.edge(id, roleId, 'trustOf', roleName);
  }
}

/** One web identity trust policy node, linked from `from`; returns its id. */
function addWebIdentityTrust(d: Draft, p: IamPolicy, id: string, name: string, from: Presenter[]): string {
  const federated = p.statements.flatMap((s) => s.principals).find((pr) => pr.type === 'Federated');
  const provider = text(federated?.value);
  const account = provider ? /^arn:[^:]*:iam::(\d{12}):/.exec(provider)?.[1] : undefined;
  d.node({ id, kind: 'webIdentityTrust', name, ...(account !== undefined ? { account } : {}), uri: p.uri, offset: offsetOf(federated?.value, p), doc: p });
  const subs = p.webIdentity.filter((c) => c.claim === 'sub');
  for (const f of from) {
    // Labelled with the subject the presenter presents (a fact of the pod: its namespace and account,
    // kubernetes/kubernetes pkg/serviceaccount/util.go MakeUsername), never with a `:sub` value, which
    // may be a neighbour's; without a known namespace, the provider the token is checked against.
    // The `:sub` values equal to it name it too (a finding there is about this edge).
    const same = subs.filter((c) => f.subject !== undefined && text(c.value) === f.subject).flatMap((c) => at(p, c.value));
    d.edge(f.id, id, 'webIdentity', f.subject ?? provider ?? '', { at: [...(f.at ?? []), ...same], names: [...(f.names ?? []), ...same] });
  }
  return id;
}

function buildSecretSet(view: WorkspaceView, settings: IrsaSettings, d: Draft, s: CcoctlSecret): void {
  const sns = known(s.namespace);
  const sName = known(s.name);
  const arn = s.profile.get('role_arn');
  const role = arn ? looseRoleOf(arn.value) : undefined;
  let roleId: string | undefined;
  if (role && arn) {
    roleId = d.node({ id: `ccoctlRole:${role.roleName}`, kind: 'ccoctlRole', name: role.roleName, ...(/^\d{12}$/.test(role.account) ? { account: role.account } : {}), uri: s.uri, offset: arn.start, edgeDoc: s });
  }
  const id = d.node({ id: `secret:${k8sKey(sns, sName, s)}`, kind: 'secret', name: sName ?? fileName(s.uri), ...(sns !== undefined ? { namespace: sns } : {}), uri: s.uri, offset: offsetOf(get(s.root, 'kind'), s), doc: s });
  if (roleId !== undefined && arn) d.edge(roleId, id, 'roleArn', arn.value, { at: [{ doc: s, start: arn.start, end: arn.end }] });
  const tokens: Presenter[] = [];
  const sas: Presenter[] = [];
  if (sName !== undefined) {
    for (const w of view.withKey(`secretname:${sName}`)) {
      if (w.kind !== 'workload') continue;
      const wns = view.effectiveNamespace(w);
      if (sns !== undefined && wns !== undefined && wns !== sns) continue;
      const r = addWorkload(view, settings, d, w, [{ id, name: sName }], sName);
      tokens.push(...r.tokens);
      sas.push(r.sa);
    }
  }
  if (role) {
    addWebIdentityTrusts(view, d, role.roleName, tokens.length ? tokens : sas, roleId);
    addRoleChaining(view, settings, d, roleId, role.roleName);
  }
}

/** Trust policies whose AWS principal names `roleName` (the next hop), with their destination roles. */
function addRoleChaining(view: WorkspaceView, settings: IrsaSettings, d: Draft, roleId: string | undefined, roleName: string): void {
  for (const p of view.withKey(`role:${roleName}`)) {
    if (p.kind !== 'iamPolicy' || p.policyType !== 'trust') continue;
    const principal = p.statements.flatMap((s) => s.principals).find((pr) => pr.type === 'AWS' && looseRoleOf(String(pr.value.value))?.roleName === roleName);
    if (!principal) continue;
    const dest = trustRoleName(p, settings)?.name;
    const id = d.node({ id: `trustPolicy:${policyKey(p, settings)}`, kind: 'trustPolicy', name: dest ?? fileName(p.uri), uri: p.uri, offset: principal.value.start, doc: p });
    if (roleId !== undefined) d.edge(roleId, id, 'trustPrincipal', text(principal.value) ?? '', { at: at(p, principal.value) });
    if (dest !== undefined) d.edge(id, d.node({ id: `destinationRole:${dest}`, kind: 'destinationRole', name: dest, uri: p.uri, offset: p.doc.start, edgeDoc: p }), 'trustOf', dest);
  }
}

/**
 * A web identity role no CredentialsRequest reaches (EKS charts, hand-written AWS_ROLE_ARN): the
 * ServiceAccounts annotated with it and the workloads that run with it (WorkspaceView.workloadsUsingRole),
 * their tokens, the role's web identity trust policy, and the roles it may assume next.
 */
function buildRoleSet(view: WorkspaceView, settings: IrsaSettings, d: Draft, role: string): void {
  const from: Presenter[] = [];
  const tokens: Presenter[] = [];
  for (const u of view.workloadsUsingRole(role, { webhookOnly: true })) {
    const r = addWorkload(view, settings, d, u.workload, [], undefined);
    tokens.push(...r.tokens);
    // The webhook injects the token (no projected volume in the manifest): the account presents it.
    from.push(u.via === 'annotation' ? r.sa : { ...r.sa, id: r.workloadId });
  }
  // ServiceAccounts annotated with the role that no workload runs as still belong to the set.
  for (const sa of view.withKey(`role:${role}`)) {
    if (sa.kind !== 'serviceAccount' || annotatedRole(sa)?.roleName !== role) continue;
    const sns = view.effectiveNamespace(sa);
    const name = known(sa.name) ?? fileName(sa.uri);
    const id = d.node({ id: `serviceAccount:${sns ?? ''}/${name}`, kind: 'serviceAccount', name, ...(sns !== undefined ? { namespace: sns } : {}), uri: sa.uri, offset: offsetOf(get(sa.root, 'kind'), sa), doc: sa });
    if (!from.some((f) => f.id === id)) from.push(sns !== undefined ? { id, subject: serviceAccountSubject(sns, name) } : { id });
  }
  addWebIdentityTrusts(view, d, role, tokens.length ? tokens : from);
  addRoleChaining(view, settings, d, d.nodes.get(`webIdentityTrust:${role}`)?.id, role);
}

/**
 * A web identity trust policy that names no role (no RoleName, file name, script or `.irsa.yaml`
 * entry says whose it is): the service accounts its exact `:sub` values admit
 * (WorkspaceView.trustPoliciesNamingSubject's link), their manifests and the workloads that run as them.
 */
function buildPolicySet(view: WorkspaceView, settings: IrsaSettings, d: Draft, p: IamPolicy): void {
  const from: Presenter[] = [];
  for (const c of p.webIdentity) {
    if (c.claim !== 'sub' || c.like) continue;
    const sub = parseServiceAccountSubject(String(c.value.value));
    if (!sub) continue;
    const subject = serviceAccountSubject(sub.namespace, sub.name);
    const workloads = view.workloadsRunningAs(sub.name).filter((w) => view.effectiveNamespace(w) === sub.namespace);
    for (const w of workloads) {
      const r = addWorkload(view, settings, d, w, [], undefined);
      from.push(...(r.tokens.length ? r.tokens : [r.sa]));
    }
    if (!workloads.length) {
      for (const sa of view.serviceAccounts(sub.name, sub.namespace)) {
        const id = d.node({ id: `serviceAccount:${sub.namespace}/${sub.name}`, kind: 'serviceAccount', name: sub.name, namespace: sub.namespace, uri: sa.uri, offset: offsetOf(get(sa.root, 'kind'), sa), doc: sa });
        from.push({ id, subject });
      }
    }
  }
  addWebIdentityTrust(d, p, `webIdentityTrust:${docKey(p)}`, fileName(p.uri), from);
}

/** Longest role name a regular expression of role names is built from (IAM's limit is 64). */
const ROLE_NAME_MAX = 64;

/**
 * Adds the application code that assumes each destination role of `drafts` (issue #14's code model):
 * a `code` node per file with an AssumeRole / AssumeRoleWithWebIdentity call whose `RoleArn` the file
 * states and names that role (rules/code-session-name-mismatch.ts sessionCalls, the calls that rule
 * judges), linked from the role by `sessionName` (the RoleSessionName the call passes, as the rule reads
 * it: `''` when the SDK generates one, `*` for a part the file does not fix). Only files whose text
 * names one of the roles are parsed for calls, in one pass over the code files (`uris`: those only).
 */
function addCode(ws: Workspace, drafts: Draft[], uris?: string[]): void {
  const byRole = new Map<string, { draft: Draft; id: string; account?: string }[]>();
  for (const d of drafts) {
    for (const n of d.nodes.values()) {
      if (n.kind !== 'destinationRole' || n.name.length > ROLE_NAME_MAX) continue;
      let l = byRole.get(n.name);
      if (!l) byRole.set(n.name, (l = []));
      l.push({ draft: d, id: n.id, ...(n.account !== undefined ? { account: n.account } : {}) });
    }
  }
  if (!byRole.size) return;
  // One scan of each file's text for all the roles at once. A name may come from `.irsa.yaml` or a file
  // name, not only from an ARN, so every RegExp metacharacter is escaped.
  const named = new RegExp([...byRole.keys()].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
  for (const uri of uris ?? ws.uris()) {
    const code = ws.parsed(uri)?.code;
    const text = code ? ws.text(uri) : undefined;
    if (!code || text === undefined || !named.test(text)) continue;
    for (const call of sessionCalls(text, code)) {
      const r = call.roleArn !== undefined ? looseRoleOf(call.roleArn) : undefined;
      if (!r || r.kind !== 'role') continue;
      for (const { draft, id, account } of byRole.get(r.roleName) ?? []) {
        // A role of the same name in another account is another role.
        if (account !== undefined && /^\d{12}$/.test(r.account) && r.account !== account) continue;
        const codeId = draft.node({ id: `code:${uri}`, kind: 'code', name: fileName(uri), uri, offset: call.node.start, doc: uri });
        draft.edge(id, codeId, 'sessionName', call.session, { at: at(uri, call.node) });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Findings and states.

const RANK: Record<GraphState, number> = { ok: 0, warning: 1, error: 2 };

function stateOf(findings: GraphFinding[]): GraphState {
  let s: GraphState = 'ok';
  for (const f of findings) {
    const st: GraphState = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'ok';
    if (RANK[st] > RANK[s]) s = st;
  }
  return s;
}

function graphFinding(f: Finding): GraphFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, uri: f.uri, line: f.range.start.line, character: f.range.start.character };
}

/** The document of `uri` (`docs`: its documents by offset) that offset `at` is in (the last one starting at or before it); a code file's URI. */
function documentAt(uri: string, docs: readonly IrsaDocument[], at: number): DocKey {
  if (docs.length === 0) return uri;
  if (docs.length === 1) return docs[0]!;
  // Binary search: a file of 5,000 CredentialsRequests is one file (an operator's credrequests/).
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid]!.doc.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return docs[lo]!;
}

/** A place in the workspace: a document and offsets in its file (a finding's range, or one of its related locations). */
interface Place {
  doc: DocKey;
  start: number;
  end: number;
}

/** A file's documents by offset and its findings by the document they start in, computed once per picture and shared by its sets. */
interface FileFindings {
  docs: IrsaDocument[];
  byDoc: Map<DocKey, { finding: Finding; place: Place }[]>;
}

/** Where `range` of `uri` is (undefined for a file the workspace does not hold). */
function placeOf(ws: Workspace, uri: string, range: Finding['range'], cache: Map<string, FileFindings>): Place | undefined {
  const td = ws.textDocument(uri);
  if (!td) return undefined;
  const start = td.offsetAt(range.start);
  const end = td.offsetAt(range.end);
  return { doc: documentAt(uri, fileFindings(ws, uri, cache).docs, start), start, end };
}

function fileFindings(ws: Workspace, uri: string, cache: Map<string, FileFindings>): FileFindings {
  let m = cache.get(uri);
  if (m) return m;
  const docs = [...ws.documents(uri)].sort((a, b) => a.doc.start - b.doc.start);
  m = { docs, byDoc: new Map() };
  cache.set(uri, m);
  const td = ws.textDocument(uri);
  for (const f of ws.findings(uri)) {
    const start = td ? td.offsetAt(f.range.start) : 0;
    const end = td ? td.offsetAt(f.range.end) : 0;
    const place: Place = { doc: documentAt(uri, docs, start), start, end };
    const list = m.byDoc.get(place.doc);
    if (list) list.push({ finding: f, place });
    else m.byDoc.set(place.doc, [{ finding: f, place }]);
  }
  return m;
}

/** Whether a place and an anchor overlap (a zero-width place touching the anchor counts). */
function overlaps(p: Place, a: Anchor): boolean {
  return p.doc === a.doc && (p.start === p.end ? p.start >= a.start && p.start <= a.end : p.start < a.end && a.start < p.end);
}

function finish(ws: Workspace, d: Draft, id: string, cache: Map<string, FileFindings>): ChainSet {
  const nodes = orderedNodes(d);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kindRank = (id: string): number => KIND_ORDER.indexOf(byId.get(id)?.kind ?? 'code');
  const edges = d.edges
    .map((e, i) => ({ e, i }))
    .sort((a, b) => LINK_ORDER.indexOf(a.e.link) - LINK_ORDER.indexOf(b.e.link) || kindRank(a.e.from) - kindRank(b.e.from) || a.i - b.i)
    .map((x) => x.e);
  const nodeFindings = new Map<string, GraphFinding[]>(nodes.map((n) => [n.id, []]));
  const edgeFindings = edges.map((): GraphFinding[] => []);
  // The documents of the set, each with the one node that shows its own findings.
  const ownerOf = new Map<DocKey, string>();
  for (const n of nodes) if (n.doc && !ownerOf.has(n.doc)) ownerOf.set(n.doc, n.id);
  const docsOfNode = (id: string): DocKey[] => {
    const n = byId.get(id);
    return n ? [n.doc, n.edgeDoc].filter((x): x is DocKey => x !== undefined) : [];
  };
  // The set's documents in file order (URI, then offset): the findings keep the engine's order.
  const docs = [...new Set(nodes.flatMap((n) => docsOfNode(n.id)))];
  const uriOf = (k: DocKey): string => (typeof k === 'string' ? k : k.uri);
  const startOf = (k: DocKey): number => (typeof k === 'string' ? 0 : k.doc.start);
  docs.sort((a, b) => compare(uriOf(a), uriOf(b)) || startOf(a) - startOf(b));
  // What each edge stands on: its ends' documents, `also`, and the documents of its anchors.
  const edgeDocs = edges.map((e) => new Set<DocKey>([...docsOfNode(e.from), ...docsOfNode(e.to), ...e.also, ...e.at.map((a) => a.doc)]));
  // The node kinds each document stands for in the set (a pod's document: its workload and tokens).
  const kindsOf = new Map<DocKey, Set<GraphNodeKind>>();
  for (const n of nodes) {
    for (const k of docsOfNode(n.id)) {
      let s = kindsOf.get(k);
      if (!s) kindsOf.set(k, (s = new Set()));
      s.add(n.kind);
    }
  }
  const endKinds = (e: DraftEdge): GraphNodeKind[] => [byId.get(e.from)?.kind, byId.get(e.to)?.kind].filter((k): k is GraphNodeKind => k !== undefined);
  const setDocs = new Set(docs);
  for (const doc of docs) {
    for (const { finding: f, place } of fileFindings(ws, uriOf(doc), cache).byDoc.get(doc) ?? []) {
      const g = graphFinding(f);
      let placed = false;
      for (const link of linksOfRule(f.ruleId)) {
        for (const i of edgesOfFinding(f, place, link)) {
          edgeFindings[i]!.push(g);
          placed = true;
        }
      }
      if (placed) continue;
      // A finding on the node's own document; a document that only lends a node its place (a
      // CredentialsRequest's destination role) shows its findings on the node of its own.
      const owner = ownerOf.get(doc);
      if (owner !== undefined) nodeFindings.get(owner)!.push(g);
    }
  }

  /**
   * The edges of `link` a finding is about. Candidates: the edges standing on the finding's document.
   * With more than one (two pods of one Secret, two tokens presented to one trust policy, two entries
   * of one `serviceAccountNames`), each of the finding's places (its range, then its related
   * locations in the set's documents) narrows them: a place on some candidate's anchor hits those
   * candidates only, a place on no anchor hits every candidate standing on its document; a candidate
   * a place misses is dropped when the place hits another candidate and is in the candidate's own
   * document or in one standing for a node of the same kind as one of its ends (the finding names
   * another pod, token, entry than this edge's).
   */
  function edgesOfFinding(f: Finding, place: Place, link: GraphLink): number[] {
    const candidates: number[] = [];
    edges.forEach((e, i) => {
      if (e.link === link && edgeDocs[i]!.has(place.doc)) candidates.push(i);
    });
    if (candidates.length < 2) return candidates;
    const places = [place];
    for (const r of f.related ?? []) {
      const p = placeOf(ws, r.uri, r.range, cache);
      if (p && setDocs.has(p.doc)) places.push(p);
    }
    if (link === 'webIdentity') {
      // A web identity edge is "this pod presents subject S to this trust policy": a finding is about
      // it when one of the finding's places names the pod or S (a `:sub` value equal to S, the pod's
      // `serviceAccountName` or token, the request's entry for its account: DraftEdge.names). The
      // engine's findings carry no structured subject, so related locations are the structured way;
      // the message is not read (it lists the admitted subjects too, which would name the wrong pods).
      // A finding that names no pod's subject (a stale `:sub`, the provider, the `:aud` condition)
      // colours every edge of the link on its document: better red than falsely green.
      const named = candidates.filter((i) => edges[i]!.names.some((a) => places.some((p) => overlaps(p, a))));
      return named.length ? named : candidates;
    }
    let kept = candidates;
    for (const p of places) {
      const exact = candidates.filter((i) => edges[i]!.at.some((a) => overlaps(p, a)));
      const hit = new Set(exact.length ? exact : candidates.filter((i) => edgeDocs[i]!.has(p.doc)));
      if (!hit.size) continue;
      const kinds = kindsOf.get(p.doc);
      kept = kept.filter((i) => hit.has(i) || !(edgeDocs[i]!.has(p.doc) || endKinds(edges[i]!).some((k) => kinds?.has(k))));
    }
    return kept;
  }
  const outNodes: GraphNode[] = nodes.map((n) => {
    const td = ws.textDocument(n.uri);
    const pos = td ? td.positionAt(n.offset) : { line: 0, character: 0 };
    const findings = nodeFindings.get(n.id)!;
    const out: GraphNode = { id: n.id, kind: n.kind, name: n.name, uri: n.uri, line: pos.line, character: pos.character, state: stateOf(findings), findings };
    if (n.namespace !== undefined) out.namespace = n.namespace;
    if (n.account !== undefined) out.account = n.account;
    // Key order as in types.ts, for readable JSON.
    return { id: out.id, kind: out.kind, name: out.name, ...(out.namespace !== undefined ? { namespace: out.namespace } : {}), ...(out.account !== undefined ? { account: out.account } : {}), uri: out.uri, line: out.line, character: out.character, state: out.state, findings };
  });
  const outEdges: GraphEdge[] = edges.map((e, i) => {
    const findings = edgeFindings[i]!;
    const state = stateOf(findings);
    return { from: e.from, to: e.to, link: e.link, label: e.label, ok: state === 'ok', state, findings };
  });
  let setState: GraphState = 'ok';
  for (const x of [...outNodes, ...outEdges]) if (RANK[x.state] > RANK[setState]) setState = x.state;
  const set: ChainSet = { id, name: d.name, ...(d.namespace !== undefined ? { namespace: d.namespace } : {}), state: setState, nodes: outNodes, edges: outEdges };
  return set;
}
