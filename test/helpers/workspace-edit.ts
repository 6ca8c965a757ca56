/**
 * Applies LSP WorkspaceEdits the way an editor does, for language-server tests: edits of a document
 * the test has open become a `didChange` with the new text (and must name the open version, as VS
 * Code requires); edits of a closed file are written to disk and announced with
 * `workspace/didChangeWatchedFiles`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { LspTestClient } from './lsp-client';

/** Applies text edits (non-overlapping, positions in `text`) and returns the new text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), edits);
}

/** Open documents of a test: URI → { text, version }. */
export type OpenDocs = Map<string, { text: string; version: number }>;

/**
 * Applies `edit`. Returns the new text of every touched file, by URI. Fails when a versioned edit
 * names another version than the open one, or when a closed file is given a version.
 */
export function applyWorkspaceEdit(c: LspTestClient, open: OpenDocs, edit: WorkspaceEdit): Map<string, string> {
  const perFile: { uri: string; version: number | null | undefined; edits: TextEdit[] }[] = [];
  if (edit.documentChanges) {
    for (const dc of edit.documentChanges) {
      assert.ok('textDocument' in dc, 'only TextDocumentEdits are expected');
      perFile.push({ uri: dc.textDocument.uri, version: dc.textDocument.version, edits: dc.edits as TextEdit[] });
    }
  } else {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perFile.push({ uri, version: undefined, edits });
  }
  const out = new Map<string, string>();
  const changed: string[] = [];
  for (const f of perFile) {
    const o = open.get(f.uri);
    if (o) {
      if (f.version !== undefined) assert.equal(f.version, o.version, `edit of ${f.uri} names version ${f.version}, the document is at ${o.version}`);
      const text = applyTextEdits(o.text, f.edits);
      o.text = text;
      o.version = c.change(f.uri, text);
      out.set(f.uri, text);
    } else {
      if (f.version !== undefined) assert.equal(f.version, null, `closed file ${f.uri} must be edited with version null`);
      const p = fileURLToPath(f.uri);
      const text = applyTextEdits(fs.readFileSync(p, 'utf8'), f.edits);
      fs.writeFileSync(p, text);
      changed.push(f.uri);
      out.set(f.uri, text);
    }
  }
  if (changed.length) c.filesChanged(changed.map((uri) => ({ uri, type: 2 as const })));
  return out;
}

/** Opens a file of the workspace in the test client and tracks it in `open`. */
export function openFile(c: LspTestClient, open: OpenDocs, uri: string): string {
  const text = fs.readFileSync(fileURLToPath(uri), 'utf8');
  c.open(uri, text);
  open.set(uri, { text, version: 1 });
  return text;
}
