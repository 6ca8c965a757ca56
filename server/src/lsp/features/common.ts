/**
 * Shared plumbing of the request features: the engine, its text and an offset for a request's
 * position, and engine offsets → client locations.
 */
import type { Location, Position, Range } from 'vscode-languageserver/node';
import type { Workspace } from '../../engine';
import type { FeatureContext } from './types';

export interface At {
  ws: Workspace;
  /** Engine (canonical) URI. */
  uri: string;
  text: string;
  offset: number;
}

/**
 * Resolves a request position after flushing pending edits. Undefined when the engine does not hold
 * the document (not a YAML/JSON file, or excluded by settings), or holds another text than the
 * client's buffer (its last update failed): positions, completions and renames computed on that text
 * would land in the wrong place.
 */
export function resolveAt(ctx: FeatureContext, clientUri: string, position: Position): At | undefined {
  ctx.sync();
  const uri = ctx.canonicalUri(clientUri);
  const ws = ctx.engineFor(uri);
  const td = ws.textDocument(uri);
  const text = ws.text(uri);
  if (!td || text === undefined) return undefined;
  const open = ctx.documents.get(clientUri);
  if (open && (ws.version(uri) !== open.version || open.getText() !== text)) return undefined;
  return { ws, uri, text, offset: td.offsetAt(position) };
}

/** LSP range of engine offsets in an engine file. */
export function rangeOf(ws: Workspace, uri: string, start: number, end: number): Range | undefined {
  const td = ws.textDocument(uri);
  return td ? { start: td.positionAt(start), end: td.positionAt(Math.max(start, end)) } : undefined;
}

/** Client location of engine offsets. */
export function locationOf(ctx: FeatureContext, ws: Workspace, uri: string, start: number, end: number): Location | undefined {
  const range = rangeOf(ws, uri, start, end);
  return range ? { uri: ctx.clientUri(uri), range } : undefined;
}
