import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-matches-secret-ref',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: "The Secret's name and namespace must equal a CredentialsRequest's `spec.secretRef`.",
    details: 'TODO',
    sources: ['SEC004 (domain §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
