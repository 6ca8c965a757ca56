/**
 * Makes `require('vscode')` (or another bare name) return `exports` for the modules loaded after it,
 * for unit tests of client code outside VS Code. Returns the function that undoes it. The fake is
 * registered in the module cache under `<dir>/fake-<name>.js` (no file is written there).
 */
import * as path from 'node:path';
import Module = require('node:module');

type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
const M = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };

export function fakeModule(name: string, exports: unknown, dir: string): () => void {
  const realResolve = M._resolveFilename;
  const id = path.join(dir, `fake-${name}.js`);
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === name ? id : realResolve.call(this, request, ...rest);
  } as ResolveFilename;
  M._cache[id] = { id, filename: id, loaded: true, exports };
  return () => {
    M._resolveFilename = realResolve;
    delete M._cache[id];
  };
}
