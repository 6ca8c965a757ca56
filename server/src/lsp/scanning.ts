/**
 * Background scans of workspace folders: every input file is loaded (open documents keep their
 * editor text), files that are gone or now excluded leave the engine, and the folder's diagnostics
 * are published. A newer scan of the same folder supersedes a running one.
 */
import { CodeSupport, holdsIrsaFiles } from './code';
import type { Project, Projects } from './projects';
import type { Publisher } from './publish';
import { scanFolder } from './scan';
import type { OpenUris } from './uris';

export class Scanner {
  constructor(
    private readonly projects: Projects,
    private readonly open: OpenUris,
    private readonly publisher: Publisher,
    private readonly code: CodeSupport = new CodeSupport(),
    /** Called after a scan of a project that holds IRSA files: its open code documents are checked again (they may have waited for the parser or for the YAML). */
    private readonly codeChecked: (p: Project) => void = () => undefined,
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
          code: true,
        });
        if (result.cancelled) return;
        found = result.uris;
        // (issue #14) Code is loaded after the other files: whether the folder holds IRSA files is
        // known only then, and a folder without any never loads the grammars.
        let codeFiles = 0;
        p.codeScanned = holdsIrsaFiles(p);
        if (p.codeScanned) {
          const parser = result.code.length > 0 ? await this.code.ensure() : this.code.ready;
          if (!current()) return;
          if (parser) {
            this.code.attach(p);
            for (const doc of result.code) {
              if (this.open.isOpen(doc.uri) || this.projects.forUri(doc.uri) !== p) continue;
              p.load(doc);
              found.add(doc.uri);
              codeFiles++;
            }
          }
          this.codeChecked(p);
        }
        console.log(`IRSA: scanned ${p.name}: ${found.size - codeFiles} YAML/JSON files and ${codeFiles} code files that name an AWS SDK or STS (of ${result.codeListed} listed) in ${Date.now() - started} ms`);
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
