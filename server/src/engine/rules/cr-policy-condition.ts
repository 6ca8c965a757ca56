import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-policy-condition',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`policyCondition` keys must be IAM condition operators mapping condition keys to strings or lists.',
    details: 'TODO',
    sources: ['CR013 (domain §1.2, §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
