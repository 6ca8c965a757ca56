import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'trust-policy-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'A trust policy needs a `Principal`, has no `NotPrincipal`, no `Resource`/`NotResource`, and no `*` principal.',
    details: 'TODO',
    sources: ['IAM006 (domain §4.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
