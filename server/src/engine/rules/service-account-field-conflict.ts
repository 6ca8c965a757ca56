import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'service-account-field-conflict',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`serviceAccount` and `serviceAccountName` are both set and differ; `serviceAccountName` silently wins.',
    details: 'TODO',
    sources: ['WL001 (domain §3.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
