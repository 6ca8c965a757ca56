/**
 * Fuzz inputs: realistic seed workspaces (the repository's own fixtures and examples) mutated at the
 * line and character level, plus generated YAML/JSON documents, plus a sequence of later edits for
 * the incremental check. Every input is bounded (at most {@link MAX_TEXT} UTF-16 code units a file,
 * {@link MAX_FILES} files a workspace) so a case costs milliseconds.
 *
 * Mutations are plain data ({@link Mutation}) applied by {@link mutate}, so fast-check can shrink them
 * and a failing case prints as something a person can replay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { CONFIG_FILE_NAME, parseConfig } from '../../server/src/engine/config';
import type { IrsaSettings } from '../../server/src/engine/types';
import { REPO_ROOT, walkFiles } from '../helpers/fixtures';

/** Largest text a mutation may produce (characters); longer results are cut. */
export const MAX_TEXT = 24_000;
/** Most files of a seed workspace taken into one case. */
export const MAX_FILES = 4;

/** A file of a case: path relative to the workspace root (`/`-separated) and text. */
export interface FuzzFile {
  path: string;
  text: string;
}

/** A fixture folder: the unit a case starts from (its files link to each other). */
export interface SeedGroup {
  name: string;
  settings: IrsaSettings;
  files: FuzzFile[];
}

/** One later edit: replace the text of file `file` (index into the current files), or remove it. */
export interface Step {
  file: number;
  text: string | undefined;
}

export interface FuzzCase {
  group: string;
  settings: IrsaSettings;
  files: FuzzFile[];
  steps: Step[];
}

