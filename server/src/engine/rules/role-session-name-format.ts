import { ROLE_SESSION_NAME } from '../domain';
import { isPlaceholder } from '../parse/placeholder';
import type { Workload } from '../model/types';
import { envOf, envValue } from './_workload-util';
import type { DocumentRule } from './types';

/**
 * WL009: `AWS_ROLE_SESSION_NAME` becomes the STS `RoleSessionName`: 2–64 characters of
 * `[\w+=,.@-]` (STS-model roleSessionNameType). A value outside that makes every
 * AssumeRoleWithWebIdentity call fail with a ValidationError.
 */
const rule: DocumentRule = {
  id: 'role-session-name-format',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: '`AWS_ROLE_SESSION_NAME` must match `[\\w+=,.@-]{2,64}`.',
    details: [
      'The SDKs pass `AWS_ROLE_SESSION_NAME` to STS as `RoleSessionName`, which must be 2–64 characters of letters,',
      'digits and `_+=,.@-` (no spaces, slashes or colons). A longer or otherwise invalid name makes the web identity',
      'call fail with a `ValidationError`. The session name also appears in the assumed-role ARN',
      '(`arn:aws:sts::<account>:assumed-role/<role>/<session>`) that a cross-account trust policy may pin.',
      '',
      'Note which SDKs honour it when the credentials come from the ccoctl profile (`AWS_CONFIG_FILE`): JS v3 and',
      'boto3 use `AWS_ROLE_SESSION_NAME` for the profile\'s session; Go v2 and Java v2 ignore it there and generate a',
      'random name — put `role_session_name` into the profile if the name matters.',
      '',
      '**Fix:** use a name such as `orders-api` that matches `^[\\w+=,.@-]{2,64}$`.',
      '',
      '**Templates.** A templated AWS_ROLE_SESSION_NAME (`${CLUSTER_NAME}-reports`) is known only once rendered and is not checked (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-web-identity/src/fromTokenFile.ts',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    for (const c of w.containers) {
      const e = envOf(c, 'AWS_ROLE_SESSION_NAME');
      const v = envValue(e);
      if (!e?.value || v === undefined || ROLE_SESSION_NAME.test(v) || isPlaceholder(v)) continue; // (#11 pattern 4) templated: unknown
      const why =
        v.length < 2 ? `is ${v.length} character${v.length === 1 ? '' : 's'} long (minimum 2)` : v.length > 64 ? `is ${v.length} characters long (maximum 64)` : `contains ${[...new Set(v.replace(/[\w+=,.@-]/g, ''))].map((ch) => JSON.stringify(ch)).join(', ')}`;
      ctx.report({
        at: { doc: w, node: e.value },
        message: `AWS_ROLE_SESSION_NAME \`${v}\` ${why}; STS requires 2–64 characters of letters, digits and _+=,.@- (RoleSessionName), so AssumeRoleWithWebIdentity fails with a ValidationError.`,
      });
    }
  },
};

export default rule;
