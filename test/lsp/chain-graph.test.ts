/**
 * (issue #16) The credential chain over stdio: `irsa/chainGraph` answers the engine's graph of the
 * workspace the server holds (unsaved text included, URIs in the client's spelling, filtered by a
 * document), `irsa/chainGraphChanged` follows an edit once a client has asked for a graph (and never
 * before), and `textDocument/codeLens` puts "Show credential chain" on CredentialsRequests,
 * ServiceAccounts in a chain and trust policies. Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { buildChainGraph } from '../../server/src/engine/graph/chain-graph';
import type { ChainGraph } from '../../server/src/engine/graph/types';
import { Workspace } from '../../server/src/engine/workspace/workspace';
import { withDefaults } from '../../shared/src/scaffold/options';
import { renderScaffold } from '../../shared/src/scaffold/render';
import { loadWorkspace, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

interface Lens {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  command: { title: string; command: string; arguments: unknown[] };
}

const temps: string[] = [];
let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function guide(): string {
  const dir = copyToTemp(path.join(REPO_ROOT, 'examples', 'guide'), 'irsa-chain-');
  temps.push(dir);
  return dir;
}

/**
 * The same graph computed in this process from the files on disk (what `irsa-lint graph` prints),
 * with `edited` (URI → text) in place of the disk's text.
 */
function engineGraph(dir: string, edited: Record<string, string> = {}): ChainGraph {
  const { documents, settings } = loadWorkspace(dir);
  const ws = new Workspace(settings);
  for (const d of documents) ws.update(edited[d.uri] !== undefined ? { ...d, text: edited[d.uri]! } : d);
  return buildChainGraph(ws);
}

function graphChangedCount(c: LspTestClient): number {
  return c.notifications.filter((n) => n.method === 'irsa/chainGraphChanged').length;
}

