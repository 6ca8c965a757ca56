/**
 * Hover: schema documentation of keys, occurrences and agreement of linked values, and the rule's
 * explanation under a diagnostic (engine `hoverAt`), as Markdown.
 */
import { MarkupKind } from '../languageServer';
import { hoverAt } from '../../engine';
import { rangeOf, resolveAt } from './common';
import type { LspFeature } from './types';

export const hoverFeature: LspFeature = {
  id: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx) {
    ctx.connection.onHover((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return null;
      const h = hoverAt(at.ws, at.uri, at.offset, ctx.docsLink);
      if (!h) return null;
      const range = rangeOf(at.ws, at.uri, h.start, h.end);
      return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, ...(range && h.end > h.start ? { range } : {}) };
    });
  },
};
