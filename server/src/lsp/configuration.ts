/**
 * Settings of each project: `.irsa.yaml` (its problems published on the file itself) merged with the
 * `irsa.*` editor settings, pulled through `workspace/configuration` or pushed by the client. A change
 * of either re-checks the project's open documents and re-scans its folder (ignore globs may differ).
 */
import type { Connection } from 'vscode-languageserver/node';
import type { OpenDocuments } from './documents';
import type { Project, Projects } from './projects';
import type { Publisher } from './publish';
import type { Scanner } from './scanning';
import { readEditorSettings } from './settings';

export class ConfigurationSync {
  constructor(
    private readonly connection: Connection,
    private readonly projects: Projects,
    private readonly publisher: Publisher,
    private readonly documents: OpenDocuments,
    private readonly scanner: Scanner,
    /** Client supports `workspace/configuration` (pull model). */
    private readonly pullConfiguration: boolean,
    /** The `irsa` section pushed by a client without the pull model. */
    private pushedSettings: unknown,
  ) {}

  /** Re-reads `.irsa.yaml` and the editor settings of a project and pushes them into its engine. */
  async load(p: Project): Promise<void> {
    p.reloadConfigFile();
    this.publisher.publishConfigProblems(p);
    let raw: unknown = this.pushedSettings;
    if (this.pullConfiguration) {
      try {
        raw = await this.connection.workspace.getConfiguration(p.folderUri ? { scopeUri: p.folderUri, section: 'irsa' } : { section: 'irsa' });
      } catch (e) {
        console.error(`IRSA: could not read the irsa settings for ${p.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const { settings, problems } = readEditorSettings(raw);
    for (const pr of problems) console.warn(`IRSA settings (${p.name}): ${pr}`);
    p.editor = settings;
    p.applySettings();
  }

  /** `.irsa.yaml` or settings changed: reload both, then re-scan (ignore globs may have changed). */
  async reload(p: Project): Promise<void> {
    await this.load(p);
    if (p.root) {
      this.documents.requeueProject(p);
      await this.scanner.rescan(p);
    } else await this.publisher.publishProject(p);
  }

  /** workspace/didChangeConfiguration: `settings` is the pushed value (ignored in the pull model). */
  async changed(settings: unknown): Promise<void> {
    if (!this.pullConfiguration) {
      const s = settings as { irsa?: unknown } | null | undefined;
      this.pushedSettings = s && typeof s === 'object' ? s.irsa : undefined;
    }
    await this.reloadAll();
  }

  async reloadAll(): Promise<void> {
    await Promise.all(this.projects.all().map((p) => this.reload(p)));
  }
}
