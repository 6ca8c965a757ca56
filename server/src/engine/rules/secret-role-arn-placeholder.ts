import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-role-arn-placeholder',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'The ccoctl `--dry-run` placeholder or an empty `role_arn` is still in the Secret.',
    details: 'TODO',
    sources: ['SEC001 (domain §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
