import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-inline-policy-size',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'The inline policy ccoctl builds from statementEntries exceeds the IAM inline-policy size quota.',
    details: 'TODO',
    sources: ['CR021 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
