import type { ScalarNode } from '../parse/tree';
import { isNamePlaceholder } from '../model/unknown';
import { DnsKind, dnsForm, dnsProblem, dnsRepair, refineCommon, sourceOf } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

/**
 * `spec` and `spec.secretRef` with `name` and `namespace` are required (schema-backed), and the
 * values must be a DNS-1123 subdomain and label (checked here, with a repair).
 */
const rule: DocumentRule = {
  id: 'cr-secret-ref',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`spec.secretRef` needs a `name` (DNS-1123 subdomain) and a `namespace` (DNS-1123 label).',
    details: [
      '`spec.secretRef` is required by the CRD. ccoctl writes the Secret `<secretRef.namespace>/<secretRef.name>` and names the IAM role `<--name>-<secretRef.namespace>-<secretRef.name>` (cut to 64 characters); the trust policy it creates admits only `system:serviceaccount:<secretRef.namespace>:<serviceAccountNames[i]>`. `metadata.name`/`metadata.namespace` of the CredentialsRequest play no part in this.',
      '',
      '**Why it matters.** Without `name` or `namespace` ccoctl creates a role named `<prefix>--<name>` or a Secret that cannot be applied, and the trust policy names the wrong namespace, so STS refuses the web identity token ("Not authorized to perform sts:AssumeRoleWithWebIdentity"). A name that is not DNS-1123 cannot be applied as a Secret at all.',
      '',
      '**How to fix.** Set `secretRef.name` to the Secret the workload mounts (lowercase, `-`, `.`, at most 253 characters) and `secretRef.namespace` to the namespace the workload runs in (lowercase, `-`, at most 63 characters).',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a templated `secretRef.name` or `secretRef.namespace` (`namespace: ${NAMESPACE}` in an operator asset) is not judged here, and the cross-file rules link by no templated name. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/manifests/0000_03_cloud-credential-operator_01_crd.yaml (spec.secretRef is required)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (role name `<--name>-<namespace>-<name>`, trust policy subject, Secret)',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsDNS1123Subdomain, IsDNS1123Label)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'credentialsRequest' || !doc.secretRef) return;
    const fields: [ScalarNode | undefined, 'name' | 'namespace', DnsKind][] = [
      [doc.secretRef.name, 'name', 'subdomain'],
      [doc.secretRef.namespace, 'namespace', 'label'],
    ];
    for (const [node, field, kind] of fields) {
      if (!node) continue;
      if (typeof node.value !== 'string') {
        const src = sourceOf(ctx, doc, node);
        ctx.report({
          at: { doc, node },
          message: `\`secretRef.${field}\` must be a string; found ${src}. ccoctl cannot decode it. Quote it if you meant that name.`,
          fixes: [{ title: `Quote it: ${JSON.stringify(src)}`, preferred: true, edits: [{ uri: doc.uri, start: node.start, end: node.end, newText: JSON.stringify(src) }] }],
        });
        continue;
      }
      // (#11 pattern 4) `${NAMESPACE}` (or a token such as `HCP_NAMESPACE`) is filled in before ccoctl or oc
      // sees the file: no form to check yet.
      if (isNamePlaceholder(node.value)) continue;
      const problem = dnsProblem(node.value, kind);
      if (!problem) continue;
      const repair = dnsRepair(node.value, kind);
      // secretRef is required for every cloud (CRD); the IAM role and trust policy only exist for AWS requests.
      const use = doc.cloud !== 'aws'
        ? field === 'name' ? 'the name of the Secret the credentials are written to' : 'the namespace of that Secret'
        : field === 'name' ? 'the Secret ccoctl writes and part of the IAM role name' : 'the namespace of the Secret, of the workload and of the trust policy subject';
      ctx.report({
        at: { doc, node },
        message: `\`secretRef.${field}\` "${node.value}" is not valid: ${problem}. It is ${use}, so it must be ${dnsForm(kind)}.${repair ? ` Use "${repair}".` : ''}`,
        fixes: repair ? [{ title: `Change to \`${repair}\``, preferred: true, edits: [replaceString(doc.uri, node, repair)] }] : undefined,
      });
    }
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
