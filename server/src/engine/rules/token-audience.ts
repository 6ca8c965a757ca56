import type { Workload } from '../model/types';
import { isPlaceholderNode } from '../model/unknown';
import { str } from '../parse/tree';
import { allowedAudiences, awsTokens, columnOf, replacePairWithScalar } from './_workload-util';
import { yamlScalar } from './_util';
import type { DocumentRule } from './types';

/**
 * WL006: the `audience` of the projected token an AWS SDK presents must be a client ID of the IAM
 * OIDC provider: `openshift` or `sts.amazonaws.com` for ccoctl providers (CCOCTL-idp), or
 * `settings.audiences`. An omitted audience defaults to the API server's own audience, which STS
 * rejects with "Incorrect token audience" (INFERRED, §6). Only tokens meant for AWS are checked
 * (see {@link awsTokens}), so a Vault token in the same pod is left alone.
 */
const rule: DocumentRule = {
  id: 'token-audience',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: "The projected token's `audience` must be one the OIDC provider accepts (`openshift` or `sts.amazonaws.com`).",
    details: [
      'STS validates the web identity token\'s `aud` claim against the client-ID list of the IAM OIDC identity',
      'provider. `ccoctl aws create-identity-provider` registers `openshift` and `sts.amazonaws.com`; a token with any',
      'other audience — including a token with **no** `audience`, which Kubernetes issues for the API server\'s own',
      'audience — fails with `InvalidIdentityToken: Incorrect token audience` (the text users report; see the issues under Sources). The ccoctl trust policy has no `:aud`',
      'condition, so the provider\'s client IDs are the only audience check.',
      '',
      'If your OIDC provider has other client IDs, list them under `audiences:` in `.irsa.yaml` (or the',
      '`irsa.oidc.audiences` setting).',
      '',
      '**Fix:** set `audience: openshift` on the `serviceAccountToken` projection (quick fix).',
      '',
      '**Templates.** A templated audience (`${TOKEN_AUDIENCE}`) is known only once rendered and is not checked (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create_identity_provider.go (ClientIDList: `openshift`, `sts.amazonaws.com`)',
      'https://docs.redhat.com/en/documentation/openshift_container_platform/4.16/html/operators/osdk-cco-aws-sts',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
      'https://github.com/awslabs/amazon-eks-irsa-cfn/issues/18 ("Incorrect token audience")',
      'https://github.com/aws-actions/configure-aws-credentials/issues/775 ("Incorrect token audience")',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const allowed = allowedAudiences(ctx.settings);
    const preferred = allowed.includes('openshift') ? 'openshift' : allowed[0]!;
    const list = allowed.map((a) => `\`${a}\``).join(' or ');
    const text = ctx.text(w.uri);
    for (const { token } of awsTokens(w, ctx.settings)) {
      const aud = token.audience;
      if (aud) {
        if (allowed.includes(str(aud)!) || isPlaceholderNode(aud)) continue; // (#11 pattern 4) a templated audience is unknown
        ctx.report({
          at: { doc: w, node: aud },
          message: `Token audience \`${str(aud)}\` is not accepted by the OIDC provider (client IDs: ${list}); STS fails with "InvalidIdentityToken: Incorrect token audience". Use \`${preferred}\`.`,
          fixes: [{ title: `Set the token audience to \`${preferred}\``, preferred: true, edits: [{ uri: w.uri, start: aud.start, end: aud.end, newText: yamlScalar(preferred) }] }],
        });
        continue;
      }
      const first = token.node.pairs[0]?.key;
      const replace = replacePairWithScalar(w.uri, text, token.node, 'audience', preferred);
      const fix = replace
        ? [{ title: `Set the token audience to \`${preferred}\``, preferred: true, edits: [replace] }]
        : first && text.slice(text.lastIndexOf('\n', first.start - 1) + 1, first.start).trim() === ''
          ? [{ title: `Set the token audience to \`${preferred}\``, preferred: true, edits: [{ uri: w.uri, start: first.start, end: first.start, newText: `audience: ${yamlScalar(preferred)}\n${' '.repeat(columnOf(text, first.start))}` }] }]
          : undefined;
      ctx.report({
        at: token.node.pair ? { doc: w, node: token.node, part: 'key' } : { doc: w, node: token.node },
        message: `The service account token has no \`audience\`, so it is issued for the API server's audience, which the OIDC provider does not accept (client IDs: ${list}); STS fails with "InvalidIdentityToken: Incorrect token audience". Set \`audience: ${preferred}\`.`,
        fixes: fix,
      });
    }
  },
};

export default rule;