/** Seed folders: every rule's good/bad fixture, the guide example before and after its fixes, the sample workspaces. */
export function loadSeedGroups(): SeedGroup[] {
  const dirs: string[] = [];
  const rules = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
  for (const r of fs.readdirSync(rules).sort()) for (const s of ['good', 'bad']) if (fs.existsSync(path.join(rules, r, s))) dirs.push(path.join(rules, r, s));
  dirs.push(path.join(REPO_ROOT, 'examples', 'guide'), path.join(REPO_ROOT, 'examples', 'fixed'));
  const ws = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces');
  for (const w of fs.readdirSync(ws).sort()) dirs.push(path.join(ws, w));
  const groups: SeedGroup[] = [];
  for (const dir of dirs) {
    const files = walkFiles(dir)
      .map((p) => ({ path: path.relative(dir, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') }))
      .filter((f) => f.text.length <= MAX_TEXT);
    if (files.length === 0) continue;
    let settings: IrsaSettings = {};
    const cfg = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(cfg)) settings = parseConfig(fs.readFileSync(cfg, 'utf8')).settings;
    groups.push({ name: path.relative(REPO_ROOT, dir).split(path.sep).join('/'), settings, files });
  }
  return groups;
}

// --- Mutations ----------------------------------------------------------------------------------

/** Text that YAML gives a meaning to, or that parsers and offset arithmetic get wrong. */
export const SPECIALS = [
  '? ', ': ', '- ', '<<: ', '<<: *a', '&a ', '*a', '*b', '!!str ', '!!map ', '!!seq ', '!!binary ', '!!int ', '!custom ', '!<tag:x> ',
  '{', '}', '[', ']', '{}', '[]', ',', '"', "'", '"\\u0000"', '|', '|-', '>', '>+', '#', '# irsa-disable-next-line', '%YAML 1.1\n', '%TAG ! tag:x:\n',
  '---\n', '...\n', '\t', '\r', '\r\n', '\uFEFF', '\u2028', '\u0085', '\u00a0', '\u200b', 'é', '😀', '\uD800', '\uDC00', '\u0000',
  'null', '~', 'true', 'no', '0x1F', '0o17', '.nan', '1e9999', '-0', '12:30:00', '2026-01-01', '=', '@', '`', '%', '\\',
  '? - <<: x\n: v', '- - -', 'key: value\n', '*a: b', '&a [*a]',
] as const;

/** Keys of the manifests and policies the engine reads (so mutations land on paths rules look at). */
export const KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'annotations', 'labels', 'spec', 'providerSpec', 'statementEntries', 'effect', 'action',
  'resource', 'policyCondition', 'secretRef', 'serviceAccountNames', 'cloudTokenPath', 'status', 'template', 'containers', 'env', 'value',
  'volumeMounts', 'mountPath', 'volumes', 'secret', 'secretName', 'projected', 'sources', 'serviceAccountToken', 'audience', 'expirationSeconds',
  'path', 'serviceAccountName', 'serviceAccount', 'stringData', 'data', 'credentials', 'Version', 'Statement', 'Sid', 'Effect', 'Principal',
  'Federated', 'AWS', 'Action', 'Resource', 'Condition', 'StringEquals', '<<', 'eks.amazonaws.com/role-arn',
] as const;

/** Values that rules compare, parse or repair. */
export const VALUES = [
  '', 'null', '[]', '{}', '""', 'x', 'Deployment', 'CredentialsRequest', 'ServiceAccount', 'Secret', 'Pod', 'CronJob', 'AWSProviderSpec',
  'cloudcredential.openshift.io/v1', 'apps/v1', 'v1', 'openshift-cloud-credential-operator', 'shop', 'team-a', 'orders', 'default', 'Allow', 'Deny',
  'sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 's3:GetObject', '"*"', 'arn:aws:iam::111122223333:role/prod-creds-shop-orders-aws',
  'arn:aws:iam::111122223333:oidc-provider/example.com', 'AWS_CONFIG_FILE', 'AWS_ROLE_SESSION_NAME', 'AWS_REGION', 'eu-west-2', 'openshift',
  'sts.amazonaws.com', '3600', '599', '-1', '1e400', '/var/run/secrets/openshift/serviceaccount/token', '/var/run/secrets/cloud/credentials',
  'token', '2012-10-17', 'Bad_Name!', 'UPPER', 'a'.repeat(70), '"quoted: value"', "'single'", '|\n  block', '[a, b]', '{a: 1}', '*a', '&a x',
] as const;

export type Mutation =
  | { op: 'deleteLines'; line: number; count: number }
  | { op: 'dupLine'; line: number }
  | { op: 'swapLines'; line: number; other: number }
  | { op: 'moveLine'; line: number; to: number }
  | { op: 'indent'; line: number; count: number; delta: number }
  | { op: 'tabIndent'; line: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'insertLine'; line: number; text: string }
  | { op: 'deleteChars'; at: number; count: number }
  | { op: 'setValue'; line: number; value: string }
  | { op: 'setKey'; line: number; key: string }
  | { op: 'bom' }
  | { op: 'crlf'; all: boolean; line: number }
  | { op: 'longLine'; line: number; length: number }
  | { op: 'nest'; line: number; depth: number; style: 'block' | 'flow' | 'seq' }
  | { op: 'truncate'; at: number }
  | { op: 'anchor'; line: number; alias: number };

/** Line boundaries of `text` (split on `\n` only: a mutation keeps any `\r` with its line). */
function lines(text: string): string[] {
  return text.split('\n');
}

function at<T>(xs: readonly T[], i: number): number {
  return xs.length === 0 ? 0 : i % xs.length;
}

/** Applies one mutation; positions are taken modulo the text's size, so every mutation applies to every text. */
export function mutate(text: string, m: Mutation): string {
  const ls = lines(text);
  const li = at(ls, 'line' in m ? m.line : 0);
  let out: string;
  switch (m.op) {
    case 'deleteLines':
      ls.splice(li, m.count);
      out = ls.join('\n');
      break;
    case 'dupLine':
      ls.splice(li, 0, ls[li]!);
      out = ls.join('\n');
      break;
    case 'swapLines': {
      const o = at(ls, m.other);
      [ls[li], ls[o]] = [ls[o]!, ls[li]!];
      out = ls.join('\n');
      break;
    }
    case 'moveLine': {
      const [l] = ls.splice(li, 1);
      ls.splice(at(ls, m.to), 0, l!);
      out = ls.join('\n');
      break;
    }
    case 'indent':
      for (let i = li; i < Math.min(ls.length, li + m.count); i++) {
        const l = ls[i]!;
        ls[i] = m.delta >= 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      }
      out = ls.join('\n');
      break;
    case 'tabIndent':
      ls[li] = ls[li]!.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length >> 1)));
      out = ls.join('\n');
      break;
    case 'insert': {
      const p = text.length === 0 ? 0 : m.at % (text.length + 1);
      out = text.slice(0, p) + m.text + text.slice(p);
      break;
    }
    case 'insertLine':
      ls.splice(li, 0, (ls[li]?.match(/^\s*/)?.[0] ?? '') + m.text);
      out = ls.join('\n');
      break;
    case 'deleteChars': {
      const p = text.length === 0 ? 0 : m.at % text.length;
      out = text.slice(0, p) + text.slice(p + m.count);
      break;
    }
    case 'setValue': {
      const l = ls[li]!;
      const colon = l.search(/:( |$)/);
      const dash = l.match(/^(\s*- )/);
      if (colon >= 0) ls[li] = l.slice(0, colon) + ': ' + m.value;
      else if (dash) ls[li] = dash[1] + m.value;
      else ls[li] = l.replace(/\S.*$/, m.value);
      out = ls.join('\n');
      break;
    }
    case 'setKey': {
      const l = ls[li]!;
      ls[li] = /^(\s*(?:- )?)[^:\s][^:]*:/.test(l) ? l.replace(/^(\s*(?:- )?)[^:\s][^:]*:/, `$1${m.key}:`) : l.replace(/^(\s*(?:- )?)/, `$1${m.key}: `);
      out = ls.join('\n');
      break;
    }
    case 'bom':
      out = '\uFEFF' + text;
      break;
    case 'crlf':
      if (m.all) out = text.replace(/\r?\n/g, '\r\n');
      else {
        ls[li] = ls[li] + '\r';
        out = ls.join('\n');
      }
      break;
    case 'longLine': {
      const l = ls[li]!;
      const colon = l.indexOf(': ');
      ls[li] = colon >= 0 ? l + 'x'.repeat(m.length) : l + ' ' + 'y'.repeat(m.length);
      out = ls.join('\n');
      break;
    }
    case 'nest': {
      const indent = ls[li]?.match(/^\s*/)?.[0] ?? '';
      // Flow nesting costs two characters a level; block nesting depth² characters (capped at 150).
      const depth = m.style === 'flow' ? m.depth : Math.min(m.depth, 150);
      let block: string;
      if (m.style === 'flow') block = `${indent}deep: ${'['.repeat(depth)}1${']'.repeat(depth)}`;
      else if (m.style === 'seq') block = `${indent}deep:\n${Array.from({ length: depth }, (_, i) => `${indent}${'  '.repeat(i)}- `).join('\n')}x`;
      else block = Array.from({ length: depth }, (_, i) => `${indent}${'  '.repeat(i)}k${i}:`).join('\n') + ' x';
      ls.splice(li, 0, block);
      out = ls.join('\n');
      break;
    }
    case 'truncate':
      out = text.slice(0, text.length === 0 ? 0 : m.at % text.length);
      break;
    case 'anchor': {
      const l = ls[li]!;
      const colon = l.search(/: \S/);
      if (colon >= 0) ls[li] = l.slice(0, colon + 2) + '&a ' + l.slice(colon + 2);
      const o = at(ls, m.alias);
      const ol = ls[o]!;
      const oc = ol.search(/: \S/);
      ls[o] = oc >= 0 ? ol.slice(0, oc + 2) + '*a' : ol + ' *a';
      out = ls.join('\n');
      break;
    }
  }
  return out.length > MAX_TEXT ? out.slice(0, MAX_TEXT) : out;
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(mutate, text);
}

