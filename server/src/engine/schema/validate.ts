/**
 * JSON-schema validation of classified documents with ajv, compiled once per process (never per
 * keystroke), with each ajv error mapped to the exact node: `required` on the parent's key,
 * `additionalProperties` on the offending key, type/enum/pattern on the value. anyOf/oneOf branch
 * errors are collapsed into one finding for the alternative.
 *
 * Schemas annotate nodes with `"x-irsa-rule": "<rule-id>"`; an error is reported under the rule of
 * the nearest annotated schema node on its schemaPath (fallback: `schema-validation`), so a rule such
 * as `cr-statement-effect` can be backed by the schema instead of duplicating it in code.
 * `"x-irsa-message"` on a schema node replaces the generic message (`{key}`, `{value}` are filled in).
 * `"x-irsa-missing"` on a property replaces the message when it is missing, and `"x-irsa-missing-rule"`
 * names the rule that reports it missing (else its `x-irsa-rule`).
 */
import { isPlaceholderNode } from '../model/unknown';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CredentialsRequest, IrsaDocument } from '../model/types';
import { ExpansionLimitError, get, PathSegment, toPlain, TreeNode } from '../parse/tree';
import ccoctlSecretSchema from '../../../../schemas/ccoctl-secret.schema.json';
import credentialsRequestSchema from '../../../../schemas/credentials-request.schema.json';
import podSpecSchema from '../../../../schemas/pod-spec.schema.json';
import identityPolicySchema from '../../../../schemas/iam-identity-policy.schema.json';
import trustPolicySchema from '../../../../schemas/iam-trust-policy.schema.json';
import * as generated from './validators.generated';

export const FALLBACK_SCHEMA_RULE = 'schema-validation';

type JsonSchema = Record<string, unknown>;

/** The schema of each document kind, by `$id`-less key. Exposed for hover and completion. */
export const SCHEMAS = {
  credentialsRequest: credentialsRequestSchema as JsonSchema,
  ccoctlSecret: ccoctlSecretSchema as JsonSchema,
  podSpec: podSpecSchema as JsonSchema,
  trustPolicy: trustPolicySchema as JsonSchema,
  identityPolicy: identityPolicySchema as JsonSchema,
};
type SchemaKey = keyof typeof SCHEMAS;

let compiled: Map<SchemaKey, ValidateFunction> | undefined;

/**
 * FNV-1a (32 bit, hex) of the schemas' JSON in {@link SCHEMAS} order: the same function as
 * scripts/gen-schema-validators.mjs, to tell whether the ahead-of-time validators are current.
 */
export function schemaHash(schemas: readonly unknown[] = Object.values(SCHEMAS)): string {
  let h = 0x811c9dc5;
  for (const s of schemas) {
    const text = JSON.stringify(s);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * `true` in the server and CLI bundles (esbuild `define`, see esbuild.mjs); not defined under tsc
 * (out/, tests). A bundle is built with validators generated from the very schemas it bundles, so it
 * needs neither the hash check nor ajv's compiler, and esbuild leaves both out (~260 KB of start-up).
 */
declare const IRSA_BUNDLE: boolean | undefined;

/**
 * CommonJS `require` (tsc and esbuild emit CommonJS), typed for the one module loaded lazily below; the
 * engine's tsconfig has no Node types, which would declare it for every module name.
 */
declare function require(id: 'ajv'): typeof import('ajv');

/**
 * The validators, compiled once per process. Bundles use the ahead-of-time code of
 * validators.generated.ts (ajv standalone, options AJV_OPTIONS of scripts/gen-schema-validators.mjs).
 * Elsewhere that code is used when it was generated from these very schemas; otherwise (a schema
 * edited since the last build) ajv compiles them here, with the same options, which costs ~300 ms of CPU.
 */
function validators(): Map<SchemaKey, ValidateFunction> {
  if (compiled) return compiled;
  const aot = new Map<SchemaKey, ValidateFunction>();
  for (const k of Object.keys(SCHEMAS) as SchemaKey[]) aot.set(k, generated[k] as ValidateFunction);
  // Keep this an if/else on the constant: esbuild drops the dead branch, and with it require('ajv').
  if (typeof IRSA_BUNDLE !== 'undefined' && IRSA_BUNDLE) {
    compiled = aot;
  } else if (generated.SCHEMA_HASH === schemaHash()) {
    compiled = aot;
  } else {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: false });
    compiled = new Map();
    for (const [k, s] of Object.entries(SCHEMAS) as [SchemaKey, JsonSchema][]) compiled.set(k, ajv.compile(s));
  }
  return compiled;
}

