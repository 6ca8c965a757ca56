/** Public API of the engine (pure: no fs, no LSP, no vscode). */
export * from './types';
export { Workspace, lintDocuments } from './workspace/workspace';
export { WorkspaceView } from './workspace/view';
export { parseConfig, mergeSettings, CONFIG_FILE_NAME } from './config';
export { ALL_RULES, RULES_BY_ID } from './rules';
export type { Rule } from './rules/types';
export { languageOf, parseFile } from './parse';
export type * from './model/types';
