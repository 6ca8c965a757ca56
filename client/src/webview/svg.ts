/**
 * (issue #16) The credential chain as SVG text, from a {@link StackedLayout}. Pure (no DOM): the webview
 * puts the text into the page (interactive: focusable nodes and edges with `data-ref`), and the same
 * function, with the colours written out, makes the exported .svg (and the .png drawn from it).
 *
 * Every text from the workspace (names, labels, messages, URIs) goes through {@link escapeXml}: a
 * Kubernetes name cannot hold `<`, but a trust policy's file name, a role session name or a finding's
 * message can, and the page must not run or style anything that came from a file. Colours are classes
 * (`ok`, `warning`, `error`; stylesheet chain.css maps them to the theme's `--vscode-*` colours), never
 * inline `style` attributes, which the webview's Content Security Policy refuses.
 */
import type { GraphFinding, GraphState } from '../../../server/src/engine';
import { fileNameOf, KIND_LABELS, LINE_HEIGHT, NODE_PADDING, PlacedEdge, PlacedNode, setTitle, SET_TITLE_HEIGHT, StackedLayout } from './layout';

/** Margin around the whole picture: user units. */
export const MARGIN = 16;

/**
 * `text` safe inside XML character data and attribute values (double or single quoted): `& < > " '` as
 * entities, and every character XML 1.0 does not allow (C0 controls other than tab, LF and CR; lone
 * surrogates; U+FFFE, U+FFFF) as U+FFFD, which a browser would otherwise refuse to parse
 * (https://www.w3.org/TR/xml/#charsets).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** What a state is called in words (aria labels, tooltips): colour is never the only signal. */
export const STATE_WORDS: Record<GraphState, string> = { ok: 'linked', warning: 'warning', error: 'broken' };

/** Drawn in a node's top-right corner and before an edge's label when not ok, so the state reads without colour. */
const STATE_MARKS: Record<GraphState, string> = { ok: '', warning: '!', error: '✗' };

/** `error ccoctl-role-name: The role …` lines of a node's or edge's findings. */
export function findingLines(findings: readonly GraphFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`);
}

/** The tooltip (SVG `<title>`) of a node: kind and name, namespace, account, file, then its findings. */
export function nodeTooltip(p: PlacedNode): string {
  const n = p.node;
  return [
    `${KIND_LABELS[n.kind] ?? n.kind} ${n.name} (${STATE_WORDS[n.state] ?? n.state})`,
    n.namespace ? `namespace: ${n.namespace}` : '',
    n.account ? `account: ${n.account}` : '',
    `file: ${fileNameOf(n.uri)}:${n.line + 1}`,
    ...findingLines(n.findings),
  ].filter(Boolean).join('\n');
}

/** The tooltip of an edge: link and value, state, then its findings. */
export function edgeTooltip(p: PlacedEdge): string {
  const e = p.edge;
  return [`${e.link}: ${e.label} (${STATE_WORDS[e.state] ?? e.state})`, ...findingLines(e.findings)].join('\n');
}

/** Known states only: a class name from the graph is never written unchecked. */
function stateOf(s: GraphState): GraphState {
  return s === 'error' || s === 'warning' ? s : 'ok';
}

function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Options of {@link buildSvg}. */
export interface SvgOptions {
  /**
   * Focusable nodes and edges (`role="button"`) with `data-ref` = `n:<set>:<node>` / `e:<set>:<edge>`
   * (indexes into the laid-out sets). Default true. Their accessible name is their `<title>` (SVG-AAM,
   * https://www.w3.org/TR/svg-aam-1.0/, "Name and Description"), which is also the hover tooltip: no
   * `aria-label` copy of it, which would make 200 sets' SVG a quarter bigger.
   */
  interactive?: boolean;
  /** CSS put in a `<style>` element (an exported file, which has no stylesheet of the page). */
  css?: string;
}

function nodeSvg(p: PlacedNode, ref: string, interactive: boolean): string {
  const state = stateOf(p.node.state);
  const tip = nodeTooltip(p);
  const attrs = interactive ? ` tabindex="0" role="button" data-ref="${ref}"` : '';
  const lines = p.lines
    .map((l, i) => `<tspan x="${n(p.x + NODE_PADDING)}" y="${n(p.y + NODE_PADDING + (i + 1) * LINE_HEIGHT - 4)}"${i === 0 ? ' class="kind"' : i === 1 ? ' class="name"' : ''}>${escapeXml(l)}</tspan>`)
    .join('');
  const mark = STATE_MARKS[state] ? `<text class="mark" x="${n(p.x + p.width - NODE_PADDING)}" y="${n(p.y + NODE_PADDING + LINE_HEIGHT - 4)}" text-anchor="end">${STATE_MARKS[state]}</text>` : '';
  return `<g class="node ${state}"${attrs}><title>${escapeXml(tip)}</title><rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.width)}" height="${n(p.height)}" rx="4"/><text>${lines}</text>${mark}</g>`;
}

