/**
 * Editor settings (`irsa.*`) as the server reads them, and how they combine with `.irsa.yaml`.
 *
 * Precedence, lowest first: engine defaults < `.irsa.yaml` at the workspace-folder root < editor
 * settings (`irsa.*`, pulled per workspace folder through `workspace/configuration`). Editor values
 * that are left at their empty defaults (`""`, `[]`, `{}`) do not override `.irsa.yaml`; rule
 * overrides merge per rule id; `irsa.workspace.exclude` adds to the `.irsa.yaml` `ignore` globs.
 *
 * Settings are never cached in module globals: each workspace folder's project holds its own copy,
 * refreshed on `workspace/didChangeConfiguration`.
 */
import { mergeSettings } from '../engine';
import { compileGlob, limitGlobList } from '../engine';
import { RULES_BY_ID } from '../engine';
import type { IrsaSettings, SeverityOverride } from '../engine';

/** The `irsa` configuration section after validation. */
export interface EditorSettings {
  /** `irsa.rules`: rule id → severity or `off`. Unknown ids and bad values are dropped (and reported). */
  rules: Record<string, SeverityOverride>;
  /** `irsa.ccoctl.name`: ccoctl `--name` (role-name prefix); empty = not set. */
  ccoctlName?: string;
  /** `irsa.oidc.audiences`: OIDC provider client IDs; empty = not set. */
  audiences?: string[];
  /** `irsa.workspace.scan`: validate every YAML/JSON file of the folder, not only open ones (default true). */
  scan: boolean;
  /** `irsa.workspace.exclude`: globs relative to the folder root, never validated. */
  exclude: string[];
  /** `irsa.fixAll.onSave`: apply every safe preferred quick fix of a file when it is saved (default false). */
  fixAllOnSave: boolean;
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { rules: {}, scan: true, exclude: [], fixAllOnSave: false };

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return out;
}

/**
 * Validates the raw `irsa` section (whatever the client sent: it may be `null`, partial or wrong).
 * Returns the settings and human-readable problems (logged to the output channel).
 */
export function readEditorSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: EditorSettings = { rules: {}, scan: true, exclude: [], fixAllOnSave: false };
  if (!isRecord(raw)) return { settings, problems };
  const rules = raw['rules'];
  if (isRecord(rules)) {
    for (const [id, sev] of Object.entries(rules)) {
      if (!RULES_BY_ID.has(id)) problems.push(`irsa.rules: unknown rule id \`${id}\``);
      else if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) problems.push(`irsa.rules.${id}: must be one of ${SEVERITIES.join(', ')}`);
      else settings.rules[id] = sev as SeverityOverride;
    }
  } else if (rules !== undefined && rules !== null) problems.push('irsa.rules: must be an object of rule id → severity');
  const ccoctl = raw['ccoctl'];
  const name = isRecord(ccoctl) ? ccoctl['name'] : undefined;
  if (typeof name === 'string' && name.trim() !== '') {
    // Same constraint as `.irsa.yaml` ccoctl.name: it prefixes IAM role names (IAM-model `[\w+=,.@-]+`).
    if (/^[\w+=,.@-]+$/.test(name.trim())) settings.ccoctlName = name.trim();
    else problems.push('irsa.ccoctl.name: must only contain [\\w+=,.@-] characters (it prefixes IAM role names)');
  }
  const oidc = raw['oidc'];
  const audiences = stringList(isRecord(oidc) ? oidc['audiences'] : undefined);
  if (audiences?.length) settings.audiences = audiences;
  const ws = raw['workspace'];
  if (isRecord(ws)) {
    if (typeof ws['scan'] === 'boolean') settings.scan = ws['scan'];
    // Every path is tested against every glob: a list past the bounds is cut, and said so.
    const limited = limitGlobList(stringList(ws['exclude']) ?? []);
    if (limited.error) problems.push(`irsa.workspace.exclude: ${limited.error}`);
    settings.exclude = limited.kept.filter((g) => {
      const compiled = compileGlob(g);
      if ('error' in compiled) problems.push(`irsa.workspace.exclude: \`${g.length > 60 ? g.slice(0, 60) + '…' : g}\`: ${compiled.error}`);
      return !('error' in compiled);
    });
  }
  const fixAll = raw['fixAll'];
  if (isRecord(fixAll) && typeof fixAll['onSave'] === 'boolean') settings.fixAllOnSave = fixAll['onSave'];
  return { settings, problems };
}

/** Engine settings of a folder: `.irsa.yaml` settings overridden by the editor's. */
export function effectiveSettings(fileSettings: IrsaSettings, editor: EditorSettings): IrsaSettings {
  const fromEditor: IrsaSettings = {};
  if (Object.keys(editor.rules).length) fromEditor.rules = editor.rules;
  if (editor.ccoctlName !== undefined) fromEditor.ccoctlName = editor.ccoctlName;
  if (editor.audiences !== undefined) fromEditor.audiences = editor.audiences;
  if (editor.exclude.length) fromEditor.ignore = editor.exclude;
  return mergeSettings(fileSettings, fromEditor);
}
