/**
 * The terminal format: one line per finding, `path:line:col  severity  message  rule-id` (1-based
 * line and column, so terminals and editors can open the spot), grouped by file with a blank line
 * between files, then a summary line. Columns are aligned within a file.
 */
import type { Severity } from '../../engine';
import { countFindings, LintReport } from '../lint';

export interface StylishOptions {
  /** ANSI colours (only on a terminal, and never when `NO_COLOR` is set). */
  color?: boolean;
  /** True with `--quiet`: the clean summary then says "no errors". */
  quiet?: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatStylish(report: LintReport, options: StylishOptions = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '2' };
  const out: string[] = [];
  for (const file of report.files) {
    if (!file.findings.length) continue;
    const rows = file.findings.map((f) => ({
      loc: `${file.display}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
      sev: f.severity,
      msg: f.message.replace(/\s*\n\s*/g, ' '),
      rule: f.ruleId,
    }));
    const locWidth = Math.max(...rows.map((r) => r.loc.length));
    const sevWidth = Math.max(...rows.map((r) => r.sev.length));
    if (out.length) out.push('');
    for (const r of rows) {
      out.push(`${r.loc.padEnd(locWidth)}  ${paint(sevColor[r.sev], r.sev.padEnd(sevWidth))}  ${r.msg}  ${paint('2', r.rule)}`);
    }
  }
  const c = countFindings(report);
  const checked = plural(report.files.length, 'file');
  // Files found but not read (symbolic links) are not "checked, no problems": say how many (listed on stderr).
  const skipped = report.skipped.length ? ` (${plural(report.skipped.length, 'file')} skipped)` : '';
  if (c.total === 0) {
    out.push(paint('32', `✔ ${checked} checked, no ${options.quiet ? 'errors' : 'problems'}${skipped}`));
  } else {
    const parts = [plural(c.errors, 'error'), plural(c.warnings, 'warning')];
    if (c.infos) parts.push(plural(c.infos, 'info'));
    if (c.hints) parts.push(plural(c.hints, 'hint'));
    if (out.length) out.push('');
    const line = `✖ ${plural(c.total, 'problem')} (${parts.join(', ')}) in ${checked} checked${skipped}`;
    out.push(paint(c.errors ? '31;1' : '33;1', line));
  }
  return out.join('\n') + '\n';
}
