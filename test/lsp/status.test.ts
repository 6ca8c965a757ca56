/**
 * `irsa/status` (the status bar) counts sets as soon as their files exist: after the New Credential
 * Set wizard writes its files (VS Code's file watcher then sends workspace/didChangeWatchedFiles),
 * and after a file is created on disk — not only once a file is opened or its diagnostics change.
 * A clean set has no diagnostics, so nothing else is published for it. Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { withDefaults } from '../../shared/src/scaffold/options';
import { renderScaffold } from '../../shared/src/scaffold/render';
import { LspTestClient, uriOf } from '../helpers/lsp-client';

const CREATED = 1;
const DELETED = 3;

const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** The latest `irsa/status` params, as JSON (undefined before the first). */
function lastStatus(c: LspTestClient): string | undefined {
  const n = [...c.notifications].reverse().find((x) => x.method === 'irsa/status');
  return n && JSON.stringify(n.params);
}

async function waitForStatus(c: LspTestClient, expected: { sets: number; problems: number; errors: number; warnings: number }): Promise<void> {
  const want = JSON.stringify(expected);
  await c.waitFor(() => (lastStatus(c) === want ? true : undefined), `irsa/status ${want}`, undefined, () => `last irsa/status: ${lastStatus(c) ?? 'none'}`);
}

/** A wizard set with account ids that are not placeholders, so it lints clean (no finding at all). */
function wizardFiles(serviceAccount: string): { path: string; content: string }[] {
  return renderScaffold(
    withDefaults({
      namespace: 'team-a',
      serviceAccount,
      identityProviderArn: 'arn:aws:iam::210987654321:oidc-provider/oidc.example.net/cluster-a',
      destinationAccountId: '345678901234',
      ccoctlName: 'prod-cluster',
    }),
  );
}

describe('language server: irsa/status counts sets as soon as their files exist', () => {
  it('an empty folder reports 0 sets; the wizard\'s files count at once; a CR created, then deleted, on disk', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-status-')));
    temps.push(dir);
    const c = (client = await LspTestClient.start({ folders: [dir] }));
    // Without a file there is nothing to publish; the scan still ends with a status (else: "scanning" for ever).
    await waitForStatus(c, { sets: 0, problems: 0, errors: 0, warnings: 0 });

    // The wizard writes its set into a subfolder as one WorkspaceEdit; VS Code reports each file created.
    const set = path.join(dir, 'orders');
    const files = wizardFiles('orders-reader');
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(set, f.path)), { recursive: true });
      fs.writeFileSync(path.join(set, f.path), f.content);
    }
    c.filesChanged(files.filter((f) => /\.(ya?ml|json)$/.test(f.path)).map((f) => ({ uri: uriOf(path.join(set, f.path)), type: CREATED })));
    await waitForStatus(c, { sets: 1, problems: 0, errors: 0, warnings: 0 });
    // Nothing was published: the set is clean, and the count came from the files alone.
    assert.deepEqual([...c.diagnostics.values()].filter((d) => d.diagnostics.length > 0), []);

    // A second CredentialsRequest created on disk (e.g. `git pull`, another tool).
    const second = files.find((f) => f.path.startsWith('credrequests/'))!;
    const secondPath = path.join(dir, 'more', 'billing-reader-aws.yaml');
    fs.mkdirSync(path.dirname(secondPath), { recursive: true });
    fs.writeFileSync(secondPath, second.content.replaceAll('orders-reader', 'billing-reader'));
    c.filesChanged([{ uri: uriOf(secondPath), type: CREATED }]);
    await waitForStatus(c, { sets: 2, problems: 0, errors: 0, warnings: 0 });

    fs.rmSync(secondPath);
    c.filesChanged([{ uri: uriOf(secondPath), type: DELETED }]);
    await waitForStatus(c, { sets: 1, problems: 0, errors: 0, warnings: 0 });
  });
});
