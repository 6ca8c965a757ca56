import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'trust-policy-size',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'The trust policy exceeds 2048 non-whitespace characters (the default IAM quota).',
    details: 'TODO',
    sources: ['IAM013 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
