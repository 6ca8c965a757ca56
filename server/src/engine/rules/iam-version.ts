import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-version',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: '`Version` must be `2012-10-17` (or legacy `2008-10-17`).',
    details: 'TODO',
    sources: ['IAM002 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
