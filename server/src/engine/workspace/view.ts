/**
 * The workspace index: how the files of an IRSA set link to each other.
 *
 * CredentialsRequest (secretRef ns/name, serviceAccountNames) → ccoctl role name
 * (`<prefix>-<ns>-<secret>`, or matched by suffix when the prefix is unknown) → ccoctl Secret
 * (same ns/name; role_arn, web_identity_token_file) → workloads that mount that secret (or run as
 * one of its service accounts) → trust policies whose principals name that role.
 *
 * Links are stored as keys; each document lists the keys it has, and documents that share a key are
 * linked. While {@link WorkspaceView.recorder} is set, every lookup is recorded (workspace/deps.ts):
 * the link key with the kinds read from its bucket, `account:<name>`, `*` (a whole kind), or a derived
 * value `onlycr:<ns>`, `firstcr:<dir>`; the workspace re-checks a file when an edited document
 * provides a key it recorded, for a kind it read ({@link WorkspaceView.providedKeys}), or a derived
 * value it read changed ({@link WorkspaceView.derivedKeysOf}).
 */
import { ccoctlRoleName, looseRoleOf, matchesCcoctlSuffix, parseServiceAccountSubject } from '../domain';
import type { CcoctlSecret, CredentialsRequest, DocumentOfKind, IamPolicy, IrsaDocument, IrsaKind, Kustomization, RoleUse, ServiceAccount, Workload } from '../model/types';
// (#11 pattern 4) Every Kubernetes name this index links by is read through `known`, not `str`: a
// templated name or namespace (`${NAMESPACE}`, `{{ .Ns }}`, a token such as `HCP_NAMESPACE`) is
// unknown, so nothing links by it. Values that are not names (env var names) use `rawStr`.
import { isNamePlaceholder, known as str } from '../model/unknown';
import { str as rawStr } from '../parse/tree';
import { inDocumentOrder, nearest } from '../model/order';
import { principalRoles } from '../model/principals';
import { trustRoleName } from '../model/trust';
import { ancestorFoldersOfUri, dirOfUri, fileOfUri as fileOf } from '../model/uri';
import { annotatedRole, applicationNames, effectiveServiceAccount, MAX_SHARED_TREE, envRoles, isIrsaShaped, webhookInjectsRole, workloadNamespace } from '../model/workload';
import type { IrsaSettings } from '../types';
import type { WorkspaceQueries } from '../rules/types';
import { ANY_KIND, kindBit, record, type Recording } from './deps';


