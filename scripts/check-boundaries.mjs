// Fails when a file imports past another package's index (issue 12; CONTRIBUTING.md, "Package
// boundaries"). Run by `npm run typecheck` after `tsc -b`.
//
// Why a check of our own and not only tsc: a package's tsconfig lists the packages it may import as
// project references, and tsc then accepts an import of ANY file of a referenced package (it
// substitutes that file's .d.ts; transitively referenced packages too), so `tsc -b` alone cannot refuse
// `../engine/workspace/workspace`. Deep *bare* specifiers could be refused by package.json `exports`, but
// our packages import each other by relative paths (what Node runs from out/ and esbuild bundles, with
// no npm workspace links in node_modules). So this check resolves every import with the compiler's own
// module resolution and each package's real tsconfig options, and allows a file of another package
// only when it is that package's `index.ts`.
//
// Packages: the projects referenced by the root tsconfig.json. A package's public entry point is the
// `index.ts` in its folder (plus EXTRA_ENTRY_POINTS); a package without one (lsp, cli, client:
// programs) may be imported by none.
// `test` is white-box: tests pin internal helpers and may import any file.
//
// Usage: node scripts/check-boundaries.mjs          (exit 1 and tsc-style errors on a violation)
//        node scripts/check-boundaries.mjs --fix    (rewrites each such specifier to the package's index;
//          then `tsc -b` names what the index does not export yet)
// API:   checkBoundaries({ root, extraFiles })      (extraFiles: Map<absolute path, text>, for tests)
//        fixBoundaries(root, violations)             (what --fix does; returns the violations left)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Packages whose files may import any file of another package (tests are white-box). */
const WHITE_BOX = new Set(['test']);

/**
 * Public entry points besides a package's index.ts (like a second `exports` subpath). shared/src/protocol.ts:
 * the custom LSP messages alone, for dist/languageClient.js, which VS Code loads on activation; through
 * shared's index.ts esbuild would bundle the renderers and the whole engine into it (+600 KB, measured).
 */
const EXTRA_ENTRY_POINTS = new Map([['shared/src', ['protocol.ts']]]);

/**
 * The packages of the root tsconfig.json: `{ name, dir, config, index, entries }`, absolute paths;
 * `index` is undefined when the package has no `index.ts` (nothing may import it); `entries`: the
 * EXTRA_ENTRY_POINTS of the package. Throws on an unreadable tsconfig.
 * @param {string} root repository root
 */
export function packagesOf(root) {
  const rootConfig = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  if (rootConfig.error) throw new Error(ts.flattenDiagnosticMessageText(rootConfig.error.messageText, '\n'));
  return (rootConfig.config.references ?? []).map((/** @type {{ path: string }} */ r) => {
    const dir = path.resolve(root, r.path);
    const config = path.join(dir, 'tsconfig.json');
    const index = path.join(dir, 'index.ts');
    const name = path.relative(root, dir).split(path.sep).join('/');
    const entries = (EXTRA_ENTRY_POINTS.get(name) ?? []).map((f) => path.join(dir, f));
    return { name, dir, config, index: fs.existsSync(index) ? index : undefined, entries };
  });
}

/**
 * Every import of every package file that reaches a file of another package other than its index.ts.
 * @param {{ root?: string, extraFiles?: Map<string, string> }} [o] extraFiles: absolute path → text,
 *   files checked as if they were on disk in the package whose folder holds them (a test's probes)
 * @returns {{ file: string, line: number, column: number, specifier: string, replacement: string | undefined, message: string }[]}
 *   file relative to root; line/column 1-based, of the specifier; replacement: the specifier of the
 *   package's index (undefined when it has none)
 */
