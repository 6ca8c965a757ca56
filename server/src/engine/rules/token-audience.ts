import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'token-audience',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: "The projected token's `audience` must be one the OIDC provider accepts (`openshift` or `sts.amazonaws.com`).",
    details: 'TODO',
    sources: ['WL006 (domain §6, §4.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
