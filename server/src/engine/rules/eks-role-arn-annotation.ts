import { looksLikePlaceholder, POD_IDENTITY_ROLE_ARN_ANNOTATION, ROLE_ARN } from '../domain';
import { isPlaceholderNode, known } from '../model/unknown';
import type { ServiceAccount } from '../model/types';
import { str } from '../parse/tree';
import { arnProblem } from './_iam-util';
import { where } from './_util';
import type { DocumentRule } from './types';

const ANNOTATION = POD_IDENTITY_ROLE_ARN_ANNOTATION;

/**
 * WL014: a ServiceAccount annotated `eks.amazonaws.com/role-arn` for the pod identity webhook
 * (WEBHOOK, CCO-webhook). The annotation must be a role ARN, and the webhook only mutates pods that
 * run as that account in its namespace (OCP-PIW), on pod CREATE only.
 */
const rule: DocumentRule = {
  id: 'eks-role-arn-annotation',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['serviceAccount'],
  docs: {
    summary: 'A ServiceAccount annotated `eks.amazonaws.com/role-arn` with no pod in its namespace using it, or a malformed ARN.',
    details: [
      'On OpenShift on AWS (and ROSA) the pod identity webhook that CCO ships injects `AWS_ROLE_ARN`,',
      '`AWS_WEB_IDENTITY_TOKEN_FILE` and a projected token (audience `sts.amazonaws.com`) into pods whose service account',
      'carries `eks.amazonaws.com/role-arn: <role ARN>`. It only does so for pods that reference that service account',
      'in **its** namespace, and only when the pod is created: pods that already ran before the annotation keep running',
      'without credentials until they are re-created (`oc rollout restart`).',
      '',
      'The rule reports an annotation that is not an IAM role ARN (`arn:aws:iam::<12 digits>:role/<name>`), and an',
      'annotated service account whose name is only used by workloads in other namespaces. The message names what is wrong',
      '(a region in the IAM ARN, an unknown partition such as `aws-gov` instead of `aws-us-gov`, an account that is not 12',
      'digits, a `policy/` instead of a `role/`). The webhook itself only logs "arn is invalid" and injects the value anyway,',
      'so the pod starts and the SDK fails at `AssumeRoleWithWebIdentity`. (A webhook started with `--compose-role-arn` also',
      'accepts a bare role name and builds the ARN from its flags; this rule does not know the flag and reports a bare name.)',
      '',
      '**Fix:** use the role\'s full ARN, run the workload in the service account\'s namespace, and restart existing pods',
      'after annotating.',
      '',
      '**Templates.** A value holding a template placeholder — `${VAR}` (envsubst, Flux post-build substitution), `{{ … }}` (Go text/template, Helm; an unquoted one is read by YAML as a mapping), `%{ … }` (Terraform), `$(VAR)` (Kubernetes dependent environment variables, kustomize vars) — is not known until the template is rendered, so a templated annotation (`{{ .Values.roleArn }}`, `${ROLE_ARN}`) is not judged, and a templated name or namespace is compared with nothing. Example placeholders such as `<account id>` are not template syntax and stay findings. The literal values of the same document keep all their checks. IAM policy variables such as `${aws:username}` are not placeholders.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/README.md',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/3bf80a348116483b2162190e43232e4d243f76c4/pkg/cache/cache.go (addSA: the role ARN regex only logs "arn is invalid"; composeRoleArn builds an ARN from a bare name)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/bindata/v4.1.0/aws-pod-identity-webhook/deployment.yaml (the webhook OpenShift runs)',
      'https://docs.openshift.com/rosa/authentication/assuming-an-aws-iam-role-for-a-service-account.html',
    ],
  },
  check(doc, ctx) {
    const sa = doc as ServiceAccount;
    const pair = sa.annotations?.pairs.find((p) => p.key.value === ANNOTATION);
    if (!pair) return;
    const value = pair.value;
    // (#11 pattern 4) A templated ARN (`{{ .Values.roleArn }}`, `${ROLE_ARN}`) is known once rendered.
    if (isPlaceholderNode(value, ctx.text(sa.uri))) return;
    const arn = str(value);
    if (!value || arn === undefined || !ROLE_ARN.test(arn)) {
      // The precise reason (partition, region field, account digits, resource form) for a non-placeholder
      // value; a placeholder is already said above and arnProblem would only repeat it.
      const detail = arn !== undefined && !looksLikePlaceholder(arn) ? arnProblem(arn, 'role') : undefined;
      ctx.report({
        at: value ? { doc: sa, node: value } : { doc: sa, node: pair.key },
        severity: 'error',
        message: `\`${ANNOTATION}\` must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)${arn !== undefined ? `; found \`${arn}\`${looksLikePlaceholder(arn) ? ' (a placeholder)' : ''}` : ''}.${detail ? ` ${detail}` : ''} The pod identity webhook passes it to STS as AWS_ROLE_ARN.`,
      });
      return;
    }
    // A templated name or namespace, here or on a workload, is unknown: no comparison against it.
    const name = known(sa.name);
    const ns = known(sa.namespace);
    if (!name || !ns) return;
    const users = ctx.ws.workloadsRunningAs(name);
    if (!users.length || users.some((w) => known(w.namespace) === ns || known(w.namespace) === undefined)) return;
    const other = users[0]!;
    ctx.report({
      at: { doc: sa, node: pair.key },
      message: `ServiceAccount \`${name}\` in namespace \`${ns}\` is annotated for the pod identity webhook, but the workloads that run as \`${name}\` are in other namespaces (e.g. ${other.workloadKind} \`${str(other.name) ?? '?'}\` in \`${str(other.namespace)}\`, ${where(ctx, other, other.namespace ?? other.root)}); the webhook only injects credentials into pods of the service account's own namespace.`,
      related: users.map((w) => ({ at: { doc: w, node: w.namespace ?? w.root }, message: `${w.workloadKind} \`${str(w.name) ?? '?'}\` runs as \`${name}\` here` })),
    });
  },
};

export default rule;
