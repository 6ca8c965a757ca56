/**
 * Issue #13 acceptance: a correct set-up in each style produces no finding — a ccoctl Secret set
 * chaining into a second account (`ccoctl-chained`), a pod identity webhook set (`webhook`), and a
 * webhook set chaining into a second account (`webhook-chained`) — alone and side by side. A clean
 * result could also mean the files are not linked at all, so each style is also broken at one link
 * in memory and must then give exactly the finding of that link.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, parseConfig } from '../../server/src/engine';
import type { IrsaSettings, SourceDocument } from '../../server/src/engine';
import { FIXTURES, formatFindings, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'workspaces', 'issue13-styles');

/** Lints `ROOT` (its `.irsa.yaml` applies) with the files under `only` (or all), after `edit` of one file. */
function lint(only?: string, edit?: { file: string; from: string; to: string }): string {
  const { documents, settings } = loadWorkspace(ROOT);
  const docs: SourceDocument[] = documents
    .filter((d) => only === undefined || d.uri.includes(`/issue13-styles/${only}/`) || d.uri.endsWith('/.irsa.yaml'))
    .map((d) => {
      if (!edit || !d.uri.endsWith(`/issue13-styles/${edit.file}`)) return d;
      assert.ok(d.text.includes(edit.from), `${edit.file} holds ${edit.from}`);
      return { ...d, text: d.text.replace(edit.from, edit.to) };
    });
  return formatFindings(lintDocuments(docs, settings), ROOT);
}

describe('issue #13: a correct set-up in each style is clean', () => {
  for (const style of ['ccoctl-chained', 'webhook', 'webhook-chained']) {
    it(`${style} alone`, () => assert.equal(lint(style), ''));
  }
  it('all three side by side', () => assert.equal(lint(), ''));
});

/** `file:range severity rule` of each finding line, and the messages. */
function heads(out: string): { heads: string[]; messages: string[] } {
  const lines = out ? out.split('\n') : [];
  return { heads: lines.map((l) => l.split(' ').slice(0, 3).join(' ')), messages: lines.map((l) => l.split(' ').slice(3).join(' ')) };
}

