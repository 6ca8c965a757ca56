import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-provider-spec-kind',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`spec.providerSpec` must be `kind: AWSProviderSpec` (ccoctl: "is not of type AWS").',
    details: 'TODO',
    sources: ['CR006 (domain §1.2, §2.3)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
