import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'ccoctl-role-name-truncated',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'The ccoctl role name `<prefix>-<ns>-<secret>` is longer than 64 characters and will be cut.',
    details: 'TODO',
    sources: ['CR014 (domain §2.4)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
