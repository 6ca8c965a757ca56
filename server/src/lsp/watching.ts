/**
 * `workspace/didChangeWatchedFiles`: deleted files leave the engine (a deleted folder arrives as one
 * event for the folder: every file below it leaves); created/changed files are re-read through the
 * host module unless open; a created folder re-scans its workspace folder and a changed `.irsa.yaml`
 * reloads its settings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileEvent } from 'vscode-languageserver/node';
import type { SourceDocument } from '../engine';
import { isExcludedFile, readSource } from '../node';
import { CodeSupport, holdsIrsaFiles, isCodeUri, mayMatter } from './code';
import type { ConfigurationSync } from './configuration';
import { isConfigFile } from './documents';
import { FileChangeType } from './languageServer';
import { canonicalUri, filePath, Project, Projects } from './projects';
import type { Publisher } from './publish';
import type { Scanner } from './scanning';
import type { OpenUris } from './uris';

export class FileWatcher {
  constructor(
    private readonly projects: Projects,
    private readonly open: OpenUris,
    private readonly publisher: Publisher,
    private readonly scanner: Scanner,
    private readonly configuration: ConfigurationSync,
    private readonly code: CodeSupport = new CodeSupport(),
  ) {}

  async changed(changes: FileEvent[]): Promise<void> {
    const rescans = new Set<Project>();
    const reloads = new Set<Project>();
    /** (issue #14) Code files to load once the parser is there. */
    const codeDocs: { p: Project; doc: SourceDocument }[] = [];
    const affected = new Map<Project, Set<string>>();
    const touch = (p: Project, uris: string[]): void => {
      let s = affected.get(p);
      if (!s) affected.set(p, (s = new Set()));
      for (const u of uris) s.add(u);
    };
    for (const change of changes) {
      const uri = canonicalUri(change.uri);
      const fsPath = filePath(uri);
      if (!fsPath) continue;
      if (isConfigFile(fsPath)) {
        const p = this.projects.folderProjects().find((f) => f.root === path.dirname(fsPath));
        if (p) reloads.add(p);
        continue;
      }
      const p = this.projects.holding(uri) ?? this.projects.forUri(uri);
      if (!p.root || this.open.isOpen(uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (p.failed.delete(uri)) this.publisher.send(uri, []);
        if (p.engine.has(uri)) {
          touch(p, p.engine.remove(uri));
          this.publisher.send(uri, []);
        } else {
          const prefix = uri.endsWith('/') ? uri : uri + '/';
          for (const u of p.engine.uris()) {
            if (!u.startsWith(prefix) || this.open.isOpen(u)) continue;
            touch(p, p.engine.remove(u));
            this.publisher.send(u, []);
          }
        }
        continue;
      }
      if (!p.scans) continue;
      let isDir = false;
      try {
        isDir = fs.statSync(fsPath).isDirectory();
      } catch {
        continue; // vanished again
      }
      if (isDir) {
        rescans.add(p);
        continue;
      }
      const code = isCodeUri(uri);
      if (isExcludedFile(p.root, fsPath, p.ignoreGlobs, { code })) continue;
      // Code of a folder without IRSA files is not even read (code.ts).
      if (code && !holdsIrsaFiles(p)) continue;
      const r = readSource(fsPath);
      if ('ignored' in r) {
        // Grown past the bound and none of ours: its old text must not stay checked.
        console.warn(`IRSA: not checked: ${fsPath}: ${r.ignored}`);
        if (p.engine.has(uri) || p.failed.has(uri)) {
          touch(p, p.unload(uri));
          this.publisher.send(uri, []);
        }
      }
      if (!('document' in r)) continue;
      if (code) {
        if (mayMatter(r.document.text)) codeDocs.push({ p, doc: { ...r.document, uri } });
        else if (p.engine.has(uri) || p.failed.has(uri)) {
          // No longer names an AWS SDK or STS: its old findings go.
          touch(p, p.unload(uri));
          this.publisher.send(uri, []);
        }
        continue;
      }
      touch(p, [uri, ...p.load({ ...r.document, uri })]);
    }
    if (codeDocs.length > 0 && (await this.code.ensure())) {
      for (const { p, doc } of codeDocs) {
        if (this.open.isOpen(doc.uri)) continue; // opened meanwhile: the editor's text wins
        this.code.attach(p);
        touch(p, [doc.uri, ...p.load(doc)]);
      }
    }
    for (const [p, uris] of affected) this.publisher.publish(p, uris);
    // (issue #14) The first IRSA file of a folder (a CredentialsRequest created on disk): its code,
    // left out by the last scan (code.ts), is taken in by a new one.
    for (const p of affected.keys()) if (p.scans && !p.codeScanned && holdsIrsaFiles(p)) rescans.add(p);
    await Promise.all([...reloads].map((p) => this.configuration.reload(p)));
    await Promise.all([...rescans].filter((p) => !reloads.has(p)).map((p) => this.scanner.rescan(p)));
  }
}
