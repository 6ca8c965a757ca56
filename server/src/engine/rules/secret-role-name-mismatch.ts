import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-role-name-mismatch',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: "The Secret's `role_arn` names a role other than the one ccoctl derives for its CredentialsRequest.",
    details: 'TODO',
    sources: ['SEC005 (domain §2.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
