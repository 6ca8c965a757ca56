/**
 * `irsa/chains`: the role chains the code generation command offers (the one at the cursor and one
 * per CredentialsRequest with a destination role), computed from the workspace the server already
 * holds, so the command sees exactly the files, settings and unsaved text the diagnostics come from
 * (it used to load the workspace again its own way: first `.irsa.yaml` anywhere, no `.gitignore`,
 * a 5,000-file cap, `irsa.*` settings ignored).
 */
import { irsaChainFor } from '../engine/chain';
import { str } from '../engine/parse/tree';
import type { Workspace } from '../engine/workspace/workspace';
import type { ChainsParams, ChainsResult, ChainTarget } from './protocol';
import { canonicalUri, Projects } from './projects';

/** One target per CredentialsRequest of `ws` with a destination role. */
export function chainTargets(ws: Workspace): ChainTarget[] {
  const out: ChainTarget[] = [];
  for (const cr of ws.view.all('credentialsRequest')) {
    const chain = irsaChainFor(ws.view, cr);
    if (!chain) continue;
    out.push({
      label: `${str(cr.secretRef?.namespace) ?? '?'}/${str(cr.secretRef?.name) ?? str(cr.name) ?? '?'}`,
      description: `→ ${chain.destinationRoleArn}`,
      uri: cr.uri,
      chain,
    });
  }
  return out;
}

/**
 * The answer to `irsa/chains`: `atCursor` is the chain of the IRSA document containing
 * `params.position` in `params.uri` (or of the file's only document), when it has a destination
 * role; `targets` lists every project's sets, sorted by label then URI. URIs are the client's spelling.
 */
export function chainsOf(projects: Projects, params: ChainsParams, clientUri: (uri: string) => string): ChainsResult {
  const result: ChainsResult = { targets: [] };
  if (params.uri !== undefined) {
    const uri = canonicalUri(params.uri);
    const p = projects.holding(uri);
    const td = p?.engine.textDocument(uri);
    if (p && td) {
      const offset = params.position ? td.offsetAt(params.position) : 0;
      const docs = p.engine.documents(uri);
      const at = docs.find((d) => offset >= d.doc.start && offset <= d.doc.end) ?? (docs.length === 1 ? docs[0] : undefined);
      const chain = at ? irsaChainFor(p.engine.view, at) : undefined;
      if (chain) result.atCursor = chain;
    }
  }
  for (const p of projects.all()) for (const t of chainTargets(p.engine)) result.targets.push({ ...t, uri: clientUri(t.uri) });
  result.targets.sort((a, b) => a.label.localeCompare(b.label) || a.uri.localeCompare(b.uri));
  return result;
}
