/**
 * (issue #16) The credential chain webview's script (bundled by esbuild.mjs as dist/webview/chain.js,
 * browser, loaded only when `IRSA: Show Credential Chain` opens the panel). Draws the graph the
 * extension posts (messages.ts), lets the user filter, search, zoom, pan and export, and posts back
 * what to open or save. The extension owns the server filter (namespace, search, document) and keeps it
 * across updates; the set picker and the view (zoom, pan) are this page's and survive a reload through
 * the webview state (`getState`/`setState`), since the panel does not retain its context when hidden.
 *
 * An ES module (.mts) because `@dagrejs/dagre` is one; the pure parts it uses (layout.ts, svg.ts) are
 * CommonJS for the unit tests and take dagre as a parameter.
 */
// Named imports: esbuild leaves out dagre's debug and timing helpers.
import { Graph, layout } from '@dagrejs/dagre';
import type { ChainGraph, ChainGraphFilter, GraphFinding } from '../../../server/src/engine/index.js';
import { foldSet, KIND_LABELS, LayoutCache, MORE_ID, stackSets, type DagreApi, type StackedLayout } from './layout.js';

/** Longest stretch of layout work before the page gets a turn (ms). */
const SLICE_MS = 50;
import type { FromWebview, ToWebview } from './messages.js';
import { buildSvg, exportCss, findingLines, STATE_WORDS } from './svg.js';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
// dagre's types are wider than DagreApi's (its labels allow any key): the layout code uses only these calls.
const DAGRE = { graphlib: { Graph }, layout } as unknown as DagreApi;
const post = (m: FromWebview): void => vscode.postMessage(m);

