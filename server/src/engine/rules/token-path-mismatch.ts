import { isAwsRequest } from './_cr';
import type { ScalarNode, TreeNode } from '../parse/tree';
import { isPlaceholderNode } from '../model/unknown';
import type { Workload } from '../model/types';
import { str } from '../parse/tree';
import {
  awsTokens,
  baseName,
  CONFIG_FILE_VARS,
  crLabel,
  dirName,
  envOf,
  expectedTokenFile,
  joinPath,
  secretVolumes,
  tokenFileSource,
} from './_workload-util';
import { yamlScalar } from './_util';
import type { DocumentRule, EditSpec } from './types';

/**
 * WL007: the projected token must land exactly where the ccoctl Secret's profile says
 * (`web_identity_token_file`, always `/var/run/secrets/openshift/serviceaccount/token` for ccoctl,
 * CCOCTL-const): token volume mountPath + `/` + `path`. Checked for the containers that read the
 * profile (mount the CredentialsRequest's Secret or set AWS_CONFIG_FILE); a container that mounts
 * no token at all is `missing-token-volume`'s finding.
 */
const rule: DocumentRule = {
  id: 'token-path-mismatch',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: "The token's mountPath + `/` + path must equal `web_identity_token_file` in the ccoctl Secret.",
    details: [
      'The ccoctl Secret\'s `credentials` profile tells the AWS SDK where to read the web identity token:',
      '`web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token`. ccoctl always writes this constant,',
      'whatever the CredentialsRequest\'s `cloudTokenPath` says. The pod must therefore mount the',
      'projected service account token volume at `/var/run/secrets/openshift/serviceaccount` with',
      '`serviceAccountToken.path: token`. Any other place and the SDK fails to read the token file (ENOENT) and',
      'falls through to other credential sources.',
      '',
      'The expected path is read from the linked Secret manifest when it is in the workspace, otherwise it is',
      'ccoctl\'s constant.',
      '',
      '**Fix:** set the token volume\'s `mountPath` and `path` so they join to `web_identity_token_file` (quick fix).',
      '',
      '**Templates.** A templated mountPath, path or subPath gives a token file that is known only once rendered: it is compared with nothing (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/constants.go (OidcTokenPath)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const tokens = awsTokens(w, ctx.settings);
    if (!tokens.length) return;
    const reported = new Set<TreeNode>();
    for (const cr of ctx.ws.credentialsRequestsFor(w)) {
      if (!isAwsRequest(cr)) continue; // another cloud's request (issue #11 pattern 1)
      const exp = expectedTokenFile(ctx, cr);
      const secretVolNames = new Set(secretVolumes(w, str(cr.secretRef?.name) ?? '\0').map((v) => str(v.name)));
      let relevant = w.containers.filter(
        (c) => c.mounts.some((m) => secretVolNames.has(str(m.name))) || CONFIG_FILE_VARS.some((v) => envOf(c, v)),
      );
      if (!relevant.length) relevant = w.containers;
      for (const c of relevant) {
        const found: { file: string; mountPath: ScalarNode; path: ScalarNode }[] = [];
        for (const m of c.mounts) {
          const tv = tokens.find((t) => str(t.volume.name) === str(m.name));
          const path = tv?.token.path;
          const mp = m.mountPath;
          // (#11 pattern 4) A templated mountPath or path gives an unknown file: nothing to compare.
          if (!tv || !path || !mp || isPlaceholderNode(path) || isPlaceholderNode(mp) || isPlaceholderNode(m.subPath)) continue;
          const sub = str(m.subPath);
          const file = sub !== undefined ? (sub === str(path) ? str(mp)! : undefined) : joinPath(str(mp)!, str(path)!);
          if (file !== undefined) found.push({ file, mountPath: mp, path });
        }
        if (!found.length || found.some((f) => f.file === exp.path)) continue;
        const f = found[0]!;
        const wantDir = dirName(exp.path);
        const wantFile = baseName(exp.path);
        const dirOk = str(f.mountPath)!.replace(/\/+$/, '') === wantDir;
        const at = dirOk ? f.path : f.mountPath;
        if (reported.has(at)) continue;
        reported.add(at);
        const edits: EditSpec[] = [];
        if (!dirOk) edits.push({ uri: w.uri, start: f.mountPath.start, end: f.mountPath.end, newText: yamlScalar(wantDir) });
        if (str(f.path) !== wantFile) edits.push({ uri: w.uri, start: f.path.start, end: f.path.end, newText: yamlScalar(wantFile) });
        ctx.report({
          at: { doc: w, node: at },
          message: `Container \`${str(c.name) ?? '?'}\` gets its token at \`${f.file}\` (mountPath \`${str(f.mountPath)}\` + path \`${str(f.path)}\`), but ${tokenFileSource(ctx, cr, exp)}; the SDK cannot read the web identity token. Mount the token volume at \`${wantDir}\` with path \`${wantFile}\`.`,
          related: exp.secret && exp.entry
            ? [{ at: { uri: exp.secret.uri, start: exp.entry.lineStart, end: exp.entry.lineEnd }, message: `web_identity_token_file of the ccoctl Secret for CredentialsRequest \`${crLabel(cr)}\`` }]
            : cr.secretRef ? [{ at: { doc: cr, node: cr.secretRef.node, part: 'key' }, message: `secretRef of CredentialsRequest \`${crLabel(cr)}\` (ccoctl writes the Secret)` }] : undefined,
          fixes: [{ title: `Mount the token at \`${exp.path}\` (web_identity_token_file)`, preferred: true, edits }],
        });
      }
    }
  },
};

export default rule;
