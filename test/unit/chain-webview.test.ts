/**
 * (issue #16) The credential chain webview's pure parts (client/src/webview): node text, dagre layout
 * of one set, stacking of sets, the SVG (golden test/fixtures/chain-webview/guide.svg, rewritten only
 * with UPDATE_GOLDENS=1), escaping of hostile names, the export stylesheet, the page's Content
 * Security Policy, and the checks on what the page posts to the extension.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ChainGraph, ChainSet, GraphEdge, GraphFinding, GraphNode } from '../../server/src/engine';
import { chainCsp, chainHtml } from '../../client/src/webview/html';
import {
  boxSize,
  CHAR_WIDTH,
  DagreApi,
  edgeText,
  fileNameOf,
  foldSet,
  labelWidth,
  LayoutCache,
  layoutKey,
  layoutSet,
  MAX_WORKLOADS_PER_SET,
  MORE_ID,
  nodeLines,
  SET_GAP,
  SET_TITLE_HEIGHT,
  setTitle,
  stackSets,
  truncate,
} from '../../client/src/webview/layout';
import { parseFilter, parseFromWebview, urisOf } from '../../client/src/webview/messages';
import { buildSvg, escapeXml, exportCss } from '../../client/src/webview/svg';
import { FIXTURES, golden } from '../helpers/fixtures';

// dagre's CommonJS build (the webview bundles its ES module build; the layout code takes either).
const dagre = require('@dagrejs/dagre') as DagreApi;
const DIR = path.join(FIXTURES, 'chain-webview');
const guide = JSON.parse(fs.readFileSync(path.join(DIR, 'guide.json'), 'utf8')) as ChainGraph;

function node(id: string, kind: GraphNode['kind'], name: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, kind, name, uri: `file:///w/${name}.yaml`, line: 0, character: 0, state: 'ok', findings: [], ...extra };
}
function edge(from: string, to: string, link: GraphEdge['link'], label: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { from, to, link, label, ok: true, state: 'ok', findings: [], ...extra };
}
/** CredentialsRequest → Secret → workload, and one edge to a node that is not in the set. */
function chainOfThree(): ChainSet {
  return {
    id: 'a',
    name: 'shop/orders',
    namespace: 'shop',
    state: 'ok',
    nodes: [node('a', 'credentialsRequest', 'cr'), node('b', 'secret', 'sec'), node('c', 'workload', 'app')],
    edges: [edge('a', 'b', 'secretRef', 'ns/sec'), edge('b', 'c', 'secretMount', 'sec'), edge('b', 'missing', 'token', 'x')],
  };
}

describe('chain webview: node and edge text', () => {
  it('truncate cuts by code points and ends with …', () => {
    assert.equal(truncate('abcdef', 6), 'abcdef');
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
  });

  it('fileNameOf takes the decoded last path segment, without query or fragment', () => {
    assert.equal(fileNameOf('file:///w/a%20b/cr.yaml'), 'cr.yaml');
    assert.equal(fileNameOf('file:///w/dir/my%20file.json#x'), 'my file.json');
    assert.equal(fileNameOf('untitled:Untitled-1'), 'untitled:Untitled-1');
    assert.equal(fileNameOf('file:///w/bad%E0%A4%A.yaml'), 'bad%E0%A4%A.yaml');
  });

  it('a node shows kind, name, namespace and account, file name; an edge `<link>: <value>`', () => {
    assert.deepEqual(nodeLines(node('x', 'ccoctlRole', 'guide-shop-orders', { namespace: 'shop', account: '111122223333' })), [
      'ccoctl role',
      'guide-shop-orders',
      'ns shop · account 111122223333',
      'guide-shop-orders.yaml',
    ]);
    assert.deepEqual(nodeLines(node('x', 'secret', 'orders', { namespace: '' })), ['Secret', 'orders', 'orders.yaml']);
    assert.equal(edgeText(edge('a', 'b', 'token', 'openshift')), 'token: openshift');
    assert.equal(edgeText(edge('a', 'b', 'trustOf', '')), 'trustOf');
    assert.equal(edgeText(edge('a', 'b', 'roleArn', 'arn:aws:iam::111122223333:role/a-very-long-role-name')), 'roleArn: arn:aws:iam::111122223333:role…');
  });

  it('boxes: 7 units a character plus padding rounded up to 20, between 120 and 260 wide, 16 a line plus padding high', () => {
    assert.deepEqual(boxSize(['CredentialsRequest', 'x']), { width: 160, height: 2 * 16 + 16 });
    assert.deepEqual(boxSize(['CredentialsReq']), { width: 120, height: 32 });
    assert.deepEqual(boxSize(['CredentialsRequ']), { width: 140, height: 32 });
    assert.equal(labelWidth('abcde'), 8 * 6.3);
    assert.deepEqual(boxSize(['a']), { width: 120, height: 32 });
    assert.deepEqual(boxSize(['a'.repeat(100)]), { width: 260, height: 32 });
  });

  it('set titles count error and warning findings once each', () => {
    assert.equal(setTitle(guide.sets[0]!), 'my-namespace/dev-dynamodb-reader · ns my-namespace · 2 errors, 1 warning');
    assert.equal(setTitle(chainOfThree()), 'shop/orders · ns shop · linked');
  });
});

