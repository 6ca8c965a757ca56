/**
 * (issue #16) The credential chain as text: Mermaid (renders in GitHub Markdown, so a CI job can put
 * it in a pull request comment or a README), Graphviz DOT, and the JSON of `irsa-lint graph --format
 * json`. Pure functions of a {@link ChainGraph}: no file system, the caller says how a document URI is
 * shown (the CLI: the path relative to the working directory).
 *
 * Colours: green when no finding is on a node or edge, red for an error, amber for a warning — the
 * light-theme defaults of VS Code's `testing.iconPassed` (#388a34), `editorError.foreground` (#e51400)
 * and `editorWarning.foreground` (#bf8803) (microsoft/vscode src/vs/platform/theme/common/colors/
 * editorColors.ts and src/vs/workbench/contrib/testing/browser/theme.ts), which read on white and on
 * GitHub's dark background alike. {@link GRAPH_COLORS} is exported so the webview can use the same
 * values where it has no theme colour. A broken edge is also dashed and names its rules, so the state
 * does not rest on colour alone.
 */
import type { ChainGraph, ChainSet, GraphEdge, GraphNode, GraphNodeKind, GraphState } from './types';

/** Stroke/text colour per state (CSS hex). */
export const GRAPH_COLORS: Readonly<Record<GraphState, string>> = { ok: '#388a34', warning: '#bf8803', error: '#e51400' };

/** What a node kind is called in a label. */
export const NODE_KIND_TITLES: Readonly<Record<GraphNodeKind, string>> = {
  credentialsRequest: 'CredentialsRequest',
  ccoctlRole: 'ccoctl role',
  secret: 'Secret',
  serviceAccount: 'ServiceAccount',
  workload: 'workload',
  token: 'projected token',
  webIdentityTrust: 'web identity trust',
  trustPolicy: 'trust policy',
  destinationRole: 'destination role',
  code: 'code',
};

/** How the renderers show a node's document. */
export interface RenderOptions {
  /** Path shown for a document URI (default: the URI itself). */
  file?: (uri: string) => string;
}

/**
 * `--format json`: one node of a set. `file` as {@link RenderOptions.file} shows it, `line` 1-based.
 * Beyond the issue's keys (added after them, so a reader of the issue's shape is unaffected): `state`,
 * the worst finding on the node's own document that belongs to no edge, and `findings`, those rule ids
 * (each once), so a node drawn red or amber does not read as fine in JSON.
 */
export interface GraphJsonNode {
  id: string;
  kind: GraphNodeKind;
  name: string;
  namespace?: string;
  file: string;
  line: number;
  state: GraphState;
  findings: string[];
}

/**
 * `--format json`: one edge; `findings` are the rule ids reported on it, each once, in the graph's order.
 * `state` (beyond the issue's keys) tells a warning (amber) from an error (red) where `ok` is false.
 */
export interface GraphJsonEdge {
  from: string;
  to: string;
  link: string;
  ok: boolean;
  state: GraphState;
  findings: string[];
}

/**
 * `--format json`: the issue's shape, `{ sets: [ { nodes, edges } ] }`, then (beyond it) `totalSets`,
 * the workspace's sets before any filter, and `truncated`, the sets the filter kept but the picture
 * left out after MAX_GRAPH_SETS (graph/types.ts; 0 when none); the sets a filter left out are
 * `totalSets - sets.length - truncated`.
 */
export interface GraphJson {
  sets: { nodes: GraphJsonNode[]; edges: GraphJsonEdge[] }[];
  totalSets: number;
  truncated: number;
}