/** Every key a document links through. Keys are plain strings: `kind:value`. */
export function linkKeys(d: IrsaDocument, settings: IrsaSettings): string[] {
  const keys: string[] = [];
  switch (d.kind) {
    case 'credentialsRequest': {
      const ns = str(d.secretRef?.namespace);
      const name = str(d.secretRef?.name);
      keys.push(`crdir:${dirOfUri(d.uri)}`);
      // (#11 pattern 1) A request for another cloud is never `ccoctl aws` input and gives no AWS
      // identity: it links to no workload, Secret, role or other request (collisions are among AWS
      // requests only); it stays in its folder for credrequests-dir-content.
      if (d.cloud !== 'aws') break;
      if (name) keys.push(`secretname:${name}`);
      // No `ns:` key: the CRs of a namespace are indexed apart (WorkspaceView.crsByNamespace), because
      // the only link through a namespace is "its only CR" (see credentialsRequestsFor).
      if (ns && name) {
        keys.push(`secret:${ns}/${name}`, `rolesuffix:-${ns}-${name}`);
        // A role named after metadata.name instead of secretRef.name is a common mistake; the key lets
        // trust-role-name-mismatch find (and stay linked to) that CR.
        const crName = str(d.name);
        if (crName && crName !== name) keys.push(`rolesuffix:-${ns}-${crName}`);
        if (settings.ccoctlName) keys.push(`role:${ccoctlRoleName(settings.ccoctlName, ns, name)}`);
      }
      for (const node of d.serviceAccountNames) {
        const sa = str(node);
        if (sa !== undefined) keys.push(`saname:${sa}`, ...(ns ? [`sa:${ns}/${sa}`] : []));
      }
      break;
    }
    case 'ccoctlSecret': {
      const ns = str(d.namespace);
      const name = str(d.name);
      if (name) keys.push(`secretname:${name}`);
      if (ns && name) keys.push(`secret:${ns}/${name}`);
      const arn = d.profile.get('role_arn')?.value;
      const role = arn ? looseRoleOf(arn) : undefined;
      if (role) keys.push(`role:${role.roleName}`, ...suffixKeys(role.roleName));
      break;
    }
    case 'workload': {
      const ns = workloadNamespace(d);
      // The namespace key only serves the "only CR in this namespace" fallback; keeping it to
      // IRSA-shaped pods stops every Deployment of a big namespace from linking to every other. Only
      // workloads carry it: `ns:<ns>` lists the IRSA-shaped workloads of a namespace.
      if (ns && isIrsaShaped(d)) keys.push(`ns:${ns}`);
      keys.push(ns ? `sa:${ns}/${effectiveServiceAccount(d)}` : `saname:${effectiveServiceAccount(d)}`);
      for (const v of d.volumes) {
        const sn = str(v.secret?.secretName);
        if (sn) keys.push(`secretname:${sn}`);
      }
      // (issue #13) A role the pod names itself in AWS_ROLE_ARN (webhook-style env written by hand).
      for (const r of envRoles(d)) keys.push(`role:${r.roleName}`);
      // (issue #11 pattern 5) the kustomizations that list this file.
      keys.push(`kfile:${d.uri}`);
      break;
    }
    case 'kustomization': {
      // (issue #11 pattern 5) files it lists, folders it includes as bases, and its own folder (for
      // the overlays that include it).
      for (const u of d.resourceFiles) keys.push(`kfile:${u}`);
      for (const p of d.patches) keys.push(`kfile:${p.uri}`);
      for (const dir of d.resourceDirs) keys.push(`kdir:${dir}`);
      keys.push(`kdir:${dirOfUri(d.uri)}`);
      break;
    }
    case 'serviceAccount': {
      const name = str(d.name);
      const ns = str(d.namespace);
      if (name) keys.push(ns ? `sa:${ns}/${name}` : `saname:${name}`);
      // The pod identity webhook's role: the SA is one way a workload gets that role (issue #13).
      const role = annotatedRole(d);
      if (role) keys.push(`role:${role.roleName}`);
      break;
    }
    case 'iamPolicy': {
      for (const r of principalRoles(d)) keys.push(`role:${r.roleName}`, ...suffixKeys(r.roleName));
      // (issue #13) A web identity trust policy links to the service accounts its `:sub` values name
      // (exact subjects only: a StringLike pattern names no one account) and to the role it belongs to.
      for (const c of d.webIdentity) {
        if (c.claim !== 'sub' || c.like) continue;
        const sa = parseServiceAccountSubject(String(c.value.value));
        if (sa) keys.push(`sa:${sa.namespace}/${sa.name}`);
      }
      const role = trustRoleName(d, settings);
      if (role) keys.push(`roletrust:${role.name}`);
      break;
    }
  }
  return keys;
}

/**
 * `rolesuffix:` keys for each tail of a role name that could be `-<namespace>-<secret>` (two
 * non-empty dash-separated parts), to meet CRs when the ccoctl prefix is unknown. Shorter tails such
 * as `-aws` are left out: every role would share them, and linking everything to everything makes
 * each edit re-check the whole workspace.
 */
function suffixKeys(roleName: string): string[] {
  const out: string[] = [];
  for (let i = roleName.indexOf('-'); i >= 0; i = roleName.indexOf('-', i + 1)) {
    const tail = roleName.slice(i);
    const second = tail.indexOf('-', 2);
    if (second > 1 && second < tail.length - 1) out.push(`rolesuffix:${tail}`);
  }
  return out;
}

/** The documents that carry one link key, with that key (one string, shared by the recordings). */
/**
 * What a reader of {@link WorkspaceView.countWorkloadsBelow} may depend on: none, one, a few (up to
 * `MAX_SHARED_TREE` of rules/_deps-util.ts), or many. A change of the count within a class re-checks
 * nobody; readers that need the workloads themselves also record `below:<folder>`.
 */
function belowCountClass(n: number): string {
  return n === 0 ? 'none' : n === 1 ? 'one' : n <= MAX_SHARED_TREE ? 'few' : 'many';
}

class Bucket extends Set<IrsaDocument> {
  constructor(readonly key: string) {
    super();
  }
}

export class WorkspaceView implements WorkspaceQueries {
  /**
   * While set, every lookup adds the dependency key it read (see the module comment). The workspace
   * sets it around a file's checks and stores what was added (DependencyIndex); undefined otherwise,
   * so features and the workspace's own bookkeeping record nothing.
   */
  recorder: Recording | undefined;
  private readonly byKey = new Map<string, Bucket>();
  private readonly byKind = new Map<IrsaKind, Set<IrsaDocument>>();
  private readonly keysOf = new Map<IrsaDocument, string[]>();
  /**
   * Workloads by the service account they run as, and ServiceAccount manifests by name, in any
   * namespace: lets rules ask "who runs as X" without scanning every document (O(n²) per workspace).
   */
  private readonly byAccountName = new Map<string, Set<IrsaDocument>>();
  /**
   * Folder URI → the smallest URI of a file in it that holds a CredentialsRequest. Absent = not known
   * (computed on demand); kept current by add/remove so a CR edit need not list a 5,000-CR folder.
   */
  private readonly firstCrUri = new Map<string, string>();
  /**
   * CredentialsRequests by `secretRef.namespace`. Only the size matters to links ("the only CR in this
   * namespace"), so a namespace holding every CR of a repository (OpenShift's usual layout) costs O(1)
   * per lookup instead of a walk over its members.
   */
  private readonly crsByNamespace = new Map<string, Set<CredentialsRequest>>();

