import type { FileRule } from './types';

const rule: FileRule = {
  id: 'credrequests-dir-content',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'Every YAML document in the `--credentials-requests-dir` directory is decoded as a CredentialsRequest by ccoctl.',
    details: 'TODO',
    sources: ['CR003 (domain §2.2)'],
  },
  checkFile(_file, _ctx) {
    // TODO
  },
};

export default rule;