/** The JSON object of `irsa-lint graph --format json` (issue #16's shape; keys in its order). */
export function graphJson(graph: ChainGraph, options: RenderOptions = {}): GraphJson {
  const file = options.file ?? ((uri: string) => uri);
  // A node of a document without a name (application code, an unnamed policy) is identified by its URI:
  // shown as the file is, so the JSON is the same on every machine and names no runner's folders
  // (`code:services/orders-api/aws.py`, not `code:file:///home/runner/…`; found in review).
  const id = options.file ? (raw: string): string => raw.replace(/file:\/\/[^#]*/g, (uri) => file(uri)) : (raw: string): string => raw;
  return {
    sets: graph.sets.map((s) => ({
      nodes: s.nodes.map((n) => {
        // Key order is the issue's: id, kind, name, namespace (when known), file, line; then ours.
        const out: GraphJsonNode = { id: id(n.id), kind: n.kind, name: n.name, ...(n.namespace !== undefined ? { namespace: n.namespace } : {}), file: file(n.uri), line: n.line + 1, state: n.state, findings: [...new Set(n.findings.map((f) => f.ruleId))] };
        return out;
      }),
      edges: s.edges.map((e) => ({ from: id(e.from), to: id(e.to), link: e.link, ok: e.ok, state: edgeState(e), findings: ruleIds(e) })),
    })),
    totalSets: graph.totalSets,
    truncated: graph.truncated,
  };
}

/** {@link graphJson} as text: two-space indented, with a final newline. */
export function toJson(graph: ChainGraph, options: RenderOptions = {}): string {
  return JSON.stringify(graphJson(graph, options), null, 2) + '\n';
}

function ruleIds(e: GraphEdge): string[] {
  return [...new Set(e.findings.map((f) => f.ruleId))];
}

/** Control characters (a newline in a name) would end a Mermaid statement or a DOT line: one space each. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** Last path segment of a shown file (a label names the file, the JSON gives the path). */
function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 && i < file.length - 1 ? file.slice(i + 1) : file;
}

/** The lines of a node's label, as plain text (each renderer escapes them). */
function nodeLines(n: GraphNode, file: (uri: string) => string): string[] {
  const lines = [NODE_KIND_TITLES[n.kind], n.name === '' ? '(no name)' : n.name];
  if (n.namespace !== undefined) lines.push(`namespace: ${n.namespace === '' ? '(empty)' : n.namespace}`);
  if (n.account !== undefined) lines.push(`account: ${n.account}`);
  lines.push(`${baseName(file(n.uri))}:${n.line + 1}`);
  const rules = [...new Set(n.findings.map((f) => f.ruleId))];
  if (n.state !== 'ok' && rules.length) lines.push(`${n.state === 'error' ? '✗' : '⚠'} ${rules.join(', ')}`);
  return lines.map(oneLine);
}

/** The lines of an edge's label: the linking value (or the link's name), then the rules reported on it. */
function edgeLines(e: GraphEdge): string[] {
  const lines = [e.label === '' ? e.link : e.label];
  const rules = ruleIds(e);
  if ((!e.ok || e.state !== 'ok') && rules.length) lines.push(`${e.state === 'warning' ? '⚠' : '✗'} ${rules.join(', ')}`);
  return lines.map(oneLine);
}

/** An edge's colour state: `ok: false` with no severity recorded still draws red. */
function edgeState(e: GraphEdge): GraphState {
  return e.state === 'ok' && !e.ok ? 'error' : e.state;
}

function setTitle(s: ChainSet): string {
  return oneLine(s.name === '' ? s.id : s.name);
}

/** What an empty picture says (plain ASCII: safe in both formats unescaped). */
function emptyText(graph: ChainGraph): string {
  return graph.totalSets > 0 ? `No IRSA set matches the filter (${graph.totalSets} in the workspace)` : 'No IRSA set found';
}

const STATES: readonly GraphState[] = ['ok', 'warning', 'error'];

// ---------------------------------------------------------------------------------------------------
// Mermaid

/**
 * Text inside a Mermaid `"…"` label. Mermaid's flowchart grammar ends a string at the next `"` and has
 * no backslash escape; it decodes entity codes `#<decimal>;` (mermaid-js/mermaid docs/syntax/
 * flowchart.md "Entity codes to escape characters"), so `"` is `#34;`, and `#` itself `#35;` (else
 * a name like `a#quot;` would be decoded). `<`, `>` and `&` are encoded because labels are HTML
 * (a `<b>` in a name would be markup or be removed by the sanitizer); `` ` ``, `*`, `_` and `~` because
 * GitHub renders labels as Markdown (LoopKit/loopdocs#867: `*x*` turned italic) and `\\` with them (a Markdown escape);
 * `|` because it ends an edge label; `%`, `{` and `}` because Mermaid reads a `%%{init: …}%%` directive
 * anywhere in the text, labels included, so a file named `x %%{init: {'themeCSS': …}}%%.yaml` in a pull
 * request could repaint every red link of the picture green (found in review: mermaid 11's parser
 * returned that config). Checked with mermaid 11's parser (see test/unit/graph-render.test.ts).
 */
export function mermaidText(s: string): string {
  return oneLine(s).replace(/[#"<>&`*_~|\\%{}]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * Mermaid flowchart source (`flowchart LR`): one `subgraph` per set titled by the set's name, one node
 * per graph node (kind, name, namespace, account, file:line, the rules reported on it), one labelled
 * edge per link. Node ids are `s<set>n<node>` (a graph node id such as `secret:shop/x` is no Mermaid
 * id, and a node shared by two sets is drawn in each). Colours: `classDef ok|warning|error` and one
 * `linkStyle` per state (edge indexes count from 0 in order of definition, as Mermaid numbers them).
 * An empty graph draws one node saying so (an empty flowchart renders as nothing at all).
 */
export function toMermaid(graph: ChainGraph, options: RenderOptions = {}): string {
  const file = options.file ?? ((uri: string) => uri);
  const out: string[] = ['flowchart LR'];
  if (graph.truncated > 0) out.push(`  %% ${graph.truncated} more set${graph.truncated === 1 ? '' : 's'} not drawn (narrow with --namespace or --set)`);
  const classes: Record<GraphState, string[]> = { ok: [], warning: [], error: [] };
  const links: Record<GraphState, number[]> = { ok: [], warning: [], error: [] };
  const edgeLinesOut: string[] = [];
  let edgeIndex = 0;
  graph.sets.forEach((s, si) => {
    out.push(`  subgraph s${si} ["${mermaidText(setTitle(s))}"]`);
    const ids = new Map<string, string>();
    s.nodes.forEach((n, ni) => {
      const id = `s${si}n${ni}`;
      ids.set(n.id, id);
      out.push(`    ${id}["${nodeLines(n, file).map(mermaidText).join('<br/>')}"]`);
      classes[n.state].push(id);
    });
    out.push('  end');
    for (const e of s.edges) {
      const from = ids.get(e.from);
      const to = ids.get(e.to);
      // An edge whose end is not in the set is a model defect; drawing it would invent a node.
      if (from === undefined || to === undefined) continue;
      edgeLinesOut.push(`  ${from} -->|"${edgeLines(e).map(mermaidText).join('<br/>')}"| ${to}`);
      links[edgeState(e)].push(edgeIndex++);
    }
  });
  if (graph.sets.length === 0) out.push(`  empty["${emptyText(graph)}"]`);
  out.push(...edgeLinesOut);
  out.push(`  classDef ok stroke:${GRAPH_COLORS.ok},stroke-width:2px`);
  out.push(`  classDef warning stroke:${GRAPH_COLORS.warning},stroke-width:3px,stroke-dasharray:6 3`);
  out.push(`  classDef error stroke:${GRAPH_COLORS.error},stroke-width:3px,stroke-dasharray:6 3`);
  for (const st of STATES) if (classes[st].length) out.push(`  class ${classes[st].join(',')} ${st}`);
  for (const st of STATES) {
    if (!links[st].length) continue;
    const style = st === 'ok' ? `stroke:${GRAPH_COLORS.ok},stroke-width:2px,color:${GRAPH_COLORS.ok}` : `stroke:${GRAPH_COLORS[st]},stroke-width:3px,color:${GRAPH_COLORS[st]},stroke-dasharray:6 3`;
    out.push(`  linkStyle ${links[st].join(',')} ${style}`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// Graphviz DOT

/**
 * A DOT double-quoted string. In DOT the only escape of a quoted string is `\"` (graphviz.org/doc/
 * info/lang.html, "ID"); labels are then read as escString (graphviz.org/docs/attr-types/escString/),
 * where `\n`, `\l`, `\N`, `\G`, … are special and `\\` is a backslash: so `\` → `\\`, `"` → `\"`.
 * Line breaks are our own `\n`. Non-ASCII text is fine (DOT input is UTF-8 by default, attribute
 * `charset`).
 */
export function dotString(s: string): string {
  return dotLabel([s]);
}

/** A DOT quoted string of several lines, joined by escString's centred line break `\n`. */
function dotLabel(lines: readonly string[]): string {
  return `"${lines.map((l) => oneLine(l).replace(/[\\"]/g, (c) => `\\${c}`)).join('\\n')}"`;
}

/**
 * Graphviz DOT source: `digraph`, left to right, one `cluster_<n>` subgraph per set labelled with its
 * name (clusters are drawn boxed by `dot`), nodes `s<set>n<node>` with `color`/`fontcolor` of their
 * state, edges labelled with the linking value and coloured (dashed when broken).
 */
export function toDot(graph: ChainGraph, options: RenderOptions = {}): string {
  const file = options.file ?? ((uri: string) => uri);
  const out: string[] = ['digraph "IRSA credential chains" {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  if (graph.truncated > 0) out.push(`  // ${graph.truncated} more set${graph.truncated === 1 ? '' : 's'} not drawn (narrow with --namespace or --set)`);
  graph.sets.forEach((s, si) => {
    out.push(`  subgraph cluster_${si} {`, `    label=${dotString(setTitle(s))};`, `    color=${dotString(GRAPH_COLORS[s.state])};`);
    const ids = new Map<string, string>();
    s.nodes.forEach((n, ni) => {
      const id = `s${si}n${ni}`;
      ids.set(n.id, id);
      const c = dotString(GRAPH_COLORS[n.state]);
      const width = n.state === 'ok' ? '' : ', penwidth=2';
      out.push(`    ${id} [label=${dotLabel(nodeLines(n, file))}, color=${c}, fontcolor=${n.state === 'ok' ? '"black"' : c}${width}];`);
    });
    for (const e of s.edges) {
      const from = ids.get(e.from);
      const to = ids.get(e.to);
      if (from === undefined || to === undefined) continue;
      const st = edgeState(e);
      const c = dotString(GRAPH_COLORS[st]);
      const broken = st === 'ok' ? '' : ', style=dashed, penwidth=2';
      out.push(`    ${from} -> ${to} [label=${dotLabel(edgeLines(e))}, color=${c}, fontcolor=${c}${broken}];`);
    }
    out.push('  }');
  });
  if (graph.sets.length === 0) out.push(`  empty [label="${emptyText(graph)}", shape=plaintext];`);
  out.push('}');
  return out.join('\n') + '\n';
}
