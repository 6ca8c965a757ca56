// Shared plumbing for the end-to-end tests: repository paths, the setup result, the packaged .vsix,
// the CLI's findings (the oracle every editor must agree with), temp folders and free ports.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE = process.env.IRSA_E2E_CACHE ? resolve(process.env.IRSA_E2E_CACHE) : join(ROOT, '.cache', 'e2e');
export const ARTIFACTS = join(ROOT, 'test', 'e2e', 'artifacts');
export const GUIDE = join(ROOT, 'examples', 'guide');

/**
 * The paths `test/e2e/setup.mjs` resolved (node24, codeServerEntry, chromium, nvim …).
 * Throws with the command to run when setup has not been run.
 */
export function loadSetup() {
  const file = join(CACHE, 'setup.json');
  if (!existsSync(file)) throw new Error(`${file} missing: run \`node test/e2e/setup.mjs\` first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Path of `irsa-toolkit-<version>.vsix` at the repository root; throws if `npm run package` did not run. */
export function vsixPath() {
  const pj = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  // IRSA_E2E_VSIX: test another package than the one `npm run package` wrote (development only).
  const file = process.env.IRSA_E2E_VSIX ? resolve(process.env.IRSA_E2E_VSIX) : join(ROOT, `${pj.name}-${pj.version}.vsix`);
  if (!existsSync(file)) throw new Error(`${file} missing: run \`npm run package\` first`);
  return { file, name: pj.name, version: pj.version, publisher: pj.publisher, bytes: statSync(file).size };
}

/** A fresh temp folder `/tmp/<prefix>XXXXXX`. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies examples/guide (with its dotfiles) into `<parent>/guide` and returns that path. */
export function copyGuide(parent) {
  const dest = join(parent, 'guide');
  cpSync(GUIDE, dest, { recursive: true });
  return dest;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Findings of `node <cli> --format json <dir>` (default cli: dist/cli.js) as `{ file, ruleId, line, column, severity }`,
 * `file` relative to `dir` with forward slashes, lines/columns 1-based. The CLI exits non-zero when it
 * finds errors; that is expected here.
 */
export function cliFindings(dir, cli = join(ROOT, 'dist', 'cli.js')) {
  let out;
  try {
    out = execFileSync(process.execPath, [cli, '--format', 'json', dir], { encoding: 'utf8', cwd: dir });
  } catch (err) {
    if (typeof err.stdout !== 'string' || err.stdout.trim() === '') throw err;
    out = err.stdout;
  }
  const report = JSON.parse(out);
  const base = resolve(dir);
  const findings = [];
  for (const f of report.files) {
    for (const d of f.findings) {
      // The CLI prints paths relative to its cwd (here: dir) or absolute.
      findings.push({
        file: relative(base, resolve(dir, d.file)).split('\\').join('/'),
        ruleId: d.ruleId,
        line: d.line,
        column: d.column,
        severity: d.severity,
      });
    }
  }
  return findings;
}

/** Stable sort key for comparing finding lists. */
export function findingKey(f) {
  return `${f.file}:${String(f.line).padStart(5, '0')}:${f.ruleId}`;
}