export interface SchemaFinding {
  ruleId: string;
  node: TreeNode;
  part: 'key' | 'value';
  message: string;
  /** The ajv keyword that failed (`required`, `additionalProperties`, `type`, `enum`, `pattern`, …). */
  keyword: string;
  /** ajv's params for that keyword (`missingProperty`, `additionalProperty`, `type`, `allowedValues`, …). */
  params: Record<string, unknown>;
}

/** Which schema applies to a document, and the subtree it applies to. */
function schemaFor(d: IrsaDocument): { key: SchemaKey; node: TreeNode | undefined; prefix: PathSegment[] } | undefined {
  switch (d.kind) {
    case 'credentialsRequest':
      return { key: 'credentialsRequest', node: d.root, prefix: [] };
    case 'ccoctlSecret':
      return { key: 'ccoctlSecret', node: d.root, prefix: [] };
    case 'workload':
      return d.podSpec ? { key: 'podSpec', node: d.podSpec, prefix: d.podSpecPath } : undefined;
    case 'iamPolicy':
      if (d.policyType === 'resource') return undefined;
      return { key: d.policyType === 'trust' ? 'trustPolicy' : 'identityPolicy', node: d.root, prefix: [] };
    default:
      return undefined;
  }
}

/**
 * Validates one document. Returns no findings for kinds without a schema.
 * @throws ExpansionLimitError when YAML aliases expand past the budget (the caller reports it).
 */
export function validateDocument(d: IrsaDocument, text?: string): SchemaFinding[] {
  const which = schemaFor(d);
  if (!which || !which.node) return [];
  const validate = validators().get(which.key)!;
  const data = toPlain(which.node);
  if (validate(data)) return [];
  const found = mapErrors(validate.errors ?? [], which.node, data, SCHEMAS[which.key], text);
  return d.kind === 'credentialsRequest' && d.cloud !== 'aws' ? found.filter((f) => !awsOnlyFinding(d, f)) : found;
}

/**
 * The CredentialsRequest schema describes the AWS request `ccoctl aws` reads. For a request of another
 * cloud (Azure, GCP, … see CredentialsRequest.cloud) only its envelope is checked: what the schema says
 * inside `providerSpec` (AWSProviderSpec keys) and its ccoctl-aws requirement of `serviceAccountNames`
 * do not apply (the CRD leaves both to the provider: providerSpec is preserve-unknown-fields,
 * serviceAccountNames is optional; CCO types_credentialsrequest.go).
 */
function awsOnlyFinding(d: CredentialsRequest, f: SchemaFinding): boolean {
  const ps = d.providerSpec;
  if (ps && f.node.start >= ps.start && f.node.end <= ps.end) return true;
  if (f.keyword === 'minItems' && f.node === d.serviceAccountNamesNode) return true;
  return f.keyword === 'required' && f.params['missingProperty'] === 'serviceAccountNames';
}

export { ExpansionLimitError };