const pos = fc.nat({ max: 10_000 });
const special = fc.constantFrom(...SPECIALS);

/**
 * One mutation. `maxDepth` bounds generated nesting (deep nesting is a known stack-depth hazard;
 * the in-suite run keeps it moderate, the long run goes deeper).
 */
export function mutationArb(maxDepth: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLines' as const), line: pos, count: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('dupLine' as const), line: pos }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('swapLines' as const), line: pos, other: pos }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('moveLine' as const), line: pos, to: pos }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('indent' as const), line: pos, count: fc.integer({ min: 1, max: 5 }), delta: fc.integer({ min: -4, max: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('tabIndent' as const), line: pos }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, text: special }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('insertLine' as const), line: pos, text: fc.oneof(special, fc.constantFrom(...KEYS).map((k) => `${k}: x`)) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteChars' as const), at: pos, count: fc.integer({ min: 1, max: 12 }) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('setValue' as const), line: pos, value: fc.constantFrom(...VALUES) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('setKey' as const), line: pos, key: fc.constantFrom(...KEYS) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('crlf' as const), all: fc.boolean(), line: pos }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('longLine' as const), line: pos, length: fc.integer({ min: 100, max: 5000 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('nest' as const), line: pos, depth: fc.integer({ min: 2, max: maxDepth }), style: fc.constantFrom('block' as const, 'flow' as const, 'seq' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pos }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('anchor' as const), line: pos, alias: pos }) },
  );
}

