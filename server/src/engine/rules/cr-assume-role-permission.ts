import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'cr-assume-role-permission',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: "A role that a trust policy lets this CredentialsRequest's role assume needs a statement allowing `sts:AssumeRole`.",
    details: 'TODO',
    sources: ['CR020 (domain §4.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
