// Bundles the entry points: the extension (three bundles, see below), the server and the CLI. The server
// and CLI bundles get no `external: ['vscode']`, so a stray `import 'vscode'` in the engine, server or CLI fails the build (model: vscode-eslint).
import * as esbuild from 'esbuild';
import { writeIfChanged as generateSchemaValidators } from './scripts/gen-schema-validators.mjs';

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
      args.importer.endsWith('client/src/extension.ts') ? { path: args.path, external: true } : undefined);
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
  { ...common, entryPoints: ['client/src/commands/index.ts'], outfile: 'dist/commands/index.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching client/src and server/src …');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