  /**
   * Folder URI → the workloads in files below it (issue #14: which workloads an application's code or
   * dependency manifest belongs to). Built on the first {@link workloadsBelow} and kept current by
   * add/remove from then on: a workspace without application code never pays for it.
   */
  private workloadsByFolder: Map<string, Bucket> | undefined;
  /** Application name → workloads ({@link workloadsNamed}); built on first use like workloadsByFolder. */
  private workloadsByAppName: Map<string, Bucket> | undefined;

  constructor(private settings: IrsaSettings) {}

  setSettings(settings: IrsaSettings): void {
    this.settings = settings;
    const docs = [...this.keysOf.keys()];
    this.byKey.clear();
    this.keysOf.clear();
    this.byAccountName.clear();
    this.firstCrUri.clear();
    this.crsByNamespace.clear();
    this.workloadsByFolder = undefined;
    this.workloadsByAppName = undefined;
    for (const d of docs) {
      this.byKind.get(d.kind)?.delete(d);
      this.add(d);
    }
  }

  private static accountName(d: IrsaDocument): string | undefined {
    if (d.kind === 'workload') return effectiveServiceAccount(d);
    if (d.kind === 'serviceAccount') return str(d.name);
    return undefined;
  }

  add(d: IrsaDocument): void {
    const keys = linkKeys(d, this.settings);
    this.keysOf.set(d, keys);
    for (const k of keys) {
      let s = this.byKey.get(k);
      if (!s) this.byKey.set(k, (s = new Bucket(k)));
      s.add(d);
    }
    let ks = this.byKind.get(d.kind);
    if (!ks) this.byKind.set(d.kind, (ks = new Set()));
    ks.add(d);
    if (d.kind === 'credentialsRequest') {
      const dir = dirOfUri(d.uri);
      const first = this.firstCrUri.get(dir);
      if (first !== undefined && d.uri < first) this.firstCrUri.set(dir, d.uri);
      const ns = str(d.secretRef?.namespace);
      if (ns) {
        let s = this.crsByNamespace.get(ns);
        if (!s) this.crsByNamespace.set(ns, (s = new Set()));
        s.add(d);
      }
    }
    if (d.kind === 'workload' && this.workloadsByFolder) this.indexFolders(this.workloadsByFolder, d);
    if (d.kind === 'workload' && this.workloadsByAppName) this.indexAppNames(this.workloadsByAppName, d);
    const account = WorkspaceView.accountName(d);
    if (account !== undefined) {
      let as = this.byAccountName.get(account);
      if (!as) this.byAccountName.set(account, (as = new Set()));
      as.add(d);
    }
  }

  remove(d: IrsaDocument): void {
    for (const k of this.keysOf.get(d) ?? []) {
      const s = this.byKey.get(k);
      s?.delete(d);
      if (s && s.size === 0) this.byKey.delete(k);
    }
    this.keysOf.delete(d);
    this.byKind.get(d.kind)?.delete(d);
    if (d.kind === 'credentialsRequest') {
      const dir = dirOfUri(d.uri);
      if (this.firstCrUri.get(dir) === d.uri) this.firstCrUri.delete(dir);
      const ns = str(d.secretRef?.namespace);
      const s = ns ? this.crsByNamespace.get(ns) : undefined;
      if (s) {
        s.delete(d);
        if (s.size === 0) this.crsByNamespace.delete(ns!);
      }
    }
    if (d.kind === 'workload' && this.workloadsByFolder) {
      for (const folder of ancestorFoldersOfUri(d.uri)) {
        const s = this.workloadsByFolder.get(folder);
        s?.delete(d);
        if (s && s.size === 0) this.workloadsByFolder.delete(folder);
      }
    }
    if (d.kind === 'workload' && this.workloadsByAppName) {
      for (const name of applicationNames(d)) {
        const s = this.workloadsByAppName.get(name);
        s?.delete(d);
        if (s && s.size === 0) this.workloadsByAppName.delete(name);
      }
    }
    const account = WorkspaceView.accountName(d);
    if (account !== undefined) {
      const as = this.byAccountName.get(account);
      as?.delete(d);
      if (as && as.size === 0) this.byAccountName.delete(account);
    }
  }

