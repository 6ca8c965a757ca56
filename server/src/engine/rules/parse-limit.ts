import { MAX_EXPANDED_DEPTH } from '../parse/tree';
import { MAX_NESTING_DEPTH, MAX_NODES } from '../parse/types';
import type { FileRule } from './types';
import { groupThousands } from '../format';

const rule: FileRule = {
  id: 'parse-limit',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'Files that cannot be checked safely: binary, larger than the limit, nested too deep, too many nodes, or YAML whose aliases expand past the budget.',
    details:
      `Files the checker will not read in full: binary files, files above 4 MiB, files whose lists and mappings nest more than ${MAX_NESTING_DEPTH} levels deep or that hold more than ${groupThousands(MAX_NODES)} YAML/JSON nodes (keys, values and list items), and YAML documents whose aliases expand past 100,000 nodes or ${MAX_EXPANDED_DEPTH} levels (an "alias bomb" such as billion laughs). They are reported rather than silently skipped, and checking them can never hang or crash the editor.`,
    sources: [
      'server/src/engine/parse/types.ts (MAX_NESTING_DEPTH, MAX_NODES: the limits and why they exist)',
      'https://en.wikipedia.org/wiki/Billion_laughs_attack (YAML alias expansion)',
    ],
  },
  checkFile(file, ctx) {
    if (file.skipped) {
      const { reason, start = 0, end = start } = file.skipped;
      ctx.report({ at: { uri: file.uri, start, end }, message: `Not checked: ${reason}.` });
    }
  },
};

export default rule;
