/**
 * Engine edits (offsets into the text the engine holds for a file) → LSP `WorkspaceEdit`.
 *
 * - With `workspace.workspaceEdit.documentChanges` support: one `TextDocumentEdit` per file, carrying
 *   the open document's version (the client refuses the edit if the buffer moved on) or `null` for a
 *   closed file (applied to the file on disk, still one undoable operation in VS Code).
 * - Otherwise plain `changes` (uri → TextEdit[]).
 * Offsets are turned into positions through the engine's `TextDocument` of that file, never by hand.
 */
import type { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { FeatureContext } from './types';

/** An edit by offsets into the engine's current text of `uri` (either URI spelling). */
export interface OffsetEdit {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

/** Edits of one file as LSP text edits, or undefined when the engine does not hold the file. */
export function toTextEdits(ctx: FeatureContext, uri: string, edits: OffsetEdit[]): TextEdit[] | undefined {
  const engineUri = ctx.canonicalUri(uri);
  const td = ctx.engineFor(engineUri).textDocument(engineUri);
  if (!td) return undefined;
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((e) => ({ range: { start: td.positionAt(e.start), end: td.positionAt(Math.max(e.start, e.end)) }, newText: e.newText }));
}

/**
 * A workspace edit for `edits` (any number of files). Returns undefined when an edit names a file
 * the server does not know (its offsets could not be placed).
 */
export function toWorkspaceEdit(ctx: FeatureContext, edits: OffsetEdit[]): WorkspaceEdit | undefined {
  const byUri = new Map<string, OffsetEdit[]>();
  for (const e of edits) {
    const key = ctx.canonicalUri(e.uri);
    let list = byUri.get(key);
    if (!list) byUri.set(key, (list = []));
    list.push(e);
  }
  const perFile: { uri: string; edits: TextEdit[] }[] = [];
  for (const [uri, list] of byUri) {
    const te = toTextEdits(ctx, uri, list);
    if (!te) return undefined;
    perFile.push({ uri: ctx.clientUri(uri), edits: te });
  }
  if (ctx.clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
    const documentChanges: TextDocumentEdit[] = perFile.map((f) => ({
      textDocument: { uri: f.uri, version: ctx.documents.get(f.uri)?.version ?? null },
      edits: f.edits,
    }));
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const f of perFile) changes[f.uri] = f.edits;
  return { changes };
}

/**
 * Keeps the edits that do not overlap an earlier kept one (in order of `start`). Two insertions at
 * the same offset also conflict (their order would be arbitrary). Returns the kept groups: a group is
 * kept whole or not at all, so a fix is never half-applied.
 */
export function nonOverlapping<G extends { edits: OffsetEdit[] }>(groups: G[]): G[] {
  const taken: { uri: string; start: number; end: number }[] = [];
  const clash = (a: OffsetEdit): boolean => taken.some((t) => t.uri === a.uri && overlaps(a, t));
  const out: G[] = [];
  const sorted = [...groups].sort((x, y) => Math.min(...x.edits.map((e) => e.start)) - Math.min(...y.edits.map((e) => e.start)));
  for (const g of sorted) {
    if (g.edits.some(clash)) continue;
    // Edits of the same group must not overlap each other either.
    const own = [...g.edits].sort((a, b) => a.start - b.start);
    if (own.some((e, i) => own.some((o, j) => j < i && o.uri === e.uri && overlaps(o, e)))) continue;
    for (const e of g.edits) taken.push({ uri: e.uri, start: e.start, end: e.end });
    out.push(g);
  }
  return out;
}

/** Ranges share a character, or start at the same offset (two edits there have no defined order). */
export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}
