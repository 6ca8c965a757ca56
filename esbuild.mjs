// Bundles the entry points: the extension (three bundles, see below), the server and the CLI. The server
// and CLI bundles get no `external: ['vscode']`, so a stray `import 'vscode'` in the engine, server or CLI fails the build (model: vscode-eslint).
import * as esbuild from 'esbuild';
import { buildIamCatalog } from './scripts/build-iam-catalog.mjs';
import { generate as generateSchemaValidatorsModule, SCHEMA_PATHS, writeIfChanged as generateSchemaValidators } from './scripts/gen-schema-validators.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * `yaml` reads `process.env.LOG_TOKENS` for every token its parser yields (and `LOG_STREAM` for every
 * document its composer ends): debug switches that print to the console. A `process.env` read is a
 * call into C++, and per token it was ~7% of irsa-lint's CPU on a 5,000-file workspace (`--cpu-prof`).
 * Our bundles read them as `false`; nothing else in the library changes.
 */
const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const fs = await import('node:fs/promises');
      const text = await fs.readFile(args.path, 'utf8');
      const out = text.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'false');
      if (out === text) throw new Error(`${args.path}: yaml's LOG_TOKENS/LOG_STREAM checks were not found; update esbuild.mjs`);
      return { contents: out, loader: 'js' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  plugins: [yamlDebugSwitchesOff],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose dynamic `require('./impl/…')` esbuild cannot follow;
  // its `module` (ESM) build bundles cleanly.
  mainFields: ['module', 'main'],
};

// Ahead-of-time ajv validators for schemas/*.json (server/src/engine/schema/validators.generated.ts).
generateSchemaValidators();

/**
 * Server and CLI bundles (start-up budget, issue 6): validators.generated.ts is loaded from generate(),
 * i.e. from the schemas on disk at build time (also on watch rebuilds), and `IRSA_BUNDLE` is defined,
 * so schema/validate.ts takes those validators without a run-time hash check and esbuild drops its
 * fallback `require('ajv')` (the full ajv and fast-uri, ~260 KB that every start-up read and compiled).
 * The build fails if ajv's compiler reaches a bundle all the same.
 */
const AJV_COMPILER = /node_modules[\\/](ajv[\\/]dist[\\/](ajv|core|compile[\\/])|fast-uri[\\/])/;
let validatorsModule = { key: '', contents: '' };
/** @type {import('esbuild').Plugin} */
const bundledSchemaValidators = {
  name: 'bundled-schema-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]engine[\\/]schema[\\/]validators\.generated\.ts$/ }, async () => {
      const fs = await import('node:fs/promises');
      const key = (await Promise.all(SCHEMA_PATHS.map((f) => fs.readFile(f, 'utf8')))).join('\0');
      if (validatorsModule.key !== key) validatorsModule = { key, contents: generateSchemaValidatorsModule() };
      return { contents: validatorsModule.contents, loader: 'ts', watchFiles: SCHEMA_PATHS };
    });
    build.onEnd((r) => {
      const ajv = Object.keys(r.metafile?.inputs ?? {}).filter((f) => AJV_COMPILER.test(f));
      if (!r.errors.length && ajv.length) throw new Error(`${build.initialOptions.outfile} must not bundle ajv's compiler (${ajv.slice(0, 3).join(', ')}); schema/validate.ts falls back to it only when IRSA_BUNDLE is not defined`);
    });
  },
};
/**
 * (issue #14) The tree-sitter runtime and grammars: server/src/node/code-parser.ts loads them from the
 * bundle's folder, where {@link copyTreeSitterWasm} puts them, and falls back to node_modules only when
 * run unbundled (tests under out/); those two `require.resolve` specifiers stay unresolved in bundles.
 */
