import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'trust-action-principal-mismatch',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'The trust action must match the principal: OIDC → `sts:AssumeRoleWithWebIdentity`, AWS → `sts:AssumeRole`.',
    details: 'TODO',
    sources: ['IAM007 (domain §4.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
