/**
 * Engine findings → LSP diagnostics (model: vscode-eslint): `source` is `irsa`, `code` is the rule id,
 * `codeDescription.href` links the rule's page, cross-file findings carry `relatedInformation`, and
 * `data` names the rule and the text version (code actions recompute fixes from the server's findings).
 */
import * as path from 'node:path';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from './languageServer';
import { URI } from 'vscode-uri';
import type { Finding, Severity } from '../engine';

export const DIAGNOSTIC_SOURCE = 'irsa';

/**
 * What `Diagnostic.data` holds: the rule and the version of the text the finding was computed on (the
 * editor's version for an open document, 0 for a file read from disk). Code actions use it only to
 * match a diagnostic with a current finding; fixes are never sent to the client and read back (a
 * client may send an old or a forged diagnostic, issue 10).
 */
export interface IrsaDiagnosticData {
  ruleId: string;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Rules whose finding is "this field is deprecated" (rendered struck through by editors). */
const DEPRECATION_RULES = new Set(['deprecated-service-account', 'deployment-config-deprecated']);

/** Maps a rule id to the URL of its documentation page. */
export type DocsLink = (ruleId: string) => string;

/**
 * Links to `docs/rules/<id>.md`. Without `baseUrl`, a `file:` URI of the page shipped next to the
 * bundle (`dist/../docs/rules`). With `baseUrl` (initializationOptions.docsBaseUrl): `{id}` in it is
 * replaced by the rule id, otherwise `<baseUrl>/<id>.md`.
 */
export function docsLink(baseUrl?: string, docsDir: string = path.join(__dirname, '..', 'docs', 'rules')): DocsLink {
  if (baseUrl && baseUrl.trim() !== '') {
    const base = baseUrl.trim();
    if (base.includes('{id}')) return (id) => base.split('{id}').join(encodeURIComponent(id));
    const withSlash = base.endsWith('/') ? base : base + '/';
    return (id) => `${withSlash}${encodeURIComponent(id)}.md`;
  }
  return (id) => URI.file(path.join(docsDir, `${id}.md`)).toString();
}

/**
 * One diagnostic per finding of the text at `version`. `clientUri` maps an engine URI back to the URI
 * the client uses for it (they differ only in percent-encoding, e.g. a client that encodes `:` or `@`).
 */
export function toDiagnostic(f: Finding, link: DocsLink, clientUri: (uri: string) => string = (u) => u, version = 0): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: link(f.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  if (DEPRECATION_RULES.has(f.ruleId)) d.tags = [DiagnosticTag.Deprecated];
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: clientUri(r.uri), range: r.range }, message: r.message }));
  }
  const data: IrsaDiagnosticData = { ruleId: f.ruleId, version };
  d.data = data;
  return d;
}

/** Reads `Diagnostic.data` back (code actions); undefined when it is not ours or malformed. */
export function diagnosticData(d: Diagnostic): IrsaDiagnosticData | undefined {
  const data = d.data as Partial<IrsaDiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || typeof data.ruleId !== 'string' || typeof data.version !== 'number') return undefined;
  return { ruleId: data.ruleId, version: data.version };
}
