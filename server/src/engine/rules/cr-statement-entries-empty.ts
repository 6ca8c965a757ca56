import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-statement-entries-empty',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`providerSpec.statementEntries` should be a non-empty list (an empty policy is rejected by IAM).',
    details: 'TODO',
    sources: ['CR008 (domain §1.2, §2.6)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
