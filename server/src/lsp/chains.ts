/**
 * `irsa/chains`: the role chains the code generation command offers (the one at the cursor and one
 * per CredentialsRequest with a destination role), computed from the workspace the server already
 * holds, so the command sees exactly the files, settings and unsaved text the diagnostics come from
 * (it used to load the workspace again its own way: first `.irsa.yaml` anywhere, no `.gitignore`,
 * a 5,000-file cap, `irsa.*` settings ignored). The chain logic itself is the code generator's pure
 * `chainAtOffset` / `chainTargets` (client/src/codegen/targets.ts; shared/src after issue 12 item 2).
 */
import { chainAtOffset, chainTargets } from '../../../shared/src';
import type { ChainsParams, ChainsResult } from '../../../shared/src/protocol';
import { canonicalUri, Projects } from './projects';

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
      const chain = chainAtOffset(p.engine, uri, params.position ? td.offsetAt(params.position) : 0);
      if (chain) result.atCursor = chain;
    }
  }
  for (const p of projects.all()) for (const t of chainTargets(p.engine)) result.targets.push({ ...t, uri: clientUri(t.uri) });
  result.targets.sort((a, b) => a.label.localeCompare(b.label) || a.uri.localeCompare(b.uri));
  return result;
}
