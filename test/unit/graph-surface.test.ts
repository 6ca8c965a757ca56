/**
 * (issue #16) The glue around the chain graph, on hand-made graphs: the language server's merge of
 * several folders' graphs (lsp/chainGraph.ts mergeGraphs), and `irsa-lint graph`'s stderr warnings
 * (cli/graph.ts runGraph with a given builder: truncated sets, a Mermaid text past what GitHub draws).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/args';
import { MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, runGraph } from '../../server/src/cli/graph';
import type { ChainGraph, ChainSet } from '../../server/src/engine/graph/types';
import { MAX_GRAPH_SETS } from '../../server/src/engine/graph/types';
import { mergeGraphs } from '../../server/src/lsp/chainGraph';
import { REPO_ROOT } from '../helpers/fixtures';

function set(namespace: string | undefined, name: string, edges = 0): ChainSet {
  const id = `credentialsRequest:${namespace ?? ''}/${name}`;
  const nodes = [
    { id, kind: 'credentialsRequest' as const, name, ...(namespace !== undefined ? { namespace } : {}), uri: `file:///w/${name}.yaml`, line: 0, character: 0, state: 'ok' as const, findings: [] },
    { id: `secret:${name}`, kind: 'secret' as const, name, uri: `file:///w/${name}.yaml`, line: 9, character: 0, state: 'ok' as const, findings: [] },
  ];
  const e = Array.from({ length: edges }, () => ({ from: nodes[0]!.id, to: nodes[1]!.id, link: 'secretRef' as const, label: 'x'.repeat(40), ok: true, state: 'ok' as const, findings: [] }));
  return { id, name, ...(namespace !== undefined ? { namespace } : {}), state: 'ok', nodes, edges: e };
}

describe('lsp mergeGraphs: several folders in one picture', () => {
  it('sorts by namespace then name, unites namespaces, adds totals and what each folder left out', () => {
    const a: ChainGraph = { sets: [set('shop', 'orders'), set(undefined, 'zeta')], namespaces: ['shop'], totalSets: 5, truncated: 1 };
    const b: ChainGraph = { sets: [set('billing', 'ledger'), set('shop', 'carts')], namespaces: ['billing', 'shop'], totalSets: 2, truncated: 0 };
    const m = mergeGraphs([a, b]);
    assert.deepEqual(
      m.sets.map((s) => `${s.namespace ?? '-'}/${s.name}`),
      ['-/zeta', 'billing/ledger', 'shop/carts', 'shop/orders'],
    );
    assert.deepEqual([m.namespaces, m.totalSets, m.truncated], [['billing', 'shop'], 7, 1]);
    // One folder: its graph as is.
    assert.equal(mergeGraphs([a]), a);
  });

  it('gives the same set of two folders two ids (the panel picks a set by id)', () => {
    const a: ChainGraph = { sets: [set('shop', 'orders')], namespaces: ['shop'], totalSets: 1, truncated: 0 };
    const b: ChainGraph = { sets: [set('shop', 'orders'), set('shop', 'carts')], namespaces: ['shop'], totalSets: 2, truncated: 0 };
    const c: ChainGraph = { sets: [set('shop', 'orders')], namespaces: ['shop'], totalSets: 1, truncated: 0 };
    assert.deepEqual(
      mergeGraphs([a, b, c]).sets.map((s) => [s.id, s.nodes[0]!.id]),
      [
        ['credentialsRequest:shop/carts', 'credentialsRequest:shop/carts'],
        ['credentialsRequest:shop/orders', 'credentialsRequest:shop/orders'],
        ['credentialsRequest:shop/orders#2', 'credentialsRequest:shop/orders'],
        ['credentialsRequest:shop/orders#3', 'credentialsRequest:shop/orders'],
      ],
    );
  });

  it('keeps at most MAX_GRAPH_SETS, counting the rest as truncated', () => {
    const many = (prefix: string, n: number): ChainGraph => ({ sets: Array.from({ length: n }, (_, i) => set('ns', `${prefix}${String(i).padStart(3, '0')}`)), namespaces: ['ns'], totalSets: n, truncated: 0 });
    const m = mergeGraphs([many('a', 150), many('b', 150)]);
    assert.equal(m.sets.length, MAX_GRAPH_SETS);
    assert.equal(m.truncated, 300 - MAX_GRAPH_SETS);
    assert.equal(m.sets[MAX_GRAPH_SETS - 1]!.name, `b${String(MAX_GRAPH_SETS - 151).padStart(3, '0')}`);
  });
});

describe('irsa-lint graph: warnings on stderr (runGraph with a given graph)', () => {
  async function run(graph: ChainGraph, args: string[]): Promise<{ code: number; out: string; err: string }> {
    const cmd = parseArgs(['graph', 'examples/fixed', ...args]);
    assert.equal(cmd.kind, 'graph');
    if (cmd.kind !== 'graph') throw new Error('unreachable');
    let out = '';
    let err = '';
    const code = await runGraph(cmd.options, { out: (s) => (out += s), err: (s) => (err += s), cwd: REPO_ROOT }, () => graph, () => Promise.reject(new Error('no code here')));
    return { code, out, err };
  }

  it('sets left out by the cap are counted, and how to narrow is said', async () => {
    const r = await run({ sets: [set('a', 'x')], namespaces: ['a'], totalSets: 205, truncated: 4 }, []);
    assert.equal(r.code, 0);
    assert.equal(r.err, 'irsa-lint: warning: 4 more sets not drawn (1 of 205): narrow with --namespace or --set\n');
    assert.match(r.out, /^flowchart LR\n {2}%% 4 more sets not drawn \(narrow with --namespace or --set\)\n/);
  });

  it(`a Mermaid text past ${MERMAID_MAX_TEXT} characters or ${MERMAID_MAX_EDGES} edges is printed, with a warning; DOT and JSON are not limited`, async () => {
    const big: ChainGraph = { sets: [set('a', 'x', MERMAID_MAX_EDGES + 1)], namespaces: ['a'], totalSets: 1, truncated: 0 };
    const r = await run(big, []);
    assert.equal(r.code, 0);
    assert.equal(r.err, `irsa-lint: warning: the Mermaid text has ${r.out.length} characters and ${MERMAID_MAX_EDGES + 1} edges; Mermaid with its default settings (as on GitHub) draws at most 50000 characters and 500 edges: narrow with --namespace or --set\n`);
    assert.equal((await run(big, ['-f', 'dot'])).err, '');
    const small = await run({ sets: [set('a', 'x', MERMAID_MAX_EDGES)], namespaces: ['a'], totalSets: 1, truncated: 0 }, []);
    assert.ok(small.out.length <= MERMAID_MAX_TEXT, String(small.out.length));
    assert.equal(small.err, '');
  });

  it('the filter reaches the builder as given', async () => {
    let seen: unknown;
    const cmd = parseArgs(['graph', path.join('examples', 'fixed'), '--namespace', 'shop', '--set', 'shop/x']);
    if (cmd.kind !== 'graph') throw new Error(cmd.kind);
    await runGraph(cmd.options, { out: () => undefined, err: () => undefined, cwd: REPO_ROOT }, (_ws, f) => ((seen = f), { sets: [], namespaces: [], totalSets: 0, truncated: 0 }), () => Promise.reject(new Error('x')));
    assert.deepEqual(seen, { namespace: 'shop', set: 'shop/x' });
  });
});
