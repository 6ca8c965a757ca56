import { CONDITION_OPERATORS, isConditionOperator } from '../domain';
import { asMap } from '../parse/tree';
import { refineCommon, suggestKey, isAwsRequest } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

/**
 * The corrected spelling of a condition operator (`stringequals` → `StringEquals`,
 * `ForAnyValues:StringLike` → `ForAnyValue:StringLike`), or undefined (IAM-UG condition operators).
 */
export function suggestOperator(op: string): string | undefined {
  const m = /^(for\s*all\s*values?:|for\s*any\s*values?:)?(.*?)(if\s*exists)?$/i.exec(op.trim());
  if (!m) return undefined;
  const prefix = m[1] ? (/all/i.test(m[1]) ? 'ForAllValues:' : 'ForAnyValue:') : '';
  const base = suggestKey(m[2]!, [...CONDITION_OPERATORS]);
  if (!base) return undefined;
  const out = `${prefix}${base}${m[3] ? 'IfExists' : ''}`;
  return out !== op && isConditionOperator(out) ? out : undefined;
}

/**
 * `policyCondition` operators must be IAM condition operators (checked here); the shape
 * `{operator: {key: value | [values]}}` is schema-backed.
 */
const rule: DocumentRule = {
  id: 'cr-policy-condition',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`policyCondition` keys must be IAM condition operators mapping condition keys to a value or a list of values.',
    details: [
      'ccoctl copies `policyCondition` verbatim into the statement\'s IAM `Condition`, so it has the IAM shape: `{<operator>: {<condition key>: <value or list of values>}}`. Operators are `StringEquals`, `StringLike`, `ArnLike`, `Bool`, `IpAddress`, `NumericLessThan`, … (case-sensitive), optionally with the `IfExists` suffix (not on `Null`) and the `ForAllValues:` / `ForAnyValue:` prefix.',
      '',
      '**Why it matters.** Neither the API server nor ccoctl checks the condition; an unknown operator (`StringEqual`, `stringEquals`) or a nested mapping as a value makes PutRolePolicy fail with MalformedPolicyDocument when ccoctl runs.',
      '',
      '**How to fix.** Use the exact operator name (the quick fix corrects near misses) and give each condition key a string, number, boolean or a list of them, e.g.',
      '',
      '```yaml',
      'policyCondition:',
      '  StringEquals:',
      '    aws:RequestedRegion: eu-west-2',
      '```',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (IAMPolicyCondition)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc)) return;
    for (const e of doc.statementEntries) {
      const pc = asMap(e.policyCondition);
      if (!pc) continue;
      for (const p of pc.pairs) {
        const op = String(p.key.value);
        if (isConditionOperator(op)) continue;
        const hint = suggestOperator(op);
        ctx.report({
          at: { doc, node: p.key },
          message: `\`${op}\` is not an IAM condition operator${hint ? `; did you mean \`${hint}\`?` : ' (StringEquals, StringLike, ArnLike, Bool, IpAddress, NumericLessThan, …, with optional IfExists and ForAllValues:/ForAnyValue:).'} IAM rejects the policy when ccoctl attaches it.`,
          fixes: hint ? [{ title: `Change to \`${hint}\``, preferred: true, edits: [replaceString(doc.uri, p.key, hint)] }] : undefined,
        });
      }
    }
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
