import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-statement-effect',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Statement `effect` must be `Allow` or `Deny`.',
    details: 'TODO',
    sources: ['CR010 (domain §1.2, §4.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
