import { isCcoctlInputDirName, isKustomizationFileName } from '../domain';
import { parseJson } from './json';
import { parseEmbedded } from './embedded';
import { ParseLimitError } from './types';
import type { FileLanguage, ParsedDocument, ParsedFile, SyntaxIssue } from './types';
import { maskTemplate, MaskedTemplate } from './template';
import { parseYamlCounted } from './yaml';
import { codeLanguageOf, mayUseAwsSdk } from './code';
import type { CodeParser } from './code';
import { manifestFormatOf, mayNameAwsSdk, parseManifest } from './manifest';
import { awsRolePolicyFiles, ccoctlCredentialsRequestsDirs, isShellScriptUri, mayNameCcoctlDir, mayNameRolePolicy } from './script';

export * from './types';
export * from './tree';
export { isPlaceholder, placeholderSpans } from './placeholder';
export { maskTemplate, templateKindOf } from './template';
export { decodeJsonString, encodeEmbeddedEdits, jsonStringContent, EMBEDDED_POLICY_KEY } from './embedded';
export type { EmbeddedDocument } from './embedded';
export { awsRolePolicyFiles, ccoctlCredentialsRequestsDirs, ccoctlDirCandidates, folderKey, isShellScriptUri, scriptFileCandidates } from './script';
export type { AwsRolePolicyArg, CcoctlDirArg } from './script';
export { CODE_EXTENSIONS, CODE_LANGUAGES, codeLanguageOf, codeLanguageOfPath, mayUseAwsSdk } from './code';
export type { CodeLanguage, CodeNode, CodeParser, ParsedCode } from './code';
export { admitsBelow, compareVersions, isJavaBom, lowestAdmitted, manifestFormatOf, MANIFEST_FILES_GLOB, mayNameAwsSdk, parseManifest, versionParts } from './manifest';
export type { AwsSdk, DependencyManifest, ManifestFormat, SdkDependency } from './manifest';

/** Files above this size are not parsed (bytes of UTF-16 text); real manifests are a few KiB. */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

