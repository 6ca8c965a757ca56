/**
 * Linked values across the files of an IRSA set: service account names, secret names, namespaces,
 * role session names and role names. Every place such a value is written is a *site*; sites of the
 * same symbol (same kind, name and scope) are its occurrences. Definition, references, rename and
 * hover are all answered from here.
 *
 * Scopes (what makes two sites the same thing):
 * - serviceAccount, secret: name within a namespace (Kubernetes objects are namespaced; a workload
 *   manifest without `metadata.namespace` matches any namespace);
 * - namespace: the name;
 * - role: the IAM role name;
 * - session: the role session name of one role (a workload's AWS_ROLE_SESSION_NAME belongs to the
 *   ccoctl role of its CredentialsRequest; a trust principal `assumed-role/<role>/<session>` names both).
 *
 * A service account is also named inside the `sub` subject `system:serviceaccount:<ns>:<name>` of a
 * web identity trust policy (issue #13): the name part of an exact subject is a serviceAccount site of
 * that namespace, so definition, references and rename reach it. A StringLike pattern
 * (`system:serviceaccount:app:*`) names no one account and is never a site.
 */
import { looseRoleOf, parseServiceAccountSubject, POD_IDENTITY_ROLE_ARN_ANNOTATION } from '../domain';
import type { IamPolicy, IrsaDocument, Workload } from '../model/types';
// (#11 pattern 4) A templated namespace (`${NAMESPACE}`) is an unknown scope, as in the workspace index:
// it matches any namespace instead of none.
import { isPlaceholderNode, known } from '../model/unknown';
import { asMap, listOf, ScalarNode, str, TreeNode } from '../parse/tree';
import type { Workspace } from '../workspace/workspace';
import { codeUnitOrder } from '../format';

export type LinkKind = 'serviceAccount' | 'secret' | 'namespace' | 'session' | 'role';

export interface Site {
  kind: LinkKind;
  name: string;
  /** Namespace for serviceAccount/secret; role name for session; undefined = any. */
  scope?: string;
  uri: string;
  /** Offsets of exactly the name (inside quotes, or the part of an ARN/subject). */
  start: number;
  end: number;
  role: 'definition' | 'reference';
  /** What this site is, for hovers and reference lists ("serviceAccountNames of CredentialsRequest x"). */
  label: string;
  doc: IrsaDocument;
  /**
   * Where the name sits, when it is not a plain value: `subject` = the namespace or name part of a
   * `system:serviceaccount:<ns>:<name>` trust policy subject; `file` = the whole file stands for the
   * name (a trust policy whose file name says which role it belongs to): such a site has no text of
   * its own (`start` = `end` = the document start), so the cursor never lands on it and no edit goes there.
   */
  form?: 'subject' | 'file';
}

/** One string value of a `…:sub` condition key of a policy statement, with the operator it sits under. */
export interface SubjectValue {
  value: ScalarNode;
  /** The operator without `ForAnyValue:`/`ForAllValues:` and `IfExists` (`StringEquals`, `StringLike`, `StringNotEquals` …). */
  operator: string;
  /** `StringLike`/`StringNotLike`: `*` and `?` are wildcards (IAM-UG condition operators, String). */
  like: boolean;
}

/**
 * Every string value of a `<issuer>:sub` condition key in any statement of `doc`, Allow or Deny,
 * negated or not: a rename of a service account must reach a `StringNotEquals` exception too, or the
 * renamed account would be denied or admitted by accident.
 */
export function subjectValues(doc: IamPolicy): SubjectValue[] {
  const out: SubjectValue[] = [];
  for (const s of doc.statements) {
    for (const op of asMap(s.condition)?.pairs ?? []) {
      const operator = String(op.key.value).replace(/^For(?:Any|All)Values:/, '').replace(/IfExists$/, '');
      for (const kv of asMap(op.value)?.pairs ?? []) {
        if (!String(kv.key.value).endsWith(':sub')) continue;
        for (const v of listOf(kv.value)) {
          if (v.kind === 'scalar' && typeof v.value === 'string') out.push({ value: v, operator, like: /^String(?:Not)?Like$/.test(operator) });
        }
      }
    }
  }
  return out;
}

