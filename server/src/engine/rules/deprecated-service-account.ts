import type { Workload } from '../model/types';
import { str } from '../parse/tree';
import { removePairLines, workloadLabel } from './_workload-util';
import type { DocumentRule } from './types';
import { replaceString } from './_util';

/**
 * WL001 (warning): the pod spec uses the deprecated alias `serviceAccount` (core/v1
 * `DeprecatedServiceAccount`). When `serviceAccountName` is absent the API server copies the alias
 * into it (K8S-conv), so the pod still runs as that account, but the field is deprecated. When both
 * are set and differ, `service-account-field-conflict` reports it instead (no double finding).
 */
const rule: DocumentRule = {
  id: 'deprecated-service-account',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`serviceAccount` is deprecated; use `serviceAccountName`.',
    details: [
      'The pod spec field `serviceAccount` is the deprecated alias of `serviceAccountName`',
      '(Kubernetes core/v1 `DeprecatedServiceAccount`: "Deprecated: Use serviceAccountName instead").',
      'When a manifest sets only `serviceAccount`, the API server copies its value into `serviceAccountName`',
      'on write, so the pod still runs as that service account — but tools, policies and readers that look at',
      '`serviceAccountName` see nothing, and the alias may be dropped in a future API version.',
      'The guide\'s Deployment snippet uses `serviceAccount: dev-db-reader`.',
      '',
      'For IRSA the service account matters: the trust policy that `ccoctl` attaches to the role only admits',
      '`system:serviceaccount:<secretRef.namespace>:<serviceAccountNames[i]>`.',
      '',
      '**Fix:** rename the key to `serviceAccountName` (quick fix). If both keys are present with the same',
      'value, delete `serviceAccount`. If they differ, see `service-account-field-conflict`.',
    ].join('\n'),
    sources: [
      'https://github.com/kubernetes/api/blob/master/core/v1/types.go (PodSpec.DeprecatedServiceAccount)',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/conversion.go',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const alias = w.serviceAccount;
    const key = alias?.pair?.key;
    if (!alias || !key) return;
    const name = str(w.serviceAccountName);
    if (name !== undefined && name !== str(alias)) return; // service-account-field-conflict
    const text = ctx.text(w.uri);
    if (name === undefined) {
      // A `serviceAccountName:` key without a string value (`null`, a list) is still a key: renaming
      // `serviceAccount` next to it would write a duplicate key.
      const taken = key.parent?.kind === 'map' && key.parent.pairs.some((p) => p.key.value === 'serviceAccountName');
      ctx.report({
        at: { doc: w, node: key },
        message: `\`serviceAccount\` is deprecated; use \`serviceAccountName: ${str(alias)}\`. Kubernetes still copies the alias into \`serviceAccountName\`, so ${workloadLabel(w)} runs as \`${str(alias)}\`, but the field is deprecated (core/v1 DeprecatedServiceAccount).`,
        fixes: taken ? undefined : [{ title: 'Use `serviceAccountName` instead of the deprecated `serviceAccount`', preferred: true, edits: [replaceString(w.uri, key, 'serviceAccountName')] }],
      });
      return;
    }
    const remove = removePairLines(w.uri, text, alias);
    ctx.report({
      at: { doc: w, node: key },
      message: `\`serviceAccount\` is deprecated and repeats \`serviceAccountName: ${name}\`; remove it.`,
      fixes: remove ? [{ title: 'Remove the deprecated `serviceAccount`', preferred: true, edits: [remove] }] : undefined,
    });
  },
};

export default rule;