function decodePointer(p: string): string[] {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The plain value at a decoded instancePath (what ajv's `verbose` option would put in `error.data`). */
function valueAtPointer(data: unknown, segments: string[]): unknown {
  let cur = data;
  for (const seg of segments) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (cur !== null && typeof cur === 'object') cur = (cur as Record<string, unknown>)[seg];
    else return undefined;
  }
  return cur;
}

function nodeAtPointer(root: TreeNode, segments: string[]): TreeNode | undefined {
  let cur: TreeNode | undefined = root;
  for (const seg of segments) {
    if (!cur) return undefined;
    cur = cur.kind === 'seq' ? cur.items[Number(seg)] : get(cur, seg);
  }
  return cur;
}

/** Walks a schemaPath (`#/properties/spec/...`) and returns the schema nodes along it. */
function schemaChain(root: JsonSchema, schemaPath: string): JsonSchema[] {
  const chain: JsonSchema[] = [root];
  let cur: unknown = root;
  for (const seg of decodePointer(schemaPath.replace(/^#/, ''))) {
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[seg];
    else break;
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) chain.push(cur as JsonSchema);
  }
  return chain;
}

function ruleOf(chain: JsonSchema[]): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const r = chain[i]!['x-irsa-rule'];
    if (typeof r === 'string') return r;
  }
  return FALLBACK_SCHEMA_RULE;
}

function fmt(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function actualType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}

function listWords(values: unknown[]): string {
  const s = values.map((v) => fmt(v));
  if (s.length <= 1) return s.join('');
  return s.slice(0, -1).join(', ') + ' or ' + s[s.length - 1];
}

/** Closest allowed key for a misspelt or wrongly cased key (case-insensitive match, or edit distance ≤ 2). */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = allowed.find((a) => a.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(lower, a.toLowerCase(), 2);
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best;
}

/**
 * Levenshtein distance between `a` and `b`, capped: `cap + 1` as soon as it is known to exceed `cap`
 * (lengths that differ by more, or a row whose minimum is past it), so a long key costs little.
 */
export function editDistance(a: string, b: string, cap: number): number {
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
  return Math.min(prev[b.length]!, cap + 1);
}

/**
 * (#11 pattern 4) True when the error is about a value a template fills in, or about something inside
 * one (an unquoted `{{ .x }}` is a YAML flow mapping): `expirationSeconds: ${TTL}` is no string where a
 * number belongs, it is not known yet. Errors about the literal parts of the document are kept.
 * `text` is the file's text (for the `{{` mapping test); without it only scalar placeholders count.
 */
function withinPlaceholder(node: TreeNode, text: string | undefined): boolean {
  for (let n: TreeNode | undefined = node; n; n = n.parent) if (isPlaceholderNode(n, text)) return true;
  return false;
}