/** Whether a subject has IAM wildcard characters: a pattern under StringLike, a never-matching literal otherwise. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** Offsets of a scalar's content (without quotes). Returns undefined for block scalars. */
function contentRange(n: ScalarNode, text: string): { start: number; end: number } | undefined {
  if (n.block) return undefined;
  const raw = text.slice(n.start, n.end);
  // A value of a policy held as a JSON string (CreateRole input, parse/embedded.ts) is quoted `\"…\"` in the file.
  if (n.quoted && raw.length >= 4 && raw.startsWith('\\"') && raw.endsWith('\\"')) return { start: n.start + 2, end: n.end - 2 };
  if (n.quoted && raw.length >= 2 && (raw[0] === '"' || raw[0] === "'")) return { start: n.start + 1, end: n.end - 1 };
  return { start: n.start, end: n.end };
}

/** Offsets of `part` inside a scalar's content, when it appears there verbatim. */
function subRange(n: ScalarNode, text: string, part: string, from = 0): { start: number; end: number } | undefined {
  const c = contentRange(n, text);
  if (!c) return undefined;
  const i = text.slice(c.start, c.end).indexOf(part, from);
  return i < 0 ? undefined : { start: c.start + i, end: c.start + i + part.length };
}

function scalarSite(
  kind: LinkKind,
  n: ScalarNode | undefined,
  text: string,
  doc: IrsaDocument,
  role: Site['role'],
  label: string,
  scope?: string,
): Site[] {
  if (!n || n.value === null || typeof n.value === 'boolean') return [];
  const r = contentRange(n, text);
  if (!r) return [];
  return [{ kind, name: String(n.value), scope, uri: doc.uri, start: r.start, end: r.end, role, label, doc }];
}

/**
 * The role-name part of a role ARN written as a plain scalar (an `eks.amazonaws.com/role-arn`
 * annotation, an `AWS_ROLE_ARN` env value), when the value is an `arn:…:iam::…:role/…` ARN and the
 * name is the exact text at the end of the value (no escapes, no placeholder).
 */
function roleArnSite(n: ScalarNode | undefined, text: string, doc: IrsaDocument, label: string): Site[] {
  if (!n || typeof n.value !== 'string' || isPlaceholderNode(n)) return [];
  const r = looseRoleOf(n.value);
  const c = contentRange(n, text);
  if (!r || r.kind !== 'role' || !c || !text.slice(c.start, c.end).endsWith(`/${r.roleName}`)) return [];
  return [{ kind: 'role', name: r.roleName, uri: doc.uri, start: c.end - r.roleName.length, end: c.end, role: 'reference', label, doc }];
}

/** The AWS_ROLE_ARN env values of a workload's containers (every one: each is a place a rename must reach). */
function envRoleArnSites(w: Workload, text: string, label: string): Site[] {
  const out: Site[] = [];
  for (const c of w.containers) {
    for (const e of c.env) {
      if (str(e.name) === 'AWS_ROLE_ARN' && e.value?.kind === 'scalar') out.push(...roleArnSite(e.value, text, w, `AWS_ROLE_ARN of ${label}`));
    }
  }
  return out;
}

function objName(doc: IrsaDocument): string {
  const n = 'name' in doc ? str(doc.name as TreeNode | undefined) : undefined;
  return n ?? '(unnamed)';
}

