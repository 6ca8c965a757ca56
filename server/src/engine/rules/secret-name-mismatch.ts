import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-name-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The secret volume's `secretName` must be the CredentialsRequest's `secretRef.name`.",
    details: 'TODO',
    sources: ['WL004 (domain §3.2, §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
