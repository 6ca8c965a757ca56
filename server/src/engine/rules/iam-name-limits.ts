import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-name-limits',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'Role names are 1–64 `[\\w+=,.@-]` characters; session names 2–64.',
    details: 'TODO',
    sources: ['IAM014 (domain §4.3, §4.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
