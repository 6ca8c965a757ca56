/**
 * The SARIF 2.1.0 schema (OASIS, the `rtm.5` copy shipped with `@microsoft/jest-sarif`) compiled
 * once with ajv 8, for tests that validate many logs in-process (the fuzz suite). Same construction
 * as the validator in test/unit/cli.test.ts, which additionally runs ajv 6 on the draft-04 original.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './fixtures';

export const SARIF_SCHEMA_FILE = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

/** One ajv error, as ajv 8 reports it. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
let validate: Validate | undefined;

/**
 * Errors of `log` against SARIF 2.1.0 (empty when valid). The schema is draft-04; its keywords are all
 * draft-07-compatible except `id` (→ `$id`), so ajv 8 compiles a copy with `$schema` dropped. The
 * three formats it uses are checked here (ajv-formats is not installed).
 */
export function sarifSchemaErrors(log: unknown): SchemaError[] {
  validate ??= compile();
  return validate(log) ? [] : (validate.errors ?? [{ instancePath: '', keyword: 'invalid' }]);
}

function compile(): Validate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default as new (o: object) => { addFormat(n: string, f: (s: string) => boolean): void; compile(s: object): Validate };
  const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  schema['$id'] = schema['id'];
  delete schema['id'];
  // The schema's `language` pattern has a stray `]` that is invalid with the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s));
  ajv.addFormat('uri-reference', (s) => URL.canParse(s, 'http://base.invalid/') && !/\s/.test(s));
  ajv.addFormat('date-time', (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}
