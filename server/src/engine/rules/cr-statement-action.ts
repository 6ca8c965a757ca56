import type { MapNode, SeqNode, TreeNode } from '../parse/tree';
import { columnOf, refineCommon, sourceOf } from './_cr';
import { indentLike, lineEndInclusive, lineStart, replaceString } from './_util';
import type { DocRef } from '../model/types';
import type { FixSpec, RuleContext } from './types';
import type { DocumentRule } from './types';

const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;

/**
 * For the guide's mistake (domain §7.2): `effect`/`resource` written as a mapping item of the
 * `action` list. Moves the item's keys up to the statement entry when that is a safe line edit:
 * the item is the last of the list, not the only one, and each key fits on one line.
 */
function hoistFix(ctx: RuleContext, doc: DocRef, entry: MapNode, seq: SeqNode, item: MapNode): FixSpec[] | undefined {
  const text = ctx.text(doc.uri);
  if (seq.items[seq.items.length - 1] !== item || seq.items.length < 2 || text[item.start] === '{') return undefined;
  const actionKey = entry.pairs.find((p) => p.value === seq)?.key;
  if (!actionKey) return undefined;
  const col = columnOf(text, actionKey.start);
  const lines: string[] = [];
  for (const p of item.pairs) {
    if (entry.pairs.some((e) => e.key.value === p.key.value)) return undefined;
    const end = p.value ? p.value.end : p.key.end;
    if (p.value && p.value.kind !== 'scalar') return undefined;
    if (text.slice(p.key.start, end).includes('\n')) return undefined;
    const eol = lineEndInclusive(text, end);
    lines.push(' '.repeat(col) + text.slice(p.key.start, eol).replace(/\r?\n$/, ''));
  }
  const start = lineStart(text, item.start);
  const last = item.pairs[item.pairs.length - 1]!;
  const end = lineEndInclusive(text, last.value ? last.value.end : last.key.end);
  const nl = text[end - 1] === '\n' ? '\n' : '';
  return [{ title: `Move ${item.pairs.map((p) => `\`${String(p.key.value)}\``).join(' and ')} out of the \`action\` list`, preferred: true, edits: [{ uri: doc.uri, start, end, newText: lines.join('\n') + nl }] }];
}

function parentEntry(node: TreeNode): MapNode | undefined {
  const p = node.pair?.parent;
  return p && p.kind === 'map' ? p : undefined;
}

/**
 * Schema-backed: `action` is a non-empty YAML list of `*` / `service:Action` strings. Adds repairs:
 * a single string becomes a one-item list; a mapping item holding `effect`/`resource` is moved out.
 */
const rule: DocumentRule = {
  id: 'cr-statement-action',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'Statement `action` must be a YAML list of `service:Action` strings.',
    details: [
      '`StatementEntry.action` is a Go `[]string`. Unlike an IAM policy, where a single action may be written without brackets, ccoctl\'s decoder fails on a plain string (`action: sts:AssumeRole`) and on any item that is not a string, with "Failed to decode the provider spec". Each item is `*` or `<service>:<Action>` with optional `*`/`?` wildcards (`sts:AssumeRole`, `dynamodb:Get*`).',
      '',
      '**Why it matters.** The guide\'s example indents `effect:` and `resource:` under the `- sts:AssumeRole` item. Depending on the indentation this is a YAML syntax error (reported by `yaml-syntax`) or valid YAML in which `action` gets a second item `{effect: Allow, resource: …}` — a decode error, and the entry has no effect and no resource.',
      '',
      '**How to fix.** Write the action list as a YAML sequence at the entry level, with `effect` and `resource` as siblings of `action`:',
      '',
      '```yaml',
      '- effect: Allow',
      '  action:',
      '  - sts:AssumeRole',
      '  resource: arn:aws:iam::444455556666:role/dynamodb-reader',
      '```',
      '',
      'Quick fixes turn a single string into a list and move a misplaced `effect`/`resource` out of the list.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (StatementEntry.Action is a list)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    const node = f.node;
    if (f.keyword === 'type' && node.pair?.key.value === 'action' && node.kind === 'scalar' && typeof node.value === 'string') {
      const text = ctx.text(doc.uri);
      const key = node.pair.key;
      // A plain scalar folded over several lines cannot move under `- ` as written (its continuation
      // lines would then be less indented than the item); write its value on one line instead.
      const src = sourceOf(ctx, doc, node);
      const item = src.includes('\n') ? JSON.stringify(node.value) : src;
      return {
        fixes: [
          {
            title: 'Make `action` a list',
            preferred: true,
            edits: [{ uri: doc.uri, start: key.end, end: node.end, newText: `:\n${indentLike(text, key.start)}  - ${item}` }],
          },
        ],
      };
    }
    if (f.keyword === 'type' && node.kind === 'map' && node.parent?.kind === 'seq' && node.parent.pair?.key.value === 'action') {
      const seq = node.parent;
      const entry = parentEntry(seq);
      const keys = node.pairs.map((p) => `\`${String(p.key.value)}\``);
      const misplaced = node.pairs.some((p) => ['effect', 'resource', 'policyCondition'].includes(String(p.key.value)));
      if (!misplaced) return undefined;
      return {
        message: `Item ${seq.items.indexOf(node) + 1} of \`action\` is a mapping with ${keys.join(' and ')}: ${keys.length > 1 ? 'these keys are' : 'this key is'} indented as an item of the \`action\` list instead of the statement entry, so ccoctl fails to decode the provider spec and the entry has no ${keys.join('/')}. Write ${keys.length > 1 ? 'them' : 'it'} at the same indentation as \`action:\`.`,
        fixes: entry ? hoistFix(ctx, doc, entry, seq, node) : undefined,
      };
    }
    if (f.keyword === 'pattern' && node.kind === 'scalar' && typeof node.value === 'string') {
      const dotted = node.value.replace(/^([A-Za-z0-9-]+)[.\s]+/, '$1:');
      if (dotted !== node.value && ACTION.test(dotted)) {
        return { fixes: [{ title: `Change to \`${dotted}\``, preferred: true, edits: [replaceString(doc.uri, node, dotted)] }] };
      }
      return undefined;
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
