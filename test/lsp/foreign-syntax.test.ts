/**
 * A YAML file that is none of ours and cannot be parsed: found by the folder scan it is not parsed
 * (no diagnostic), opened in the editor it gets one info diagnostic (issue 12: not "no problems"
 * about a file the user is looking at), and closed it goes back to none. Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { LspTestClient, uriOf } from '../helpers/lsp-client';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('language server: syntax of files that are none of ours', () => {
  it('is checked for a file open in the editor, not for files the scan finds', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-foreign-')));
    temps.push(dir);
    const text = 'jobs:\n  build:\n    steps: [\n';
    fs.mkdirSync(path.join(dir, 'ci'));
    fs.writeFileSync(path.join(dir, 'ci', 'pipeline.yaml'), text);
    const uri = uriOf(path.join(dir, 'ci', 'pipeline.yaml'));
    const c = await LspTestClient.start({ folders: [dir] });
    try {
      // The scan ends with a status; by then the file was found and, none of ours, not parsed.
      await c.waitFor(() => (c.notifications.some((n) => n.method === 'irsa/status') ? true : undefined), 'irsa/status after the scan');
      assert.deepEqual(c.diagnostics.get(uri)?.diagnostics ?? [], []);
      c.open(uri, text);
      const published = await c.waitFor(() => {
        const d = c.diagnostics.get(uri)?.diagnostics;
        return d && d.length ? d : undefined;
      }, `diagnostics of ${uri}`);
      assert.deepEqual(
        published.map((d) => [d.code, d.severity, d.range.start.line, d.message]),
        [['yaml-syntax', 3, 3, 'Not an IRSA file, but it cannot be read as YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
      );
      c.close(uri);
      await c.waitFor(() => ((c.diagnostics.get(uri)?.diagnostics ?? []).length === 0 ? true : undefined), `no diagnostics of ${uri} after close`);
    } finally {
      await c.stop();
    }
  });
});
