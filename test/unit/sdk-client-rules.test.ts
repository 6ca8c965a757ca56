/**
 * temporary-credentials-master (quick fix: exact edit, clears the finding, output clean) and
 * sts-client-region (no finding without a linked workload; a region variable in the workload silences it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser, Finding, SourceDocument } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { FIXTURES } from '../helpers/fixtures';

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function doc(name: string, text: string): SourceDocument {
  return { uri: `file:///ws/${name}`, text, version: 0 };
}

function applyFix(text: string, f: Finding): string {
  const edits = [...f.fixes![0]!.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('temporary-credentials-master', () => {
  const ID = 'temporary-credentials-master';
  it('the quick fix rewrites AWS.TemporaryCredentials(params) to AWS.ChainableTemporaryCredentials({ params: params })', () => {
    const text = "const AWS = require('aws-sdk');\nconst c = new AWS.TemporaryCredentials({ RoleArn: 'arn:aws:iam::444455556666:role/r' });\n";
    const findings = lintDocuments([doc('a.js', text)], {}, { parseCode });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.character, f.range.end.character]), [[ID, 'error', 1, 10, 87]]);
    const fixed = applyFix(text, findings[0]!);
    assert.equal(fixed, "const AWS = require('aws-sdk');\nconst c = new AWS.ChainableTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::444455556666:role/r' } });\n");
    assert.deepEqual(lintDocuments([doc('a.js', fixed)], {}, { parseCode }), []);
  });

  it('an imported name gets no quick fix; a second argument, or global credentials the file sets, no finding', () => {
    const imported = "import { TemporaryCredentials } from 'aws-sdk';\nexport const c = new TemporaryCredentials({ RoleArn: 'x' });\n";
    const [f] = lintDocuments([doc('b.ts', imported)], {}, { parseCode });
    assert.equal(f?.ruleId, ID);
    assert.equal(f?.fixes, undefined);
    const master = "const AWS = require('aws-sdk');\nnew AWS.TemporaryCredentials({ RoleArn: 'x' }, master);\n";
    assert.deepEqual(lintDocuments([doc('c.js', master)], {}, { parseCode }), []);
    const update = "const AWS = require('aws-sdk');\nAWS.config.update({ credentials: new AWS.TokenFileWebIdentityCredentials() });\nnew AWS.TemporaryCredentials({ RoleArn: 'x' });\n";
    assert.deepEqual(lintDocuments([doc('d.js', update)], {}, { parseCode }), []);
  });
});

describe('sts-client-region', () => {
  const ID = 'sts-client-region';
  const BAD = path.join(FIXTURES, 'rules', ID, 'bad');
  const deployment = fs.readFileSync(path.join(BAD, 'my-app-deployment.yaml'), 'utf8');
  const code = "import { STSClient } from '@aws-sdk/client-sts';\nexport const sts = new STSClient({});\n";

  it('a code file with no linked workload gets no finding', () => {
    assert.deepEqual(lintDocuments([doc('app/sts.ts', code)], {}, { parseCode }).filter((f) => f.ruleId === ID), []);
  });

  it('linked to a Deployment without a region: one finding; with AWS_REGION in it: none', () => {
    const without = lintDocuments([doc('app/sts.ts', code), doc('deploy.yaml', deployment)], {}, { parseCode }).filter((f) => f.ruleId === ID);
    assert.deepEqual(without.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]), [[1, 19, 36]]);
    assert.match(without[0]!.message, /linked by folder tree `\.\.\/`/);
    const withRegion = deployment.replace('          env:\n', '          env:\n            - name: AWS_REGION\n              value: eu-west-2\n');
    assert.notEqual(withRegion, deployment);
    assert.deepEqual(lintDocuments([doc('app/sts.ts', code), doc('deploy.yaml', withRegion)], {}, { parseCode }).filter((f) => f.ruleId === ID), []);
  });
});