describe('chain webview: layout', () => {
  it('lays one set out left to right in chain order, each edge from box border to box border; edges to unknown nodes dropped', () => {
    const l = layoutSet(chainOfThree(), dagre);
    assert.equal(l.dropped, 1);
    assert.deepEqual(
      l.nodes.map((n) => [n.node.id, n.x, n.y, n.width, n.height]),
      [
        ['a', 0, 0, 160, 64],
        ['b', 342, 0, 120, 64],
        ['c', 618.8, 0, 120, 64],
      ],
    );
    assert.deepEqual(
      l.edges.map((e) => [e.text, e.points, e.labelX, e.labelY]),
      [
        ['secretRef: ns/sec', [{ x: 160, y: 32 }, { x: 251, y: 32 }, { x: 342, y: 32 }], 251, 32],
        ['secretMount: sec', [{ x: 462, y: 32 }, { x: 540.4, y: 32 }, { x: 618.8, y: 32 }], 540.4, 32],
      ],
    );
    assert.deepEqual([l.width, l.height], [738.8, 64]);
  });

  it('an empty set and a set of duplicate ids do not crash', () => {
    const empty = layoutSet({ id: 'e', name: 'e', state: 'ok', nodes: [], edges: [edge('a', 'b', 'token', 'x')] }, dagre);
    assert.deepEqual([empty.width, empty.height, empty.nodes.length, empty.dropped], [0, 0, 0, 1]);
    const dup = layoutSet({ id: 'd', name: 'd', state: 'ok', nodes: [node('a', 'secret', 's1'), node('a', 'secret', 's2')], edges: [] }, dagre);
    assert.deepEqual(dup.nodes.map((n) => n.node.name), ['s1']);
  });

  it('stacks sets top to bottom: title line, graph, gap; as wide as the widest set or title', () => {
    const one = layoutSet(chainOfThree(), dagre);
    const two = layoutSet(guide.sets[0]!, dagre);
    const s = stackSets([one, two]);
    assert.deepEqual(
      s.sets.map((x) => [x.x, x.y]),
      [
        [0, 0],
        [0, SET_TITLE_HEIGHT + 64 + SET_GAP],
      ],
    );
    assert.equal(s.height, SET_TITLE_HEIGHT + 64 + SET_GAP + SET_TITLE_HEIGHT + two.height);
    assert.equal(s.width, Math.max(one.width, two.width));
    const narrow = stackSets([layoutSet({ id: 'n', name: 'a-long-set-name-'.repeat(10), state: 'ok', nodes: [node('a', 'secret', 's')], edges: [] }, dagre)]);
    assert.equal(narrow.width, (160 + ' · linked'.length) * CHAR_WIDTH);
    assert.deepEqual(stackSets([]), { width: 0, height: 0, sets: [] });
  });
});

/**
 * A request, its Secret, an account `orders` that every pod but w0 runs as (w0 runs as `solo`), five
 * pods w0…w4 with a token each, and the trust policy. Broken: w3's secretMount (error), w2's token
 * (error), t1's web identity (warning); w4 has a warning of its own and on its token.
 */
