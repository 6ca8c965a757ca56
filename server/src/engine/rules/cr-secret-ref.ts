import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-secret-ref',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`spec.secretRef` needs a `name` (DNS-1123 subdomain) and a `namespace` (DNS-1123 label).',
    details: 'TODO',
    sources: ['CR004, CR005 (domain §1.1, §2.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
