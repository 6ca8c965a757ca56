/**
 * `irsa-lint explain` (issue #15): an AWS error text → its fields → the workspace read as for a lint
 * run → the ranked causes (engine/explain), printed as stylish text or JSON. Exit codes: 0 when at
 * least one cause is in the files, 1 when none is (or the text is none of the errors explained), 2 on
 * usage errors (no text, standard input unreadable, a bad option or configuration, a missing path).
 */
import { fileURLToPath } from 'node:url';
import { explainError, parseAwsError } from '../engine';
import type { ExplainCause, ParsedAwsError } from '../engine';
import type { CodeLanguage, CodeParser } from '../engine';
import type { ExplainOptions } from './args';
import { lintLoadingCode, relPath, UsageError } from './lint';

/** What `runExplain` needs of the CLI's I/O (a subset of main.ts CliIo). */
export interface ExplainIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd?: string;
  stdin?: () => string;
  stdoutTty?: boolean;
  env?: Record<string, string | undefined>;
}

/** The `error` object of the JSON output (the issue's shape; `operation` is null when the text names none). */
export interface ExplainJsonError {
  code: string;
  operation: string | null;
  arns: string[];
  accountIds: string[];
  roleName?: string;
  sessionName?: string;
  audience?: string;
  issuer?: string;
}

/** One cause of the JSON output: `file` relative to the working directory, `line`/`column` 1-based. */
export interface ExplainJsonCause {
  rank: number;
  summary: string;
  ruleId?: string;
  file?: string;
  line?: number;
  column?: number;
  outsideFiles: boolean;
  /** Present (false) only for a finding not on the chain the error names (see ExplainCause.linked). */
  linked?: false;
}

/** The JSON output: `{ error, causes }`. */
export interface ExplainJson {
  error: ExplainJsonError;
  causes: ExplainJsonCause[];
}

/** The error's fields in the JSON shape. */
export function errorJson(e: ParsedAwsError): ExplainJsonError {
  const out: ExplainJsonError = { code: e.code, operation: e.operation ?? null, arns: e.arns, accountIds: e.accountIds };
  if (e.roleName !== undefined) out.roleName = e.roleName;
  if (e.sessionName !== undefined) out.sessionName = e.sessionName;
  if (e.audience !== undefined) out.audience = e.audience;
  if (e.issuer !== undefined) out.issuer = e.issuer;
  return out;
}

/** A cause in the JSON shape; `display` turns a URI into the path shown. */
export function causeJson(c: ExplainCause, display: (uri: string) => string): ExplainJsonCause {
  // Built key by key so the JSON keys come in the documented order, `outsideFiles` last.
  const out: Omit<ExplainJsonCause, 'outsideFiles'> & { outsideFiles?: boolean } = { rank: c.rank, summary: c.summary };
  if (c.ruleId !== undefined) out.ruleId = c.ruleId;
  if (c.uri !== undefined) {
    out.file = display(c.uri);
    if (c.range !== undefined) {
      out.line = c.range.start.line + 1;
      out.column = c.range.start.character + 1;
    }
  }
  return { ...out, outsideFiles: c.outsideFiles, ...(c.linked === false ? { linked: false as const } : {}) };
}

/** The stylish text: the error's fields, then one numbered entry per cause, then a summary line. */
export function formatExplainStylish(json: ExplainJson): string {
  const e = json.error;
  const lines: string[] = [];
  lines.push(`${e.code}${e.operation ? ` on ${e.operation}` : ''}`);
  const fields: string[] = [];
  if (e.roleName) fields.push(`role ${e.roleName}`);
  if (e.sessionName) fields.push(`session ${e.sessionName}`);
  if (e.issuer) fields.push(`issuer ${e.issuer}`);
  if (e.audience) fields.push(`audience ${e.audience}`);
  if (e.accountIds.length) fields.push(`account${e.accountIds.length === 1 ? '' : 's'} ${e.accountIds.join(', ')}`);
  if (fields.length) lines.push(`  ${fields.join(' · ')}`);
  lines.push('');
  for (const c of json.causes) {
    const where = c.outsideFiles ? 'in AWS' : `${c.file}:${c.line}:${c.column}${c.ruleId ? `  ${c.ruleId}` : ''}`;
    lines.push(`${c.rank}. ${where}`);
    lines.push(`   ${c.summary}`);
  }
  const inFiles = json.causes.filter((c) => !c.outsideFiles && c.linked !== false).length;
  const outside = json.causes.filter((c) => c.outsideFiles).length;
  const unlinked = json.causes.filter((c) => c.linked === false).length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (json.causes.length) lines.push('');
  const more = `${outside ? `${outside} to check in AWS` : ''}${outside && unlinked ? '; ' : ''}${unlinked ? `${plural(unlinked, 'finding')} not linked to what the error names` : ''}`;
  lines.push(inFiles ? `✔ ${plural(inFiles, 'cause')} in the files${more ? `, ${more}` : ''}` : `✖ no cause found in the files${more ? `; ${more}` : ''}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs `irsa-lint explain`; returns the exit code. Never throws for user input.
 * @param loadParser loads the tree-sitter grammars (only when the workspace has application code).
 */
export async function runExplain(options: ExplainOptions, io: ExplainIo, loadParser: (languages: readonly CodeLanguage[]) => Promise<CodeParser>): Promise<number> {
  let text = options.message;
  if (text === '-') {
    if (!io.stdin) {
      io.err('irsa-lint: explain: reading standard input (--message -) is not available here\n');
      return 2;
    }
    try {
      text = io.stdin();
    } catch (e) {
      io.err(`irsa-lint: explain: cannot read standard input: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  if (text.trim() === '') {
    io.err('irsa-lint: explain: the error text is empty\n');
    return 2;
  }
  const parsed = parseAwsError(text);
  if (!parsed) {
    io.err(
      'irsa-lint: explain: this text is none of the AWS errors irsa-lint explains (AccessDenied on AssumeRoleWithWebIdentity or AssumeRole, InvalidIdentityToken, IDPCommunicationError, ExpiredToken, the role-chaining DurationSeconds ValidationError, RegionDisabledException, a missing region, no credentials found); paste the whole line the SDK or the AWS CLI printed\n',
    );
    return 1;
  }
  const cwd = io.cwd ?? process.cwd();
  let report;
  try {
    report = await lintLoadingCode(options.lint, cwd, { stdin: io.stdin }, loadParser, (e) => {
      io.err(`irsa-lint: warning: application code is not checked: the tree-sitter grammars could not be loaded (${e instanceof Error ? e.message : String(e)})\n`);
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`irsa-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const e of report.errors ?? []) io.err(`irsa-lint: ${e}\n`);
  const ws = report.workspace!;
  const causes = explainError(ws, parsed);
  const display = (uri: string): string => {
    try {
      return relPath(cwd, fileURLToPath(uri));
    } catch {
      return uri;
    }
  };
  const json: ExplainJson = { error: errorJson(parsed), causes: causes.map((c) => causeJson(c, display)) };
  io.out(options.format === 'json' ? JSON.stringify(json, null, 2) + '\n' : formatExplainStylish(json));
  if (report.errors?.length) return 2;
  return causes.some((c) => !c.outsideFiles && c.linked !== false) ? 0 : 1;
}
