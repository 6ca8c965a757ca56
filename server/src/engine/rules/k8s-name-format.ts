import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'k8s-name-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'workload', 'serviceAccount'],
  docs: {
    summary: 'Object names and namespaces must be DNS-1123 names within Kubernetes length limits.',
    details: 'TODO',
    sources: ['domain §3.5'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
