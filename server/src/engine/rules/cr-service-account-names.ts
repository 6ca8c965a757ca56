import { str } from '../parse/tree';
import { isNamePlaceholder } from '../model/unknown';
import { dirOfUri } from '../model/uri';
import { dnsForm, dnsProblem, dnsRepair, refineCommon, isAwsRequest } from './_cr';
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
      '**When a missing or empty list is reported.** The CRD makes `serviceAccountNames` optional and the in-cluster operator does not use it; only ccoctl needs it. So a missing or empty list is reported only for a request in a ccoctl input folder: one named `credrequests`, `credreqs` or `credentials-requests`, or one holding nothing but CredentialsRequests. An operator\'s own request in `manifests/` or `assets/`, beside its Deployments and RBAC, is created in the cluster (mint mode) and is not reported (openshift/cloud-credential-operator `pkg/apis/cloudcredential/v1/types_credentialsrequest.go`).',
      '',
      '**How to fix.** List the exact names of the service accounts the workloads run as (`serviceAccountName` in the pod spec), in `secretRef.namespace`. The quick fix strips a `system:serviceaccount:<ns>:` prefix.',
      '',
      '**Templates.** A templated entry (`${SA}`) is known only once rendered and is not checked (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_credentialsrequest.go (serviceAccountNames)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go ("must provide ServieAccounts"; the trust policy\'s `StringEquals` subjects)',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsDNS1123Subdomain)',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc)) return;
    const ns = str(doc.secretRef?.namespace);
    for (const node of doc.serviceAccountNames) {
      if (typeof node.value !== 'string') continue; // the schema reports non-strings
      const v = node.value;
      if (isNamePlaceholder(v)) continue; // (#11 pattern 4) a templated name is checked once rendered
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
    // A missing or empty list is a ccoctl requirement only (the CRD makes serviceAccountNames optional,
    // and CCO "does not use" it: types_credentialsrequest.go): an operator's own request in its
    // manifests/ or assets/ folder, created in the cluster by CVO or the operator, needs none.
    const emptyOrMissing = (f.keyword === 'required' && f.params['missingProperty'] === 'serviceAccountNames') || f.keyword === 'minItems';
    if (emptyOrMissing && !ctx.isCcoctlInputDir(dirOfUri(doc.uri))) return null;
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
