import type { ParsedCode } from './code';
import type { AwsRolePolicyArg, CcoctlDirArg } from './script';
import type { EmbeddedDocument } from './embedded';
import type { DependencyManifest } from './manifest';
import type { TreeNode } from './tree';

/** A syntax problem, in offsets of the original text. */
export interface SyntaxIssue {
  start: number;
  end: number;
  message: string;
  /** Parser error code (`yaml` package codes, or jsonc-parser's `ParseErrorCode` name). */
  code: string;
  /** A text replacement that repairs it, when the repair is certain. */
  fix?: { title: string; start: number; end: number; newText: string; more?: { start: number; end: number; newText: string }[] };
  /**
   * The parser recovered from this problem with a targeted patch (e.g. closed an unterminated
   * quote at the end of its line), so the tree reflects what the author meant.
   */
  recovered: boolean;
}

/** One YAML document of a multi-document stream, or the single JSON document of a file. */
export interface ParsedDocument {
  /** 0-based position of this document in its file. */
  index: number;
  root: TreeNode | undefined;
  /** Offsets of the document in the file (for YAML: from its first token to its end marker). */
  start: number;
  end: number;
  syntaxIssues: SyntaxIssue[];
  /**
   * True when every syntax issue of this document was recovered, so per-file rules can trust the
   * tree. Cross-file links are still taken from a tree that is not `sound`.
   */
  sound: boolean;
  /**
   * Set when this document of a template file (parse/template.ts) could not be read even with its
   * template syntax masked: it has no tree and no syntax issues (template syntax is not a YAML error),
   * and the front ends name the file as not checked, with this user-facing reason.
   */
  unread?: string;
  /**
   * A trust policy this document holds as JSON text in a string (IAM CreateRole input:
   * `AssumeRolePolicyDocument`), parsed with file offsets (parse/embedded.ts). Its syntax problems are
   * in {@link syntaxIssues} too.
   */
  embedded?: EmbeddedDocument;
}

/**
 * `code`: a TypeScript/JavaScript/Python/Go/Java file (parse/code.ts), parsed only when it names an AWS
 * SDK or STS and the host gave a code parser ({@link ParsedFile.code}).
 * `shell`: a `*.sh`/`*.bash` script, never parsed as YAML or JSON; only its ccoctl and `aws iam` role commands are read
 * (parse/script.ts, {@link ParsedFile.script}).
 * `manifest`: a dependency manifest (`package.json`, `requirements*.txt`, `pyproject.toml`, `Pipfile`,
 * `go.mod`, `pom.xml`, `build.gradle(.kts)`), read only for its AWS SDK dependencies
 * (parse/manifest.ts, {@link ParsedFile.manifest}).
 */
export type FileLanguage = 'yaml' | 'json' | 'shell' | 'manifest' | 'code';

export interface ParsedFile {
  uri: string;
  language: FileLanguage;
  documents: ParsedDocument[];
  /**
   * YAML: nodes counted by the parse, which {@link MAX_NODES} bounds per file. After incremental
   * re-parses (workspace/reparse.ts) an upper bound: the old count plus the re-parsed span's.
   */
  nodes?: number;
  /**
   * Set when the file was not parsed at all (binary, too large, nested too deep, too many nodes); the
   * reason is user-facing. `start`/`end` (offsets) point at where a limit was exceeded, when known.
   */
  skipped?: { reason: string; start?: number; end?: number };
  /**
   * Set for a file that is not an IRSA file (no documents are kept) but cannot be parsed: its first
   * syntax problem, reported at info level by yaml-syntax / json-syntax.
   */
  foreignSyntax?: SyntaxIssue;
  /** The host did not read the file ({@link SourceDocument.notRead}); `skipped` carries the same reason. */
  notRead?: string;
  /**
   * Set for a template file (Go `{{ }}` actions, Terraform `%{ }` directives): what kind, and the
   * offsets of every masked template action (values and blanked control syntax), sorted. A finding
   * placed on one of them is about template syntax, not about the file's content.
   */
  template?: { kind: 'go' | 'terraform'; masked: { start: number; end: number }[] };
  /**
   * Set for a shell script that mentions ccoctl's `--credentials-requests-dir` or an `aws iam`
   * role command (parse/script.ts): the folders its ccoctl commands name (#11 pattern 2) and the
   * trust policy files its `aws iam create-role` / `update-assume-role-policy` commands name (#13),
   * each in text order. Absent for every other file.
   */
  script?: { ccoctlDirs: CcoctlDirArg[]; rolePolicies: AwsRolePolicyArg[] };
  /** Set for a dependency manifest that names an AWS SDK (issue #14, parse/manifest.ts): its SDK dependencies. */
  manifest?: DependencyManifest;
  /**
   * (issue #14) Set for a code file that passed the pre-filter (parse/code.ts mayUseAwsSdk) and that
   * the host's code parser read: its grammar and syntax tree. Absent for every other file.
   */
  code?: ParsedCode;
}

/**
 * Deepest nesting of lists and mappings (levels) the parsers are given. Both parsers, the tree
 * converters and the rules recurse once per level, so this bounds their stack use: a file of
 * `[[[[…` thousands deep overflowed the stack ("Maximum call stack size exceeded") at about 1,000
 * levels. Real manifests nest a few dozen levels at most.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Most YAML/JSON nodes (scalars, aliases, flow collections; a map entry counts its key and its value)
 * one file may have. Parsing and converting cost a few microseconds per node (the 709 KB map of
 * issue #10, 121,000 nodes, takes about a second), so this bounds the work per file, and per
 * keystroke in the editor, whatever the file holds below {@link MAX_FILE_CHARS}: a 4 MiB file of
 * `[a,a,a,…` has 2 million. A CredentialsRequest has about 60; a large CRD bundle a few tens of
 * thousands.
 */
export const MAX_NODES = 250_000;

/**
 * Thrown by the parsers when a file exceeds {@link MAX_NESTING_DEPTH} or {@link MAX_NODES}, before
 * anything recursive runs; {@link parseFile} turns it into `skipped`. `start`/`end`: offsets in the
 * parsed text of the collection at which the limit was passed.
 */
export class ParseLimitError extends Error {
  constructor(
    readonly reason: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(reason);
  }
}

