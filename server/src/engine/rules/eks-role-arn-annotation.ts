import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'eks-role-arn-annotation',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['serviceAccount'],
  docs: {
    summary: 'A ServiceAccount annotated `eks.amazonaws.com/role-arn` with no pod in its namespace using it, or a malformed ARN.',
    details: 'TODO',
    sources: ['WL014 (domain §6)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
