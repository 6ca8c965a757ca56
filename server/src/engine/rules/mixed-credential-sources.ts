import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'mixed-credential-sources',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Both webhook-style env (`AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE`) and `AWS_CONFIG_FILE` are set; precedence differs per SDK.',
    details: 'TODO',
    sources: ['WL012 (domain §5, §6)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
