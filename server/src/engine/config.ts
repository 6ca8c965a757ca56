/**
 * `.irsa.yaml` at the workspace root: read the same way by the CLI and the language server.
 *
 * ```yaml
 * ccoctl:
 *   name: my-namespace-creds            # ccoctl --name (role-name prefix)
 *   identityProviderArn: arn:aws:iam::111122223333:oidc-provider/example.s3.eu-west-2.amazonaws.com
 * audiences: [openshift, sts.amazonaws.com]   # OIDC provider client IDs
 * accountIds: ["111122223333"]
 * trustPolicies:                      # which role a trust policy file belongs to, when its name does not say
 *   iam/trust.json: orders-api
 * applications:                       # which workloads run the code of a source folder (dependency manifests)
 *   services/orders: orders-api         # a workload name, `workload/container`, or a list of them
 * rules:
 *   region-env: off                     # error | warning | info | hint | off
 * ignore:
 *   - "vendor/**"
 * ```
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { compileGlob, limitGlobList } from './glob';
import { RULES_BY_ID } from './rules';
import { looseRoleOf, ROLE_NAME } from './domain';
import type { IrsaSettings, SeverityOverride } from './types';

export const CONFIG_FILE_NAME = '.irsa.yaml';

export interface ConfigProblem {
  /** Offset in the config text. */
  offset: number;
  message: string;
}

