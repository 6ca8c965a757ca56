/**
 * (issue #16) The credential chain as Mermaid, DOT and JSON (server/src/engine/graph/render.ts), from
 * hand-made graphs: a clean set, a set broken at two links (an error and a warning), hostile names
 * (quotes, brackets, `<`, `#quot;`, backslashes, a newline, unicode, an empty namespace and name) and
 * an empty graph. Golden files in test/fixtures/graph-goldens (UPDATE_GOLDENS=1 rewrites them; review
 * the diff). How the goldens were checked to render: see the commit message and
 * test/fixtures/graph-goldens/README.md.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dotString, graphJson, mermaidText, toDot, toJson, toMermaid } from '../../server/src/engine/graph/render';
import type { ChainGraph, ChainSet, GraphEdge, GraphFinding, GraphNode } from '../../server/src/engine/graph/types';
import { FIXTURES, golden } from '../helpers/fixtures';

const GOLDEN = path.join(FIXTURES, 'graph-goldens');
const ROOT = 'file:///work/repo/';
/** The CLI shows paths relative to the working directory; here, relative to ROOT. */
const file = (uri: string): string => (uri.startsWith(ROOT) ? uri.slice(ROOT.length) : uri);

function node(id: string, kind: GraphNode['kind'], name: string, rel: string, line: number, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, kind, name, uri: ROOT + rel, line, character: 0, state: 'ok', findings: [], ...extra };
}
function finding(ruleId: string, severity: GraphFinding['severity'], rel: string, line: number): GraphFinding {
  return { ruleId, severity, message: `${ruleId} message`, uri: ROOT + rel, line, character: 2 };
}
function edge(from: string, to: string, link: GraphEdge['link'], label: string, findings: GraphFinding[] = []): GraphEdge {
  const state = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
  return { from, to, link, label, ok: state === 'ok', state, findings };
}

/** A clean set: CredentialsRequest → ccoctl role → Secret → workload ← ServiceAccount. */
function cleanSet(): ChainSet {
  const cr = 'credrequests/orders-aws.yaml';
  const nodes = [
    node('credentialsRequest:openshift-cloud-credential-operator/orders-aws', 'credentialsRequest', 'orders-aws', cr, 0, { namespace: 'openshift-cloud-credential-operator' }),
    node('ccoctlRole:prod-shop-orders-aws', 'ccoctlRole', 'prod-shop-orders-aws', cr, 0, { account: '111122223333' }),
    node('secret:shop/orders-aws', 'secret', 'orders-aws', 'manifests/shop-orders-aws-credentials.yaml', 1, { namespace: 'shop' }),
    node('workload:shop/orders', 'workload', 'orders', 'k8s/deployment.yaml', 3, { namespace: 'shop' }),
    node('serviceAccount:shop/orders', 'serviceAccount', 'orders', 'k8s/sa.yaml', 1, { namespace: 'shop' }),
  ];
  const edges = [
    edge(nodes[0]!.id, nodes[1]!.id, 'ccoctlRole', 'prod-shop-orders-aws'),
    edge(nodes[0]!.id, nodes[2]!.id, 'secretRef', 'shop/orders-aws'),
    edge(nodes[2]!.id, nodes[3]!.id, 'secretMount', 'orders-aws'),
    edge(nodes[4]!.id, nodes[3]!.id, 'serviceAccount', 'orders'),
  ];
  return { id: nodes[0]!.id, name: 'shop/orders-aws', namespace: 'shop', state: 'ok', nodes, edges };
}