/** Every site of a document. `ws` resolves the role a workload's session belongs to. */
export function sitesOf(doc: IrsaDocument, text: string, ws: Workspace): Site[] {
  const out: Site[] = [];
  switch (doc.kind) {
    case 'credentialsRequest': {
      const ns = known(doc.secretRef?.namespace);
      const label = `CredentialsRequest ${objName(doc)}`;
      for (const sa of doc.serviceAccountNames) out.push(...scalarSite('serviceAccount', sa, text, doc, 'definition', `serviceAccountNames of ${label}`, ns));
      out.push(...scalarSite('secret', doc.secretRef?.name, text, doc, 'definition', `secretRef.name of ${label}`, ns));
      out.push(...scalarSite('namespace', doc.secretRef?.namespace, text, doc, 'definition', `secretRef.namespace of ${label}`));
      break;
    }
    case 'ccoctlSecret': {
      const ns = known(doc.namespace);
      const label = `ccoctl Secret ${objName(doc)}`;
      out.push(...scalarSite('secret', doc.name, text, doc, 'reference', `metadata.name of ${label}`, ns));
      out.push(...scalarSite('namespace', doc.namespace, text, doc, 'reference', `metadata.namespace of ${label}`));
      const arn = doc.profile.get('role_arn');
      const role = arn ? looseRoleOf(arn.value) : undefined;
      if (arn && role && arn.exact) {
        const i = arn.value.lastIndexOf(role.roleName);
        if (i >= 0) {
          out.push({ kind: 'role', name: role.roleName, uri: doc.uri, start: arn.start + i, end: arn.start + i + role.roleName.length, role: 'definition', label: `role_arn of ${label}`, doc });
        }
      }
      break;
    }
    case 'serviceAccount': {
      const ns = known(doc.namespace);
      out.push(...scalarSite('serviceAccount', doc.name, text, doc, 'definition', `ServiceAccount ${objName(doc)}`, ns));
      out.push(...scalarSite('namespace', doc.namespace, text, doc, 'reference', `metadata.namespace of ServiceAccount ${objName(doc)}`));
      // The pod identity webhook's role (aws/amazon-eks-pod-identity-webhook pkg/cache/cache.go reads
      // this annotation of the pod's service account).
      const ann = doc.annotations?.pairs.find((p) => p.key.value === POD_IDENTITY_ROLE_ARN_ANNOTATION)?.value;
      if (ann?.kind === 'scalar') out.push(...roleArnSite(ann, text, doc, `${POD_IDENTITY_ROLE_ARN_ANNOTATION} of ServiceAccount ${objName(doc)}`));
      break;
    }
    case 'workload': {
      // The namespace the pod runs in (a kustomization's `namespace:` replaces metadata.namespace).
      const ns = ws.view.effectiveNamespace(doc);
      const label = `${doc.workloadKind} ${objName(doc)}`;
      out.push(...scalarSite('serviceAccount', doc.serviceAccountName, text, doc, 'reference', `serviceAccountName of ${label}`, ns));
      out.push(...scalarSite('serviceAccount', doc.serviceAccount, text, doc, 'reference', `serviceAccount of ${label}`, ns));
      out.push(...scalarSite('namespace', doc.namespace, text, doc, 'reference', `metadata.namespace of ${label}`));
      for (const v of doc.volumes) out.push(...scalarSite('secret', v.secret?.secretName, text, doc, 'reference', `secret volume of ${label}`, ns));
      const roles = ws.view.credentialsRequestsFor(doc).map((cr) => ws.view.roleNameFor(cr));
      for (const c of doc.containers) {
        for (const e of c.env) {
          if (str(e.name) !== 'AWS_ROLE_SESSION_NAME' || e.value?.kind !== 'scalar') continue;
          const scopes = roles.length ? roles : [undefined];
          for (const role of scopes) out.push(...scalarSite('session', e.value, text, doc, 'definition', `AWS_ROLE_SESSION_NAME of ${label}`, role));
        }
      }
      out.push(...envRoleArnSites(doc, text, label));
      break;
    }
    case 'iamPolicy': {
      for (const s of doc.statements) {
        for (const p of s.principals) {
          if (p.type !== 'AWS' || typeof p.value.value !== 'string') continue;
          const r = looseRoleOf(p.value.value);
          if (!r) continue;
          const roleAt = subRange(p.value, text, `/${r.roleName}`, p.value.value.indexOf(r.kind === 'assumed-role' ? ':assumed-role' : ':role'));
          if (roleAt) out.push({ kind: 'role', name: r.roleName, uri: doc.uri, start: roleAt.start + 1, end: roleAt.end, role: 'reference', label: 'trust policy principal', doc });
          if (r.sessionName && roleAt) {
            const sAt = { start: roleAt.end + 1, end: roleAt.end + 1 + r.sessionName.length };
            out.push({ kind: 'session', name: r.sessionName, scope: r.roleName, uri: doc.uri, start: sAt.start, end: sAt.end, role: 'reference', label: 'trust policy principal session', doc });
          }
        }
      }
      // `system:serviceaccount:<ns>:<sa>` subjects in `:sub` conditions (k8s.io/apiserver
      // pkg/authentication/serviceaccount/util.go MakeUsername is the token's `sub`). A value with `*` or
      // `?` is a pattern (StringLike) or a literal that no token carries (StringEquals): no site.
      for (const sv of subjectValues(doc)) {
        const v = sv.value;
        const sa = parseServiceAccountSubject(String(v.value));
        if (!sa || hasWildcard(String(v.value))) continue;
        const c = contentRange(v, text);
        const nsAt = subRange(v, text, `:${sa.namespace}:`, 'system:serviceaccount'.length - 1);
        // Only where the text is the value verbatim (a JSON escape inside would shift every offset).
        if (!c || !nsAt || text.slice(nsAt.end, c.end) !== sa.name) continue;
        const label = 'trust policy `sub` condition';
        out.push({ kind: 'namespace', name: sa.namespace, uri: doc.uri, start: nsAt.start + 1, end: nsAt.end - 1, role: 'reference', label, doc, form: 'subject' });
        out.push({ kind: 'serviceAccount', name: sa.name, scope: sa.namespace, uri: doc.uri, start: nsAt.end, end: c.end, role: 'reference', label, doc, form: 'subject' });
      }
      // The role this trust policy belongs to (IamPolicy.roleName): its RoleName value, or the file itself
      // when only the file name says so.
      const rn = doc.roleName;
      if (rn?.node) out.push(...roleNameNodeSite(rn.node, text, doc, rn.name));
      else if (rn) out.push({ kind: 'role', name: rn.name, uri: doc.uri, start: doc.root.start, end: doc.root.start, role: 'definition', label: `${doc.webIdentity.length ? 'web identity ' : ''}trust policy of the role (by its file name)`, doc, form: 'file' });
      break;
    }
  }
  return out;
}

