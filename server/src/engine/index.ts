/**
 * Public API of the engine (pure: no fs, no LSP, no vscode). Every other package imports the engine
 * through this file only (scripts/check-boundaries.mjs; tests are white-box and may import any file).
 */
export * from './types';
export { Workspace, lintDocuments } from './workspace/workspace';
export { WorkspaceView } from './workspace/view';
export { parseConfig, mergeSettings, CONFIG_FILE_NAME } from './config';
export { ALL_RULES, RULES_BY_ID } from './rules';
export type { Rule } from './rules/types';
export { languageOf, looksRelevant, manifestFormatOf, MANIFEST_FILES_GLOB, parseFile, MAX_FILE_CHARS } from './parse';
// (issue #14) Code files: the hosts load the grammars and hand the engine a CodeParser.
export { CODE_EXTENSIONS, CODE_LANGUAGES, codeLanguageOf, codeLanguageOfPath, mayUseAwsSdk } from './parse';
export type { CodeLanguage, CodeNode, CodeParser } from './parse';
export type * from './model/types';
export { str } from './parse/tree';
export type { TreeNode } from './parse/tree';
export { compileGlob, globMatcher, limitGlobList } from './glob';
export type { Glob, GlobOptions } from './glob';
// The chain a workload's credentials come from, which the SDK code renderers (shared/) turn into code.
export { DEFAULT_CONFIG_FILE, irsaChainFor, validateChain } from './chain';
export type { IrsaChain } from './chain';
// Names and limits the scaffold renderer (shared/) writes, so that what it writes is what the rules accept.
export {
  CCOCTL_ROLE_NAME_MAX,
  CCOCTL_TOKEN_PATH,
  ccoctlRoleName,
  ccoctlRoleNameFull,
  isDnsLabel,
  isDnsSubdomain,
  OIDC_PROVIDER_ARN,
  ROLE_NAME,
  ROLE_SESSION_NAME,
} from './domain';
// Editor features the language server maps onto LSP requests.
export { completionsAt } from './features/completion';
export type { CompletionEntry } from './features/completion';
export { hoverAt } from './features/hover';
export { definitionsOf, occurrences, RENAMEABLE, renameEdits, siteAt } from './features/links';
export { documentSymbols } from './features/symbols';
export type { OutlineKind, OutlineSymbol } from './features/symbols';
// (issue #16) The credential chain's text forms (`irsa-lint graph`): Mermaid, DOT, JSON.
export { GRAPH_COLORS, graphJson, NODE_KIND_TITLES, toDot, toJson, toMermaid } from './graph/render';
export type { GraphJson, GraphJsonEdge, GraphJsonNode, RenderOptions } from './graph/render';
// (issue #15) AWS's IAM service catalogue: the hosts register a loader; rules and features ask iamCatalog().
export { buildIamCatalog, editDistance, iamCatalog, iamCatalogError, setIamCatalogLoader } from './iam/catalog';
export type { IamAction, IamCatalog, IamCatalogIndex, IamCatalogLoader, IamConditionKey, IamResourceType, IamService, IamServiceIndex } from './iam/catalog';
// (issue #15) `irsa-lint explain` and `IRSA: Explain AWS Error…`: an AWS error text → its fields → ranked causes.
export { parseAwsError } from './explain/parse';
export type { ErrorFamily, ErrorSdk, ParsedAwsError } from './explain/parse';
export { EXPLAINING_RULES, explainError } from './explain/rank';
export type { ExplainCause } from './explain/rank';
// (issue #16) The credential chain as a graph: the webview and `irsa-lint graph` draw it.
export { buildChainGraph, LINK_OF_RULE, linksOfRule, NODE_ONLY_RULES } from './graph/chain-graph';
export { MAX_GRAPH_SETS } from './graph/types';
export type * from './graph/types';
