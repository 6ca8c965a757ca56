import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'trust-role-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'An assumed-role principal must name the role ccoctl creates for the CredentialsRequest.',
    details: 'TODO',
    sources: ['IAM009 (domain §2.4, §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