describe('irsa/chainGraph (stdio)', () => {
  it('answers the engine\'s graph of the folder, filters by document, and sees unsaved text', async () => {
    const dir = guide();
    const c = (client = await LspTestClient.start({ folders: [dir] }));
    const graph = await c.request<ChainGraph>('irsa/chainGraph', {});
    assert.deepEqual(graph, engineGraph(dir));
    assert.deepEqual(
      graph.sets.map((s) => [s.name, s.state, s.nodes.map((n) => n.kind).join(' ')]),
      [['my-namespace/dev-dynamodb-reader', 'error', 'credentialsRequest ccoctlRole secret serviceAccount workload token trustPolicy destinationRole']],
    );
    assert.deepEqual([graph.totalSets, graph.truncated, graph.namespaces], [1, 0, ['my-namespace']]);
    // Null params are every set too.
    assert.deepEqual(await c.request<ChainGraph>('irsa/chainGraph', null), graph);

    // Filtered to a document: the set that holds it; a document of no set: none.
    const cr = uriOf(path.join(dir, 'credrequests', 'assume-dev-dynamodb-reader.yaml'));
    assert.deepEqual((await c.request<ChainGraph>('irsa/chainGraph', { uri: cr })).sets, graph.sets);
    const stray = uriOf(path.join(dir, 'stray.yaml'));
    c.open(stray, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    assert.deepEqual((await c.request<ChainGraph>('irsa/chainGraph', { uri: stray })).sets, []);
    assert.deepEqual((await c.request<ChainGraph>('irsa/chainGraph', { namespace: 'other' })).sets, []);
    // Odd params narrow nothing rather than fail.
    assert.deepEqual(await c.request<ChainGraph>('irsa/chainGraph', { namespace: 42, uri: null }), graph);

    // Unsaved text: the CredentialsRequest's secretRef renamed in the editor renames the set.
    const text = fs.readFileSync(path.join(dir, 'credrequests', 'assume-dev-dynamodb-reader.yaml'), 'utf8');
    assert.ok(text.includes('name: dev-dynamodb-reader'));
    c.open(cr, text.replace('name: dev-dynamodb-reader', 'name: dev-dynamodb-renamed'));
    const edited = await c.request<ChainGraph>('irsa/chainGraph', { uri: cr });
    assert.deepEqual(edited.sets.map((s) => s.name), ['my-namespace/dev-dynamodb-renamed']);
  });

  it('irsa/chainGraphChanged: none before a client asks for a graph; after, one follows an edit', async () => {
    const dir = guide();
    const c = (client = await LspTestClient.start({ folders: [dir] }));
    const cr = uriOf(path.join(dir, 'credrequests', 'assume-dev-dynamodb-reader.yaml'));
    const text = fs.readFileSync(path.join(dir, 'credrequests', 'assume-dev-dynamodb-reader.yaml'), 'utf8');
    // The scan publishes the guide's findings; an edit publishes again: no graph asked for, no notification.
    c.open(cr, text);
    await c.waitForPublish(cr);
    c.change(cr, text + '\n');
    await c.waitFor(() => c.notifications.some((n) => n.method === 'irsa/status') || undefined, 'irsa/status');
    await c.request('irsa/validateWorkspace');
    assert.equal(graphChangedCount(c), 0);

    await c.request<ChainGraph>('irsa/chainGraph', {});
    const before = graphChangedCount(c);
    const renamed = text.replace('name: dev-dynamodb-reader', 'name: dev-dynamodb-renamed');
    c.change(cr, renamed);
    await c.waitFor(() => (graphChangedCount(c) > before ? true : undefined), 'irsa/chainGraphChanged after the edit');
    const g = await c.request<ChainGraph>('irsa/chainGraph', {});
    // The graph of the edited text (the renamed request's set, and the ccoctl Secret it no longer reaches as a set of its own).
    assert.deepEqual(g, engineGraph(dir, { [cr]: renamed }));
    assert.deepEqual(g.sets.filter((s) => s.nodes[0]!.kind === 'credentialsRequest').map((s) => s.name), ['my-namespace/dev-dynamodb-renamed']);
    assert.equal(g.sets.length, 2);
  });
});

describe('textDocument/codeLens "Show credential chain" (stdio)', () => {
  it('is announced, and sits on the kind: line of a CredentialsRequest and a ServiceAccount in a chain, and on a trust policy', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-lens-')));
    temps.push(dir);
    const files = renderScaffold(
      withDefaults({
        namespace: 'team-a',
        serviceAccount: 'orders-reader',
        identityProviderArn: 'arn:aws:iam::210987654321:oidc-provider/oidc.example.net/cluster-a',
        destinationAccountId: '345678901234',
        ccoctlName: 'prod-cluster',
      }),
    );
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.content);
    }
    // A ServiceAccount no workload of a CredentialsRequest runs as, and a CredentialsRequest of another cloud: no lens.
    fs.writeFileSync(path.join(dir, 'manifests', 'other-sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: unrelated\n  namespace: team-a\n');
    fs.writeFileSync(
      path.join(dir, 'credrequests', 'gcp.yaml'),
      'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: gcp\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: GCPProviderSpec\n  secretRef:\n    name: gcp\n    namespace: team-a\n',
    );
    const c = (client = await LspTestClient.start({ folders: [dir] }));
    assert.deepEqual((c.initializeResult as { capabilities: { codeLensProvider?: unknown } }).capabilities.codeLensProvider, { resolveProvider: false });
    await c.request('irsa/validateWorkspace');

    const lenses = async (rel: string): Promise<[number, number, string, string, unknown[]][]> => {
      const uri = uriOf(path.join(dir, rel));
      const r = await c.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      return r.map((l) => [l.range.start.line, l.range.start.character, l.command.title, l.command.command, l.command.arguments]);
    };
    const lineOf = (rel: string, re: RegExp): number => fs.readFileSync(path.join(dir, rel), 'utf8').split('\n').findIndex((l) => re.test(l));
    const expect = (rel: string, line: number): [number, number, string, string, unknown[]][] => [[line, 0, 'Show credential chain', 'irsa.showCredentialChain', [{ uri: uriOf(path.join(dir, rel)) }]]];

    const cr = 'credrequests/orders-reader-aws.yaml';
    assert.deepEqual(await lenses(cr), expect(cr, lineOf(cr, /^kind: CredentialsRequest/)));
    const sa = 'manifests/orders-reader-serviceaccount.yaml';
    assert.deepEqual(await lenses(sa), expect(sa, lineOf(sa, /^kind: ServiceAccount/)));
    const trust = 'iam/orders-reader-trust-policy.json';
    assert.deepEqual(await lenses(trust), expect(trust, 0));
    // Not chain anchors: a workload, an identity policy, an unrelated ServiceAccount, another cloud's request.
    assert.deepEqual(await lenses('manifests/orders-reader-deployment.yaml'), []);
    assert.deepEqual(await lenses('iam/orders-reader-permissions-policy.json'), []);
    assert.deepEqual(await lenses('manifests/other-sa.yaml'), []);
    assert.deepEqual(await lenses('credrequests/gcp.yaml'), []);
    // The lens's document is in the graph it opens.
    const g = await c.request<ChainGraph>('irsa/chainGraph', { uri: uriOf(path.join(dir, sa)) });
    assert.deepEqual(g.sets.map((s) => s.name), ['team-a/orders-reader-aws']);
    assert.ok(g.sets[0]!.nodes.some((n) => n.kind === 'serviceAccount' && n.uri === uriOf(path.join(dir, sa))));
  });
});
