/**
 * The host's code parser (issue #14): loads `web-tree-sitter` and the grammars VS Code ships in
 * `@vscode/tree-sitter-wasm` (typescript, tsx, javascript, python, go, java) and hands the engine a
 * synchronous {@link CodeParser} that returns plain {@link CodeNode} trees (the WebAssembly tree is
 * freed before it returns, so nothing the engine keeps needs freeing).
 *
 * Where the .wasm files are: next to the bundle (esbuild.mjs copies `tree-sitter.wasm` of
 * web-tree-sitter and the six grammars, brotli-compressed, into dist/), else in node_modules (tests run the compiled
 * sources under out/). Nothing is fetched from the network.
 *
 * Versions: @vscode/tree-sitter-wasm 0.3.1 builds its grammars with tree-sitter-cli 0.25 (its
 * package.json devDependencies), language ABI 14 and 15; web-tree-sitter 0.25 loads ABI 13 through 15
 * (`Incompatible language version` otherwise: web-tree-sitter `Language.load`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Language, TreeCursor } from 'web-tree-sitter';
import { CODE_LANGUAGES } from '../engine';
import type { CodeLanguage, CodeNode, CodeParser } from '../engine';

/**
 * Most nodes converted per file. A tree-sitter parse of 4 MiB of code (the engine's file limit) has
 * millions; a source file that calls STS has a few thousand. Past this the file is not checked
 * (undefined is returned, as for a missing grammar) rather than making the CLI or the editor slow.
 */
export const MAX_CODE_NODES = 500_000;

/**
 * Where the .wasm files are: the bundle's own folder when esbuild.mjs put them there (the runtime as
 * `tree-sitter.wasm`, the grammars brotli-compressed as `tree-sitter-<language>.wasm.br`, to keep the
 * .vsix within its size budget), else node_modules (plain `.wasm`).
 */
function wasmDirs(): { runtime: string; grammars: string; compressed: boolean } {
  if (fs.existsSync(path.join(__dirname, 'tree-sitter-python.wasm.br'))) return { runtime: __dirname, grammars: __dirname, compressed: true };
  return {
    runtime: path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm')),
    grammars: path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'),
    compressed: false,
  };
}

/** The bytes of a grammar (decompressed when stored compressed). */
function grammarBytes(dirs: { grammars: string; compressed: boolean }, language: CodeLanguage): Uint8Array {
  const file = path.join(dirs.grammars, `tree-sitter-${language}.wasm${dirs.compressed ? '.br' : ''}`);
  const bytes = fs.readFileSync(file);
  return dirs.compressed ? zlib.brotliDecompressSync(bytes) : bytes;
}

/** Parsers loaded so far, by their sorted languages joined with `,`. */
const loading = new Map<string, Promise<CodeParser>>();

/**
 * Loads the runtime and the grammars of `languages` once (all six: about 35 ms on the reference
 * machine; the TypeScript and TSX grammars are most of it), and returns the parse capability, which
 * returns undefined for a language it was not loaded with. The CLI passes the languages of the files
 * it found, so a repository of Python and Go loads two grammars; the language server loads all.
 * Rejects when a .wasm file is missing or cannot be instantiated: a host then reports that code is
 * not checked.
 */
export function loadCodeParser(languages: readonly CodeLanguage[] = CODE_LANGUAGES): Promise<CodeParser> {
  const key = [...new Set(languages)].sort().join(',');
  let p = loading.get(key);
  if (!p) loading.set(key, (p = load(key ? (key.split(',') as CodeLanguage[]) : [])));
  return p;
}

async function load(wanted: readonly CodeLanguage[]): Promise<CodeParser> {
  // Required here, not imported at the top: the server and the CLI load this package at start-up, and
  // only a run that checks code needs the runtime (start-up budget, bench/run.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const dirs = wasmDirs();
  await Parser.init({ locateFile: (name: string) => path.join(dirs.runtime, name) });
  const languages = new Map<CodeLanguage, Language>();
  await Promise.all(
    wanted.map(async (l) => {
      languages.set(l, await Language.load(grammarBytes(dirs, l)));
    }),
  );
  const parser = new Parser();
  return (language, text) => {
    const grammar = languages.get(language);
    if (!grammar) return undefined;
    try {
      parser.setLanguage(grammar);
      const tree = parser.parse(text);
      if (!tree) return undefined;
      try {
        return convert(tree.walk());
      } finally {
        tree.delete();
      }
    } catch {
      return undefined; // never throw into the engine; the file is then not checked as code
    }
  };
}

/**
 * The plain tree of a cursor's node (see CodeNode: named nodes and field tokens). Iterative, so a
 * deeply nested expression cannot overflow the stack; undefined past {@link MAX_CODE_NODES}.
 */
function convert(cursor: TreeCursor): CodeNode | undefined {
  const root: CodeNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  const parents: CodeNode[] = [root];
  let count = 0;
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = parents[parents.length - 1]!;
      const fieldName = cursor.currentFieldName;
      let node: CodeNode | undefined;
      if (cursor.nodeIsNamed || fieldName) {
        node = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
        if (fieldName) node.field = fieldName;
        parent.children.push(node);
        if (++count > MAX_CODE_NODES) return undefined;
      }
      // An anonymous node's children (none in practice) are hung on the nearest kept ancestor.
      if (cursor.gotoFirstChild()) {
        parents.push(node ?? parent);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || parents.length === 1) return root;
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
