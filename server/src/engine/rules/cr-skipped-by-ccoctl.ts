import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-skipped-by-ccoctl',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Annotations that make ccoctl skip this CredentialsRequest.',
    details: 'TODO',
    sources: ['CR017 (domain §2.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