interface View {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface PageState {
  set?: string;
  view?: View;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const namespaceSelect = $<HTMLSelectElement>('namespace');
const setSelect = $<HTMLSelectElement>('set');
const search = $<HTMLInputElement>('search');
const scope = $<HTMLElement>('scope');
const status = $<HTMLElement>('status');
const canvas = $<HTMLElement>('canvas');
const details = $<HTMLElement>('details');

const saved = (vscode.getState() ?? {}) as PageState;
let graph: ChainGraph | undefined;
let filter: ChainGraphFilter = {};
let stacked: StackedLayout | undefined;
let view: View | undefined = saved.view;
let chosenSet = saved.set ?? '';

const save = (): void => vscode.setState({ set: chosenSet, view } satisfies PageState);

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

/** Replaces a select's options after its first ("All …"), keeping `selected` when it is still there. */
function fill(select: HTMLSelectElement, items: readonly [string, string][], selected: string): string {
  const first = select.options[0]!;
  select.replaceChildren(first, ...items.map(([v, t]) => option(v, t)));
  const keep = items.some(([v]) => v === selected) ? selected : '';
  select.value = keep;
  return keep;
}

function svgElement(): SVGSVGElement | null {
  return canvas.querySelector('svg');
}

function applyView(): void {
  const svg = svgElement();
  if (!svg || !view) return;
  svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
}

/** The whole picture's box in drawing units (its viewBox when drawn, kept in `data-full`). */
function fullBox(svg: SVGSVGElement): View {
  const [x, y, w, h] = (svg.dataset.full ?? '0 0 1 1').split(' ').map(Number) as [number, number, number, number];
  return { x, y, w, h };
}

/** The whole picture in the canvas, aspect ratio kept (the svg's default preserveAspectRatio centres it). */
function fit(): void {
  const svg = svgElement();
  if (!svg) return;
  view = fullBox(svg);
  applyView();
  save();
}

/**
 * Smallest scale (screen pixels per drawing unit) of a first view: below it the boxes' text cannot be
 * read. A picture that would need less to fit whole (three sets of ten boxes in an editor split) opens
 * at this scale at its top-left corner instead, and Fit (F) still shows the whole of it.
 */
const MIN_FIRST_SCALE = 0.6;

/** The view a first draw opens at: the whole picture when it fits readably, else its top-left corner. */
function firstView(): void {
  const svg = svgElement();
  if (!svg) return;
  const { x, y, w, h } = fullBox(svg);
  const cw = canvas.clientWidth;
  const ch = canvas.clientHeight;
  const whole = Math.min(cw / w, ch / h);
  if (!(cw > 0 && ch > 0) || whole >= MIN_FIRST_SCALE) return fit();
  const scale = Math.max(Math.min(1, cw / w), MIN_FIRST_SCALE);
  view = { x, y, w: cw / scale, h: ch / scale };
  applyView();
  save();
}

/** Zooms by `factor` (> 1: closer) around the point `cx`,`cy` of the drawing (default: the centre). */
function zoom(factor: number, cx?: number, cy?: number): void {
  if (!view) return;
  const px = cx ?? view.x + view.w / 2;
  const py = cy ?? view.y + view.h / 2;
  const w = Math.min(Math.max(view.w / factor, 50), 1e6);
  const k = w / view.w;
  view = { x: px - (px - view.x) * k, y: py - (py - view.y) * k, w, h: view.h * k };
  applyView();
  save();
}

function pan(dx: number, dy: number): void {
  if (!view) return;
  view = { ...view, x: view.x + dx * view.w, y: view.y + dy * view.h };
  applyView();
  save();
}

const layouts = new LayoutCache(DAGRE);
/** Per folded set id: the workloads it drew last time (foldSet's `kept`), so edits do not swap the pods drawn. */
const keptPods = new Map<string, ReadonlySet<string>>();
/** Bumped by every render: a render still laying out when a newer graph arrives stops. */
let generation = 0;

/**
 * Lays the sets out (dagre, a few ms a set; cached across updates) and draws them. The layout yields to
 * the page every {@link SLICE_MS} so it stays responsive on 200 sets, and says how far it is.
 */
async function render(keepView: boolean): Promise<void> {
  if (!graph) return;
  const mine = ++generation;
  const g = graph;
  const sets = chosenSet ? g.sets.filter((s) => s.id === chosenSet) : g.sets;
  const laid = [];
  let slice = performance.now();
  for (const s of sets) {
    // One set of 1,000 pods would hold the page for many seconds in one dagre run: its pods past the limit
    // are one box. The search and namespace filter choose which pods are drawn (else a pod left out could
    // never be); the pods kept last time stay while nothing ranks another pod before them.
    const folded = foldSet(s, undefined, { ...(filter.query ? { query: filter.query } : {}), ...(filter.namespace !== undefined ? { namespace: filter.namespace } : {}), ...(keptPods.has(s.id) ? { kept: keptPods.get(s.id)! } : {}) });
    if (folded !== s) keptPods.set(s.id, new Set(folded.nodes.filter((n) => n.kind === 'workload' && n.id !== MORE_ID).map((n) => n.id)));
    else keptPods.delete(s.id);
    laid.push(layouts.layout(folded));
    if (performance.now() - slice > SLICE_MS) {
      status.textContent = `Laying out ${laid.length} of ${sets.length} sets…`;
      await new Promise((r) => setTimeout(r));
      if (mine !== generation) return;
      slice = performance.now();
    }
  }
  layouts.endRound();
  stacked = stackSets(laid);
  canvas.innerHTML = buildSvg(stacked);
  const svg = svgElement();
  if (svg) svg.dataset.full = svg.getAttribute('viewBox') ?? '';
  if (keepView && view) applyView();
  else firstView();
  const shown = sets.length;
  const more = g.truncated ? ` ${g.truncated} more not drawn: narrow with the namespace filter or the search.` : '';
  status.textContent =
    g.totalSets === 0
      ? 'No IRSA set in the workspace: a set starts at a CredentialsRequest, a ccoctl Secret or a web identity trust policy.'
      : `${shown} of ${g.totalSets} set${g.totalSets === 1 ? '' : 's'} drawn.${more}`;
}

/** The node or edge a `data-ref` (`n:<set>:<i>` / `e:<set>:<i>`) names in the current layout. */
function target(ref: string | undefined): { title: string; state: string; findings: GraphFinding[]; open: { uri: string; line: number; character: number } } | undefined {
  const [t, si, i] = (ref ?? '').split(':');
  const set = stacked?.sets[Number(si)]?.layout;
  if (!set) return undefined;
  if (t === 'n') {
    const n = set.nodes[Number(i)]?.node;
    return n && { title: `${KIND_LABELS[n.kind] ?? n.kind} ${n.name}`, state: n.state, findings: n.findings, open: { uri: n.uri, line: n.line, character: n.character } };
  }
  const e = set.edges[Number(i)]?.edge;
  if (!e) return undefined;
  // An edge opens where its first finding is, else at the node it starts from.
  const from = set.nodes.find((p) => p.node.id === e.from)?.node;
  const f = e.findings[0];
  const open = f ? { uri: f.uri, line: f.line, character: f.character } : from && { uri: from.uri, line: from.line, character: from.character };
  return open && { title: `${e.link}: ${e.label}`, state: e.state, findings: e.findings, open };
}

function showDetails(ref: string | undefined): void {
  const t = target(ref);
  if (!t) return;
  const h = document.createElement('h2');
  h.textContent = `${t.title} (${STATE_WORDS[t.state as keyof typeof STATE_WORDS] ?? t.state})`;
  const list = document.createElement('ul');
  findingLines(t.findings).forEach((text, i) => {
    const f = t.findings[i]!;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `finding ${f.severity}`;
    b.textContent = text;
    b.title = 'Open at the finding';
    b.addEventListener('click', () => post({ type: 'open', uri: f.uri, line: f.line, character: f.character }));
    const li = document.createElement('li');
    li.append(b);
    list.append(li);
  });
  if (!t.findings.length) list.append(Object.assign(document.createElement('li'), { textContent: 'No findings.' }));
  details.replaceChildren(h, list);
}

function open(ref: string | undefined): void {
  const t = target(ref);
  if (t) post({ type: 'open', ...t.open });
}

function setFilter(f: ChainGraphFilter): void {
  filter = f;
  post({ type: 'filter', filter });
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  if (m.type === 'status') {
    status.textContent = m.message;
    return;
  }
  if (m.type !== 'graph') return;
  const first = !graph;
  graph = m.graph;
  filter = m.filter;
  fill(namespaceSelect, graph.namespaces.map((n) => [n, n]), filter.namespace ?? '');
  if (document.activeElement !== search) search.value = filter.query ?? '';
  scope.hidden = !filter.uri;
  $('scope-file').textContent = filter.uri ? decodeURIComponent(filter.uri.split('/').pop() ?? '') : '';
  const before = chosenSet;
  chosenSet = fill(setSelect, graph.sets.map((s) => [s.id, s.namespace ? `${s.name} (${s.namespace})` : s.name]), chosenSet);
  // An update while the user types keeps the zoom and pan; a first draw or a different set fits.
  void render(!(first && !view) && before === chosenSet);
});

namespaceSelect.addEventListener('change', () => {
  view = undefined;
  setFilter({ ...filter, namespace: namespaceSelect.value || undefined });
});
setSelect.addEventListener('change', () => {
  chosenSet = setSelect.value;
  void render(false);
});
let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => setFilter({ ...filter, query: search.value.trim() || undefined }), 250);
});
$('scope-clear').addEventListener('click', () => setFilter({ ...filter, uri: undefined }));
$('fit').addEventListener('click', fit);
$('zoom-in').addEventListener('click', () => zoom(1.25));
$('zoom-out').addEventListener('click', () => zoom(0.8));

