/**
 * Completion (engine `completionsAt`): schema keys and enum values, whole-block snippets
 * (`InsertTextFormat.Snippet`) on a new list item, and values taken from the other files of the set.
 * Items carry their documentation eagerly (it is small), so no resolve round-trip is needed.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from '../languageServer';
import { completionsAt, CompletionEntry } from '../../engine';
import { rangeOf, resolveAt } from './common';
import type { LspFeature } from './types';

const KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
  reference: CompletionItemKind.Reference,
};

export const completionFeature: LspFeature = {
  id: 'completion',
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', '"', ' '], resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCompletion((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return [];
      const snippets = ctx.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport !== false;
      const items: CompletionItem[] = [];
      completionsAt(at.ws, at.uri, at.offset).forEach((e, i) => {
        if (e.snippet && !snippets) return;
        const range = rangeOf(at.ws, at.uri, e.replaceStart, e.replaceEnd)!;
        const item: CompletionItem = {
          label: e.label,
          kind: KIND[e.kind],
          textEdit: { range, newText: e.insertText },
          insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          // Keep the engine's order: schema keys, then snippets, then values from other files.
          sortText: String(i).padStart(4, '0'),
        };
        if (e.detail) item.detail = e.detail;
        if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
        items.push(item);
      });
      return items;
    });
  },
};
