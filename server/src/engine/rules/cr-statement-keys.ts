import { refineCommon, renameKey } from './_cr';
import type { DocumentRule } from './types';

/**
 * Schema-backed: statement entries are mappings with exactly `effect`, `action`, `resource` and
 * `policyCondition` (additionalProperties: false in credentials-request.schema.json). This rule adds
 * the rename repairs, and maps IAM's `Condition` to ccoctl's `policyCondition`.
 */
const rule: DocumentRule = {
  id: 'cr-statement-keys',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'Statement entry keys are exactly `effect`, `action`, `resource`, `policyCondition` (case-sensitive).',
    details: [
      'A `statementEntries` item is a Go `StatementEntry` with JSON keys `effect`, `action`, `resource` and `policyCondition`. ccoctl decodes `providerSpec` with apimachinery\'s non-strict, **case-sensitive** decoder, which silently drops every other key, and the API server does not validate providerSpec at all.',
      '',
      '**Why it matters.** Keys copied from an IAM policy (`Effect`, `Action`, `Resource`, `Condition`) or pluralised (`actions`, `resources`) are thrown away without a word: the entry then has no effect, action or resource, and IAM rejects the policy — or, for a dropped `Condition`, the permission is granted without the condition you meant.',
      '',
      '**How to fix.** Use the lowerCamel keys; IAM\'s `Condition` is `policyCondition` here. The quick fix renames the key.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (StatementEntry JSON keys)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/codec.go (case-sensitive decoding)',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    if (f.keyword === 'additionalProperties' && f.node.kind === 'scalar') {
      const key = String(f.node.value);
      const parent = f.node.parent?.kind === 'map' ? f.node.parent : undefined;
      if (/^condition(s)?$/i.test(key) && parent && !parent.pairs.some((p) => p.key.value === 'policyCondition')) {
        return {
          message: `Unknown key \`${key}\` in a statement entry; ccoctl calls IAM's Condition \`policyCondition\`. ccoctl silently drops unknown keys, so the permission would be granted without this condition.`,
          fixes: [{ title: `Rename \`${key}\` to \`policyCondition\``, preferred: true, edits: [renameKey(doc, f.node, 'policyCondition')] }],
        };
      }
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
