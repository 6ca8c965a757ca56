import { envVar } from '../classify';
/**
 * Helpers for the workload rules (domain.md §8.4): which volumes and mounts carry the ccoctl Secret
 * and the projected service account token, where the web identity token file is expected, and
 * YAML edits that insert well-indented blocks (new list items, new keys) for quick fixes.
 * (Files starting with `_` are not rules; the registry test skips them.)
 */
import { CCOCTL_TOKEN_PATH } from '../domain';
import type { CcoctlSecret, Container, CredentialsRequest, EnvVar, IniEntry, TokenProjection, Volume, VolumeMount, Workload } from '../model/types';
import type { MapNode, ScalarNode, SeqNode, TreeNode } from '../parse/tree';
import { str } from '../parse/tree';
import { DEFAULT_AUDIENCES, IrsaSettings } from '../types';
import { indentLike, lineEndInclusive, lineOf, lineStart, where, yamlScalar } from './_util';
import type { EditSpec, RuleContext } from './types';

/** Env vars an AWS SDK reads the ccoctl profile file from (§5.1). */
export const CONFIG_FILE_VARS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;
/** Env vars of the pod identity webhook style (§6): the SDK's env web identity provider. */
export const WEBHOOK_ENV_VARS = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'] as const;
/** Directory the EKS pod identity webhook mounts its token in (WEBHOOK). */
export const WEBHOOK_TOKEN_DIR = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
/** The name OpenShift docs give the projected token volume (OCP-OLM). */
export const TOKEN_VOLUME_NAME = 'bound-sa-token';

/** Literal string value of an env var (`value:`), or undefined for `valueFrom` / non-strings. */
export function envValue(e: EnvVar | undefined): string | undefined {
  if (!e || !e.value || e.value.kind !== 'scalar' || e.value.value === null) return undefined;
  return String(e.value.value);
}

/** The env var of a container named `name` that takes effect (the last one when a name repeats). */
export function envOf(c: Container, name: string): EnvVar | undefined {
  return envVar(c, name);
}

/** The audiences the OIDC provider accepts: settings, else ccoctl's ClientIDList (CCOCTL-idp). */
export function allowedAudiences(settings: IrsaSettings): readonly string[] {
  return settings.audiences && settings.audiences.length ? settings.audiences : DEFAULT_AUDIENCES;
}

/** `/a/b` + `token` → `/a/b/token` (one slash, however the parts are written). */
export function joinPath(dir: string, file: string): string {
  return dir.replace(/\/+$/, '') + '/' + file.replace(/^\/+/, '');
}

