import { nestedInAction, refineCommon, sourceOf } from './_cr';
import type { DocumentRule } from './types';

/**
 * Schema-backed: `resource` is required and is one string (`*` or an ARN). Adds the repair for a
 * one-item list.
 */
const rule: DocumentRule = {
  id: 'cr-statement-resource',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'Statement `resource` must be a single string (`*` or one ARN), not a list.',
    details: [
      '`StatementEntry.resource` is a Go `string`. IAM policies accept a list of resources, but ccoctl\'s decoder fails on `resource: [a, b]` (or a YAML sequence) with "Failed to decode the provider spec". The value is `*` or an ARN `arn:<partition>:<service>:<region>:<account>:<resource>`.',
      '',
      '**Why it matters.** One entry with a list stops ccoctl for the whole directory; a missing resource makes IAM reject the policy.',
      '',
      '**How to fix.** Write one string. For several resources, write one statement entry per resource (same effect and actions). A one-item list is turned into a string by the quick fix.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (StatementEntry.Resource is one string)',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    const node = f.node;
    if (f.keyword === 'required' && nestedInAction(node, 'resource')) return null;
    if (f.keyword === 'type' && node.kind === 'seq' && node.pair?.key.value === 'resource') {
      if (node.items.length === 1 && node.items[0]!.kind === 'scalar' && typeof node.items[0]!.value === 'string') {
        const item = node.items[0]!;
        return {
          fixes: [{ title: `Use the single string ${sourceOf(ctx, doc, item)}`, preferred: true, edits: [{ uri: doc.uri, start: node.pair.key.end, end: node.end, newText: `: ${sourceOf(ctx, doc, item)}` }] }],
        };
      }
      if (node.items.length > 1) {
        return { message: `\`resource\` must be a single string, but this is a list of ${node.items.length}: ccoctl decodes it as a Go string, so it fails with "Failed to decode the provider spec". Write one statement entry per resource, each with the same effect and actions.` };
      }
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
