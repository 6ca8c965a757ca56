/**
 * Package boundaries are checked by `npm run typecheck` (issue 12, items 2 and 3; CONTRIBUTING.md,
 * "Package boundaries"): probe files, served to the TypeScript compiler API next to the real sources and
 * checked with the real tsconfig of their package, show that
 * (a) `import * as fs from 'fs'` in an engine file is TS2307 (the engine has no Node types),
 * (b) `import 'vscode'` in an engine file is TS6307 (its tsconfig maps vscode to a file no project lists),
 * (c) an import past another package's index is reported by scripts/check-boundaries.mjs, for every
 *     package, and an engine import of a package it does not reference is TS6307 from the compiler itself,
 * and that the real tree passes both. The probes never touch the disk. Needs `tsc -b` first (npm test).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as ts from 'typescript';
import { decodeBase64Utf8 } from '../../server/src/engine/classify';
import { REPO_ROOT } from '../helpers/fixtures';

interface Violation { file: string; line: number; column: number; specifier: string; replacement: string | undefined; message: string }
interface BoundaryCheck {
  checkBoundaries(o?: { root?: string; extraFiles?: Map<string, string> }): Violation[];
  fixBoundaries(root: string, violations: Violation[]): Violation[];
}

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-boundaries.mjs');
const loadCheck = (): Promise<BoundaryCheck> => import(pathToFileURL(SCRIPT).href) as Promise<BoundaryCheck>;
const abs = (rel: string): string => path.join(REPO_ROOT, ...rel.split('/'));

/**
 * Type-checks `probes` (repository-relative path → text) as files of the package whose tsconfig is
 * `config`, with that tsconfig's options and file list; returns the diagnostics located in the probes,
 * formatted as tsc prints them (`file(line,col): error TSnnnn: message`, first line of the message).
 */
