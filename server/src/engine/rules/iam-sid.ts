import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-sid',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: '`Sid` may contain only `[A-Za-z0-9]` and must be unique in the policy.',
    details: 'TODO',
    sources: ['IAM011 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
