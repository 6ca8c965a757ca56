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
}

export type FileLanguage = 'yaml' | 'json';

export interface ParsedFile {
  uri: string;
  language: FileLanguage;
  documents: ParsedDocument[];
  /** Set when the file was not parsed at all (binary, too large); the reason is user-facing. */
  skipped?: { reason: string };
}