function podsSet(count = 5): ChainSet {
  const f = (ruleId: string, severity: 'error' | 'warning'): GraphFinding => ({ ruleId, severity, message: ruleId, uri: 'file:///w/x.yaml', line: 0, character: 0 });
  const bad = (rule: string, severity: 'error' | 'warning'): Partial<GraphEdge> => ({ ok: false, state: severity, findings: [f(rule, severity)] });
  const nodes = [node('cr', 'credentialsRequest', 'cr'), node('sec', 'secret', 'sec'), node('sa', 'serviceAccount', 'orders'), node('sa0', 'serviceAccount', 'solo')];
  const edges = [edge('cr', 'sec', 'secretRef', 'shop/sec'), edge('cr', 'sa', 'serviceAccount', 'orders'), edge('cr', 'sa0', 'serviceAccount', 'solo')];
  const tokens: GraphNode[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push(node(`w${i}`, 'workload', `app-${i}`, i === 4 ? { state: 'warning', findings: [f('region-env', 'warning')] } : {}));
    tokens.push(node(`t${i}`, 'token', `token-${i}`));
    edges.push(
      edge('sec', `w${i}`, 'secretMount', 'sec', i === 3 ? bad('secret-name-mismatch', 'error') : {}),
      edge(i === 0 ? 'sa0' : 'sa', `w${i}`, 'serviceAccount', i === 0 ? 'solo' : 'orders'),
      edge(`w${i}`, `t${i}`, 'token', 'openshift', i === 2 ? bad('token-audience', 'error') : i === 4 ? bad('token-expiration', 'warning') : {}),
      edge(`t${i}`, 'trust', 'webIdentity', 'sub', i === 1 ? bad('trust-audience-mismatch', 'warning') : {}),
    );
  }
  return { id: 'cr', name: 'shop/sec', namespace: 'shop', state: 'error', nodes: [...nodes, ...tokens, node('trust', 'webIdentityTrust', 'role')], edges };
}