  /**
   * The CredentialsRequest whose `secretRef.namespace` is `namespace` when it is the only one there,
   * else undefined (none, or several). O(1).
   */
  onlyCredentialsRequestIn(namespace: string): CredentialsRequest | undefined {
    // Recorded as a derived value: it changes only when the namespace gains or loses its only CR, not
    // with every CR of a namespace of 500 (OpenShift's layout).
    if (this.recorder) record(this.recorder, `onlycr:${namespace}`, ANY_KIND);
    const s = this.crsByNamespace.get(namespace);
    if (!s || s.size !== 1) return undefined;
    for (const c of s) return c;
    return undefined;
  }

  /** IRSA-shaped workloads (AWS_CONFIG_FILE) whose `metadata.namespace` is `namespace`. */
  irsaShapedWorkloadsIn(namespace: string): Workload[] {
    return this.ofKind(`ns:${namespace}`, 'workload');
  }

  /** The index holds this very document (not a replaced or removed version of it). */
  holds(d: IrsaDocument): boolean {
    return this.keysOf.has(d);
  }

  /** Number of documents of a kind (no copy, unlike {@link all}). */
  count(kind: IrsaKind): number {
    if (this.recorder) record(this.recorder, '*', kindBit(kind));
    return this.byKind.get(kind)?.size ?? 0;
  }

  /**
   * Workloads whose pods run as the service account `name` (`serviceAccountName`, else the
   * deprecated `serviceAccount`, else `default`), in any namespace. Indexed: O(result).
   */
  workloadsRunningAs(name: string): Workload[] {
    if (this.recorder) record(this.recorder, `account:${name}`, kindBit('workload'));
    const out: Workload[] = [];
    for (const d of this.byAccountName.get(name) ?? []) if (d.kind === 'workload') out.push(d);
    return inDocumentOrder(out);
  }

  workloadsBelow(folder: string): Workload[] {
    const s = this.folderBucket(folder);
    return s ? inDocumentOrder([...s] as Workload[]) : [];
  }

  /**
   * Recorded as a derived value, the count's class (see {@link belowCountClass}): an edit of a workload
   * keeps it, so the code files of a monorepo whose nearest workloads are a shared tree are not all
   * re-checked when one of them changes; only one that comes or goes across a class boundary does.
   */
  countWorkloadsBelow(folder: string): number {
    const recorder = this.recorder;
    if (recorder) record(recorder, `belowcount:${folder}`, ANY_KIND);
    this.recorder = undefined;
    try {
      return this.folderBucket(folder)?.size ?? 0;
    } finally {
      this.recorder = recorder;
    }
  }

  private folderBucket(folder: string): Bucket | undefined {
    if (!this.workloadsByFolder) {
      this.workloadsByFolder = new Map();
      for (const w of this.byKind.get('workload') ?? []) this.indexFolders(this.workloadsByFolder, w);
    }
    const s = this.workloadsByFolder.get(folder);
    // The bucket's own key string when there is one (a recording keeps what it holds).
    if (this.recorder) record(this.recorder, s?.key ?? `below:${folder}`, kindBit('workload'));
    return s;
  }

  workloadsNamed(name: string): Workload[] {
    if (!this.workloadsByAppName) {
      this.workloadsByAppName = new Map();
      for (const w of this.byKind.get('workload') ?? []) this.indexAppNames(this.workloadsByAppName, w);
    }
    const s = this.workloadsByAppName.get(name);
    if (this.recorder) record(this.recorder, s?.key ?? `appname:${name}`, kindBit('workload'));
    return s ? inDocumentOrder([...s] as Workload[]) : [];
  }

  private indexAppNames(index: Map<string, Bucket>, w: IrsaDocument): void {
    if (w.kind !== 'workload') return;
    for (const name of applicationNames(w)) {
      let s = index.get(name);
      if (!s) index.set(name, (s = new Bucket(`appname:${name}`)));
      s.add(w);
    }
  }

  private indexFolders(index: Map<string, Bucket>, w: IrsaDocument): void {
    for (const folder of ancestorFoldersOfUri(w.uri)) {
      let s = index.get(folder);
      if (!s) index.set(folder, (s = new Bucket(`below:${folder}`)));
      s.add(w);
    }
  }

  keys(d: IrsaDocument): string[] {
    return this.keysOf.get(d) ?? [];
  }

  /**
   * The dependency keys whose lookups `d` answers, for its kind: every bucket it sits in (its link
   * keys, `account:<name>`, `*`). A check that saw `d`, or whose answer would change if `d` came,
   * went or changed, recorded one of them with `d`'s kind. Read while `d` is in the index.
   */
  providedKeys(d: IrsaDocument): string[] {
    const out = [...(this.keysOf.get(d) ?? linkKeys(d, this.settings))];
    const account = WorkspaceView.accountName(d);
    if (account !== undefined) out.push(`account:${account}`);
    if (d.kind === 'workload') {
      for (const folder of ancestorFoldersOfUri(d.uri)) out.push(`below:${folder}`);
      for (const name of applicationNames(d)) out.push(`appname:${name}`);
    }
    out.push('*');
    return out;
  }

