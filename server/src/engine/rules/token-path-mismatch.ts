import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'token-path-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The token's mountPath + `/` + path must equal `web_identity_token_file` in the ccoctl Secret.",
    details: 'TODO',
    sources: ['WL007 (domain §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
