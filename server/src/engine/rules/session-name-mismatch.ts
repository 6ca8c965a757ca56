import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'session-name-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: "An assumed-role principal's session must equal the workload's `AWS_ROLE_SESSION_NAME`.",
    details: 'TODO',
    sources: ['IAM009 (domain §4.1, §5.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
