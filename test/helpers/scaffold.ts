/**
 * Helpers for the scaffolding tests: lint a rendered set in memory exactly as `irsa-lint` would see
 * it on disk (YAML/JSON files, settings from the set's own `.irsa.yaml`).
 */
import * as path from 'node:path';
import { lintDocuments, parseConfig } from '../../server/src/engine';
import type { Finding, IrsaSettings, SourceDocument } from '../../server/src/engine/types';
import type { ScaffoldFile } from '../../shared/src/scaffold/render';
import { fileUri, formatFindings } from './fixtures';

/** A fake absolute root for in-memory sets. */
export const SET_ROOT = path.join(path.sep, 'scaffold-test', 'set');

/** The YAML/JSON files of a set as engine documents, rooted at `root`. */
export function documentsOf(files: readonly ScaffoldFile[], root = SET_ROOT): SourceDocument[] {
  return files
    .filter((f) => /\.(ya?ml|json)$/i.test(f.path) && path.posix.basename(f.path) !== '.irsa.yaml')
    .map((f) => ({ uri: fileUri(path.join(root, ...f.path.split('/'))), text: f.content, version: 0 }));
}

/** Settings from the set's `.irsa.yaml`; throws on any config problem. */
export function settingsOf(files: readonly ScaffoldFile[]): IrsaSettings {
  const cfg = files.find((f) => f.path === '.irsa.yaml');
  if (!cfg) throw new Error('the set has no .irsa.yaml');
  const { settings, problems } = parseConfig(cfg.content);
  if (problems.length) throw new Error(`.irsa.yaml: ${problems.map((p) => p.message).join('; ')}`);
  return settings;
}

/** Lints one or more sets together (files from several sets may share a folder). */
export function lintSet(files: readonly ScaffoldFile[], root = SET_ROOT): { findings: Finding[]; text: string } {
  const findings = lintDocuments(documentsOf(files, root), settingsOf(files));
  return { findings, text: formatFindings(findings, root) };
}
