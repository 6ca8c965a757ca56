import type { Workload } from '../model/types';
import { asScalar, get } from '../parse/tree';
import type { DocumentRule } from './types';

/** WL013 (info): `apps.openshift.io/v1` DeploymentConfig is deprecated since OpenShift 4.14 (§3.6). */
const rule: DocumentRule = {
  id: 'deployment-config-deprecated',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`apps.openshift.io/v1` DeploymentConfig is deprecated since OpenShift 4.14.',
    details: [
      'OpenShift deprecated `DeploymentConfig` (apps.openshift.io/v1) in 4.14; it is still supported but receives no new',
      'features. Its pod template (`spec.template.spec`) is validated like any other workload\'s by this extension.',
      '',
      '**Fix:** migrate to `apps/v1` `Deployment`: move `spec.template` as is, replace `spec.selector` (a plain map) with',
      '`spec.selector.matchLabels`, and replace `triggers` with image streams\' `image.openshift.io/triggers` annotation.',
    ].join('\n'),
    sources: [
      'https://access.redhat.com/articles/7041372',
      'https://github.com/openshift/api/blob/master/apps/v1/types.go',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    if (w.workloadKind !== 'DeploymentConfig') return;
    const kind = asScalar(get(w.root, 'kind'));
    if (!kind) return;
    ctx.report({
      at: { doc: w, node: kind },
      message: 'DeploymentConfig (apps.openshift.io/v1) is deprecated since OpenShift 4.14; use an apps/v1 Deployment with the same pod template.',
    });
  },
};

export default rule;
