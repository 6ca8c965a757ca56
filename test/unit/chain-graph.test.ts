/**
 * (issue #16) The credential chain model (server/src/engine/graph/chain-graph.ts): exact nodes and
 * edges of a clean set and of a copy of it broken at each link (test/fixtures/graph/), of the bundled
 * example (examples/guide), the filters, and the rule → link table's completeness.
 *
 * Each graph is compared line by line in a compact form: a node as
 * `id | kind | name | ns= | acct= | file:line:col (1-based) | state | ruleIds`, an edge as
 * `from -> to | link | label | ok|broken state | ruleIds`. A broken copy is expected to equal the clean
 * set except the lines it names, so each test says exactly what one mistake changes in the picture.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ALL_RULES, buildChainGraph, LINK_OF_RULE, linksOfRule, MAX_GRAPH_SETS, NODE_ONLY_RULES, Workspace } from '../../server/src/engine';
import type { ChainGraph, ChainGraphFilter, ChainSet, CodeParser, SourceDocument } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { caseArb, loadSeedGroups } from '../fuzz/generators';
import { applyFix, FIXTURES, fileUri, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const GRAPH = path.join(FIXTURES, 'graph');

// (issue #14) Application code is parsed as the CLI and the server parse it: the code nodes come from it.
let parseCode: CodeParser;
before(async () => {
  parseCode = await loadCodeParser();
});

function workspaceOf(documents: SourceDocument[], settings = {}): Workspace {
  const ws = new Workspace(settings, ALL_RULES, { parseCode });
  for (const d of documents) ws.update(d);
  return ws;
}

function graphOfWs(ws: Workspace, filter?: ChainGraphFilter): ChainGraph {
  return buildChainGraph(ws, filter);
}

function graphOf(dir: string, filter?: ChainGraphFilter): ChainGraph {
  const { documents, settings } = loadWorkspace(dir, undefined, { code: true });
  return buildChainGraph(workspaceOf(documents, settings), filter);
}

/** The compact lines of a set (see the module comment); paths relative to `root`. */
function lines(set: ChainSet, root: string): string[] {
  const rel = (uri: string): string => path.relative(root, new URL(uri).pathname).split(path.sep).join('/');
  // Ids that hold a URI (a code file's) are shown relative to the fixture, so the test runs from any checkout.
  const prefix = fileUri(root) + '/';
  return [
    ...set.nodes.map((n) => `${n.id} | ${n.kind} | ${n.name} | ns=${n.namespace ?? '-'} | acct=${n.account ?? '-'} | ${rel(n.uri)}:${n.line + 1}:${n.character + 1} | ${n.state} | ${n.findings.map((f) => f.ruleId).join(',')}`),
    ...set.edges.map((e) => `${e.from} -> ${e.to} | ${e.link} | ${e.label} | ${e.ok ? 'ok' : 'broken'} ${e.state} | ${e.findings.map((f) => f.ruleId).join(',')}`),
  ].map((l) => l.split(prefix).join(''));
}

const CR = 'credentialsRequest:openshift-cloud-credential-operator/orders';
const CLEAN = [
    'credentialsRequest:openshift-cloud-credential-operator/orders | credentialsRequest | orders | ns=openshift-cloud-credential-operator | acct=- | credrequests/orders.yaml:2:7 | ok | ',
    'ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ns=- | acct=210987654321 | credrequests/orders.yaml:16:11 | ok | ',
    'secret:shop/orders-aws | secret | orders-aws | ns=shop | acct=- | manifests/shop-orders-aws-credentials.yaml:2:7 | ok | ',
    'serviceAccount:shop/orders | serviceAccount | orders | ns=shop | acct=- | deploy/serviceaccount.yaml:2:7 | ok | ',
    'workload:shop/Deployment/orders-api | workload | orders-api | ns=shop | acct=- | deploy/deployment.yaml:2:7 | ok | ',
    'token:shop/Deployment/orders-api/bound-sa-token | token | bound-sa-token | ns=shop | acct=- | deploy/deployment.yaml:44:19 | ok | ',
    'webIdentityTrust:prod-shop-orders-aws | webIdentityTrust | prod-shop-orders-aws | ns=- | acct=210987654321 | iam/prod-shop-orders-aws-trust-policy.json:7:22 | ok | ',
    'trustPolicy:orders-reader | trustPolicy | orders-reader | ns=- | acct=345678901234 | destination/orders-reader-trust-policy.json:7:16 | ok | ',
    'destinationRole:orders-reader | destinationRole | orders-reader | ns=- | acct=345678901234 | credrequests/orders.yaml:14:19 | ok | ',
    'code:services/orders-api/aws.py | code | aws.py | ns=- | acct=- | services/orders-api/aws.py:9:71 | ok | ',
    'credentialsRequest:openshift-cloud-credential-operator/orders -> secret:shop/orders-aws | secretRef | shop/orders-aws | ok ok | ',
    'credentialsRequest:openshift-cloud-credential-operator/orders -> ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ok ok | ',
    'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws | roleArn | arn:aws:iam::210987654321:role/prod-shop-orders-aws | ok ok | ',
    'secret:shop/orders-aws -> workload:shop/Deployment/orders-api | secretMount | orders-aws | ok ok | ',
    'credentialsRequest:openshift-cloud-credential-operator/orders -> serviceAccount:shop/orders | serviceAccount | orders | ok ok | ',
    'serviceAccount:shop/orders -> workload:shop/Deployment/orders-api | serviceAccount | orders | ok ok | ',
    'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token | token | openshift | ok ok | ',
    'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | ok ok | ',
    'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader | trustPrincipal | arn:aws:sts::210987654321:assumed-role/prod-shop-orders-aws/orders-api | ok ok | ',
    'credentialsRequest:openshift-cloud-credential-operator/orders -> destinationRole:orders-reader | assumeRole | arn:aws:iam::345678901234:role/orders-reader | ok ok | ',    'trustPolicy:orders-reader -> destinationRole:orders-reader | trustOf | orders-reader | ok ok | ',
    'destinationRole:orders-reader -> code:services/orders-api/aws.py | sessionName | orders-api | ok ok | ',
];

/** The clean lines with the lines starting with each key (a node id, or `from -> to | link`) replaced. */
function cleanWith(changes: Record<string, string>): string[] {
  const used = new Set<string>();
  const out = CLEAN.map((l) => {
    const key = Object.keys(changes).find((k) => l.startsWith(k + ' |'));
    if (key === undefined) return l;
    used.add(key);
    return changes[key]!;
  });
  assert.deepEqual([...used].sort(), Object.keys(changes).sort(), 'every change names a line of the clean set');
  return out;
}

describe('chain graph: the clean set', () => {
  it('has every node and edge, in chain order, all green', () => {
    const dir = path.join(GRAPH, 'clean');
    const g = graphOf(dir);
    assert.deepEqual({ namespaces: g.namespaces, totalSets: g.totalSets, truncated: g.truncated, sets: g.sets.length }, { namespaces: ['shop'], totalSets: 1, truncated: 0, sets: 1 });
    const set = g.sets[0]!;
    assert.deepEqual({ id: set.id, name: set.name, namespace: set.namespace, state: set.state }, { id: CR, name: 'shop/orders-aws', namespace: 'shop', state: 'ok' });
    assert.deepEqual(lines(set, dir), CLEAN);
    // Node URIs are the documents' own (the webview opens them).
    assert.equal(set.nodes[0]!.uri, fileUri(path.join(dir, 'credrequests', 'orders.yaml')));
    // A code lens or the active editor on the application code finds its set too.
    const code = fileUri(path.join(dir, 'services', 'orders-api', 'aws.py'));
    assert.deepEqual(graphOf(dir, { uri: code }).sets.map((s) => s.id), [CR]);
    assert.deepEqual(graphOf(dir, { uri: fileUri(path.join(dir, 'nowhere.py')) }).sets.map((s) => s.id), []);
  });
});

