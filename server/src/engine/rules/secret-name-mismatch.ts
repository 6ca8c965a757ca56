import type { Volume, Workload } from '../model/types';
import { known } from '../model/unknown';
import { str } from '../parse/tree';
import { replaceString, where } from './_util';
import { CONFIG_FILE_VARS, crLabel, dirName, envOf, envValue, mountsOf, secretVolumes, workloadLabel } from './_workload-util';
import type { DocumentRule } from './types';

/**
 * WL004 (cross-file part): the secret volume that carries the AWS config file must project the
 * Secret ccoctl writes, i.e. `secretName` = the linked CredentialsRequest's `secretRef.name`
 * (CCOCTL-roles §2.7). The volume is recognised as "the credentials volume" when it is mounted
 * where `AWS_CONFIG_FILE`/`AWS_SHARED_CREDENTIALS_FILE` points, or is named after the Secret.
 */
const rule: DocumentRule = {
  id: 'secret-name-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The secret volume's `secretName` must be the CredentialsRequest's `secretRef.name`.",
    details: [
      'ccoctl writes one Secret per CredentialsRequest, named `spec.secretRef.name` in `spec.secretRef.namespace`',
      '(`manifests/<namespace>-<name>-credentials.yaml`). The pod reads the AWS profile from a',
      '`secret` volume; if its `secretName` names anything else, the pod either does not start',
      '(`MountVolume.SetUp failed … secret "…" not found`) or, with `optional: true`, starts with no config file and',
      'the SDK falls back to other credentials.',
      '',
      'The rule looks at the secret volume mounted at the directory of `AWS_CONFIG_FILE` (or',
      '`AWS_SHARED_CREDENTIALS_FILE`), or the volume whose `name` is the CredentialsRequest\'s `secretRef.name`.',
      '',
      '**Fix:** set `secretName` to the CredentialsRequest\'s `secretRef.name` (quick fix).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the Secret ccoctl writes)',
      'https://kubernetes.io/docs/concepts/storage/volumes/#secret',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      // (#11 pattern 4) A templated secretRef.name or secretName is unknown: no comparison against it.
      const want = known(cr.secretRef?.name);
      const wantNode = cr.secretRef?.name;
      if (!want || !wantNode || secretVolumes(w, want).length) continue;
      // Directories the SDK is told to read the profile from.
      const configDirs = new Set<string>();
      for (const c of w.containers) {
        for (const v of CONFIG_FILE_VARS) {
          const val = envValue(envOf(c, v));
          if (val?.startsWith('/')) configDirs.add(dirName(val));
        }
      }
      const isCredentialsVolume = (v: Volume): boolean => {
        const name = str(v.name);
        if (name === undefined) return false;
        if (name === want) return true;
        return mountsOf(w, name).some(({ mount }) => {
          const mp = str(mount.mountPath)?.replace(/\/+$/, '');
          return mp !== undefined && configDirs.has(mp);
        });
      };
      for (const v of w.volumes) {
        const sn = v.secret?.secretName;
        if (!sn || known(sn) === undefined || !isCredentialsVolume(v)) continue;
        const secrets = ctx.ws.secretsFor(cr);
        ctx.report({
          at: { doc: w, node: sn },
          message: `secretName \`${str(sn)}\` is not the Secret that ccoctl writes for CredentialsRequest \`${crLabel(cr)}\`: its secretRef.name is \`${want}\` (${where(ctx, cr, wantNode)}). ${workloadLabel(w)} would mount a Secret that does not exist and find no AWS config file.`,
          related: [
            { at: { doc: cr, node: wantNode }, message: `secretRef.name of CredentialsRequest \`${crLabel(cr)}\`` },
            ...secrets.filter((s) => s.name).map((s) => ({ at: { doc: s, node: s.name! }, message: `the ccoctl Secret \`${want}\`` })),
          ],
          fixes: [{ title: `Set secretName to \`${want}\``, preferred: true, edits: [replaceString(w.uri, sn, want)] }],
        });
      }
    }
  },
};

export default rule;
