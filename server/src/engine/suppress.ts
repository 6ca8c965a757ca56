/**
 * Suppression comments in YAML: `# irsa-disable-next-line <rule-id>[, <rule-id>…]` silences those
 * rules (all rules when no id is given) for findings that start on the next line. JSON has no
 * comments (IAM rejects them), so policies are configured through `.irsa.yaml` instead.
 */
import type { Finding } from './types';

/** 0-based line → rule ids silenced on it (`*` = all). */
export type Suppressions = Map<number, Set<string>>;

const DIRECTIVE = /#\s*irsa-disable-next-line\b([^\n#]*)/;

export function parseSuppressions(text: string): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('irsa-disable-next-line')) return out;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) continue;
    const ids = m[1]!.split(/[\s,]+/).filter(Boolean);
    out.set(i + 1, new Set(ids.length ? ids : ['*']));
  }
  return out;
}

export function applySuppressions(findings: Finding[], s: Suppressions): Finding[] {
  if (s.size === 0) return findings;
  return findings.filter((f) => {
    const ids = s.get(f.range.start.line);
    return !ids || !(ids.has('*') || ids.has(f.ruleId));
  });
}
