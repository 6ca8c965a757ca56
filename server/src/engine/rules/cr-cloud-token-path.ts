import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-cloud-token-path',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: '`spec.cloudTokenPath` is ignored by ccoctl, which always writes `/var/run/secrets/openshift/serviceaccount/token`.',
    details: 'TODO',
    sources: ['CR015 (domain §1.1, §2.7)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
