// Bundles the three entry points. The server and CLI bundles get no `external: ['vscode']`,
// so a stray `import 'vscode'` in the engine, server or CLI fails the build (model: vscode-eslint).
import * as esbuild from 'esbuild';
import { writeIfChanged as generateSchemaValidators } from './scripts/gen-schema-validators.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
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

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
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
