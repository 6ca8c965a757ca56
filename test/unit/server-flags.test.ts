/**
 * The language server's Node flags (client/src/languageClient.ts SERVER_EXEC_ARGV) are the ones the
 * benchmarks start it with (bench/run.mjs): the memory budgets are about the server as VS Code runs it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

const flagsIn = (file: string): string[] => {
  const m = /SERVER_EXEC_ARGV(?::[^=]+)?\s*=\s*(\[[^\]]*\])/.exec(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
  assert.ok(m, `no SERVER_EXEC_ARGV in ${file}`);
  return JSON.parse(m[1]!.replace(/'/g, '"')) as string[];
};

it('bench/run.mjs starts the language server with the flags the VS Code client gives it', () => {
  assert.deepEqual(flagsIn('bench/run.mjs'), flagsIn('client/src/languageClient.ts'));
  assert.deepEqual(flagsIn('client/src/languageClient.ts'), ['--max-semi-space-size=8']);
});
