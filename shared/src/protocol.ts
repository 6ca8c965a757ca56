/**
 * Custom messages between the IRSA extension and its language server. Plain types only, so the
 * client can import this file without pulling in the server.
 */
import type { ChainGraph, ChainGraphFilter, IrsaChain } from '../../server/src/engine';
import type { ChainTarget } from './codegen/targets';

/** Request `irsa/validateWorkspace`: re-scan every workspace folder and re-publish all diagnostics. */
export const VALIDATE_WORKSPACE_METHOD = 'irsa/validateWorkspace';

/** Result of {@link VALIDATE_WORKSPACE_METHOD}. */
export interface ValidateWorkspaceResult {
  /** Files the engine validated (YAML/JSON files that may hold IRSA documents), open or not. */
  files: number;
  /** Diagnostics over all files, every severity. */
  problems: number;
  /** Of which errors. */
  errors: number;
  /** Of which warnings. */
  warnings: number;
}

/**
 * Notification `irsa/status` (server → client), sent after a batch of diagnostics was published
 * when the counts changed: feeds the status bar item. Counts are over every workspace folder.
 */
export const STATUS_NOTIFICATION = 'irsa/status';

/** Params of {@link STATUS_NOTIFICATION}. */
export interface StatusParams {
  /** IRSA sets found: one per CredentialsRequest (its Secret, workloads and trust policies link to it). */
  sets: number;
  /** Published diagnostics over all files, every severity. */
  problems: number;
  errors: number;
  warnings: number;
}

/**
 * Request `irsa/chains` (client → server): the role chains of the workspace the server holds, for
 * the code generation command (`irsa.generateSdkCode`). Answered once the folders are scanned and
 * after pending edits are applied, so unsaved text counts.
 */
export const CHAINS_METHOD = 'irsa/chains';

/** Params of {@link CHAINS_METHOD}: the cursor, when the command runs in an editor. */
export interface ChainsParams {
  /** URI of the active editor's document. */
  uri?: string;
  /** Cursor position in it (zero-based line, UTF-16 character). */
  position?: { line: number; character: number };
}

/** Result of {@link CHAINS_METHOD}. */
export interface ChainsResult {
  /** The chain of the IRSA document at the cursor, when it has a destination role. */
  atCursor?: IrsaChain;
  /** Every CredentialsRequest with a destination role (code generator's `chainTargets`), sorted by label then URI. */
  targets: ChainTarget[];
}

/**
 * Request `irsa/explainError` (client → server, issue #15): the ranked causes of an AWS error text in
 * the workspace the server holds (every folder, unsaved text included), for `IRSA: Explain AWS Error…`.
 * Answered once the folders are scanned and pending edits are applied. Read-only: nothing is written,
 * so it is answered in untrusted workspaces too.
 */
export const EXPLAIN_ERROR_METHOD = 'irsa/explainError';

/** Params of {@link EXPLAIN_ERROR_METHOD}: the error text as copied from a log. */
export interface ExplainErrorParams {
  text: string;
}

/** One cause: in a file (`uri` in the client's spelling, zero-based LSP `range`, `ruleId` of the finding) or outside the files. */
export interface ExplainErrorCause {
  /** 1-based, in the order to check. */
  rank: number;
  summary: string;
  ruleId?: string;
  uri?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  outsideFiles: boolean;
}

/** Result of {@link EXPLAIN_ERROR_METHOD}: `error` is absent when the text is none of the errors explained (then no causes). */
export interface ExplainErrorResult {
  error?: {
    code: string;
    operation?: string;
    arns: string[];
    accountIds: string[];
    roleName?: string;
    sessionName?: string;
    audience?: string;
    issuer?: string;
  };
  causes: ExplainErrorCause[];
}

/**
 * Request `irsa/chainGraph` (client → server, issue #16): the credential chain graph of the workspace
 * the server holds (unsaved text included), for `IRSA: Show Credential Chain`. Params: a
 * {@link ChainGraphFilter} (`uri` in the client's spelling: only the sets holding that document, from
 * the folder that holds it); without `uri`, every folder's sets merged, sorted by namespace then name,
 * at most MAX_GRAPH_SETS. Every URI of the result is in the client's spelling. Answered once the
 * folders are scanned and pending edits are applied. Read-only.
 */
export const CHAIN_GRAPH_METHOD = 'irsa/chainGraph';

/** Params of {@link CHAIN_GRAPH_METHOD} (null or `{}`: every set). */
export type ChainGraphParams = ChainGraphFilter;

/** Result of {@link CHAIN_GRAPH_METHOD}. */
export type ChainGraphResult = ChainGraph;

/**
 * Notification `irsa/chainGraphChanged` (server → client, issue #16; no params: vscode-languageserver
 * writes `"params": [null]`, to be ignored): the model or the
 * findings changed, so a graph got from {@link CHAIN_GRAPH_METHOD} may be stale: ask again. Sent at
 * most once per burst of publishes (with `irsa/status`), and only to a client that has asked for a
 * graph at least once (a client without the picture open has no use for it).
 */
export const CHAIN_GRAPH_CHANGED_NOTIFICATION = 'irsa/chainGraphChanged';

/**
 * The command of the server's code lens "Show credential chain" (issue #16) on CredentialsRequests,
 * ServiceAccounts and trust policies; the VS Code extension registers it. Arguments: one
 * {@link ShowCredentialChainArgs}.
 */
export const SHOW_CREDENTIAL_CHAIN_COMMAND = 'irsa.showCredentialChain';

/** Argument of {@link SHOW_CREDENTIAL_CHAIN_COMMAND}: the document (client's spelling) whose sets to show. */
export interface ShowCredentialChainArgs {
  uri: string;
}