  /**
   * Derived values `d` takes part in, whose dependents are re-checked only when the value itself
   * changes (salsa's early cut-off): a CR's namespace's only CR, its folder's first CR file. Depends
   * on `d` alone, so it can be asked for a document not (or not yet) in the index.
   */
  derivedKeysOf(d: IrsaDocument): string[] {
    if (d.kind === 'workload') return ancestorFoldersOfUri(d.uri).map((f) => `belowcount:${f}`);
    if (d.kind !== 'credentialsRequest') return [];
    const ns = str(d.secretRef?.namespace);
    return ns ? [`onlycr:${ns}`, `firstcr:${dirOfUri(d.uri)}`] : [`firstcr:${dirOfUri(d.uri)}`];
  }

  /** The current value of a derived key of {@link derivedKeysOf} (compared by identity), recording nothing. */
  derivedValue(key: string): unknown {
    const recorder = this.recorder;
    this.recorder = undefined;
    try {
      if (key.startsWith('onlycr:')) return this.onlyCredentialsRequestIn(key.slice('onlycr:'.length));
      if (key.startsWith('firstcr:')) return this.firstCredentialsRequestUriInDir(key.slice('firstcr:'.length));
      if (key.startsWith('belowcount:')) return belowCountClass(this.countWorkloadsBelow(key.slice('belowcount:'.length)));
      return undefined;
    } finally {
      this.recorder = recorder;
    }
  }

  /**
   * Whether a document of `kind` carries the link key `key`: no copy and no ordering, for walks over the
   * whole workspace (the credential chain graph asks it once per Secret and role, graph/chain-graph.ts).
   */
  hasKeyOfKind(key: string, kind: IrsaKind): boolean {
    const s = this.byKey.get(key);
    if (this.recorder) record(this.recorder, s?.key ?? key, kindBit(kind));
    if (!s) return false;
    for (const d of s) if (d.kind === kind) return true;
    return false;
  }

  /** Documents sharing `key`. */
  withKey(key: string): IrsaDocument[] {
    const s = this.byKey.get(key);
    if (this.recorder) record(this.recorder, s?.key ?? key, ANY_KIND);
    return inDocumentOrder([...(s ?? [])]);
  }

  all<K extends IrsaKind>(kind: K): DocumentOfKind<K>[] {
    if (this.recorder) record(this.recorder, '*', kindBit(kind));
    return [...(this.byKind.get(kind) ?? [])] as DocumentOfKind<K>[];
  }

  private ofKind<K extends IrsaKind>(key: string, kind: K): DocumentOfKind<K>[] {
    const s = this.byKey.get(key);
    // The bucket's own key string: the caller's is a new copy, and a recording keeps what it holds.
    if (this.recorder) record(this.recorder, s?.key ?? key, kindBit(kind));
    if (!s) return [];
    const out: DocumentOfKind<K>[] = [];
    for (const d of s) if (d.kind === kind) out.push(d as DocumentOfKind<K>);
    return inDocumentOrder(out);
  }

  /** CredentialsRequests in files directly inside the folder `dir` (a URI ending in `/`). */
  credentialsRequestsInDir(dir: string): CredentialsRequest[] {
    return this.ofKind(`crdir:${dir}`, 'credentialsRequest');
  }

  /**
   * The smallest URI (string order) of a file directly inside `dir` (a URI ending in `/`) that holds a
   * CredentialsRequest, or undefined when none does. O(1) except after that file left or changed.
   */
  firstCredentialsRequestUriInDir(dir: string): string | undefined {
    if (this.recorder) record(this.recorder, `firstcr:${dir}`, ANY_KIND);
    const known = this.firstCrUri.get(dir);
    if (known !== undefined) return known;
    let first: string | undefined;
    for (const d of this.byKey.get(`crdir:${dir}`) ?? []) if (d.kind === 'credentialsRequest' && (first === undefined || d.uri < first)) first = d.uri;
    if (first !== undefined) this.firstCrUri.set(dir, first);
    return first;
  }

  /** CredentialsRequests whose `spec.secretRef` is exactly `namespace/name`. */
  credentialsRequestsForSecret(namespace: string, name: string): CredentialsRequest[] {
    return this.ofKind(`secret:${namespace}/${name}`, 'credentialsRequest');
  }

