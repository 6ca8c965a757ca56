/**
 * Open documents: the editor's text wins over the disk while a document is open, and edits are
 * coalesced: a burst of `didChange` notifications is flushed into the engine once, at most
 * {@link FLUSH_DELAY_MS} ms after the first (no long debounce: diagnostics follow typing). Closing a
 * document re-reads the file from disk: a closed file can still be wrong, so its diagnostics stay.
 */
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine';
import { isExcludedFile, matchesIgnoreGlobs, readSource } from '../node';
import { CODE_LANGUAGE_IDS, CodeSupport, holdsIrsaFiles, isCodeUri, mayMatter } from './code';
import { canonicalUri, filePath, Project, Projects } from './projects';
import type { Publisher } from './publish';
import type { OpenUris } from './uris';

/** Upper bound on the delay between an edit and its diagnostics being computed, in milliseconds. */
export const FLUSH_DELAY_MS = 3;

/** Whether a path is a `.irsa.yaml` (settings, not a manifest). */
export function isConfigFile(fsPath: string | undefined): boolean {
  return fsPath !== undefined && path.basename(fsPath) === CONFIG_FILE_NAME;
}

export class OpenDocuments {
  /** Client URIs of open documents edited since the last flush. */
  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** False until the settings are loaded (`start`): edits wait in `pending` until then. */
  private ready = false;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly projects: Projects,
    private readonly open: OpenUris,
    private readonly publisher: Publisher,
    private readonly code: CodeSupport = new CodeSupport(),
  ) {}

  /** Settings are loaded: flush what was queued and flush from now on. */
  start(): void {
    this.ready = true;
    this.flush();
  }

  /** didOpen / didChange: queue the document; flushed within {@link FLUSH_DELAY_MS}. */
  changed(doc: TextDocument): void {
    this.open.opened(canonicalUri(doc.uri), doc.uri);
    this.pending.add(doc.uri);
    this.scheduleFlush();
  }

  /** Queues an open document again (its project's settings changed) without flushing. */
  requeue(client: string): void {
    this.pending.add(client);
  }

  /** Queues every open document of `p` and flushes. */
  requeueProject(p: Project): void {
    for (const [canonical, client] of this.open.entries()) if (this.projects.forUri(canonical) === p) this.pending.add(client);
    this.flush();
  }

  scheduleFlush(): void {
    if (this.flushTimer || !this.ready) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Pushes every queued edit into the engine and publishes the affected files. Synchronous. */
  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (!this.ready) return;
    const queued = [...this.pending];
    this.pending.clear();
    // Every queued edit goes into the engine first, then the union of affected files is published
    // once: publishing after each update re-computed a linked file once per edited neighbour, which
    // made a burst of N edits cost O(N × linked files).
    const edited = new Map<Project, { edited: Set<string>; affected: Set<string> }>();
    for (const client of queued) {
      const doc = this.documents.get(client);
      if (!doc) continue;
      try {
        const r = this.updateOpen(doc);
        if (!r) continue;
        let e = edited.get(r.project);
        if (!e) edited.set(r.project, (e = { edited: new Set(), affected: new Set() }));
        e.edited.add(r.uri);
        for (const u of r.affected) e.affected.add(u);
      } catch (e) {
        console.error(`IRSA: validating ${client} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    // Edited documents first (their diagnostics are what the user waits for), then linked files.
    for (const [p, e] of edited) this.publisher.publish(p, [...e.edited, ...e.affected], e.edited);
  }

  /** Puts an open document's text into its engine; returns what to publish (undefined when already handled). */
  private updateOpen(doc: TextDocument): { project: Project; uri: string; affected: string[] } | undefined {
    const uri = canonicalUri(doc.uri);
    const fsPath = filePath(uri);
    if (isConfigFile(fsPath)) return undefined; // settings, not a manifest: reloaded on save via the file watcher
    const p = this.projects.forUri(uri);
    if (p.root && fsPath && matchesIgnoreGlobs(p.root, fsPath, p.ignoreGlobs)) {
      p.failed.delete(uri);
      if (p.engine.has(uri)) this.publisher.publish(p, p.engine.remove(uri));
      this.publisher.send(uri, []);
      return undefined;
    }
    if (isCodeUri(uri) || CODE_LANGUAGE_IDS.has(doc.languageId)) return this.updateOpenCode(doc, uri, p);
    const language = doc.languageId === 'json' || doc.languageId === 'jsonc' ? 'json' : doc.languageId === 'yaml' ? 'yaml' : undefined;
    // Open in the editor: a file that is none of ours is still checked for syntax (SourceDocument.checkSyntax).
    const affected = p.load({ uri, text: doc.getText(), version: doc.version, language, checkSyntax: true });
    return { project: p, uri, affected };
  }

  /**
   * (issue #14) An open code document: checked when it is a code file by name (the engine picks the
   * grammar by extension; an untitled buffer has none), names an AWS SDK or STS, and its project holds
   * IRSA files (code.ts). The first such document loads the parser and is checked once it is there.
   * Otherwise it is out of the engine and has no diagnostics.
   */
  private updateOpenCode(doc: TextDocument, uri: string, p: Project): { project: Project; uri: string; affected: string[] } | undefined {
    const text = doc.getText();
    if (!isCodeUri(uri) || !mayMatter(text) || !holdsIrsaFiles(p)) {
      p.failed.delete(uri);
      if (p.engine.has(uri)) this.publisher.publish(p, p.engine.remove(uri));
      this.publisher.send(uri, []);
      return undefined;
    }
    if (!this.code.ready) {
      void this.code.ensure().then((parser) => {
        if (!parser || !this.documents.get(doc.uri)) return;
        this.pending.add(doc.uri);
        this.scheduleFlush();
      });
      return undefined;
    }
    this.code.attach(p);
    const affected = p.load({ uri, text, version: doc.version });
    return { project: p, uri, affected };
  }

  /** didClose: the file goes back to its content on disk (or leaves the engine if it has none). */
  closed(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    this.pending.delete(doc.uri);
    this.open.closed(uri);
    const fsPath = filePath(uri);
    if (isConfigFile(fsPath)) return;
    const p = this.projects.holding(uri) ?? this.projects.forUri(uri);
    const code = isCodeUri(uri);
    if (p.scans && fsPath && p.root && this.projects.forUri(uri) === p && !isExcludedFile(p.root, fsPath, p.ignoreGlobs, { code })) {
      const r = readSource(fsPath);
      // Code on disk stays checked on the terms of a scan (scanning.ts): pre-filter, IRSA files, parser loaded.
      if ('document' in r && (!code || (mayMatter(r.document.text) && holdsIrsaFiles(p) && this.code.attach(p)))) {
        this.publisher.publish(p, [uri, ...p.load({ ...r.document, uri })]);
        return;
      }
    }
    this.publisher.removeFile(p, uri);
  }
}