function compileWithProbes(config: string, probes: Record<string, string>): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(abs(config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) });
  assert.ok(parsed, `${config} cannot be read`);
  const texts = new Map(Object.entries(probes).map(([rel, text]) => [abs(rel), text]));
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => texts.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => texts.get(path.resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = texts.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...texts.keys()], options: parsed.options, host, projectReferences: parsed.projectReferences });
  const probeFiles = [...texts.keys()].map((f) => program.getSourceFile(f)).filter((f): f is ts.SourceFile => f !== undefined);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...probeFiles.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ];
  return diagnostics
    .filter((d) => d.file && texts.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
      return `${path.relative(REPO_ROOT, d.file!.fileName).split(path.sep).join('/')}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
    })
    .sort();
}

describe('package boundaries (npm run typecheck)', () => {
  it('the engine cannot import fs or vscode, nor a package it does not reference; its own files it may', () => {
    const forbidden = abs('tsconfig/forbidden/vscode-is-not-available-in-this-package.ts');
    const errors = compileWithProbes('server/src/engine/tsconfig.json', {
      'server/src/engine/probe-fs.ts': "import * as fs from 'fs';\nexport const probeFs = fs;\n",
      'server/src/engine/rules/probe-vscode.ts': "import 'vscode';\nexport const probeVscode = 1;\n",
      'server/src/engine/rules/probe-lsp-node.ts': "import { createConnection } from 'vscode-languageserver/node';\nexport const probeLspNode = createConnection;\n",
      'server/src/engine/parse/probe-lsp.ts': "import { readEditorSettings } from '../../lsp/settings';\nexport const probeLsp = readEditorSettings;\n",
      'server/src/engine/probe-clean.ts': "import { Workspace } from './workspace/workspace';\nexport const probeClean = Workspace;\n",
    });
    assert.deepEqual(errors, [
      `server/src/engine/parse/probe-lsp.ts(1,36): error TS6307: File '${abs('server/src/lsp/settings.ts')}' is not listed within the file list of project '${abs('server/src/engine/tsconfig.json')}'. Projects must list all files or use an 'include' pattern.`,
      "server/src/engine/probe-fs.ts(1,21): error TS2307: Cannot find module 'fs' or its corresponding type declarations.",
      // A subpath of the LSP library resolves to the forbidden stub too, which exports nothing.
      `server/src/engine/rules/probe-lsp-node.ts(1,10): error TS2305: Module '"vscode-languageserver/node"' has no exported member 'createConnection'.`,
      `server/src/engine/rules/probe-vscode.ts(1,8): error TS6307: File '${forbidden}' is not listed within the file list of project '${abs('server/src/engine/tsconfig.json')}'. Projects must list all files or use an 'include' pattern.`,
    ]);
  });

  it('an import past another package\'s index fails, from every package; the index itself is fine', async () => {
    const { checkBoundaries } = await loadCheck();
    const probes = new Map([
      [abs('shared/src/probe.ts'), "import { Workspace } from '../../server/src/engine/workspace/workspace';\nimport { Workspace as W } from '../../server/src/engine';\nexport const p = [Workspace, W];\n"],
      [abs('server/src/node/probe.ts'), "export { globMatcher } from '../engine/glob';\n"],
      [abs('server/src/lsp/probe.ts'), "import type { BoundedRead } from '../node/read';\nexport type P = BoundedRead;\n"],
      [abs('server/src/cli/probe.ts'), "import { renderScaffold } from '../../../shared/src/scaffold/render';\nexport const p = renderScaffold;\n"],
      [abs('client/src/probe.ts'), "import { readEditorSettings } from '../../server/src/lsp/settings';\nexport const p = readEditorSettings;\n"],
    ]);
    const found = checkBoundaries({ extraFiles: probes }).map((v) => `${v.file}(${v.line},${v.column}): ${v.message}`);
    assert.deepEqual(found, [
      "shared/src/probe.ts(1,27): '../../server/src/engine/workspace/workspace' imports past the index of package 'server/src/engine' (server/src/engine/workspace/workspace.ts); import '../../server/src/engine' (its index.ts) instead, and export what you need from there.",
      "server/src/node/probe.ts(1,29): '../engine/glob' imports past the index of package 'server/src/engine' (server/src/engine/glob.ts); import '../engine' (its index.ts) instead, and export what you need from there.",
      "server/src/lsp/probe.ts(1,34): '../node/read' imports past the index of package 'server/src/node' (server/src/node/read.ts); import '../node' (its index.ts) instead, and export what you need from there.",
      "server/src/cli/probe.ts(1,32): '../../../shared/src/scaffold/render' imports past the index of package 'shared/src' (shared/src/scaffold/render.ts); import '../../../shared/src' (its index.ts) instead, and export what you need from there.",
      "client/src/probe.ts(1,36): '../../server/src/lsp/settings' imports past the index of package 'server/src/lsp' (server/src/lsp/settings.ts); package 'server/src/lsp' has no index.ts: it is a program that no other package imports.",
    ]);
  });

  it('--fix points each deep specifier at the index, right to left on a line, and leaves what has no index', async () => {
    const { checkBoundaries, fixBoundaries } = await loadCheck();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-boundaries-'));
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      const project = (refs: string[]): string => JSON.stringify({ extends: '../tsconfig.base.json', include: ['**/*.ts'], references: refs.map((r) => ({ path: r })) });
      write('tsconfig.base.json', JSON.stringify({ compilerOptions: { composite: true, module: 'node16', moduleResolution: 'node16', rootDir: '.', outDir: 'out', types: [] } }));
      write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: 'lib' }, { path: 'app' }, { path: 'prog' }] }));
      write('lib/tsconfig.json', project([]));
      write('lib/index.ts', "export { a } from './a';\nexport { b } from './b';\n");
      write('lib/a.ts', 'export const a = 1;\n');
      write('lib/b.ts', 'export const b = 2;\n');
      write('prog/tsconfig.json', project([]));
      write('prog/main.ts', 'export const main = 0;\n');
      write('app/tsconfig.json', project(['../lib', '../prog']));
      write('app/x.ts', "import { a } from '../lib/a'; import { b } from \"../lib/b\";\nimport { main } from '../prog/main';\nimport { a as a2 } from '../lib';\nexport const x = [a, b, main, a2];\n");
      const left = fixBoundaries(root, checkBoundaries({ root }));
      assert.equal(fs.readFileSync(path.join(root, 'app/x.ts'), 'utf8'), "import { a } from '../lib'; import { b } from \"../lib\";\nimport { main } from '../prog/main';\nimport { a as a2 } from '../lib';\nexport const x = [a, b, main, a2];\n");
      assert.deepEqual(left.map((v) => `${v.file}(${v.line},${v.column}) ${v.specifier}`), ['app/x.ts(2,22) ../prog/main']);
      assert.deepEqual(checkBoundaries({ root }).map((v) => v.message), ["'../prog/main' imports past the index of package 'prog' (prog/main.ts); package 'prog' has no index.ts: it is a program that no other package imports."]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('the real tree has no import past a package\'s index', async () => {
    const { checkBoundaries } = await loadCheck();
    assert.deepEqual(checkBoundaries(), []);
  });
});

describe('the engine without Node: base64 Secret data', () => {
  it('decodeBase64Utf8 (WHATWG atob + TextDecoder) gives what Buffer gave, invalid UTF-8 included', () => {
    assert.equal(decodeBase64Utf8(Buffer.from('[default]\nrole_arn = arn:aws:iam::111122223333:role/é\n').toString('base64')), '[default]\nrole_arn = arn:aws:iam::111122223333:role/é\n');
    assert.equal(decodeBase64Utf8('gA=='), '\uFFFD'); // 0x80: a lone continuation byte
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        assert.equal(decodeBase64Utf8(b64), Buffer.from(b64, 'base64').toString('utf8'));
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});
