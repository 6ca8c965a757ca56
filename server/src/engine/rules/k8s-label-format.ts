import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'k8s-label-format',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'workload', 'serviceAccount'],
  docs: {
    summary: 'Label keys and values must be valid Kubernetes label syntax (value ≤ 63 characters).',
    details: 'TODO',
    sources: ['CR018 (domain §3.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