  /** CredentialsRequests whose `spec.secretRef.name` is `name`, in any namespace. */
  credentialsRequestsForSecretName(name: string): CredentialsRequest[] {
    return this.ofKind(`secretname:${name}`, 'credentialsRequest');
  }

  /** ccoctl Secrets for a CredentialsRequest (same name and namespace as its secretRef). */
  secretsFor(cr: CredentialsRequest): CcoctlSecret[] {
    const ns = str(cr.secretRef?.namespace);
    const name = str(cr.secretRef?.name);
    return ns && name ? nearest(cr.uri, this.ofKind(`secret:${ns}/${name}`, 'ccoctlSecret')) : [];
  }

  /**
   * The CredentialsRequests a workload draws its AWS identity from. In order of evidence: the secret
   * volumes it mounts (by secretRef.name), then the service account it runs as, then — for a pod that
   * is clearly set up for IRSA (AWS_CONFIG_FILE or a projected token) — the only CR in its namespace.
   */
  credentialsRequestsFor(w: Workload): CredentialsRequest[] {
    const ns = this.effectiveNamespace(w);
    const bySecret = new Set<CredentialsRequest>();
    const account = effectiveServiceAccount(w);
    for (const v of w.volumes) {
      const sn = str(v.secret?.secretName);
      if (!sn) continue;
      const crs = this.credentialsRequestsForSecretName(sn);
      const sameNs = ns ? crs.filter((c) => str(c.secretRef?.namespace) === ns) : crs;
      // (issue #11 pattern 7) Secrets are namespaced: `cloud-credentials` in team-b is another Secret
      // than the one a CR writes in team-a. A CR of another namespace is this pod's only when it also
      // names the pod's service account: then it is one set applied to the wrong namespace, which
      // namespace-mismatch reports.
      const other = sameNs.length ? [] : crs.filter((c) => c.serviceAccountNames.some((sa) => str(sa) === account));
      for (const c of sameNs.length ? sameNs : other) bySecret.add(c);
    }
    if (bySecret.size) return nearest(w.uri, [...bySecret]);
    const bySa = this.ofKind(ns ? `sa:${ns}/${account}` : `saname:${account}`, 'credentialsRequest');
    if (bySa.length) return nearest(w.uri, bySa);
    if (ns && isIrsaShaped(w)) {
      const only = this.onlyCredentialsRequestIn(ns);
      if (only) return [only];
    }
    return [];
  }

  /** Workloads that draw their identity from `cr` (inverse of {@link credentialsRequestsFor}). */
  workloadsFor(cr: CredentialsRequest): Workload[] {
    const candidates = new Set<Workload>();
    const name = str(cr.secretRef?.name);
    const ns = str(cr.secretRef?.namespace);
    if (name) for (const w of this.ofKind(`secretname:${name}`, 'workload')) candidates.add(w);
    for (const sa of cr.serviceAccountNames) {
      for (const w of this.ofKind(`saname:${str(sa)}`, 'workload')) candidates.add(w);
      if (ns) for (const w of this.ofKind(`sa:${ns}/${str(sa)}`, 'workload')) candidates.add(w);
    }
    // The namespace fallback gives a CR the IRSA-shaped pods of its namespace only while it is the
    // namespace's only CR; listing them for every CR of a busy namespace made each CR's check
    // O(workloads in the namespace) and a file of such CRs O(n²) (issue 10).
    if (ns && this.onlyCredentialsRequestIn(ns) === cr) for (const w of this.irsaShapedWorkloadsIn(ns)) candidates.add(w);
    return [...candidates].filter((w) => this.credentialsRequestsFor(w).includes(cr));
  }

  /**
   * The IAM role name ccoctl creates for `cr`: derived from the configured `--name` prefix; else
   * read from the linked ccoctl Secret's `role_arn`; undefined when neither is known.
   */
  roleNameFor(cr: CredentialsRequest): string | undefined {
    const ns = str(cr.secretRef?.namespace);
    const name = str(cr.secretRef?.name);
    if (!ns || !name) return undefined;
    if (this.settings.ccoctlName) return ccoctlRoleName(this.settings.ccoctlName, ns, name);
    for (const s of this.secretsFor(cr)) {
      const arn = s.profile.get('role_arn')?.value;
      const r = arn ? looseRoleOf(arn) : undefined;
      if (r && matchesCcoctlSuffix(r.roleName, ns, name)) return r.roleName;
    }
    return undefined;
  }

  /** CredentialsRequests whose ccoctl role could be `roleName` (exact with a known prefix, else by suffix). */
  credentialsRequestsForRole(roleName: string, fromUri?: string): CredentialsRequest[] {
    const found = this.credentialsRequestsForRoleAnywhere(roleName);
    return fromUri ? nearest(fromUri, found) : found;
  }

