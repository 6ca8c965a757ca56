import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-sts-iam-role-arn',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`providerSpec.stsIAMRoleARN` is only used by the in-cluster CCO (OLM flow); ccoctl ignores it.',
    details: 'TODO',
    sources: ['CR016 (domain §1.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
