import { nestedInAction, refineCommon } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

/** Schema-backed: `effect` is required and is `Allow` or `Deny` (enum); adds the case repair. */
const rule: DocumentRule = {
  id: 'cr-statement-effect',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'Statement `effect` must be `Allow` or `Deny`.',
    details: [
      'Each statement entry needs `effect: Allow` or `effect: Deny`. CCO does not check the value; ccoctl copies it verbatim into the inline policy\'s `Effect`, and IAM accepts only those two spellings (case-sensitive).',
      '',
      '**Why it matters.** `allow`, `ALLOW`, `Allowed` or a missing effect make PutRolePolicy fail with MalformedPolicyDocument when ccoctl runs, after the role was already created.',
      '',
      '**How to fix.** Write `effect: Allow` (or `Deny`). The quick fix corrects the case.',
      '',
      'See domain.md §1.2 (StatementEntry) and §4.1 (policy grammar); §8.1 CR010.',
    ].join('\n'),
    sources: ['CR010 (domain §1.2, §4.1)'],
  },
  refineSchemaFinding(f, doc, ctx) {
    if (f.keyword === 'required' && nestedInAction(f.node, 'effect')) return null;
    if (f.keyword === 'enum' && f.node.kind === 'scalar' && typeof f.node.value === 'string') {
      const want = ['Allow', 'Deny'].find((w) => w.toLowerCase() === String(f.node.kind === 'scalar' ? f.node.value : '').trim().toLowerCase());
      if (want) return { fixes: [{ title: `Change to \`${want}\``, preferred: true, edits: [replaceString(doc.uri, f.node, want)] }] };
      return undefined;
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
