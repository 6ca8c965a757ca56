import { looksLikePlaceholder, looseRoleOf, parseRoleArn, ROLE_NAME_MAX } from '../domain';
import { isPlaceholder } from '../parse/placeholder';
import type { IniEntry } from '../model/types';
import { refineCommon } from './_cr';
import type { DocumentRule, Target } from './types';
import type { CcoctlSecret } from '../model/types';

const REGIONAL = ['legacy', 'regional'];

function at(doc: CcoctlSecret, e: IniEntry | undefined): Target {
  if (e && e.exact) return { uri: doc.uri, start: e.start, end: e.end > e.start ? e.end : e.lineEnd };
  return doc.credentialsNode.pair ? { doc, node: doc.credentialsNode.pair.key } : { doc, node: doc.credentialsNode };
}

/**
 * The `credentials` INI of a ccoctl Secret (CCOCTL-roles template, domain §2.7, §4.3, §4.5):
 * a `[default]` profile, `role_arn` a role ARN, `web_identity_token_file` an absolute path,
 * `sts_regional_endpoints` legacy|regional.
 */
const rule: DocumentRule = {
  id: 'secret-credentials-format',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['ccoctlSecret'],
  schemaBacked: true,
  docs: {
    summary: 'The Secret\'s `credentials` file needs a `[default]` profile with a valid `role_arn`, an absolute `web_identity_token_file` and a valid `sts_regional_endpoints`.',
    details: [
      'ccoctl writes the key `credentials` as an AWS shared config file:',
      '',
      '```ini',
      '[default]',
      'sts_regional_endpoints = regional',
      'role_arn = arn:aws:iam::111122223333:role/<--name>-<namespace>-<secret>',
      'web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token',
      '```',
      '',
      '**Why it matters.** SDKs read the `[default]` profile (unless `AWS_PROFILE` says otherwise) and need both `role_arn` (a role ARN: `arn:<partition>:iam::<12-digit account>:role/<name>`) and `web_identity_token_file` (an absolute path where the pod mounts its projected token) to call AssumeRoleWithWebIdentity. botocore raises InvalidSTSRegionalEndpointsConfigError for an `sts_regional_endpoints` other than `legacy` or `regional`. A `data.credentials` that is not base64 cannot be mounted as a readable file.',
      '',
      '**How to fix.** Keep the file as ccoctl writes it; replace placeholders such as `<account id>` with real values; prefer `stringData` so the file stays readable.',
      '',
      '**Templates.** A templated `role_arn` (`${ROLE_ARN}`, `{{ .RoleArn }}`) or a templated `credentials` value (`data.credentials: ${AWS_B64ENCODED_CREDENTIALS}`, as cluster-api-provider-aws config/default/credentials.yaml ships for envsubst) is known only once rendered and is not checked; example placeholders such as `<account id>` are not template syntax and are reported (the template syntaxes are listed under Sources).',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/text/template#hdr-Actions (`{{ … }}`, Helm), https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution (`${VAR}`), https://developer.hashicorp.com/terraform/language/expressions/strings#directives (`%{ … }`), https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ (`$(VAR)`): template placeholders, left unjudged',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/constants.go (OidcTokenPath)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html',
      'https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret') return;
    // (#11 pattern 4) A credentials value a template fills in (`data.credentials: ${AWS_B64ENCODED_CREDENTIALS}`,
    // `stringData.credentials: {{ .Credentials }}`) is not known yet: no base64 or profile to check. A
    // profile written out with a templated value inside (`role_arn = ${ROLE_ARN}`) keeps its other checks.
    const raw = doc.credentialsNode.kind === 'scalar' && typeof doc.credentialsNode.value === 'string' ? doc.credentialsNode.value : undefined;
    if (raw !== undefined && isPlaceholder(raw) && (doc.encoding === 'data' || doc.entries.length === 0)) return;
    if (doc.encoding === 'data' && doc.credentialsText === undefined) {
      if (doc.credentialsNode.kind === 'scalar' && typeof doc.credentialsNode.value === 'string') {
        ctx.report({ at: { doc, node: doc.credentialsNode }, message: '`data.credentials` is not valid base64, so the mounted file would be garbage. Encode it with base64, or put the INI text under `stringData.credentials` instead.' });
      }
      return;
    }
    if (doc.credentialsText === undefined) return; // the schema reports a non-string value
    const sections = new Set(doc.entries.map((e) => e.section));
    if (doc.entries.length && !sections.has('default')) {
      const first = doc.entries[0]!;
      const text = ctx.text(doc.uri);
      const header = first.section === '' ? -1 : text.indexOf(`[${first.section}]`, doc.credentialsNode.start);
      ctx.report({
        at: first.exact && header >= 0 && header < doc.credentialsNode.end ? { uri: doc.uri, start: header, end: header + first.section.length + 2 } : at(doc, first),
        message: first.section === ''
          ? '`credentials` has settings outside any profile; SDKs ignore them. Add a `[default]` line above them.'
          : `\`credentials\` has no [default] profile (found [${first.section}]); SDKs read [default] unless AWS_PROFILE is set. Rename the section to [default].`,
      });
    }
    const p = doc.profile;
    const arn = p.get('role_arn');
    if (arn && arn.value.trim() !== '') {
      const v = arn.value.trim();
      // (#11 pattern 4) A template's `${ROLE_ARN}` / `{{ .RoleArn }}` is known once rendered; example
      // placeholders (`<account id>`) are not template syntax and stay findings.
      if (isPlaceholder(v)) return;
      if (looksLikePlaceholder(v)) {
        ctx.report({ at: at(doc, arn), message: `\`role_arn\` "${v}" still contains a placeholder; put the ARN of the role ccoctl created: arn:aws:iam::<12-digit account id>:role/<--name>-<namespace>-<secret name>.` });
      } else if (!parseRoleArn(v) && !onlyTheRoleNameIsTooLong(v)) {
        ctx.report({ at: at(doc, arn), message: `\`role_arn\` "${v}" is not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<role name>. STS rejects the AssumeRoleWithWebIdentity call otherwise.` });
      }
    } else if (!arn && !p.has('role_name')) {
      ctx.report({ at: at(doc, undefined), message: '`credentials` has no `role_arn`; add `role_arn = arn:aws:iam::<account id>:role/<role name>` to the [default] profile (SDKs need it for web identity).' });
    }
    const token = p.get('web_identity_token_file');
    if (!token) {
      ctx.report({ at: at(doc, undefined), message: '`credentials` has no `web_identity_token_file`; add `web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token` (where the pod mounts its projected token).' });
    } else if (!token.value.trim().startsWith('/')) {
      ctx.report({ at: at(doc, token), message: `\`web_identity_token_file\` "${token.value}" must be an absolute path (SDKs open it relative to the process's working directory otherwise); ccoctl writes /var/run/secrets/openshift/serviceaccount/token.` });
    }
    const sre = p.get('sts_regional_endpoints');
    if (sre && !REGIONAL.includes(sre.value.trim())) {
      const lower = sre.value.trim().toLowerCase();
      const fixable = sre.exact && REGIONAL.includes(lower);
      ctx.report({
        at: at(doc, sre),
        message: `\`sts_regional_endpoints\` must be regional or legacy; found "${sre.value}". botocore raises InvalidSTSRegionalEndpointsConfigError for anything else.`,
        fixes: fixable ? [{ title: `Change to \`${lower}\``, preferred: true, edits: [{ uri: doc.uri, start: sre.start, end: sre.end, newText: lower }] }] : undefined,
      });
    }
  },
  refineSchemaFinding(f, doc, ctx) {
    return refineCommon(f, doc, ctx);
  },
};

export default rule;

/**
 * A role ARN whose only fault is a role name over 64 characters (IAM-UG reference_iam-quotas): the
 * ARN has the right shape, and iam-name-limits reports the length, so this rule stays quiet.
 */
function onlyTheRoleNameIsTooLong(arn: string): boolean {
  const r = looseRoleOf(arn);
  if (r?.kind !== 'role' || r.roleName.length <= ROLE_NAME_MAX) return false;
  return parseRoleArn(arn.slice(0, arn.length - r.roleName.length) + r.roleName.slice(0, ROLE_NAME_MAX)) !== undefined;
}
