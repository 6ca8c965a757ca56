/**
 * SARIF checks shared by the suites: validation against the official SARIF 2.1.0 schema (the copy
 * shipped by `@microsoft/jest-sarif` in node_modules, so no network), an explicit check that
 * `fixes` and `relatedLocations` hold no repeated item (the schema's `uniqueItems`, spelled out so a
 * failure names the result), and a way to get `irsa-lint --format sarif` output in-process.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';
import { REPO_ROOT } from './fixtures';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
let validators: Validate[] | undefined;

const SCHEMA_FILE = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

/** Schema errors of both validators (ajv 8 on a draft-07 copy, ajv 6 on the draft-04 original); empty when valid. */
export function validateSarif(log: unknown): unknown[] {
  validators ??= [ajv8Validator(), ajv6Validator()];
  return validators.flatMap((v) => (v(log) ? [] : (v.errors ?? ['invalid'])));
}

/**
 * The schema is draft-04. Its keywords are all draft-07-compatible except `id` (→ `$id`), so ajv 8
 * compiles a copy with `$schema` dropped; the three formats it uses are checked here (ajv-formats
 * is not installed).
 */
function ajv8Validator(): Validate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default as new (o: object) => { addFormat(n: string, f: (s: string) => boolean): void; compile(s: object): Validate };
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  assert.equal(schema['$schema'], 'http://json-schema.org/draft-04/schema#');
  delete schema['$schema'];
  schema['$id'] = schema['id'];
  delete schema['id'];
  // The schema's `language` pattern has a stray `]` that is invalid with the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const isUri = (s: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s);
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', (s) => URL.canParse(s, 'http://base.invalid/') && !/\s/.test(s));
  ajv.addFormat('date-time', (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

/** ajv 6 (bundled with @microsoft/jest-sarif) still speaks draft-04 and has these formats built in. */
function ajv6Validator(): Validate {
  const base = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'node_modules', 'ajv');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv6 = require(base) as new (o: object) => { addMetaSchema(s: object): void; compile(s: object): Validate };
  const ajv = new Ajv6({ schemaId: 'id', allErrors: true, format: 'full', logger: false });
  ajv.addMetaSchema(JSON.parse(fs.readFileSync(path.join(base, 'lib', 'refs', 'json-schema-draft-04.json'), 'utf8')) as object);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
}

interface LooseResult {
  ruleId?: string;
  message?: { text?: string };
  fixes?: unknown[];
  relatedLocations?: unknown[];
}

/**
 * Results whose `fixes` or `relatedLocations` repeat an item (JSON equality, as `uniqueItems`
 * means), as `<ruleId> <fixes|relatedLocations>: <message>`; empty when there are none.
 */
export function repeatedItems(log: unknown): string[] {
  const out: string[] = [];
  for (const r of (log as { runs: { results?: LooseResult[] }[] }).runs) {
    for (const res of r.results ?? []) {
      for (const key of ['fixes', 'relatedLocations'] as const) {
        const items = (res[key] ?? []).map((x) => JSON.stringify(x));
        if (new Set(items).size !== items.length) out.push(`${res.ruleId} ${key}: ${res.message?.text}`);
      }
    }
  }
  return out;
}

/** Asserts that `log` is valid SARIF 2.1.0 with unique fixes and related locations; `what` names it in failures. */
export function assertValidSarif(log: unknown, what: string): void {
  const errors = validateSarif(log);
  assert.deepEqual(errors, [], `${what}: ${JSON.stringify(errors, null, 1)}`);
  assert.deepEqual(repeatedItems(log), [], `${what}: repeated items`);
}

/**
 * Runs `irsa-lint --format sarif <paths…>` in this process (the same `run` as dist/cli.js) from
 * `cwd` (default: the repository root). Returns the exit code and the parsed log.
 */
export async function lintSarif(paths: string[], cwd: string = REPO_ROOT, extraArgs: string[] = []): Promise<{ code: number; log: unknown; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run([...paths, ...extraArgs, '--format', 'sarif'], { out: (s) => (stdout += s), err: (s) => (stderr += s), cwd, env: {} });
  return { code, log: JSON.parse(stdout) as unknown, stderr };
}
