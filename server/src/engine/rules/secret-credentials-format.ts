import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-credentials-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The `credentials` INI needs a valid role ARN, an absolute `web_identity_token_file` and a valid `sts_regional_endpoints`.',
    details: 'TODO',
    sources: ['SEC002 (domain §2.7, §4.3, §4.5)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
