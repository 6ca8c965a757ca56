/**
 * Go to definition across files (engine `links`): from a use of a service account, secret, namespace,
 * role session or role name to where it is defined — e.g. a Deployment's `serviceAccountName` → the
 * CredentialsRequest's `serviceAccountNames` entry (and a ServiceAccount manifest), a trust policy's
 * session principal → the workload's `AWS_ROLE_SESSION_NAME`, a trust policy `:sub` subject → the
 * ServiceAccount (or, when no manifest defines it, the workloads running as it).
 */
import type { Location } from 'vscode-languageserver/node';
import { definitionsOf, siteAt } from '../../engine';
import { locationOf, resolveAt } from './common';
import type { LspFeature } from './types';

export const definitionFeature: LspFeature = {
  id: 'definition',
  capabilities: () => ({ definitionProvider: true }),
  register(ctx) {
    ctx.connection.onDefinition((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return null;
      const site = siteAt(at.ws, at.uri, at.offset);
      if (!site) return null;
      const defs = definitionsOf(at.ws, site);
      const out: Location[] = [];
      for (const s of defs) {
        const l = locationOf(ctx, at.ws, s.uri, s.start, s.end);
        if (l) out.push(l);
      }
      return out.length ? out : null;
    });
  },
};