describe('chain webview: a set of many workloads is folded (one dagre run over 1,000 pods froze the panel)', () => {
  const short = (s: ChainSet): string[] => [
    ...s.nodes.map((n) => `${n.id} ${n.name} ${n.state} ${n.findings.map((x) => x.ruleId).join(',')}`.trimEnd()),
    ...s.edges.map((e) => `${e.from}->${e.to} ${e.link} ${e.label} ${e.ok ? 'ok' : 'broken'} ${e.state} ${e.findings.map((x) => x.ruleId).join(',')}`.trimEnd()),
  ];

  it('keeps the broken pods first, then set order; the rest, their tokens and the accounts only they use are one box', () => {
    const set = podsSet();
    assert.equal(foldSet(set, 5), set, 'nothing left out: the set itself');
    const folded = foldSet(set, 3);
    assert.deepEqual(short(folded), [
      'cr cr ok',
      'sec sec ok',
      'sa orders ok',
      // In place of w0 (the first pod left out): w0 and w4 with their tokens, and `solo` (w0's account only).
      `${MORE_ID} +2 more workloads warning region-env,token-expiration`,
      'w1 app-1 ok',
      'w2 app-2 ok',
      'w3 app-3 ok',
      't1 token-1 ok',
      't2 token-2 ok',
      't3 token-3 ok',
      'trust role ok',
      'cr->sec secretRef shop/sec ok ok',
      'cr->sa serviceAccount orders ok ok',
      `cr->${MORE_ID} serviceAccount solo ok ok`,
      `sec->${MORE_ID} secretMount sec ok ok`,
      `${MORE_ID}->trust webIdentity sub ok ok`,
      'sec->w1 secretMount sec ok ok',
      'sa->w1 serviceAccount orders ok ok',
      'w1->t1 token openshift ok ok',
      't1->trust webIdentity sub broken warning trust-audience-mismatch',
      'sec->w2 secretMount sec ok ok',
      'sa->w2 serviceAccount orders ok ok',
      'w2->t2 token openshift broken error token-audience',
      't2->trust webIdentity sub ok ok',
      'sec->w3 secretMount sec broken error secret-name-mismatch',
      'sa->w3 serviceAccount orders ok ok',
      'w3->t3 token openshift ok ok',
      't3->trust webIdentity sub ok ok',
      `sa->${MORE_ID} serviceAccount orders ok ok`,
    ]);
    // The box says how many and how to see them; it opens the first pod it stands for.
    const more = folded.nodes.find((n) => n.id === MORE_ID)!;
    assert.deepEqual(nodeLines(more), ['Workload', '+2 more workloads', 'search or filter to draw them']);
    assert.equal(more.uri, 'file:///w/app-0.yaml');
    // The input is not changed.
    assert.equal(set.nodes.length, 15);
    assert.equal(set.edges.length, 23);
  });

  it(`1,000 pods: ${MAX_WORKLOADS_PER_SET} drawn with their tokens, the broken first; one box for the other 975, a broken link left out still red`, () => {
    const set = podsSet(1000);
    // 30 more pods whose web identity link is red: more broken pods than the limit.
    for (const e of set.edges) if (/^t1[0-2]\d$/.test(e.from) && Number(e.from.slice(1)) < 130) e.state = 'error';
    const folded = foldSet(set);
    const kinds = (k: GraphNode['kind']): number => folded.nodes.filter((n) => n.kind === k).length;
    assert.deepEqual([kinds('workload'), kinds('token'), kinds('serviceAccount'), folded.nodes.length, folded.edges.length], [MAX_WORKLOADS_PER_SET + 1, MAX_WORKLOADS_PER_SET, 1, 2 * MAX_WORKLOADS_PER_SET + 5, 4 * MAX_WORKLOADS_PER_SET + 6]);
    // Kept: the red pods (w2, w3, w100 …) before the amber (w1, w4) and the green, drawn in set order.
    const kept = ['w2', 'w3', ...Array.from({ length: MAX_WORKLOADS_PER_SET - 2 }, (_, i) => `w${100 + i}`)];
    assert.deepEqual(folded.nodes.filter((n) => n.kind === 'workload' && n.id !== MORE_ID).map((n) => n.id), kept);
    assert.equal(folded.nodes.find((n) => n.id === MORE_ID)!.name, '+975 more workloads');
    assert.deepEqual(folded.edges.filter((e) => e.from === MORE_ID || e.to === MORE_ID).map((e) => `${e.from}->${e.to} ${e.link} ${e.state}`), [
      `cr->${MORE_ID} serviceAccount ok`,
      `sec->${MORE_ID} secretMount ok`,
      // w123 … w129's red links, merged into one.
      `${MORE_ID}->trust webIdentity error`,
      `sa->${MORE_ID} serviceAccount ok`,
    ]);
    // What dagre is given is small enough to lay out at once (~0.1 s here; the 1,000 pods took ~22 s in the webview).
    const l = layoutSet(folded, dagre);
    assert.equal(l.nodes.length, folded.nodes.length);
  });
});

