import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'deprecated-service-account',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`serviceAccount` is deprecated; use `serviceAccountName`.',
    details: 'TODO',
    sources: ['WL001 (domain §3.4, §7.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
