/**
 * Issue #11 pattern 2 in the language server (`node dist/server.js --stdio`): a shell script created,
 * changed and deleted on disk (watched-file events) re-checks the files of the folders its `ccoctl …
 * --credentials-requests-dir` command names, none of which is open. Fixture: test/fixtures/issue11/cr-scripts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'issue11', 'cr-scripts');
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** The folder finding as the server publishes it; `line`: 1-based line of the script's folder argument. */
function folderFinding(dir: string, o: { kind: string; end: number; folder: string; cr: string; arg: string; line: number; argRange: [number, number] }): Diagnostic {
  const rule = 'credrequests-dir-content';
  const folderName = o.folder.slice(o.folder.lastIndexOf('/') + 1);
  return {
    range: { start: { line: 1, character: 6 }, end: { line: 1, character: o.end } },
    severity: 2,
    code: rule,
    codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${rule}.md`)) },
    source: 'irsa',
    message: `This ${o.kind} document is in ${folderName}/ next to CredentialsRequest ${o.cr} (${o.cr}.yaml:2), which a ccoctl command names as its --credentials-requests-dir (\`${o.arg}\` in hack/create-roles.sh:${o.line}). ccoctl decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on this one. Move it to another directory.`,
    relatedInformation: [
      {
        location: { uri: uriOf(path.join(dir, o.folder, `${o.cr}.yaml`)), range: { start: { line: 1, character: 6 }, end: { line: 1, character: 24 } } },
        message: `CredentialsRequest ${o.cr} in ${o.cr}.yaml`,
      },
      {
        location: { uri: uriOf(path.join(dir, 'hack', 'create-roles.sh')), range: { start: { line: o.line - 1, character: o.argRange[0] }, end: { line: o.line - 1, character: o.argRange[1] } } },
        message: `ccoctl reads ${folderName}/ as --credentials-requests-dir (create-roles.sh)`,
      },
    ],
    data: { ruleId: rule, version: 0 },
  };
}

describe('language server: a script that runs ccoctl makes its folder a ccoctl input folder', () => {
  it('created, changed and deleted on disk, the script re-checks the files of the folders it names', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    const scriptFile = path.join(dir, 'hack', 'create-roles.sh');
    const scriptText = fs.readFileSync(scriptFile, 'utf8');
    fs.rmSync(scriptFile);
    const script = uriOf(scriptFile);
    const operator = uriOf(path.join(dir, 'deploy', 'aws-requests', 'widget-operator.yaml'));
    const settings = uriOf(path.join(dir, 'deploy', 'aws-requests', 'widget-settings.yaml'));
    const service = uriOf(path.join(dir, 'deploy', 'app', 'widget-service.yaml'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    assert.equal((await c.request<{ problems: number }>('irsa/validateWorkspace')).problems, 0);

    fs.writeFileSync(scriptFile, scriptText);
    c.filesChanged([{ uri: script, type: 1 }]);
    const awsRequests = { folder: 'deploy/aws-requests', cr: 'widget-reader', arg: './deploy/aws-requests', line: 10, argRange: [29, 50] as [number, number] };
    await c.waitForDiagnostics(operator, [folderFinding(dir, { ...awsRequests, kind: 'Deployment', end: 16 })]);
    await c.waitForDiagnostics(settings, [folderFinding(dir, { ...awsRequests, kind: 'ConfigMap', end: 15 })]);

    fs.writeFileSync(scriptFile, scriptText.replace('--credentials-requests-dir=./deploy/aws-requests', '--credentials-requests-dir deploy/app'));
    c.filesChanged([{ uri: script, type: 2 }]);
    await c.waitForDiagnostics(service, [folderFinding(dir, { folder: 'deploy/app', cr: 'widget-writer', arg: 'deploy/app', line: 10, argRange: [29, 39], kind: 'Service', end: 13 })]);
    await c.waitForDiagnostics(operator, []);
    await c.waitForDiagnostics(settings, []);

    fs.rmSync(scriptFile);
    c.filesChanged([{ uri: script, type: 3 }]);
    await c.waitForDiagnostics(service, []);
  });
});