canvas.addEventListener('click', (ev) => {
  const ref = (ev.target as Element).closest?.('[data-ref]')?.getAttribute('data-ref') ?? undefined;
  if (ref) {
    showDetails(ref);
    open(ref);
  }
});
canvas.addEventListener('focusin', (ev) => showDetails((ev.target as Element).getAttribute?.('data-ref') ?? undefined));
canvas.addEventListener('keydown', (ev) => {
  const ref = (ev.target as Element).getAttribute?.('data-ref') ?? undefined;
  if (ref && (ev.key === 'Enter' || ev.key === ' ')) open(ref);
  else if (ev.key === '+' || ev.key === '=') zoom(1.25);
  else if (ev.key === '-') zoom(0.8);
  else if (ev.key === 'f' || ev.key === 'F' || ev.key === '0') fit();
  else if (ev.key.startsWith('Arrow')) pan(ev.key === 'ArrowLeft' ? -0.1 : ev.key === 'ArrowRight' ? 0.1 : 0, ev.key === 'ArrowUp' ? -0.1 : ev.key === 'ArrowDown' ? 0.1 : 0);
  else return;
  ev.preventDefault();
});

/** The drawing's point under a client (mouse) position. */
function pointAt(ev: MouseEvent): { x: number; y: number } | undefined {
  const svg = svgElement();
  const m = svg?.getScreenCTM()?.inverse();
  if (!svg || !m) return undefined;
  const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m);
  return { x: p.x, y: p.y };
}
canvas.addEventListener(
  'wheel',
  (ev) => {
    const p = pointAt(ev);
    zoom(ev.deltaY < 0 ? 1.1 : 1 / 1.1, p?.x, p?.y);
    ev.preventDefault();
  },
  { passive: false },
);
let drag: { x: number; y: number } | undefined;
canvas.addEventListener('pointerdown', (ev) => {
  if ((ev.target as Element).closest('[data-ref]')) return;
  drag = pointAt(ev);
  canvas.setPointerCapture(ev.pointerId);
});
canvas.addEventListener('pointermove', (ev) => {
  const p = drag && pointAt(ev);
  if (!drag || !p || !view) return;
  view = { ...view, x: view.x - (p.x - drag.x), y: view.y - (p.y - drag.y) };
  applyView();
});
canvas.addEventListener('pointerup', () => {
  drag = undefined;
  save();
});

