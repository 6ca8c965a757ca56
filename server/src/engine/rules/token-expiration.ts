import { TOKEN_EXPIRATION_DEFAULT, TOKEN_EXPIRATION_MAX, TOKEN_EXPIRATION_MIN } from '../domain';
import type { Workload } from '../model/types';
import type { DocumentRule } from './types';

/**
 * WL005: a projected service account token needs `path` and an `expirationSeconds` (seconds) with
 * 600 ≤ x ≤ 2^32 (K8S-val: "may not specify a duration less than 10 minutes" / "larger than 2^32
 * seconds"). `path` (required, relative) and the integer type are checked by the pod-spec schema
 * (`x-irsa-rule: token-expiration`); the range is checked here so the finding can carry a fix.
 */
const rule: DocumentRule = {
  id: 'token-expiration',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  schemaBacked: true,
  docs: {
    summary: 'The projected token needs a `path`, and `expirationSeconds` between 600 and 2^32.',
    details: [
      '`volumes[].projected.sources[].serviceAccountToken` asks the kubelet for a bound service account token.',
      'Kubernetes validation rejects `expirationSeconds` below 600 ("may not specify a duration less than 10 minutes")',
      'and above 4294967296 ("may not specify a duration larger than 2^32 seconds"); it defaults to 3600 when absent.',
      '`path` is required: it is the file name of the token relative to the volume\'s `mountPath` (no `..`).',
      'OpenShift STS clusters use 3600 seconds; the kubelet refreshes the token at 80% of its lifetime and the AWS',
      'SDKs re-read the file when they renew credentials.',
      '',
      '**Fix:** set `expirationSeconds: 3600` (quick fix) and `path: token`, so that mountPath + `/token` is the',
      '`web_identity_token_file` of the ccoctl Secret.',
    ].join('\n'),
    sources: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (expirationSeconds limits)',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go (SetDefaults_ServiceAccountTokenProjection)',
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
      'https://docs.redhat.com/en/documentation/openshift_container_platform/4.12/html/authentication_and_authorization/cco-mode-sts',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const v of w.volumes) {
      for (const t of v.projected?.tokens ?? []) {
        const n = t.expirationSeconds;
        if (!n || typeof n.value !== 'number' || !Number.isInteger(n.value)) continue; // the schema reports the type
        const s = n.value;
        let problem: string | undefined;
        if (s < TOKEN_EXPIRATION_MIN) problem = `is less than ${TOKEN_EXPIRATION_MIN} seconds; Kubernetes rejects it ("may not specify a duration less than 10 minutes")`;
        else if (s > TOKEN_EXPIRATION_MAX) problem = `is more than 2^32 (${TOKEN_EXPIRATION_MAX}) seconds; Kubernetes rejects it ("may not specify a duration larger than 2^32 seconds")`;
        if (!problem) continue;
        ctx.report({
          at: { doc: w, node: n },
          message: `expirationSeconds ${s} ${problem}. Use ${TOKEN_EXPIRATION_DEFAULT} (one hour, the OpenShift STS default).`,
          fixes: [{ title: `Set expirationSeconds to ${TOKEN_EXPIRATION_DEFAULT}`, preferred: true, edits: [{ uri: w.uri, start: n.start, end: n.end, newText: String(TOKEN_EXPIRATION_DEFAULT) }] }],
        });
      }
    }
  },
};

export default rule;
