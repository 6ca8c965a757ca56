import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-action-required',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'Each statement needs exactly one of `Action` or `NotAction`.',
    details: 'TODO',
    sources: ['IAM004 (domain §4.1, §4.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
