/**
 * (issue #16) Code lens "Show credential chain" above each document that starts or anchors a chain:
 * an AWS CredentialsRequest, a trust policy, and a ServiceAccount that is in a chain (a workload of a
 * CredentialsRequest runs as it, or it names a role with `eks.amazonaws.com/role-arn`). The lens runs
 * `irsa.showCredentialChain` with `[{ uri }]` (the client's spelling), which the VS Code extension
 * registers: it opens the picture filtered to the sets holding that document.
 *
 * Cheap on purpose (code lenses are asked again after every edit): index lookups on the document's
 * own facts, never a graph build. So a lens can lead to a picture that shows no set (say, a trust
 * policy no CredentialsRequest reaches); the picture then says so.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { IrsaDocument, ServiceAccount, Workspace } from '../../engine';
import { SHOW_CREDENTIAL_CHAIN_COMMAND, ShowCredentialChainArgs } from '../../../../shared/src/protocol';
import { rangeOf } from './common';
import type { LspFeature } from './types';

/** The lens's title. */
export const SHOW_CHAIN_TITLE = 'Show credential chain';

const POD_IDENTITY_ROLE_ARN = 'eks.amazonaws.com/role-arn';

/** A ServiceAccount some chain goes through (see the file comment). */
function inChain(ws: Workspace, sa: ServiceAccount): boolean {
  if (sa.annotations?.pairs.some((p) => p.key.value === POD_IDENTITY_ROLE_ARN)) return true;
  const name = sa.name?.value;
  if (typeof name !== 'string' || name === '') return false;
  const view = ws.view;
  const ns = view.effectiveNamespace(sa);
  return view.workloadsRunningAs(name).some((w) => view.effectiveNamespace(w) === ns && view.credentialsRequestsFor(w).length > 0);
}

function wanted(ws: Workspace, d: IrsaDocument): boolean {
  switch (d.kind) {
    case 'credentialsRequest':
      return d.cloud === 'aws';
    case 'iamPolicy':
      return d.policyType === 'trust';
    case 'serviceAccount':
      return inChain(ws, d);
    default:
      return false;
  }
}

/** Where the lens sits: the document's `kind:` key (YAML), else the start of its root (a JSON policy). */
function anchor(d: IrsaDocument): number {
  const kind = d.root.pairs.find((p) => p.key.value === 'kind');
  return kind ? kind.key.start : d.root.start;
}

export const codeLensFeature: LspFeature = {
  id: 'codeLens',
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx) {
    ctx.connection.onCodeLens((params): CodeLens[] => {
      ctx.sync();
      const uri = ctx.canonicalUri(params.textDocument.uri);
      const ws = ctx.engineFor(uri);
      if (!ws.has(uri)) return [];
      const args: ShowCredentialChainArgs = { uri: params.textDocument.uri };
      const lenses: CodeLens[] = [];
      const lines = new Set<number>();
      for (const d of ws.documents(uri)) {
        if (!wanted(ws, d)) continue;
        const at = anchor(d);
        const range = rangeOf(ws, uri, at, at);
        // One lens per line (a CreateRole input and its embedded policy start on the same line).
        if (!range || lines.has(range.start.line)) continue;
        lines.add(range.start.line);
        lenses.push({ range, command: { title: SHOW_CHAIN_TITLE, command: SHOW_CREDENTIAL_CHAIN_COMMAND, arguments: [args] } });
      }
      return lenses;
    });
  },
};
