import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-effect',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: '`Effect` must be `Allow` or `Deny`.',
    details: 'TODO',
    sources: ['IAM004 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
