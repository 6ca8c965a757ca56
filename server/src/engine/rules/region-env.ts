import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'region-env',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Set `AWS_REGION` (JS, Go, Java) and `AWS_DEFAULT_REGION` (boto3); the ccoctl Secret has no region.',
    details: 'TODO',
    sources: ['WL010 (domain §5.1, §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
