/**
 * Custom messages between the IRSA extension and its language server. Plain types only, so the
 * client can import this file without pulling in the server.
 */

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