/** `data` is the plain value that was validated (`toPlain(root)`). */
function mapErrors(errors: ErrorObject[], root: TreeNode, data: unknown, schema: JsonSchema, text?: string): SchemaFinding[] {
  // Collapse anyOf/oneOf: drop errors raised inside a branch when the alternative itself failed.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const kept = errors.filter(
    (e) => !alternatives.some((a) => a !== e && e.schemaPath.startsWith(a.schemaPath + '/') && e.instancePath.startsWith(a.instancePath)),
  );
  // `if`/`then` wrappers add an "if" error beside the real one; it says nothing to a user.
  const useful = kept.filter((e) => e.keyword !== 'if');
  const out: SchemaFinding[] = [];
  const seen = new Set<string>();
  for (const e of useful) {
    const segs = decodePointer(e.instancePath);
    const node = nodeAtPointer(root, segs);
    if (!node) continue;
    // A quoted placeholder stays a string once rendered (`"{{ .On }}"` gives `"true"`), so a type error on
    // it is real; any other error about a placeholder waits for the rendered value.
    if (withinPlaceholder(node, text) && !(e.keyword === 'type' && node.kind === 'scalar' && node.quoted)) continue;
    const value = valueAtPointer(data, segs);
    const chain = schemaChain(schema, e.schemaPath);
    const owner = chain[chain.length - 1]!;
    const ruleId = ruleOf(chain);
    const keyName = segs.length ? segs[segs.length - 1]! : '(document)';
    const label = /^\d+$/.test(keyName) ? `item ${Number(keyName) + 1} of \`${segs[segs.length - 2] ?? 'list'}\`` : `\`${keyName}\``;
    let target: TreeNode = node;
    let part: 'key' | 'value' = 'value';
    let message: string;
    const custom = owner['x-irsa-message'];
    switch (e.keyword) {
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const props = (owner['properties'] ?? (chain[chain.length - 2]?.['properties'] as unknown)) as Record<string, JsonSchema> | undefined;
        const what = props?.[missing]?.['title'];
        const childMsg = props?.[missing]?.['x-irsa-missing'];
        message =
          typeof childMsg === 'string'
            ? childMsg
            : `${segs.length ? label : 'The document'} is missing \`${missing}\`${typeof what === 'string' ? ` (${what})` : ''}.`;
        const childRule = props?.[missing]?.['x-irsa-missing-rule'] ?? props?.[missing]?.['x-irsa-rule'];
        if (node.pair) part = 'key';
        out.push(finish(typeof childRule === 'string' ? childRule : ruleId, target, part, message, e));
        continue;
      }
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const pair = node.kind === 'map' ? node.pairs.find((p) => p.key.value === extra) : undefined;
        const allowed = Object.keys((owner['properties'] as Record<string, unknown>) ?? {});
        const hint = suggestKey(extra, allowed);
        message = `Unknown key \`${extra}\` in ${segs.length ? label : 'the document'}${hint ? `; did you mean \`${hint}\`? Keys are case-sensitive` : `; allowed keys: ${allowed.map((a) => `\`${a}\``).join(', ')}`}.`;
        const extraMsg = owner['x-irsa-unknown-key'];
        if (typeof extraMsg === 'string') message += ' ' + extraMsg;
        if (pair) {
          target = pair.key;
          part = 'value';
        }
        out.push(finish(ruleId, target, part, message, e));
        continue;
      }
      case 'type':
        message = `${label} must be ${listWords(String((e.params as { type: string }).type).split(',').map((t) => TYPE_WORDS[t] ?? t))}; found ${actualType(value)}.`;
        break;
      case 'enum':
        message = `${label} must be ${listWords((e.params as { allowedValues: unknown[] }).allowedValues)}; found ${fmt(value)}.`;
        break;
      case 'const':
        message = `${label} must be ${fmt((e.params as { allowedValue: unknown }).allowedValue)}; found ${fmt(value)}.`;
        break;
      case 'pattern':
        message = `${label} has an invalid format: "${fmt(value)}"${typeof owner['x-irsa-format'] === 'string' ? `; expected ${owner['x-irsa-format']}` : ''}.`;
        break;
      case 'minLength':
      case 'maxLength':
        message = `${label} must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${(e.params as { limit: number }).limit} characters long; found ${String(value).length}.`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `${label} must be ${(e.params as { comparison: string }).comparison} ${(e.params as { limit: number }).limit}${typeof owner['x-irsa-unit'] === 'string' ? ` ${owner['x-irsa-unit']}` : ''}; found ${fmt(value)}.`;
        break;
      case 'minItems':
        message = `${label} must have at least ${(e.params as { limit: number }).limit} item(s).`;
        break;
      case 'anyOf':
      case 'oneOf':
        message = `${label} does not have any allowed form${typeof owner['description'] === 'string' ? `: ${owner['description']}` : '.'}`;
        break;
      default:
        message = `${label} ${e.message ?? 'is invalid'}.`;
    }
    if (typeof custom === 'string') message = custom.replace(/\{key\}/g, keyName).replace(/\{value\}/g, fmt(value));
    out.push(finish(ruleId, target, part, message, e));
  }
  return out.filter((f) => {
    const k = `${f.ruleId}|${f.node.start}|${f.node.end}|${f.part}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function finish(ruleId: string, node: TreeNode, part: 'key' | 'value', message: string, e: ErrorObject): SchemaFinding {
  return { ruleId, node, part, message, keyword: e.keyword, params: e.params as Record<string, unknown> };
}
