/**
 * The language server with an engine that fails on demand, for tests of what the server does when
 * the engine throws (issue 10 items 1–2: any engine bug, not one input). Run as a script it is the
 * real server (compiled to out/, started as dist/server.js starts) whose `Workspace.update` throws
 * for a text containing {@link FAIL_BEFORE} (nothing changed yet, like a parser crash) or
 * {@link FAIL_AFTER} (after the engine took the text, like a failure late in the update).
 */
import * as path from 'node:path';
import type { SourceDocument } from '../../server/src/engine/types';
import { Workspace } from '../../server/src/engine/workspace/workspace';

export const FAULTY_SERVER_JS = path.join(__dirname, 'faulty-server.js');
export const FAIL_BEFORE = '# irsa-test: engine fails before the update';
export const FAIL_AFTER = '# irsa-test: engine fails after the update';

if (require.main === module) {
  const update = Workspace.prototype.update;
  Workspace.prototype.update = function (this: Workspace, doc: SourceDocument): string[] {
    if (doc.text.includes(FAIL_BEFORE)) throw new Error('injected engine failure (before)');
    const affected = update.call(this, doc);
    if (doc.text.includes(FAIL_AFTER)) throw new Error('injected engine failure (after)');
    return affected;
  };
  require('../../server/src/lsp/main');
}
