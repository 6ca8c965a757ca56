import { suggestKey } from '../schema/validate';
import { insertFirstKey, refineCommon } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

const API_VERSION = 'cloudcredential.openshift.io/v1';

/**
 * Schema-backed: `providerSpec` required, `kind: AWSProviderSpec` (error), `apiVersion:
 * cloudcredential.openshift.io/v1` (warning; the decoder tolerates a missing one). Adds repairs.
 */
const rule: DocumentRule = {
  id: 'cr-provider-spec-kind',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`spec.providerSpec` must be present with `kind: AWSProviderSpec` (and `apiVersion: cloudcredential.openshift.io/v1`).',
    details: [
      'ccoctl decodes `spec.providerSpec` as the registered type `cloudcredential.openshift.io/v1` `AWSProviderSpec` and then checks `kind`: anything but `AWSProviderSpec` — including a missing `kind` or `awsProviderSpec` — stops the whole run with `CredentialsRequest <ns>/<name> is not of type AWS`. A missing `apiVersion` is tolerated by the decoder (warning); a different one is not what CCO expects.',
      '',
      '**Why it matters.** The API server accepts any providerSpec (it is not schema-validated), so these mistakes only appear when ccoctl runs, and no role is created for any CredentialsRequest of the directory.',
      '',
      '**How to fix.** Write `providerSpec:` with `apiVersion: cloudcredential.openshift.io/v1`, `kind: AWSProviderSpec` and `statementEntries`. The quick fixes insert or correct both lines.',
      '',
      'See domain.md §1.2 (providerSpec decoding) and §2.3 (ccoctl validations); §8.1 CR006.',
    ].join('\n'),
    sources: ['CR006 (domain §1.2, §2.3)'],
  },
  refineSchemaFinding(f, doc, ctx) {
    if (doc.kind !== 'credentialsRequest') return undefined;
    const ps = doc.providerSpec;
    if (f.keyword === 'required' && ps && f.node === ps) {
      const missing = String(f.params['missingProperty']);
      const line = missing === 'kind' ? 'kind: AWSProviderSpec' : missing === 'apiVersion' ? `apiVersion: ${API_VERSION}` : undefined;
      if (!line) return refineCommon(f, doc, ctx);
      if (refineCommon(f, doc, ctx) === null) return null;
      const edit = insertFirstKey(ctx, doc, ps, line);
      return {
        severity: missing === 'apiVersion' ? 'warning' : undefined,
        fixes: edit ? [{ title: `Add \`${line}\``, preferred: true, edits: [edit] }] : undefined,
      };
    }
    if (f.keyword === 'const' && f.node.kind === 'scalar' && ps && f.node.pair?.parent === ps) {
      const key = f.node.pair.key.value;
      const found = String(f.node.value);
      if (key === 'apiVersion') {
        return { severity: 'warning', fixes: [{ title: `Change to \`${API_VERSION}\``, preferred: true, edits: [replaceString(doc.uri, f.node, API_VERSION)] }] };
      }
      if (key === 'kind' && suggestKey(found, ['AWSProviderSpec']) === 'AWSProviderSpec') {
        return { fixes: [{ title: 'Change to `AWSProviderSpec`', preferred: true, edits: [replaceString(doc.uri, f.node, 'AWSProviderSpec')] }] };
      }
      return undefined;
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