/** A set broken at the Secret (error, reported twice by one rule and once by another) and at the trust (warning). */
function brokenSet(): ChainSet {
  const cr = 'billing/cr.yaml';
  const sec = 'billing/secret.yaml';
  const trust = 'iam/billing-trust.json';
  const nodes = [
    node('credentialsRequest:openshift-cloud-credential-operator/billing', 'credentialsRequest', 'billing', cr, 2, { namespace: 'openshift-cloud-credential-operator' }),
    node('secret:billing/billing-aws', 'secret', 'billing-aws', sec, 4, {
      namespace: 'billing',
      state: 'error',
      findings: [finding('ccoctl-secret-invalid', 'error', sec, 7)],
    }),
    node('ccoctlRole:prod-billing-billing-aws', 'ccoctlRole', 'prod-billing-billing-aws', cr, 2, { account: '111122223333' }),
    node('trustPolicy:iam/billing-trust.json', 'trustPolicy', 'billing-trust.json', trust, 0, { account: '444455556666', state: 'warning' }),
    node('destinationRole:billing-reader', 'destinationRole', 'billing-reader', trust, 0, { account: '444455556666' }),
  ];
  const edges = [
    edge(nodes[0]!.id, nodes[1]!.id, 'secretRef', 'billing/billing-aws', [finding('secret-ref-mismatch', 'error', cr, 9), finding('secret-ref-mismatch', 'error', sec, 4), finding('namespace-mismatch', 'error', sec, 3)]),
    edge(nodes[0]!.id, nodes[2]!.id, 'ccoctlRole', 'prod-billing-billing-aws'),
    edge(nodes[2]!.id, nodes[3]!.id, 'trustPrincipal', 'arn:aws:iam::111122223333:role/prod-billing-billing-aws', [finding('trust-session-name', 'warning', trust, 12)]),
    edge(nodes[3]!.id, nodes[4]!.id, 'trustOf', ''),
  ];
  return { id: nodes[0]!.id, name: 'billing/billing-aws', namespace: 'billing', state: 'error', nodes, edges };
}

/** Names that would break a naive renderer. */
function hostileSet(): ChainSet {
  const f = 'weird dir/we"ird[1]<x>.yaml';
  const nodes = [
    node('credentialsRequest:/a"b', 'credentialsRequest', 'a"b [c] {d} (e) <script>alert(1)</script>', f, 0, { namespace: '' }),
    node('secret:x/#quot;', 'secret', '#quot; & #35; ; | `code` *star* _under_ ~tilde~', f, 10, { namespace: 'ns-ü' }),
    node('workload:x/back', 'workload', 'back\\slash\\', f, 20, { namespace: 'end' }),
    node('code:app.py', 'code', 'line\nbreak\ttab — 日本語 🚀', 'src/app.py', 41),
    node('serviceAccount:x/', 'serviceAccount', '', f, 5),
    // A Mermaid directive in a file name: mermaid reads `%%{init: …}%%` anywhere, labels included.
    node('secret:x/init', 'secret', 'init', "sa %%{init: {'themeCSS': '.flowchart-link{stroke:green !important}'}}%%.yaml", 7),
  ];
  const edges = [
    edge(nodes[0]!.id, nodes[1]!.id, 'secretRef', 'x/"quoted" |pipe| -->arrow'),
    edge(nodes[1]!.id, nodes[2]!.id, 'secretMount', '\\"', [finding('r"1', 'warning', f, 1)]),
    edge(nodes[2]!.id, nodes[3]!.id, 'sessionName', 'end'),
    edge(nodes[4]!.id, nodes[2]!.id, 'serviceAccount', 'subgraph end'),
    // Not drawn: its end is not a node of the set (a model defect must not invent a node).
    edge(nodes[0]!.id, 'nowhere', 'roleArn', 'x'),
  ];
  return { id: nodes[0]!.id, name: 'subgraph "end" <b>#quot;</b>', state: 'warning', nodes, edges };
}

function graph(sets: ChainSet[], truncated = 0): ChainGraph {
  return { sets, namespaces: [...new Set(sets.flatMap((s) => s.nodes.map((n) => n.namespace ?? '')))].sort(), totalSets: sets.length + truncated, truncated };
}

const CASES: [string, ChainGraph][] = [
  ['clean', graph([cleanSet()])],
  ['broken', graph([cleanSet(), brokenSet()])],
  ['hostile', graph([hostileSet()], 3)],
  ['empty', graph([])],
];

describe('graph render: golden Mermaid, DOT and JSON of hand-made graphs', () => {
  for (const [name, g] of CASES) {
    it(`${name}: Mermaid`, () => {
      const actual = toMermaid(g, { file });
      assert.equal(actual, golden(path.join(GOLDEN, `${name}.mmd`), actual) + '\n');
    });
    it(`${name}: DOT`, () => {
      const actual = toDot(g, { file });
      assert.equal(actual, golden(path.join(GOLDEN, `${name}.dot`), actual) + '\n');
    });
    it(`${name}: JSON`, () => {
      const actual = toJson(g, { file });
      assert.equal(actual, golden(path.join(GOLDEN, `${name}.json`), actual) + '\n');
    });
  }
});

