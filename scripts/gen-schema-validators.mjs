#!/usr/bin/env node
// Compiles the JSON schemas of schemas/ ahead of time with ajv's standalone code generator into
// server/src/engine/schema/validators.generated.ts, so no process pays ajv's compile (~300 ms of CPU
// for the five schemas) at start-up. esbuild.mjs runs this before bundling (the file is rewritten only
// when its content changes) and, in the server and CLI bundles, loads the module from generate()
// itself, so a bundle always holds validators of the schemas it bundles and never the full ajv.
// The module carries a hash of the schemas it was made from: under tsc (out/, tests) schema/validate.ts
// compares it with the schemas it imports and compiles with ajv at run time when they differ, so a
// stale file is slower, never wrong.
//
// Start-up size (issue 6: server start-up to first diagnostics ≤ 300 ms): the code is generated with
// `verbose: false` (errors carry no `schema`/`parentSchema`/`data`; validate.ts reads the data at
// `instancePath` itself), and the schema literals ajv embeds are replaced by references into the
// imported schemas/*.json modules, which the bundle holds anyway (validate.ts SCHEMAS).
//   node scripts/gen-schema-validators.mjs [--check]   (--check: exit 1 when the file is stale)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

/** Export name → schema file; the same keys and order as SCHEMAS in schema/validate.ts. */
export const SCHEMA_FILES = {
  credentialsRequest: 'credentials-request.schema.json',
  ccoctlSecret: 'ccoctl-secret.schema.json',
  podSpec: 'pod-spec.schema.json',
  trustPolicy: 'iam-trust-policy.schema.json',
  identityPolicy: 'iam-identity-policy.schema.json',
};
const OUT = path.join(ROOT, 'server/src/engine/schema/validators.generated.ts');

/** FNV-1a (32 bit, hex) of the schemas' JSON in SCHEMA_FILES order; validate.ts computes the same. */
export function schemaHash(schemas) {
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

/** Paths of the schema files the generated module is made from (for esbuild's watch mode). */
export const SCHEMA_PATHS = Object.values(SCHEMA_FILES).map((f) => path.join(ROOT, 'schemas', f));

/** ajv options: must stay those of the run-time fallback in validators() of schema/validate.ts. */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: false };

/**
 * Replaces each `const schemaN = {…};` that ajv standalone embeds by a reference into the imported
 * schema module it came from (`__schema_<key>` plus a property path), when it is one of the schemas or
 * one of their sub-schemas; anything else stays a literal.
 */
function referenceSchemaLiterals(code, schemas) {
  const keys = Object.keys(SCHEMA_FILES);
  /** JSON text → [schema key, reference expression], for every object and array inside the schemas. */
  const refs = new Map();
  const visit = (value, key, expr) => {
    if (!value || typeof value !== 'object') return;
    const text = JSON.stringify(value);
    if (!refs.has(text)) refs.set(text, [key, expr]);
    for (const [k, v] of Object.entries(value)) visit(v, key, `${expr}[${Array.isArray(value) ? k : JSON.stringify(k)}]`);
  };
  keys.forEach((k, i) => visit(schemas[i], k, `__schema_${k}`));
  const used = new Set();
  let out = '';
  let from = 0;
  for (const m of code.matchAll(/const schema\d+ = (?=[{[])/g)) {
    const at = m.index + m[0].length;
    if (at < from) continue;
    // ajv writes the literal with JSON.stringify: a JSON text of the schemas that starts here and ends before `;`.
    let hit;
    for (const [text, ref] of refs) if (code.startsWith(text, at) && code[at + text.length] === ';') hit = { text, ref };
    if (!hit) continue;
    used.add(hit.ref[0]);
    out += code.slice(from, at) + hit.ref[1];
    from = at + hit.text.length;
  }
  out += code.slice(from);
  const imports = keys.filter((k) => used.has(k)).map((k) => `import __schema_${k} from '../../../../schemas/${SCHEMA_FILES[k]}';`);
  return { code: out, imports };
}

export function generate() {
  const schemas = SCHEMA_PATHS.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: false } });
  Object.keys(SCHEMA_FILES).forEach((k, i) => ajv.addSchema(schemas[i], k));
  let code = standaloneCode(ajv, Object.fromEntries(Object.keys(SCHEMA_FILES).map((k) => [k, k])));
  const imports = [];
  code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/gi, (_, mod) => {
    const name = `__${mod.split('/').pop()}`;
    if (!imports.some((i) => i.includes(` ${name} `))) imports.push(`import ${name} from '${mod}';`);
    return name;
  });
  if (/require\(/.test(code)) throw new Error('unexpected require() in ajv standalone code');
  const literals = referenceSchemaLiterals(code, schemas);
  code = literals.code;
  return [
    '// @ts-nocheck',
    '/* eslint-disable */',
    '// Generated by scripts/gen-schema-validators.mjs from schemas/*.schema.json: do not edit (run `node esbuild.mjs`).',
    ...imports,
    ...literals.imports,
    `export const SCHEMA_HASH = '${schemaHash(schemas)}';`,
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
export function writeIfChanged() {
  const text = generate();
  const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : undefined;
  if (old !== text) fs.writeFileSync(OUT, text);
  return old !== text;
}
if (isMain) {
  if (process.argv.includes('--check')) {
    const fresh = fs.existsSync(OUT) && fs.readFileSync(OUT, 'utf8') === generate();
    if (!fresh) console.error(`${path.relative(ROOT, OUT)} is stale: run node scripts/gen-schema-validators.mjs`);
    process.exit(fresh ? 0 : 1);
  }
  console.log(writeIfChanged() ? `wrote ${path.relative(ROOT, OUT)}` : `${path.relative(ROOT, OUT)} is up to date`);
}
