import { parseJson } from './json';
import type { FileLanguage, ParsedFile } from './types';
import { parseYaml } from './yaml';

export * from './types';
export * from './tree';

/** Files above this size are not parsed (bytes of UTF-16 text); real manifests are a few KiB. */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

/** Language of a file by its name; undefined for files the engine does not read. */
export function languageOf(uri: string): FileLanguage | undefined {
  const path = uri.toLowerCase().replace(/[?#].*$/, '');
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  if (path.endsWith('.json')) return 'json';
  return undefined;
}

/**
 * Parses one file. Never throws: binary and oversized files come back with `skipped` set and no
 * documents, so callers can report them.
 */
export function parseFile(uri: string, text: string, language: FileLanguage = languageOf(uri) ?? 'yaml'): ParsedFile {
  if (text.length > MAX_FILE_CHARS) {
    return { uri, language, documents: [], skipped: { reason: `file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB` } };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { uri, language, documents: [], skipped: { reason: 'file looks binary (contains NUL bytes)' } };
  }
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  return { uri, language, documents: language === 'json' ? [parseJson(body)] : parseYaml(body) };
}
