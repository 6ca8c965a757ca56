import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'oidc-principal-condition',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'A Federated OIDC principal needs a `:sub` (and ideally `:aud`) condition.',
    details: 'TODO',
    sources: ['IAM010 (domain §4.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