describe('chain webview: the search and namespace filter choose the pods a folded set draws', () => {
  // The reviewer's case: two clean pods of one set (shop/orders-aws), folded at 1. The server's search
  // returns the whole set, so foldSet itself must draw the pod searched for, else '+1 more workload'
  // could never be drawn.
  const twoPods = (): ChainSet => ({
    id: 'cr',
    name: 'shop/orders-aws',
    namespace: 'shop',
    state: 'ok',
    nodes: [
      node('sec', 'secret', 'orders-aws', { namespace: 'shop' }),
      node('sa', 'serviceAccount', 'orders', { namespace: 'shop' }),
      node('api', 'workload', 'orders-api', { namespace: 'shop' }),
      node('batch', 'workload', 'orders-batch', { namespace: 'shop' }),
      node('t-api', 'token', 'bound-sa-token', { namespace: 'shop' }),
      node('t-batch', 'token', 'bound-sa-token', { namespace: 'shop' }),
      node('trust', 'webIdentityTrust', 'prod-shop-orders-aws'),
    ],
    edges: [
      edge('sec', 'api', 'secretMount', 'orders-aws'),
      edge('sec', 'batch', 'secretMount', 'orders-aws'),
      edge('sa', 'api', 'serviceAccount', 'orders'),
      edge('sa', 'batch', 'serviceAccount', 'orders'),
      edge('api', 't-api', 'token', 'openshift'),
      edge('batch', 't-batch', 'token', 'openshift'),
      edge('t-api', 'trust', 'webIdentity', 'system:serviceaccount:shop:orders'),
      edge('t-batch', 'trust', 'webIdentity', 'system:serviceaccount:shop:orders'),
    ],
  });
  const drawn = (s: ChainSet): string[] => s.nodes.filter((n) => n.kind === 'workload').map((n) => n.name);

  it('two clean pods at 1: set order without a query; the pod searched for (any case) with one', () => {
    assert.deepEqual(drawn(foldSet(twoPods(), 1)), ['orders-api', '+1 more workload']);
    assert.deepEqual(drawn(foldSet(twoPods(), 1, { query: 'orders-batch' })), ['+1 more workload', 'orders-batch']);
    assert.deepEqual(drawn(foldSet(twoPods(), 1, { query: 'Orders-BATCH' })), ['+1 more workload', 'orders-batch']);
    // A query both pods match (their namespace, account, subject) leaves set order; one neither matches too.
    for (const query of ['shop', 'orders', 'system:serviceaccount:shop:orders', 'no-such-pod']) assert.deepEqual(drawn(foldSet(twoPods(), 1, { query })), ['orders-api', '+1 more workload'], query);
  });

  it('what the search finds of a pod: its name, its account, its token; found pods before the broken ones', () => {
    // podsSet: w2, w3 red, w1 (its web identity link), w4 amber, w0 runs as `solo`.
    const kept = (opts: Parameters<typeof foldSet>[2]): string[] => foldSet(podsSet(), 3, opts).nodes.filter((n) => n.kind === 'workload').map((n) => n.id);
    assert.deepEqual(kept({}), [MORE_ID, 'w1', 'w2', 'w3']);
    assert.deepEqual(kept({ query: 'app-0' }), ['w0', MORE_ID, 'w2', 'w3']);
    assert.deepEqual(kept({ query: 'solo' }), ['w0', MORE_ID, 'w2', 'w3']);
    assert.deepEqual(kept({ query: 'token-4' }), [MORE_ID, 'w2', 'w3', 'w4']);
    // The namespace filter: the pods in it (none here) first.
    assert.deepEqual(kept({ namespace: 'elsewhere' }), [MORE_ID, 'w1', 'w2', 'w3']);
  });

  it('the namespace filter draws the pods in it first', () => {
    const set = twoPods();
    set.nodes[3] = { ...set.nodes[3]!, namespace: 'shop-old' };
    assert.deepEqual(drawn(foldSet(set, 1, { namespace: 'shop-old' })), ['+1 more workload', 'orders-batch']);
    assert.deepEqual(drawn(foldSet(set, 1, { namespace: 'shop-old', query: 'orders-api' })), ['orders-api', '+1 more workload']);
  });

  it('stable while editing: the pods kept last time stay when their fix makes every pod alike; a search still comes first', () => {
    const clean = podsSet();
    for (const e of clean.edges) Object.assign(e, { ok: true, state: 'ok', findings: [] });
    for (const n of clean.nodes) Object.assign(n, { state: 'ok', findings: [] });
    const kept = (opts: Parameters<typeof foldSet>[2]): string[] => foldSet(clean, 3, opts).nodes.filter((n) => n.kind === 'workload').map((n) => n.id);
    assert.deepEqual(kept({}), ['w0', 'w1', 'w2', MORE_ID]);
    // w2, w3, w4 were drawn (broken) before the edit that fixed them: still drawn, not w0, w1.
    const before = new Set(['w2', 'w3', 'w4']);
    assert.deepEqual(kept({ kept: before }), [MORE_ID, 'w2', 'w3', 'w4']);
    assert.deepEqual(kept({ kept: before, query: 'app-0' }), ['w0', MORE_ID, 'w2', 'w3']);
    // A pod that breaks is drawn even so (the broken come before the kept).
    clean.edges.find((e) => e.from === 'sec' && e.to === 'w1')!.state = 'error';
    assert.deepEqual(kept({ kept: before }), [MORE_ID, 'w1', 'w2', 'w3']);
  });
});

