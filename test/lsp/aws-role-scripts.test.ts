/**
 * Issue #13 in the language server (`node dist/server.js --stdio`): a shell script whose `aws iam
 * create-role … --assume-role-policy-document file://trust-relationship.json` names a trust policy
 * file's role, created, changed and deleted on disk (watched-file events), re-checks that policy file,
 * which is not open. Fixture: test/fixtures/issue13-scripts/bad.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

const FIXTURE = path.join(FIXTURES, 'issue13-scripts', 'bad');
const temps: string[] = [];
let client: LspTestClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** The finding on the policy's `:sub` value; `source`: how the message says the file got its role. */
function mismatch(dir: string, source: string): Diagnostic {
  const rule = 'trust-subject-mismatch';
  const staging = uriOf(path.join(dir, 'staging.yaml'));
  return {
    range: { start: { line: 11, character: 86 }, end: { line: 11, character: 127 } },
    severity: 1,
    code: rule,
    codeDescription: { href: uriOf(path.join(REPO_ROOT, 'docs', 'rules', `${rule}.md`)) },
    source: 'irsa',
    message:
      'Deployment `report-builder` (staging.yaml:25) runs with role `reports-s3-reader` through the `eks.amazonaws.com/role-arn` annotation of ServiceAccount `s3-reader` (staging.yaml:8), ' +
      "but its token's subject `system:serviceaccount:reports-staging:s3-reader` is not admitted by this trust policy of `reports-s3-reader` (" +
      source +
      '), whose `:sub` admits `system:serviceaccount:reports:s3-reader`: STS fails with "Not authorized to perform sts:AssumeRoleWithWebIdentity". ' +
      'Add `system:serviceaccount:reports-staging:s3-reader` to the `:sub` condition or run the pod as an admitted service account.',
    relatedInformation: [
      { location: { uri: staging, range: { start: { line: 24, character: 26 }, end: { line: 24, character: 35 } } }, message: 'Deployment `report-builder` runs as `reports-staging/s3-reader`' },
      { location: { uri: staging, range: { start: { line: 7, character: 32 }, end: { line: 7, character: 80 } } }, message: 'role `reports-s3-reader` for Deployment `report-builder`' },
    ],
    data: { ruleId: rule, version: 0 },
  };
}

describe('language server: a script that creates a role from a trust policy file gives the file that role', () => {
  it('created, changed and deleted on disk, the script re-checks the policy file it names', async () => {
    const dir = copyToTemp(FIXTURE);
    temps.push(dir);
    const scriptFile = path.join(dir, 'hack', 'deploy.sh');
    const scriptText = fs.readFileSync(scriptFile, 'utf8');
    fs.rmSync(scriptFile);
    const script = uriOf(scriptFile);
    const policy = uriOf(path.join(dir, 'hack', 'trust-relationship.json'));
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    // Without the script the policy takes the role of the service account its `:sub` admits.
    assert.equal((await c.request<{ problems: number }>('irsa/validateWorkspace')).problems, 1);
    await c.waitForDiagnostics(policy, [mismatch(dir, 'its `:sub` admits `reports/s3-reader`, which runs with that role')]);

    fs.writeFileSync(scriptFile, scriptText);
    c.filesChanged([{ uri: script, type: 1 }]);
    await c.waitForDiagnostics(policy, [mismatch(dir, 'the `aws iam create-role` command of deploy.sh:8 says so')]);

    // A line added above the command: the message follows it.
    const moved = scriptText.replace('set -euo pipefail\n', 'set -euo pipefail\nexport AWS_PAGER=""\n');
    fs.writeFileSync(scriptFile, moved);
    c.filesChanged([{ uri: script, type: 2 }]);
    await c.waitForDiagnostics(policy, [mismatch(dir, 'the `aws iam create-role` command of deploy.sh:9 says so')]);

    // Another role, which no workload uses.
    fs.writeFileSync(scriptFile, moved.replace('--role-name reports-s3-reader', '--role-name reports-archiver'));
    c.filesChanged([{ uri: script, type: 2 }]);
    await c.waitForDiagnostics(policy, []);

    fs.writeFileSync(scriptFile, scriptText);
    c.filesChanged([{ uri: script, type: 2 }]);
    await c.waitForDiagnostics(policy, [mismatch(dir, 'the `aws iam create-role` command of deploy.sh:8 says so')]);

    fs.rmSync(scriptFile);
    c.filesChanged([{ uri: script, type: 3 }]);
    await c.waitForDiagnostics(policy, [mismatch(dir, 'its `:sub` admits `reports/s3-reader`, which runs with that role')]);
  });
});
