import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-statement-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: '`Statement` is an object or a non-empty list of objects.',
    details: 'TODO',
    sources: ['IAM003 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
