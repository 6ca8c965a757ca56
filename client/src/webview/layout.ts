/**
 * (issue #16) Where the credential chain's boxes and arrows go: each set laid out on its own by dagre
 * (`@dagrejs/dagre`, MIT; ranks left to right in chain order), then the sets stacked top to bottom.
 * A set is ten-odd nodes, so one dagre run per set stays fast where one run over 200 sets would not
 * (dagre's ordering phase grows faster than linearly with the graph), and one set's layout does not move
 * when another set changes.
 *
 * Pure: no DOM, no dagre import (the caller hands dagre in, see {@link DagreApi}: the webview bundle
 * imports its ES module, the unit tests `require` its CommonJS build). Sizes are in SVG user units
 * (CSS pixels at zoom 1); text widths are estimated from character counts ({@link CHAR_WIDTH}) so the
 * layout is the same in every theme and in the tests, and is computed without measuring the DOM.
 */
import type { ChainSet, GraphEdge, GraphNode, GraphNodeKind } from '../../../server/src/engine';

/** The part of `@dagrejs/dagre` this module uses (its `graphlib.Graph` and `layout`). */
export interface DagreApi {
  graphlib: { Graph: new (options: { multigraph: boolean }) => DagreGraph };
  layout(g: DagreGraph): void;
}
/** dagre's graphlib Graph, reduced to what {@link layoutSet} calls (dagre/dist/types/lib/types.d.ts). */
export interface DagreGraph {
  setGraph(label: { rankdir: 'LR'; nodesep: number; ranksep: number; edgesep: number; marginx: number; marginy: number }): unknown;
  graph(): { width?: number; height?: number };
  setDefaultEdgeLabel(f: () => object): unknown;
  setNode(id: string, label: { width: number; height: number }): unknown;
  node(id: string): { x?: number; y?: number } | undefined;
  setEdge(e: { v: string; w: string; name: string }, label: { width: number; height: number; labelpos: 'c' }): unknown;
  edge(e: { v: string; w: string; name: string }): { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
}

/** Estimated width of one character at the node font (12px, proportional): user units. */
export const CHAR_WIDTH = 7;
/** Height of one text line in a node or an edge label: user units. */
export const LINE_HEIGHT = 16;
/** Padding inside a node box: user units. */
export const NODE_PADDING = 8;
/** Node boxes are at least this wide, and at most {@link NODE_MAX_WIDTH} (longer text is cut with `…`). */
export const NODE_MIN_WIDTH = 120;
export const NODE_MAX_WIDTH = 260;
/** Edge labels longer than this many characters are cut with `…` (the whole value is in the tooltip). */
export const EDGE_LABEL_MAX_CHARS = 40;
/** Height of a set's title line above its graph, and the vertical gap between two sets: user units. */
export const SET_TITLE_HEIGHT = 24;
export const SET_GAP = 32;

/** What the user reads for each kind (the words of the field: CredentialsRequest, ServiceAccount, …). */
export const KIND_LABELS: Record<GraphNodeKind, string> = {
  credentialsRequest: 'CredentialsRequest',
  ccoctlRole: 'ccoctl role',
  secret: 'Secret',
  serviceAccount: 'ServiceAccount',
  workload: 'Workload',
  token: 'Projected token',
  webIdentityTrust: 'Web identity trust',
  trustPolicy: 'Trust policy',
  destinationRole: 'Destination role',
  code: 'Application code',
};

/** A node placed: `x`, `y` of its top-left corner, box size; `lines`: the text lines drawn, in order. */
export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

/** An edge placed: the polyline dagre routed (from the source box's border to the target's) and its label's centre. */
export interface PlacedEdge {
  edge: GraphEdge;
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
  /** The label as drawn (`<link>: <value>`, cut to {@link EDGE_LABEL_MAX_CHARS}). */
  text: string;
}

/** One set laid out, in its own coordinates (its graph's top-left corner at 0,0). */
export interface SetLayout {
  set: ChainSet;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Edges left out because an end is not a node of the set (malformed input: drawn nowhere, never a crash). */
  dropped: number;
}

/** The sets stacked: each set's layout and the offset of its title line's top-left corner. */
export interface StackedLayout {
  width: number;
  height: number;
  sets: { layout: SetLayout; x: number; y: number }[];
}

/** `text` cut to at most `max` characters (code points), the last one `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The last path segment of a document URI (`file:///w/a%20b/cr.yaml` → `cr.yaml`), decoded when it can be. */
export function fileNameOf(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The text lines of a node box: kind, name, then namespace and account (when known), then the file name. */
export function nodeLines(n: GraphNode): string[] {
  // The box standing for the workloads {@link foldSet} left out says how to see them instead of a file.
  if (n.id === MORE_ID) return [KIND_LABELS[n.kind] ?? String(n.kind), n.name, MORE_HINT];
  const lines = [KIND_LABELS[n.kind] ?? String(n.kind), n.name];
  const where = [n.namespace !== undefined && n.namespace !== '' ? `ns ${n.namespace}` : '', n.account ? `account ${n.account}` : ''].filter(Boolean).join(' · ');
  if (where) lines.push(where);
  lines.push(fileNameOf(n.uri));
  const maxChars = Math.floor((NODE_MAX_WIDTH - 2 * NODE_PADDING) / CHAR_WIDTH);
  return lines.map((l) => truncate(l, maxChars));
}

/** The label drawn on an edge: `<link>: <value>` (just the link when the value is empty). */
export function edgeText(e: GraphEdge): string {
  return truncate(e.label ? `${e.link}: ${e.label}` : e.link, EDGE_LABEL_MAX_CHARS);
}

/**
 * Widths are rounded up to a multiple of this (user units), so that sets whose names differ by a few
 * characters have the same shape and share one dagre run ({@link LayoutCache}).
 */
export const WIDTH_STEP = 20;

/** Box size for lines of text: width from the longest line ({@link CHAR_WIDTH} per character) rounded up to {@link WIDTH_STEP}, clamped. */
export function boxSize(lines: readonly string[]): { width: number; height: number } {
  const longest = Math.max(0, ...lines.map((l) => [...l].length));
  const width = Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, Math.ceil((longest * CHAR_WIDTH + 2 * NODE_PADDING) / WIDTH_STEP) * WIDTH_STEP));
  return { width, height: lines.length * LINE_HEIGHT + 2 * NODE_PADDING };
}

