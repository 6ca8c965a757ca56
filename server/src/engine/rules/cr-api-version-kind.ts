import { getPair } from '../parse/tree';
import { insertFirstKey, refineCommon, requiredAt } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

const API_VERSION = 'cloudcredential.openshift.io/v1';

/** Schema-backed (`schemas/credentials-request.schema.json` apiVersion/kind); this rule adds the repairs. */
const rule: DocumentRule = {
  id: 'cr-api-version-kind',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'A CredentialsRequest needs `apiVersion: cloudcredential.openshift.io/v1` and `kind: CredentialsRequest`.',
    details: [
      'The CredentialsRequest CRD has one group-version, `cloudcredential.openshift.io/v1` (served and stored), and its kind is spelt `CredentialsRequest` — with the `s`, case-sensitive.',
      '',
      '**Why it matters.** `oc apply` rejects an unknown apiVersion or kind ("no matches for kind"), and tools that pick CredentialsRequests by kind (including `oc adm release extract --credentials-requests`) skip a misspelt one. A document with `kind: CredentialRequest` is still read by ccoctl (it decodes every document of the directory as a CredentialsRequest), so the mistake only shows up later.',
      '',
      '**How to fix.** Set `apiVersion: cloudcredential.openshift.io/v1` and `kind: CredentialsRequest`; the quick fix rewrites or inserts them.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/manifests/0000_03_cloud-credential-operator_01_crd.yaml (group, version, kind)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/register.go',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    if (doc.kind !== 'credentialsRequest') return undefined;
    if (f.keyword === 'required' && f.params['missingProperty'] === 'apiVersion') {
      const edit = insertFirstKey(ctx, doc, doc.root, `apiVersion: ${API_VERSION}`);
      return { ...requiredAt(f, doc), fixes: edit ? [{ title: `Add \`apiVersion: ${API_VERSION}\``, preferred: true, edits: [edit] }] : undefined };
    }
    if (f.keyword === 'const' && f.node.kind === 'scalar') {
      const key = f.node.pair?.key.value;
      const want = key === 'apiVersion' ? API_VERSION : key === 'kind' ? 'CredentialsRequest' : undefined;
      if (!want || f.node.pair?.parent !== doc.root || !getPair(doc.root, String(key))) return undefined;
      return { fixes: [{ title: `Change to \`${want}\``, preferred: true, edits: [replaceString(doc.uri, f.node, want)] }] };
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