const SEVERITIES: SeverityOverride[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Parses `.irsa.yaml`. Unknown keys and bad values are problems; the valid parts still apply. */
export function parseConfig(text: string): { settings: IrsaSettings; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const settings: IrsaSettings = {};
  const doc = parseDocument(text, { prettyErrors: false });
  for (const e of doc.errors) problems.push({ offset: e.pos[0], message: `YAML: ${e.message.split('\n')[0]}` });
  if (doc.errors.length) return { settings, problems };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    problems.push({ offset: 0, message: e instanceof Error ? e.message : String(e) });
    return { settings, problems };
  }
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ offset: 0, message: 'the configuration must be a mapping' });
    return { settings, problems };
  }
  const r = raw as Record<string, unknown>;
  /** Offset of the key at `path` (the item itself for list indexes), so problems point at what to edit. */
  const at = (...path: (string | number)[]): number => {
    const last = path[path.length - 1];
    if (typeof last === 'string') {
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        const r = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (r) return r[0];
      }
    }
    const n = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return n?.range?.[0] ?? 0;
  };
  for (const key of Object.keys(r)) {
    if (!['ccoctl', 'audiences', 'accountIds', 'trustPolicies', 'applications', 'rules', 'ignore'].includes(key)) {
      problems.push({ offset: at(key), message: `unknown key \`${key}\` (allowed: ccoctl, audiences, accountIds, trustPolicies, applications, rules, ignore)` });
    }
  }
  const cc = r['ccoctl'];
  if (cc !== undefined) {
    if (typeof cc !== 'object' || cc === null || Array.isArray(cc)) problems.push({ offset: at('ccoctl'), message: '`ccoctl` must be a mapping' });
    else {
      const c = cc as Record<string, unknown>;
      for (const k of Object.keys(c)) {
        if (k !== 'name' && k !== 'identityProviderArn') problems.push({ offset: at('ccoctl', k), message: `unknown key \`ccoctl.${k}\` (allowed: name, identityProviderArn)` });
      }
      if (c['name'] !== undefined) {
        if (typeof c['name'] === 'string' && /^[\w+=,.@-]+$/.test(c['name'])) settings.ccoctlName = c['name'];
        else problems.push({ offset: at('ccoctl', 'name'), message: '`ccoctl.name` must be a string of `[\\w+=,.@-]` characters (it prefixes IAM role names)' });
      }
      if (c['identityProviderArn'] !== undefined) {
        if (typeof c['identityProviderArn'] === 'string') settings.oidcProviderArn = c['identityProviderArn'];
        else problems.push({ offset: at('ccoctl', 'identityProviderArn'), message: '`ccoctl.identityProviderArn` must be a string' });
      }
    }
  }
  const strList = (key: 'audiences' | 'accountIds' | 'ignore'): string[] | undefined => {
    const v = r[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      problems.push({ offset: at(key), message: `\`${key}\` must be a list of strings` });
      return undefined;
    }
    return v.map(String);
  };
  const aud = strList('audiences');
  // An empty list would let no token audience pass token-audience; more likely a mistake than intended.
  if (aud && aud.length === 0) problems.push({ offset: at('audiences'), message: '`audiences` is empty; list the audiences your OIDC provider accepts (ccoctl: openshift, sts.amazonaws.com) or leave the key out' });
  else if (aud) settings.audiences = aud;
  const acc = strList('accountIds');
  if (acc) {
    for (const [i, a] of acc.entries()) if (!/^\d{12}$/.test(a)) problems.push({ offset: at('accountIds', i), message: `account id \`${a}\` must be 12 digits (quote it so YAML keeps leading zeros)` });
    settings.accountIds = acc;
  }
  const ign = strList('ignore');
  if (ign) {
    // A glob the matcher cannot compile would silently match nothing: say which and why.
    // Every path is tested against every glob: a list past the bounds is cut, and said so.
    const limited = limitGlobList(ign);
    for (const [i, g] of limited.kept.entries()) {
      const compiled = compileGlob(g);
      if ('error' in compiled) problems.push({ offset: at('ignore', i), message: `ignore glob \`${g.length > 60 ? g.slice(0, 60) + '…' : g}\`: ${compiled.error}` });
    }
    if (limited.error) problems.push({ offset: at('ignore', limited.kept.length), message: `\`ignore\`: ${limited.error}` });
    settings.ignore = limited.kept;
  }
  const tp = r['trustPolicies'];
  if (tp !== undefined) {
    if (typeof tp !== 'object' || tp === null || Array.isArray(tp)) problems.push({ offset: at('trustPolicies'), message: '`trustPolicies` must be a mapping of trust policy file (relative to the workspace root) to IAM role name' });
    else {
      const out: Record<string, string> = {};
      for (const [file, role] of Object.entries(tp as Record<string, unknown>)) {
        // A role ARN is accepted too: its last path segment is the role name.
        const name = typeof role === 'string' ? (looseRoleOf(role)?.roleName ?? role) : undefined;
        if (name === undefined || !ROLE_NAME.test(name)) {
          problems.push({ offset: at('trustPolicies', file), message: `the role of \`${file}\` must be an IAM role name (1–64 characters of [\\w+=,.@-]) or role ARN` });
          continue;
        }
        out[file.replace(/^\.\//, '')] = name;
      }
      settings.trustPolicies = out;
    }
  }
  const apps = r['applications'];
  if (apps !== undefined) {
    if (typeof apps !== 'object' || apps === null || Array.isArray(apps)) problems.push({ offset: at('applications'), message: '`applications` must be a mapping of source folder (relative to the workspace root) to workload names (`name` or `name/container`, or a list of them)' });
    else {
      const out: Record<string, { workload: string; container?: string }[]> = {};
      for (const [folder, value] of Object.entries(apps as Record<string, unknown>)) {
        const list = Array.isArray(value) ? value : [value];
        const refs: { workload: string; container?: string }[] = [];
        for (const v of list) {
          // metadata.name and container names are DNS labels/subdomains (Kubernetes validation).
          const m = typeof v === 'string' ? /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?:\/([a-z0-9]([-a-z0-9]*[a-z0-9])?))?$/.exec(v) : null;
          if (!m) {
            problems.push({ offset: at('applications', folder), message: `the workloads of \`${folder}\` must be workload names (\`orders-api\`) or \`workload/container\`, or a list of them` });
            continue;
          }
          refs.push(m[3] !== undefined ? { workload: m[1]!, container: m[3] } : { workload: m[1]! });
        }
        const key = folder.replace(/^\.\//, '').replace(/\/+$/, '');
        if (refs.length > 0) out[key] = refs;
      }
      settings.applications = out;
    }
  }
  const rules = r['rules'];
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) problems.push({ offset: at('rules'), message: '`rules` must be a mapping of rule id to severity' });
    else {
      settings.rules = {};
      for (const [id, sev] of Object.entries(rules as Record<string, unknown>)) {
        if (!RULES_BY_ID.has(id)) {
          problems.push({ offset: at('rules', id), message: `unknown rule id \`${id}\`` });
          continue;
        }
        const s = sev === false ? 'off' : sev;
        if (typeof s !== 'string' || !SEVERITIES.includes(s as SeverityOverride)) {
          problems.push({ offset: at('rules', id), message: `severity of \`${id}\` must be one of ${SEVERITIES.join(', ')}` });
          continue;
        }
        settings.rules[id] = s as SeverityOverride;
      }
    }
  }
  return { settings, problems };
}

/** Merges settings; later sources win key by key, rule overrides merge per id. */
export function mergeSettings(...sources: (IrsaSettings | undefined)[]): IrsaSettings {
  const out: IrsaSettings = {};
  for (const s of sources) {
    if (!s) continue;
    if (s.ccoctlName !== undefined) out.ccoctlName = s.ccoctlName;
    if (s.oidcProviderArn !== undefined) out.oidcProviderArn = s.oidcProviderArn;
    if (s.audiences !== undefined) out.audiences = s.audiences;
    if (s.accountIds !== undefined) out.accountIds = s.accountIds;
    if (s.trustPolicies !== undefined) out.trustPolicies = { ...(out.trustPolicies ?? {}), ...s.trustPolicies };
    if (s.applications !== undefined) out.applications = { ...(out.applications ?? {}), ...s.applications };
    if (s.ignore !== undefined) out.ignore = [...(out.ignore ?? []), ...s.ignore];
    if (s.rules !== undefined) out.rules = { ...(out.rules ?? {}), ...s.rules };
  }
  return out;
}
