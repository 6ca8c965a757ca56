/**
 * sts-regional-endpoints beyond its golden: the reader is named as a related location, and the
 * profile's readers decide — one that sets AWS_STS_REGIONAL_ENDPOINTS (any value: the variable wins
 * over the profile) or has envFrom clears the finding, and an explicit `sts_regional_endpoints = legacy`
 * is a choice, not reported. The message names the SDKs that call the global endpoint and when (botocore
 * before 1.40.0; JS v2 and Go v1 only with AWS_SDK_LOAD_CONFIG, without which they do not use the
 * profile), and neither AWS_SDK_LOAD_CONFIG nor the choice of AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * changes the finding (SDK sources in the rule's docs).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { FIXTURES, loadWorkspace } from '../helpers/fixtures';

const BAD = path.join(FIXTURES, 'rules', 'sts-regional-endpoints', 'bad');
const ID = 'sts-regional-endpoints';

function edit(from: string, to: string, file = 'reports-deployment.yaml'): ReturnType<typeof loadWorkspace> {
  const ws = loadWorkspace(BAD);
  const d = ws.documents.find((x) => x.uri.endsWith('/' + file))!;
  assert.ok(d.text.includes(from), `${file} contains ${from}`);
  d.text = d.text.replace(from, to);
  return ws;
}

/** The finding on reports-secret.yaml as `[rule, severity, startLine, startCol, endLine, endCol, message]` (1-based). */
function onReportsSecret(ws: ReturnType<typeof loadWorkspace>): [string, string | undefined, number, number, number, number, string][] {
  return lintDocuments(ws.documents, ws.settings)
    .filter((x) => x.ruleId === ID && x.uri.endsWith('/reports-secret.yaml'))
    .map((x) => [x.ruleId, x.severity, x.range.start.line + 1, x.range.start.character + 1, x.range.end.line + 1, x.range.end.character + 1, x.message]);
}

const READER_MESSAGE =
  'The web identity profile has no `sts_regional_endpoints` (ccoctl always writes `sts_regional_endpoints = regional`), and container `app` of Deployment `reports-api` that reads it sets no AWS_STS_REGIONAL_ENDPOINTS. '
  + 'SDKs whose default is the global STS endpoint then send AssumeRoleWithWebIdentity to sts.amazonaws.com and fail where only the regional endpoint is reachable: '
  + 'boto3/botocore before 1.40.0, and the JavaScript v2 and Go v1 SDKs when AWS_SDK_LOAD_CONFIG is set (without it they do not use this profile). '
  + 'Add `sts_regional_endpoints = regional` to [default].';

describe('sts-regional-endpoints', () => {
  it('its fix in a CRLF file inserts before the `\\r\\n` and ends the new line with `\\r\\n` (found by the fuzz test: the edit split a CRLF)', () => {
    const ws = loadWorkspace(BAD);
    const d = ws.documents.find((x) => x.uri.endsWith('/reports-secret.yaml'))!;
    d.text = d.text.replace(/\r?\n/g, '\r\n');
    const f = lintDocuments(ws.documents, ws.settings).find((x) => x.ruleId === ID && x.uri === d.uri)!;
    const e = f.fixes![0]!.edits[0]!;
    const at = d.text.indexOf('[default]') + '[default]'.length;
    assert.deepEqual([e.start, e.end, e.newText], [at, at, '\r\n    sts_regional_endpoints = regional']);
    assert.equal(d.text.slice(at, at + 2), '\r\n');
    const fixed = d.text.slice(0, e.start) + e.newText + d.text.slice(e.end);
    assert.ok(!/[^\r]\n/.test(fixed), 'every line of the fixed file ends with CRLF');
  });

  it('reports a profile read through AWS_SHARED_CREDENTIALS_FILE, naming the SDKs that call the global endpoint', () => {
    assert.deepEqual(onReportsSecret(loadWorkspace(BAD)), [[ID, 'warning', 9, 5, 9, 14, READER_MESSAGE]]);
  });

  it('reports the same whether the reader names the file by AWS_CONFIG_FILE or sets AWS_SDK_LOAD_CONFIG', () => {
    // botocore reads either variable; Go v1 and JS v2 read the profile (and its missing line) once AWS_SDK_LOAD_CONFIG is set.
    for (const [from, to] of [
      ['- name: AWS_SHARED_CREDENTIALS_FILE\n', '- name: AWS_CONFIG_FILE\n'],
      ['            - name: AWS_REGION\n', '            - name: AWS_SDK_LOAD_CONFIG\n              value: "1"\n            - name: AWS_REGION\n'],
    ] as const) {
      assert.deepEqual(onReportsSecret(edit(from, to)), [[ID, 'warning', 9, 5, 9, 14, READER_MESSAGE]], to);
    }
  });

  it('names the container that reads the profile as a related location', () => {
    const { documents, settings } = loadWorkspace(BAD);
    const f = lintDocuments(documents, settings).filter((x) => x.ruleId === ID && x.uri.endsWith('/reports-secret.yaml'));
    assert.equal(f.length, 1);
    assert.deepEqual(
      f[0]!.related?.map((r) => [path.basename(new URL(r.uri).pathname), r.range.start.line + 1, r.range.start.character + 1, r.range.end.character + 1, r.message]),
      [['reports-deployment.yaml', 18, 17, 20, 'container `app` of Deployment `reports-api` reads this profile and sets no AWS_STS_REGIONAL_ENDPOINTS']],
    );
  });

  it('is cleared by AWS_STS_REGIONAL_ENDPOINTS or envFrom on the reader', () => {
    for (const [from, to] of [
      ['            - name: AWS_REGION\n', '            - name: AWS_STS_REGIONAL_ENDPOINTS\n              value: legacy\n            - name: AWS_REGION\n'],
      ['          env:\n', '          envFrom:\n            - configMapRef:\n                name: aws-env\n          env:\n'],
    ] as const) {
      const { documents, settings } = edit(from, to);
      const f = lintDocuments(documents, settings).filter((x) => x.ruleId === ID && x.uri.endsWith('/reports-secret.yaml'));
      assert.deepEqual(f, [], to);
    }
  });

  it('does not report an explicit sts_regional_endpoints = legacy', () => {
    const { documents, settings } = edit('    [default]\n', '    [default]\n    sts_regional_endpoints = legacy\n', 'reports-secret.yaml');
    const f = lintDocuments(documents, settings).filter((x) => x.ruleId === ID && x.uri.endsWith('/reports-secret.yaml'));
    assert.deepEqual(f, []);
  });

  it('reports a Secret nobody reads once a CredentialsRequest names it', () => {
    const { documents, settings } = loadWorkspace(BAD);
    const before = lintDocuments(documents, settings).filter((x) => x.ruleId === ID && x.uri.endsWith('/unused-secret.yaml'));
    assert.deepEqual(before, []);
    const cr = documents.find((x) => x.uri.endsWith('/dev-dynamodb-reader.yaml'))!;
    documents.push({ uri: cr.uri.replace('dev-dynamodb-reader.yaml', 'unused.yaml'), version: 0, text: cr.text.replace(/name: dev-dynamodb-reader/g, 'name: unused-aws') });
    const after = lintDocuments(documents, settings).filter((x) => x.ruleId === ID && x.uri.endsWith('/unused-secret.yaml'));
    assert.deepEqual(after.map((x) => [x.range.start.line + 1, x.severity]), [[9, 'warning']]);
  });
});