describe('graph render: the details the goldens rely on', () => {
  it('JSON has the issue\'s keys in its order, then state and findings (and the sets left out); file relative, line 1-based; rule ids once each', () => {
    const j = graphJson(graph([brokenSet()], 2), { file });
    assert.deepEqual(Object.keys(j), ['sets', 'totalSets', 'truncated']);
    // The cap's count is in the JSON, as Mermaid's and DOT's comment and the CLI's stderr say it.
    assert.deepEqual({ totalSets: j.totalSets, truncated: j.truncated }, { totalSets: 3, truncated: 2 });
    assert.deepEqual(Object.keys(j.sets[0]!), ['nodes', 'edges']);
    assert.deepEqual(Object.keys(j.sets[0]!.nodes[0]!), ['id', 'kind', 'name', 'namespace', 'file', 'line', 'state', 'findings']);
    // A node without a namespace has no `namespace` key (not null, not "").
    assert.deepEqual(Object.keys(j.sets[0]!.nodes[2]!), ['id', 'kind', 'name', 'file', 'line', 'state', 'findings']);
    // A node with a finding of its own says so: its state and rule ids (each once).
    assert.deepEqual(j.sets[0]!.nodes[1], { id: 'secret:billing/billing-aws', kind: 'secret', name: 'billing-aws', namespace: 'billing', file: 'billing/secret.yaml', line: 5, state: 'error', findings: ['ccoctl-secret-invalid'] });
    assert.deepEqual(j.sets[0]!.edges[0], { from: 'credentialsRequest:openshift-cloud-credential-operator/billing', to: 'secret:billing/billing-aws', link: 'secretRef', ok: false, state: 'error', findings: ['secret-ref-mismatch', 'namespace-mismatch'] });
    assert.deepEqual(Object.keys(j.sets[0]!.edges[0]!), ['from', 'to', 'link', 'ok', 'state', 'findings']);
    assert.deepEqual(j.sets[0]!.edges[1]!.findings, []);
    // An empty namespace is kept as such (it is what the document says).
    assert.equal(graphJson(graph([hostileSet()]), { file }).sets[0]!.nodes[0]!.namespace, '');
  });

  it('Mermaid text: quotes, #, <, >, &, markdown, pipe, % and brace characters become entity codes; nothing else changes', () => {
    assert.equal(mermaidText('a"b#quot;<i>&`*_~|\\'), 'a#34;b#35;quot;#60;i#62;#38;#96;#42;#95;#126;#124;#92;');
    assert.equal(mermaidText('[x] {y} (z) ü 🚀 ;'), '[x] #123;y#125; (z) ü 🚀 ;');
    assert.equal(mermaidText('two\nlines\r\n'), 'two lines ');
  });

  it('DOT strings: backslash and quote escaped, control characters one space each run', () => {
    assert.equal(dotString('a"b\\'), '"a\\"b\\\\"');
    assert.equal(dotString('x\n\ty'), '"x y"');
    assert.equal(dotString('<b>ü</b>'), '"<b>ü</b>"');
  });

  it('Mermaid edge colours follow Mermaid\'s edge numbering, skipping an edge that is not drawn', () => {
    const m = toMermaid(graph([cleanSet(), brokenSet()]), { file });
    // Clean set: edges 0-3; broken set: 4 (error), 5 (ok), 6 (warning), 7 (ok).
    assert.match(m, /^ {2}linkStyle 0,1,2,3,5,7 stroke:#388a34,/m);
    assert.match(m, /^ {2}linkStyle 6 stroke:#bf8803,/m);
    assert.match(m, /^ {2}linkStyle 4 stroke:#e51400,/m);
    const h = toMermaid(graph([hostileSet()]), { file });
    assert.equal(h.split('\n').filter((l) => l.includes('-->|')).length, 4);
    // No directive can be smuggled in through a label: `%`, `{` and `}` are entity codes.
    assert.doesNotMatch(h, /[%{}]/);
    assert.match(h, /sa #37;#37;#123;init: #123;'themeCSS': '\.flowchart-link#123;stroke:green !important#125;'#125;#125;#37;#37;\.yaml/);
    assert.doesNotMatch(h, /nowhere/);
  });
});