describe('chain webview: layout cache (an edit re-runs dagre only for sets whose shape changed)', () => {
  it('a state-only change keeps the coordinates and takes the new nodes and edges; a new label or node is laid out again', () => {
    let dagreRuns = 0;
    const counting: DagreApi = { graphlib: dagre.graphlib, layout: (g) => (dagreRuns++, dagre.layout(g)) };
    const cache = new LayoutCache(counting);
    const first = cache.layout(chainOfThree());
    cache.endRound();
    const broken = chainOfThree();
    broken.edges[0] = edge('a', 'b', 'secretRef', 'ns/sec', { ok: false, state: 'error' });
    broken.nodes[1] = node('b', 'secret', 'sec', { state: 'error' });
    const again = cache.layout(broken);
    cache.endRound();
    assert.equal(dagreRuns, 1);
    assert.equal(cache.runs, 1);
    assert.deepEqual(again.nodes.map((p) => [p.x, p.y, p.node.state]), [[0, 0, 'ok'], [342, 0, 'error'], [618.8, 0, 'ok']]);
    assert.deepEqual(again.edges.map((p) => [p.points, p.edge.state]), [[first.edges[0]!.points, 'error'], [first.edges[1]!.points, 'ok']]);
    assert.equal(again.edges[0]!.edge, broken.edges[0]);
    assert.equal(again.set, broken);
    const renamed = chainOfThree();
    renamed.edges[1] = edge('b', 'c', 'secretMount', 'sec-renamed');
    cache.layout(renamed);
    assert.equal(dagreRuns, 2);
    assert.notEqual(layoutKey(renamed), layoutKey(chainOfThree()));
  });

  it('sets of the same shape share one dagre run, each with its own names', () => {
    let dagreRuns = 0;
    const cache = new LayoutCache({ graphlib: dagre.graphlib, layout: (g) => (dagreRuns++, dagre.layout(g)) });
    const other = chainOfThree();
    other.id = 'x';
    other.nodes = [node('x1', 'credentialsRequest', 'rc'), node('x2', 'secret', 'ces'), node('x3', 'workload', 'ppa')];
    other.edges = [edge('x1', 'x2', 'secretRef', 'sn/ces'), edge('x2', 'x3', 'secretMount', 'ces')];
    const [a, b] = [cache.layout(chainOfThree()), cache.layout(other)];
    assert.equal(dagreRuns, 1);
    assert.deepEqual(b.nodes.map((p) => [p.node.id, p.x, p.lines[1]]), [['x1', 0, 'rc'], ['x2', 342, 'ces'], ['x3', 618.8, 'ppa']]);
    assert.deepEqual(b.edges.map((p) => [p.edge.from, p.text, p.labelX]), [['x1', 'secretRef: sn/ces', a.edges[0]!.labelX], ['x2', 'secretMount: ces', a.edges[1]!.labelX]]);
    assert.deepEqual([a.dropped, b.dropped], [1, 0]);
  });

  it('keeps only the latest round', () => {
    let dagreRuns = 0;
    const cache = new LayoutCache({ graphlib: dagre.graphlib, layout: (g) => (dagreRuns++, dagre.layout(g)) });
    cache.layout(chainOfThree());
    cache.endRound();
    cache.layout(guide.sets[0]!);
    cache.endRound();
    cache.endRound();
    cache.layout(chainOfThree());
    assert.equal(dagreRuns, 3);
  });
});

