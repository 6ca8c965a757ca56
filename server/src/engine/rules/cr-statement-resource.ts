import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-statement-resource',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Statement `resource` must be a single string (`*` or an ARN), not a list.',
    details: 'TODO',
    sources: ['CR012 (domain §1.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
