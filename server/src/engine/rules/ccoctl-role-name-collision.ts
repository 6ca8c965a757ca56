import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'ccoctl-role-name-collision',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Two CredentialsRequests map to the same ccoctl role name or the same secretRef (one overwrites the other).',
    details: 'TODO',
    sources: ['CR014 (domain §2.4, §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
