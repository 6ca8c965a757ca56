import type { Workload } from '../model/types';
import { str } from '../parse/tree';
import { lineOf } from './_util';
import type { DocumentRule } from './types';

/**
 * WL011: env var names match `[-._a-zA-Z][-._a-zA-Z0-9]*` (checked by the pod-spec schema,
 * `x-irsa-rule: env-var-names`) and are unique within a container (checked here: with duplicates
 * the last one wins, so `AWS_CONFIG_FILE` set twice hides the value a reader sees first).
 */
const rule: DocumentRule = {
  id: 'env-var-names',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  schemaBacked: true,
  docs: {
    summary: 'Environment variable names must match `[-._a-zA-Z][-._a-zA-Z0-9]*` and be unique in a container.',
    details: [
      'Kubernetes validates `env[].name` as a C identifier-like token: `[-._a-zA-Z][-._a-zA-Z0-9]*` (it may not start',
      'with a digit). Newer clusters have a relaxed mode (feature gate `RelaxedEnvironmentVariableValidation`) that',
      'accepts any printable ASCII but `=`; which mode a given OpenShift version uses varies, so the rule warns with',
      'the strict form. A name defined twice in one container is accepted, but only the last value takes effect —',
      'a second `AWS_CONFIG_FILE` or `AWS_REGION` silently overrides the first.',
      '',
      '**Fix:** rename the variable to the strict form and keep one definition per container.',
    ].join('\n'),
    sources: [
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsEnvVarName)',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (env var names)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const c of w.containers) {
      const seen = new Map<string, number>();
      for (const e of c.env) {
        const n = str(e.name);
        if (n === undefined || !e.name) continue;
        const first = seen.get(n);
        if (first === undefined) {
          seen.set(n, e.name.start);
          continue;
        }
        ctx.report({
          at: { doc: w, node: e.name },
          message: `Environment variable \`${n}\` is already set in container \`${str(c.name) ?? '?'}\` (line ${lineOf(ctx, w.uri, first)}); only the last definition takes effect. Keep one.`,
        });
      }
    }
  },
};

export default rule;
