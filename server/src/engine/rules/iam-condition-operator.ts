import { CONDITION_OPERATORS, isConditionOperator } from '../domain';
import { suggestKey } from '../schema/validate';
import type { DocumentRule } from './types';

/**
 * IAM012: every key of `Condition` is a known condition operator, optionally with the `IfExists`
 * suffix (not on `Null`) and a `ForAllValues:` / `ForAnyValue:` set prefix (IAM-UG
 * reference_policies_elements_condition_operators.md; domain §4.1). The shape of the values is
 * checked by the schema (`x-irsa-rule: iam-condition-operator`).
 */
const rule: DocumentRule = {
  id: 'iam-condition-operator',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: 'Condition operators must be known IAM operators (with optional `IfExists`, `ForAllValues:`/`ForAnyValue:`).',
    details: [
      '`Condition` maps an **operator** to a map of condition keys and values:',
      '`"Condition": { "StringEquals": { "<oidc-issuer>:sub": "system:serviceaccount:<namespace>:<service-account>" } }`.',
      'IAM rejects a policy whose operator it does not know (`StringEqual`, `stringEquals`, `NullIfExists`).',
      '',
      `Operators: ${CONDITION_OPERATORS.map((o) => `\`${o}\``).join(', ')}.`,
      'Every operator except `Null` may take the `IfExists` suffix; multivalued keys take the `ForAllValues:` or',
      '`ForAnyValue:` prefix. Each value is a string (or number/boolean) or a list of them.',
      '',
      '**Fix**: spell the operator exactly as listed (operators are case-sensitive).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy') return;
    for (const st of doc.statements) {
      if (st.condition?.kind !== 'map') continue;
      for (const p of st.condition.pairs) {
        const op = String(p.key.value);
        if (isConditionOperator(op)) continue;
        const m = /^(ForAllValues:|ForAnyValue:)?(.*?)(IfExists)?$/i.exec(op)!;
        let message: string;
        if (/^null$/i.test(m[2]!) && m[3]) {
          message = `\`${op}\`: the \`Null\` operator cannot take the \`IfExists\` suffix; use \`Null\`.`;
        } else {
          const prefix = m[1] ? (/^forall/i.test(m[1]) ? 'ForAllValues:' : 'ForAnyValue:') : '';
          const base = suggestKey(m[2]!, [...CONDITION_OPERATORS]);
          const suffix = m[3] && base !== 'Null' ? 'IfExists' : '';
          const hint = base ? `${prefix}${base}${suffix}` : undefined;
          message = `Unknown condition operator \`${op}\`${hint && hint !== op ? `; did you mean \`${hint}\`? Operators are case-sensitive` : ''}. Known operators: StringEquals, StringLike, ArnLike, Bool, Null, … with an optional \`IfExists\` suffix and \`ForAllValues:\`/\`ForAnyValue:\` prefix.`;
        }
        ctx.report({ at: { doc, node: p.key }, message });
      }
    }
  },
};

export default rule;
