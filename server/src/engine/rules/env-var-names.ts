import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'env-var-names',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Environment variable names must match `[-._a-zA-Z][-._a-zA-Z0-9]*` and be unique in a container.',
    details: 'TODO',
    sources: ['WL011 (domain §3.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
