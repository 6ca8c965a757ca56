import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'role-session-name-format',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`AWS_ROLE_SESSION_NAME` must match `[\\w+=,.@-]{2,64}`.',
    details: 'TODO',
    sources: ['WL009 (domain §4.4, §5.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
