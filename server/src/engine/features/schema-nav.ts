/**
 * Navigation in our JSON schemas by document path, for hover and completion: follows `properties`,
 * `items`, `additionalProperties`, local `$ref`s and the branches of `oneOf`/`anyOf`/`allOf`.
 */
import type { IrsaDocument } from '../model/types';
import type { PathSegment } from '../parse/tree';
import { SCHEMAS } from '../schema/validate';

export type JsonSchema = Record<string, unknown>;

function deref(root: JsonSchema, s: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!s || depth > 20) return s;
  const ref = s['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let cur: unknown = root;
    for (const seg of ref.slice(2).split('/')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return deref(root, { ...(cur as JsonSchema), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) }, depth + 1);
  }
  return s;
}

/** Sub-schemas a schema stands for: itself plus its oneOf/anyOf/allOf branches (dereferenced). */
export function branches(root: JsonSchema, s: JsonSchema | undefined, depth = 0): JsonSchema[] {
  const d = deref(root, s);
  if (!d || depth > 10) return [];
  const out = [d];
  for (const k of ['oneOf', 'anyOf', 'allOf']) {
    const list = d[k];
    if (Array.isArray(list)) for (const b of list) out.push(...branches(root, b as JsonSchema, depth + 1));
  }
  return out;
}

function child(root: JsonSchema, s: JsonSchema, seg: PathSegment): JsonSchema | undefined {
  for (const b of branches(root, s)) {
    if (typeof seg === 'number' || seg === '*') {
      const items = b['items'];
      if (items && typeof items === 'object' && !Array.isArray(items)) return deref(root, items as JsonSchema);
      continue;
    }
    const props = b['properties'] as Record<string, JsonSchema> | undefined;
    if (props && props[seg]) return deref(root, props[seg]);
    const addl = b['additionalProperties'];
    if (addl && typeof addl === 'object') return deref(root, addl as JsonSchema);
  }
  return undefined;
}

/** The schema at `path` under `schema`, or undefined when the path leaves the schema. */
export function schemaAt(schema: JsonSchema, path: (PathSegment | '*')[]): JsonSchema | undefined {
  let cur: JsonSchema | undefined = deref(schema, schema);
  for (const seg of path) {
    if (!cur) return undefined;
    cur = child(schema, cur, seg);
  }
  return cur;
}

/** Properties (name → schema) allowed at a schema node, merged over its branches. */
export function propertiesOf(root: JsonSchema, s: JsonSchema | undefined): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const b of branches(root, s)) {
    const props = b['properties'] as Record<string, JsonSchema> | undefined;
    if (props) for (const [k, v] of Object.entries(props)) if (!out.has(k)) out.set(k, deref(root, v) ?? v);
  }
  return out;
}

/** Enum/const values allowed at a schema node, over its branches. */
export function valuesOf(root: JsonSchema, s: JsonSchema | undefined): unknown[] {
  const out: unknown[] = [];
  for (const b of branches(root, s)) {
    if (Array.isArray(b['enum'])) out.push(...(b['enum'] as unknown[]));
    if ('const' in b) out.push(b['const']);
  }
  return [...new Set(out)];
}

/** The schema and the schema-relative path for a position in a document, or undefined. */
export function schemaContext(doc: IrsaDocument, path: (PathSegment | '*')[]): { schema: JsonSchema; rel: (PathSegment | '*')[] } | undefined {
  switch (doc.kind) {
    case 'credentialsRequest':
      return { schema: SCHEMAS.credentialsRequest, rel: path };
    case 'ccoctlSecret':
      return { schema: SCHEMAS.ccoctlSecret, rel: path };
    case 'iamPolicy':
      if (doc.policyType === 'resource') return undefined;
      return { schema: doc.policyType === 'trust' ? SCHEMAS.trustPolicy : SCHEMAS.identityPolicy, rel: path };
    case 'workload': {
      const p = doc.podSpecPath;
      if (path.length < p.length || p.some((seg, i) => path[i] !== seg)) return undefined;
      return { schema: SCHEMAS.podSpec, rel: path.slice(p.length) };
    }
    default:
      return undefined;
  }
}

/** Markdown documentation of a schema node: title, description, allowed values and limits. */
export function schemaDoc(root: JsonSchema, s: JsonSchema | undefined, key?: string): string | undefined {
  if (!s) return undefined;
  const parts: string[] = [];
  const all = branches(root, s);
  const title = all.map((b) => b['title']).find((t) => typeof t === 'string') as string | undefined;
  const desc = all.map((b) => b['markdownDescription'] ?? b['description']).find((t) => typeof t === 'string') as string | undefined;
  parts.push(`**${key ? `\`${key}\`` : ''}${key && title ? ' — ' : ''}${title ?? ''}**`.replace('****', ''));
  if (desc) parts.push(desc);
  const values = valuesOf(root, s);
  if (values.length) parts.push(`Allowed values: ${values.map((v) => `\`${String(v)}\``).join(', ')}`);
  const limits: string[] = [];
  const unit = all.map((b) => b['x-irsa-unit']).find((u) => typeof u === 'string') as string | undefined;
  for (const b of all) {
    if (typeof b['minimum'] === 'number') limits.push(`minimum ${b['minimum']}${unit ? ' ' + unit : ''}`);
    if (typeof b['maximum'] === 'number') limits.push(`maximum ${b['maximum']}${unit ? ' ' + unit : ''}`);
    if (typeof b['minLength'] === 'number') limits.push(`at least ${b['minLength']} characters`);
    if (typeof b['maxLength'] === 'number') limits.push(`at most ${b['maxLength']} characters`);
    if (typeof b['pattern'] === 'string') limits.push(`pattern \`${b['pattern']}\``);
    if (typeof b['default'] !== 'undefined' && typeof b['default'] !== 'object') limits.push(`default \`${String(b['default'])}\``);
  }
  if (limits.length) parts.push(`Limits: ${[...new Set(limits)].join('; ')}`);
  const filtered = parts.filter((p) => p.trim() !== '' && p !== '****');
  return filtered.length ? filtered.join('\n\n') : undefined;
}
