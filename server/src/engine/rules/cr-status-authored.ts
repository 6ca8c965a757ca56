import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-status-authored',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`status` is written by the operator and should not be authored in source files.',
    details: 'TODO',
    sources: ['CR019 (domain §1.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