/** Width dagre reserves for an edge label: 6.3 units a character (the label font is smaller), in steps of 4 characters. */
export function labelWidth(text: string): number {
  return Math.ceil([...text].length / 4) * 4 * 6.3;
}

/** The set's nodes, the first of each id (a duplicate id is malformed input: drawn once). */
function uniqueNodes(set: ChainSet): GraphNode[] {
  const seen = new Set<string>();
  return set.nodes.filter((n) => !seen.has(n.id) && seen.add(n.id));
}

/**
 * What a set's layout depends on, and nothing else: box sizes in node order, and each drawable edge's
 * ends (as node indexes) and label width. Two sets with the same key get the same coordinates; states,
 * findings, and names of the same rounded length do not change it.
 */
export function layoutKey(set: ChainSet): string {
  const nodes = uniqueNodes(set);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const sizes = nodes.map((n) => {
    const b = boxSize(nodeLines(n));
    return [b.width, b.height];
  });
  const edges = set.edges.filter((e) => index.has(e.from) && index.has(e.to)).map((e) => [index.get(e.from), index.get(e.to), labelWidth(edgeText(e))]);
  return JSON.stringify([sizes, edges]);
}

/**
 * Most workloads drawn in one set. dagre's layout grows faster than linearly with the set: a set of
 * 1,000 Deployments took ~22 s in the webview and froze the panel; 25 workloads with their tokens and
 * service accounts (~80-105 boxes) take ~0.1 s in Node.js on the 2-core test machine (layoutSet),
 * 200 take ~0.6-0.9 s. Past the limit, {@link foldSet} draws one box for the rest.
 */
export const MAX_WORKLOADS_PER_SET = 25;
/** Id of the box that stands for the workloads left out of a set (no engine id has this form: `<kind>:<key>`, and `more` is no kind). */
export const MORE_ID = 'more:workloads';
/** What the box of the workloads left out says besides how many. */
export const MORE_HINT = 'search or filter to draw them';

const RANK: Record<string, number> = { error: 2, warning: 1 };
function worse(a: GraphEdge['state'], b: GraphEdge['state']): GraphEdge['state'] {
  return (RANK[b] ?? 0) > (RANK[a] ?? 0) ? b : a;
}

