import type { DocumentRule } from './types';

/**
 * IAM003: `Statement` is one statement object or a non-empty array of them (IAM-UG
 * reference_policies_grammar.md; domain §4.1). The shape of `Statement` and of each statement's
 * members is checked by the IAM schemas (`x-irsa-rule: iam-statement-shape`); the code only reports
 * a missing `Statement`, on the document's first line instead of the whole document.
 */
const rule: DocumentRule = {
  id: 'iam-statement-shape',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: '`Statement` is an object or a non-empty list of objects.',
    details: [
      'An IAM policy has one `Statement` element: either a single statement object `{ … }` or an array of them `[ { … }, { … } ]`.',
      'An empty array, a string, or an object that directly contains other objects (the guide\'s `"Statement": { { … } }`,',
      'reported by `json-syntax`) is rejected by IAM with `MalformedPolicyDocument`.',
      '',
      'Each statement may only contain `Sid`, `Effect`, `Principal`/`NotPrincipal`, `Action`/`NotAction`,',
      '`Resource`/`NotResource` and `Condition` (keys are case-sensitive: `action` is not `Action`).',
      '`Action`, `Resource` and principal values are a string or a list of strings (a single value may drop the brackets).',
      '',
      '**Fix**: write `"Statement": [ { "Effect": "Allow", … } ]`, and spell the element names exactly.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.statementNode) return;
    ctx.report({
      at: { doc, node: doc.root, part: 'key' },
      message: 'The policy has no `Statement`: add `"Statement": [ { "Effect": "Allow", "Action": …, … } ]` (IAM rejects a policy without statements).',
    });
  },
};

export default rule;
