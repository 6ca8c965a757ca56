import { str } from '../parse/tree';
import { dirOfUri, inDocumentOrder } from '../workspace/view';
import { fileName, where } from './_util';
import type { FileRule } from './types';

function firstLineEnd(text: string, start: number, end: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? end : Math.min(nl, end);
}

/**
 * ccoctl reads every `.yaml`/`.yml` file directly in `--credentials-requests-dir` (not recursively)
 * and decodes every document as a CredentialsRequest without checking its kind (CCOCTL-utils,
 * domain §2.2). A directory that holds CredentialsRequests is taken to be that directory.
 */
const rule: FileRule = {
  id: 'credrequests-dir-content',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  docs: {
    summary: 'A directory with CredentialsRequests (the ccoctl `--credentials-requests-dir`) should contain only CredentialsRequests.',
    details: [
      '`ccoctl aws create-iam-roles --credentials-requests-dir <dir>` reads every `.yaml`/`.yml` file directly in that directory (not sub-directories) and decodes **every document** in them as a CredentialsRequest, without looking at `kind`.',
      '',
      '**Why it matters.** A Deployment, Secret or any other manifest saved next to your CredentialsRequests is decoded as a CredentialsRequest with no `providerSpec`, and ccoctl fails on it ("Failed to decode the provider spec" or a crash), so no role at all is created for the run.',
      '',
      '**How to fix.** Keep CredentialsRequests in their own directory (the guide uses `credrequests/`) and move other manifests elsewhere, or split a multi-document file so that only the CredentialsRequests stay in that directory. JSON files are not read by ccoctl and are not reported.',
      '',
      'See domain.md §2.2 (which CredentialsRequests are processed) and §8.1 CR003.',
    ].join('\n'),
    sources: ['CR003 (domain §2.2)'],
  },
  checkFile(file, ctx) {
    if (file.language !== 'yaml' || !/\.ya?ml$/i.test(file.uri.replace(/[?#].*$/, ''))) return;
    // ccoctl decodes every document as a CredentialsRequest; only other documents can be reported, so
    // files that hold nothing else return before any per-folder lookup.
    const others = file.documents.filter((d) => d.root?.kind === 'map' && str(d.root.pairs.find((p) => p.key.value === 'kind')?.value) !== 'CredentialsRequest');
    if (others.length === 0) return;
    const dir = dirOfUri(file.uri);
    // The same order as the workspace's "first CR file of the folder" (code units, not localeCompare),
    // which decides when neighbours are re-checked.
    const inDir = inDocumentOrder(ctx.ws.credentialsRequestsInDir(dir));
    if (inDir.length === 0) return;
    const ownIndexes = new Set(inDir.filter((c) => c.uri === file.uri).map((c) => c.index));
    // The first CredentialsRequest of the folder by URI is named as the example (the workspace
    // re-checks neighbours when that one changes).
    const example = inDir[0]!;
    const dirName = decodeURIComponent(dir.replace(/\/$/, '').slice(dir.replace(/\/$/, '').lastIndexOf('/') + 1));
    for (const doc of file.documents) {
      if (ownIndexes.has(doc.index) || !doc.root || doc.root.kind !== 'map') continue;
      const kindPair = doc.root.pairs.find((p) => p.key.value === 'kind');
      const kind = str(kindPair?.value);
      const crName = str(example.name) ?? str(example.secretRef?.name) ?? 'a CredentialsRequest';
      const anchor = kindPair?.value ?? doc.root;
      const exampleNode = example.kindNode ?? example.root;
      ctx.report({
        at: { uri: file.uri, start: anchor.start, end: kindPair?.value ? anchor.end : firstLineEnd(ctx.text(file.uri), anchor.start, anchor.end) },
        message:
          `This ${kind ? `${kind} document` : 'document'} is in ${dirName}/ next to CredentialsRequest ${crName} (${where(ctx, example, exampleNode)}). ` +
          `\`ccoctl aws create-iam-roles --credentials-requests-dir\` decodes every document of every .yaml file there as a CredentialsRequest, so it fails on this one. Move it to another directory${file.documents.length > 1 ? ' or file' : ''}.`,
        related: [{ at: { doc: example, node: exampleNode }, message: `CredentialsRequest ${crName} in ${fileName(example.uri)}` }],
      });
    }
  },
};

export default rule;