/** One broken copy per link: the directory, the set's state, and the lines that differ from the clean set. */
const BROKEN: { dir: string; state: 'error' | 'warning'; changes: Record<string, string> }[] = [
  {
    dir: 'secret-ref', // the Secret is written in another namespace than secretRef says
    state: 'error',
    changes: {
      'secret:shop/orders-aws': 'secret:shop-old/orders-aws | secret | orders-aws | ns=shop-old | acct=- | manifests/shop-orders-aws-credentials.yaml:2:7 | ok | ',
      [`${CR} -> secret:shop/orders-aws`]: `${CR} -> secret:shop-old/orders-aws | secretRef | shop/orders-aws | broken error | secret-matches-secret-ref`,
      'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws': 'ccoctlRole:prod-shop-orders-aws -> secret:shop-old/orders-aws | roleArn | arn:aws:iam::210987654321:role/prod-shop-orders-aws | ok ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-api': 'secret:shop-old/orders-aws -> workload:shop/Deployment/orders-api | secretMount | orders-aws | ok ok | ',
    },
  },
  {
    dir: 'role-arn', // the Secret's role_arn names another role than ccoctl creates
    state: 'warning',
    changes: {
      'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws': 'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws | roleArn | arn:aws:iam::210987654321:role/prod-shop-orders-reader | broken warning | secret-role-name-mismatch',
    },
  },
  {
    dir: 'secret-name', // the pod mounts another Secret than secretRef.name
    state: 'error',
    changes: {
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-api': 'secret:shop/orders-aws -> workload:shop/Deployment/orders-api | secretMount | orders-credentials | broken error | secret-name-mismatch',
    },
  },
  {
    dir: 'service-account', // the account and the pod renamed to billing, serviceAccountNames not
    state: 'error',
    changes: {
      // service-account-mismatch is reported on the pod; it colours the request → account edge too (the pod's account).
      'serviceAccount:shop/orders': 'serviceAccount:shop/billing | serviceAccount | billing | ns=shop | acct=- | deploy/serviceaccount.yaml:2:7 | ok | ',
      [`${CR} -> serviceAccount:shop/orders`]: `${CR} -> serviceAccount:shop/billing | serviceAccount | billing | broken error | service-account-mismatch`,
      'serviceAccount:shop/orders -> workload:shop/Deployment/orders-api': 'serviceAccount:shop/billing -> workload:shop/Deployment/orders-api | serviceAccount | billing | broken error | service-account-mismatch',
      // The web identity edge is labelled with the subject the pod presents (no web identity rule reports: the trust policy agrees with the request).
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws': 'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:billing | ok ok | ',
    },
  },
  {
    // The pod applied to another namespace than secretRef.namespace: namespace-mismatch (on the pod)
    // colours the Secret's mount and the web identity link, both of which it says are broken (the
    // token's sub names shop-old, which the trust policy does not admit: the edge is labelled with it).
    dir: 'pod-namespace',
    state: 'error',
    changes: {
      'serviceAccount:shop/orders': 'serviceAccount:shop-old/orders | serviceAccount | orders | ns=shop-old | acct=- | deploy/deployment.yaml:16:27 | ok | ',
      'workload:shop/Deployment/orders-api': 'workload:shop-old/Deployment/orders-api | workload | orders-api | ns=shop-old | acct=- | deploy/deployment.yaml:2:7 | ok | ',
      'token:shop/Deployment/orders-api/bound-sa-token': 'token:shop-old/Deployment/orders-api/bound-sa-token | token | bound-sa-token | ns=shop-old | acct=- | deploy/deployment.yaml:44:19 | ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-api': 'secret:shop/orders-aws -> workload:shop-old/Deployment/orders-api | secretMount | orders-aws | broken error | namespace-mismatch',
      [`${CR} -> serviceAccount:shop/orders`]: `${CR} -> serviceAccount:shop-old/orders | serviceAccount | orders | ok ok | `,
      'serviceAccount:shop/orders -> workload:shop/Deployment/orders-api': 'serviceAccount:shop-old/orders -> workload:shop-old/Deployment/orders-api | serviceAccount | orders | ok ok | ',
      'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token': 'workload:shop-old/Deployment/orders-api -> token:shop-old/Deployment/orders-api/bound-sa-token | token | openshift | ok ok | ',
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws': 'token:shop-old/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop-old:orders | broken error | namespace-mismatch',
    },
  },
  {
    dir: 'token-audience', // the projected token's audience is not a client ID of the OIDC provider
    state: 'error',
    changes: {
      'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token': 'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token | token | vault | broken error | token-audience',
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws': 'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | broken error | trust-audience-mismatch',
    },
  },
  {
    dir: 'token-path', // the token is mounted elsewhere than the Secret's web_identity_token_file
    state: 'error',
    changes: {
      'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token': 'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token | token | openshift | broken error | token-path-mismatch',
    },
  },
  {
    dir: 'web-identity-subject', // the ccoctl role's trust policy admits another service account (the edge: the subject the pod presents)
    state: 'error',
    changes: {
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws': 'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | broken error | ccoctl-trust-policy-mismatch',
    },
  },
  {
    dir: 'trust-principal', // the destination trust policy names another role than the ccoctl role
    state: 'warning',
    changes: {
      'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader': 'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader | trustPrincipal | arn:aws:sts::210987654321:assumed-role/prod-shop-orders/orders-api | broken warning | trust-role-name-mismatch',
    },
  },
  {
    dir: 'session-name', // the destination trust policy pins another session than the pod's AWS_ROLE_SESSION_NAME
    state: 'error',
    changes: {
      'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader': 'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader | trustPrincipal | arn:aws:sts::210987654321:assumed-role/prod-shop-orders-aws/orders-worker | broken ' + 'error | session-name-mismatch',
    },
  },
  {
    dir: 'assume-role', // the request's statementEntries allow no sts:AssumeRole
    state: 'warning',
    changes: {
      // The destination role is then known from its trust policy only: no account, drawn at that file.
      'trustPolicy:orders-reader': 'trustPolicy:orders-reader | trustPolicy | orders-reader | ns=- | acct=- | destination/orders-reader-trust-policy.json:7:16 | ok | ',
      'destinationRole:orders-reader': 'destinationRole:orders-reader | destinationRole | orders-reader | ns=- | acct=- | destination/orders-reader-trust-policy.json:1:1 | ok | ',
      [`${CR} -> destinationRole:orders-reader`]: `${CR} -> destinationRole:orders-reader | assumeRole |  | broken warning | cr-assume-role-permission`,
    },
  },
  {
    dir: 'code-session', // the code passes a session name the destination role's sts:RoleSessionName condition refuses
    state: 'warning',
    changes: {
      'destinationRole:orders-reader -> code:services/orders-api/aws.py': 'destinationRole:orders-reader -> code:services/orders-api/aws.py | sessionName | orders-batch | broken warning | code-session-name-mismatch',
    },
  },
];