export function checkBoundaries(o = {}) {
  const root = o.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const extraFiles = o.extraFiles ?? new Map();
  const packages = packagesOf(root);
  const ownerOf = (/** @type {string} */ file) =>
    packages.filter((p) => file.startsWith(p.dir + path.sep)).sort((a, b) => b.dir.length - a.dir.length)[0];
  const violations = [];
  for (const pkg of packages) {
    const parsed = ts.getParsedCommandLineOfConfigFile(pkg.config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
    if (!parsed) throw new Error(`${pkg.config}: cannot be read`);
    if (WHITE_BOX.has(pkg.name)) continue;
    const host = {
      ...ts.sys,
      fileExists: (/** @type {string} */ f) => extraFiles.has(f) || ts.sys.fileExists(f),
      readFile: (/** @type {string} */ f) => extraFiles.get(f) ?? ts.sys.readFile(f),
    };
    const cache = ts.createModuleResolutionCache(pkg.dir, (s) => s, parsed.options);
    const files = [...parsed.fileNames, ...[...extraFiles.keys()].filter((f) => ownerOf(f) === pkg)];
    for (const file of files) {
      if (!/\.tsx?$/.test(file) || file.endsWith('.d.ts')) continue;
      const text = host.readFile(file) ?? '';
      const info = ts.preProcessFile(text, true, true);
      for (const imported of info.importedFiles) {
        const resolved = ts.resolveModuleName(imported.fileName, file, parsed.options, host, cache).resolvedModule?.resolvedFileName;
        if (!resolved || resolved.includes(`${path.sep}node_modules${path.sep}`)) continue;
        const target = ownerOf(path.resolve(resolved));
        if (!target || target === pkg || path.resolve(resolved) === target.index || target.entries.includes(path.resolve(resolved))) continue;
        const { line, character } = ts.getLineAndCharacterOfPosition(ts.createSourceFile(file, text, ts.ScriptTarget.Latest), imported.pos);
        const suggestion = target.index
          ? `import '${toSpecifier(path.relative(path.dirname(file), target.dir))}' (its index.ts) instead, and export what you need from there`
          : `package '${target.name}' has no index.ts: it is a program that no other package imports`;
        violations.push({
          file: path.relative(root, file).split(path.sep).join('/'),
          line: line + 1,
          column: character + 1,
          specifier: imported.fileName,
          replacement: target.index ? toSpecifier(path.relative(path.dirname(file), target.dir)) : undefined,
          message: `'${imported.fileName}' imports past the index of package '${target.name}' (${path.relative(root, resolved).split(path.sep).join('/')}); ${suggestion}.`,
        });
      }
    }
  }
  return violations;
}

/** A relative module specifier for `rel` (a path relative to the importing file's folder). */
function toSpecifier(/** @type {string} */ rel) {
  const s = rel.split(path.sep).join('/');
  return s.startsWith('.') ? s : `./${s}`;
}

/**
 * Rewrites each violation's specifier to its `replacement` in place (same quotes, nothing else on the
 * line changes); returns the violations left (no index to point to, or the specifier not found).
 * @param {string} root
 * @param {ReturnType<typeof checkBoundaries>} violations
 */
export function fixBoundaries(root, violations) {
  const left = [];
  /** @type {Map<string, typeof violations>} */
  const byFile = new Map();
  for (const v of violations) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  for (const [file, list] of byFile) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    // Right to left, so that a rewrite does not move the columns of the others on its line.
    for (const v of [...list].sort((a, b) => b.line - a.line || b.column - a.column)) {
      const i = v.line - 1;
      const at = v.column - 1; // the opening quote (columns are 1-based)
      const quote = lines[i]?.[at];
      if (!v.replacement || (quote !== "'" && quote !== '"') || lines[i].slice(at + 1, at + 1 + v.specifier.length) !== v.specifier) {
        left.push(v);
        continue;
      }
      lines[i] = lines[i].slice(0, at + 1) + v.replacement + lines[i].slice(at + 1 + v.specifier.length);
    }
    fs.writeFileSync(path.join(root, file), lines.join('\n'));
  }
  return left;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let violations = checkBoundaries({ root });
  if (process.argv.includes('--fix') && violations.length) {
    const fixed = violations.length;
    violations = fixBoundaries(root, violations);
    console.error(`check-boundaries: ${fixed - violations.length} specifier(s) now import the package's index; run tsc -b to see what the index must export.`);
  }
  for (const v of violations) console.error(`${v.file}(${v.line},${v.column}): error BOUNDARY: ${v.message}`);
  if (violations.length) {
    console.error(`\n${violations.length} import(s) past a package's index (CONTRIBUTING.md, "Package boundaries").`);
    process.exit(1);
  }
}
