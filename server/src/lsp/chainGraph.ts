/**
 * `irsa/chainGraph` (issue #16): the credential chain graph of the workspace the server already holds
 * (engine buildChainGraph over each project's Workspace), so `IRSA: Show Credential Chain` loads
 * nothing again and sees unsaved text, `.irsa.yaml` and `irsa.*` settings as the diagnostics do.
 *
 * Files only link within their folder (one engine per workspace folder, projects.ts), so a graph
 * asked for a document (`uri`) comes from the project holding it; a graph of the whole workspace is
 * every project's sets merged.
 */
import { buildChainGraph, MAX_GRAPH_SETS } from '../engine';
import type { ChainGraph, ChainGraphFilter, ChainSet, GraphFinding } from '../engine';
import type { ChainGraphParams, ChainGraphResult } from '../../../shared/src/protocol';
import { canonicalUri } from './projects';
import type { Projects } from './projects';

/** Only the filter's known string fields (a client may send anything; an odd value narrows nothing). */
function cleanFilter(params: unknown): ChainGraphFilter {
  const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  const out: ChainGraphFilter = {};
  for (const k of ['namespace', 'set', 'uri', 'query'] as const) {
    const v = p[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges the graphs of several projects: sets sorted by namespace then name (as buildChainGraph sorts
 * one project's), at most {@link MAX_GRAPH_SETS} (the rest counted in `truncated`), namespaces united.
 * A set id is its first node's id, so two folders holding the same request (a cluster's folder per
 * environment) give two sets of one id: the later ones get `#2`, `#3`, … (the panel picks a set by
 * id; with one id for two sets, picking one drew both).
 */
export function mergeGraphs(graphs: readonly ChainGraph[]): ChainGraph {
  if (graphs.length === 1) return graphs[0]!;
  const sets = graphs.flatMap((g) => g.sets).sort((a, b) => compare(a.namespace ?? '', b.namespace ?? '') || compare(a.name, b.name) || compare(a.id, b.id));
  const matched = graphs.reduce((n, g) => n + g.sets.length + g.truncated, 0);
  const seen = new Map<string, number>();
  const kept = sets.slice(0, MAX_GRAPH_SETS).map((s) => {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    return n === 1 ? s : { ...s, id: `${s.id}#${n}` };
  });
  return {
    sets: kept,
    namespaces: [...new Set(graphs.flatMap((g) => g.namespaces))].sort(compare),
    totalSets: graphs.reduce((n, g) => n + g.totalSets, 0),
    truncated: matched - kept.length,
  };
}

/** Every URI of a graph (nodes and findings) in the client's spelling. */
function toClient(graph: ChainGraph, clientUri: (uri: string) => string): ChainGraph {
  const f = (x: GraphFinding): GraphFinding => ({ ...x, uri: clientUri(x.uri) });
  const set = (s: ChainSet): ChainSet => ({
    ...s,
    nodes: s.nodes.map((n) => ({ ...n, uri: clientUri(n.uri), findings: n.findings.map(f) })),
    edges: s.edges.map((e) => ({ ...e, findings: e.findings.map(f) })),
  });
  return { ...graph, sets: graph.sets.map(set) };
}

/**
 * The answer to `irsa/chainGraph`. `params.uri` may be in the client's spelling; the result's URIs
 * are in the client's spelling (`clientUri`). A `uri` no project holds gives the loose project's
 * (usually empty) graph, never an error.
 */
export function chainGraphOf(projects: Projects, params: ChainGraphParams | null | undefined, clientUri: (uri: string) => string): ChainGraphResult {
  const filter = cleanFilter(params);
  if (filter.uri !== undefined) {
    const uri = canonicalUri(filter.uri);
    const p = projects.holding(uri) ?? projects.forUri(uri);
    return toClient(buildChainGraph(p.engine, { ...filter, uri }), clientUri);
  }
  return toClient(mergeGraphs(projects.all().map((p) => buildChainGraph(p.engine, filter))), clientUri);
}