/** `/a/b/token` → `/a/b`; `/token` → `/`. */
export function dirName(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

/** Every `(container, mount)` pair whose mount names `volumeName`. */
export function mountsOf(w: Workload, volumeName: string): { container: Container; mount: VolumeMount }[] {
  const out: { container: Container; mount: VolumeMount }[] = [];
  for (const c of w.containers) for (const m of c.mounts) if (str(m.name) === volumeName) out.push({ container: c, mount: m });
  return out;
}

/** Volumes of the pod that project the Secret `secretName`. */
export function secretVolumes(w: Workload, secretName: string): Volume[] {
  return w.volumes.filter((v) => str(v.secret?.secretName) === secretName);
}

/** One projected service account token of the pod, with its volume. */
export interface TokenVolume {
  volume: Volume;
  token: TokenProjection;
}

export function tokenVolumes(w: Workload): TokenVolume[] {
  const out: TokenVolume[] = [];
  for (const v of w.volumes) for (const t of v.projected?.tokens ?? []) out.push({ volume: v, token: t });
  return out;
}

/** True when a container is set up to use AWS credentials (profile file or webhook-style env). */
export function usesAws(c: Container): boolean {
  return c.env.some((e) => {
    const n = str(e.name);
    return n !== undefined && ((CONFIG_FILE_VARS as readonly string[]).includes(n) || (WEBHOOK_ENV_VARS as readonly string[]).includes(n));
  });
}

/**
 * The projected tokens of a pod that are meant for AWS STS (not, say, a Vault token): with one
 * token in a pod that uses AWS, that token; otherwise the tokens mounted where an AWS SDK is told
 * to read it (ccoctl's token directory, the webhook's, or `AWS_WEB_IDENTITY_TOKEN_FILE`), the
 * volume named `bound-sa-token`, or a token that already names an accepted audience.
 */
export function awsTokens(w: Workload, settings: IrsaSettings): TokenVolume[] {
  const all = tokenVolumes(w);
  if (!all.length) return [];
  const podUsesAws = w.containers.some(usesAws);
  const allowed = allowedAudiences(settings);
  const tokenFiles = new Set<string>([CCOCTL_TOKEN_PATH, joinPath(WEBHOOK_TOKEN_DIR, 'token')]);
  for (const c of w.containers) {
    const f = envValue(envOf(c, 'AWS_WEB_IDENTITY_TOKEN_FILE'));
    if (f) tokenFiles.add(f);
  }
  const dirs = new Set([...tokenFiles].map(dirName));
  const picked = all.filter(({ volume, token }) => {
    const name = str(volume.name);
    if (name === TOKEN_VOLUME_NAME) return true;
    const aud = str(token.audience);
    if (aud !== undefined && allowed.includes(aud)) return true;
    return name !== undefined && mountsOf(w, name).some(({ mount }) => dirs.has(str(mount.mountPath)?.replace(/\/+$/, '') ?? ''));
  });
  if (picked.length) return picked;
  return podUsesAws && all.length === 1 ? all : [];
}

/** The web identity token file the SDK will read for `cr`: the linked Secret's value, else ccoctl's constant. */
export function expectedTokenFile(ctx: RuleContext, cr: CredentialsRequest): { path: string; secret?: CcoctlSecret; entry?: IniEntry } {
  for (const s of ctx.ws.secretsFor(cr)) {
    const entry = s.profile.get('web_identity_token_file');
    if (entry && entry.value.startsWith('/')) return { path: entry.value, secret: s, entry };
  }
  return { path: CCOCTL_TOKEN_PATH };
}

/** `the ccoctl Secret \`x\` (file.yaml:5)` or `CredentialsRequest \`y\` (cr.yaml:3)`: who says where the token goes. */
export function tokenFileSource(ctx: RuleContext, cr: CredentialsRequest, exp: { secret?: CcoctlSecret; entry?: IniEntry }): string {
  if (exp.secret && exp.entry) {
    return `the ccoctl Secret \`${str(exp.secret.name) ?? '?'}\` (${where(ctx, exp.secret, exp.secret.credentialsNode).replace(/:\d+$/, '')}:${lineOf(ctx, exp.secret.uri, exp.entry.lineStart)}) sets web_identity_token_file = ${exp.entry.value}`;
  }
  return `ccoctl writes web_identity_token_file = ${CCOCTL_TOKEN_PATH} into the Secret for CredentialsRequest \`${crLabel(cr)}\` (${where(ctx, cr, cr.secretRef?.node ?? cr.root)})`;
}

/** Name of a CredentialsRequest for messages (metadata.name, else its secretRef name). */
export function crLabel(cr: CredentialsRequest): string {
  return str(cr.name) ?? str(cr.secretRef?.name) ?? '(unnamed)';
}

/** Short description of a workload: `Deployment \`orders-api\``. */
export function workloadLabel(w: Workload): string {
  return `${w.workloadKind} \`${str(w.name) ?? '(unnamed)'}\``;
}

/** The node the pod spec hangs from, for findings about the pod as a whole (the `spec:` key). */
export function podSpecAnchor(w: Workload): TreeNode {
  return w.podSpec ?? w.root;
}

/** The file path an env var points a container at, if it mounts the Secret volume: mountPath + `/credentials` or the mapped items path. */
export function credentialsFileIn(v: Volume, mount: VolumeMount): string | undefined {
  const mp = str(mount.mountPath);
  if (!mp) return undefined;
  const items = v.secret?.items ?? [];
  const fileName = items.length ? str(items.find((i) => str(i.key) === 'credentials')?.path) : 'credentials';
  if (fileName === undefined) return undefined;
  const sub = str(mount.subPath);
  if (sub !== undefined) return sub.replace(/^\/+|\/+$/g, '') === fileName ? mp : undefined;
  return joinPath(mp, fileName);
}

// ---------------------------------------------------------------------------------------------
// YAML edits that keep the file's own indentation style.

/** Column of an offset (0-based). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** A value to render as block YAML: scalars, lists and (ordered) mappings. */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

export interface YamlStyle {
  /** Spaces per nesting level of a mapping. */
  step: number;
  /** Whether list items are indented under their key (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
}

function scalarText(v: string | number | boolean): string {
  return typeof v === 'string' ? yamlScalar(v) : String(v);
}

/** Renders a value as block YAML lines, relative to column 0. */
export function renderYaml(v: YamlValue, style: YamlStyle): string[] {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      const lines = renderYaml(item, style);
      out.push('- ' + lines[0]!, ...lines.slice(1).map((l) => '  ' + l));
    }
    return out;
  }
  if (typeof v === 'object') {
    const out: string[] = [];
    for (const [k, val] of Object.entries(v)) {
      if (Array.isArray(val)) {
        const pad = ' '.repeat(style.indentSeq ? style.step : 0);
        out.push(`${k}:`, ...renderYaml(val, style).map((l) => pad + l));
      } else if (typeof val === 'object') {
        const pad = ' '.repeat(style.step);
        out.push(`${k}:`, ...renderYaml(val, style).map((l) => pad + l));
      } else {
        out.push(`${k}: ${scalarText(val)}`);
      }
    }
    return out;
  }
  return [scalarText(v)];
}

