import { str } from '../parse/tree';
import { dnsForm, dnsProblem, dnsRepair, refineCommon } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

const SA_PREFIX = 'system:serviceaccount:';

/**
 * Schema-backed: `serviceAccountNames` is a non-empty list of strings. Checked here: each entry is
 * a bare ServiceAccount name (DNS-1123 subdomain), without `system:serviceaccount:` or wildcards,
 * because ccoctl writes `system:serviceaccount:<secretRef.namespace>:<entry>` under StringEquals.
 */
const rule: DocumentRule = {
  id: 'cr-service-account-names',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`spec.serviceAccountNames` must be a non-empty list of bare ServiceAccount names (no prefix, no wildcard).',
    details: [
      'ccoctl builds the role\'s trust policy from `serviceAccountNames`: `"StringEquals": {"<issuer>:sub": ["system:serviceaccount:<secretRef.namespace>:<name>", …]}`. With an empty or missing list it stops with "CredentialsRequest must provide ServieAccounts to bind the Role policy to" (sic).',
      '',
      '**Why it matters.** Because the condition is `StringEquals`, an entry with `*` matches nothing, and an entry that already carries `system:serviceaccount:<ns>:` is doubled into `system:serviceaccount:<ns>:system:serviceaccount:<ns>:<name>`. In both cases STS refuses the pod\'s token ("Not authorized to perform sts:AssumeRoleWithWebIdentity"). Entries must be valid ServiceAccount names (DNS-1123 subdomain).',
      '',
      '**How to fix.** List the exact names of the service accounts the workloads run as (`serviceAccountName` in the pod spec), in `secretRef.namespace`. The quick fix strips a `system:serviceaccount:<ns>:` prefix.',
      '',
      'See domain.md §2.3 (ccoctl validations), §2.5 (trust policy) and §3.4/§3.5 (service account names); §8.1 CR007.',
    ].join('\n'),
    sources: ['CR007 (domain §2.3, §2.5, §3.4, §3.5)'],
  },
  check(doc, ctx) {
    if (doc.kind !== 'credentialsRequest') return;
    const ns = str(doc.secretRef?.namespace);
    for (const node of doc.serviceAccountNames) {
      if (typeof node.value !== 'string') continue; // the schema reports non-strings
      const v = node.value;
      if (v.startsWith(SA_PREFIX)) {
        const rest = v.slice(SA_PREFIX.length);
        const parts = rest.split(':');
        const bare = parts[parts.length - 1]!;
        const nsNote = parts.length === 2 && ns && parts[0] !== ns ? ` Note that ccoctl uses secretRef.namespace "${ns}", not "${parts[0]}", as the namespace.` : '';
        ctx.report({
          at: { doc, node },
          message: `\`serviceAccountNames\` entry "${v}" carries the \`${SA_PREFIX}\` prefix; ccoctl adds \`${SA_PREFIX}<secretRef.namespace>:\` itself, so the trust policy would never match. Write only the name "${bare}".${nsNote}`,
          fixes: bare && !dnsProblem(bare, 'subdomain') ? [{ title: `Change to \`${bare}\``, preferred: true, edits: [replaceString(doc.uri, node, bare)] }] : undefined,
        });
        continue;
      }
      if (/[*?]/.test(v)) {
        ctx.report({
          at: { doc, node },
          message: `\`serviceAccountNames\` entry "${v}" contains a wildcard, but ccoctl's trust policy compares the subject with StringEquals, so it matches no service account. List each service account name exactly.`,
        });
        continue;
      }
      const problem = dnsProblem(v, 'subdomain');
      if (!problem) continue;
      const repair = dnsRepair(v, 'subdomain');
      ctx.report({
        at: { doc, node },
        message: `\`serviceAccountNames\` entry "${v}" is not a valid ServiceAccount name: ${problem}. It must be ${dnsForm('subdomain')}.${repair ? ` Use "${repair}".` : ''}`,
        fixes: repair ? [{ title: `Change to \`${repair}\``, preferred: true, edits: [replaceString(doc.uri, node, repair)] }] : undefined,
      });
    }
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
