/**
 * Public API of the host package: everything that touches the file system for the CLI, the language
 * server and the extension's commands. Other packages import only this file (scripts/check-boundaries.mjs).
 */
export * from './discover';
export * from './folders';
export * from './gitignore';
export * from './read';
