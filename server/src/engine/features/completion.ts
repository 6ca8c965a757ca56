/**
 * Completion: schema-driven keys and enum values in classified documents, snippets for whole blocks,
 * and values taken from the other files of the set (service account names, secret names, the ccoctl
 * role's session principal ARN, STS actions).
 *
 * The cursor's context comes from the text of the current line and the indentation of the lines
 * above it, not from the parsed tree: while the user types, the document is often not valid YAML.
 */
import { looseRoleOf } from '../domain';
import type { CredentialsRequest, IrsaDocument } from '../model/types';
import { str } from '../parse/tree';
import type { Workspace } from '../workspace/workspace';
import { propertiesOf, schemaAt, schemaContext, schemaDoc, valuesOf } from './schema-nav';
import { DEFAULT_AUDIENCES } from '../types';
import { actionCompletions, CatalogCompletion, conditionKeyCompletions, jsonKeyContext, statementActionsAt } from './iam-catalog';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'snippet' | 'reference';
  /** Text to insert; a VS Code snippet when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  /** Offsets replaced by the insertion (the word being typed). */
  replaceStart: number;
  replaceEnd: number;
}

export type PathStep = string | '*';

interface YamlContext {
  mode: 'key' | 'value' | 'item';
  /** Path of the map (mode key) or of the value (mode value/item), with `*` for list items. */
  path: PathStep[];
  key?: string;
  prefix: string;
  indent: number;
}

/** STS actions that appear in IRSA trust and identity policies (IAM-UG, STS-model). */
export const STS_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:GetCallerIdentity',
];

