import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'service-account-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The pod's service account must be one of the CredentialsRequest's `serviceAccountNames` (the trust policy's `sub`).",
    details: 'TODO',
    sources: ['WL002 (domain §2.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
