/**
 * Find all references across files (engine `links.occurrences`). `includeDeclaration: false` leaves
 * out the definitions (CredentialsRequest entries, ServiceAccount manifests, session env vars).
 */
import type { Location } from 'vscode-languageserver/node';
import { occurrences, siteAt } from '../../engine';
import { locationOf, resolveAt } from './common';
import type { LspFeature } from './types';

export const referencesFeature: LspFeature = {
  id: 'references',
  capabilities: () => ({ referencesProvider: true }),
  register(ctx) {
    ctx.connection.onReferences((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return null;
      const site = siteAt(at.ws, at.uri, at.offset);
      if (!site) return null;
      const out: Location[] = [];
      for (const s of occurrences(at.ws, site)) {
        if (!params.context.includeDeclaration && s.role === 'definition') continue;
        const l = locationOf(ctx, at.ws, s.uri, s.start, s.end);
        if (l) out.push(l);
      }
      return out;
    });
  },
};