const TREE_SITTER_RESOLVES = ['web-tree-sitter/tree-sitter.wasm', '@vscode/tree-sitter-wasm/package.json'];
const CODE_GRAMMARS = ['typescript', 'tsx', 'javascript', 'python', 'go', 'java'];
async function copyTreeSitterWasm() {
  const fs = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  await fs.mkdir('dist', { recursive: true });
  // web-tree-sitter's own runtime (the version its JavaScript expects), not the copy inside @vscode/tree-sitter-wasm.
  await fs.copyFile(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
  const grammars = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  // The grammars are stored brotli-compressed (quality 11: 352 KB for the six, where the .vsix's
  // deflate made 502 KB of them), which keeps the .vsix within its 1.5 MB budget (test/e2e/package.test.mjs);
  // code-parser.ts decompresses them with node:zlib when it loads them (about 6 ms for all six). Compressing
  // takes seconds, so a grammar is compressed again only when its source is newer than its .br.
  const zlib = await import('node:zlib');
  for (const l of CODE_GRAMMARS) {
    const from = path.join(grammars, `tree-sitter-${l}.wasm`);
    const to = `dist/tree-sitter-${l}.wasm.br`;
    // A build before the compression copied the plain grammar: it would be a second, stale copy.
    await fs.rm(`dist/tree-sitter-${l}.wasm`, { force: true });
    const fresh = await Promise.all([fs.stat(from), fs.stat(to).catch(() => undefined)]).then(([a, b]) => b !== undefined && b.mtimeMs >= a.mtimeMs);
    if (fresh) continue;
    const wasm = await fs.readFile(from);
    await fs.writeFile(to, zlib.brotliCompressSync(wasm, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: wasm.length } }));
  }
}

/**
 * Server and CLI bundles are whitespace- and identifier-minified, in every build (so the bench measures
 * what ships), and never syntax-minified: start-up reads and pre-parses the whole file (tens of ms per
 * MB here), and whitespace is a third of it. Syntax minification turns esbuild's lazy module wrappers
 * (`"path"(exports, module) {…}`) into arrows passed as call arguments, which V8 compiles eagerly: a
 * fully minified server started no faster (issue 6, measured). Short local names (issue #16) took the
 * bundle from 1.80 to 1.40 MB (422 to 371 KB deflated in the .vsix, room for the credential chain's
 * webview within the 1.5 MiB budget) and the language server holds the source text in memory for
 * its whole life. Nothing reads a function's or class's `name`; development builds keep their
 * source maps, so stack traces still map back.
 * @type {import('esbuild').BuildOptions}
 */
const serverCommon = {
  ...common,
  external: TREE_SITTER_RESOLVES,
  plugins: [...common.plugins, bundledSchemaValidators],
  define: { IRSA_BUNDLE: 'true' },
  metafile: true,
  minify: false,
  minifyWhitespace: true,
  minifyIdentifiers: true,
};

/**
 * (issue #15) The language server and the CLI share one bundle, dist/irsa.js: each used to bundle the
 * whole engine (1.6 MB and 1.3 MB, 690 KB of the .vsix together), and the IAM catalogue needed that room
 * within the 1.5 MB budget (test/e2e/package.test.mjs). Each program's modules are required lazily, so
 * esbuild wraps them and a start runs only its own program's code (start-up budget, bench/run.mjs);
 * dist/server.js and dist/cli.js (the `bin` entries, what VS Code and editors start) are two-line
 * shims written by {@link writeProgramShims}.
 */
const SHARED_ENTRY = [
  "exports.cli = () => require('./server/src/cli/main').main();",
  "exports.server = () => void require('./server/src/lsp/main');",
].join('\n');
const PROGRAMS = [
  { file: 'dist/cli.js', call: 'cli', what: 'irsa-lint, the command-line linter' },
  { file: 'dist/server.js', call: 'server', what: 'irsa-language-server, the language server (--stdio, --node-ipc, --socket=, --pipe=)' },
];
async function writeProgramShims() {
  const fs = await import('node:fs/promises');
  for (const p of PROGRAMS) {
    const text = `#!/usr/bin/env node\n// ${p.what}; the code is in the shared bundle irsa.js (esbuild.mjs).\n'use strict';\nrequire('./irsa.js').${p.call}();\n`;
    const current = await fs.readFile(p.file, 'utf8').catch(() => undefined);
    if (current !== text) await fs.writeFile(p.file, text);
    // A build before the shared bundle wrote a source map per program: it would be stale.
    await fs.rm(`${p.file}.map`, { force: true });
  }
}