/** Language of a file by its name; undefined for files the engine does not read. */
export function languageOf(uri: string): FileLanguage | undefined {
  // Before `.json`: a package.json is read for its AWS SDK dependencies only (issue #14).
  if (manifestFormatOf(uri) !== undefined) return 'manifest';
  const path = uri.toLowerCase().replace(/[?#].*$/, '');
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  if (path.endsWith('.json')) return 'json';
  // Read only for the folders their ccoctl commands name (#11 pattern 2) and the trust policy files
  // their `aws iam create-role` commands name (#13); see parse/script.ts.
  if (isShellScriptUri(path)) return 'shell';
  // (issue #14) Application code, read for its AWS SDK calls (parse/code.ts).
  if (codeLanguageOf(path)) return 'code';
  return undefined;
}

const YAML_RELEVANT =
  /\b(CredentialsRequest|cloudcredential\.openshift\.io|AWSProviderSpec|serviceAccountName|serviceAccount|serviceAccountToken|AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE|AWS_ROLE_SESSION_NAME|AWS_ROLE_ARN|role_arn|role_name|web_identity_token_file|eks\.amazonaws\.com\/role-arn)\b|\bkind:\s*["']?(Pod|PodTemplate|ReplicationController|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|DeploymentConfig|ServiceAccount|Secret)\b/;
// `AssumeRolePolicyDocument`: an IAM CreateRole input (ccoctl --dry-run `05-…-role.json`), whose policy is a string.
const JSON_RELEVANT = /"(Statement|apiVersion|AssumeRolePolicyDocument)"\s*:/;

/**
 * True when a file may hold IRSA documents and is worth parsing. Everything else (tsconfig.json with
 * comments, CI workflows) is ignored silently: reporting syntax errors in files that are none of ours
 * would be noise. Files in a `credrequests/` (or `credreqs/`, …) folder are always read, because ccoctl
 * decodes every one of them. Helm templates are read like any other file (#11 pattern 4: 97 of them
 * holding workloads, ServiceAccounts and Secrets used to be skipped here without a word); their
 * template syntax is masked by {@link parseFile}.
 */
export function looksRelevant(uri: string, text: string, language: FileLanguage = languageOf(uri) ?? 'yaml'): boolean {
  // A script is worth reading only when it can name a ccoctl input folder or a role's trust policy
  // file (issue #13: `aws iam create-role`); nothing else in it is ours.
  if (language === 'shell') return mayNameCcoctlDir(text) || mayNameRolePolicy(text);
  // Code is parsed only when it names an AWS SDK or STS (the pre-filter, parse/code.ts).
  if (language === 'code') return mayUseAwsSdk(text);
  // A monorepo has thousands of manifests: only those that name an AWS SDK are parsed (issue #14).
  if (language === 'manifest') return mayNameAwsSdk(text);
  // (#11) Every folder name that marks a ccoctl --credentials-requests-dir, not only `credrequests/`.
  const folder = /\/([^/]+)\/[^/]*$/.exec(uri)?.[1];
  if (folder !== undefined && isCcoctlInputDirName(folder)) return true;
  // A kustomization says which files are patches and which namespace they land in (issue #11 pattern 5).
  if (isKustomizationFileName(uri)) return true;
  if (language === 'json') return JSON_RELEVANT.test(text);
  return YAML_RELEVANT.test(text);
}

/**
 * JSON syntax that editors accept in configuration files (tsconfig.json, .vscode/settings.json and
 * devcontainer.json are JSON with comments and trailing commas) and duplicate keys: not reported in a
 * file that is none of ours, where only "cannot be parsed at all" is worth a word.
 */
const LENIENT_JSON_CODES = new Set(['InvalidCommentToken', 'TrailingComma', 'DuplicateKey']);
/**
 * YAML that other tools read on purpose: application-defined tags (CloudFormation's `!Ref`, `!Sub`,
 * `!GetAtt`; Ansible's `!vault`) are unresolved for a generic parser, a warning of the `yaml` package
 * (`TAG_RESOLVE_FAILED`), not a syntax error of the file.
 */
const LENIENT_YAML_CODES = new Set(['TAG_RESOLVE_FAILED']);

/**
 * The first syntax problem of a file that is not an IRSA file ({@link looksRelevant} false), or
 * undefined when it parses (issue 12: such a file was "no problems" even when no tool could read it).
 * Template syntax is masked as for our files; documents that cannot be read before rendering, files
 * past the parse limits, JSON-with-comments leniencies ({@link LENIENT_JSON_CODES}) and application tags
 * ({@link LENIENT_YAML_CODES}) are not problems here.
 */
export function foreignSyntaxIssue(uri: string, text: string, language: FileLanguage): SyntaxIssue | undefined {
  // Scripts are read only for their ccoctl commands, code only for its SDK calls: neither is ours to report syntax on.
  if (language === 'shell' || language === 'code') return undefined;
  // Manifests are read only for their AWS SDK dependencies, but a package.json that no JSON parser reads
  // is still worth a word (issue 12), as it was when it was read as JSON.
  if (language === 'manifest') {
    if (manifestFormatOf(uri) !== 'npm') return undefined;
    language = 'json';
  }
  // Most JSON that is none of ours (package.json, tsconfig.json, …) is strict JSON: the engine's own
  // JSON.parse settles it at a fraction of a full parse. Only what it rejects is parsed to find the
  // first real problem (comments and trailing commas are leniencies, not problems: see below).
  if (language === 'json') {
    try {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      return undefined;
    } catch {
      // fall through to the full parse
    }
  }
  let parsed: ParsedFile;
  try {
    parsed = parseFile(uri, text, language);
  } catch {
    return undefined; // only our files' failures are reported (as internal errors) by the hosts
  }
  if (parsed.skipped) return undefined;
  for (const doc of parsed.documents) {
    if (doc.unread !== undefined) continue;
    // A quoted scalar whose continuation lines are indented less than YAML 1.2 wants is read by
    // go-yaml, and so by kubectl and oc: its scanner checks only for `---`/`...` at column 0 and the end
    // of the stream inside quotes (kubernetes/kubernetes vendor/gopkg.in/yaml.v2/scannerc.go,
    // yaml_parser_scan_flow_scalar). The `yaml` package rejects it (MISSING_CHAR), and what it says
    // about the lines after is noise, so a file with a quote problem is not reported (on the issue #11
    // corpus: an SCC's and a CRD's multi-line descriptions that OpenShift ships).
    if (language === 'yaml' && doc.syntaxIssues.some((i) => i.recovered || i.code === 'MISSING_CHAR')) return undefined;
    const issue = doc.syntaxIssues.find((i) => !(language === 'json' ? LENIENT_JSON_CODES : LENIENT_YAML_CODES).has(i.code));
    if (issue) return issue;
  }
  return undefined;
}

/**
 * Parses one file. Never throws: binary and oversized files, and files past the parsers' limits
 * ({@link MAX_NESTING_DEPTH}, {@link MAX_NODES}), come back with `skipped` set and no documents, so
 * callers can report them.
 */
export function parseFile(uri: string, text: string, language: FileLanguage = languageOf(uri) ?? 'yaml', parseCode?: CodeParser): ParsedFile {
  if (text.length > MAX_FILE_CHARS) {
    return { uri, language, documents: [], skipped: { reason: `file is larger than ${MAX_FILE_CHARS / 1024 / 1024} MiB` } };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { uri, language, documents: [], skipped: { reason: 'file looks binary (contains NUL bytes)' } };
  }
  // A script has no YAML/JSON documents: only the folders its ccoctl commands name and the trust
  // policy files its `aws iam` commands name.
  if (language === 'shell') return { uri, language, documents: [], script: { ccoctlDirs: ccoctlCredentialsRequestsDirs(text), rolePolicies: awsRolePolicyFiles(text) } };
  // Code: the host's parser (parse/code.ts). Without one (a host that loaded no grammars) or for a
  // grammar it does not have, the file has no tree and the code rules say nothing about it.
  if (language === 'code') {
    const codeLanguage = codeLanguageOf(uri);
    const root = codeLanguage && parseCode ? parseCode(codeLanguage, text) : undefined;
    return root && codeLanguage ? { uri, language, documents: [], code: { language: codeLanguage, root } } : { uri, language, documents: [] };
  }
  // A manifest has no IRSA documents: only its AWS SDK dependencies (parse/manifest.ts).
  if (language === 'manifest') {
    const manifest = parseManifest(uri, text);
    // A package.json that names an AWS SDK but is not JSON: its dependencies may be misread, so say so.
    const foreignSyntax = manifest.format === 'npm' ? foreignSyntaxIssue(uri, text, 'manifest') : undefined;
    return foreignSyntax ? { uri, language, documents: [], manifest, foreignSyntax } : { uri, language, documents: [], manifest };
  }
  // A byte-order mark is whitespace to JSON; the YAML lexer reads it as a BOM token itself (as a space
  // it indented the first line by one column, and every later top-level key became a syntax error).
  const body = language === 'json' && text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  try {
    if (language === 'json') {
      const doc = parseJson(body);
      parseEmbedded(body, doc);
      return { uri, language, documents: [doc] };
    }
    const tpl = maskTemplate(body);
    if (tpl) {
      const { documents, nodes } = parseYamlCounted(tpl.text, tpl.values);
      return { uri, language, documents: templateDocuments(documents, tpl), nodes, template: { kind: tpl.kind, masked: maskedRanges(tpl) } };
    }
    const { documents, nodes } = parseYamlCounted(body);
    return { uri, language, documents, nodes };
  } catch (e) {
    // Thrown by the parsers' own limit checks, which run before anything recursive (not a caught stack overflow).
    if (e instanceof ParseLimitError) return { uri, language, documents: [], skipped: { reason: e.reason, start: e.start, end: e.end } };
    throw e;
  }
}

/** Why a template document is not checked (user-facing; see {@link ParsedDocument.unread}). */
function unreadReason(kind: MaskedTemplate['kind']): string {
  return kind === 'go'
    ? 'Go template whose YAML cannot be read before it is rendered (for a Helm chart: helm template … | irsa-lint -)'
    : 'Terraform template whose YAML cannot be read before it is rendered';
}

/**
 * The documents of a masked template: template syntax is never a YAML syntax error, so a document
 * that still does not parse is not checked at all (`unread`, no tree: a tree built from a misread
 * template would make rules report things the rendered file does not say). Of the issues the parser
 * recovers from, duplicate keys are dropped when the template has control syntax (two `{{ if }}`
 * blocks with opposite conditions each set the key once in every rendering).
 */
function templateDocuments(docs: ParsedDocument[], tpl: MaskedTemplate): ParsedDocument[] {
  return docs.map((d) => {
    if (d.syntaxIssues.some((i) => !i.recovered)) return { ...d, root: undefined, syntaxIssues: [], sound: false, unread: unreadReason(tpl.kind) };
    if (tpl.blanked.length === 0) return d;
    const syntaxIssues = d.syntaxIssues.filter((i) => i.code !== 'DUPLICATE_KEY');
    return syntaxIssues.length === d.syntaxIssues.length ? d : { ...d, syntaxIssues };
  });
}

/** Every masked range of a template (values and blanked syntax), sorted by start. */
function maskedRanges(tpl: MaskedTemplate): { start: number; end: number }[] {
  return [...tpl.values.map((v) => ({ start: v.start, end: v.end })), ...tpl.blanked].sort((a, b) => a.start - b.start);
}
