import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'iam-condition-operator',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'Condition operators must be known IAM operators (with optional `IfExists`, `ForAllValues:`/`ForAnyValue:`).',
    details: 'TODO',
    sources: ['IAM012 (domain §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
