import { POLICY_VERSIONS } from '../domain';
import { asScalar } from '../parse/tree';
import { insertMemberEdit, jsonString } from './_iam-util';
import type { DocumentRule } from './types';

const CURRENT = '2012-10-17';

/**
 * IAM002: `Version` is `2012-10-17` (current) or `2008-10-17` (legacy, no policy variables); any
 * other value is an "Invalid version" error, a missing one a warning (IAM-UG
 * reference_policies_elements_version.md, access-analyzer checks; domain §4.1, §7.3).
 */
const rule: DocumentRule = {
  id: 'iam-version',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: '`Version` must be `2012-10-17` (or legacy `2008-10-17`).',
    details: [
      'The policy language has exactly two versions: `"2012-10-17"` (current) and `"2008-10-17"` (legacy).',
      'The value is a fixed date string, not the date you wrote the policy: the guide\'s `"2021-10-17"` is rejected by IAM',
      '(`MalformedPolicyDocument`) and by Access Analyzer ("Invalid version").',
      '',
      '- **Error**: any other value, e.g. `"2021-10-17"`.',
      '- **Warning**: `"2008-10-17"` — policy variables such as `${aws:username}` are not expanded under the legacy version.',
      '- **Warning**: no `Version` — IAM then applies the legacy version; Access Analyzer warns "Missing version".',
      '',
      '**Fix**: set `"Version": "2012-10-17"` (quick fix available).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy') return;
    const text = ctx.text(doc.uri);
    const v = doc.version;
    if (!v) {
      // Version goes first by convention: insert `"Version": "2012-10-17",` before the first member.
      const first = doc.root.pairs[0];
      let edit = insertMemberEdit(doc.uri, text, doc.root, 'Version', jsonString(CURRENT));
      if (first) {
        const ls = text.lastIndexOf('\n', first.key.start - 1) + 1;
        const before = text.slice(ls, first.key.start);
        const onOwnLine = /^[ \t]*$/.test(before) && ls > doc.root.start;
        const colon = first.value && /:\s/.test(text.slice(first.key.end, first.value.start)) ? ' ' : '';
        edit = { uri: doc.uri, start: first.key.start, end: first.key.start, newText: `${jsonString('Version')}:${colon}${jsonString(CURRENT)},${onOwnLine ? '\n' + before : colon}` };
      }
      ctx.report({
        at: { doc, node: doc.root, part: 'key' },
        severity: 'warning',
        message: `The policy has no \`Version\`: IAM then applies the legacy 2008-10-17 language (no policy variables). Add \`"Version": "${CURRENT}"\`.`,
        fixes: [{ title: `Add "Version": "${CURRENT}"`, preferred: true, edits: [edit] }],
      });
      return;
    }
    const s = asScalar(v);
    const value = s && typeof s.value === 'string' ? s.value : undefined;
    if (value === CURRENT) return;
    const fixes = [{ title: `Set Version to "${CURRENT}"`, preferred: true, edits: [{ uri: doc.uri, start: v.start, end: v.end, newText: jsonString(CURRENT) }] }];
    if (value === POLICY_VERSIONS[1]) {
      ctx.report({
        at: { doc, node: v },
        severity: 'warning',
        message: `\`Version\` "${value}" is the legacy policy language: policy variables such as \`\${aws:username}\` are not supported. Use "${CURRENT}".`,
        fixes,
      });
      return;
    }
    const found = value !== undefined ? `"${value}"` : s ? `${JSON.stringify(s.value)} (not a string)` : v.kind === 'seq' ? 'a list' : 'an object';
    ctx.report({
      at: { doc, node: v },
      message: `\`Version\` must be "${CURRENT}" (or the legacy "2008-10-17"); found ${found}. The Version is a fixed policy-language date, not the date the policy was written.`,
      fixes,
    });
  },
};

export default rule;