/** Indentation style of a document, read from its own block mappings and lists (default 2, indented lists). */
export function styleOf(text: string, w: Workload): YamlStyle {
  let step = 2;
  const ps = w.podSpec;
  if (ps?.pair && ps.pairs.length) {
    const d = columnOf(text, ps.pairs[0]!.key.start) - columnOf(text, ps.pair.key.start);
    if (d > 0) step = d;
  }
  let indentSeq = true;
  const seqs = [w.containersNode, w.volumesNode, ...w.containers.map((c) => c.envNode), ...w.containers.map((c) => c.mountsNode)];
  for (const s of seqs) {
    if (s?.kind !== 'seq' || !s.items.length || !s.pair || isFlow(text, s)) continue;
    indentSeq = dashColumn(text, s.items[0]!) > columnOf(text, s.pair.key.start);
    break;
  }
  return { step, indentSeq };
}

function isFlow(text: string, n: TreeNode): boolean {
  return text[n.start] === '[' || text[n.start] === '{';
}

/** Column of the `-` that introduces a block list item. */
function dashColumn(text: string, item: TreeNode): number {
  // The item's node starts after its anchor or tag (`- &a x`, `- !!str x`), so skip back over them:
  // taking the value's column put a new item inside the previous plain scalar (`x - new`).
  const before = text
    .slice(lineStart(text, item.start), item.start)
    .replace(/(?:[&!]\S*\s+)+$/, '')
    .replace(/ +$/, '');
  return before.endsWith('-') ? before.length - 1 : columnOf(text, item.start);
}

/** Offset just after the line on which a node ends (where a following sibling line goes). */
function afterNode(text: string, n: TreeNode): number {
  const last = n.end > n.start ? n.end - 1 : n.start;
  return lineEndInclusive(text, text[last] === '\n' ? last : n.end);
}

function insertLines(uri: string, text: string, at: number, lines: string[]): EditSpec {
  const needsNl = at === text.length && text.length > 0 && !text.endsWith('\n');
  return { uri, start: at, end: at, newText: (needsNl ? '\n' : '') + lines.join('\n') + '\n' };
}

/**
 * Appends an item to a block list, at the indentation of its existing items.
 * Returns undefined for flow lists (`[a, b]`) and empty lists, which have no style to follow.
 */
export function appendSeqItem(uri: string, text: string, seq: SeqNode, value: YamlValue, style: YamlStyle): EditSpec | undefined {
  if (!seq.items.length || isFlow(text, seq)) return undefined;
  const first = seq.items[0]!;
  const dash = dashColumn(text, first);
  const last = seq.items[seq.items.length - 1]!;
  const lines = renderYaml([value], style).map((l) => ' '.repeat(dash) + l);
  return insertLines(uri, text, afterNode(text, last), lines);
}

/** Adds `key: value` as the last entry of a block mapping, at the column of its keys. */
export function appendMapPair(uri: string, text: string, map: MapNode, key: string, value: YamlValue, style: YamlStyle): EditSpec | undefined {
  if (!map.pairs.length || isFlow(text, map)) return undefined;
  const indent = indentLike(text, map.pairs[0]!.key.start);
  const lastPair = map.pairs[map.pairs.length - 1]!;
  const endNode = lastPair.value ?? lastPair.key;
  const lines = renderYaml({ [key]: value }, style).map((l) => indent + l);
  return insertLines(uri, text, afterNode(text, endNode.end >= lastPair.key.end ? endNode : lastPair.key), lines);
}

/** Adds `key: value` as the first entry of a block mapping (before its first key, same column). */
export function prependMapPair(uri: string, text: string, map: MapNode, key: string, value: YamlValue, style: YamlStyle): EditSpec | undefined {
  if (!map.pairs.length || isFlow(text, map)) return undefined;
  const first = map.pairs[0]!.key;
  const indent = indentLike(text, first.start);
  if (text.slice(lineStart(text, first.start), first.start).trim() !== '') return undefined;
  const lines = renderYaml({ [key]: value }, style);
  return { uri, start: first.start, end: first.start, newText: lines.map((l, i) => (i ? indent : '') + l).join('\n') + '\n' + indent };
}

