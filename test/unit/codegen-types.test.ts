/**
 * The generated TypeScript opens without errors in a project that has no @types/node (issue #12,
 * first run): type-checked with the TypeScript compiler API in a temp folder whose node_modules is
 * ours (so @aws-sdk/* resolve) but where @types/node does not exist (the compiler host hides it,
 * `typeRoots` is an empty folder, `types: []`). And it still compiles where @types/node is installed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import { renderSdkCode } from '../../shared/src/codegen';
import { REPO_ROOT } from '../helpers/fixtures';
import { SCENARIO_CHAIN } from '../sdk/harness';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** A path inside any `node_modules/@types/node` (the package a fresh project lacks). */
const TYPES_NODE = /[\\/]node_modules[\\/]@types[\\/]node(?:[\\/]|$)/;

/**
 * Type-checks `content` as `irsaCredentials.ts` with strict options. `withNodeTypes` false: no
 * @types/node anywhere. Returns every diagnostic formatted `file(line,col): TSnnnn message`, and
 * whether any @types/node file was part of the program.
 */
function typeCheck(content: string, o: { withNodeTypes: boolean; skipLibCheck: boolean }): { diagnostics: string[]; loadedNodeTypes: boolean; generated: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-ts-types-')));
  temps.push(dir);
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(dir, 'no-types'));
  const file = path.join(dir, 'irsaCredentials.ts');
  fs.writeFileSync(file, content);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    noUnusedLocals: true,
    noEmit: true,
    skipLibCheck: o.skipLibCheck,
    ...(o.withNodeTypes ? { types: ['node'] } : { types: [], typeRoots: [path.join(dir, 'no-types')] }),
  };
  const host = ts.createCompilerHost(options);
  if (!o.withNodeTypes) {
    // `/// <reference types="node" />` in a dependency would otherwise still find it next to the SDK.
    const fileExists = host.fileExists.bind(host);
    const directoryExists = host.directoryExists?.bind(host);
    host.fileExists = (p) => !TYPES_NODE.test(p) && fileExists(p);
    host.directoryExists = (p) => !TYPES_NODE.test(p) && (directoryExists ? directoryExists(p) : true);
  }
  const program = ts.createProgram([file], options, host);
  const format = (d: ts.Diagnostic): string => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return `TS${d.code} ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}(${line + 1},${character + 1}): TS${d.code} ${text}`;
  };
  return {
    diagnostics: ts.getPreEmitDiagnostics(program).map(format),
    loadedNodeTypes: program.getSourceFiles().some((f) => TYPES_NODE.test(f.fileName)),
    generated: path.basename(file),
  };
}

describe('generated TypeScript without @types/node', () => {
  const code = renderSdkCode(SCENARIO_CHAIN, 'typescript');

  it('type-checks with zero diagnostics (strict, skipLibCheck as tsc --init sets it), @types/node absent', () => {
    const r = typeCheck(code.content, { withNodeTypes: false, skipLibCheck: true });
    assert.equal(r.loadedNodeTypes, false, 'the check must not see @types/node');
    assert.deepEqual(r.diagnostics, []);
  });

  it('has no diagnostic in the generated file even with skipLibCheck: false (the SDK\'s own .d.ts then want @types/node)', () => {
    const r = typeCheck(code.content, { withNodeTypes: false, skipLibCheck: false });
    assert.equal(r.loadedNodeTypes, false);
    assert.deepEqual(r.diagnostics.filter((d) => d.startsWith(`${r.generated}(`)), []);
  });

  it('still type-checks with zero diagnostics where @types/node is installed (the declaration shadows, not clashes)', () => {
    const r = typeCheck(code.content, { withNodeTypes: true, skipLibCheck: true });
    assert.equal(r.loadedNodeTypes, true);
    assert.deepEqual(r.diagnostics, []);
  });

  it('the header says what to install', () => {
    assert.match(code.content, / \* Needs the package @aws-sdk\/credential-providers; not @types\/node \(process\.env is declared below\)\.\n/);
  });
});