describe('issue #13: the same sets, each broken at one link', () => {
  it('ccoctl: the trust policy admits another service account than the one the pod runs as', () => {
    const r = heads(lint('ccoctl-chained', { file: 'ccoctl-chained/my-namespace-creds-my-namespace-dev-dynamodb-reader-trust-policy.json', from: 'my-namespace:dev-db-reader', to: 'my-namespace:db-reader' }));
    // One mistake, one finding: the request's rule says it (trust-subject-mismatch and
    // trust-subject-unused leave a ccoctl role's trust policy to it).
    assert.deepEqual(r.heads, ['ccoctl-chained/my-namespace-creds-my-namespace-dev-dynamodb-reader-trust-policy.json:13:13-13:59 error ccoctl-trust-policy-mismatch']);
    assert.match(r.messages[0]!, /^The role `my-namespace-creds-my-namespace-dev-dynamodb-reader` \(its file name says so\) is the ccoctl role of CredentialsRequest `assume-dev-dynamodb-reader` .* admits `system:serviceaccount:my-namespace:db-reader` where ccoctl writes `system:serviceaccount:my-namespace:dev-db-reader`/);
  });
  it("webhook: the trust policy pins the audience ccoctl tokens carry, not the webhook's", () => {
    const r = heads(lint('webhook', { file: 'webhook/reports-s3-reader-trust-policy.json', from: '"sts.amazonaws.com"', to: '"openshift"' }));
    assert.deepEqual(r.heads, ['webhook/reports-s3-reader-trust-policy.json:13:87-13:98 error trust-audience-mismatch']);
    assert.match(r.messages[0]!, /presents a token with audience `sts\.amazonaws\.com` from the pod identity webhook's default/);
  });
  it('webhook-chained: the pod sets another session name than the destination trust pins', () => {
    const r = heads(lint('webhook-chained', { file: 'webhook-chained/deployment.yaml', from: 'value: orders-api', to: 'value: orders-worker' }));
    assert.deepEqual(r.heads, ['webhook-chained/destination-account/dynamodb-writer-trust-policy.json:7:67-7:77 error session-name-mismatch']);
    assert.match(r.messages[0]!, /^Session `orders-api` differs from AWS_ROLE_SESSION_NAME `orders-worker` of Deployment `orders-api` \(deployment\.yaml:27\), which runs with role `orders-api` through the `eks\.amazonaws\.com\/role-arn` annotation/);
  });
  it('webhook-chained: the role is in another account than the OIDC provider', () => {
    const r = heads(lint('webhook-chained', { file: 'webhook-chained/orders-api-trust-policy.json', from: '111122223333:oidc-provider', to: '999988887777:oidc-provider' }));
    assert.deepEqual(r.heads, ['webhook-chained/orders-api-trust-policy.json:7:22-7:132 error oidc-provider-account']);
  });
});

describe('issue #13: .irsa.yaml trustPolicies says which role a trust policy file belongs to', () => {
  /** The webhook set with its trust policy moved to `iam/trust.json` (a name that says no role) and its subject broken. */
  function moved(settings: IrsaSettings): string {
    const { documents } = loadWorkspace(path.join(ROOT, 'webhook'));
    const docs = documents.map((d) =>
      d.uri.endsWith('/reports-s3-reader-trust-policy.json') ? { ...d, uri: d.uri.replace(/reports-s3-reader-trust-policy\.json$/, 'iam/trust.json'), text: d.text.replace('reports:s3-reader', 'reports:s3-writer') } : d,
    );
    return formatFindings(lintDocuments(docs, settings), path.join(ROOT, 'webhook'));
  }
  it('without it, a policy named trust.json is linked to no role', () => {
    assert.equal(moved({}), '');
  });
  it('with it, the policy is the role\'s and its workloads are compared', () => {
    const { settings, problems } = parseConfig('trustPolicies:\n  ./iam/trust.json: arn:aws:iam::111122223333:role/reports-s3-reader\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.trustPolicies, { 'iam/trust.json': 'reports-s3-reader' });
    const r = heads(moved(settings));
    // One finding: the subject no workload uses is the renamed one (trust-subject-unused leaves it).
    assert.deepEqual(r.heads, ['iam/trust.json:12:87-12:128 error trust-subject-mismatch']);
    assert.match(r.messages[0]!, /this trust policy of `reports-s3-reader` \(`\.irsa\.yaml` trustPolicies says so\)/);
  });
  it('a value that is no role name is a configuration problem', () => {
    const { settings, problems } = parseConfig('trustPolicies:\n  iam/trust.json: "not a role!"\n');
    assert.deepEqual(problems, [{ offset: 17, message: 'the role of `iam/trust.json` must be an IAM role name (1–64 characters of [\\w+=,.@-]) or role ARN' }]);
    assert.deepEqual(settings.trustPolicies, {});
  });
});

describe('issue #13: a workload manifest without a namespace', () => {
  it("runs in its ServiceAccount's namespace when it gets the role from the webhook annotation", () => {
    const { documents, settings } = loadWorkspace(path.join(ROOT, 'webhook'));
    const docs = documents.map((d) =>
      d.uri.endsWith('/deployment.yaml') ? { ...d, text: d.text.replace('  namespace: reports\n', '') } : d.uri.endsWith('-trust-policy.json') ? { ...d, text: d.text.replace('reports:s3-reader', 'reports:s3-writer') } : d,
    );
    const r = heads(formatFindings(lintDocuments(docs, settings), path.join(ROOT, 'webhook')));
    assert.deepEqual(r.heads, ['reports-s3-reader-trust-policy.json:12:87-12:128 error trust-subject-mismatch']);
    assert.match(r.messages[0]!, /its token's subject `system:serviceaccount:reports:s3-reader` is not admitted/);
  });
});

describe('issue #13: a trust policy whose file name says no role (trust-policy.json, the common real name)', () => {
  /** The webhook set with its trust policy renamed to `trust-policy.json`, after `edit` of its text. */
  function renamed(from: string, to: string): { heads: string[]; messages: string[] } {
    const { documents, settings } = loadWorkspace(path.join(ROOT, 'webhook'));
    const docs = documents.map((d) => (d.uri.endsWith('/reports-s3-reader-trust-policy.json') ? { ...d, uri: d.uri.replace(/reports-s3-reader-trust-policy\.json$/, 'trust-policy.json'), text: d.text.replace(from, to) } : d));
    return heads(formatFindings(lintDocuments(docs, settings), path.join(ROOT, 'webhook')));
  }
  it('is clean when right', () => assert.deepEqual(renamed('', ''), { heads: [], messages: [] }));
  it("takes the role of the service account its :sub admits: another account's provider is reported", () => {
    const r = renamed('111122223333:oidc-provider', '999988887777:oidc-provider');
    assert.deepEqual(r.heads, ['trust-policy.json:7:22-7:132 error oidc-provider-account']);
    assert.match(r.messages[0]!, /role `reports-s3-reader` \(this file is its trust policy: its `:sub` admits `reports\/s3-reader`, which runs with that role\) is in account 111122223333/);
  });
  it('example and shell-variable subjects are not judged (<NAMESPACE>, $namespace)', () => {
    for (const v of ['system:serviceaccount:<NAMESPACE>:<SERVICE_ACCOUNT_NAME>', 'system:serviceaccount:$namespace:$service_account']) {
      const { documents, settings } = loadWorkspace(path.join(ROOT, 'webhook'));
      const docs = documents.map((d) => (d.uri.endsWith('-trust-policy.json') ? { ...d, text: d.text.replace('system:serviceaccount:reports:s3-reader', v) } : d));
      const ids = lintDocuments(docs, settings).map((f) => f.ruleId);
      assert.deepEqual(ids.filter((id) => id.startsWith('trust-subject')), [], v);
    }
  });
});
