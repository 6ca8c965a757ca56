import type { FileRule } from './types';

const rule: FileRule = {
  id: 'parse-limit',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'Files that cannot be checked safely: binary, larger than the limit, or YAML whose aliases expand past the budget.',
    details:
      'Files the checker will not read in full: binary files, files above 4 MiB, and YAML documents whose aliases expand past 100,000 nodes (an "alias bomb" such as billion laughs). They are reported rather than silently skipped, and checking them can never hang the editor.',
    sources: ['robustness'],
  },
  checkFile(file, ctx) {
    if (file.skipped) ctx.report({ at: { uri: file.uri, start: 0, end: 0 }, message: `Not checked: ${file.skipped.reason}.` });
  },
};

export default rule;
