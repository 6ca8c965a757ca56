import type { FileRule } from './types';

const rule: FileRule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'YAML must parse: unterminated quotes, bad indentation and tabs break ccoctl for the whole directory.',
    details:
      'A YAML syntax error makes `ccoctl aws create-iam-roles` abort for the whole `--credentials-requests-dir` ("Failed to decode to CredentialsRequest") and `oc apply` reject the file. The most common ones in IRSA files are an unterminated quote (`"1.01`), which swallows the rest of the file, and a key indented under a list item (`effect:` under `- sts:AssumeRole`). After an unterminated quote the checker closes it at the end of its line and keeps going, so later mistakes in the same file are reported too.',
    sources: ['CR001 (domain §2.2, §7.1)'],
  },
  checkFile(file, ctx) {
    if (file.language !== 'yaml') return;
    for (const doc of file.documents) {
      for (const issue of doc.syntaxIssues) {
        ctx.report({
          at: { uri: file.uri, start: issue.start, end: issue.end },
          message: issue.message,
          fixes: issue.fix ? [{ title: issue.fix.title, preferred: true, edits: [{ uri: file.uri, start: issue.fix.start, end: issue.fix.end, newText: issue.fix.newText }] }] : undefined,
        });
      }
    }
  },
};

export default rule;