/** What the panel shows besides the set, which {@link foldSet} keeps workloads for. */
export interface FoldOptions {
  /** The panel's search text: workloads it finds are kept first (as the server's search: case-insensitive substring). */
  query?: string;
  /** The panel's namespace filter: workloads in it are kept first too (a set is chosen for any node there). */
  namespace?: string;
  /**
   * The workload ids this set kept last time (the panel's previous picture): among pods the query and
   * the state rank alike, they stay, so an edit that fixes a pod does not swap the pods drawn.
   */
  kept?: ReadonlySet<string>;
}

/**
 * `set` with at most `max` workloads: past that, the workloads beyond the first `max` are replaced by
 * one box. Kept first: the workloads the panel's search or namespace filter finds (`opts`: the pod's
 * name, namespace, account, those of its tokens and service account, or the label of a link of the pod
 * or its tokens: what the server's search matches on a node), else every workload the same; then those
 * on a red, then amber, node or link; then those kept last time (`opts.kept`); then set order. The
 * workloads left out, their projected tokens and the service accounts only they run as become one box
 * ({@link MORE_ID}, named `+<n> more workload(s)`, with {@link MORE_HINT}); it carries the worst state
 * and every finding of what it replaces, and the edges between it and the boxes kept are merged, one
 * per pair of ends and link (worst state, all findings, the first label). Returns `set` itself when
 * nothing is left out. Pure.
 */
export function foldSet(set: ChainSet, max = MAX_WORKLOADS_PER_SET, opts: FoldOptions = {}): ChainSet {
  const workloads = set.nodes.filter((n) => n.kind === 'workload');
  if (workloads.length <= max) return set;
  const kind = new Map(set.nodes.map((n) => [n.id, n.kind]));
  // How broken a node and what hangs from it (its tokens) look: its own state and its links'.
  const state = new Map<string, GraphEdge['state']>(set.nodes.map((n) => [n.id, n.state]));
  const tokensOf = new Map<string, string[]>();
  for (const e of set.edges) {
    for (const id of [e.from, e.to]) state.set(id, worse(state.get(id) ?? 'ok', e.state));
    if (kind.get(e.from) === 'workload' && kind.get(e.to) === 'token') tokensOf.set(e.from, [...(tokensOf.get(e.from) ?? []), e.to]);
  }
  const badness = (id: string): number => Math.max(RANK[state.get(id) ?? 'ok'] ?? 0, ...(tokensOf.get(id) ?? []).map((t) => RANK[state.get(t) ?? 'ok'] ?? 0));
  const found = foundBy(set, opts, kind, tokensOf);
  const kept = opts.kept;
  const ranked = workloads
    .map((n, i) => ({ id: n.id, f: found(n.id) ? 1 : 0, b: badness(n.id), k: kept?.has(n.id) ? 1 : 0, i }))
    .sort((a, b) => b.f - a.f || b.b - a.b || b.k - a.k || a.i - b.i);
  const hidden = new Set(ranked.slice(max).map((w) => w.id));
  const count = hidden.size;
  // Tokens of hidden workloads only; accounts that only hidden workloads run as.
  const keptUse = new Set<string>();
  const hiddenUse = new Set<string>();
  for (const e of set.edges) {
    const w = kind.get(e.from) === 'workload' ? e.from : kind.get(e.to) === 'workload' ? e.to : undefined;
    const other = w === e.from ? e.to : e.from;
    if (w === undefined || (kind.get(other) !== 'token' && kind.get(other) !== 'serviceAccount')) continue;
    (hidden.has(w) ? hiddenUse : keptUse).add(other);
  }
  for (const id of hiddenUse) if (!keptUse.has(id)) hidden.add(id);
  const gone = set.nodes.filter((n) => hidden.has(n.id));
  const first = gone.find((n) => n.kind === 'workload')!;
  const more: GraphNode = {
    id: MORE_ID,
    kind: 'workload',
    name: `+${count} more workload${count === 1 ? '' : 's'}`,
    uri: first.uri,
    line: first.line,
    character: first.character,
    state: 'ok',
    findings: gone.flatMap((n) => n.findings),
  };
  const edges: GraphEdge[] = [];
  const merged = new Map<string, GraphEdge>();
  for (const e of set.edges) {
    const from = hidden.has(e.from) ? MORE_ID : e.from;
    const to = hidden.has(e.to) ? MORE_ID : e.to;
    if (from === e.from && to === e.to) {
      edges.push(e);
      continue;
    }
    if (from === to) {
      // Between two boxes left out (a workload and its token): its state and findings go to the box.
      more.state = worse(more.state, e.state);
      more.findings.push(...e.findings);
      continue;
    }
    const key = `${from}\u0000${to}\u0000${e.link}`;
    const m = merged.get(key);
    if (m) {
      m.state = worse(m.state, e.state);
      m.ok = m.ok && e.ok;
      m.findings.push(...e.findings);
    } else {
      const n: GraphEdge = { ...e, from, to, findings: [...e.findings] };
      merged.set(key, n);
      edges.push(n);
    }
  }
  for (const n of gone) more.state = worse(more.state, n.state);
  // The box goes where the first workload left out was, so chain order still reads left to right.
  const nodes: GraphNode[] = [];
  for (const n of set.nodes) {
    if (n === first) nodes.push(more);
    else if (!hidden.has(n.id)) nodes.push(n);
  }
  return { ...set, nodes, edges };
}

