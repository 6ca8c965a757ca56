/**
 * Machine-readable output: one object with the summary and, per checked file, its findings with
 * 1-based `line`/`column`/`endLine`/`endColumn` (end exclusive, UTF-16 columns as in LSP), related
 * locations in other files and the repairs the editor would offer (offset edits).
 */
import type { Finding } from '../../engine';
import { countFindings, LintReport, relPath } from '../lint';
import { fileURLToPath } from 'node:url';

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonLocation {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  related: (JsonLocation & { message: string })[];
  fixes: { title: string; preferred: boolean; edits: { file: string; start: number; end: number; newText: string }[] }[];
  /** Only on a finding that stands for this many findings of its rule that were not listed (engine/collect.ts). */
  omitted?: number;
}

export interface JsonReport {
  tool: { name: 'irsa-lint'; version: string };
  /** Workspace root and configuration file, relative to the working directory. */
  root: string;
  config: string | null;
  summary: { filesChecked: number; problems: number; errors: number; warnings: number; infos: number; hints: number };
  files: { file: string; findings: JsonFinding[] }[];
  unreadable: { file: string; message: string }[];
  /** Entries deliberately not checked (symbolic links); present only when there are some. */
  skipped?: { file: string; message: string }[];
  /** Named paths that could not be checked (`no such file or directory: x`); present only when there are some. */
  errors?: string[];
}

function shown(report: LintReport, uri: string): string {
  try {
    return relPath(report.cwd, fileURLToPath(uri));
  } catch {
    return uri;
  }
}

export function toJsonReport(report: LintReport, version: string): JsonReport {
  const c = countFindings(report);
  const loc = (uri: string, r: Finding['range']): JsonLocation => ({
    file: shown(report, uri),
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  return {
    tool: { name: 'irsa-lint', version },
    root: relPath(report.cwd, report.root),
    config: report.configPath ? relPath(report.cwd, report.configPath) : null,
    summary: { filesChecked: report.files.length, problems: c.total, errors: c.errors, warnings: c.warnings, infos: c.infos, hints: c.hints },
    files: report.files.map((f) => ({
      file: f.display,
      findings: f.findings.map((x) => ({
        ruleId: x.ruleId,
        severity: x.severity,
        message: x.message,
        ...loc(x.uri, x.range),
        related: (x.related ?? []).map((r) => ({ ...loc(r.uri, r.range), message: r.message })),
        // (issue #14) A fix that creates a file is left out: tools apply a report's fixes as text
        // replacements of existing files, and its edits import a module only the editor writes.
        fixes: (x.fixes ?? []).filter((fx) => !fx.creates?.length).map((fx) => ({
          title: fx.title,
          preferred: fx.preferred === true,
          edits: fx.edits.map((e) => ({ file: shown(report, e.uri), start: e.start, end: e.end, newText: e.newText })),
        })),
        ...(x.omitted !== undefined ? { omitted: x.omitted } : {}),
      })),
    })),
    unreadable: report.unreadable.map((u) => ({ file: u.display, message: u.message })),
    ...(report.skipped.length ? { skipped: report.skipped.map((u) => ({ file: u.display, message: u.message })) } : {}),
    ...(report.errors?.length ? { errors: report.errors } : {}),
  };
}

export function formatJson(report: LintReport, version: string): string {
  return JSON.stringify(toJsonReport(report, version), null, 2) + '\n';
}
