/**
 * aws-config-file-path beyond its golden: AWS_SHARED_CREDENTIALS_FILE is checked exactly like
 * AWS_CONFIG_FILE — botocore merges the credentials file's profiles into the config file's and Java v2
 * aggregates both files, so either variable can carry the ccoctl profile (sources in the rule's docs) —
 * and it must name the mounted `credentials` file too.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { FIXTURES, loadWorkspace } from '../helpers/fixtures';

const ID = 'aws-config-file-path';

/** The fixture workspace with `from` replaced by `to` in deployment.yaml. */
function edit(dir: 'bad' | 'good', from: string, to: string): ReturnType<typeof loadWorkspace> {
  const ws = loadWorkspace(path.join(FIXTURES, 'rules', ID, dir));
  const d = ws.documents.find((x) => x.uri.endsWith('/deployment.yaml'))!;
  assert.ok(d.text.includes(from), `deployment.yaml contains ${from}`);
  d.text = d.text.replace(from, to);
  return ws;
}

/** This rule's findings as `[rule, severity, startLine, startCol, endLine, endCol, message]` (1-based). */
function findings(ws: ReturnType<typeof loadWorkspace>): [string, string | undefined, number, number, number, number, string][] {
  return lintDocuments(ws.documents, ws.settings)
    .filter((x) => x.ruleId === ID)
    .map((x) => [x.ruleId, x.severity, x.range.start.line + 1, x.range.start.character + 1, x.range.end.line + 1, x.range.end.character + 1, x.message]);
}

describe('aws-config-file-path with AWS_SHARED_CREDENTIALS_FILE', () => {
  it('accepts AWS_SHARED_CREDENTIALS_FILE naming the mounted profile', () => {
    const ws = edit('good', '- name: AWS_CONFIG_FILE\n', '- name: AWS_SHARED_CREDENTIALS_FILE\n');
    assert.deepEqual(findings(ws), []);
  });

  it('reports AWS_SHARED_CREDENTIALS_FILE naming another file, as it does AWS_CONFIG_FILE', () => {
    const ws = edit('bad', '            - name: AWS_CONFIG_FILE\n              value: /var/run/secrets/cloud/config\n', '            - name: AWS_SHARED_CREDENTIALS_FILE\n              value: /var/run/secrets/cloud/config\n');
    assert.deepEqual(findings(ws)[0], [
      ID, 'error', 22, 22, 22, 51,
      '`AWS_SHARED_CREDENTIALS_FILE` in container `app` is `/var/run/secrets/cloud/config`, but the ccoctl Secret `dev-dynamodb-reader` (CredentialsRequest `dev-dynamodb-reader`, dev-dynamodb-reader.yaml:17) is mounted at `/var/run/secrets/cloud` (line 33), so its profile is `/var/run/secrets/cloud/credentials`. The SDK will not find role_arn and web_identity_token_file.',
    ]);
  });
});