describe('chain graph: one copy broken at each link', () => {
  for (const b of BROKEN) {
    it(`${b.dir}: only that link turns red/amber`, () => {
      const dir = path.join(GRAPH, b.dir);
      const g = graphOf(dir);
      assert.equal(g.sets.length, 1, 'one set: the broken document still belongs to it');
      const set = g.sets[0]!;
      assert.equal(set.state, b.state);
      assert.deepEqual(lines(set, dir), cleanWith(b.changes));
    });
  }
});

describe('chain graph: a finding colours the edge of its own value, not every edge of its link in that document', () => {
  // Two pods of one Secret and one trust policy, both Deployments in one file. Before each finding was
  // matched against the places the edges were read from, trust-audience-mismatch (reported on the
  // trust policy's `:aud`, about orders-batch's token) turned orders-api's web identity edge red too.
  it('two-workloads: orders-batch presents a token for `vault`; orders-api stays green on every link', () => {
    const dir = path.join(GRAPH, 'two-workloads');
    const set = graphOf(dir).sets[0]!;
    assert.equal(set.state, 'error');
    assert.deepEqual(lines(set, dir), [
      'credentialsRequest:openshift-cloud-credential-operator/orders | credentialsRequest | orders | ns=openshift-cloud-credential-operator | acct=- | credrequests/orders.yaml:2:7 | ok | ',
      'ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ns=- | acct=210987654321 | credrequests/orders.yaml:16:11 | ok | ',
      'secret:shop/orders-aws | secret | orders-aws | ns=shop | acct=- | manifests/shop-orders-aws-credentials.yaml:2:7 | ok | ',
      'serviceAccount:shop/orders | serviceAccount | orders | ns=shop | acct=- | deploy/serviceaccount.yaml:2:7 | ok | ',
      'workload:shop/Deployment/orders-api | workload | orders-api | ns=shop | acct=- | deploy/deployment.yaml:2:7 | ok | ',
      'workload:shop/Deployment/orders-batch | workload | orders-batch | ns=shop | acct=- | deploy/deployment.yaml:49:7 | ok | ',
      'token:shop/Deployment/orders-api/bound-sa-token | token | bound-sa-token | ns=shop | acct=- | deploy/deployment.yaml:44:19 | ok | ',
      'token:shop/Deployment/orders-batch/bound-sa-token | token | bound-sa-token | ns=shop | acct=- | deploy/deployment.yaml:91:19 | ok | ',
      'webIdentityTrust:prod-shop-orders-aws | webIdentityTrust | prod-shop-orders-aws | ns=- | acct=210987654321 | iam/prod-shop-orders-aws-trust-policy.json:7:22 | ok | ',
      'trustPolicy:orders-reader | trustPolicy | orders-reader | ns=- | acct=345678901234 | destination/orders-reader-trust-policy.json:7:16 | ok | ',
      'destinationRole:orders-reader | destinationRole | orders-reader | ns=- | acct=345678901234 | credrequests/orders.yaml:14:19 | ok | ',
      'code:services/orders-api/aws.py | code | aws.py | ns=- | acct=- | services/orders-api/aws.py:9:71 | ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> secret:shop/orders-aws | secretRef | shop/orders-aws | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ok ok | ',
      'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws | roleArn | arn:aws:iam::210987654321:role/prod-shop-orders-aws | ok ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-api | secretMount | orders-aws | ok ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-batch | secretMount | orders-aws | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> serviceAccount:shop/orders | serviceAccount | orders | ok ok | ',
      'serviceAccount:shop/orders -> workload:shop/Deployment/orders-api | serviceAccount | orders | ok ok | ',
      'serviceAccount:shop/orders -> workload:shop/Deployment/orders-batch | serviceAccount | orders | ok ok | ',
      'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token | token | openshift | ok ok | ',
      'workload:shop/Deployment/orders-batch -> token:shop/Deployment/orders-batch/bound-sa-token | token | vault | broken error | token-audience',
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | ok ok | ',
      'token:shop/Deployment/orders-batch/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | broken error | trust-audience-mismatch',
      'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader | trustPrincipal | arn:aws:sts::210987654321:assumed-role/prod-shop-orders-aws/orders-api | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> destinationRole:orders-reader | assumeRole | arn:aws:iam::345678901234:role/orders-reader | ok ok | ',
      'trustPolicy:orders-reader -> destinationRole:orders-reader | trustOf | orders-reader | ok ok | ',
      'destinationRole:orders-reader -> code:services/orders-api/aws.py | sessionName | orders-api | ok ok | ',
    ]);
  });

  // Two accounts of one request, the ccoctl trust policy admitting `orders` and a stale `batch-old`:
  // ccoctl-trust-policy-mismatch is reported on `batch-old` with a related location on the request's
  // `batch` entry, which names orders-batch's subject: that edge only, labelled with what it presents.
  it('two-accounts: the trust policy admits a stale account for orders-batch; orders-api stays green', () => {
    const dir = path.join(GRAPH, 'two-accounts');
    const set = graphOf(dir).sets[0]!;
    assert.equal(set.state, 'error');
    assert.deepEqual(lines(set, dir), [
      'credentialsRequest:openshift-cloud-credential-operator/orders | credentialsRequest | orders | ns=openshift-cloud-credential-operator | acct=- | credrequests/orders.yaml:2:7 | ok | ',
      'ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ns=- | acct=210987654321 | credrequests/orders.yaml:16:11 | ok | ',
      'secret:shop/orders-aws | secret | orders-aws | ns=shop | acct=- | manifests/shop-orders-aws-credentials.yaml:2:7 | ok | ',
      'serviceAccount:shop/orders | serviceAccount | orders | ns=shop | acct=- | deploy/serviceaccount.yaml:2:7 | ok | ',
      'serviceAccount:shop/batch | serviceAccount | batch | ns=shop | acct=- | deploy/serviceaccount.yaml:8:7 | ok | ',
      'workload:shop/Deployment/orders-api | workload | orders-api | ns=shop | acct=- | deploy/deployment.yaml:2:7 | ok | ',
      'workload:shop/Deployment/orders-batch | workload | orders-batch | ns=shop | acct=- | deploy/deployment.yaml:49:7 | ok | ',
      'token:shop/Deployment/orders-api/bound-sa-token | token | bound-sa-token | ns=shop | acct=- | deploy/deployment.yaml:44:19 | ok | ',
      'token:shop/Deployment/orders-batch/bound-sa-token | token | bound-sa-token | ns=shop | acct=- | deploy/deployment.yaml:91:19 | ok | ',
      'webIdentityTrust:prod-shop-orders-aws | webIdentityTrust | prod-shop-orders-aws | ns=- | acct=210987654321 | iam/prod-shop-orders-aws-trust-policy.json:7:22 | ok | ',
      'trustPolicy:orders-reader | trustPolicy | orders-reader | ns=- | acct=345678901234 | destination/orders-reader-trust-policy.json:7:16 | ok | ',
      'destinationRole:orders-reader | destinationRole | orders-reader | ns=- | acct=345678901234 | credrequests/orders.yaml:14:19 | ok | ',
      'code:services/orders-api/aws.py | code | aws.py | ns=- | acct=- | services/orders-api/aws.py:9:71 | ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> secret:shop/orders-aws | secretRef | shop/orders-aws | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> ccoctlRole:prod-shop-orders-aws | ccoctlRole | prod-shop-orders-aws | ok ok | ',
      'ccoctlRole:prod-shop-orders-aws -> secret:shop/orders-aws | roleArn | arn:aws:iam::210987654321:role/prod-shop-orders-aws | ok ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-api | secretMount | orders-aws | ok ok | ',
      'secret:shop/orders-aws -> workload:shop/Deployment/orders-batch | secretMount | orders-aws | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> serviceAccount:shop/orders | serviceAccount | orders | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> serviceAccount:shop/batch | serviceAccount | batch | ok ok | ',
      'serviceAccount:shop/orders -> workload:shop/Deployment/orders-api | serviceAccount | orders | ok ok | ',
      'serviceAccount:shop/batch -> workload:shop/Deployment/orders-batch | serviceAccount | batch | ok ok | ',
      'workload:shop/Deployment/orders-api -> token:shop/Deployment/orders-api/bound-sa-token | token | openshift | ok ok | ',
      'workload:shop/Deployment/orders-batch -> token:shop/Deployment/orders-batch/bound-sa-token | token | openshift | ok ok | ',
      'token:shop/Deployment/orders-api/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:orders | ok ok | ',
      'token:shop/Deployment/orders-batch/bound-sa-token -> webIdentityTrust:prod-shop-orders-aws | webIdentity | system:serviceaccount:shop:batch | broken error | ccoctl-trust-policy-mismatch',
      'ccoctlRole:prod-shop-orders-aws -> trustPolicy:orders-reader | trustPrincipal | arn:aws:sts::210987654321:assumed-role/prod-shop-orders-aws/orders-api | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/orders -> destinationRole:orders-reader | assumeRole | arn:aws:iam::345678901234:role/orders-reader | ok ok | ',
      'trustPolicy:orders-reader -> destinationRole:orders-reader | trustOf | orders-reader | ok ok | ',
      'destinationRole:orders-reader -> code:services/orders-api/aws.py | sessionName | orders-api | ok ok | ',
    ]);
  });
});

