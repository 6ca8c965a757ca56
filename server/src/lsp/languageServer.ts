/**
 * The values (functions, classes, enums) the server takes from `vscode-languageserver/node`, imported
 * once and re-exported. The package is CommonJS: esbuild turns every `import { … }` of it into its own
 * `__toESM` copy of the package's hundreds of exports, and nine such copies were ~10 ms of the server's
 * start-up (issue 6, `--cpu-prof`). Server files import these values from here; types may still come
 * from the package directly (`import type`), which costs nothing at run time.
 */
export {
  AbstractMessageReader,
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  StreamMessageWriter,
  SymbolKind,
  TextDocumentSaveReason,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
export type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  Connection,
  Diagnostic,
  DocumentSymbol,
  InitializeParams,
  InitializeResult,
  ServerCapabilities,
  SymbolInformation,
  TextEdit,
} from 'vscode-languageserver/node';
