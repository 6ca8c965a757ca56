import { isCcoctlInputDirName } from '../domain';
import { parseJson } from './json';
import { ParseLimitError } from './types';
import type { FileLanguage, ParsedFile } from './types';
import { parseYamlCounted } from './yaml';

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

const YAML_RELEVANT =
  /\b(CredentialsRequest|cloudcredential\.openshift\.io|AWSProviderSpec|serviceAccountName|serviceAccount|serviceAccountToken|AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE|AWS_ROLE_SESSION_NAME|AWS_ROLE_ARN|role_arn|role_name|web_identity_token_file|eks\.amazonaws\.com\/role-arn)\b|\bkind:\s*["']?(Pod|PodTemplate|ReplicationController|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|DeploymentConfig|ServiceAccount|Secret)\b/;
const JSON_RELEVANT = /"(Statement|apiVersion)"\s*:/;

/**
 * True when a file may hold IRSA documents and is worth parsing. Everything else (tsconfig.json with
 * comments, CI workflows, Helm templates full of `{{ }}`) is ignored silently: reporting syntax errors
 * in files that are none of ours would be noise. Files in a `credrequests/` (or `credreqs/`, …) folder are always read,
 * because ccoctl decodes every one of them.
 */
export function looksRelevant(uri: string, text: string, language: FileLanguage = languageOf(uri) ?? 'yaml'): boolean {
  // (#11) Every folder name that marks a ccoctl --credentials-requests-dir, not only `credrequests/`.
  const folder = /\/([^/]+)\/[^/]*$/.exec(uri)?.[1];
  if (folder !== undefined && isCcoctlInputDirName(folder)) return true;
  // A kustomization says which files are patches and which namespace they land in (issue #11 pattern 5).
  if (/\/kustomization\.ya?ml$/.test(uri)) return true;
  if (language === 'json') return JSON_RELEVANT.test(text);
  if (/\/templates\/[^/]*$/.test(uri) && text.includes('{{')) return false;
  return YAML_RELEVANT.test(text);
}

/**
 * Parses one file. Never throws: binary and oversized files, and files past the parsers' limits
 * ({@link MAX_NESTING_DEPTH}, {@link MAX_NODES}), come back with `skipped` set and no documents, so
 * callers can report them.
 */
export function parseFile(uri: string, text: string, language: FileLanguage = languageOf(uri) ?? 'yaml'): ParsedFile {
  if (text.length > MAX_FILE_CHARS) {
    return { uri, language, documents: [], skipped: { reason: `file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB` } };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { uri, language, documents: [], skipped: { reason: 'file looks binary (contains NUL bytes)' } };
  }
  // A byte-order mark is whitespace to JSON; the YAML lexer reads it as a BOM token itself (as a space
  // it indented the first line by one column, and every later top-level key became a syntax error).
  const body = language === 'json' && text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  try {
    if (language === 'json') return { uri, language, documents: [parseJson(body)] };
    const { documents, nodes } = parseYamlCounted(body);
    return { uri, language, documents, nodes };
  } catch (e) {
    // Thrown by the parsers' own limit checks, which run before anything recursive (not a caught stack overflow).
    if (e instanceof ParseLimitError) return { uri, language, documents: [], skipped: { reason: e.reason, start: e.start, end: e.end } };
    throw e;
  }
}
