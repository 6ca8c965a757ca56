import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-api-version-kind',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'A CredentialsRequest must say `apiVersion: cloudcredential.openshift.io/v1` and `kind: CredentialsRequest`.',
    details: 'TODO',
    sources: ['CR002 (domain §1.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
