import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'aws-config-file-path',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "`AWS_CONFIG_FILE` must be the secret's mountPath + `/credentials`, in the container that mounts it.",
    details: 'TODO',
    sources: ['WL008 (domain §3.2, §5.1)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
