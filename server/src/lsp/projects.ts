/**
 * One engine `Workspace` per workspace folder (each folder has its own `.irsa.yaml` and settings, and
 * files only link within their folder), plus a "loose" project for documents outside every folder
 * (untitled buffers, files opened on their own). URIs are canonicalised through `vscode-uri` so that
 * a client's percent-encoding and the scan's agree; the client's spelling is kept for publishing.
 */
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../engine';
import type { IrsaSettings, SourceDocument } from '../engine';
import { Workspace } from '../engine';
import { loadConfigFile } from '../node';
import { DEFAULT_EDITOR_SETTINGS, EditorSettings, effectiveSettings } from './settings';

/** Canonical spelling of a URI (the key the engine and the server use). */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

/** File-system path of a `file:` URI, else undefined. */
export function filePath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export interface ConfigProblemAt {
  /** 1-based, as `loadConfigFile` reports them. */
  line: number;
  column: number;
  message: string;
}

export class Project {
  readonly engine = new Workspace();
  /** `.irsa.yaml` settings and their problems (empty when the file is absent). */
  fileSettings: IrsaSettings = {};
  configProblems: ConfigProblemAt[] = [];
  editor: EditorSettings = DEFAULT_EDITOR_SETTINGS;
  /** Incremented by every scan; a running scan stops when it sees a newer one. */
  scanGeneration = 0;
  /**
   * (issue #14) The latest scan found IRSA files and so took in the folder's code (scanning.ts); while
   * false, a file event that brings the first IRSA file re-scans the folder for its code (watching.ts).
   */
  codeScanned = false;
  /** Resolves when the latest scan of this project has finished. */
  scanDone: Promise<void> = Promise.resolve();
  /**
   * Files whose last engine update threw, with the error message: they are out of the engine (treated
   * as unknown, never as their previous text) until an update succeeds. See {@link Project.load}.
   */
  readonly failed = new Map<string, string>();

  /** `folderUri`/`root` are undefined for the loose project. */
  constructor(
    readonly folderUri: string | undefined,
    readonly root: string | undefined,
    readonly name: string,
  ) {}

  get configUri(): string | undefined {
    return this.root ? URI.file(path.join(this.root, CONFIG_FILE_NAME)).toString() : undefined;
  }

  /** Scan the folder (false for the loose project or when `irsa.workspace.scan` is off). */
  get scans(): boolean {
    return this.root !== undefined && this.editor.scan;
  }

  /** Globs never validated: `.irsa.yaml` `ignore` + `irsa.workspace.exclude`. */
  get ignoreGlobs(): string[] {
    return this.settings.ignore ?? [];
  }

  get settings(): IrsaSettings {
    return effectiveSettings(this.fileSettings, this.editor);
  }

  /** Re-reads `.irsa.yaml`. */
  reloadConfigFile(): void {
    if (!this.root) return;
    const { settings, problems } = loadConfigFile(this.root);
    this.fileSettings = settings;
    this.configProblems = problems;
  }

  /** Pushes the merged settings into the engine when they changed. Returns true if they did. */
  applySettings(): boolean {
    const next = this.settings;
    if (JSON.stringify(next) === JSON.stringify(this.engine.getSettings())) return false;
    this.engine.setSettings(next);
    return true;
  }

  /**
   * Puts a file's text into the engine; returns the URIs to publish. When the engine throws, the
   * file is taken out of the engine and marked failed: it is then unknown, never its previous text
   * (edits computed on that text, stamped with the new version, landed in the wrong place), and its
   * diagnostics say it could not be checked. The next successful update clears the mark.
   */
  load(doc: SourceDocument): string[] {
    try {
      const affected = this.engine.update(doc);
      if (this.failed.delete(doc.uri)) affected.push(doc.uri);
      return affected;
    } catch (e) {
      console.error(`IRSA: checking ${doc.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.failed.set(doc.uri, e instanceof Error ? e.message : String(e));
      let affected: string[] = [];
      try {
        affected = this.engine.remove(doc.uri);
      } catch (e2) {
        // The engine keeps a copy that is not the client's text; edits still refuse it (features/edits.ts).
        console.error(`IRSA: removing ${doc.uri} after the failure failed too: ${e2 instanceof Error ? (e2.stack ?? e2.message) : String(e2)}`);
      }
      return [doc.uri, ...affected];
    }
  }

  /** Takes a file out of the engine (and out of `failed`); returns the URIs whose findings may change. */
  unload(uri: string): string[] {
    this.failed.delete(uri);
    return this.engine.has(uri) ? this.engine.remove(uri) : [];
  }

  /** Whether `fsPath` is inside this project's folder. */
  containsPath(fsPath: string): boolean {
    if (!this.root) return false;
    const rel = path.relative(this.root, fsPath);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }
}

/** The set of projects and the routing of a URI to its project. */
export class Projects {
  private readonly folders = new Map<string, Project>();
  readonly loose = new Project(undefined, undefined, '(files outside the workspace folders)');

  add(folderUri: string, name?: string): Project | undefined {
    const key = canonicalUri(folderUri);
    const root = filePath(key);
    if (!root) return undefined; // only file-system folders are scanned; others go to the loose project
    const existing = this.folders.get(key);
    if (existing) return existing;
    const p = new Project(key, root, name ?? path.basename(root));
    this.folders.set(key, p);
    return p;
  }

  remove(folderUri: string): Project | undefined {
    const key = canonicalUri(folderUri);
    const p = this.folders.get(key);
    this.folders.delete(key);
    return p;
  }

  /** Folder projects (without the loose one). */
  folderProjects(): Project[] {
    return [...this.folders.values()];
  }

  all(): Project[] {
    return [...this.folders.values(), this.loose];
  }

  /** The innermost folder containing the URI, else the loose project. */
  forUri(uri: string): Project {
    const p = filePath(uri);
    if (!p) return this.loose;
    let best: Project | undefined;
    for (const f of this.folders.values()) {
      if (f.containsPath(p) && (!best || f.root!.length > best.root!.length)) best = f;
    }
    return best ?? this.loose;
  }

  /** The project whose engine currently holds `uri`, if any. */
  holding(uri: string): Project | undefined {
    return this.all().find((p) => p.engine.has(uri));
  }
}
