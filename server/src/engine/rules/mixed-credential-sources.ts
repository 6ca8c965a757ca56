import type { Workload } from '../model/types';
import type { EnvVar } from '../model/types';
import { get, str } from '../parse/tree';
import { CONFIG_FILE_VARS, envOf, WEBHOOK_ENV_VARS } from './_workload-util';
import type { DocumentRule } from './types';

/** Static access keys in the environment (every SDK's env provider reads them first, §5.2–5.4). */
const STATIC_KEY_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/**
 * True when a static key comes from `valueFrom.secretKeyRef` with `optional: true` on the Secret the
 * pod mounts as a volume (the ccoctl Secret): ccoctl writes that Secret with the single key
 * `credentials` (openshift/cloud-credential-operator pkg/cmd/provisioning/aws/create-iam-roles.go,
 * `secretManifestsTemplate`), so `aws_access_key_id` is absent and Kubernetes leaves an optional
 * variable unset (core/v1 SecretKeySelector.optional). The keys exist only in CCO's mint/passthrough
 * mode (pkg/aws/actuator/actuator.go `aws_access_key_id`), where no profile is mounted. This is how
 * the OpenShift CSI driver operators ship one manifest for both modes (issue #11 pattern 6).
 */
function optionalKeyOfMountedSecret(w: Workload, e: EnvVar): boolean {
  const ref = get(e.valueFrom, 'secretKeyRef');
  const opt = get(ref, 'optional');
  if (opt?.kind !== 'scalar' || opt.value !== true) return false;
  const name = str(get(ref, 'name'));
  return name !== undefined && w.volumes.some((v) => str(v.secret?.secretName) === name);
}

/**
 * WL012 (info): webhook-style env (`AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE`) next to a profile
 * file (`AWS_CONFIG_FILE`): which one is used depends on the SDK (JS v3 prefers the profile via
 * fromIni, Go v2 the env web identity, botocore overrides key by key; §5, §6). Static access keys
 * next to a profile file are reported as a warning: every SDK's env provider takes them first.
 */
const rule: DocumentRule = {
  id: 'mixed-credential-sources',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Both webhook-style env (`AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE`) and `AWS_CONFIG_FILE` are set; precedence differs per SDK.',
    details: [
      'A container that sets `AWS_CONFIG_FILE` (the ccoctl profile) **and** `AWS_ROLE_ARN` / `AWS_WEB_IDENTITY_TOKEN_FILE`',
      '(the pod identity webhook\'s variables, or hand-written) has two credential sources, and the SDKs pick',
      'differently: JS v3 resolves the profile through `fromIni` before `fromTokenFile`; Go v2 takes the env web identity',
      'before the shared profile; botocore overrides the profile key by key with the env values. The same image then',
      'behaves differently when rewritten in another language. Static keys (`AWS_ACCESS_KEY_ID`) win over both in every',
      'SDK, which silently disables IRSA (reported as a warning) — unless they come from `secretKeyRef` with',
      '`optional: true` on the Secret the pod mounts as a volume: ccoctl writes that Secret with the single key',
      '`credentials` (openshift/cloud-credential-operator pkg/cmd/provisioning/aws/create-iam-roles.go), so the keys are',
      'absent and Kubernetes leaves an optional variable unset (core/v1 `SecretKeySelector.optional`). OpenShift\'s CSI',
      'driver operators (openshift/aws-ebs-csi-driver-operator and aws-efs-csi-driver-operator `assets/controller.yaml`)',
      'use this to serve CCO mint mode (keys) and STS mode (profile) with one manifest.',
      '',
      '**Fix:** use one mechanism per pod — for ccoctl, keep `AWS_CONFIG_FILE` and drop the others (and do not annotate',
      'the service account with `eks.amazonaws.com/role-arn`).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate: only `credentials`)',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ (SecretKeySelector.optional)',
      'https://github.com/openshift/aws-ebs-csi-driver-operator/blob/10637f68e0e7a3da1b37781ff8f5bc68022dbf5f/assets/controller.yaml',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-node/src/defaultProvider.ts',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/README.md',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const c of w.containers) {
      const profile = CONFIG_FILE_VARS.map((v) => envOf(c, v)).find((e) => e !== undefined);
      if (!profile) continue;
      const profileVar = str(profile.name)!;
      const cname = str(c.name) ?? '?';
      for (const v of WEBHOOK_ENV_VARS) {
        const e = envOf(c, v);
        if (!e?.name) continue;
        ctx.report({
          at: { doc: w, node: e.name },
          message: `Container \`${cname}\` sets both ${v} (env web identity) and ${profileVar} (the ccoctl profile); which one the SDK uses differs per language (JS v3 prefers the profile, Go v2 the env variables, boto3 mixes them key by key). Keep one credential source.`,
          related: [{ at: { doc: w, node: profile.name! }, message: `${profileVar} is set here` }],
        });
      }
      for (const v of STATIC_KEY_VARS) {
        const e = envOf(c, v);
        if (!e?.name || optionalKeyOfMountedSecret(w, e)) continue;
        ctx.report({
          at: { doc: w, node: e.name },
          severity: 'warning',
          message: `Container \`${cname}\` sets static credentials (${v}) next to ${profileVar}; every SDK reads environment keys first, so the IRSA role is never used. Remove the static keys.`,
          related: [{ at: { doc: w, node: profile.name! }, message: `${profileVar} is set here` }],
        });
      }
    }
  },
};

export default rule;
