/** Orders and choices among documents that rules and the index must make the same way. */

/**
 * The candidates closest to `fromUri` in the folder tree (longest common folder prefix). A monorepo
 * often holds several copies of one set (kustomize overlays, one folder per cluster) with the same
 * names; each file must be checked against its own copy, not against every copy.
 */
export function nearest<T extends { uri: string }>(fromUri: string, candidates: T[]): T[] {
  if (candidates.length < 2) return candidates;
  const from = fromUri.split('/');
  const shared = (uri: string): number => {
    const parts = uri.split('/');
    let i = 0;
    while (i < from.length - 1 && i < parts.length - 1 && from[i] === parts[i]) i++;
    return i;
  };
  let best = -1;
  const scored = candidates.map((c) => {
    const n = shared(c.uri);
    if (n > best) best = n;
    return { c, n };
  });
  return scored.filter((x) => x.n === best).map((x) => x.c);
}

/**
 * Puts documents in one fixed order, by URI (code units) then index, in place. Index Sets keep
 * insertion order, so without this a rule that names "the first" of several candidates named a
 * different file after an edit than a fresh check of the same texts did (found in review).
 */
export function inDocumentOrder<T extends { uri: string; index: number }>(docs: T[]): T[] {
  if (docs.length > 1) docs.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.index - b.index));
  return docs;
}