// The extension is three bundles so that activation loads only the first (budget ≤ 30 ms): extension.ts
// reaches the other two through `require('./languageClient')` / `require('./commands')`, which stay
// unbundled here and resolve next to dist/extension.js at run time (and next to out/client/src/extension.js
// under tests). The metafile check below fails the build if a dependency creeps into dist/extension.js.
const LAZY_SIBLINGS = /^\.\/(languageClient|commands)$/;
/** @type {import('esbuild').Plugin} */
const lazySiblings = {
  name: 'lazy-siblings',
  setup(build) {
    build.onResolve({ filter: LAZY_SIBLINGS }, (args) =>
      /[\\/]client[\\/]src[\\/]extension\.ts$/.test(args.importer) ? { path: args.path, external: true } : undefined);
  },
};
/** Only these sources may be bundled into dist/extension.js (no node_modules, no engine, no vscode-languageclient). */
const EXTENSION_INPUTS = new Set(['client/src/extension.ts']);
/** @param {import('esbuild').BuildResult} result */
function checkExtensionBundle(result) {
  const extra = Object.keys(result.metafile?.inputs ?? {}).filter((f) => !EXTENSION_INPUTS.has(f));
  if (extra.length) {
    const shown = extra.slice(0, 5).join(', ') + (extra.length > 5 ? ` and ${extra.length - 5} more` : '');
    throw new Error(`dist/extension.js must stay tiny (activation budget ≤ 30 ms) but bundles ${shown}; load them lazily (see client/src/extension.ts)`);
  }
}
/** @type {import('esbuild').Plugin} */
const extensionBundleCheck = { name: 'extension-bundle-check', setup: (build) => build.onEnd((r) => { if (!r.errors.length) checkExtensionBundle(r); }) };

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], metafile: true, plugins: [lazySiblings, extensionBundleCheck] },
  { ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  // Scaffold and codegen run the engine in-process: the same build-time validators, no ajv compiler.
  { ...common, plugins: serverCommon.plugins, define: serverCommon.define, metafile: true, entryPoints: ['client/src/commands/index.ts'], outfile: 'dist/commands/index.js', external: ['vscode', ...TREE_SITTER_RESOLVES] },
  { ...serverCommon, stdin: { contents: SHARED_ENTRY, resolveDir: '.', sourcefile: 'irsa-entry.js', loader: 'js' }, outfile: 'dist/irsa.js' },
];

/**
 * (issue #16) The credential chain webview: a browser bundle and its stylesheet (dist/webview/chain.js,
 * chain.css), loaded by the webview only when `IRSA: Show Credential Chain` opens its panel. Always
 * minified, without source maps in production: the .vsix has little room left (test/e2e/package.test.mjs).
 * ES2022, the Chromium of VS Code 1.95 (Electron 32) runs it. The build fails if Node built-ins or
 * vscode creep in (platform browser: esbuild cannot resolve them).
 */
builds.push({
  entryPoints: [
    { in: 'client/src/webview/main.mts', out: 'chain' },
    { in: 'client/src/webview/chain.css', out: 'chain' },
  ],
  outdir: 'dist/webview',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  sourcemap: !production,
  legalComments: 'none',
  logLevel: 'warning',
});

await copyTreeSitterWasm();
// (issue #15) The IAM service catalogue's compact index: dist/iam-catalog.txt for the bundles,
// out/iam-catalog.txt for the unit tests (scripts/build-iam-catalog.mjs; server/src/node/iam-catalog.ts reads it).
await buildIamCatalog();
await writeProgramShims();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching client/src and server/src …');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
