import { refineCommon } from './_cr';
import type { DocumentRule } from './types';

/**
 * Fallback id for JSON-schema errors that no annotated rule claims (`"x-irsa-rule"` in `schemas/`):
 * unknown top-level keys, wrong types of containers, a Secret `type` other than Opaque, ….
 */
const rule: DocumentRule = {
  id: 'schema-validation',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest', 'ccoctlSecret', 'workload', 'iamPolicy'],
  schemaBacked: true,
  docs: {
    summary: 'A document does not match its JSON schema (errors no more specific rule claims).',
    details: [
      'Every classified document is validated against its JSON schema in `schemas/` (CredentialsRequest, ccoctl Secret, pod spec, IAM trust and identity policy). Most schema errors belong to a specific rule (for example `cr-statement-effect`); the rest — an unknown key at the top level or under `spec`, a mapping where a list is expected, a Secret `type` other than `Opaque` — are reported here.',
      '',
      '**Why it matters.** Kubernetes prunes unknown fields of a CRD and `ccoctl` decodes `providerSpec` without strict mode, so a misspelt key (`Spec:`, `statementEntry:`, `serviceAccountName:` under a CredentialsRequest spec) is silently dropped and the setting you wrote never takes effect. A wrong container type (`statementEntries:` written as a mapping) makes `ccoctl` fail with "Failed to decode the provider spec".',
      '',
      '**How to fix.** Follow the message: rename the key to the suggested spelling (keys are case-sensitive; a quick fix does it), or change the value to the expected type. Hover a key to see what the schema expects.',
      '',
      'A workload that is a base or fragment with `containers:` left empty for patches to fill (see',
      '`volume-mount-references`) is not reported for that empty list.',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a schema error about it (or inside an unquoted `{{ … }}`) is not reported — `automountServiceAccountToken: ${AUTOMOUNT}` renders to a boolean. A quoted placeholder stays a string once rendered (`"{{ .On }}"` gives `"true"`), so a type error on it is still reported. The same holds for the errors the specific rules claim from the schemas. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/manifests/0000_03_cloud-credential-operator_01_crd.yaml (the CredentialsRequest CRD schema)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_aws.go (AWSProviderSpec and StatementEntry)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the Secret ccoctl writes: secretManifestsTemplate)',
      'schemas/ (the JSON schemas of this extension)',
    ],
  },
  refineSchemaFinding(f, doc, ctx) {
    // (issue #11 pattern 5) A base whose `containers:` is left empty for patches to fill is not a
    // pod with no containers (see volume-mount-references for how partial documents are recognised).
    if (doc.kind === 'workload') {
      const key = f.node.kind === 'scalar' && f.node.pair === undefined ? f.node.value : f.node.pair?.key.value;
      const aboutContainers = key === 'containers' || (f.keyword === 'required' && f.params['missingProperty'] === 'containers');
      return doc.partial !== undefined && aboutContainers ? null : undefined;
    }
    if (doc.kind !== 'credentialsRequest' && doc.kind !== 'ccoctlSecret') return undefined;
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