  private credentialsRequestsForRoleAnywhere(roleName: string): CredentialsRequest[] {
    if (this.settings.ccoctlName) return this.ofKind(`role:${roleName}`, 'credentialsRequest');
    const out = new Set<CredentialsRequest>();
    for (let i = roleName.indexOf('-'); i >= 0; i = roleName.indexOf('-', i + 1)) {
      for (const c of this.ofKind(`rolesuffix:${roleName.slice(i)}`, 'credentialsRequest')) {
        const ns = str(c.secretRef?.namespace)!;
        const name = str(c.secretRef?.name)!;
        if (matchesCcoctlSuffix(roleName, ns, name)) out.add(c);
      }
    }
    return [...out];
  }

  /** Trust policies whose AWS principals name the ccoctl role of `cr`. */
  trustPoliciesFor(cr: CredentialsRequest): IamPolicy[] {
    const out = new Set<IamPolicy>();
    const ns = str(cr.secretRef?.namespace);
    const name = str(cr.secretRef?.name);
    if (!ns || !name) return [];
    const keys = this.settings.ccoctlName ? [`role:${ccoctlRoleName(this.settings.ccoctlName, ns, name)}`] : [`rolesuffix:-${ns}-${name}`];
    for (const k of keys) for (const p of this.ofKind(k, 'iamPolicy')) if (p.policyType === 'trust') out.add(p);
    return nearest(cr.uri, [...out]);
  }

  /**
   * The workloads that run with the IAM role `roleName` as their web identity role (issue #13), each
   * with the file and value that links them, in order of evidence:
   * - `ccoctl-secret`: a ccoctl Secret whose `role_arn` names the role, through its CredentialsRequest
   *   to the workloads of that request ({@link workloadsFor});
   * - `annotation`: a ServiceAccount annotated `eks.amazonaws.com/role-arn` with the role, to the
   *   workloads running as it in its namespace (the pod identity webhook injects AWS_ROLE_ARN);
   * - `env`: a container's own `AWS_ROLE_ARN` value.
   * A workload is listed once, with its first link. Exact role names only (no ccoctl suffix guess).
   * `webhookOnly` leaves out the ccoctl Secret links.
   */
  workloadsUsingRole(roleName: string, options?: { webhookOnly?: boolean }): RoleUse[] {
    const out: RoleUse[] = [];
    const seen = new Set<Workload>();
    const add = (u: RoleUse): void => {
      if (seen.has(u.workload)) return;
      seen.add(u.workload);
      out.push(u);
    };
    // `webhookOnly`: a caller that has the ccoctl links already (session-name-mismatch walks the
    // CredentialsRequests itself) skips the Secret → request → workloads walk, the costly part.
    for (const sec of options?.webhookOnly ? [] : this.ofKind(`role:${roleName}`, 'ccoctlSecret')) {
      const e = sec.profile.get('role_arn');
      const r = e ? looseRoleOf(e.value) : undefined;
      if (!e || !r || r.roleName !== roleName) continue;
      const ns = str(sec.namespace);
      const name = str(sec.name);
      const crs = ns && name ? this.credentialsRequestsForSecret(ns, name) : name ? this.credentialsRequestsForSecretName(name) : [];
      for (const cr of crs) for (const w of this.workloadsFor(cr)) add({ workload: w, via: 'ccoctl-secret', doc: sec, at: { start: e.start, end: e.end }, arn: e.value, account: r.account });
    }
    for (const sa of this.ofKind(`role:${roleName}`, 'serviceAccount')) {
      const r = annotatedRole(sa);
      const name = str(sa.name);
      if (!r || r.roleName !== roleName || !name) continue;
      // The namespace kustomize emits the ServiceAccount into, as for the workloads (issue #13 review).
      const ns = this.effectiveNamespace(sa);
      for (const w of this.workloadsRunningAs(name)) {
        const wns = this.effectiveNamespace(w);
        if (ns !== undefined && wns !== undefined && wns !== ns) continue;
        // Containers that skip the webhook or bring their own AWS_ROLE_ARN/token file get no role from it.
        if (!webhookInjectsRole(w)) continue;
        add({ workload: w, via: 'annotation', doc: sa, at: { start: r.node.start, end: r.node.end }, arn: r.arn, account: r.account });
      }
    }
    for (const w of this.ofKind(`role:${roleName}`, 'workload')) {
      const r = envRoles(w).find((x) => x.roleName === roleName);
      if (r) add({ workload: w, via: 'env', doc: w, at: { start: r.node.start, end: r.node.end }, arn: r.arn, account: r.account });
    }
    return out;
  }

  /** Web identity trust policies that belong to the role `roleName` (by RoleName or file name, see TrustRoleName). */
  webIdentityTrustPoliciesOf(roleName: string): IamPolicy[] {
    return this.ofKind(`roletrust:${roleName}`, 'iamPolicy');
  }

