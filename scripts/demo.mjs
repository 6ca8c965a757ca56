#!/usr/bin/env node
// `npm start`: runs `irsa-lint examples/guide` (or the paths given) and shows its report. irsa-lint
// exits 1 because the guide's files contain mistakes — that is the demo working, so exit codes 0
// and 1 become 0 here (no npm error banner). Anything else (2 = usage/config error, a crash, a
// signal) is propagated so a broken build still fails.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...(args.length ? args : ['examples/guide'])], {
  cwd: root,
  stdio: 'inherit',
});
if (r.error) {
  console.error(`demo: could not run irsa-lint: ${r.error.message}`);
  process.exit(2);
}
if (r.signal) {
  console.error(`demo: irsa-lint was killed by ${r.signal}`);
  process.exit(2);
}
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2));
