/**
 * Acceptance (issue 3): over LSP on a temporary copy of examples/guide, every diagnostic that has a
 * repair offers it as a quick fix; applying the offered fixes one by one (the preferred one of each
 * diagnostic, as a user clicking through the light bulb would; the JSON syntax error included) leaves
 * `irsa-lint` with zero errors on that folder. Files stay closed: each fix is written to disk and
 * announced as a watched-file change, as VS Code does for a WorkspaceEdit on a closed file.
 * Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';
import { applyWorkspaceEdit } from '../helpers/workspace-edit';

const GUIDE = path.join(REPO_ROOT, 'examples', 'guide');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const FILES = [
  'credrequests/assume-dev-dynamodb-reader.yaml',
  'deployment.yaml',
  'destination-account/dynamodb-reader-trust-policy.json',
  'outputs/manifests/my-namespace-dev-dynamodb-reader-credentials.yaml',
];

describe('acceptance: quick fixes repair examples/guide', () => {
  it('every fixable diagnostic offers its fixes; applying them leaves irsa-lint with zero errors', async () => {
    const dir = copyToTemp(GUIDE, 'irsa-guide-');
    const c = await LspTestClient.start({ folders: [dir], capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const uris = FILES.map((f) => uriOf(path.join(dir, f)));
    const applied: string[] = [];
    try {
      assert.deepEqual(await c.request('irsa/validateWorkspace'), { files: 4, problems: 7, errors: 5, warnings: 2 });
      const before = spawnSync(process.execPath, [CLI, dir, '--format', 'json'], { encoding: 'utf8' });
      assert.equal(JSON.parse(before.stdout).summary.errors, 5, 'the guide starts with 5 errors');
      for (let round = 0; round < 20; round++) {
        // The first diagnostic (in file order) for which the server offers a repair.
        let target: { uri: string; d: Diagnostic; forIt: CodeAction[] } | undefined;
        for (const uri of uris) {
          for (const d of c.diagnostics.get(uri)?.diagnostics ?? []) {
            const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
            const forIt = actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((x) => x.message === d.message) && !a.title.startsWith('Disable '));
            if (forIt.length) {
              target = { uri, d, forIt };
              break;
            }
          }
          if (target) break;
        }
        if (!target) break;
        const { uri, d, forIt } = target;
        const chosen = forIt.find((a) => a.isPreferred) ?? forIt[0]!;
        applied.push(`${String(d.code)}: ${chosen.title}`);
        const count = (c.diagnostics.get(uri)?.diagnostics ?? []).filter((x) => x.code === d.code).length;
        applyWorkspaceEdit(c, new Map(), chosen.edit!);
        // Re-validated: that diagnostic is gone (one fewer of its rule in the file).
        await c.waitFor(
          () => ((c.diagnostics.get(uri)?.diagnostics ?? []).filter((x) => x.code === d.code).length < count ? true : undefined),
          `re-validation after "${chosen.title}"`,
        );
      }
      assert.deepEqual(applied, [
        'yaml-syntax: Close the quote: add " at the end of the line',
        'yaml-syntax: Move `effect` and the lines below it out of the list item, to the indentation of its parent key',
        'deprecated-service-account: Use `serviceAccountName` instead of the deprecated `serviceAccount`',
        'iam-version: Set Version to "2012-10-17"',
        'json-syntax: Change `{ … }` to `[ … ]`',
        'iam-action-required: Add "Action": "sts:AssumeRole"',
      ]);
      const r = spawnSync(process.execPath, [CLI, dir, '--format', 'json'], { encoding: 'utf8' });
      const report = JSON.parse(r.stdout) as { summary: { errors: number; warnings: number } };
      assert.equal(report.summary.errors, 0);
      // What is left is the region warning, which has no single obvious repair (the region is a choice).
      assert.equal(
        spawnSync(process.execPath, [CLI, dir], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /\s(error|warning)\s/.test(l)).map((l) => l.trim().split(/\s+/).pop()).join(','),
        'region-env',
      );
      assert.equal(
        fs.readFileSync(path.join(dir, 'credrequests', 'assume-dev-dynamodb-reader.yaml'), 'utf8'),
        fs
          .readFileSync(path.join(GUIDE, 'credrequests', 'assume-dev-dynamodb-reader.yaml'), 'utf8')
          .replace('"1.01\n', '"1.01"\n')
          .replace("        effect: Allow\n        resource:", '      effect: Allow\n      resource:'),
      );
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
