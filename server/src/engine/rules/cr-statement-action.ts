import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-statement-action',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Statement `action` must be a list of `service:Action` strings.',
    details: 'TODO',
    sources: ['CR011 (domain §1.2, §7.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