/** A set's web identity edges (`from | label | state | rules`) and every other edge that is not green. */
function webIdentityLines(set: ChainSet): { webIdentity: string[]; otherBroken: string[] } {
  const line = (e: ChainSet['edges'][number]): string => `${e.from} | ${e.label} | ${e.state} | ${e.findings.map((f) => f.ruleId).join(',')}`;
  return { webIdentity: set.edges.filter((e) => e.link === 'webIdentity').map(line), otherBroken: set.edges.filter((e) => e.link !== 'webIdentity' && e.state !== 'ok').map(line) };
}

describe('chain graph: a web identity finding is about the pod whose subject it names', () => {
  // A web identity edge stands for "this pod presents system:serviceaccount:<ns>:<sa> to this trust
  // policy": labelled with that subject, coloured by a finding that names it (a `:sub` value equal to
  // it, a related location on the pod or on the request's entry for its account); a finding that names
  // no pod's subject colours every edge of the link.
  const API = 'token:shop/Deployment/orders-api/bound-sa-token';
  const BATCH = 'token:shop/Deployment/orders-batch/bound-sa-token';
  const BATCH2 = 'token:shop/Deployment/orders-batch2/bound-sa-token';

  it('two-accounts-unadmitted: the ccoctl trust policy lacks `batch` (reported on the `:sub` key, related: the request\'s entry): only orders-batch is red', () => {
    const set = graphOf(path.join(GRAPH, 'two-accounts-unadmitted')).sets[0]!;
    assert.equal(set.state, 'error');
    assert.deepEqual(webIdentityLines(set), {
      webIdentity: [`${API} | system:serviceaccount:shop:orders | ok | `, `${BATCH} | system:serviceaccount:shop:batch | error | ccoctl-trust-policy-mismatch`],
      otherBroken: [],
    });
  });

  it('three-accounts: `batch` and `batch2` not admitted, two stale subjects: each pod its own error; the stale-subject warnings name no pod, so they colour every edge', () => {
    const set = graphOf(path.join(GRAPH, 'three-accounts')).sets[0]!;
    assert.equal(set.state, 'error');
    const stale = 'ccoctl-trust-policy-mismatch,ccoctl-trust-policy-mismatch';
    assert.deepEqual(webIdentityLines(set), {
      webIdentity: [
        `${API} | system:serviceaccount:shop:orders | warning | ${stale}`,
        // Engine order: the errors on the `:sub` key (batch2's reported first), then the warnings on the values.
        `${BATCH} | system:serviceaccount:shop:batch | error | ccoctl-trust-policy-mismatch,${stale}`,
        `${BATCH2} | system:serviceaccount:shop:batch2 | error | ccoctl-trust-policy-mismatch,${stale}`,
      ],
      otherBroken: [],
    });
    // Each error is the one about the pod's own account.
    const errors = (from: string): string[] => set.edges.find((e) => e.from === from && e.link === 'webIdentity')!.findings.filter((f) => f.severity === 'error').map((f) => /does not admit `([^`]*)`/.exec(f.message)?.[1] ?? '');
    assert.deepEqual([errors(BATCH), errors(BATCH2)], [['system:serviceaccount:shop:batch'], ['system:serviceaccount:shop:batch2']]);
  });

  // An EKS role (the webhook injects the token: the ServiceAccounts present it), two accounts, the
  // trust policy of the role written by hand (trust-subject-mismatch, trust-subject-unused).
  const root = '/eks-two';
  const uri = (p: string): string => `file://${root}/${p}`;
  const sa = (name: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::210987654321:role/shop-eks\n`;
  const deploy = (name: string, account: string): string =>
    ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  template:', '    spec:', `      serviceAccountName: ${account}`, '      containers:', '        - name: app', '          image: app:1', ''].join('\n');
  const trust = (subs: string[]): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::210987654321:oidc-provider/oidc.eks.eu-west-2.amazonaws.com/id/0A1B2C3D4E5F' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'oidc.eks.eu-west-2.amazonaws.com/id/0A1B2C3D4E5F:sub': subs, 'oidc.eks.eu-west-2.amazonaws.com/id/0A1B2C3D4E5F:aud': 'sts.amazonaws.com' } } }],
    }, null, 2);
  const eks = (subs: string[]): ChainSet => {
    const ws = workspaceOf([
      { uri: uri('deploy/serviceaccounts.yaml'), text: `${sa('orders')}---\n${sa('batch')}` },
      { uri: uri('deploy/deployments.yaml'), text: `${deploy('orders-api', 'orders')}---\n${deploy('orders-batch', 'batch')}` },
      { uri: uri('iam/shop-eks-trust-policy.json'), text: trust(subs) },
    ]);
    return graphOfWs(ws).sets.find((s) => s.name === 'shop-eks')!;
  };

  it('trust-subject-mismatch (on the stale `:sub`, related: the pod\'s serviceAccountName): only batch is red', () => {
    const set = eks(['system:serviceaccount:shop:orders', 'system:serviceaccount:shop:batch-old']);
    assert.deepEqual(webIdentityLines(set), {
      webIdentity: ['serviceAccount:shop/orders | system:serviceaccount:shop:orders | ok | ', 'serviceAccount:shop/batch | system:serviceaccount:shop:batch | error | trust-subject-mismatch'],
      otherBroken: [],
    });
  });

  it('trust-subject-unused (a `:sub` no pod presents; an information) names no pod: both edges carry it', () => {
    const set = eks(['system:serviceaccount:shop:orders', 'system:serviceaccount:shop:batch', 'system:serviceaccount:shop:gone']);
    assert.deepEqual(webIdentityLines(set), {
      webIdentity: ['serviceAccount:shop/orders | system:serviceaccount:shop:orders | ok | trust-subject-unused', 'serviceAccount:shop/batch | system:serviceaccount:shop:batch | ok | trust-subject-unused'],
      otherBroken: [],
    });
  });
});

describe('chain graph: examples/guide', () => {
  it('draws the guide as published: its syntax errors on the nodes, every link it states green', () => {
    const dir = path.join(REPO_ROOT, 'examples', 'guide');
    const g = graphOf(dir);
    assert.deepEqual({ namespaces: g.namespaces, totalSets: g.totalSets, truncated: g.truncated, sets: g.sets.length }, { namespaces: ['my-namespace'], totalSets: 1, truncated: 0, sets: 1 });
    const set = g.sets[0]!;
    assert.deepEqual({ id: set.id, name: set.name, state: set.state }, { id: 'credentialsRequest:my-namespace/assume-dev-dynamodb-reader', name: 'my-namespace/dev-dynamodb-reader', state: 'error' });
    assert.deepEqual(lines(set, dir), [
      'credentialsRequest:my-namespace/assume-dev-dynamodb-reader | credentialsRequest | assume-dev-dynamodb-reader | ns=my-namespace | acct=- | credrequests/assume-dev-dynamodb-reader.yaml:4:7 | error | yaml-syntax,yaml-syntax',
      'ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader | ccoctlRole | my-namespace-creds-my-namespace-dev-dynamodb-reader | ns=- | acct=111122223333 | credrequests/assume-dev-dynamodb-reader.yaml:20:11 | ok | ',
      'secret:my-namespace/dev-dynamodb-reader | secret | dev-dynamodb-reader | ns=my-namespace | acct=- | outputs/manifests/my-namespace-dev-dynamodb-reader-credentials.yaml:8:7 | ok | ',
      'serviceAccount:my-namespace/dev-db-reader | serviceAccount | dev-db-reader | ns=my-namespace | acct=- | deployment.yaml:31:23 | ok | ',
      'workload:my-namespace/Deployment/my-app | workload | my-app | ns=my-namespace | acct=- | deployment.yaml:4:7 | warning | region-env,deprecated-service-account',
      'token:my-namespace/Deployment/my-app/bound-sa-token | token | bound-sa-token | ns=my-namespace | acct=- | deployment.yaml:43:19 | ok | ',
      'trustPolicy:dynamodb-reader | trustPolicy | dynamodb-reader | ns=- | acct=- | destination-account/dynamodb-reader-trust-policy.json:7:12 | error | iam-version,json-syntax,iam-action-required',
      'destinationRole:dynamodb-reader | destinationRole | dynamodb-reader | ns=- | acct=- | destination-account/dynamodb-reader-trust-policy.json:1:1 | ok | ',
      'credentialsRequest:my-namespace/assume-dev-dynamodb-reader -> secret:my-namespace/dev-dynamodb-reader | secretRef | my-namespace/dev-dynamodb-reader | ok ok | ',
      'credentialsRequest:my-namespace/assume-dev-dynamodb-reader -> ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader | ccoctlRole | my-namespace-creds-my-namespace-dev-dynamodb-reader | ok ok | ',
      'ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader -> secret:my-namespace/dev-dynamodb-reader | roleArn | arn:aws:iam::111122223333:role/my-namespace-creds-my-namespace-dev-dynamodb-reader | ok ok | ',
      'secret:my-namespace/dev-dynamodb-reader -> workload:my-namespace/Deployment/my-app | secretMount | dev-dynamodb-reader | ok ok | ',
      'credentialsRequest:my-namespace/assume-dev-dynamodb-reader -> serviceAccount:my-namespace/dev-db-reader | serviceAccount | dev-db-reader | ok ok | ',
      'serviceAccount:my-namespace/dev-db-reader -> workload:my-namespace/Deployment/my-app | serviceAccount | dev-db-reader | ok ok | ',
      'workload:my-namespace/Deployment/my-app -> token:my-namespace/Deployment/my-app/bound-sa-token | token | openshift | ok ok | ',
      'ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader -> trustPolicy:dynamodb-reader | trustPrincipal | arn:aws:sts::111122223333:assumed-role/my-namespace-creds-my-namespace-dev-dynamodb-reader/dev-dynamodb-reader | ok ok | ',
      'trustPolicy:dynamodb-reader -> destinationRole:dynamodb-reader | trustOf | dynamodb-reader | ok ok | ',
    ]);
  });
});

describe('chain graph: which link each rule colours', () => {
  it('places every rule of ALL_RULES: mapped to a link or listed as node-only, never both', () => {
    const unplaced = ALL_RULES.map((r) => r.id).filter((id) => LINK_OF_RULE[id] === undefined && !NODE_ONLY_RULES.has(id));
    assert.deepEqual(unplaced, [], 'add each new rule to LINK_OF_RULE or NODE_ONLY_RULES in graph/chain-graph.ts');
    const both = Object.keys(LINK_OF_RULE).filter((id) => NODE_ONLY_RULES.has(id));
    assert.deepEqual(both, []);
    const ids = new Set(ALL_RULES.map((r) => r.id));
    const unknown = [...Object.keys(LINK_OF_RULE), ...NODE_ONLY_RULES].filter((id) => !ids.has(id));
    assert.deepEqual(unknown, [], 'no entry for a rule that does not exist');
  });
});

/** A CredentialsRequest document for `<ns>/<name>`, its role allowed to assume nothing else. */
function crYaml(ns: string, name: string, sa = name): string {
  return [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    `  name: ${name}`,
    '  namespace: openshift-cloud-credential-operator',
    'spec:',
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '      - effect: Allow',
    '        action:',
    '          - s3:GetObject',
    `        resource: arn:aws:s3:::${name}/*`,
    '  secretRef:',
    `    name: ${name}`,
    `    namespace: ${ns}`,
    '  serviceAccountNames:',
    `    - ${sa}`,
    '',
  ].join('\n');
}

/** A Deployment in `ns` running as `sa`, mounting the Secret `secret` as the AWS config. */
function deploymentYaml(ns: string, name: string, sa: string, secret: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    spec:',
    `      serviceAccountName: ${sa}`,
    '      containers:',
    '        - name: app',
    '          image: app:1',
    '          env:',
    '            - name: AWS_CONFIG_FILE',
    '              value: /var/run/secrets/cloud/credentials',
    '          volumeMounts:',
    '            - name: creds',
    '              mountPath: /var/run/secrets/cloud',
    '      volumes:',
    '        - name: creds',
    '          secret:',
    `            secretName: ${secret}`,
    '',
  ].join('\n');
}

describe('chain graph: filters and the cap', () => {
  const root = '/filters';
  const uri = (p: string): string => `file://${root}/${p}`;
  const docs: SourceDocument[] = [
    { uri: uri('credrequests/a.yaml'), text: ['alpha', 'beta', 'gamma'].map((n) => crYaml('team-a', n)).join('---\n') },
    { uri: uri('credrequests/b.yaml'), text: [crYaml('team-b', 'delta'), crYaml('team-b', 'epsilon')].join('---\n') },
    // A pod of team-c that draws from team-a's `gamma` (namespace-mismatch): the set has a node in team-c.
    { uri: uri('deploy/c.yaml'), text: deploymentYaml('team-c', 'stray', 'gamma', 'gamma') },
  ];
  const ws = workspaceOf(docs, { ccoctlName: 'prod' });
  const names = (g: ChainGraph): string[] => g.sets.map((s) => s.name);

  it('without a filter: every set, sorted by namespace then name, and every namespace', () => {
    const g = buildChainGraph(ws);
    assert.deepEqual(names(g), ['team-a/alpha', 'team-a/beta', 'team-a/gamma', 'team-b/delta', 'team-b/epsilon']);
    assert.deepEqual({ namespaces: g.namespaces, totalSets: g.totalSets, truncated: g.truncated }, { namespaces: ['team-a', 'team-b'], totalSets: 5, truncated: 0 });
  });

  it('namespace: the sets with a node there (a stray workload counts), the totals of the whole workspace', () => {
    const b = buildChainGraph(ws, { namespace: 'team-b' });
    assert.deepEqual(names(b), ['team-b/delta', 'team-b/epsilon']);
    assert.deepEqual({ namespaces: b.namespaces, totalSets: b.totalSets, truncated: b.truncated }, { namespaces: ['team-a', 'team-b'], totalSets: 5, truncated: 0 });
    const c = buildChainGraph(ws, { namespace: 'team-c' });
    assert.deepEqual(names(c), ['team-a/gamma']);
    // No token is drawn, so missing-token-volume (a `token` link rule) stays on the workload's node.
    assert.deepEqual(c.sets[0]!.nodes.filter((n) => n.kind === 'workload').map((n) => `${n.id} ${n.state} ${n.findings.map((f) => f.ruleId).join(',')}`), ['workload:team-c/Deployment/stray error region-env,missing-token-volume']);
    assert.deepEqual(c.sets[0]!.edges.filter((e) => e.link === 'secretMount').map((e) => `${e.label} ${e.state} ${e.findings.map((f) => f.ruleId).join(',')}`), ['gamma error namespace-mismatch']);
    assert.deepEqual(names(buildChainGraph(ws, { namespace: 'nowhere' })), []);
  });

  it('set: by name or by id; uri: the sets holding a node of that file; query: any name, namespace, account or label', () => {
    assert.deepEqual(names(buildChainGraph(ws, { set: 'team-b/delta' })), ['team-b/delta']);
    assert.deepEqual(names(buildChainGraph(ws, { set: 'credentialsRequest:openshift-cloud-credential-operator/beta' })), ['team-a/beta']);
    assert.deepEqual(names(buildChainGraph(ws, { uri: uri('credrequests/b.yaml') })), ['team-b/delta', 'team-b/epsilon']);
    assert.deepEqual(names(buildChainGraph(ws, { uri: uri('deploy/c.yaml') })), ['team-a/gamma']);
    assert.deepEqual(names(buildChainGraph(ws, { query: 'EPSIL' })), ['team-b/epsilon']);
    assert.deepEqual(names(buildChainGraph(ws, { query: 'prod-team-a-be' })), ['team-a/beta'], 'the ccoctl role name');
    assert.deepEqual(names(buildChainGraph(ws, { namespace: 'team-a', query: 'delta' })), [], 'filters narrow together');
  });

  it('uri: a pod linked only as an IRSA pod of a namespace with one request finds that request\'s set', () => {
    const only = workspaceOf(
      [
        { uri: uri('credrequests/d.yaml'), text: crYaml('team-d', 'zeta') },
        // Mounts no Secret of the request and runs as another account: linked by "the only request of team-d".
        { uri: uri('deploy/d.yaml'), text: deploymentYaml('team-d', 'lone', 'other', 'unrelated') },
      ],
      { ccoctlName: 'prod' },
    );
    assert.deepEqual(names(buildChainGraph(only, { uri: uri('deploy/d.yaml') })), ['team-d/zeta']);
    assert.deepEqual(buildChainGraph(only).sets[0]!.nodes.map((n) => n.id), [
      'credentialsRequest:openshift-cloud-credential-operator/zeta',
      'ccoctlRole:prod-team-d-zeta',
      'secret:team-d/zeta',
      'serviceAccount:team-d/other',
      'workload:team-d/Deployment/lone',
    ]);
  });

  it(`draws at most MAX_GRAPH_SETS (${MAX_GRAPH_SETS}) sets and counts the rest`, () => {
    const many = Array.from({ length: MAX_GRAPH_SETS + 3 }, (_, i) => crYaml('bulk', `app-${String(i).padStart(3, '0')}`)).join('---\n');
    const big = workspaceOf([{ uri: 'file:///bulk/credrequests/all.yaml', text: many }], { ccoctlName: 'prod' });
    const g = buildChainGraph(big);
    assert.deepEqual({ sets: g.sets.length, totalSets: g.totalSets, truncated: g.truncated, last: g.sets.at(-1)!.name }, { sets: MAX_GRAPH_SETS, totalSets: MAX_GRAPH_SETS + 3, truncated: 3, last: 'bulk/app-199' });
    const one = buildChainGraph(big, { set: 'bulk/app-202' });
    assert.deepEqual({ sets: names(one), truncated: one.truncated }, { sets: ['bulk/app-202'], truncated: 0 });
  });
});

describe('chain graph: sets without a CredentialsRequest', () => {
  it('a trust policy naming no role, a pod set up for AWS alone, a pod identity webhook role (EKS), committed ccoctl output without its input: each makes a set', () => {
    const dir = path.join(GRAPH, 'without-credentials-request');
    const g = graphOf(dir);
    assert.deepEqual({ namespaces: g.namespaces, totalSets: g.totalSets, truncated: g.truncated }, { namespaces: ['audit', 'legacy', 'payments', 'reports'], totalSets: 4, truncated: 0 });
    assert.deepEqual(
      g.sets.map((s) => ({ id: s.id, name: s.name, namespace: s.namespace, state: s.state, lines: lines(s, dir) })),
      [
        {
          // A web identity trust policy that says of no role whose it is: named after its file, with the
          // pods its exact `:sub` admits.
          id: 'serviceAccount:audit/auditor',
          name: 'trust.json',
          namespace: 'audit',
          state: 'ok',
          lines: [
            'serviceAccount:audit/auditor | serviceAccount | auditor | ns=audit | acct=- | audit/cronjob.yaml:12:31 | ok | ',
            'workload:audit/CronJob/auditor | workload | auditor | ns=audit | acct=- | audit/cronjob.yaml:2:7 | ok | ',
            'token:audit/CronJob/auditor/aws-token | token | aws-token | ns=audit | acct=- | audit/cronjob.yaml:34:23 | ok | ',
            'webIdentityTrust:audit/trust.json | webIdentityTrust | trust.json | ns=- | acct=210987654321 | audit/trust.json:7:22 | ok | ',
            'serviceAccount:audit/auditor -> workload:audit/CronJob/auditor | serviceAccount | auditor | ok ok | ',
            'workload:audit/CronJob/auditor -> token:audit/CronJob/auditor/aws-token | token | sts.amazonaws.com | ok ok | ',
            'token:audit/CronJob/auditor/aws-token -> webIdentityTrust:audit/trust.json | webIdentity | system:serviceaccount:audit:auditor | ok ok | ',
          ],
        },
        {
          // A pod set up for AWS (AWS_CONFIG_FILE) whose Secret and request are not in the workspace.
          id: 'serviceAccount:legacy/ledger',
          name: 'ledger',
          namespace: 'legacy',
          state: 'ok',
          lines: [
            'serviceAccount:legacy/ledger | serviceAccount | ledger | ns=legacy | acct=- | legacy/deployment.yaml:15:27 | ok | ',
            'workload:legacy/Deployment/ledger | workload | ledger | ns=legacy | acct=- | legacy/deployment.yaml:2:7 | ok | ',
            'token:legacy/Deployment/ledger/bound-sa-token | token | bound-sa-token | ns=legacy | acct=- | legacy/deployment.yaml:39:19 | ok | ',
            'serviceAccount:legacy/ledger -> workload:legacy/Deployment/ledger | serviceAccount | ledger | ok ok | ',
            'workload:legacy/Deployment/ledger -> token:legacy/Deployment/ledger/bound-sa-token | token | openshift | ok ok | ',
          ],
        },
        {
          // Rooted at the role of the ServiceAccount's eks.amazonaws.com/role-arn; the webhook injects the
          // token (no projected volume in the manifest), so the account links to the trust policy itself.
          id: 'serviceAccount:payments/billing',
          name: 'billing-eks',
          namespace: 'payments',
          state: 'ok',
          lines: [
        'serviceAccount:payments/billing | serviceAccount | billing | ns=payments | acct=- | eks/serviceaccount.yaml:2:7 | ok | ',
        'workload:payments/Deployment/billing-api | workload | billing-api | ns=payments | acct=- | eks/deployment.yaml:2:7 | ok | ',
        'webIdentityTrust:billing-eks | webIdentityTrust | billing-eks | ns=- | acct=210987654321 | iam/billing-eks-trust-policy.json:7:22 | ok | ',
        'trustPolicy:ledger-writer | trustPolicy | ledger-writer | ns=- | acct=- | iam/ledger-writer-trust-policy.json:7:16 | ok | ',
        'destinationRole:ledger-writer | destinationRole | ledger-writer | ns=- | acct=- | iam/ledger-writer-trust-policy.json:1:1 | ok | ',
        'serviceAccount:payments/billing -> workload:payments/Deployment/billing-api | serviceAccount | billing | ok ok | ',
        'serviceAccount:payments/billing -> webIdentityTrust:billing-eks | webIdentity | system:serviceaccount:payments:billing | ok ok | ',
        'webIdentityTrust:billing-eks -> trustPolicy:ledger-writer | trustPrincipal | arn:aws:iam::210987654321:role/billing-eks | ok ok | ',
        'trustPolicy:ledger-writer -> destinationRole:ledger-writer | trustOf | ledger-writer | ok ok | ',
          ],
        },
        {
          // A ccoctl Secret no CredentialsRequest reaches: its role, the pods that mount it.
          id: 'ccoctlRole:prod-reports-reports-aws',
          name: 'prod-reports-reports-aws',
          namespace: 'reports',
          state: 'ok',
          lines: [
        'ccoctlRole:prod-reports-reports-aws | ccoctlRole | prod-reports-reports-aws | ns=- | acct=210987654321 | ccoctl-output/reports-reports-aws-credentials.yaml:11:16 | ok | ',
        'secret:reports/reports-aws | secret | reports-aws | ns=reports | acct=- | ccoctl-output/reports-reports-aws-credentials.yaml:2:7 | ok | ',
        'serviceAccount:reports/reports | serviceAccount | reports | ns=reports | acct=- | ccoctl-output/deployment.yaml:15:27 | ok | ',
        'workload:reports/Deployment/reports | workload | reports | ns=reports | acct=- | ccoctl-output/deployment.yaml:2:7 | ok | region-env',
        'token:reports/Deployment/reports/bound-sa-token | token | bound-sa-token | ns=reports | acct=- | ccoctl-output/deployment.yaml:37:19 | ok | ',
        'ccoctlRole:prod-reports-reports-aws -> secret:reports/reports-aws | roleArn | arn:aws:iam::210987654321:role/prod-reports-reports-aws | ok ok | ',
        'secret:reports/reports-aws -> workload:reports/Deployment/reports | secretMount | reports-aws | ok ok | ',
        'serviceAccount:reports/reports -> workload:reports/Deployment/reports | serviceAccount | reports | ok ok | ',
        'workload:reports/Deployment/reports -> token:reports/Deployment/reports/bound-sa-token | token | openshift | ok ok | ',
          ],
        },
      ],
    );
  });
});

describe('chain graph: every fixture workspace of the repository', () => {
  /** Folders that hold a workspace: those with an .irsa.yaml, a credrequests/ folder, or rule fixtures' good/bad. */
  function workspaces(dir: string, depth = 0): string[] {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const names = entries.map((e) => e.name);
    if (depth > 0 && (names.includes('.irsa.yaml') || names.includes('credrequests') || /\/(good|bad)$/.test(dir))) return [dir];
    if (depth > 4) return [];
    return entries.filter((e) => e.isDirectory()).flatMap((e) => workspaces(path.join(dir, e.name), depth + 1));
  }

  it('builds without throwing, with edges between nodes of their own set, unique ids, and filters that agree with filtering the whole picture', () => {
    const dirs = [...new Set([...workspaces(FIXTURES), ...fs.readdirSync(GRAPH).map((d) => path.join(GRAPH, d)), path.join(REPO_ROOT, 'examples', 'guide')])];
    assert.ok(dirs.length > 150, `found ${dirs.length} fixture workspaces`);
    let sets = 0;
    let links = 0;
    for (const dir of dirs) {
      const { documents, settings } = loadWorkspace(dir, undefined, { code: true });
      const ws = workspaceOf(documents, settings);
      const g = graphOfWs(ws);
      assert.equal(g.totalSets, g.sets.length + g.truncated, dir);
      assert.deepEqual(g.namespaces, [...new Set(g.namespaces)].sort(), dir);
      assert.equal(new Set(g.sets.map((s) => s.id)).size, g.sets.length, `${dir}: set ids`);
      for (const s of g.sets) {
        const ids = new Set(s.nodes.map((n) => n.id));
        assert.equal(ids.size, s.nodes.length, `${dir} ${s.id}: node ids`);
        assert.ok(s.id === s.nodes[0]!.id || s.id.startsWith(`${s.nodes[0]!.id}~`), `${dir} ${s.id}: the first node's id`);
        for (const e of s.edges) {
          assert.ok(ids.has(e.from) && ids.has(e.to), `${dir} ${s.id}: ${e.from} -> ${e.to}`);
          assert.equal(e.ok, e.state === 'ok');
          assert.equal(e.state, e.findings.some((f) => f.severity === 'error') ? 'error' : e.findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok');
          for (const f of e.findings) assert.ok(linksOfRule(f.ruleId).includes(e.link), `${dir}: ${f.ruleId} on a ${e.link} edge`);
        }
        sets++;
        links += s.edges.length;
      }
      // The filters answer as filtering the whole picture would (they narrow before building: a shortcut must not lose a set).
      const ids = (x: ChainGraph): string[] => x.sets.map((s) => s.id);
      for (const uri of new Set(g.sets.flatMap((s) => s.nodes.map((n) => n.uri)))) {
        assert.deepEqual(ids(graphOfWs(ws, { uri })), ids({ ...g, sets: g.sets.filter((s) => s.nodes.some((n) => n.uri === uri)) }), `${dir}: uri ${uri}`);
      }
      // A namespace: at least the sets of that namespace, at most those with a node there (types.ts ChainGraphFilter.namespace).
      for (const namespace of new Set(g.sets.flatMap((s) => [s.namespace, ...s.nodes.map((n) => n.namespace)]).filter((n) => n !== undefined))) {
        const got = ids(graphOfWs(ws, { namespace }));
        const own = ids({ ...g, sets: g.sets.filter((s) => s.namespace === namespace) });
        const any = ids({ ...g, sets: g.sets.filter((s) => s.namespace === namespace || s.nodes.some((n) => n.namespace === namespace)) });
        assert.deepEqual(got.filter((id) => own.includes(id)), own, `${dir}: namespace ${namespace}: its own sets`);
        assert.deepEqual(got.filter((id) => !any.includes(id)), [], `${dir}: namespace ${namespace}: nothing else`);
      }
    }
    assert.ok(sets > 100 && links > 500, `${sets} sets, ${links} edges`);
  });
});

describe('chain graph: a request no pod uses yet (test/fixtures/ccoctl-dry-run)', () => {
  it('hangs the ccoctl role\'s own trust policy (`ccoctl --dry-run` output) from the role, its finding on the node', () => {
    const dir = path.join(FIXTURES, 'ccoctl-dry-run');
    const g = graphOf(dir);
    assert.equal(g.sets.length, 1);
    // The Secret is the one ccoctl will write: drawn at the request's secretRef.
    assert.deepEqual(lines(g.sets[0]!, dir), [
      'credentialsRequest:openshift-cloud-credential-operator/dev-dynamodb-reader | credentialsRequest | dev-dynamodb-reader | ns=openshift-cloud-credential-operator | acct=- | credrequests/dev-dynamodb-reader.yaml:2:7 | ok | ',
      'ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader | ccoctlRole | my-namespace-creds-my-namespace-dev-dynamodb-reader | ns=- | acct=- | credrequests/dev-dynamodb-reader.yaml:17:11 | ok | ',
      'secret:my-namespace/dev-dynamodb-reader | secret | dev-dynamodb-reader | ns=my-namespace | acct=- | credrequests/dev-dynamodb-reader.yaml:17:5 | ok | ',
      'webIdentityTrust:my-namespace-creds-my-namespace-dev-dynamodb-reader | webIdentityTrust | my-namespace-creds-my-namespace-dev-dynamodb-reader | ns=- | acct=210987654321 | ccoctl-output/05-0-my-namespace-creds-my-namespace-dev-dynamodb-reader-role.json:1:135 | warning | oidc-principal-condition',
      'credentialsRequest:openshift-cloud-credential-operator/dev-dynamodb-reader -> secret:my-namespace/dev-dynamodb-reader | secretRef | my-namespace/dev-dynamodb-reader | ok ok | ',
      'credentialsRequest:openshift-cloud-credential-operator/dev-dynamodb-reader -> ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader | ccoctlRole | my-namespace-creds-my-namespace-dev-dynamodb-reader | ok ok | ',
      'webIdentityTrust:my-namespace-creds-my-namespace-dev-dynamodb-reader -> ccoctlRole:my-namespace-creds-my-namespace-dev-dynamodb-reader | trustOf | my-namespace-creds-my-namespace-dev-dynamodb-reader | ok ok | ',
    ]);
  });
});

describe('chain graph: the picture follows edits (one Workspace, as the language server holds it)', () => {
  for (const dir of ['secret-name', 'token-audience', 'trust-principal', 'pod-namespace']) {
    it(`${dir}: applying the finding's quick fix turns the broken link green, the picture equal to the clean set's`, () => {
      const root = path.join(GRAPH, dir);
      const { documents, settings } = loadWorkspace(root, undefined, { code: true });
      const ws = workspaceOf(documents, settings);
      const before = graphOfWs(ws).sets[0]!;
      const broken = before.edges.filter((e) => !e.ok);
      assert.equal(broken.length > 0, true, 'the copy starts broken');
      // The preferred fix of the broken edge's first finding, applied to the open documents and sent as an edit.
      const finding = ws.findings(broken[0]!.findings[0]!.uri).find((f) => f.ruleId === broken[0]!.findings[0]!.ruleId)!;
      const fix = finding.fixes?.find((f) => f.preferred) ?? finding.fixes?.[0];
      assert.ok(fix, `${finding.ruleId} offers a fix`);
      const { touched } = applyFix(documents, fix);
      for (const [uri, text] of touched) ws.update({ uri, text, version: 1 });
      const after = graphOfWs(ws).sets[0]!;
      assert.equal(after.state, 'ok');
      assert.deepEqual(lines(after, root), CLEAN);
    });
  }
});

describe('chain graph: odd input', () => {
  it('a role name with RegExp metacharacters (from .irsa.yaml) and a malformed %-escape in a URI do not throw', () => {
    const uri = (p: string): string => `file:///odd/${p}`;
    const ws = workspaceOf(
      [
        // Unnamed (no metadata.name): its node is named after the file, whose URI holds a malformed escape.
        { uri: uri('credrequests/h%E0%A4%A.yaml'), text: crYaml('team-h', 'h').replace('  name: h\n', '') },
        { uri: uri('iam/t.json'), text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:role/prod-team-h-h"}, "Action": "sts:AssumeRole"}]}' },
        { uri: uri('services/x.py'), text: 'import boto3\n\nboto3.client("sts").assume_role(RoleArn="arn:aws:iam::345678901234:role/other", RoleSessionName="x")\n' },
      ],
      { ccoctlName: 'prod', trustPolicies: { 'iam/t.json': 'weird(role[*' } },
    );
    const g = buildChainGraph(ws);
    assert.deepEqual(
      g.sets.map((s) => [s.name, s.nodes.map((n) => `${n.kind} ${n.name}`)]),
      [['team-h/h', ['credentialsRequest h%E0%A4%A.yaml', 'ccoctlRole prod-team-h-h', 'secret h', 'trustPolicy weird(role[*', 'destinationRole weird(role[*']]],
    );
  });
});

describe('chain graph: fuzzed workspaces (test/fuzz generators: mutated fixtures)', () => {
  it('builds on 1,000 mutated workspaces and after each of their edits, with every filter, never throwing, edges between nodes of their set', { timeout: 120_000 }, () => {
    const groups = loadSeedGroups();
    let sets = 0;
    fc.assert(
      fc.property(caseArb(groups, 40), (c) => {
        const uriOf = (p: string): string => `file:///fuzz/${p}`;
        const ws = new Workspace(c.settings);
        const paths = c.files.map((f) => f.path);
        for (const f of c.files) ws.update({ uri: uriOf(f.path), text: f.text, version: 0 });
        const check = (): void => {
          const g = buildChainGraph(ws);
          sets += g.sets.length;
          for (const s of g.sets) {
            const ids = new Set(s.nodes.map((n) => n.id));
            assert.equal(ids.size, s.nodes.length);
            for (const e of s.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${c.group}: ${e.from} -> ${e.to}`);
          }
          for (const uri of ws.uris()) buildChainGraph(ws, { uri });
          for (const namespace of g.namespaces) buildChainGraph(ws, { namespace, query: 'a' });
        };
        check();
        for (const s of c.steps) {
          const path = paths[s.file];
          if (path === undefined) continue;
          if (s.text === undefined) ws.remove(uriOf(path));
          else ws.update({ uri: uriOf(path), text: s.text, version: 1 });
          check();
        }
      }),
      { seed: 20261216, numRuns: 1000 },
    );
    assert.ok(sets > 1000, `${sets} sets drawn`);
  });
});
