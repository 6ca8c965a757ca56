import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'missing-token-volume',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: 'A workload that mounts the ccoctl Secret also needs the projected service account token at the path the Secret names.',
    details: 'TODO',
    sources: ['WL007 (domain §2.7, §3.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
