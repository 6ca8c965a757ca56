/**
 * Issue #14 in the language server (`node dist/server.js --stdio`): a go.mod that is not open is
 * checked at start-up (the host's file filter lists manifests), a version bump on disk (watched-file
 * event) clears its finding, and an open package.json is checked as the user types. Fixture: the
 * sdk-web-identity-version bad workspace (deploy/ with an IRSA Deployment, app-*\/ manifests).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'rules', 'sdk-web-identity-version', 'bad');
const RULE = 'sdk-web-identity-version';
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const LINK = '(linked by folder tree `../`, the nearest folder above this manifest that holds workloads; runs in Deployment `orders-api` in `../deploy/deployment.yaml`).';

function finding(dir: string, line: number, from: number, to: number, what: string, min: string, version?: number): Diagnostic {
  return {
    range: { start: { line, character: from }, end: { line, character: to } },
    severity: 1,
    code: RULE,
    codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${RULE}.md`)) },
    source: 'irsa',
    message: `${what} is older than ${min}, the first release that reads a web identity token file (AWS's table of minimum SDK versions for IRSA): the pod falls back to other credentials. Require ${min} or later ${LINK}`,
    relatedInformation: [
      { location: { uri: uriOf(path.join(dir, 'deploy', 'deployment.yaml')), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 18 } } }, message: 'Deployment `orders-api`: runs with web identity credentials' },
    ],
    data: { ruleId: RULE, version: version ?? 0 },
  };
}

describe('language server: dependency manifests', () => {
  it('a go.mod on disk is checked at start-up and re-checked when it changes on disk; an open package.json as it is edited', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    const goModFile = path.join(dir, 'app-go', 'go.mod');
    const goMod = uriOf(goModFile);
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    await c.waitForDiagnostics(goMod, [finding(dir, 5, 27, 35, 'AWS SDK for Go v1 `github.com/aws/aws-sdk-go` at `v1.23.12`', '1.23.13')]);

    fs.writeFileSync(goModFile, fs.readFileSync(goModFile, 'utf8').replace('v1.23.12', 'v1.23.13'));
    c.filesChanged([{ uri: goMod, type: 2 }]);
    await c.waitForDiagnostics(goMod, []);

    const pkg = uriOf(path.join(dir, 'app-node', 'package.json'));
    const text = fs.readFileSync(path.join(dir, 'app-node', 'package.json'), 'utf8');
    c.open(pkg, text);
    // `"aws-sdk": "^2.400.0"` is line 4 (0-based 3); the version starts at character 16.
    const v = c.edit(pkg, { start: { line: 3, character: 16 }, end: { line: 3, character: 24 } }, '^2.524.0');
    await c.waitFor(() => {
      const d = c.diagnostics.get(pkg);
      return d?.version === v && d.diagnostics.some((x) => String(x.message).includes('`^2.524.0`')) ? true : undefined;
    }, 'the edited range is judged');
    const edited = c.diagnostics.get(pkg)!.diagnostics.find((x) => String(x.message).includes('`aws-sdk`'));
    assert.deepEqual(edited, finding(dir, 3, 16, 24, 'AWS SDK for JavaScript v2 `aws-sdk` at `^2.524.0`, which admits 2.524.0,', '2.525.0', v));
  });
});
