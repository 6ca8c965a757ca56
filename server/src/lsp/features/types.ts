/**
 * Contract for editor features (code actions, hover, completion, definition, references, rename,
 * document symbols: issue 3). Each feature lives in its own file under `features/`, is listed in
 * `features/index.ts`, declares the capabilities it adds and installs its handlers on the connection.
 * Features read state through {@link FeatureContext}; they never keep their own copy of documents or
 * settings.
 */
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { EditorSettings } from '../settings';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../../engine';
import type { DocsLink } from '../diagnostics';

export interface FeatureContext {
  readonly connection: Connection;
  /** Open documents, keyed by the client's URI. */
  readonly documents: TextDocuments<TextDocument>;
  /**
   * The engine workspace that holds (or would hold) `uri`: its text, parse tree, classified documents,
   * link index (`engine.view`) and findings. Accepts the client's URI spelling.
   */
  engineFor(uri: string): Workspace;
  /** The engine's (canonical) spelling of a client URI. */
  canonicalUri(uri: string): string;
  /** The client's spelling of an engine URI (for locations and workspace edits). */
  clientUri(uri: string): string;
  /** Link to a rule's documentation page. */
  readonly docsLink: DocsLink;
  /** Flushes pending edits into the engine, so that a request sees the text the client has. */
  sync(): void;
  /** Re-reads a closed file whose engine copy no longer matches the disk (as a watched-file change). */
  refreshFromDisk(uri: string): void;
  /** What the client said it supports in `initialize` (workspace edits, snippets, markdown …). */
  readonly clientCapabilities: ClientCapabilities;
  /** The `irsa.*` editor settings of the workspace folder that holds `uri` (current, never cached). */
  editorSettingsFor(uri: string): EditorSettings;
}

export interface LspFeature {
  /** Short name, used in logs. */
  readonly id: string;
  /** Server capabilities this feature adds to the `initialize` result (merged shallowly). */
  capabilities(client: ClientCapabilities): ServerCapabilities;
  /** Installs the feature's request handlers. Called once, while handling `initialize`. */
  register(ctx: FeatureContext): void;
}