/** The `RoleName` value of a CreateRole input, when it is written verbatim. */
function roleNameNodeSite(n: ScalarNode, text: string, doc: IrsaDocument, name: string): Site[] {
  const c = contentRange(n, text);
  if (!c || text.slice(c.start, c.end) !== name) return [];
  return [{ kind: 'role', name, uri: doc.uri, start: c.start, end: c.end, role: 'definition', label: 'RoleName of the role document', doc }];
}

/** The site under `offset` in `uri`, if any (never a whole-file site). */
export function siteAt(ws: Workspace, uri: string, offset: number): Site | undefined {
  const text = ws.text(uri);
  if (text === undefined) return undefined;
  for (const d of ws.documents(uri)) {
    for (const s of sitesOf(d, text, ws)) if (s.form !== 'file' && offset >= s.start && offset <= s.end) return s;
  }
  return undefined;
}

function sameScope(a: Site, b: Site): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  if (a.kind === 'namespace' || a.kind === 'role') return true;
  // An unknown scope (manifest without namespace, session of an unlinked workload) matches any.
  return a.scope === undefined || b.scope === undefined || a.scope === b.scope;
}

/** Every site of the same symbol as `site`, across the workspace, definitions first. */
export function occurrences(ws: Workspace, site: Site): Site[] {
  const out: Site[] = [];
  for (const uri of ws.uris()) {
    const docs = ws.documents(uri);
    if (!docs.length) continue;
    const text = ws.text(uri)!;
    for (const d of docs) for (const s of sitesOf(d, text, ws)) if (sameScope(site, s)) out.push(s);
  }
  return out.sort((a, b) => (a.role === b.role ? codeUnitOrder(a.uri, b.uri) || a.start - b.start : a.role === 'definition' ? -1 : 1));
}

/**
 * The `:sub` value of a policy document of `uri` whose text holds `offset`, with the offsets of its
 * content (without quotes), or undefined.
 */
export function subjectAt(ws: Workspace, uri: string, offset: number): (SubjectValue & { start: number; end: number }) | undefined {
  const text = ws.text(uri);
  if (text === undefined) return undefined;
  for (const d of ws.documents(uri)) {
    if (d.kind !== 'iamPolicy') continue;
    for (const sv of subjectValues(d)) {
      const c = contentRange(sv.value, text);
      if (c && offset >= c.start && offset <= c.end) return { ...sv, ...c };
    }
  }
  return undefined;
}

/** A place in a file, by offsets into the workspace's text of `uri`. */
export interface SiteLocation {
  uri: string;
  start: number;
  end: number;
}

/**
 * The workloads whose pods run as service account `name` in namespace `namespace` (a workload whose
 * namespace is not known, neither metadata.namespace nor a kustomization's, may run in any), through
 * the view's index (no scan): `workloadsRunningAs` counts `serviceAccountName`, the deprecated
 * `serviceAccount` and the implicit `default` (core/v1 PodSpec).
 */