/**
 * Whether the panel's search and namespace filter find a workload (by id): the search text in the name,
 * namespace or account of the workload, its tokens or its service account, or in the label of a link
 * of the workload or its tokens (chain-graph.ts `matches` looks at the same fields of a set); without a
 * query or namespace, every workload is found alike.
 */
function foundBy(set: ChainSet, opts: FoldOptions, kind: Map<string, string>, tokensOf: Map<string, string[]>): (id: string) => boolean {
  const q = opts.query?.trim().toLowerCase();
  const ns = opts.namespace;
  if (!q && ns === undefined) return () => false;
  const byId = new Map(set.nodes.map((n) => [n.id, n]));
  const hay = new Map<string, string[]>();
  const add = (w: string, ...xs: (string | undefined)[]): void => {
    const h = hay.get(w) ?? [];
    for (const x of xs) if (x) h.push(x.toLowerCase());
    hay.set(w, h);
  };
  const owner = new Map<string, string>();
  for (const [w, ts] of tokensOf) for (const t of ts) owner.set(t, w);
  for (const e of set.edges) {
    for (const [id, other] of [[e.from, e.to], [e.to, e.from]] as const) {
      const w = kind.get(id) === 'workload' ? id : owner.get(id);
      if (w === undefined) continue;
      add(w, e.label);
      const o = byId.get(other);
      if (o && (o.kind === 'serviceAccount' || o.kind === 'token')) add(w, o.name, o.namespace, o.account);
    }
  }
  return (id) => {
    const n = byId.get(id);
    if (!n || (ns !== undefined && n.namespace !== ns)) return false;
    return !q || [n.name, n.namespace, n.account].some((x) => x?.toLowerCase().includes(q)) || (hay.get(id) ?? []).some((x) => x.includes(q));
  };
}

/** Coordinates are rounded to a tenth of a unit: stable text in the SVG, and nothing visible is lost. */
function r(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Lays out one set with dagre, left to right. Nodes keep the set's order (dagre breaks ties by
 * insertion order, so chain order reads left to right when the graph allows it). Edges whose `from`
 * or `to` is no node of the set are counted in `dropped` and not drawn. Duplicate node ids: the
 * first one is drawn.
 */
export function layoutSet(set: ChainSet, dagre: DagreApi): SetLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 56, edgesep: 16, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = new Map<string, { node: GraphNode; lines: string[]; width: number; height: number }>();
  for (const node of uniqueNodes(set)) {
    const lines = nodeLines(node);
    const size = boxSize(lines);
    nodes.set(node.id, { node, lines, ...size });
    g.setNode(node.id, size);
  }
  const edges: { edge: GraphEdge; key: { v: string; w: string; name: string }; text: string }[] = [];
  let dropped = 0;
  set.edges.forEach((edge, i) => {
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) {
      dropped++;
      return;
    }
    const text = edgeText(edge);
    const key = { v: edge.from, w: edge.to, name: String(i) };
    g.setEdge(key, { width: labelWidth(text), height: LINE_HEIGHT, labelpos: 'c' });
    edges.push({ edge, key, text });
  });
  if (nodes.size > 0) dagre.layout(g);
  const placed: PlacedNode[] = [...nodes.entries()].map(([id, n]) => {
    const c = g.node(id) ?? {};
    return { node: n.node, lines: n.lines, width: n.width, height: n.height, x: r((c.x ?? 0) - n.width / 2), y: r((c.y ?? 0) - n.height / 2) };
  });
  const placedEdges: PlacedEdge[] = edges.map(({ edge, key, text }) => {
    const l = g.edge(key) ?? {};
    const points = (l.points ?? []).map((p) => ({ x: r(p.x), y: r(p.y) }));
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { edge, text, points, labelX: r(l.x ?? mid.x), labelY: r(l.y ?? mid.y) };
  });
  const size = g.graph();
  return { set, width: r(nodes.size ? size.width ?? 0 : 0), height: r(nodes.size ? size.height ?? 0 : 0), nodes: placed, edges: placedEdges, dropped };
}

