/**
 * Issue #14 acceptance: a workspace with a Deployment, its ccoctl Secret, a destination trust policy
 * pinning a session of the ccoctl role, and a Python app that makes the first hop itself with another
 * session name gets exactly one finding, on the app's RoleSessionName, naming the trust policy file
 * (and holding it as a related location). The guide's own pattern (the app assumes the destination
 * role with a session name of its own) is not reported: the destination trust policy sees the
 * caller's session, not the one the AssumeRole call creates.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import type { CodeParser, IrsaSettings, SourceDocument } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { applyFix, FIXTURES, fileUri, formatFindings, loadWorkspace } from '../helpers/fixtures';

const WS = path.join(FIXTURES, 'issue14', 'session-workspace');
const APP = fileUri(path.join(WS, 'services', 'orders-api', 'app.py'));
const TRUST = fileUri(path.join(WS, 'destination-account', 'dynamodb-reader-trust-policy.json'));

const MESSAGE = (how: string): string =>
  'RoleSessionName `orders-api` of boto3 `assume_role_with_web_identity` names the session this AssumeRoleWithWebIdentity creates ' +
  `(role \`my-namespace-creds-my-namespace-dev-dynamodb-reader\` of Deployment \`my-app\` in \`../../deploy/deployment.yaml\`, the workload this file runs in; ${how}), ` +
  'but the trust policy in `../../destination-account/dynamodb-reader-trust-policy.json:7` admits only session `dev-dynamodb-reader` of that role ' +
  '(`assumed-role/my-namespace-creds-my-namespace-dev-dynamodb-reader/dev-dynamodb-reader`): an assumed-role principal matches only that exact session, so STS will deny sts:AssumeRole. ' +
  'This call is the first hop: its session is the caller the destination trust policy sees (the name in the call wins over AWS_ROLE_SESSION_NAME). Use the same name in both, or trust the role ARN instead of one session.';

let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function lint(edit?: (d: SourceDocument) => SourceDocument, extra?: IrsaSettings) {
  const { documents, settings } = loadWorkspace(WS, extra, { code: true });
  return lintDocuments(edit ? documents.map(edit) : documents, settings, { parseCode });
}

describe('code-session-name-mismatch: the acceptance workspace', () => {
  it('gets exactly one finding (of any rule), on the app, naming the trust policy file and linking to it', () => {
    const findings = lint();
    assert.equal(formatFindings(findings, WS), `services/orders-api/app.py:15:25-15:37 warning code-session-name-mismatch ${MESSAGE('linked by folder tree `../../`, the nearest folder above this file that holds workloads')}`);
    assert.deepEqual(
      findings[0]!.related?.map((r) => [r.uri, r.message]),
      [[TRUST, 'trust policy principal pinning session `dev-dynamodb-reader` of role `my-namespace-creds-my-namespace-dev-dynamodb-reader`']],
    );
    assert.equal(findings[0]!.uri, APP);
  });

  it('says when the link is `.irsa.yaml` applications', () => {
    const findings = lint(undefined, { applications: { 'services/orders-api': [{ workload: 'my-app' }] } });
    assert.equal(formatFindings(findings, WS), `services/orders-api/app.py:15:25-15:37 warning code-session-name-mismatch ${MESSAGE('linked by `.irsa.yaml` applications: `services/orders-api`')}`);
  });

  it('is clean when the app names the session the trust policy pins', () => {
    const findings = lint((d) => (d.uri === APP ? { ...d, text: d.text.replace('RoleSessionName="orders-api"', 'RoleSessionName="dev-dynamodb-reader"') } : d));
    assert.equal(formatFindings(findings, WS), '');
  });

  it('does not compare the session of an AssumeRole on the destination role with the destination trust policy', () => {
    // report.py assumes the destination role with `orders-report`; alone it must give nothing.
    const findings = lint((d) => (d.uri === APP ? { ...d, text: '' } : d));
    assert.equal(formatFindings(findings, WS), '');
  });

  it('follows the trust policy: pinning the session the app sets moves the finding to session-name-mismatch (AWS_ROLE_SESSION_NAME differs)', () => {
    const findings = lint((d) => (d.uri === TRUST ? { ...d, text: d.text.replace('/dev-dynamodb-reader"', '/orders-api"') } : d));
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['session-name-mismatch'],
    );
  });
});

describe('code-session-name-mismatch: quick fix', () => {
  it('writes the pinned session into the literal, keeping its quotes, and the workspace is then clean', () => {
    const { documents, settings } = loadWorkspace(WS, undefined, { code: true });
    const [f] = lintDocuments(documents, settings, { parseCode });
    assert.equal(f!.fixes?.[0]?.title, 'Set the session name to "dev-dynamodb-reader" (the session the trust policy admits)');
    const { documents: after, touched } = applyFix(documents, f!.fixes![0]!);
    assert.match(touched.get(APP)!, /\n {8}RoleSessionName="dev-dynamodb-reader",\n/);
    assert.equal(formatFindings(lintDocuments(after, settings, { parseCode }), WS), '');
  });

  it('clears its finding on every bad fixture that offers one (literals only; Go aws.String keeps the call)', () => {
    const bad = path.join(FIXTURES, 'rules', 'code-session-name-mismatch', 'bad');
    const { documents, settings } = loadWorkspace(bad, undefined, { code: true });
    const mine = (docs: SourceDocument[]) => lintDocuments(docs, settings, { parseCode }).filter((x) => x.ruleId === 'code-session-name-mismatch');
    const before = mine(documents);
    const edits: string[] = [];
    for (const f of before) {
      if (!f.fixes) continue;
      const fix = f.fixes[0]!;
      const e = fix.edits[0]!;
      const text = documents.find((d) => d.uri === e.uri)!.text;
      edits.push(`${path.basename(e.uri)} ${text.slice(e.start, e.end)} -> ${e.newText}`);
      assert.equal(mine(applyFix(documents, fix).documents).length, before.length - 1, fix.title);
    }
    assert.deepEqual(edits.sort(), [
      'Credentials.java "once" -> "reporting"',
      'Credentials.java "orders-java" -> "dev-dynamodb-reader"',
      'Credentials.java "orders-java" -> "reporting"',
      'credentials.ts \'once\' -> \'reporting\'',
      'credentials.ts \'orders-ts\' -> \'dev-dynamodb-reader\'',
      'credentials.ts `orders-ts` -> `reporting`',
      'main.go "" -> "dev-dynamodb-reader"',
      'main.go "adhoc" -> "reporting"',
      'main.go "orders-go" -> "dev-dynamodb-reader"',
      'worker.py "nightly" -> "reporting"',
      'worker.py "orders-batch" -> "dev-dynamodb-reader"',
    ]);
  });
});
