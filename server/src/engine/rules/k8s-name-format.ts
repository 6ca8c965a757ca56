import type { IrsaDocument } from '../model/types';
import { isNamePlaceholder } from '../model/unknown';
import { asMap, get, getPair, ScalarNode } from '../parse/tree';
import { DnsKind, dnsForm, dnsProblem, dnsRepair } from './_cr';
import type { DocumentRule, RuleContext } from './types';
import { replaceString } from './_util';

const KIND_WORDS: Record<string, string> = {
  credentialsRequest: 'CredentialsRequest',
  ccoctlSecret: 'Secret',
  serviceAccount: 'ServiceAccount',
};

/**
 * Checks one `metadata.name` / `metadata.namespace` value: it must be a string in DNS-1123 form
 * (names: subdomain ≤253; namespaces: label ≤63; APIM validation.go, domain §3.5).
 */
function checkName(doc: IrsaDocument, node: ScalarNode | undefined, field: 'name' | 'namespace', ctx: RuleContext): void {
  if (!node) return;
  const what = doc.kind === 'workload' ? doc.workloadKind : KIND_WORDS[doc.kind] ?? 'object';
  const kind: DnsKind = field === 'namespace' ? 'label' : 'subdomain';
  if (typeof node.value !== 'string') {
    const src = ctx.text(doc.uri).slice(node.start, node.end);
    ctx.report({
      at: { doc, node },
      message: `\`metadata.${field}\` of this ${what} must be a string; found ${src}. Kubernetes cannot decode a number or boolean here. Quote it, or use a name that is ${dnsForm(kind)}.`,
    });
    return;
  }
  // (#11 pattern 4) A templated name (`${NAMESPACE}`, `${ASSET_PREFIX}-node`, `{{ .Ns }}`) or a substitution
  // token (`HCP_NAMESPACE`, see isNamePlaceholder) gets its form when it is replaced; the replaced value
  // is what the API server validates.
  if (isNamePlaceholder(node.value)) return;
  const problem = dnsProblem(node.value, kind);
  if (!problem) return;
  const repair = dnsRepair(node.value, kind);
  ctx.report({
    at: { doc, node },
    message: `\`metadata.${field}\` "${node.value}" of this ${what} is not valid: ${problem}. It must be ${dnsForm(kind)}; the API server rejects it.${repair ? ` Use "${repair}".` : ''}`,
    fixes: repair ? [{ title: `Rename to \`${repair}\``, preferred: true, edits: [replaceString(doc.uri, node, repair)] }] : undefined,
  });
}

const rule: DocumentRule = {
  id: 'k8s-name-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'serviceAccount', 'workload'],
  docs: {
    summary: '`metadata.name` must be a DNS-1123 subdomain (≤253) and `metadata.namespace` a DNS-1123 label (≤63).',
    details: [
      'Kubernetes validates object names and namespaces before it stores anything: names of CredentialsRequests, Secrets, ServiceAccounts and workloads are DNS-1123 subdomains (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters) and namespaces are DNS-1123 labels (no `.`, at most 63 characters).',
      '',
      '**Why it matters.** `oc apply` rejects the object ("a lowercase RFC 1123 subdomain must consist of …"), so the Secret or the workload never exists. The Secret name and namespace also flow into the IAM role name ccoctl derives and into the trust policy subject `system:serviceaccount:<namespace>:<name>`.',
      '',
      '**How to fix.** Use lowercase and `-` instead of `_` or spaces. The quick fix proposes the lowercase spelling when that is valid; rename the references in other files too (the rename command does all of them at once).',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so this rule does not judge it (`namespace: ${NAMESPACE}`, `name: ${ASSET_PREFIX}-controller`, `namespace: "{{.Namespace}}"`): the API server validates the rendered value. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
      '',
      'A whole value in the environment-variable convention with an underscore (`HCP_NAMESPACE`, `BACKUP_NAME`) is a substitution token, not a name, and is not judged either: it can never be a valid name (no uppercase, no `_`), so no name the API server would accept goes unchecked, and real repositories replace it before anything is applied — openshift/oadp-operator blogs/tekton-oadp-nonadmin runs `sed -i \'s/BACKUP_NAME/$(params.BACKUP_NAME)/g\'`, and HyperShift overwrites the namespace of every asset it loads (`obj.SetNamespace(cpContext.HCP.Namespace)`, openshift/hypershift support/controlplane-component/controlplane-component.go). One upper-case word without `_` (`Prod`, `PROD`) may be a case typo and is reported with its lowercase spelling.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsDNS1123Subdomain, IsDNS1123Label)',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
      'https://github.com/openshift/hypershift/blob/3ee9615567acffaf3e3ee25c2ca2942d650565cf/support/controlplane-component/controlplane-component.go (SetNamespace on loaded assets)',
      'https://github.com/openshift/oadp-operator/blob/b3e7f02d6fdc841494e41603ca57341c673a76f1/blogs/tekton-oadp-nonadmin/install_templates/templates/05-build-and-deploy.yaml (sed of BACKUP_NAME)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind === 'iamPolicy') return;
    const meta = asMap(get(doc.root, 'metadata'));
    if (!meta) return;
    for (const field of ['name', 'namespace'] as const) {
      const v = getPair(meta, field)?.value;
      if (v?.kind === 'scalar' && v.value !== null) checkName(doc, v, field, ctx);
    }
  },
};

export default rule;
