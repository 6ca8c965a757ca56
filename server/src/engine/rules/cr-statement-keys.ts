import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-statement-keys',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Statement entry keys are exactly `effect`, `action`, `resource`, `policyCondition` (case-sensitive; others are silently dropped).',
    details: 'TODO',
    sources: ['CR009 (domain §1.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
