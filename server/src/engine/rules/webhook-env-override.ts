import { POD_IDENTITY_ROLE_ARN_ANNOTATION } from '../domain';
import type { ServiceAccount, Workload } from '../model/types';
import { isPlaceholderNode, known } from '../model/unknown';
import { effectiveServiceAccount, webhookSkippedContainers, workloadNamespace } from '../model/workload';
import type { ScalarNode } from '../parse/tree';
import { str } from '../parse/tree';
import { where } from './_util';
import { envOf } from './_workload-util';
import type { DocumentRule } from './types';

const SRC = 'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/3bf80a348116483b2162190e43232e4d243f76c4';

/**
 * A container that sets `AWS_ROLE_ARN` itself to another role than the `eks.amazonaws.com/role-arn`
 * annotation of the ServiceAccount it runs as. The webhook adds AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE only when the container defines neither (pkg/handler/handler.go
 * addEnvToContainer: `if !webIdentityKeysDefined`), so the container's own value wins and the
 * annotation's role is not the one assumed. Containers listed in `eks.amazonaws.com/skip-containers`
 * are left alone by the webhook on purpose and are not reported. A container that sets only
 * AWS_WEB_IDENTITY_TOKEN_FILE gets no AWS_ROLE_ARN from the webhook either: reported too.
 */
const rule: DocumentRule = {
  id: 'webhook-env-override',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: 'A container sets `AWS_ROLE_ARN` to another role than its ServiceAccount\'s `eks.amazonaws.com/role-arn`, or sets only `AWS_WEB_IDENTITY_TOKEN_FILE`; the webhook keeps the container\'s values.',
    details: [
      'The pod identity webhook injects `AWS_ROLE_ARN` (the ServiceAccount\'s `eks.amazonaws.com/role-arn`) and',
      '`AWS_WEB_IDENTITY_TOKEN_FILE` into each container, **unless the container already defines either of them**: then it',
      'leaves both as written. A container that sets `AWS_ROLE_ARN` to a different role therefore assumes that role, with the',
      'token the webhook projects for the annotated one, and the annotation is not what is used. Usually one of the two is stale.',
      'A container that sets only `AWS_WEB_IDENTITY_TOKEN_FILE` gets no `AWS_ROLE_ARN` either, so its SDK has no web identity role at all.',
      '',
      'The rule compares the literal `AWS_ROLE_ARN` of each container with the annotation of the ServiceAccount the pod runs',
      'as (same name, same namespace, found anywhere in the workspace). Templated values, `valueFrom`, and containers listed in',
      '`eks.amazonaws.com/skip-containers` are not compared.',
      '',
      '**Fix:** remove `AWS_ROLE_ARN` (and `AWS_WEB_IDENTITY_TOKEN_FILE`) from the container and let the webhook set them, or',
      'make the annotation name the role the container needs.',
    ].join('\n'),
    sources: [
      `${SRC}/pkg/handler/handler.go (addEnvToContainer: webIdentityKeysDefined, AWS_ROLE_ARN added only when neither key is set)`,
      `${SRC}/pkg/cache/cache.go (addSA: the role comes from the ServiceAccount's eks.amazonaws.com/role-arn)`,
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const saName = effectiveServiceAccount(w);
    const ns = workloadNamespace(w);
    const text = ctx.text(w.uri);
    // A literal AWS_ROLE_ARN to compare, or AWS_WEB_IDENTITY_TOKEN_FILE alone (either one stops the webhook).
    const candidates = w.containers.filter((c) => {
      const e = envOf(c, 'AWS_ROLE_ARN');
      if (!e) return envOf(c, 'AWS_WEB_IDENTITY_TOKEN_FILE') !== undefined;
      return e.value !== undefined && e.value.kind === 'scalar' && typeof e.value.value === 'string' && !isPlaceholderNode(e.value, text);
    });
    if (!candidates.length) return;
    const skipped = webhookSkippedContainers(w);
    // One ServiceAccount manifest with a literal annotation, or nothing to compare with.
    const arns = new Map<string, { sa: ServiceAccount; node: ScalarNode }>();
    for (const sa of ctx.ws.serviceAccounts(saName, ns)) {
      if (ns === undefined && known(sa.namespace) !== undefined) continue;
      const p = sa.annotations?.pairs.find((q) => q.key.value === POD_IDENTITY_ROLE_ARN_ANNOTATION);
      const v = p?.value;
      if (!v || v.kind !== 'scalar' || typeof v.value !== 'string' || isPlaceholderNode(v, ctx.text(sa.uri))) continue;
      arns.set(v.value, { sa, node: v });
    }
    if (arns.size !== 1) return;
    const [annotated, { sa, node }] = [...arns.entries()][0]!;
    for (const c of candidates) {
      const name = str(c.name) ?? '?';
      if (skipped.has(name)) continue;
      const e = envOf(c, 'AWS_ROLE_ARN');
      if (!e) {
        const t = envOf(c, 'AWS_WEB_IDENTITY_TOKEN_FILE')!;
        ctx.report({
          at: { doc: w, node: t.name ?? t.node },
          message: `Container \`${name}\` sets AWS_WEB_IDENTITY_TOKEN_FILE but not AWS_ROLE_ARN: the pod identity webhook then adds neither (it skips both when the container defines either), so the container has no role to assume although its ServiceAccount \`${saName}\` is annotated \`${POD_IDENTITY_ROLE_ARN_ANNOTATION}: ${annotated}\` (${where(ctx, sa, node)}). Remove AWS_WEB_IDENTITY_TOKEN_FILE, or set AWS_ROLE_ARN too.`,
          related: [{ at: { doc: sa, node }, message: `the ServiceAccount's role annotation` }],
        });
        continue;
      }
      const own = str(e.value) ?? '';
      if (own === annotated) continue;
      ctx.report({
        at: { doc: w, node: e.value! },
        message: `Container \`${name}\` sets AWS_ROLE_ARN to \`${own}\`, but its ServiceAccount \`${saName}\` is annotated \`${POD_IDENTITY_ROLE_ARN_ANNOTATION}: ${annotated}\` (${where(ctx, sa, node)}); the pod identity webhook does not override a container's own AWS_ROLE_ARN, so this container assumes \`${own}\`, not the annotated role.`,
        related: [{ at: { doc: sa, node }, message: `the ServiceAccount's role annotation` }],
      });
    }
  },
};

export default rule;