/** The title line drawn above a set: its name, namespace (when it has one) and its error and warning findings, e.g. `shop/orders-aws · ns shop · 2 errors`; `linked` when it has none. */
export function setTitle(set: ChainSet): string {
  // Findings, not boxes: one finding can colour an edge and be listed again on a node's document.
  const seen = new Set<string>();
  for (const f of [...set.nodes, ...set.edges].flatMap((x) => x.findings)) {
    if (f.severity === 'error' || f.severity === 'warning') seen.add(JSON.stringify([f.severity, f.ruleId, f.uri, f.line, f.character, f.message]));
  }
  const count = (severity: 'error' | 'warning'): number => [...seen].filter((k) => k.startsWith(`["${severity}"`)).length;
  const errors = count('error');
  const warnings = count('warning');
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const state = errors || warnings ? [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ') : 'linked';
  return [set.name, set.namespace ? `ns ${set.namespace}` : '', state].filter(Boolean).join(' · ');
}

/**
 * Stacks laid-out sets top to bottom, left-aligned: each set takes its title line
 * ({@link SET_TITLE_HEIGHT}) then its graph, with {@link SET_GAP} between sets. The whole picture's
 * width is the widest set's (or set title's, at {@link CHAR_WIDTH} per character); its height the sum.
 * No sets: 0 × 0.
 */
export function stackSets(layouts: readonly SetLayout[]): StackedLayout {
  let y = 0;
  let width = 0;
  const sets = layouts.map((layout, i) => {
    if (i > 0) y += SET_GAP;
    const at = { layout, x: 0, y };
    y += SET_TITLE_HEIGHT + layout.height;
    width = Math.max(width, layout.width, [...setTitle(layout.set)].length * CHAR_WIDTH);
    return at;
  });
  return { width, height: y, sets };
}

/**
 * Layouts of the sets last drawn, by {@link layoutKey}: dagre takes a few milliseconds a set, and the
 * graph is sent again after every edit, so an update re-runs dagre only for sets whose shape changed;
 * sets of the same shape (a namespace of sets made from one template) share one run.
 * Holds the layouts of the latest round only ({@link LayoutCache.layout} calls between two
 * {@link LayoutCache.endRound} calls), so its size follows the picture's.
 */
export class LayoutCache {
  private previous = new Map<string, SetLayout>();
  private current = new Map<string, SetLayout>();
  /** dagre runs since the cache was made (for tests and the status line). */
  runs = 0;

  constructor(private readonly dagre: DagreApi) {}

  /** The layout of `set`: the cached coordinates with `set`'s own nodes and edges (states, findings), or a new dagre run. */
  layout(set: ChainSet): SetLayout {
    const key = layoutKey(set);
    const cached = this.current.get(key) ?? this.previous.get(key);
    let out: SetLayout;
    if (cached) {
      // Same key: node i and drawable edge i have the same size and ends as in the cached set, so they
      // take its coordinates; their text and state are this set's.
      const nodes = uniqueNodes(set);
      const ids = new Set(nodes.map((n) => n.id));
      const kept = set.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
      out = {
        set,
        width: cached.width,
        height: cached.height,
        dropped: set.edges.length - kept.length,
        nodes: cached.nodes.map((p, i) => ({ ...p, node: nodes[i]!, lines: nodeLines(nodes[i]!) })),
        edges: cached.edges.map((p, i) => ({ ...p, edge: kept[i]!, text: edgeText(kept[i]!) })),
      };
    } else {
      out = layoutSet(set, this.dagre);
      this.runs++;
    }
    this.current.set(key, out);
    return out;
  }

  /** Ends a round: the layouts not asked for since the last round are dropped. */
  endRound(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
