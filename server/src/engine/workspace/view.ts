/**
 * The workspace index: how the files of an IRSA set link to each other.
 *
 * CredentialsRequest (secretRef ns/name, serviceAccountNames) → ccoctl role name
 * (`<prefix>-<ns>-<secret>`, or matched by suffix when the prefix is unknown) → ccoctl Secret
 * (same ns/name; role_arn, web_identity_token_file) → workloads that mount that secret (or run as
 * one of its service accounts) → trust policies whose principals name that role.
 *
 * Links are stored as keys; each document lists the keys it has, and documents that share a key are
 * linked. The same keys tell the workspace which documents to re-check after an edit.
 */
import { ccoctlRoleName, looseRoleOf, matchesCcoctlSuffix, POD_IDENTITY_ROLE_ARN_ANNOTATION } from '../domain';
import type { CcoctlSecret, CredentialsRequest, IamPolicy, IrsaDocument, IrsaKind, ServiceAccount, Workload } from '../model/types';
// (#11 pattern 4) Every value this index links by is read through `known`, not `str`: a templated
// name or namespace (`${NAMESPACE}`, `{{ .Ns }}`) is unknown, so nothing links by it.
import { known as str } from '../model/unknown';
import { str as rawStr } from '../parse/tree';
import type { IrsaSettings } from '../types';

type ByKind = {
  credentialsRequest: CredentialsRequest;
  ccoctlSecret: CcoctlSecret;
  workload: Workload;
  serviceAccount: ServiceAccount;
  iamPolicy: IamPolicy;
};

/** Namespace of a workload, or undefined when the manifest leaves it to `oc apply -n`. */
export function workloadNamespace(w: Workload | ServiceAccount | CcoctlSecret): string | undefined {
  return str(w.namespace);
}

/** Service account a pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else `default` (K8S-conv). */
export function effectiveServiceAccount(w: Workload): string {
  // A templated name stays as written (it is not `default`); nothing else has that name, so it links to nothing.
  return rawStr(w.serviceAccountName) ?? rawStr(w.serviceAccount) ?? 'default';
}

/**
 * A pod set up the ccoctl way: it points an AWS SDK at a config file (`AWS_CONFIG_FILE`, which is how
 * the ccoctl Secret's profile is used). Used only for the "only CredentialsRequest in this namespace"
 * fallback link. A pod with only `AWS_SHARED_CREDENTIALS_FILE` (static keys) or only a projected
 * token (Vault, the EKS-style webhook) is someone else's set-up and is not linked that way.
 */
export function isIrsaShaped(w: Workload): boolean {
  return w.containers.some((c) => c.env.some((e) => str(e.name) === 'AWS_CONFIG_FILE'));
}

/** Role names that a trust policy's principals refer to (role ARNs and assumed-role session ARNs). */
export function principalRoles(p: IamPolicy): { roleName: string; account: string; sessionName?: string; kind: 'role' | 'assumed-role' }[] {
  const out = [];
  for (const s of p.statements) {
    for (const pr of s.principals) {
      if (pr.type !== 'AWS') continue;
      const r = looseRoleOf(String(pr.value.value));
      if (r) out.push(r);
    }
  }
  return out;
}

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
      if (ns) keys.push(`ns:${ns}`);
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
      // IRSA-shaped pods stops every Deployment of a big namespace from linking to every other.
      if (ns && isIrsaShaped(d)) keys.push(`ns:${ns}`);
      keys.push(ns ? `sa:${ns}/${effectiveServiceAccount(d)}` : `saname:${effectiveServiceAccount(d)}`);
      for (const v of d.volumes) {
        const sn = str(v.secret?.secretName);
        if (sn) keys.push(`secretname:${sn}`);
      }
      break;
    }
    case 'serviceAccount': {
      const name = str(d.name);
      const ns = str(d.namespace);
      if (name) keys.push(ns ? `sa:${ns}/${name}` : `saname:${name}`);
      break;
    }
    case 'iamPolicy': {
      for (const r of principalRoles(d)) keys.push(`role:${r.roleName}`, ...suffixKeys(r.roleName));
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

/**
 * The candidates closest to `fromUri` in the folder tree (longest common folder prefix). A monorepo
 * often holds several copies of one set (kustomize overlays, one folder per cluster) with the same
 * names; each file must be checked against its own copy, not against every copy.
 */
export function nearest<T extends { uri: string }>(fromUri: string, candidates: T[]): T[] {
  if (candidates.length < 2) return candidates;
  const from = fromUri.split('/');
  const shared = (uri: string): number => {
    const parts = uri.split('/');
    let i = 0;
    while (i < from.length - 1 && i < parts.length - 1 && from[i] === parts[i]) i++;
    return i;
  };
  let best = -1;
  const scored = candidates.map((c) => {
    const n = shared(c.uri);
    if (n > best) best = n;
    return { c, n };
  });
  return scored.filter((x) => x.n === best).map((x) => x.c);
}

/**
 * Puts documents in one fixed order, by URI (code units) then index, in place. Index Sets keep
 * insertion order, so without this a rule that names "the first" of several candidates named a
 * different file after an edit than a fresh check of the same texts did (found in review).
 */
export function inDocumentOrder<T extends { uri: string; index: number }>(docs: T[]): T[] {
  if (docs.length > 1) docs.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.index - b.index));
  return docs;
}

