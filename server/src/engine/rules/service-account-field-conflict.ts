import type { Workload } from '../model/types';
import { str } from '../parse/tree';
import { lineOf } from './_util';
import { removePairLines, workloadLabel } from './_workload-util';
import type { DocumentRule } from './types';

/**
 * WL001 (error part): `serviceAccount` and `serviceAccountName` both set and different. The API
 * server keeps `serviceAccountName` and ignores the alias (K8S-conv), so whoever edited the alias
 * believes the pod runs as an account it does not run as.
 */
const rule: DocumentRule = {
  id: 'service-account-field-conflict',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`serviceAccount` and `serviceAccountName` are both set and differ; `serviceAccountName` silently wins.',
    details: [
      'A pod spec may carry both `serviceAccountName` and its deprecated alias `serviceAccount`. The API server',
      'only copies the alias when `serviceAccountName` is empty; when both are set, `serviceAccountName` wins and',
      'the alias is silently ignored (Kubernetes core/v1 conversion). A manifest with two different values',
      'therefore runs the pod as the `serviceAccountName` account, whatever the alias says.',
      '',
      'With IRSA this decides whether STS accepts the pod\'s token at all: the ccoctl trust policy admits only',
      'the service accounts listed in the CredentialsRequest\'s `serviceAccountNames`.',
      '',
      '**Fix:** delete `serviceAccount` (quick fix) and make sure `serviceAccountName` is the account you meant.',
    ].join('\n'),
    sources: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/conversion.go',
      'https://github.com/kubernetes/api/blob/master/core/v1/types.go (PodSpec.DeprecatedServiceAccount)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const alias = w.serviceAccount;
    const name = w.serviceAccountName;
    if (!alias || !name || !alias.pair || str(alias) === str(name)) return;
    const remove = removePairLines(w.uri, ctx.text(w.uri), alias);
    ctx.report({
      at: { doc: w, node: alias.pair.key },
      message: `\`serviceAccount: ${str(alias)}\` conflicts with \`serviceAccountName: ${str(name)}\` (line ${lineOf(ctx, w.uri, name.start)}); Kubernetes silently uses \`${str(name)}\` for ${workloadLabel(w)} and ignores the deprecated alias. Remove \`serviceAccount\` and keep the account you mean in \`serviceAccountName\`.`,
      related: [{ at: { doc: w, node: name }, message: `\`serviceAccountName: ${str(name)}\` is the one Kubernetes uses` }],
      fixes: remove ? [{ title: 'Remove the conflicting deprecated `serviceAccount`', preferred: true, edits: [remove] }] : undefined,
    });
  },
};

export default rule;
