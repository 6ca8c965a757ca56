/**
 * (issue #16) Messages between the credential chain's webview (main.mts) and the extension
 * (client/src/commands/chain.ts), through `postMessage`. JSON only.
 *
 * The extension treats what the webview posts as untrusted input (a webview is a web page): every
 * message is checked by {@link parseFromWebview}, and the extension opens only URIs that are in the
 * graph it sent.
 */
import type { ChainGraph, ChainGraphFilter } from '../../../server/src/engine';

/** Extension → webview. */
export type ToWebview =
  /** The graph for `filter` (the filter the extension asked the server with, kept across updates). */
  | { type: 'graph'; graph: ChainGraph; filter: ChainGraphFilter }
  /** No graph to show: the language server is not running, still scanning, or the request failed. */
  | { type: 'status'; message: string };

/** Webview → extension. */
export type FromWebview =
  /** The page has loaded (first time, or again after it was hidden): send the graph. */
  | { type: 'ready' }
  /** Ask the server again with this filter (namespace, search text, document). */
  | { type: 'filter'; filter: ChainGraphFilter }
  /** Open `uri` at the 0-based `line`/`character` (a node, an edge or a finding was clicked). */
  | { type: 'open'; uri: string; line: number; character: number }
  /** Save the picture: `data` is the SVG text, or the PNG as a `data:image/png;base64,` URL. */
  | { type: 'export'; format: 'svg' | 'png'; data: string };

/** Longest export accepted (characters): far above 200 sets as SVG or PNG, far below what hurts the extension host. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isPosition = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** A {@link ChainGraphFilter} from untrusted JSON: only its four string fields, empty strings dropped; undefined when malformed. */
export function parseFilter(v: unknown): ChainGraphFilter | undefined {
  if (!isObject(v)) return undefined;
  const f: ChainGraphFilter = {};
  for (const k of ['namespace', 'set', 'uri', 'query'] as const) {
    if (!optionalString(v[k])) return undefined;
    const s = v[k] as string | undefined;
    if (s) f[k] = s;
  }
  return f;
}

/** The message if it is one of {@link FromWebview}, with exactly its fields; undefined otherwise. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'filter': {
      const filter = parseFilter(m.filter);
      return filter ? { type: 'filter', filter } : undefined;
    }
    case 'open':
      return typeof m.uri === 'string' && isPosition(m.line) && isPosition(m.character) ? { type: 'open', uri: m.uri, line: m.line, character: m.character } : undefined;
    case 'export':
      if ((m.format !== 'svg' && m.format !== 'png') || typeof m.data !== 'string' || m.data.length > MAX_EXPORT_CHARS) return undefined;
      if (m.format === 'png' && !m.data.startsWith('data:image/png;base64,')) return undefined;
      if (m.format === 'svg' && !m.data.startsWith('<svg')) return undefined;
      return { type: 'export', format: m.format, data: m.data };
    default:
      return undefined;
  }
}

/** Every document URI a graph names (nodes and findings): the only ones an `open` message may open. */
export function urisOf(graph: ChainGraph): Set<string> {
  const uris = new Set<string>();
  for (const s of graph.sets) {
    for (const n of s.nodes) {
      uris.add(n.uri);
      for (const f of n.findings) uris.add(f.uri);
    }
    for (const e of s.edges) for (const f of e.findings) uris.add(f.uri);
  }
  return uris;
}
