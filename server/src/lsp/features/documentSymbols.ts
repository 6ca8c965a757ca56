/**
 * Document symbols (outline) of each classified document (engine `documentSymbols`): hierarchical
 * `DocumentSymbol`s, or flat `SymbolInformation` for clients without hierarchical support.
 */
import { DocumentSymbol, SymbolInformation, SymbolKind } from '../languageServer';
import { documentSymbols, OutlineKind, OutlineSymbol } from '../../engine';
import type { Workspace } from '../../engine';
import { rangeOf } from './common';
import type { LspFeature } from './types';

const KIND: Record<OutlineKind, SymbolKind> = {
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  key: SymbolKind.Key,
};

function toSymbol(ws: Workspace, uri: string, s: OutlineSymbol): DocumentSymbol {
  const range = rangeOf(ws, uri, s.start, s.end)!;
  const selectionRange = rangeOf(ws, uri, s.selectionStart, s.selectionEnd)!;
  const out: DocumentSymbol = {
    // VS Code rejects an empty name.
    name: s.name === '' ? '""' : s.name,
    kind: KIND[s.kind],
    range,
    selectionRange,
    children: s.children.map((c) => toSymbol(ws, uri, c)),
  };
  if (s.detail) out.detail = s.detail;
  return out;
}

function flatten(symbols: DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
  return symbols.flatMap((s) => [
    { name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(container ? { containerName: container } : {}) },
    ...flatten(s.children ?? [], uri, s.name),
  ]);
}

export const documentSymbolsFeature: LspFeature = {
  id: 'documentSymbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'IRSA' } }),
  register(ctx) {
    ctx.connection.onDocumentSymbol((params) => {
      ctx.sync();
      const uri = ctx.canonicalUri(params.textDocument.uri);
      const ws = ctx.engineFor(uri);
      if (!ws.has(uri)) return [];
      const symbols = documentSymbols(ws, uri).map((s) => toSymbol(ws, uri, s));
      return ctx.clientCapabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === false ? flatten(symbols, params.textDocument.uri) : symbols;
    });
  },
};
