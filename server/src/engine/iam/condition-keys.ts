/**
 * (issue #15) Condition keys against the catalogue: which keys exist, and which the actions of a
 * statement offer. Shared by the rule iam-unknown-condition-key and condition-key completion.
 *
 * Facts:
 * - Global keys (`aws:SourceIp`, `aws:PrincipalTag/<key>`, …) apply to every request where their
 *   value exists (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * - A service's keys are listed per action and per resource type in AWS's Service Authorization
 *   Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
 *   an action may list keys of another prefix (`sts:AssumeRoleWithSAML` lists `saml:aud`,
 *   `sts:AssumeRole` lists `iam:ResourceTag/${TagKey}`).
 * - Keys of web identity providers are `<provider>:<claim>` where the provider is the issuer's host
 *   and path (`oidc.eks.eu-west-2.amazonaws.com/id/ABC:sub`; an OpenShift cluster's issuer is an S3
 *   bucket or CloudFront host), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 *   ("Available keys for OIDC federation"). Their set is open-ended, so they are never judged here.
 * Key names compare case-insensitively (IAM-UG reference_policies_elements_condition.html).
 */
import type { IamAction, IamCatalog } from './catalog';

/**
 * The shape of a key this module judges: a service-like prefix (letters, digits, `-`; never a host
 * with `.` or `/`) and a name. Anything else (a provider's claim key, a templated key) is left alone.
 */
const JUDGED_KEY = /^([A-Za-z0-9-]+):(\S+)$/;

/** Every key some service or action lists, per catalogue (built on first use; ~20k names). */
const listedKeys = new WeakMap<IamCatalog, { exact: Map<string, string>; templated: string[] }>();

function listed(cat: IamCatalog): { exact: Map<string, string>; templated: string[] } {
  let l = listedKeys.get(cat);
  if (!l) {
    const exact = new Map<string, string>();
    const templated = new Set<string>();
    const add = (k: string): void => {
      if (templateStart(k) >= 0) templated.add(k);
      else if (!exact.has(k.toLowerCase())) exact.set(k.toLowerCase(), k);
    };
    for (const k of cat.globalConditionKeys) add(k.key);
    for (const s of cat.services) {
      for (const k of s.conditionKeys) add(k.key);
      for (const a of s.actions) a.conditionKeys.forEach(add);
      for (const r of s.resourceTypes) r.conditionKeys.forEach(add);
    }
    listedKeys.set(cat, (l = { exact, templated: [...templated] }));
  }
  return l;
}

/** What the catalogue says of one condition key. */
export type KeyVerdict =
  /**
   * Not judged: a provider claim key, a key with a placeholder, not a `prefix:name` key, or a key of an
   * unknown prefix whose name holds `.` or `/` (an issuer written as an ARN or URL).
   */
  | { kind: 'skip' }
  /** Known; `definition` as the reference writes it (`aws:ResourceTag/${TagKey}`); `global` for global keys. */
  | { kind: 'known'; definition: string; global: boolean }
  /** Unknown; `suggestion` is the nearest key of the same prefix, when one is near. */
  | { kind: 'unknown'; prefix: string; suggestion?: string };

