/**
 * The host package: everything that touches the disk on behalf of the engine (which never does),
 * shared by the CLI and the language server. Import it through this entry point.
 */
export { ALWAYS_SKIPPED_DIRS, CHECKED_EXTENSIONS, CHECKED_FILES_GLOB, discoverFiles, isCheckedFileName, isCodeFileName, loadConfigFile, SPECIAL_SKIPPED, SYMLINK_SKIPPED } from './discover';
export type { DiscoverOptions, DiscoverResult } from './discover';
export { checkOutputFolder, FolderError, makeFolders } from './folders';
export { GitIgnore, MAX_GITIGNORE_PATTERN_CHARS } from './gitignore';
export { DISK, fileUri, findWorkspaceRoot, HEAD_BYTES, isExcludedFile, isInside, matchesIgnoreGlobs, MAX_SOURCE_BYTES, readSource } from './host';
export type { HostReader, RootKind, SourceRead, WorkspaceRoot } from './host';
export { decodeText, formatBytes, MAX_CONFIG_BYTES, MAX_GITIGNORE_BYTES, readHead, readRegularFile } from './read';
export type { BoundedRead, ReadFailure } from './read';
// (issue #14) The tree-sitter grammars for application code, loaded once and handed to the engine.
export { loadCodeParser, MAX_CODE_NODES } from './code-parser';
// (issue #15) The IAM service catalogue, read lazily and handed to the engine.
export { iamCatalogDate, iamCatalogFiles, installIamCatalog, loadIamCatalog, parseIamCatalogText } from './iam-catalog';
