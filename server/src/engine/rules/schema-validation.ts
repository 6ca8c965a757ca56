import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'schema-validation',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'workload', 'iamPolicy'],
  docs: {
    summary: 'A document does not match its JSON schema (errors no more specific rule claims).',
    details: 'TODO',
    sources: ['schemas/'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
