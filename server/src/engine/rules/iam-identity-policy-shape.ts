import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-identity-policy-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'An identity policy needs exactly one of `Resource`/`NotResource` and no `Principal`.',
    details: 'TODO',
    sources: ['IAM005 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
