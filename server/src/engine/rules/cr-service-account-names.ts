import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-service-account-names',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`spec.serviceAccountNames` must list the service accounts (ccoctl: "must provide ServieAccounts").',
    details: 'TODO',
    sources: ['CR007 (domain §2.3, §2.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