function edgeSvg(p: PlacedEdge, ref: string, interactive: boolean): string {
  const state = stateOf(p.edge.state);
  const tip = edgeTooltip(p);
  const attrs = interactive ? ` tabindex="0" role="button" data-ref="${ref}"` : '';
  const d = p.points.map((pt, i) => `${i === 0 ? 'M' : 'L'}${n(pt.x)},${n(pt.y)}`).join(' ');
  const text = (STATE_MARKS[state] ? `${STATE_MARKS[state]} ` : '') + p.text;
  const w = [...text].length * 6.3 + 6;
  return (
    `<g class="edge ${state}"${attrs}><title>${escapeXml(tip)}</title><path d="${d}" marker-end="url(#arrow-${state})"/>` +
    `<rect class="label-bg" x="${n(p.labelX - w / 2)}" y="${n(p.labelY - LINE_HEIGHT / 2)}" width="${n(w)}" height="${LINE_HEIGHT}" rx="3"/>` +
    `<text x="${n(p.labelX)}" y="${n(p.labelY + 4)}" text-anchor="middle">${escapeXml(text)}</text></g>`
  );
}

/** One arrowhead per state, filled by the state's class; sized in user units, so a thicker (red) line does not get a bigger head. */
const MARKERS = (['ok', 'warning', 'error'] as const)
  .map((s) => `<marker id="arrow-${s}" class="${s}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`)
  .join('');

/**
 * The picture as an `<svg>` element: `viewBox` from -{@link MARGIN} to the layout's size + MARGIN,
 * `width`/`height` the same size in pixels; per set a `<g class="set set-<state>">` holding its title, its
 * nodes (in the set's order: the keyboard's tab order) and then its edges.
 */
export function buildSvg(stacked: StackedLayout, options: SvgOptions = {}): string {
  const interactive = options.interactive ?? true;
  const w = stacked.width + 2 * MARGIN;
  const h = stacked.height + 2 * MARGIN;
  const sets = stacked.sets.map(({ layout, x, y }, si) => {
    const state = stateOf(layout.set.state);
    const nodes = layout.nodes.map((p, ni) => nodeSvg(p, `n:${si}:${ni}`, interactive)).join('');
    const edges = layout.edges.map((p, ei) => edgeSvg(p, `e:${si}:${ei}`, interactive)).join('');
    return (
      `<g class="set set-${state}" transform="translate(${n(x)},${n(y)})">` +
      `<text class="set-title" x="0" y="${SET_TITLE_HEIGHT - 8}">${escapeXml(setTitle(layout.set))}</text>` +
      `<g transform="translate(0,${SET_TITLE_HEIGHT})">${nodes}${edges}</g></g>`
    );
  });
  // Character data of <style>: `&` and `<` are the only characters XML reads as markup there.
  const style = options.css ? `<style>${options.css.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</style>` : '';
  const label = `Credential chain: ${stacked.sets.length} set${stacked.sets.length === 1 ? '' : 's'}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="${n(-MARGIN)} ${n(-MARGIN)} ${n(w)} ${n(h)}" width="${n(w)}" height="${n(h)}" role="group" aria-label="${escapeXml(label)}">` +
    `${style}<defs>${MARKERS}</defs>${sets.join('')}</svg>`
  );
}

/** The theme colours an exported file is drawn with (CSS colour values, read from the webview's `--vscode-*` variables). */
export interface ExportColors {
  background: string;
  foreground: string;
  ok: string;
  warning: string;
  error: string;
  font: string;
}

/**
 * The stylesheet written into an exported .svg: what chain.css says, with the theme's colours as
 * values (a file opened outside VS Code has no `--vscode-*` variables). Characters that could end the
 * `<style>` element or a declaration (`<`, `>`, `{`, `}`, `;`) are dropped from the values.
 */
export function exportCss(c: ExportColors): string {
  const v = (s: string): string => s.replace(/[<>{};]/g, '').trim();
  return [
    `svg{background:${v(c.background)};font-family:${v(c.font)};font-size:12px}`,
    `text{fill:${v(c.foreground)}}`,
    `.set-title{font-weight:bold}`,
    `.node rect{fill:${v(c.background)};stroke-width:1.5}`,
    `.node .name{font-weight:bold}`,
    `.edge path{fill:none;stroke-width:1.5}`,
    `.label-bg{fill:${v(c.background)};opacity:.85}`,
    `.edge.error path,.node.error rect{stroke-width:2.5}`,
    `.edge.error path{stroke-dasharray:6 3}.edge.warning path{stroke-dasharray:2 3}`,
    ...(['ok', 'warning', 'error'] as const).map((s) => `.node.${s} rect,.edge.${s} path{stroke:${v(c[s])}}.node.${s} .mark,marker.${s} path{fill:${v(c[s])}}`),
  ].join('');
}
