import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'volume-mount-references',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Every volumeMount names a volume of the pod; volume names and mount paths are unique.',
    details: 'TODO',
    sources: ['WL003 (domain §3.3)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
