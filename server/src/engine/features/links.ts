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
 */
import { looseRoleOf } from '../domain';
import type { IrsaDocument } from '../model/types';
import { asMap, listOf, ScalarNode, str, TreeNode } from '../parse/tree';
import type { Workspace } from '../workspace/workspace';

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

function objName(doc: IrsaDocument): string {
  const n = 'name' in doc ? str(doc.name as TreeNode | undefined) : undefined;
  return n ?? '(unnamed)';
}

/** Every site of a document. `ws` resolves the role a workload's session belongs to. */
export function sitesOf(doc: IrsaDocument, text: string, ws: Workspace): Site[] {
  const out: Site[] = [];
  switch (doc.kind) {
    case 'credentialsRequest': {
      const ns = str(doc.secretRef?.namespace);
      const label = `CredentialsRequest ${objName(doc)}`;
      for (const sa of doc.serviceAccountNames) out.push(...scalarSite('serviceAccount', sa, text, doc, 'definition', `serviceAccountNames of ${label}`, ns));
      out.push(...scalarSite('secret', doc.secretRef?.name, text, doc, 'definition', `secretRef.name of ${label}`, ns));
      out.push(...scalarSite('namespace', doc.secretRef?.namespace, text, doc, 'definition', `secretRef.namespace of ${label}`));
      break;
    }
    case 'ccoctlSecret': {
      const ns = str(doc.namespace);
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
      const ns = str(doc.namespace);
      out.push(...scalarSite('serviceAccount', doc.name, text, doc, 'definition', `ServiceAccount ${objName(doc)}`, ns));
      out.push(...scalarSite('namespace', doc.namespace, text, doc, 'reference', `metadata.namespace of ServiceAccount ${objName(doc)}`));
      break;
    }
    case 'workload': {
      const ns = str(doc.namespace);
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
        // `system:serviceaccount:<ns>:<sa>` subjects in `:sub` conditions of OIDC trust policies.
        for (const op of asMap(s.condition)?.pairs ?? []) {
          for (const kv of asMap(op.value)?.pairs ?? []) {
            if (!String(kv.key.value).endsWith(':sub')) continue;
            for (const v of listOf(kv.value)) {
              if (v.kind !== 'scalar' || typeof v.value !== 'string') continue;
              const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(v.value);
              if (!m) continue;
              const nsAt = subRange(v, text, `:${m[1]}:`, 'system:serviceaccount'.length - 1);
              if (nsAt) out.push({ kind: 'namespace', name: m[1]!, uri: doc.uri, start: nsAt.start + 1, end: nsAt.end - 1, role: 'reference', label: 'trust policy `sub` condition', doc });
              const c = contentRange(v, text);
              if (c && nsAt) out.push({ kind: 'serviceAccount', name: m[2]!, scope: m[1], uri: doc.uri, start: nsAt.end, end: c.end, role: 'reference', label: 'trust policy `sub` condition', doc });
            }
          }
        }
      }
      break;
    }
  }
  return out;
}

/** The site under `offset` in `uri`, if any. */
export function siteAt(ws: Workspace, uri: string, offset: number): Site | undefined {
  const text = ws.text(uri);
  if (text === undefined) return undefined;
  for (const d of ws.documents(uri)) {
    for (const s of sitesOf(d, text, ws)) if (offset >= s.start && offset <= s.end) return s;
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
  return out.sort((a, b) => (a.role === b.role ? a.uri.localeCompare(b.uri) || a.start - b.start : a.role === 'definition' ? -1 : 1));
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
  const edits: RenameEdit[] = occurrences(ws, site).map((s) => ({ uri: s.uri, start: s.start, end: s.end, newText: newName }));
  if (site.kind === 'secret' && site.scope) {
    const suffix = `-${site.scope}-${site.name}`;
    for (const uri of ws.uris()) {
      const text = ws.text(uri)!;
      for (const d of ws.documents(uri)) {
        for (const s of sitesOf(d, text, ws)) {
          if (s.kind !== 'role' || !s.name.endsWith(suffix)) continue;
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
    .sort((a, b) => a.uri.localeCompare(b.uri) || a.start - b.start);
}
