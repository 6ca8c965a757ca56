import { CCOCTL_TOKEN_PATH } from '../domain';
import { getPair } from '../parse/tree';
import { deletePair, refineCommon, isAwsRequest } from './_cr';
import type { DocumentRule } from './types';

/**
 * `spec.cloudTokenPath` is ignored by ccoctl, which always writes `CCOCTL_TOKEN_PATH` into the
 * Secret (CCOCTL-roles, CCOCTL-const). Only the in-cluster CCO reads it, together with
 * `providerSpec.stsIAMRoleARN` (OLM flow), so nothing is said when that is set.
 */
const rule: DocumentRule = {
  id: 'cr-cloud-token-path',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  schemaBacked: true,
  docs: {
    summary: '`spec.cloudTokenPath` is ignored by ccoctl (it always writes `/var/run/secrets/openshift/serviceaccount/token`).',
    details: [
      '`cloudTokenPath` tells the **in-cluster** Cloud Credential Operator, together with `providerSpec.stsIAMRoleARN` (the OLM token-auth flow), where the workload mounts its service account token. `ccoctl aws create-iam-roles` ignores it: the Secret it writes always says `web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token`. (Careful: the CRD text says the default is that path, but CCO\'s AWS actuator actually defaults an empty value to `/var/run/secrets/kubernetes.io/serviceaccount/token`.)',
      '',
      '**Why it matters.** Setting a different path here (info when it equals ccoctl\'s path, warning otherwise) suggests the token will be read from there, but with ccoctl the SDK reads the path in the Secret; if the pod mounts its token at your path instead, the SDK finds no token file.',
      '',
      '**How to fix.** With ccoctl, remove `cloudTokenPath` (quick fix) and mount the projected token at `/var/run/secrets/openshift/serviceaccount` with `path: token`. Keep it only for the OLM flow with `stsIAMRoleARN`.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/apis/cloudcredential/v1/types_credentialsrequest.go (cloudTokenPath)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/constants.go (OidcTokenPath)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate)',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !doc.cloudTokenPath || doc.stsIAMRoleARN) return;
    const v = doc.cloudTokenPath.value;
    if (typeof v !== 'string') return; // the schema reports the type
    const pair = doc.spec ? getPair(doc.spec, 'cloudTokenPath') : undefined;
    const fixes = pair ? [{ title: 'Remove `cloudTokenPath` (ccoctl ignores it)', preferred: true, edits: [deletePair(ctx, doc, pair)] }] : undefined;
    if (v === CCOCTL_TOKEN_PATH) {
      ctx.report({
        at: { doc, node: doc.cloudTokenPath },
        message: `ccoctl ignores \`cloudTokenPath\` (it always writes web_identity_token_file = ${CCOCTL_TOKEN_PATH}); only the in-cluster CCO reads it, together with providerSpec.stsIAMRoleARN. It can be removed.`,
        fixes,
      });
      return;
    }
    ctx.report({
      at: { doc, node: doc.cloudTokenPath },
      severity: 'warning',
      message: `\`cloudTokenPath\` "${v}" has no effect with ccoctl: the Secret it writes always says web_identity_token_file = ${CCOCTL_TOKEN_PATH}, so the pod must mount its token there. Remove cloudTokenPath, or set providerSpec.stsIAMRoleARN if you use the in-cluster CCO flow.`,
      fixes,
    });
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;
