import { getPair } from '../parse/tree';
import { deletePair } from './_cr';
import type { DocumentRule } from './types';

/** `status` is written by CCO, not by authors (CCO-CRD status subresource, domain §1.1). */
const rule: DocumentRule = {
  id: 'cr-status-authored',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'A CredentialsRequest source file should not contain `status`.',
    details: [
      '`status` (`provisioned`, `lastSyncGeneration`, `conditions`, …) is a subresource written by the Cloud Credential Operator. It usually appears when a CredentialsRequest is copied from `oc get -o yaml`.',
      '',
      '**Why it matters.** The API server ignores `status` on create/apply through the main resource, so what the file says is never true of the cluster; readers and tools that trust `provisioned: true` are misled. Copied objects often carry other server-set fields (`uid`, `resourceVersion`, `managedFields`) that break `oc apply` as well.',
      '',
      '**How to fix.** Delete the `status` block (quick fix) and any other server-set metadata.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/manifests/0000_03_cloud-credential-operator_01_crd.yaml (status subresource)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_credentialsrequest.go (CredentialsRequestStatus)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'credentialsRequest') return;
    const pair = getPair(doc.root, 'status');
    if (!pair) return;
    ctx.report({
      at: { doc, node: pair.key },
      message: '`status` is written by the Cloud Credential Operator and ignored when you apply this file; remove it from the source (it looks copied from `oc get -o yaml`).',
      fixes: [{ title: 'Remove the `status` block', preferred: true, edits: [deletePair(ctx, doc, pair)] }],
    });
  },
};

export default rule;
