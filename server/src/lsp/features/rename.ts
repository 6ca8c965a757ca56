/**
 * Rename with prepareRename (engine `renameEdits`): a service account, secret or role session name is
 * renamed in every linked place of every file in one WorkspaceEdit (one undo step; closed files are
 * edited too), and nothing else. Names that Kubernetes or STS would reject, and kinds that cannot be
 * renamed, are refused with a `ResponseError` whose message the editor shows.
 */
import { LSPErrorCodes, ResponseError } from '../languageServer';
import { RENAMEABLE, renameEdits, siteAt } from '../../engine';
import { rangeOf, resolveAt } from './common';
import { workspaceEditOf } from './edits';
import type { LspFeature } from './types';

const KIND_WORD: Record<string, string> = {
  serviceAccount: 'service account',
  secret: 'secret',
  namespace: 'namespace',
  session: 'role session',
  role: 'IAM role',
};

export const renameFeature: LspFeature = {
  id: 'rename',
  capabilities: (client) => ({ renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true }),
  register(ctx) {
    ctx.connection.onPrepareRename((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return null;
      const site = siteAt(at.ws, at.uri, at.offset);
      if (!site) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Only service account, secret and role session names can be renamed here.');
      if (!RENAMEABLE[site.kind]) {
        // IAM has no rename: UpdateRole changes only a role's description and maximum session duration
        // (IAM API Reference, UpdateRole), so a new name is a new role that every file must name anew.
        throw new ResponseError(
          LSPErrorCodes.RequestFailed,
          site.kind === 'role'
            ? 'An IAM role name cannot be renamed here: IAM cannot rename a role (a new name is a new role), and ccoctl derives its role names from the secretRef (rename the secret instead).'
            : `A ${KIND_WORD[site.kind]} name cannot be renamed here: rename it in your cluster tooling.`,
        );
      }
      const range = rangeOf(at.ws, at.uri, site.start, site.end);
      return range ? { range, placeholder: site.name } : null;
    });
    ctx.connection.onRenameRequest((params) => {
      const at = resolveAt(ctx, params.textDocument.uri, params.position);
      if (!at) return null;
      const site = siteAt(at.ws, at.uri, at.offset);
      if (!site) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Only service account, secret and role session names can be renamed here.');
      let edits;
      try {
        edits = renameEdits(at.ws, site, params.newName);
      } catch (e) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, e instanceof Error ? e.message : String(e));
      }
      const r = workspaceEditOf(ctx, edits);
      if ('refused' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, `Cannot rename: ${r.refused}`);
      return r.edit;
    });
  },
};