/** Judges `key` (see {@link KeyVerdict}). */
export function judgeConditionKey(cat: IamCatalog, key: string): KeyVerdict {
  const m = JUDGED_KEY.exec(key);
  if (!m || /\$\{|\{\{|<|%\{|\$\(/.test(key)) return { kind: 'skip' };
  const prefix = m[1]!.toLowerCase();
  const global = cat.globalConditionKey(key);
  if (global) return { kind: 'known', definition: global.key, global: true };
  const service = cat.serviceConditionKey(key);
  if (service) return { kind: 'known', definition: service.key, global: false };
  const l = listed(cat);
  const exact = l.exact.get(key.toLowerCase());
  const definition = exact ?? cat.matchConditionKey(key, l.templated);
  if (definition) return { kind: 'known', definition, global: false };
  // `arn:aws:iam::…:oidc-provider/<issuer>:sub`, `https://<issuer>:sub`: a provider's claim key written
  // in another form, which oidc-principal-condition reports (one finding per mistake).
  if (prefix !== 'aws' && !cat.service(prefix) && /[./]/.test(m[2]!)) return { kind: 'skip' };
  return { kind: 'unknown', prefix, suggestion: nearestKey(cat, key, prefix) };
}

/** The key of the same prefix nearest to `key` (edit distance at most 2, or a third of its length). */
function nearestKey(cat: IamCatalog, key: string, prefix: string): string | undefined {
  const l = listed(cat);
  const want = key.toLowerCase();
  const limit = Math.max(2, Math.floor(key.length / 6));
  let best: string | undefined;
  let bestD = limit + 1;
  const consider = (k: string): void => {
    if (!k.toLowerCase().startsWith(prefix + ':')) return;
    // Compare a templated key by its fixed head (`s3:ExistingObjectTag/` of `…/<key>`).
    const t = templateStart(k);
    const cmp = (t >= 0 ? k.slice(0, t) : k).toLowerCase();
    const against = t >= 0 ? want.slice(0, cmp.length) : want;
    const d = editDistanceCapped(against, cmp, limit);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  };
  for (const k of l.exact.values()) consider(k);
  for (const k of l.templated) consider(k);
  return best;
}

/**
 * Where the first placeholder of a templated key starts: the reference writes them `${TagKey}`
 * (`aws:ResourceTag/${TagKey}`) and in a few keys `<key>` (`s3:ExistingObjectTag/<key>`); -1 for none.
 */
export function templateStart(key: string): number {
  const m = /\$\{[^}]*\}|<[^>]+>/.exec(key);
  return m ? m.index : -1;
}

function editDistanceCapped(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let min = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < min) min = v;
    }
    if (min > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The actions an `Action` list names, or undefined when it names every action (`*`) or an item
 * names none the catalogue knows (an unknown action, which iam-unknown-action reports): then no
 * set of actions is certain.
 */
export function resolveActions(cat: IamCatalog, patterns: readonly string[]): IamAction[] | undefined {
  const out: IamAction[] = [];
  for (const p of patterns) {
    if (p.trim() === '*') return undefined;
    const matched = cat.matchActions(p);
    if (!matched.length) return undefined;
    out.push(...matched);
  }
  return out.length ? [...new Set(out)] : undefined;
}

/**
 * True when some action of `actions` offers the service key `definition`: its service is the key's
 * service (a service's keys are read in the context of its own actions; the reference lists many
 * only per resource type row), or the action or one of its resource types lists the key.
 */
export function actionsOfferKey(cat: IamCatalog, actions: readonly IamAction[], definition: string): boolean {
  const prefix = definition.slice(0, definition.indexOf(':')).toLowerCase();
  return actions.some((a) => a.service.prefix.toLowerCase() === prefix || cat.matchConditionKey(definition, cat.conditionKeysOf(a)) !== undefined);
}

/**
 * The condition keys to offer for a statement's actions (completion): the global keys, then each
 * action's keys and its resource types' keys, then the other keys of the actions' services, without
 * duplicates (case-insensitive), in that order. With no known actions: the global keys only.
 */
export function keysForActions(cat: IamCatalog, actions: readonly IamAction[] | undefined): { key: string; source: string }[] {
  const out: { key: string; source: string }[] = [];
  const seen = new Set<string>();
  const add = (key: string, source: string): void => {
    if (seen.has(key.toLowerCase())) return;
    seen.add(key.toLowerCase());
    out.push({ key, source });
  };
  for (const k of cat.globalConditionKeys) add(k.key, 'global condition key');
  for (const a of actions ?? []) for (const k of cat.conditionKeysOf(a)) add(k, `condition key of ${a.qualified}`);
  for (const s of new Set((actions ?? []).map((a) => a.service))) for (const k of s.conditionKeys) add(k.key, `condition key of ${s.name}`);
  return out;
}