/** Removes the whole line(s) of a `key: scalar` pair, when the pair sits alone on its line. */
export function removePairLines(uri: string, text: string, value: ScalarNode): EditSpec | undefined {
  const key = value.pair?.key;
  if (!key) return undefined;
  const ls = lineStart(text, key.start);
  if (text.slice(ls, key.start).trim() !== '') return undefined;
  const le = lineEndInclusive(text, value.end);
  return { uri, start: ls, end: le, newText: '' };
}

/**
 * Sets `key: <scalar>` in a mapping that already has `key` with some other value (null, a list, a
 * mapping — anything the model does not read as a scalar), replacing the whole `key: value` text.
 * Returns undefined when the mapping has no such key.
 */
export function replacePairWithScalar(uri: string, text: string, map: MapNode, key: string, value: string): EditSpec | undefined {
  const pair = map.pairs.find((p) => p.key.value === key);
  if (!pair) return undefined;
  // No value node (e.g. an unresolved alias `*a`): the rest of the key's line is the value.
  const eol = text.indexOf('\n', pair.key.end);
  let end = pair.value ? Math.max(pair.key.end, pair.value.end) : eol < 0 ? text.length : eol;
  while (end > pair.key.end && /\s/.test(text[end - 1]!)) end--;
  return { uri, start: pair.key.start, end, newText: `${key}: ${yamlScalar(value)}` };
}

// ---------------------------------------------------------------------------------------------
// How OpenShift's own AWS consumers get their files (issue #11 pattern 6).

/** Names of the pod's `emptyDir` volumes. */
export function emptyDirVolumes(w: Workload): Set<string> {
  const out = new Set<string>();
  for (const v of w.volumes) {
    const n = str(v.name);
    if (n !== undefined && v.node.pairs.some((p) => p.key.value === 'emptyDir')) out.add(n);
  }
  return out;
}

/** True when a container runs HyperShift's token minter (`control-plane-operator token-minter`). */
function isTokenMinter(c: Container): boolean {
  for (const field of ['command', 'args']) {
    const n = c.node.pairs.find((p) => p.key.value === field)?.value;
    const items = n?.kind === 'seq' ? n.items : n ? [n] : [];
    if (items.some((i) => i.kind === 'scalar' && typeof i.value === 'string' && /(^|[\s/])token-minter(\s|$)/.test(i.value))) return true;
  }
  return false;
}

/**
 * `emptyDir` volumes into which a HyperShift token-minter sidecar writes the service account token:
 * it mints a token for `--service-account-name` with `--token-audience` (default `openshift`) and
 * writes it to `--token-file` (default `/var/run/secrets/openshift/serviceaccount/token`) in a shared
 * emptyDir (openshift/hypershift token-minter/tokenminter.go, support/controlplane-component/
 * token-minter-container.go). For the other containers such a volume is the projected token.
 */
export function mintedTokenVolumes(w: Workload): Set<string> {
  const empty = emptyDirVolumes(w);
  const out = new Set<string>();
  for (const c of w.containers) {
    if (!isTokenMinter(c)) continue;
    for (const m of c.mounts) {
      const n = str(m.name);
      if (n !== undefined && empty.has(n)) out.add(n);
    }
  }
  return out;
}

/**
 * Init containers that copy the ccoctl Secret (a volume in `secretVolumes`) into an `emptyDir` that
 * regular containers mount: the OpenShift CSI driver operators' `init-aws-credentials-file` copies
 * `credentials` from the Secret (or writes one from static keys) into a shared emptyDir, and the
 * driver points AWS_CONFIG_FILE there (openshift/csi-operator assets/overlays/aws-efs/patches/
 * controller_add_driver.yaml). Returns each copy: the init container, the emptyDir and the regular
 * containers that mount it (with their mount).
 */
export interface CredentialsCopy {
  copier: Container;
  volume: string;
  readers: { container: Container; mount: VolumeMount }[];
}

export function credentialsCopies(w: Workload, secretVolumes: Set<string | undefined>): CredentialsCopy[] {
  const empty = emptyDirVolumes(w);
  const out: CredentialsCopy[] = [];
  for (const c of w.containers) {
    if (!c.init || !c.mounts.some((m) => secretVolumes.has(str(m.name)))) continue;
    for (const m of c.mounts) {
      const n = str(m.name);
      if (n === undefined || !empty.has(n)) continue;
      const readers = mountsOf(w, n).filter((x) => !x.container.init);
      if (readers.length) out.push({ copier: c, volume: n, readers });
    }
  }
  return out;
}

