/**
 * Suppression comments in YAML: `# irsa-disable-next-line <rule-id>[, <rule-id>…]` silences those
 * rules (all rules when no id is given) for findings that start on the next line. JSON has no
 * comments (IAM rejects them), so policies are configured through `.irsa.yaml` instead. In code
 * files (issue #14) the same directive follows `//` (TypeScript, JavaScript, Go, Java) or `#` (Python).
 */
import type { Finding } from './types';

/** 0-based line → rule ids silenced on it (`*` = all). */
export type Suppressions = ReadonlyMap<number, ReadonlySet<string>>;

/**
 * The suppressions of a file without a directive (nearly every file): one shared empty map, not one
 * per file (an empty Map costs ~190 bytes; a 20,000-file workspace held 4 MB of them).
 */
const NONE: Suppressions = new Map();

// `#` in YAML, shell and Python; `//` in TypeScript, JavaScript, Go and Java (issue #14 code rules).
const DIRECTIVE = /(?:#|\/\/)\s*irsa-disable-next-line\b([^\n#]*)/;

export function parseSuppressions(text: string): Suppressions {
  if (!text.includes('irsa-disable-next-line')) return NONE;
  const out = new Map<number, Set<string>>();
  // Lines as the editor and LSP count them: CRLF, LF or a lone CR ends a line.
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) continue;
    const ids = m[1]!.split(/[\s,]+/).filter(Boolean);
    out.set(i + 1, new Set(ids.length ? ids : ['*']));
  }
  return out;
}

/** Whether a finding of `ruleId` starting on 0-based `line` is silenced. */
export function isSuppressed(s: Suppressions, line: number, ruleId: string): boolean {
  const ids = s.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(ruleId));
}

export function applySuppressions(findings: Finding[], s: Suppressions): Finding[] {
  if (s.size === 0) return findings;
  return findings.filter((f) => !isSuppressed(s, f.range.start.line, f.ruleId));
}