export function workloadsRunningAsIn(ws: Workspace, namespace: string | undefined, name: string): Workload[] {
  return ws.view.workloadsRunningAs(name).filter((w) => {
    const wns = ws.view.effectiveNamespace(w);
    return namespace === undefined || wns === undefined || wns === namespace;
  });
}

/**
 * Where a workload says which service account it runs as: the `serviceAccountName` value, else the
 * deprecated `serviceAccount`, else (running as `default` without saying so) its `metadata.name`.
 */
export function serviceAccountLocation(ws: Workspace, w: Workload): SiteLocation {
  const text = ws.text(w.uri) ?? '';
  for (const n of [w.serviceAccountName, w.serviceAccount, w.name]) {
    const r = n ? contentRange(n, text) : undefined;
    if (r) return { uri: w.uri, ...r };
  }
  return { uri: w.uri, start: w.root.start, end: w.root.start };
}

/**
 * Go-to-definition targets of a site: the definition sites of its symbol (CredentialsRequest
 * `serviceAccountNames` entries and ServiceAccount manifests, session env vars, the role's ccoctl
 * Secret and trust policy). From a trust policy subject that no manifest defines, the workloads that
 * run as that account (their `serviceAccountName`): the subject then stands for them.
 */
export function definitionsOf(ws: Workspace, site: Site): SiteLocation[] {
  const defs: SiteLocation[] = occurrences(ws, site).filter((s) => s.role === 'definition');
  if (defs.length || site.kind !== 'serviceAccount' || site.form !== 'subject') return defs.map(({ uri, start, end }) => ({ uri, start, end }));
  return workloadsRunningAsIn(ws, site.scope, site.name).map((w) => serviceAccountLocation(ws, w));
}

/** Kinds that rename supports, and the name each must satisfy (Kubernetes / STS rules). */
export const RENAMEABLE: Partial<Record<LinkKind, { test: (s: string) => boolean; rule: string }>> = {
  serviceAccount: { test: (s) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s), rule: 'a DNS-1123 subdomain (lower-case letters, digits, `-` and `.`, at most 253 characters)' },
  secret: { test: (s) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s), rule: 'a DNS-1123 subdomain (lower-case letters, digits, `-` and `.`, at most 253 characters)' },
  session: { test: (s) => /^[\w+=,.@-]{2,64}$/.test(s), rule: '2–64 characters of `[\\w+=,.@-]` (STS RoleSessionName)' },
};

export interface RenameEdit {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

/**
 * Edits that rename the symbol at `site` to `newName` everywhere it is linked. Renaming a secret
 * also renames the ccoctl role names derived from it (`<prefix>-<ns>-<secret>`) in role_arn values and
 * trust principals, because ccoctl will create the role under the new name.
 * @throws Error with a user-facing message when the kind cannot be renamed or the name is invalid.
 */
export function renameEdits(ws: Workspace, site: Site, newName: string): RenameEdit[] {
  const spec = RENAMEABLE[site.kind];
  if (!spec) throw new Error(`A ${site.kind} name cannot be renamed here.`);
  if (!spec.test(newName)) throw new Error(`"${newName}" is not a valid ${site.kind === 'session' ? 'role session name' : 'name'}: it must be ${spec.rule}.`);
  const edits: RenameEdit[] = occurrences(ws, site)
    .filter((s) => s.form !== 'file')
    .map((s) => ({ uri: s.uri, start: s.start, end: s.end, newText: newName }));
  if (site.kind === 'secret' && site.scope) {
    const suffix = `-${site.scope}-${site.name}`;
    for (const uri of ws.uris()) {
      const text = ws.text(uri)!;
      for (const d of ws.documents(uri)) {
        for (const s of sitesOf(d, text, ws)) {
          if (s.kind !== 'role' || s.form === 'file' || !s.name.endsWith(suffix)) continue;
          edits.push({ uri: s.uri, start: s.end - site.name.length, end: s.end, newText: newName });
        }
      }
    }
  }
  // One edit per range, in a stable order.
  const seen = new Set<string>();
  return edits
    .filter((e) => {
      const k = `${e.uri}|${e.start}|${e.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => codeUnitOrder(a.uri, b.uri) || a.start - b.start);
}