// --- Generated documents ------------------------------------------------------------------------

const KINDS = ['CredentialsRequest', 'Deployment', 'Pod', 'CronJob', 'StatefulSet', 'ServiceAccount', 'Secret', 'DeploymentConfig', 'ConfigMap'] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);

/** A YAML/JSON value of bounded depth and size whose keys are the ones rules read. */
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** A generated manifest or policy, serialised in one of several styles. */
export const generatedFile: fc.Arbitrary<FuzzFile> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: fc.constantFrom('orders', 'reader', 'Bad_Name', 'a'.repeat(64)),
    ns: fc.option(fc.constantFrom('shop', 'team-a', 'openshift-cloud-credential-operator'), { nil: undefined }),
    spec: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }),
    style: fc.constantFrom('block', 'flow', 'json', 'policy'),
    folder: fc.constantFrom('credrequests', 'deploy', 'manifests', 'iam', ''),
  })
  .map(({ kind, name, ns, spec, style, folder }) => {
    const dir = folder ? `${folder}/` : '';
    if (style === 'policy') {
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...spec }] };
      return { path: `${dir}gen-policy.json`, text: JSON.stringify(policy, null, 2) };
    }
    const doc = { apiVersion: kind === 'CredentialsRequest' ? 'cloudcredential.openshift.io/v1' : 'v1', kind, metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec };
    if (style === 'json') return { path: `${dir}gen.json`, text: JSON.stringify(doc, null, 2) };
    return { path: `${dir}gen.yaml`, text: YAML.stringify(doc, { collectionStyle: style === 'flow' ? 'flow' : 'any', aliasDuplicateObjects: false, lineWidth: 0 }).slice(0, MAX_TEXT) };
  });

// --- Cases --------------------------------------------------------------------------------------

/**
 * A workspace case: up to {@link MAX_FILES} files of one seed group (each mutated or not), sometimes a
 * generated file, then up to four later edits (mutations of the then-current text, or removal).
 */
export function caseArb(groups: readonly SeedGroup[], maxDepth: number): fc.Arbitrary<FuzzCase> {
  const mutations = fc.array(mutationArb(maxDepth), { minLength: 1, maxLength: 4 });
  return fc.constantFrom(...groups).chain((g) =>
    fc
      .record({
        picked: fc.shuffledSubarray(g.files, { minLength: 1, maxLength: Math.min(MAX_FILES, g.files.length) }),
        muts: fc.array(fc.option(mutations, { nil: undefined, freq: 4 }), { minLength: MAX_FILES, maxLength: MAX_FILES }),
        extra: fc.option(generatedFile, { nil: undefined, freq: 3 }),
        later: fc.array(fc.record({ file: fc.nat({ max: MAX_FILES }), muts: fc.option(mutations, { nil: undefined, freq: 6 }) }), { maxLength: 4 }),
      })
      .map(({ picked, muts, extra, later }) => {
        const files = picked.map((f, i) => ({ path: f.path, text: muts[i] ? applyMutations(f.text, muts[i]!) : f.text }));
        if (extra && !files.some((f) => f.path === extra.path)) files.push(extra);
        const current = files.map((f) => f.text as string | undefined);
        const steps: Step[] = later.map((s) => {
          const file = s.file % files.length;
          const text = s.muts === undefined ? undefined : applyMutations(current[file] ?? '', s.muts);
          current[file] = text;
          return { file, text };
        });
        return { group: g.name, settings: g.settings, files, steps };
      }),
  );
}

/** Number of documents a case puts through the engine: its files plus its later edits. */
export function documentsOf(c: FuzzCase): number {
  return c.files.length + c.steps.length;
}

/**
 * Case `index` of the run with `seed`: the same case every time, whichever process generates it
 * (the long run's workers, a replay).
 */
export function caseAt(groups: readonly SeedGroup[], maxDepth: number, seed: number, index: number): FuzzCase {
  if (cached?.groups !== groups || cached.maxDepth !== maxDepth) cached = { groups, maxDepth, arb: caseArb(groups, maxDepth) };
  return fc.sample(cached.arb, { seed: (seed * 1_000_003 + index) | 0, numRuns: 1 })[0]!;
}
let cached: { groups: readonly SeedGroup[]; maxDepth: number; arb: fc.Arbitrary<FuzzCase> } | undefined;