  /** Trust policies with a `:sub` value that is exactly `system:serviceaccount:<namespace>:<name>`. */
  trustPoliciesNamingSubject(namespace: string, name: string): IamPolicy[] {
    return this.ofKind(`sa:${namespace}/${name}`, 'iamPolicy');
  }

  /** ServiceAccount manifests named `name` (in `namespace` when given). */
  serviceAccounts(name: string, namespace?: string): ServiceAccount[] {
    const out = this.ofKind(`saname:${name}`, 'serviceAccount');
    if (namespace) out.push(...this.ofKind(`sa:${namespace}/${name}`, 'serviceAccount'));
    else {
      if (this.recorder) record(this.recorder, `account:${name}`, kindBit('serviceAccount'));
      for (const s of this.byAccountName.get(name) ?? []) if (s.kind === 'serviceAccount' && !out.includes(s)) out.push(s);
    }
    return out;
  }

  // --- kustomize (issue #11 pattern 5): which files are patches, and the namespace they land in. ---


  /**
   * The kustomizations that emit the file `uri` as a resource: those listing it, then (transitively,
   * at most 8 levels) the overlays that include their folder as a base. Nearest first.
   */
  kustomizationsEmitting(uri: string): Kustomization[] {
    const out: Kustomization[] = [];
    let frontier = this.ofKind(`kfile:${uri}`, 'kustomization').filter((k) => k.resourceFiles.includes(uri));
    for (let depth = 0; frontier.length && depth < 8; depth++) {
      const next: Kustomization[] = [];
      for (const k of frontier) {
        if (out.includes(k)) continue;
        out.push(k);
        const dir = dirOfUri(k.uri);
        for (const o of this.ofKind(`kdir:${dir}`, 'kustomization')) if (o.resourceDirs.includes(dir) && !out.includes(o)) next.push(o);
      }
      frontier = next;
    }
    return out;
  }

  /**
   * Why workload `w` is not a whole pod when read alone, or undefined: its own evidence
   * (`w.partial`: a `$patch` directive, no metadata.name, a patch path), a kustomization listing its
   * file under `patches`/`patchesStrategicMerge` (kustomize api/types/kustomization.go), or a base
   * resource that an overlay patches (a patch whose target kind/name admits it): the volumes it
   * mounts may come from those patches.
   */
  partialReason(w: Workload): string | undefined {
    if (w.partial) return w.partial;
    for (const k of this.ofKind(`kfile:${w.uri}`, 'kustomization')) {
      if (k.patches.some((p) => p.uri === w.uri)) return `${fileOf(k.uri)} lists it as a patch`;
    }
    const kind = w.workloadKind;
    const name = str(w.name);
    for (const k of this.kustomizationsEmitting(w.uri)) {
      if (k.patches.some((p) => this.patchAdmits(p, kind, name))) {
        return `it is a resource that ${fileOf(k.uri)} patches`;
      }
    }
    return undefined;
  }

  /**
   * Whether a kustomization patch can apply to a `kind`/`name` object: by its `target` selector when
   * given. Without one, kustomize matches the patch file's own kind and name; that file's content is
   * not read here (so a patch edit never changes another file's findings) and the patch may apply.
   */
  private patchAdmits(p: Kustomization['patches'][number], kind: string, name: string | undefined): boolean {
    return (p.targetKind === undefined || p.targetKind === kind) && (p.targetName === undefined || p.targetName === name);
  }

  /**
   * The namespace kustomize emits `w` into: the `namespace:` of the kustomizations that emit its
   * file, which kustomize sets on every resource, replacing any metadata.namespace ("Will override the
   * existing namespace if it is set on a resource": kubectl kustomize docs, namespace field).
   * undefined when no kustomization sets one; null when they disagree (several overlays) or the value
   * is a placeholder (`${NS}`): then the namespace is not known here.
   */
  kustomizeNamespace(w: Workload | ServiceAccount): string | null | undefined {
    const found = new Set<string>();
    for (const k of this.kustomizationsEmitting(w.uri)) {
      const ns = rawStr(k.namespace); // as written: a placeholder here still replaces metadata.namespace
      if (ns !== undefined) found.add(ns);
    }
    if (found.size === 0) return undefined;
    const only = found.size === 1 ? [...found][0]! : undefined;
    return only !== undefined && !isNamePlaceholder(only) ? only : null;
  }

  /** The namespace `w` runs in: the kustomize namespace when known, else its metadata.namespace. */
  effectiveNamespace(w: Workload | ServiceAccount): string | undefined {
    const k = this.kustomizeNamespace(w);
    return k === undefined ? str(w.namespace) : (k ?? undefined);
  }
}
