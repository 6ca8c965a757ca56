import type { DocumentRule } from './types';

const rule: DocumentRule = {
  id: 'secret-volume-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'A secret volume needs `secretName`, a `defaultMode` within 0–0777 and relative `items[].path` without `..`.',
    details: 'TODO',
    sources: ['WL004 (domain §3.2)'],
  },
  check(_doc, _ctx) {
    // TODO
  },
};

export default rule;
