import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'namespace-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The workload must run in the CredentialsRequest's `secretRef.namespace`.",
    details: 'TODO',
    sources: ['WL002 (domain §2.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
