import { isAwsRequest } from './_cr';
import type { Container, VolumeMount, Workload } from '../model/types';
import type { TreeNode } from '../parse/tree';
import { str } from '../parse/tree';
import {
  appendSeqItem,
  baseName,
  credentialsCopies,
  crLabel,
  dirName,
  expectedTokenFile,
  mintedTokenVolumes,
  mountsOf,
  secretVolumes,
  styleOf,
  TOKEN_VOLUME_NAME,
  tokenFileSource,
  tokenVolumes,
} from './_workload-util';
import { TOKEN_EXPIRATION_DEFAULT } from '../domain';
import type { DocumentRule, EditSpec } from './types';

/**
 * WL007 (presence): a container that mounts the ccoctl Secret reads a profile whose
 * `web_identity_token_file` must exist, so it also needs a projected service account token
 * (audience `openshift`, path `token`, mounted at `/var/run/secrets/openshift/serviceaccount`,
 * OCP-OLM). The quick fix inserts the volume (when the pod has none) and the mount.
 */
const rule: DocumentRule = {
  id: 'missing-token-volume',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: 'A workload that mounts the ccoctl Secret also needs the projected service account token at the path the Secret names.',
    details: [
      'The ccoctl Secret only holds a profile: `role_arn` and `web_identity_token_file`. The credential itself is the',
      'pod\'s service account token, which Kubernetes only writes to that file if the pod declares a `projected`',
      'volume with a `serviceAccountToken` source and the container mounts it. Without it the SDK fails to open',
      '`/var/run/secrets/openshift/serviceaccount/token` and no AWS call succeeds. (The default service account token',
      'at `/var/run/secrets/kubernetes.io/serviceaccount` has the wrong audience and path.)',
      '',
      '**Fix** (quick fix): add the volume and its mount —',
      '',
      '```yaml',
      'volumeMounts:',
      '  - name: bound-sa-token',
      '    mountPath: /var/run/secrets/openshift/serviceaccount',
      '    readOnly: true',
      'volumes:',
      '  - name: bound-sa-token',
      '    projected:',
      '      sources:',
      '        - serviceAccountToken:',
      '            audience: openshift',
      '            expirationSeconds: 3600',
      '            path: token',
      '```',
      '',
      'Two OpenShift patterns count: an init container that only copies the Secret\'s `credentials`',
      'into a shared `emptyDir` (openshift/csi-operator `init-aws-credentials-file`) reads no token, so the containers',
      'that mount that emptyDir are checked instead; and on HyperShift a `token-minter` sidecar writes the token into a',
      'shared `emptyDir` (`--token-file`, default `/var/run/secrets/openshift/serviceaccount/token`: openshift/hypershift',
      '`token-minter/tokenminter.go`), which counts as the token volume. A patch or fragment without any token volume is',
      'not reported: its base supplies the volumes.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/constants.go (OidcTokenPath)',
      'https://docs.redhat.com/en/documentation/openshift_container_platform/4.16/html/operators/osdk-cco-aws-sts',
      'https://github.com/openshift/hypershift/blob/3ee9615567acffaf3e3ee25c2ca2942d650565cf/token-minter/tokenminter.go',
      'https://github.com/openshift/csi-operator/blob/f7f9dc59603d190abbcda1ae818f489c9dc2f167/assets/overlays/aws-efs/patches/controller_add_driver.yaml',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const tokens = tokenVolumes(w);
    // A token-minter sidecar's emptyDir holds the token as a projected volume would (HyperShift).
    const tokenVolNames = new Set<string | undefined>([...tokens.map((t) => str(t.volume.name)), ...mintedTokenVolumes(w)]);
    // A patch or fragment gets its token volume from its base (issue #11 pattern 5).
    if (!tokens.length && ctx.ws.partialReason(w) !== undefined) return;
    const reported = new Set<TreeNode>();
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      if (!isAwsRequest(cr)) continue; // another cloud's request (issue #11 pattern 1)
      const want = str(cr.secretRef?.name);
      if (!want) continue;
      const exp = expectedTokenFile(ctx, cr);
      const secretVols = secretVolumes(w, want);
      // An init container that copies the profile into a shared emptyDir reads no token; the
      // containers that read the copy do (openshift/csi-operator init-aws-credentials-file).
      const copies = credentialsCopies(w, new Set(secretVols.map((v) => str(v.name))));
      const readers: { container: Container; mount: VolumeMount }[] = [];
      for (const v of secretVols) {
        const vn = str(v.name);
        if (vn !== undefined) readers.push(...mountsOf(w, vn).filter(({ container }) => !copies.some((cp) => cp.copier === container)));
      }
      for (const cp of copies) for (const r of cp.readers) if (!readers.some((x) => x.container === r.container)) readers.push(r);
      const copyOf = (m: VolumeMount) => copies.find((cp) => cp.volume === str(m.name));
      for (const { container, mount } of readers) {
        if (container.mounts.some((m) => tokenVolNames.has(str(m.name)))) continue;
        if (!mount.name || reported.has(mount.name)) continue;
        reported.add(mount.name);
        const text = ctx.text(w.uri);
        const style = styleOf(text, w);
        const existing = tokens[0];
        const taken = new Set(w.volumes.map((x) => str(x.name)));
        let volName = existing ? str(existing.volume.name)! : TOKEN_VOLUME_NAME;
        for (let i = 2; !existing && taken.has(volName); i++) volName = `${TOKEN_VOLUME_NAME}-${i}`;
        const edits: EditSpec[] = [];
        const mountDir = existing ? undefined : dirName(exp.path);
        const mountEdit =
          container.mountsNode?.kind === 'seq'
            ? appendSeqItem(w.uri, text, container.mountsNode, { name: volName, mountPath: mountDir ?? dirName(exp.path), readOnly: true }, style)
            : undefined;
        if (mountEdit) edits.push(mountEdit);
        if (!existing && w.volumesNode?.kind === 'seq') {
          const volEdit = appendSeqItem(
            w.uri,
            text,
            w.volumesNode,
            { name: volName, projected: { sources: [{ serviceAccountToken: { audience: 'openshift', expirationSeconds: TOKEN_EXPIRATION_DEFAULT, path: baseName(exp.path) } }] } },
            style,
          );
          if (volEdit) edits.push(volEdit);
          else edits.length = 0;
        }
        const what = existing
          ? `it does not mount the pod's token volume \`${volName}\``
          : 'the pod has no projected serviceAccountToken volume';
        ctx.report({
          at: { doc: w, node: mount.name },
          message: `Container \`${str(container.name) ?? '?'}\` ${copyOf(mount) ? `reads the profile that init container \`${str(copyOf(mount)!.copier.name) ?? '?'}\` copies from the ccoctl Secret \`${want}\` (CredentialsRequest \`${crLabel(cr)}\`) into \`${str(mount.name)}\`` : `mounts the ccoctl Secret \`${want}\` of CredentialsRequest \`${crLabel(cr)}\``}, but ${what}. Since ${tokenFileSource(ctx, cr, exp)}, the SDK finds no web identity token. Mount a projected service account token (audience openshift, path ${baseName(exp.path)}) at \`${dirName(exp.path)}\`.`,
          related: exp.secret && exp.entry ? [{ at: { uri: exp.secret.uri, start: exp.entry.lineStart, end: exp.entry.lineEnd }, message: 'web_identity_token_file of the ccoctl Secret' }] : undefined,
          fixes: edits.length ? [{ title: existing ? `Mount the token volume \`${volName}\` at \`${dirName(exp.path)}\`` : 'Add the projected service account token volume and its mount', preferred: true, edits }] : undefined,
        });
      }
    }
  },
};

export default rule;