/** The ServiceAccount carries the pod identity webhook's role annotation. */
function hasRoleArnAnnotation(sa: ServiceAccount): boolean {
  return !!sa.annotations?.pairs.some((p) => p.key.value === POD_IDENTITY_ROLE_ARN_ANNOTATION);
}

/** Folder part of a URI, with its trailing slash. */
export function dirOfUri(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

export class WorkspaceView {
  private readonly byKey = new Map<string, Set<IrsaDocument>>();
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

  constructor(private settings: IrsaSettings) {}

  setSettings(settings: IrsaSettings): void {
    this.settings = settings;
    const docs = [...this.keysOf.keys()];
    this.byKey.clear();
    this.keysOf.clear();
    this.byAccountName.clear();
    this.firstCrUri.clear();
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
      if (!s) this.byKey.set(k, (s = new Set()));
      s.add(d);
    }
    let ks = this.byKind.get(d.kind);
    if (!ks) this.byKind.set(d.kind, (ks = new Set()));
    ks.add(d);
    if (d.kind === 'credentialsRequest') {
      const dir = dirOfUri(d.uri);
      const first = this.firstCrUri.get(dir);
      if (first !== undefined && d.uri < first) this.firstCrUri.set(dir, d.uri);
    }
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
    }
    const account = WorkspaceView.accountName(d);
    if (account !== undefined) {
      const as = this.byAccountName.get(account);
      as?.delete(d);
      if (as && as.size === 0) this.byAccountName.delete(account);
    }
  }

  /** Number of documents of a kind (no copy, unlike {@link all}). */
  count(kind: IrsaKind): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  /**
   * Workloads whose pods run as the service account `name` (`serviceAccountName`, else the
   * deprecated `serviceAccount`, else `default`), in any namespace. Indexed: O(result).
   */
  workloadsRunningAs(name: string): Workload[] {
    const out: Workload[] = [];
    for (const d of this.byAccountName.get(name) ?? []) if (d.kind === 'workload') out.push(d);
    return inDocumentOrder(out);
  }

  keys(d: IrsaDocument): string[] {
    return this.keysOf.get(d) ?? [];
  }

  /** Documents sharing `key`. */
  withKey(key: string): IrsaDocument[] {
    return inDocumentOrder([...(this.byKey.get(key) ?? [])]);
  }

  all<K extends IrsaKind>(kind: K): ByKind[K][] {
    return [...(this.byKind.get(kind) ?? [])] as ByKind[K][];
  }

  private ofKind<K extends IrsaKind>(key: string, kind: K): ByKind[K][] {
    const s = this.byKey.get(key);
    if (!s) return [];
    const out: ByKind[K][] = [];
    for (const d of s) if (d.kind === kind) out.push(d as ByKind[K]);
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
    const ns = workloadNamespace(w);
    const bySecret = new Set<CredentialsRequest>();
    for (const v of w.volumes) {
      const sn = str(v.secret?.secretName);
      if (!sn) continue;
      const crs = this.credentialsRequestsForSecretName(sn);
      const sameNs = ns ? crs.filter((c) => str(c.secretRef?.namespace) === ns) : crs;
      for (const c of sameNs.length ? sameNs : crs) bySecret.add(c);
    }
    if (bySecret.size) return nearest(w.uri, [...bySecret]);
    const sa = effectiveServiceAccount(w);
    const bySa = this.ofKind(ns ? `sa:${ns}/${sa}` : `saname:${sa}`, 'credentialsRequest');
    if (bySa.length) return nearest(w.uri, bySa);
    if (ns && isIrsaShaped(w)) {
      const inNs = this.ofKind(`ns:${ns}`, 'credentialsRequest');
      if (inNs.length === 1) return inNs;
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
    if (ns) for (const w of this.ofKind(`ns:${ns}`, 'workload')) candidates.add(w);
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

  /** ServiceAccount manifests named `name` (in `namespace` when given). */
  serviceAccounts(name: string, namespace?: string): ServiceAccount[] {
    const out = this.ofKind(`saname:${name}`, 'serviceAccount');
    if (namespace) out.push(...this.ofKind(`sa:${namespace}/${name}`, 'serviceAccount'));
    else for (const s of this.byAccountName.get(name) ?? []) if (s.kind === 'serviceAccount' && !out.includes(s)) out.push(s);
    return out;
  }

  /**
   * Documents whose cross-file findings may change when `d` changes: those sharing a key with it,
   * and their neighbours (two hops: trust policy → CR → workload session name), and a third hop from a
   * CR reached that way to its trust policies and ccoctl Secrets: an edited CR can take a workload
   * from another CR (a secret volume outranks the namespace fallback), and that other CR's trust
   * policy checks the workload's session name (found by test/unit/incremental.test.ts).
   *
   * `crsInFile` is the larger of the number of CredentialsRequests in `d`'s file before and after the
   * update (default 1): the most by which one update can change the count of CRs in a namespace.
   */
  linked(d: IrsaDocument, crsInFile = 1): Set<IrsaDocument> {
    const out = new Set<IrsaDocument>();
    const frontier = [d];
    for (let hop = 0; hop < 3; hop++) {
      const next: IrsaDocument[] = [];
      const last = hop === 2;
      for (const cur of frontier) {
        if (last && cur.kind !== 'credentialsRequest') continue;
        // An annotated ServiceAccount's findings (eks-role-arn-annotation) depend on the workloads that
        // run as its name in any namespace, which no link key joins: follow the account-name index
        // between those two only (every pod without serviceAccountName runs as `default`).
        if (!last && (cur.kind === 'workload' || (cur.kind === 'serviceAccount' && hasRoleArnAnnotation(cur)))) {
          const account = WorkspaceView.accountName(cur);
          for (const o of account === undefined ? [] : (this.byAccountName.get(account) ?? [])) {
            if (o.kind === cur.kind || out.has(o)) continue;
            if (o.kind === 'serviceAccount' && !hasRoleArnAnnotation(o)) continue;
            out.add(o);
            next.push(o);
          }
        }
        for (const k of this.keys(cur)) {
          // CRs of one folder do not depend on each other (the folder rule has its own invalidation).
          if (k.startsWith('crdir:')) continue;
          const members = this.byKey.get(k);
          if (!members) continue;
          // The namespace key only carries the "only CredentialsRequest in this namespace" fallback of
          // credentialsRequestsFor (and its inverse workloadsFor): it links a CR with the IRSA-shaped
          // workloads of its namespace, never two CRs or two workloads. The fallback holds only while
          // the namespace has exactly one CR; one update changes that count by at most `crsInFile`
          // (this is called on the state before and on the state after it), so while the namespace
          // has more than 1 + crsInFile CRs the key links nothing. Following it anyway made every CR
          // edit re-check all the sets of a busy namespace (bench: 31–82 files per edit).
          const byNamespace = k.startsWith('ns:');
          if (byNamespace) {
            let crs = 0;
            for (const o of members) if (o.kind === 'credentialsRequest') crs++;
            if (crs > 1 + crsInFile) continue;
          }
          for (const o of members) {
            if (byNamespace && o.kind === cur.kind) continue;
            if (last && o.kind !== 'iamPolicy' && o.kind !== 'ccoctlSecret') continue;
            if (!out.has(o)) {
              out.add(o);
              next.push(o);
            }
          }
        }
      }
      frontier.splice(0, frontier.length, ...next);
    }
    out.delete(d);
    return out;
  }
}
