import { isAwsRequest } from './_cr';
import type { Container, Workload } from '../model/types';
import { isPlaceholder } from '../parse/placeholder';
import { known } from '../model/unknown';
import { str } from '../parse/tree';
import { lineOf, where, yamlScalar } from './_util';
import { CONFIG_FILE_VARS, credentialsCopies, credentialsFileIn, crLabel, dirName, envOf, envValue, mountsOf, secretVolumes } from './_workload-util';
import type { DocumentRule, FixSpec } from './types';

/**
 * WL008: `AWS_CONFIG_FILE` (or `AWS_SHARED_CREDENTIALS_FILE`) must name the file the ccoctl Secret
 * volume projects in the same container: mountPath + `/credentials` (the Secret's only key,
 * CCOCTL-roles §2.7), or the `items[].path` that key is mapped to (K8S-api §3.2).
 */
const rule: DocumentRule = {
  id: 'aws-config-file-path',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "`AWS_CONFIG_FILE` (or `AWS_SHARED_CREDENTIALS_FILE`) must be the secret's mountPath + `/credentials`, in the container that mounts it.",
    details: [
      'The ccoctl Secret has a single key, `credentials`, holding an AWS shared-config profile (`role_arn`,',
      '`web_identity_token_file`). A `secret` volume without `items` projects it as `<mountPath>/credentials`; with',
      '`items`, as the mapped `path`. The SDKs (JS v3, boto3, Go v2, Java v2) find the profile through',
      '`AWS_CONFIG_FILE` (or `AWS_SHARED_CREDENTIALS_FILE`) — so that variable must name exactly that file, in the',
      'same container that mounts the volume. Otherwise the SDK reads nothing and falls back to other credentials',
      '(often the node\'s instance role), with confusing `AccessDenied` errors.',
      '',
      'An init container may copy the file instead: OpenShift\'s CSI driver operators mount the Secret in',
      '`init-aws-credentials-file`, which copies `credentials` into a shared `emptyDir` that the driver container mounts',
      'and names in AWS_CONFIG_FILE (openshift/csi-operator `assets/overlays/aws-efs/patches/controller_add_driver.yaml`).',
      'A container whose AWS_CONFIG_FILE lies in an emptyDir that such an init container (one that mounts the Secret)',
      'also mounts is not reported.',
      '',
      '**Which variable each SDK reads** (from each SDK\'s source, linked under Sources). Both variables are checked the same way:',
      '',
      '- boto3/botocore and the AWS SDK for Java v2 read the profile from either file: botocore merges the credentials file\'s',
      '  profiles into the config file\'s (`Session.full_config`), Java v2 aggregates both files (`ProfileFile.defaultProfileFile`,',
      '  `ProfileFileSupplier.defaultSupplier`) and turns `role_arn` + `web_identity_token_file` into web identity credentials.',
      '- The AWS SDK for Go v1 and the AWS SDK for JavaScript v2 use this profile only when `AWS_SDK_LOAD_CONFIG` is set, whichever',
      '  variable names it. Without it Go v1 ignores `AWS_CONFIG_FILE` and fails on a web identity profile in `AWS_SHARED_CREDENTIALS_FILE`',
      '  (`CredentialRequiresARNError`), and JS v2 reads only `~/.aws/credentials`. With it, Go v1 reads either file; JS v2 reads',
      '  `AWS_SHARED_CREDENTIALS_FILE` only if a config file (`AWS_CONFIG_FILE` or `~/.aws/config`) exists too.',
      '- The AWS SDK for Java v1 reads credential profiles from `AWS_CREDENTIAL_PROFILES_FILE` or `~/.aws/credentials`, neither variable.',
      '',
      'Which SDK the app uses is not in the manifests, so a missing `AWS_SDK_LOAD_CONFIG` is not reported here.',
      '',
      '**Fix:** set `AWS_CONFIG_FILE` to the Secret volume\'s `mountPath` + `/credentials` (quick fix), and mount the',
      'Secret in the container that sets the variable.',
      '',
      '**Templates.** A templated AWS_CONFIG_FILE path (`${CREDENTIALS_DIR}/credentials`) or secretRef.name is known only once rendered: it is compared with nothing (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the Secret has one key, `credentials`)',
      'https://github.com/kubernetes/api/blob/master/core/v1/types.go (SecretVolumeSource)',
      'https://github.com/boto/botocore/blob/0e6e2404b85dc336dd2889814e089bde7d1a4c55/botocore/session.py#L429-L462 (Session.full_config merges the credentials file\'s profiles into the config file\'s)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/profiles/src/main/java/software/amazon/awssdk/profiles/ProfileFileSupplier.java (defaultSupplier aggregates AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE), https://github.com/aws/aws-sdk-java-v2/blob/master/core/profiles/src/main/java/software/amazon/awssdk/profiles/ProfileFile.java (defaultProfileFile), https://github.com/aws/aws-sdk-java-v2/blob/master/core/auth/src/main/java/software/amazon/awssdk/auth/credentials/internal/ProfileCredentialsUtils.java (role_arn + web_identity_token_file)',
      'https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/session.go#L472-L485 (Go v1 loads AWS_CONFIG_FILE only with AWS_SDK_LOAD_CONFIG), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/shared_config.go#L390-L420 (role_arn read only then), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/shared_config.go#L497-L516 (CredentialRequiresARNError)',
      'https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/lib/util.js#L991-L1016 (JS v2 getProfilesFromSharedConfig), https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/test/credentials.spec.js#L412-L421 (~/.aws/credentials when AWS_SDK_LOAD_CONFIG is not set)',
      'https://github.com/aws/aws-sdk-java/blob/master/aws-java-sdk-core/src/main/java/com/amazonaws/profile/path/AwsProfileFileLocationProvider.java (Java v1: AWS_CREDENTIAL_PROFILES_FILE, then ~/.aws/credentials)',
      'https://github.com/openshift/csi-operator/blob/f7f9dc59603d190abbcda1ae818f489c9dc2f167/assets/overlays/aws-efs/patches/controller_add_driver.yaml (init-aws-credentials-file)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      if (!isAwsRequest(cr)) continue; // another cloud's request (issue #11 pattern 1)
      const want = known(cr.secretRef?.name); // (#11 pattern 4) a templated Secret name is unknown
      if (!want || !cr.secretRef?.name) continue;
      const vols = secretVolumes(w, want);
      // Where the request is, for a message: computed only when one is written (it indexes the lines of its file).
      const nameNode = cr.secretRef.name;
      const crWhere = (): string => where(ctx, cr, nameNode);
      for (const c of w.containers) {
        for (const varName of CONFIG_FILE_VARS) {
          const e = envOf(c, varName);
          const val = envValue(e);
          if (!e?.value || val === undefined || isPlaceholder(val)) continue; // a templated path is unknown
          const here = vols.flatMap((v) => mountsOf(w, str(v.name) ?? '\0').filter((m) => m.container === c).map((m) => ({ v, mount: m.mount, file: credentialsFileIn(v, m.mount) })));
          // An invalid items[].path (absolute or with `..`) is secret-volume-shape's finding; the file is unknowable.
          if (here.some((h) => (h.v.secret?.items ?? []).some((i) => !isRelativePath(str(i.path))))) continue;
          const files = here.filter((h) => h.file !== undefined);
          if (files.some((h) => h.file === val)) continue;
          const label = `\`${varName}\` in container \`${str(c.name) ?? '?'}\``;
          if (files.length) {
            const f = files[0]!;
            const fix: FixSpec = { title: `Set ${varName} to \`${f.file}\``, preferred: true, edits: [{ uri: w.uri, start: e.value.start, end: e.value.end, newText: yamlScalar(f.file!) }] };
            ctx.report({
              at: { doc: w, node: e.value },
              message: `${label} is \`${val}\`, but the ccoctl Secret \`${want}\` (CredentialsRequest \`${crLabel(cr)}\`, ${crWhere()}) is mounted at \`${str(f.mount.mountPath)}\` (line ${lineOf(ctx, w.uri, f.mount.node.start)}), so its profile is \`${f.file}\`. The SDK will not find role_arn and web_identity_token_file.`,
              related: [{ at: { doc: w, node: f.mount.mountPath ?? f.mount.node }, message: `mount of the Secret \`${want}\`` }],
              fixes: [fix],
            });
            continue;
          }
          if (here.length) {
            ctx.report({
              at: { doc: w, node: e.value },
              message: `${label} is \`${val}\`, but the volume of Secret \`${want}\` maps no item for the key \`credentials\`, so no profile file is projected. Add \`- key: credentials\` with a \`path\` to its items, or drop \`items\`.`,
            });
            continue;
          }
          // An init container copies the profile into an emptyDir this container mounts at the file's folder.
          const copies = credentialsCopies(w, new Set(vols.map((v) => str(v.name))));
          if (copies.some((cp) => cp.readers.some((r) => r.container === c && val.startsWith(str(r.mount.mountPath)?.replace(/\/+$/, '') + '/')))) continue;
          const elsewhere = vols.flatMap((v) => mountsOf(w, str(v.name) ?? '\0')).filter((m) => m.container !== c);
          if (elsewhere.length) {
            const o = elsewhere[0]!;
            ctx.report({
              at: { doc: w, node: e.value },
              message: `${label} points at \`${val}\`, but the ccoctl Secret \`${want}\` is mounted in container \`${str(o.container.name) ?? '?'}\` (line ${lineOf(ctx, w.uri, o.mount.node.start)}), not in \`${str(c.name) ?? '?'}\`; files are not shared between containers. Mount the Secret in the container that sets ${varName}.`,
              related: [{ at: { doc: w, node: o.mount.node }, message: `mount of the Secret \`${want}\` in another container` }],
            });
            continue;
          }
          if (vols.length === 0 && secretVolumeAt(w, c, dirName(val))) continue; // secret-name-mismatch reports the volume
          // A patch or fragment: its base may define and mount the Secret volume (issue #11 pattern 5).
          if (vols.length === 0 && ctx.ws.partialReason(w) !== undefined) continue;
          ctx.report({
            at: { doc: w, node: e.value },
            message: `${label} points at \`${val}\`, but no volume of container \`${str(c.name) ?? '?'}\` mounts the ccoctl Secret \`${want}\` of CredentialsRequest \`${crLabel(cr)}\` (${crWhere()}); the file will not exist. Add a secret volume with \`secretName: ${want}\` and mount it at \`${dirName(val)}\`.`,
            related: [{ at: { doc: cr, node: cr.secretRef.name }, message: `secretRef.name of CredentialsRequest \`${crLabel(cr)}\`` }],
          });
        }
      }
    }
  },
};

/** A relative path without `..` segments (K8S-val KeyToPath.path); undefined counts as valid (the schema reports it). */
function isRelativePath(p: string | undefined): boolean {
  return p === undefined || (!p.startsWith('/') && !p.split('/').includes('..'));
}

/** True when container `c` mounts some secret volume at `dir`. */
function secretVolumeAt(w: Workload, c: Container, dir: string): boolean {
  return c.mounts.some((m) => str(m.mountPath)?.replace(/\/+$/, '') === dir && w.volumes.some((v) => v.secret && str(v.name) === str(m.name)));
}

export default rule;