/** The theme's colours now (the exported file has no `--vscode-*` variables). */
function colors(): Parameters<typeof exportCss>[0] {
  const s = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => s.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--vscode-editor-background', '#ffffff'),
    foreground: v('--vscode-editor-foreground', '#000000'),
    ok: v('--irsa-ok', '#388a34'),
    warning: v('--irsa-warning', '#bf8803'),
    error: v('--irsa-error', '#e51400'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

function exportSvg(): string | undefined {
  return stacked && buildSvg(stacked, { interactive: false, css: exportCss(colors()) });
}

$('export-svg').addEventListener('click', () => {
  const data = exportSvg();
  if (data) post({ type: 'export', format: 'svg', data });
});
$('export-png').addEventListener('click', () => {
  const data = exportSvg();
  const svg = svgElement();
  if (!data || !svg) return;
  const { w, h } = fullBox(svg);
  // Twice the size: sharp on high-density screens and in a pull request; capped at the canvas limits browsers share (16384 px a side).
  const scale = Math.min(2, 16384 / w, 16384 / h);
  const url = URL.createObjectURL(new Blob([data], { type: 'image/svg+xml' }));
  const img = new Image();
  img.onload = () => {
    const c = document.createElement('canvas');
    c.width = Math.ceil(w * scale);
    c.height = Math.ceil(h * scale);
    c.getContext('2d')?.drawImage(img, 0, 0, c.width, c.height);
    URL.revokeObjectURL(url);
    post({ type: 'export', format: 'png', data: c.toDataURL('image/png') });
  };
  img.onerror = () => {
    URL.revokeObjectURL(url);
    status.textContent = 'The PNG could not be drawn; export the SVG instead.';
  };
  img.src = url;
});

post({ type: 'ready' });