const LINE = /^(\s*)(-\s+)?(.*)$/;
const KEY_ONLY = /^([^\s:#'"][^:#]*?):\s*(#.*)?$/;

/**
 * Reconstructs the YAML path at `offset` from indentation, so it works on incomplete documents.
 * `*` stands for "an item of this list". In `item` mode the path ends at the list item.
 */
export function yamlContextAt(text: string, offset: number): YamlContext {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(ls, offset);
  const cur = LINE.exec(before)!;
  const ind = cur[1]!.length;
  const dash = !!cur[2];
  const contentCol = ind + (cur[2]?.length ?? 0);
  const rest = cur[3]!;
  let mode: YamlContext['mode'];
  let key: string | undefined;
  let prefix = '';
  const valueM = /^([^\s:#][^:#]*?):\s+(\S*)$/.exec(rest);
  if (valueM) {
    mode = 'value';
    key = valueM[1];
    prefix = valueM[2]!;
  } else if (/^[^\s:#]*$/.test(rest)) {
    mode = dash ? 'item' : 'key';
    prefix = rest;
  } else {
    return { mode: 'value', path: [], prefix: '', indent: contentCol };
  }
  const path: PathStep[] = [];
  let want = contentCol;
  // After entering a list item, the key that owns the list may sit at the dash's own column.
  let ownerMayEqual = false;
  if (dash) {
    path.unshift('*');
    want = ind;
    ownerMayEqual = true;
  }
  // CRLF files: `.` does not match `\r`, so lines must be split without it.
  const lines = text.slice(0, Math.max(0, ls - 1)).split('\n').map((l) => l.replace(/\r$/, ''));
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    const t = l.trim();
    if (t === '---') break;
    if (!t || t.startsWith('#')) continue;
    const m = LINE.exec(l)!;
    const li = m[1]!.length;
    const lcontent = li + (m[2]?.length ?? 0);
    const keyOnly = KEY_ONLY.exec(m[3]!);
    if (m[2]) {
      if (lcontent === want && !ownerMayEqual) {
        // A sibling key earlier in the same list item: we are inside that item.
        path.unshift('*');
        want = li;
        ownerMayEqual = true;
      } else if (lcontent < want && keyOnly) {
        // `- key:` opening a level that contains us.
        path.unshift('*');
        path.splice(1, 0, keyOnly[1]!);
        want = li;
        ownerMayEqual = true;
      }
      continue;
    }
    if (keyOnly && (li < want || (ownerMayEqual && li <= want))) {
      path.unshift(keyOnly[1]!);
      want = li;
      ownerMayEqual = false;
    }
    if (want === 0 && !ownerMayEqual) break;
  }
  return { mode, path, key, prefix, indent: contentCol };
}

/** Keys already present in the map the cursor is in (same indentation, same block). */
function presentKeys(text: string, offset: number, ctx: YamlContext): Set<string> {
  const out = new Set<string>();
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const curLine = text.slice(0, offset).split('\n').length - 1;
  const collect = (from: number, step: number): void => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i]!;
      if (!l.trim() || l.trim().startsWith('#')) continue;
      const m = LINE.exec(l)!;
      const content = m[1]!.length + (m[2]?.length ?? 0);
      if (content < ctx.indent) break;
      if (content > ctx.indent) continue;
      if (m[2] && step < 0) {
        const k = /^([^\s:#][^:#]*?):/.exec(m[3]!);
        if (k) out.add(k[1]!);
        break;
      }
      if (m[2]) break;
      const k = /^([^\s:#][^:#]*?):/.exec(m[3]!);
      if (k) out.add(k[1]!);
    }
  };
  if (ctx.mode === 'key') {
    collect(curLine - 1, -1);
    collect(curLine + 1, 1);
  }
  return out;
}

function docAt(ws: Workspace, uri: string, offset: number): IrsaDocument | undefined {
  return ws.documents(uri).find((d) => offset >= d.doc.start && offset <= d.doc.end + 1);
}

/** Assumed-role session principal ARNs for the trust policy of a destination role, from the workspace. */
export function sessionPrincipals(ws: Workspace): { arn: string; detail: string }[] {
  const out: { arn: string; detail: string }[] = [];
  for (const cr of ws.view.all('credentialsRequest') as CredentialsRequest[]) {
    const role = ws.view.roleNameFor(cr);
    if (!role) continue;
    const secretArn = ws.view.secretsFor(cr).map((s) => s.profile.get('role_arn')?.value).find(Boolean);
    const account = (secretArn && looseRoleOf(secretArn)?.account) || ws.getSettings().accountIds?.[0] || '111122223333';
    const sessions = new Set<string>();
    for (const w of ws.view.workloadsFor(cr)) for (const c of w.containers) for (const e of c.env) if (str(e.name) === 'AWS_ROLE_SESSION_NAME' && str(e.value)) sessions.add(str(e.value)!);
    for (const s of sessions) out.push({ arn: `arn:aws:sts::${account}:assumed-role/${role}/${s}`, detail: `session of CredentialsRequest ${str(cr.name) ?? ''}` });
    out.push({ arn: `arn:aws:iam::${account}:role/${role}`, detail: `ccoctl role of CredentialsRequest ${str(cr.name) ?? ''} (any session)` });
  }
  return out;
}

/**
 * Whole blocks offered on a new list item (`- |`). Bodies are written relative to the dash's column:
 * the first line goes after `- `, the others are indented by the dash's column.
 */
const BLOCK_SNIPPETS: { list: string; label: string; body: string; detail: string }[] = [
  {
    list: 'statementEntries',
    label: 'irsa: statement entry',
    detail: 'effect / action / resource',
    body: 'effect: ${1|Allow,Deny|}\n  action:\n    - ${2:sts:AssumeRole}\n  resource: ${3:arn:aws:iam::444455556666:role/destination-role}',
  },
  {
    list: 'volumes',
    label: 'irsa: projected service account token volume',
    detail: 'audience openshift, 3600 s, path token',
    body: 'name: ${1:bound-sa-token}\n  projected:\n    defaultMode: 420\n    sources:\n      - serviceAccountToken:\n          audience: openshift\n          expirationSeconds: 3600\n          path: token',
  },
  {
    list: 'volumes',
    label: 'irsa: ccoctl credentials secret volume',
    detail: 'the Secret that ccoctl generates',
    body: 'name: ${1:aws-credentials}\n  secret:\n    secretName: ${2:my-secret}',
  },
  {
    list: 'env',
    label: 'irsa: AWS environment variables',
    detail: 'AWS_CONFIG_FILE, AWS_ROLE_SESSION_NAME, AWS_REGION, AWS_DEFAULT_REGION',
    body:
      'name: AWS_CONFIG_FILE\n  value: ${1:/var/run/secrets/cloud}/credentials\n- name: AWS_ROLE_SESSION_NAME\n  value: ${2:my-session}\n- name: AWS_REGION\n  value: ${3:eu-west-2}\n- name: AWS_DEFAULT_REGION\n  value: ${3:eu-west-2}',
  },
  {
    list: 'volumeMounts',
    label: 'irsa: token and credentials mounts',
    detail: 'mounts for the projected token and the ccoctl Secret',
    body: 'name: ${1:bound-sa-token}\n  mountPath: /var/run/secrets/openshift/serviceaccount\n  readOnly: true\n- name: ${2:aws-credentials}\n  mountPath: /var/run/secrets/cloud\n  readOnly: true',
  },
];

/** Completion entries at `offset` of `uri`. */
export function completionsAt(ws: Workspace, uri: string, offset: number): CompletionEntry[] {
  const text = ws.text(uri);
  if (text === undefined) return [];
  return /\.json$/i.test(uri) ? jsonCompletions(ws, uri, text, offset) : yamlCompletions(ws, uri, text, offset);
}

function yamlCompletions(ws: Workspace, uri: string, text: string, offset: number): CompletionEntry[] {
  const ctx = yamlContextAt(text, offset);
  const out: CompletionEntry[] = [];
  const replaceStart = offset - ctx.prefix.length;
  const add = (e: Omit<CompletionEntry, 'replaceStart' | 'replaceEnd'>): void => {
    out.push({ ...e, replaceStart, replaceEnd: offset });
  };
  const doc = docAt(ws, uri, offset);
  const sctx = doc ? schemaContext(doc, ctx.path) : undefined;
  if ((ctx.mode === 'key' || ctx.mode === 'item') && sctx) {
    const here = schemaAt(sctx.schema, sctx.rel);
    const present = presentKeys(text, offset, ctx);
    for (const [k, s] of propertiesOf(sctx.schema, here)) {
      if (present.has(k)) continue;
      add({ label: k, kind: 'property', insertText: `${k}: `, detail: typeof s['title'] === 'string' ? s['title'] : undefined, documentation: schemaDoc(sctx.schema, s, k) });
    }
  }
  if (ctx.mode === 'item') {
    const list = ctx.path[ctx.path.length - 2];
    const dashCol = ctx.indent - 2;
    for (const b of BLOCK_SNIPPETS) {
      if (b.list === list) add({ label: b.label, kind: 'snippet', insertText: b.body.replace(/\n/g, '\n' + ' '.repeat(Math.max(0, dashCol))), snippet: true, detail: b.detail });
    }
  }
  if (ctx.mode === 'value' || ctx.mode === 'item') {
    const valuePath = ctx.mode === 'value' ? [...ctx.path, ctx.key!] : ctx.path;
    const vctx = doc ? schemaContext(doc, valuePath) : undefined;
    if (vctx) {
      const s = schemaAt(vctx.schema, vctx.rel);
      for (const v of valuesOf(vctx.schema, s)) add({ label: String(v), kind: 'value', insertText: String(v) });
    }
    const key = ctx.mode === 'value' ? ctx.key : (ctx.path[ctx.path.length - 2] as string | undefined);
    const ns = doc && 'namespace' in doc ? str(doc.namespace) : undefined;
    if (key === 'serviceAccountName' || key === 'serviceAccount') {
      const seen = new Set<string>();
      for (const cr of ws.view.all('credentialsRequest')) {
        if (ns && str(cr.secretRef?.namespace) && str(cr.secretRef?.namespace) !== ns) continue;
        for (const sa of cr.serviceAccountNames) {
          const n = str(sa)!;
          if (seen.has(n)) continue;
          seen.add(n);
          add({ label: n, kind: 'reference', insertText: n, detail: `serviceAccountNames of CredentialsRequest ${str(cr.name) ?? ''}` });
        }
      }
    }
    if (key === 'serviceAccountNames' && doc?.kind === 'credentialsRequest') {
      // Service accounts that workloads in the secret's namespace run as, and ServiceAccount manifests there.
      const crNs = str(doc.secretRef?.namespace);
      const names = new Map<string, string>();
      for (const w of ws.view.all('workload')) {
        if (crNs && str(w.namespace) && str(w.namespace) !== crNs) continue;
        const n = str(w.serviceAccountName) ?? str(w.serviceAccount);
        if (n && !names.has(n)) names.set(n, `service account of ${w.workloadKind} ${str(w.name) ?? ''}`);
      }
      for (const sa of ws.view.all('serviceAccount')) {
        const n = str(sa.name);
        if (n && (!crNs || !str(sa.namespace) || str(sa.namespace) === crNs) && !names.has(n)) names.set(n, 'ServiceAccount manifest');
      }
      for (const [n, detail] of names) add({ label: n, kind: 'reference', insertText: n, detail });
    }
    if (key === 'secretName') {
      for (const cr of ws.view.all('credentialsRequest')) {
        const n = str(cr.secretRef?.name);
        if (!n || (ns && str(cr.secretRef?.namespace) !== ns)) continue;
        add({ label: n, kind: 'reference', insertText: n, detail: `secretRef of CredentialsRequest ${str(cr.name) ?? ''}` });
      }
    }
    if (key === 'audience') for (const a of ws.getSettings().audiences ?? DEFAULT_AUDIENCES) add({ label: a, kind: 'value', insertText: a, detail: 'accepted by the OIDC provider' });
    if ((key === 'action' || ctx.path.includes('action')) && (ctx.prefix === '' || 'sts:'.startsWith(ctx.prefix.slice(0, 4)))) {
      for (const a of STS_ACTIONS) add({ label: a, kind: 'value', insertText: a });
    }
  }
  out.push(...catalogYamlCompletions(ws, uri, text, offset));
  // De-duplicate by label (schema enum and cross-file values can coincide).
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(e.label) ? false : (seen.add(e.label), true)));
}

function catalogEntry(c: CatalogCompletion, replaceStart: number, replaceEnd: number): CompletionEntry {
  return { label: c.label, kind: 'value', insertText: c.insertText, snippet: c.snippet || undefined, detail: c.detail, documentation: c.documentation, replaceStart, replaceEnd };
}

/**
 * (issue #15) Catalogue completions in a CredentialsRequest: the actions of a typed service prefix
 * as an item of `action` (`- s3:Get`), and condition keys as a key of a `policyCondition` operator.
 * The typed word holds a `:`, which yamlContextAt reads as a `key: value` separator, so the context is
 * taken at the start of the word instead.
 */
function catalogYamlCompletions(ws: Workspace, uri: string, text: string, offset: number): CompletionEntry[] {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^(\s*)(-\s+)?([^\s#'"]*)$/.exec(text.slice(ls, offset));
  if (!m) return [];
  const wordStart = offset - m[3]!.length;
  const ctx = yamlContextAt(text, wordStart);
  const owner = ctx.path[ctx.path.length - 2];
  if (ctx.mode === 'item' && owner === 'action') return actionCompletions(m[3]!).map((c) => catalogEntry(c, wordStart, offset));
  if (ctx.mode === 'key' && !m[2] && owner === 'policyCondition') {
    return conditionKeyCompletions(statementActionsAt(ws, uri, offset), m[3]!, true).map((c) => catalogEntry(c, wordStart, offset));
  }
  return [];
}

function jsonCompletions(ws: Workspace, uri: string, text: string, offset: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  // (issue #15) A key of a condition operator's map (`"Condition": { "StringEquals": { "aws:So|`): condition keys.
  const jctx = jsonKeyContext(text, offset);
  if (jctx.keyPrefix !== undefined && jctx.path[jctx.path.length - 2] === 'Condition') {
    return conditionKeyCompletions(statementActionsAt(ws, uri, offset), jctx.keyPrefix, false).map((c) => catalogEntry(c, offset - jctx.keyPrefix!.length, offset));
  }
  // (issue #15) Any item of an `Action`/`NotAction` array (the line patterns below see only the first).
  // The STS actions of IRSA first, as before; then the other actions of the typed service.
  if (jctx.valuePrefix !== undefined && (jctx.valueKey === 'Action' || jctx.valueKey === 'NotAction')) {
    const from = offset - jctx.valuePrefix.length;
    for (const a of STS_ACTIONS) out.push({ label: a, kind: 'value', insertText: a, replaceStart: from, replaceEnd: offset });
    for (const c of actionCompletions(jctx.valuePrefix)) if (!STS_ACTIONS.includes(c.label)) out.push(catalogEntry(c, from, offset));
    return out;
  }
  // Inside a string value: `"Key": "pre|` or an array item `[ "pre|`.
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(ls, offset);
  const valueM = /"([A-Za-z]+)"\s*:\s*\[?\s*"([^"]*)$/.exec(before) ?? /^\s*"([^"]*)$/.exec(before);
  if (!valueM) return out;
  const prefix = valueM.length === 3 ? valueM[2]! : valueM[1]!;
  let key = valueM.length === 3 ? valueM[1] : undefined;
  if (!key) {
    // An item of an array value: find the key that opened the array on an earlier line.
    const m = /"([A-Za-z]+)"\s*:\s*\[[^\]]*$/.exec(text.slice(0, ls));
    key = m?.[1];
  }
  const add = (label: string, kind: CompletionEntry['kind'], detail?: string): void => {
    out.push({ label, kind, insertText: label, detail, replaceStart: offset - prefix.length, replaceEnd: offset });
  };
  if (key === 'AWS') for (const p of sessionPrincipals(ws)) add(p.arn, 'reference', p.detail);
  if (key === 'Action' || key === 'NotAction') for (const a of STS_ACTIONS) add(a, 'value');
  if (key === 'Effect') for (const e of ['Allow', 'Deny']) add(e, 'value');
  if (key === 'Version') for (const v of ['2012-10-17', '2008-10-17']) add(v, 'value');
  if (key === 'Federated' && ws.getSettings().oidcProviderArn) add(ws.getSettings().oidcProviderArn!, 'reference', 'OIDC provider from .irsa.yaml');
  void uri;
  return out;
}
