import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-role-name-key',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: '`role_name` is not an SDK setting; the key is `role_arn`.',
    details: 'TODO',
    sources: ['SEC003 (domain §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
