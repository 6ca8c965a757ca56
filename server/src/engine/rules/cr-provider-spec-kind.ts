import { AWS_PROVIDER_SPEC_KIND, OTHER_CLOUD_PROVIDER_SPEC_KINDS } from '../domain';
import { get } from '../parse/tree';
import { suggestKey } from '../schema/validate';
import { insertFirstKey, refineCommon } from './_cr';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

const API_VERSION = 'cloudcredential.openshift.io/v1';

/**
 * Schema-backed: `providerSpec` required, `kind: AWSProviderSpec` (error), `apiVersion:
 * cloudcredential.openshift.io/v1` (warning; the decoder tolerates a missing one). Adds repairs.
 */
const rule: DocumentRule = {
  id: 'cr-provider-spec-kind',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: 'An AWS CredentialsRequest needs `spec.providerSpec` with `kind: AWSProviderSpec` (and `apiVersion: cloudcredential.openshift.io/v1`).',
    details: [
      '**Which requests are AWS requests.** Operators ship one CredentialsRequest per cloud. A request whose `providerSpec.kind` is a provider spec of another cloud — `AzureProviderSpec`, `GCPProviderSpec`, `IBMCloudProviderSpec`, `IBMCloudPowerVSProviderSpec`, `NutanixProviderSpec`, `VSphereProviderSpec`, `KubevirtProviderSpec`, `OpenStackProviderSpec`, `OvirtProviderSpec`, `AlibabaCloudProviderSpec` — is valid and is never `ccoctl aws` input: `oc adm release extract --credentials-requests --cloud=aws` keeps only `AWSProviderSpec` requests. This rule and every other AWS, IAM and ccoctl rule leave such requests alone (only the envelope — apiVersion, kind, secretRef — is checked). A kind that is none of these and not a near miss of `AWSProviderSpec` is reported as **info** only (not the default error): it may be a cloud added after this list, and the CRD and the operator accept it; the note says the request is not checked.',
      '',
      'Sources: openshift/cloud-credential-operator `pkg/apis/cloudcredential/v1/register.go` (registered provider specs), `types_openstack.go`, `types_ovirt.go`, `pkg/operator/credentialsrequest/credentialsrequest_controller.go` (`crInfraMatches`: only the cluster\'s cloud\'s requests are acted on); openshift/oc `pkg/cli/admin/release/extract.go` (`credRequestCloudProviderSpecKindMapping`, the `--cloud` filter); `pkg/cmd/provisioning/aws/create-iam-roles.go` (`createRole`: "is not of type AWS").',
      '',
      'ccoctl decodes `spec.providerSpec` as the registered type `cloudcredential.openshift.io/v1` `AWSProviderSpec` and then checks `kind`: anything but `AWSProviderSpec` — including a missing `kind` or `awsProviderSpec` — stops the whole run with `CredentialsRequest <ns>/<name> is not of type AWS`. A missing `apiVersion` is tolerated by the decoder (warning); a different one is not what CCO expects.',
      '',
      '**Why it matters.** The API server accepts any providerSpec (it is not schema-validated), so these mistakes only appear when ccoctl runs, and no role is created for any CredentialsRequest of the directory.',
      '',
      '**How to fix.** Write `providerSpec:` with `apiVersion: cloudcredential.openshift.io/v1`, `kind: AWSProviderSpec` and `statementEntries`. The quick fixes insert or correct both lines.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go ("is not of type AWS")',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/codec.go (providerSpec decoding)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/register.go',
      'https://github.com/openshift/oc/blob/master/pkg/cli/admin/release/extract.go (`oc adm release extract --credentials-requests --cloud=aws`)',
    ],
  },
  check(doc, ctx) {
    // An unknown kind is not an error: the CRD does not validate providerSpec, CCO ignores a request
    // of a cloud it does not run on (crInfraMatches), and the list of clouds grows with releases. It is
    // only worth a note that this request is not checked, since a typo of another cloud's kind reads the same.
    if (doc.kind !== 'credentialsRequest' || doc.cloud !== 'unknown' || !doc.providerSpec) return;
    const kindNode = get(doc.providerSpec, 'kind');
    if (!kindNode) return;
    const near = suggestKey(doc.providerKind ?? '', Object.keys(OTHER_CLOUD_PROVIDER_SPEC_KINDS));
    ctx.report({
      at: { doc, node: kindNode },
      severity: 'info',
      message:
        `\`providerSpec.kind\` "${doc.providerKind}" is none of the provider specs the Cloud Credential Operator defines (${AWS_PROVIDER_SPEC_KIND}, ${Object.keys(OTHER_CLOUD_PROVIDER_SPEC_KINDS).join(', ')}), so irsa-lint does not check this request; \`ccoctl aws\` would stop on it with "is not of type AWS".` +
        (near ? ` Did you mean \`${near}\`?` : ''),
      fixes: near ? [{ title: `Change to \`${near}\``, preferred: false, edits: [kindNode.kind === 'scalar' ? replaceString(doc.uri, kindNode, near) : { uri: doc.uri, start: kindNode.start, end: kindNode.end, newText: near }] }] : undefined,
    });
  },
  refineSchemaFinding(f, doc, ctx) {
    if (doc.kind !== 'credentialsRequest') return undefined;
    const ps = doc.providerSpec;
    if (f.keyword === 'required' && ps && f.node === ps) {
      const missing = String(f.params['missingProperty']);
      const line = missing === 'kind' ? 'kind: AWSProviderSpec' : missing === 'apiVersion' ? `apiVersion: ${API_VERSION}` : undefined;
      if (!line) return refineCommon(f, doc, ctx);
      if (refineCommon(f, doc, ctx) === null) return null;
      const edit = insertFirstKey(ctx, doc, ps, line);
      return {
        severity: missing === 'apiVersion' ? 'warning' : undefined,
        fixes: edit ? [{ title: `Add \`${line}\``, preferred: true, edits: [edit] }] : undefined,
      };
    }
    if (f.keyword === 'const' && f.node.kind === 'scalar' && ps && f.node.pair?.parent === ps) {
      const key = f.node.pair.key.value;
      const found = String(f.node.value);
      if (key === 'apiVersion') {
        return { severity: 'warning', fixes: [{ title: `Change to \`${API_VERSION}\``, preferred: true, edits: [replaceString(doc.uri, f.node, API_VERSION)] }] };
      }
      if (key === 'kind' && suggestKey(found, ['AWSProviderSpec']) === 'AWSProviderSpec') {
        return { fixes: [{ title: 'Change to `AWSProviderSpec`', preferred: true, edits: [replaceString(doc.uri, f.node, 'AWSProviderSpec')] }] };
      }
      return undefined;
    }
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