describe('chain webview: SVG', () => {
  const stacked = stackSets(guide.sets.map((s) => layoutSet(s, dagre)));

  it('draws the guide fixture as the golden SVG', () => {
    const svg = buildSvg(stacked);
    assert.equal(svg, golden(path.join(DIR, 'guide.svg'), svg));
  });

  it('colours by state with classes, never inline styles; the broken link is red and dashed, with a mark', () => {
    const svg = buildSvg(stacked);
    assert.doesNotMatch(svg, /style=/);
    const red = [...svg.matchAll(/<g class="edge error"[^>]*data-ref="(e:\d+:\d+)"/g)].map((m) => m[1]);
    assert.deepEqual(red, ['e:0:3']);
    assert.match(svg, /<path d="[^"]+" marker-end="url\(#arrow-error\)"\/>/);
    assert.match(svg, />✗ trustPrincipal: arn:aws:iam::1111222233…<\/text>/);
    assert.deepEqual([...svg.matchAll(/<g class="node (\w+)"/g)].map((m) => m[1]), ['ok', 'ok', 'ok', 'warning', 'error', 'ok']);
  });

  it('tab order: every node then every edge of a set, each a button named by its title (the tooltip)', () => {
    const svg = buildSvg(stacked);
    const refs = [...svg.matchAll(/tabindex="0" role="button" data-ref="([^"]+)"><title>([^<]*)<\/title>/g)];
    assert.deepEqual(refs.map((m) => m[1]), ['n:0:0', 'n:0:1', 'n:0:2', 'n:0:3', 'n:0:4', 'n:0:5', 'e:0:0', 'e:0:1', 'e:0:2', 'e:0:3', 'e:0:4', 'e:0:5']);
    assert.equal(
      refs[3]![2],
      'Workload my-app (warning)\nnamespace: my-namespace\nfile: deployment.yaml:4\nwarning region-env: Container `my-container` uses AWS credentials but sets no region; the ccoctl profile has none.',
    );
  });

  it('escapes hostile names, labels and messages; no element or attribute comes from the data', () => {
    const hostile: ChainSet = {
      id: 's',
      name: '</text><script>alert(1)</script>',
      state: 'error',
      nodes: [
        node('a', 'trustPolicy', '"onmouseover="x" <b>&amp;', { account: "1'2", findings: [{ ruleId: 'r', severity: 'error', message: 'bad <img src=x onerror=alert(1)>\u0000\uD800', uri: 'file:///w/x.json', line: 0, character: 0 }], state: 'error' }),
        node('b', 'code', 'app.ts'),
      ],
      edges: [edge('a', 'b', 'sessionName', '<svg onload=alert(1)>')],
    };
    const svg = buildSvg(stackSets([layoutSet(hostile, dagre)]));
    assert.doesNotMatch(svg, /<script|<img|<b>|<svg onload|onmouseover="x"/);
    assert.match(svg, /&lt;\/text&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(svg, /&quot;onmouseover=&quot;x&quot; &lt;b&gt;&amp;amp;/);
    assert.match(svg, /error r: bad &lt;img src=x onerror=alert\(1\)&gt;\uFFFD\uFFFD/);
    assert.equal(escapeXml(`a&b<c>d"e'f\u0001\uFFFF😀\uDC00`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f\uFFFD\uFFFD😀\uFFFD');
  });

  it('unknown states are drawn as ok, never written as a class', () => {
    const odd = chainOfThree();
    (odd.nodes[0] as { state: string }).state = 'x" onclick="y';
    const svg = buildSvg(stackSets([layoutSet(odd, dagre)]));
    assert.doesNotMatch(svg, / onclick="/);
    assert.match(svg, /<g class="node ok" tabindex="0" role="button" data-ref="n:0:0"><title>CredentialsRequest cr \(x&quot; onclick=&quot;y\)\nfile: cr.yaml:1<\/title>/);
  });

  it('an exported SVG carries its own colours and is not interactive', () => {
    const css = exportCss({ background: '#1e1e1e', foreground: '#ccc', ok: '#89d185', warning: '#cca700', error: '#f14c4c}</style><script>', font: 'Segoe UI; x' });
    assert.equal(
      css,
      'svg{background:#1e1e1e;font-family:Segoe UI x;font-size:12px}text{fill:#ccc}.set-title{font-weight:bold}.node rect{fill:#1e1e1e;stroke-width:1.5}.node .name{font-weight:bold}' +
        '.edge path{fill:none;stroke-width:1.5}.label-bg{fill:#1e1e1e;opacity:.85}.edge.error path,.node.error rect{stroke-width:2.5}.edge.error path{stroke-dasharray:6 3}.edge.warning path{stroke-dasharray:2 3}' +
        '.node.ok rect,.edge.ok path{stroke:#89d185}.node.ok .mark,marker.ok path{fill:#89d185}.node.warning rect,.edge.warning path{stroke:#cca700}.node.warning .mark,marker.warning path{fill:#cca700}' +
        '.node.error rect,.edge.error path{stroke:#f14c4c/stylescript}.node.error .mark,marker.error path{fill:#f14c4c/stylescript}',
    );
    const svg = buildSvg(stacked, { interactive: false, css });
    assert.doesNotMatch(svg, /tabindex|data-ref|aria-label="(?!Credential chain)/);
    assert.ok(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="-16 -16 ${stacked.width + 32} ${stacked.height + 32}" width="${stacked.width + 32}" height="${stacked.height + 32}" role="group" aria-label="Credential chain: 1 set"><style>svg{background:#1e1e1e;`));
  });
});

describe('chain webview: page and messages', () => {
  it('the page has a strict CSP: nothing by default, scripts by nonce only, styles and images from the extension/blob only', () => {
    const html = chainHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'bm9uY2Uxbm9uY2Uybm9uYw==', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/chain.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/chain.css' });
    assert.equal(chainCsp('SRC', 'N'), "default-src 'none'; img-src blob:; style-src SRC; script-src 'nonce-N';");
    const csp = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]);
    assert.deepEqual(csp, ["default-src 'none'; img-src blob:; style-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-bm9uY2Uxbm9uY2Uybm9uYw==';".replace(/'/g, '&#39;')]);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, ['<script nonce="bm9uY2Uxbm9uY2Uybm9uYw==" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/chain.js">']);
    assert.match(html, /<script [^>]*><\/script>/, 'the script element has no inline code');
    assert.doesNotMatch(html, /style=|<style|\son[a-z]+=/);
    assert.ok(html.indexOf('http-equiv="Content-Security-Policy"') < html.indexOf('<link rel="stylesheet"'), 'the CSP comes before any resource');
  });

  it('escapes what goes into the page', () => {
    const html = chainHtml({ cspSource: 'x', nonce: '"><script>', scriptUri: 'a"b', styleUri: 'c' });
    assert.doesNotMatch(html, /"><script>/);
  });

  it('accepts only well-formed messages from the page, with exactly their fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'filter', filter: { namespace: 'shop', query: '', set: undefined, other: 'x' } }), { type: 'filter', filter: { namespace: 'shop' } });
    assert.equal(parseFromWebview({ type: 'filter', filter: { namespace: 3 } }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'open', uri: 'file:///w/a.yaml', line: 3, character: 0 }), { type: 'open', uri: 'file:///w/a.yaml', line: 3, character: 0 });
    assert.equal(parseFromWebview({ type: 'open', uri: 'file:///w/a.yaml', line: -1, character: 0 }), undefined);
    assert.equal(parseFromWebview({ type: 'open', uri: 'file:///w/a.yaml', line: 1.5, character: 0 }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'svg', data: '<svg/>' }), { type: 'export', format: 'svg', data: '<svg/>' });
    assert.equal(parseFromWebview({ type: 'export', format: 'png', data: '<svg/>' }), undefined);
    assert.equal(parseFromWebview({ type: 'export', format: 'svg', data: 'hello' }), undefined);
    assert.equal(parseFromWebview({ type: 'export', format: 'pdf', data: '<svg/>' }), undefined);
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'png', data: 'data:image/png;base64,AAAA' }), { type: 'export', format: 'png', data: 'data:image/png;base64,AAAA' });
    for (const bad of [null, 'ready', [], { type: 'exec' }, { type: 'open' }]) assert.equal(parseFromWebview(bad), undefined);
    assert.deepEqual(parseFilter({ uri: 'file:///w/a.yaml', set: 's' }), { set: 's', uri: 'file:///w/a.yaml' });
  });

  it('the page may open only documents of the graph it was sent', () => {
    assert.deepEqual([...urisOf(guide)].sort(), [
      'file:///w/guide/credrequests/assume-dev-dynamodb-reader.yaml',
      'file:///w/guide/deployment.yaml',
      'file:///w/guide/destination-account/dynamodb-reader-trust-policy.json',
      'file:///w/guide/outputs/manifests/my-namespace-dev-dynamodb-reader-credentials.yaml',
    ]);
  });
});
