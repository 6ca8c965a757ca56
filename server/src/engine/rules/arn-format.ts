import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'arn-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest', 'ccoctlSecret'],
  docs: {
    summary: 'ARNs must be well formed: partition, 12-digit account, `role/…`, `assumed-role/<role>/<session>`, `oidc-provider/<host>`; no placeholders.',
    details: 'TODO',
    sources: ['IAM008 (domain §4.1, §4.3)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
