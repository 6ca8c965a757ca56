import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'token-expiration',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'The projected token needs a `path`, and `expirationSeconds` between 600 and 2^32.',
    details: 'TODO',
    sources: ['WL005 (domain §3.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
