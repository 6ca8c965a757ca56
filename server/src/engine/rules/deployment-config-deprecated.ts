import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'deployment-config-deprecated',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`apps.openshift.io/v1` DeploymentConfig is deprecated since OpenShift 4.14.',
    details: 'TODO',
    sources: ['WL013 (domain §3.6)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
