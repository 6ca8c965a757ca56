/**
 * Public API of the shared package: pure code that the CLI, the language server and the extension all
 * import (vscode-eslint's `$shared`): the scaffold and SDK code renderers and the custom LSP messages.
 * No file system, no vscode. Other packages import only this file (scripts/check-boundaries.mjs).
 */
export * from './protocol';
export * from './codegen';
export * from './codegen/targets';
export * from './scaffold/options';
export * from './scaffold/plan';
export * from './scaffold/render';
export * from './scaffold/shell';
