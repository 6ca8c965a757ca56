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
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (StatementEntry.Effect)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
    ],
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
