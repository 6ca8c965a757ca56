/**
 * Public shapes of the validation engine. The engine is a pure library: documents and settings in,
 * findings out. It never touches the file system, `vscode` or the LSP connection, so the language
 * server, the CLI and the tests all get the same answers from the same function.
 */

/** A file as the engine sees it. `uri` is opaque to the engine (a `file://` URI in practice). */
export interface SourceDocument {
  uri: string;
  text: string;
  /** Editor version; the CLI uses 0. */
  version?: number;
  /**
   * Language when the URI does not tell (an `untitled:` buffer): the editor's language id. A file
   * name ending in .yaml/.yml/.json always wins.
   */
  language?: 'yaml' | 'json';
  /**
   * Set by a host that did not read the file (larger than the engine parses, permission denied, not
   * a regular file): the sentence why, e.g. `file is larger than 4 MiB`. `text` is then empty and the
   * file is reported by `parse-limit` ("Not checked: <reason>."), as a text the engine refuses is,
   * so every host reports it the same way.
   */
  notRead?: string;
  /**
   * Set by a host for a file the user is looking at — named on the command line, open in the editor:
   * a YAML/JSON file that is none of ours is then still parsed, and its first syntax problem reported
   * (info), so the user is not told "no problems" about a file no tool can read (issue 12). Files found
   * by walking a folder are not: parsing every other YAML file of a repository would cost irsa-lint a
   * parse per file for problems outside what it checks (bench/cli-throughput.mjs).
   */
  checkSyntax?: boolean;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** `off` disables a rule in settings. */
export type SeverityOverride = Severity | 'off';

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Another place that a cross-file finding refers to (LSP `relatedInformation`). */
export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

/**
 * A text edit in some document, expressed in offsets of that document's current text.
 * Fixes may edit a different file than the one diagnosed.
 */
export interface FixEdit {
  uri: string;
  /** Offset of the first replaced character (UTF-16 code units). */
  start: number;
  /** Offset one past the last replaced character. */
  end: number;
  newText: string;
}

/**
 * (issue #14) A file a fix creates: the refresh-aware module that `IRSA: Generate Refresh-Aware SDK
 * Code…` writes (shared/src/codegen renderSdkCode). The engine has no renderer (it is pure and the
 * renderers live in shared/), so it only says which module; a host renders it from a role chain of the
 * workspace, and never overwrites: when `uri` exists already, the fix is offered without the creation
 * only if that file's text contains `mustDefine` (the entry the edits call), else not at all.
 */
export interface FileCreation {
  /** The file to create (a URI in the folder of the fixed file). */
  uri: string;
  /** The generated module: its `renderSdkCode` language. */
  sdkModule: 'typescript' | 'javascript' | 'python' | 'go' | 'java';
  /** The literal role ARN of the replaced AssumeRole, when it is one: picks the workspace's chain to render with. */
  roleArn?: string;
  /** Text an existing `uri` must contain for the edits to work, e.g. `export function irsaCredentialsFor(`. */
  mustDefine: string;
  /**
   * Go and Java: the package of the fixed file (its `package` clause / declaration), which the module
   * is rendered into (`renderSdkCode` option `packageName`); absent for a Java file without one.
   */
  packageName?: string;
}

/** One repair for a finding, carried on the finding so code actions need no server state. */
export interface Fix {
  title: string;
  edits: FixEdit[];
  /**
   * Files the fix creates before its edits apply (issue #14). Hosts that cannot create files (a
   * client without `resourceOperations: ['create']`, the CLI's reports) drop such a fix unless every
   * file exists already; fix-all never applies one.
   */
  creates?: FileCreation[];
  /** True when this is the single obvious repair (VS Code `isPreferred`). */
  preferred?: boolean;
}

export interface Finding {
  uri: string;
  range: Range;
  ruleId: string;
  severity: Severity;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /**
   * Set on the one finding that stands for reports of its rule that were not listed (more than
   * `MAX_FINDINGS_PER_RULE` in the file, see engine/collect.ts): how many. Counts, such as the CLI's
   * problem total and `--max-warnings`, count this finding as that many.
   */
  omitted?: number;
}

/** Settings shared by the CLI (`.irsa.yaml`) and the server (`.irsa.yaml` + `irsa.*` settings). */
export interface IrsaSettings {
  /** ccoctl `--name`: prefix of every IAM role that `ccoctl aws create-iam-roles` creates. */
  ccoctlName?: string;
  /** ARN of the IAM OIDC identity provider given to ccoctl `--identity-provider-arn`. */
  oidcProviderArn?: string;
  /**
   * Client IDs (audiences) that the OIDC provider accepts. ccoctl's `create-identity-provider`
   * registers `openshift` and `sts.amazonaws.com` (CCOCTL-idp), which is the default.
   */
  audiences?: string[];
  /** 12-digit account ids the workspace is expected to reference (OpenShift account, destination accounts). */
  accountIds?: string[];
  /**
   * Which IAM role a trust policy file belongs to, when neither its content (a CreateRole `RoleName`)
   * nor its file name says so: path of the file relative to the workspace root (`iam/trust.json`) →
   * role name. `.irsa.yaml` key `trustPolicies`.
   */
  trustPolicies?: Record<string, string>;
  /**
   * Which workloads run the application whose source (and dependency manifests) is in a folder, when
   * the folder tree does not say (issue #14): folder relative to the workspace root (`services/orders`)
   * → workloads by `metadata.name`, each optionally with one container (`orders-api/app`). `.irsa.yaml`
   * key `applications`.
   */
  applications?: Record<string, { workload: string; container?: string }[]>;
  /** Per-rule severity overrides, by rule id. */
  rules?: Record<string, SeverityOverride>;
  /** Glob patterns (relative to the workspace root) of files that are never validated. */
  ignore?: string[];
}

export const DEFAULT_AUDIENCES: readonly string[] = ['openshift', 'sts.amazonaws.com'];
