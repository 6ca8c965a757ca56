/**
 * Background scans of workspace folders: every input file is loaded (open documents keep their
 * editor text), files that are gone or now excluded leave the engine, and the folder's diagnostics
 * are published. A newer scan of the same folder supersedes a running one.
 */
import type { Project, Projects } from './projects';
import type { Publisher } from './publish';
import { scanFolder } from './scan';
import type { OpenUris } from './uris';

export class Scanner {
  constructor(
    private readonly projects: Projects,
    private readonly open: OpenUris,
    private readonly publisher: Publisher,
  ) {}

  /** Re-scans a folder. Resolves when done or superseded by a newer scan of the same folder. */
  rescan(p: Project): Promise<void> {
    const generation = ++p.scanGeneration;
    const current = (): boolean => generation === p.scanGeneration && this.projects.folderProjects().includes(p);
    const run = async (): Promise<void> => {
      let found = new Set<string>();
      if (p.scans && p.root) {
        const started = Date.now();
        const result = await scanFolder(p.root, p.ignoreGlobs, {
          cancelled: () => !current(),
          skip: (uri) => this.open.isOpen(uri) || this.projects.forUri(uri) !== p,
          load: (doc) => void p.load(doc),
          log: (m) => console.warn(`IRSA: ${m}`),
        });
        if (result.cancelled) return;
        found = result.uris;
        console.log(`IRSA: scanned ${p.name}: ${found.size} YAML/JSON files in ${Date.now() - started} ms`);
      }
      for (const uri of [...p.engine.uris(), ...p.failed.keys()]) {
        if (found.has(uri) || this.open.isOpen(uri)) continue;
        p.unload(uri);
        this.publisher.send(uri, []);
      }
      await this.publisher.publishProject(p, current);
      // A folder with no file to publish still ends its scan with a status (0 sets), or the status
      // bar would say "scanning" for ever.
      if (current()) this.publisher.scheduleStatus();
    };
    const done = run().catch((e) => console.error(`IRSA: scanning ${p.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    p.scanDone = done;
    return done;
  }
}
