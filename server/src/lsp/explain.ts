/**
 * `irsa/explainError` (issue #15): the ranked causes of an AWS error text, computed from the workspace
 * the server already holds (so the command of the extension loads nothing again and sees unsaved
 * text, `.gitignore`, `ignore` globs and `irsa.*` settings as the diagnostics do). The ranking is the
 * engine's `explainError`, run per project (workspace folder); with several folders their causes are
 * merged: explaining findings of every folder first, then what to check in AWS (once), then the places
 * the error names.
 */
import { explainError, parseAwsError } from '../engine';
import type { ExplainCause } from '../engine';
import type { ExplainErrorCause, ExplainErrorParams, ExplainErrorResult } from '../../../shared/src/protocol';
import type { Projects } from './projects';

/**
 * The answer to `irsa/explainError`. `clientUri` maps the server's canonical URIs back to the client's
 * spelling. A text that is no error this toolkit explains gets `{ causes: [] }` and no `error`.
 */
export function explainOf(projects: Projects, params: ExplainErrorParams, clientUri: (uri: string) => string): ExplainErrorResult {
  const parsed = typeof params?.text === 'string' ? parseAwsError(params.text) : undefined;
  if (!parsed) return { causes: [] };
  const findings: ExplainCause[] = [];
  const outside: ExplainCause[] = [];
  const places: ExplainCause[] = [];
  for (const p of projects.all()) {
    for (const c of explainError(p.engine, parsed)) {
      if (c.outsideFiles) {
        if (!outside.some((o) => o.summary === c.summary)) outside.push(c);
      } else (c.ruleId ? findings : places).push(c);
    }
  }
  // Places are only listed by a folder where no finding explains the error; beside another folder's finding they are noise.
  const merged = [...findings, ...outside, ...(findings.length ? [] : places)];
  const causes: ExplainErrorCause[] = merged.map((c, i) => {
    const out: ExplainErrorCause = { rank: i + 1, summary: c.summary, outsideFiles: c.outsideFiles };
    if (c.ruleId !== undefined) out.ruleId = c.ruleId;
    if (c.uri !== undefined) out.uri = clientUri(c.uri);
    if (c.range !== undefined) out.range = c.range;
    return out;
  });
  const { family: _family, sdk: _sdk, message: _message, callerRoleName: _caller, region: _region, ...error } = parsed;
  return { error, causes };
}
