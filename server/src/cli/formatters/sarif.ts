/**
 * SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), for GitHub code scanning and
 * other SARIF viewers. Regions are 1-based with an exclusive `endColumn`, in UTF-16 code units
 * (`columnKind: utf16CodeUnits`, the same unit as LSP, so the numbers match the editor). Artifact
 * URIs are relative to the `%SRCROOT%` base (the working directory); files outside it get absolute
 * `file:` URIs. Every rule is listed in `tool.driver.rules`, whether it fired or not.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import type { Rule } from '../../engine';
import type { Finding, Range, Severity } from '../../engine';
import type { LintReport } from '../lint';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export interface SarifOptions {
  version: string;
  rules: readonly Rule[];
  /** Rule id → URL of its documentation page (`helpUri`). */
  docsLink: (ruleId: string) => string;
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

function region(r: Range): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Items in first-seen order without repeats (JSON equality, as the schema's `uniqueItems` means). */
function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function toSarif(report: LintReport, options: SarifOptions): Sarif.Log {
  const artifactIndex = new Map<string, number>();
  const artifacts: Sarif.Artifact[] = [];
  const artifactLocation = (uri: string): Sarif.ArtifactLocation => {
    let loc: Sarif.ArtifactLocation;
    let file: string | undefined;
    try {
      file = fileURLToPath(uri);
    } catch {
      file = undefined;
    }
    const rel = file === undefined ? undefined : path.relative(report.cwd, file);
    if (rel !== undefined && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      loc = { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
    } else {
      loc = { uri };
    }
    // Keyed by path: findings carry the host's URI spelling (vscode-uri: `@` → `%40`), notifications
    // pathToFileURL's; one file is one artifact either way.
    const key = file ?? uri;
    let index = artifactIndex.get(key);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(key, index);
      artifacts.push({ location: { ...loc } });
    }
    return { ...loc, index };
  };

  const ruleIndex = new Map<string, number>();
  const rules: Sarif.ReportingDescriptor[] = options.rules.map((r, i) => {
    ruleIndex.set(r.id, i);
    const details = r.docs.details && r.docs.details.trim() !== 'TODO' ? r.docs.details : r.docs.summary;
    const configured = report.settings.rules?.[r.id];
    return {
      id: r.id,
      name: pascal(r.id),
      shortDescription: { text: r.docs.summary },
      fullDescription: { text: details, markdown: details },
      helpUri: options.docsLink(r.id),
      defaultConfiguration: configured === 'off' ? { level: LEVEL[r.defaultSeverity], enabled: false } : { level: LEVEL[configured ?? r.defaultSeverity] },
      properties: { scope: r.scope, sources: [...r.docs.sources] },
    };
  });

  // Every checked file is an artifact, in report order, before any related file.
  for (const f of report.files) artifactLocation(f.uri);
  const results: Sarif.Result[] = [];
  for (const f of report.files) {
    for (const x of f.findings) results.push(result(x));
  }
  function result(x: Finding): Sarif.Result {
    const res: Sarif.Result = {
      ruleId: x.ruleId,
      level: LEVEL[x.severity],
      message: { text: x.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(x.uri), region: region(x.range) } }],
    };
    const idx = ruleIndex.get(x.ruleId);
    if (idx !== undefined) res.ruleIndex = idx;
    // The schema requires unique `relatedLocations` and `fixes` (uniqueItems); the engine should not
    // produce duplicates, but one repeated item would make the whole log invalid, so drop repeats here.
    const related = unique(
      (x.related ?? []).map((r) => ({ physicalLocation: { artifactLocation: artifactLocation(r.uri), region: region(r.range) }, message: { text: r.message } })),
    );
    if (related.length) res.relatedLocations = related.map((r, i) => ({ id: i + 1, ...r }));
    const fixes = unique(
      // (issue #14) A fix that creates a file is left out: SARIF consumers apply `artifactChanges` as
      // replacements in existing artifacts, and its edits import a module only the editor writes.
      (x.fixes ?? []).filter((fx) => !fx.creates?.length).map((fx): Sarif.Fix => {
        const byUri = new Map<string, Sarif.Replacement[]>();
        for (const e of fx.edits) {
          if (!byUri.has(e.uri)) byUri.set(e.uri, []);
          byUri.get(e.uri)!.push({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.newText } });
        }
        return {
          description: { text: fx.title },
          artifactChanges: [...byUri].map(([uri, replacements]) => ({ artifactLocation: artifactLocation(uri), replacements })),
        };
      }),
    );
    if (fixes.length) res.fixes = fixes;
    // A finding standing for others that were not listed (engine/collect.ts): how many, for tools.
    if (x.omitted !== undefined) res.properties = { omitted: x.omitted };
    return res;
  }

  const notifications: Sarif.Notification[] = report.unreadable.map((u) => ({
    level: 'error',
    message: { text: `cannot read ${u.display}: ${u.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(pathToFileURL(u.path).toString()) } }],
  }));
  for (const u of report.skipped) {
    notifications.push({
      level: 'warning',
      message: { text: `not checked: ${u.display}: ${u.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(pathToFileURL(u.path).toString()) } }],
    });
  }
  // Named paths that do not exist: the run is incomplete, as with an unreadable file.
  for (const e of report.errors ?? []) notifications.push({ level: 'error', message: { text: e } });
  const invocation: Sarif.Invocation = { executionSuccessful: report.unreadable.length === 0 && !report.errors?.length };
  if (notifications.length) invocation.toolExecutionNotifications = notifications;

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'irsa-lint', semanticVersion: options.version, version: options.version, rules } },
        invocations: [invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd).toString().replace(/\/?$/, '/') } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: LintReport, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}
