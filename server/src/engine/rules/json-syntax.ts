import type { FileRule } from './types';

const rule: FileRule = {
  id: 'json-syntax',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'JSON must parse, with no duplicate keys (e.g. `"Statement": { { … } }` is invalid).',
    details:
      'IAM rejects a policy document that is not valid JSON (MalformedPolicyDocument), and one with repeated keys is read differently by different parsers. `"Statement": { { … } }` (from the guide) is the classic case: an object cannot contain bare objects; several statements go in an array, `"Statement": [ { … } ]`. The checker recovers from that case and still checks the statements inside.',
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (policy grammar: JSON objects, no duplicate elements)',
    ],
  },
  checkFile(file, ctx) {
    // A package.json is read as a dependency manifest (issue #14); its JSON problems are still JSON's.
    if (file.language !== 'json' && !(file.language === 'manifest' && file.foreignSyntax)) return;
    // A file that is none of ours: one finding, info level, no fix (issue 12: it was "no problems").
    const foreign = file.foreignSyntax;
    if (foreign) {
      ctx.report({ at: { uri: file.uri, start: foreign.start, end: foreign.end }, message: `Not an IRSA file, but it cannot be read as JSON: ${foreign.message}`, severity: 'info' });
      return;
    }
    for (const doc of file.documents) {
      for (const issue of doc.syntaxIssues) {
        ctx.report({
          at: { uri: file.uri, start: issue.start, end: issue.end },
          message: issue.message,
          fixes: issue.fix ? [{ title: issue.fix.title, preferred: true, edits: [{ uri: file.uri, start: issue.fix.start, end: issue.fix.end, newText: issue.fix.newText }, ...(issue.fix.more ?? []).map((e) => ({ uri: file.uri, ...e }))] }] : undefined,
        });
      }
    }
  },
};

export default rule;
