/**
 * Engine edits (offsets into the text the engine holds for a file) → LSP `WorkspaceEdit`.
 *
 * An edit is only ever placed on the exact text it was computed from (issue 10):
 * - an open document: only when the engine holds the client's current text of it (a document whose
 *   last update failed, or is still queued, gets no edit); `TextDocumentEdit`s carry that version, so
 *   the client also refuses the edit if the buffer moved on in the meantime;
 * - a closed file: only when the engine's copy equals the file on disk now (a change the file watcher
 *   has not reported yet would otherwise be overwritten); it carries version `null` (the protocol's
 *   "no version": VS Code applies it to the file, one undoable operation). A stale copy is re-read.
 * Without `workspace.workspaceEdit.documentChanges` support, plain `changes` (uri → TextEdit[]).
 * Offsets are turned into positions through the engine's `TextDocument` of that file, never by hand.
 */
import type { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { filePath } from '../projects';
import { readSource } from '../../node';
import type { FeatureContext } from './types';

/** An edit by offsets into the engine's current text of `uri` (either URI spelling). */
export interface OffsetEdit {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

/** Where an edit of a file may go: the version to stamp it with, or why it may not. */
export type Editable = { version: number | null } | { refused: string };

/**
 * Whether the engine's text of `uri` (engine spelling) is the text an edit would be applied to: the
 * client's buffer for an open document, the file on disk otherwise. See the module comment.
 */
export function editable(ctx: FeatureContext, uri: string): Editable {
  const ws = ctx.engineFor(uri);
  const text = ws.text(uri);
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const doc = ctx.documents.get(ctx.clientUri(uri));
  if (doc) {
    if (text === undefined || ws.version(uri) !== doc.version || text !== doc.getText()) {
      return { refused: `IRSA has not checked the current text of ${name} (see its diagnostics); edit it again, then retry.` };
    }
    return { version: doc.version };
  }
  if (text === undefined) return { refused: `IRSA does not hold ${name}.` };
  const fsPath = filePath(uri);
  const disk = fsPath ? readSource(fsPath) : undefined;
  // A file the host could not read (notRead) has an empty text in the engine: nothing to edit against.
  if (!disk || !('document' in disk) || disk.document.notRead !== undefined || disk.document.text !== text) {
    ctx.refreshFromDisk(uri);
    return { refused: `${name} changed on disk since IRSA last read it; retry in a moment.` };
  }
  return { version: null };
}

function placed(ctx: FeatureContext, uri: string, edits: OffsetEdit[]): TextEdit[] {
  const td = ctx.engineFor(uri).textDocument(uri)!;
  return [...edits]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((e) => ({ range: { start: td.positionAt(e.start), end: td.positionAt(Math.max(e.start, e.end)) }, newText: e.newText }));
}

/**
 * Edits of the open document `uri` as LSP text edits (willSaveWaitUntil: unversioned, so they are
 * only returned when computed from the client's current text), or undefined.
 */
export function toTextEdits(ctx: FeatureContext, uri: string, edits: OffsetEdit[]): TextEdit[] | undefined {
  const engineUri = ctx.canonicalUri(uri);
  if ('refused' in editable(ctx, engineUri)) return undefined;
  return placed(ctx, engineUri, edits);
}

/**
 * A workspace edit for `edits` (any number of files), or why none can be made: a file whose text the
 * server did not compute the edits from, or that it does not hold.
 */
export function workspaceEditOf(ctx: FeatureContext, edits: OffsetEdit[]): { edit: WorkspaceEdit } | { refused: string } {
  const byUri = new Map<string, OffsetEdit[]>();
  for (const e of edits) {
    const key = ctx.canonicalUri(e.uri);
    let list = byUri.get(key);
    if (!list) byUri.set(key, (list = []));
    list.push(e);
  }
  const perFile: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
  for (const [uri, list] of byUri) {
    const ok = editable(ctx, uri);
    if ('refused' in ok) return ok;
    perFile.push({ uri: ctx.clientUri(uri), version: ok.version, edits: placed(ctx, uri, list) });
  }
  if (ctx.clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
    const documentChanges: TextDocumentEdit[] = perFile.map((f) => ({ textDocument: { uri: f.uri, version: f.version }, edits: f.edits }));
    return { edit: { documentChanges } };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const f of perFile) changes[f.uri] = f.edits;
  return { edit: { changes } };
}

/** {@link workspaceEditOf}, or undefined when refused. */
export function toWorkspaceEdit(ctx: FeatureContext, edits: OffsetEdit[]): WorkspaceEdit | undefined {
  const r = workspaceEditOf(ctx, edits);
  return 'edit' in r ? r.edit : undefined;
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
