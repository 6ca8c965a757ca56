import { asMap } from '../parse/tree';
import type { PairNode, ScalarNode, TreeNode } from '../parse/tree';
import { isPlaceholder } from '../parse/placeholder';
import { isDnsLabel, isDnsSubdomain, partitionOfRegion } from '../domain';
import type { IamPolicy } from '../model/types';
import {
  arnProblem,
  capitalize,
  jsonString,
  placeholderTokens,
  principalFlavor,
  statementLabel,
  subRange,
  subTarget,
  templatePlaceholders,
} from './_iam-util';
import type { DocumentRule, EditSpec, FixSpec, RuleContext } from './types';

/**
 * IAM010: a trust statement that allows a Federated OIDC provider needs a `<issuer>:sub` condition,
 * or every service account the cluster's issuer signs a token for may assume the role (Access
 * Analyzer "Missing condition key for oidc principal"; IAM-UG reference_policies_iam-condition-keys.md;
 * domain §2.5, §4.2). ccoctl itself writes only a `:sub` condition (no `:aud`), so `:aud` is not required.
 * Issue #13 sub-checks, from the trust policy file alone: the key prefix is the provider path of the
 * principal (fix), `:sub` values are service-account subjects, `*`/`?` under StringEquals (fix: StringLike),
 * swapped `:sub`/`:aud` (fix), the ARN partition of a regional issuer (fix). One rule rather than a new
 * one: every sub-check reads the same statement's OIDC principals and condition keys, and a wrong-issuer
 * key must be reported once, not by two rules.
 */
const rule: DocumentRule = {
  id: 'oidc-principal-condition',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'A Federated OIDC principal needs a `:sub` condition keyed by its provider path, with service-account subjects, and an ARN in the issuer\'s partition.',
    details: [
      'A trust statement with `"Principal": { "Federated": "arn:aws:iam::<account-id>:oidc-provider/<issuer>" }` admits',
      '**every token the cluster\'s service-account issuer signs** unless a condition narrows it down. The trust policy',
      '`ccoctl aws create-iam-roles` writes pins the subject to the CredentialsRequest\'s service accounts:',
      '',
      '```json',
      '"Condition": { "StringEquals": { "<issuer host/path>:sub": [ "system:serviceaccount:<secretRef.namespace>:<service-account>" ] } }',
      '```',
      '',
      'This rule warns when an OIDC principal has no `<issuer>:sub` condition (a `:aud` condition alone still lets every',
      'service account in every namespace in), and when the condition key names a different issuer than the principal —',
      'IAM then finds no such key in the token and the condition never matches.',
      '',
      '**Fix**: add a `StringEquals` condition on `<issuer>:sub` listing `system:serviceaccount:<namespace>:<name>` for each',
      'service account of the CredentialsRequest (`:aud` = `openshift` may be added too).',
      '',
      'The rule also checks, in the trust policy file alone (each a warning):',
      '',
      '- **Key prefix.** IAM names the OIDC condition keys after the provider: `<provider host/path>:sub`, `:aud`, `:amr`,',
      '  `:azp`, where the provider path is the issuer URL without `https://` — exactly the part after `oidc-provider/` in the',
      '  `Federated` ARN. A key written with `https://`, with a trailing `/`, with the whole `arn:…:oidc-provider/` prefix or with',
      '  another host or path is not in the request context, so the condition never matches. Quick fix: rewrite the key to the',
      '  provider path of the principal.',
      '- **`:sub` values** are Kubernetes service-account subjects, `system:serviceaccount:<namespace>:<service-account>`',
      '  (EKS IRSA trust policy example). The namespace must be a DNS-1123 label and the name a DNS-1123 subdomain (Kubernetes',
      '  `ValidateNamespaceName`, `ValidateServiceAccountName`), or no token can carry the subject.',
      '- **Wildcards need `StringLike`.** `*` and `?` are wildcards only under `StringLike`; under `StringEquals` they are',
      '  literal characters that no service account name contains, so `system:serviceaccount:app:*` matches nothing. Quick fix:',
      '  change the operator to `StringLike`.',
      '- **Swapped keys.** A `system:serviceaccount:…` value under `:aud`, or an audience (`sts.amazonaws.com`, the pod identity',
      '  webhook\'s default; `openshift`, what ccoctl\'s tokens carry) under `:sub`, never matches. Quick fix: swap the keys.',
      '- **Partition.** An issuer that names its region — `oidc.eks.<region>.amazonaws.com/id/…`, an S3 issuer',
      '  `<bucket>.s3.<region>.amazonaws.com[.cn]` — has its IAM provider in that region\'s partition (`us-gov-*` → `aws-us-gov`,',
      '  `cn-*` → `aws-cn`, the region patterns of the SDKs\' partitions.json): a provider ARN in another partition names a',
      '  provider that does not exist. Quick fix: change the partition.',
      '',
      'The subject form and swapped keys are judged only for a Kubernetes issuer (`oidc.eks.<region>.amazonaws.com`, an S3',
      'bucket endpoint, a CloudFront distribution as ccoctl creates) or a statement that names `system:serviceaccount:` subjects',
      'itself: other providers (GitHub Actions `repo:<org>/<repo>:…`, GitLab, Terraform Cloud) have their own `sub` forms. The',
      'wildcard check applies to every provider.',
      '',
      'The trust action (`sts:AssumeRoleWithWebIdentity` for an OIDC principal) is checked by `trust-action-principal-mismatch`.',
      'Negated operators (`StringNotEquals`, `StringNotLike`) and template placeholders are left alone.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Missing condition key for oidc principal)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (the `:sub` condition ccoctl writes)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif (OIDC keys `<provider>:sub`, `:aud`, named after the provider URL without `https://`)',
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html (IRSA trust policy: `oidc.eks.<region>.amazonaws.com/id/<id>:sub` = `system:serviceaccount:<namespace>:<service-account>`, `:aud` = `sts.amazonaws.com`)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (`StringEquals` exact; `*` and `?` wildcards only in `StringLike`)',
      'https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validation/generic.go (ValidateNamespaceName = NameIsDNSLabel, ValidateServiceAccountName = NameIsDNSSubdomain)',
      'https://github.com/aws/aws-sdk-js-v3/blob/685ff5d03588f81121c6fa9466771cd444492209/packages/util-endpoints/src/lib/aws/partitions.json (regionRegex of each partition)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust') return;
    const text = ctx.text(doc.uri);
    for (const st of doc.statements) {
      if (st.effect?.kind === 'scalar' && st.effect.value === 'Deny') continue;
      // A malformed provider ARN (e.g. with `https://`) is arn-format's finding; its issuer cannot be compared.
      const oidc = st.principals.filter((p) => principalFlavor(p) === 'oidc' && !arnProblem(String(p.value.value), 'principal-federated'));
      if (!oidc.length) continue;
      const keys: PairNode[] = [];
      for (const op of asMap(st.condition)?.pairs ?? []) keys.push(...(asMap(op.value)?.pairs ?? []));
      const issuers = oidc.map((p) => String(p.value.value).replace(/^arn:[^:]*:iam::[^:]*:oidc-provider\//, ''));
      const subKeys = keys.filter((k) => /:sub$/i.test(String(k.key.value)));
      const label = statementLabel(doc.statements, st);
      // Sub-check "partition": the provider ARN's partition is the one of the issuer's region.
      for (const p of oidc) checkPartition(doc, ctx, text, p.value);
      if (!subKeys.length) {
        const hasAud = keys.some((k) => /:aud$/i.test(String(k.key.value)));
        ctx.report({
          at: { doc, node: oidc[0]!.value },
          message:
            `${capitalize(label)} trusts the OIDC provider \`${issuers[0]}\` without a \`${issuers[0]}:sub\` condition` +
            `${hasAud ? ' (an `:aud` condition alone does not restrict who)' : ''}: every service account the cluster signs tokens for can assume this role. ` +
            `Add \`"Condition": { "StringEquals": { "${issuers[0]}:sub": "system:serviceaccount:<namespace>:<service-account>" } }\`.`,
        });
      }
      // Sub-check "key prefix": the condition key is `<provider path>:<claim>`, the path exactly as in the ARN.
      for (const k of keys) {
        const name = String(k.key.value);
        const m = /^(.*):(sub|aud|azp|amr)$/i.exec(name);
        if (!m || issuers.some((i) => i.toLowerCase() === m[1]!.toLowerCase())) continue;
        if (/^(aws|sts|iam|saml|cognito-identity\.amazonaws\.com|accounts\.google\.com|www\.amazon\.com|graph\.facebook\.com)$/i.test(m[1]!)) continue;
        if (isPlaceholder(m[1]!) || templatePlaceholders(m[1]!).length) continue;
        const written = m[1]!;
        const bare = providerPath(written);
        const same = issuers.find((i) => i.toLowerCase() === bare.toLowerCase());
        const target = same ?? (issuers.length === 1 ? issuers[0]! : undefined);
        const fixedKey = target === undefined ? undefined : `${target}:${m[2]}`;
        const siblings = k.parent.pairs.map((x) => String(x.key.value).toLowerCase());
        // In a policy held as a JSON string (CreateRole input) every key is written with escapes; the
        // engine re-encodes the edit (parse/embedded.ts), so the whole key may be replaced there too.
        const plainKey = k.key.end - k.key.start === jsonString(name).length || doc.createRole?.literal !== undefined;
        const fixes =
          fixedKey !== undefined && !siblings.includes(fixedKey.toLowerCase()) && plainKey
            ? [{ title: `Change the condition key to "${fixedKey}"`, preferred: true, edits: [{ uri: doc.uri, start: k.key.start, end: k.key.end, newText: jsonString(fixedKey) }] }]
            : undefined;
        const message = written === CCOCTL_DRY_RUN_ISSUER && target !== undefined
          ? `Condition key \`${name}\` still holds \`${CCOCTL_DRY_RUN_ISSUER}\`, the placeholder \`ccoctl aws create-iam-roles --dry-run\` writes instead of the issuer: no token has such a key, so this condition never matches and no pod can assume the role. Replace it with the provider path of the principal, \`${target}:${m[2]}\` (the issuer URL without \`https://\`), before creating the role.`
          : same
          ? `Condition key \`${name}\` writes the issuer as \`${written}\`, but IAM names the key after the provider path \`${same}\` of the principal (${prefixDifference(written)}): the token has no such key, so this condition never matches. Use \`${same}:${m[2]}\`.`
          : `Condition key \`${name}\` names the issuer \`${written}\`, but the principal is the OIDC provider \`${issuers.join('`, `')}\`: the token has no such key, so this condition never matches. Use \`${issuers[0]}:${m[2]}\`.`;
        ctx.report({ at: { doc, node: k.key }, message, fixes });
      }
      // Sub-check "values": `:sub` holds service-account subjects, `:aud` audiences, and wildcards need StringLike.
      // Subject form and swapped keys are Kubernetes facts: GitHub Actions, GitLab or Terraform Cloud
      // providers have `sub` = `repo:<org>/<repo>:…` etc. Only an issuer a cluster uses, or a statement
      // that names service accounts itself, is judged by them; `*`/`?` under StringEquals holds for all.
      const k8s =
        issuers.some((i) => KUBERNETES_ISSUER.test(i.split('/')[0]!)) ||
        keys.some((k) => scalarValues(k.value).some((n) => String(n.value).startsWith(SA_PREFIX)));
      for (const op of asMap(st.condition)?.pairs ?? []) checkValues(doc, ctx, text, op, st.condition, k8s);
    }
  },
};

/**
 * The issuer `ccoctl aws create-iam-roles --dry-run` writes into the `:sub` key: it does not look the
 * provider up (create-iam-roles.go getIssuerURLFromIdentityProvider: `if dryRun { return
 * "<enter_issuer_url_here>", nil }`), and the user is to replace it before creating the role.
 */
const CCOCTL_DRY_RUN_ISSUER = '<enter_issuer_url_here>';

/** Audiences a Kubernetes service-account token is issued for in the IRSA set-ups this product checks:
 * the pod identity webhook's default `sts.amazonaws.com` and ccoctl's `openshift`. */
const AUDIENCES = ['sts.amazonaws.com', 'openshift'];
const SA_PREFIX = 'system:serviceaccount:';
/** Issuer hosts of Kubernetes clusters: EKS (`oidc.eks.<region>.amazonaws.com`), an S3 bucket (ccoctl,
 * self-managed clusters: `<bucket>.s3[.-]<region>.amazonaws.com[.cn]`, `s3.<region>.amazonaws.com`) or
 * the CloudFront distribution ccoctl's `--create-private-s3-bucket` puts in front of one. */
const KUBERNETES_ISSUER = /^(oidc\.eks\.[^.]+\.amazonaws\.com(\.cn)?|(.+\.)?s3[.-]([^.]+\.)?amazonaws\.com(\.cn)?|[^.]+\.cloudfront\.net)$/i;

/** The string scalars of a condition value (one string or a list). */
function scalarValues(n: TreeNode | undefined): ScalarNode[] {
  return (n?.kind === 'seq' ? n.items : n ? [n] : []).filter((x): x is ScalarNode => x.kind === 'scalar' && typeof x.value === 'string');
}

/** `https://host/path/` or `arn:…:oidc-provider/host/path` → `host/path` (the IAM provider path). */
function providerPath(s: string): string {
  return s
    .replace(/^arn:[^:]*:iam::[^:]*:oidc-provider\//i, '')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
}

/** What `providerPath` had to remove, for the message. */
function prefixDifference(written: string): string {
  const parts: string[] = [];
  if (/^arn:/i.test(written)) parts.push('without the `arn:…:oidc-provider/` prefix');
  else if (/^[a-z]+:\/\//i.test(written)) parts.push(`without \`${/^[a-z]+:\/\//i.exec(written)![0]}\``);
  if (/\/$/.test(written)) parts.push('without the trailing `/`');
  return parts.length ? parts.join(', ') : 'the same host and path';
}

/**
 * Checks the values of one condition operator of an OIDC trust statement.
 * `:sub` values: `system:serviceaccount:<namespace>:<name>` — namespace a DNS-1123 label, name a DNS-1123
 * subdomain (Kubernetes apimachinery validation: ValidateNamespaceName = NameIsDNSLabel,
 * ValidateServiceAccountName = NameIsDNSSubdomain); `*`/`?` are wildcards only under `StringLike`
 * (IAM-UG condition operators). A service-account value under `:aud`, or an audience under `:sub`,
 * is a swapped key. Negated operators (`StringNot…`) and placeholders are left alone.
 */
function checkValues(doc: IamPolicy, ctx: RuleContext, text: string, op: PairNode, condition: TreeNode | undefined, k8s: boolean): void {
  const opName = String(op.key.value);
  const base = /^(?:ForAllValues:|ForAnyValue:)?(.*?)(?:IfExists)?$/.exec(opName)![1]!;
  const literal = base === 'StringEquals' || base === 'StringEqualsIgnoreCase';
  const like = base === 'StringLike';
  if (!literal && !like) return;
  const map = asMap(op.value);
  if (!map) return;
  const opNames = (asMap(condition)?.pairs ?? []).map((p) => String(p.key.value));
  for (const k of map.pairs) {
    const key = String(k.key.value);
    const m = /^(.*):(sub|aud)$/i.exec(key);
    if (!m) continue;
    const claim = m[2]!.toLowerCase() as 'sub' | 'aud';
    const values = scalarValues(k.value).filter(
      (n) => !isPlaceholder(String(n.value)) && !templatePlaceholders(String(n.value)).length && !placeholderTokens(String(n.value)).length,
    );
    const swapped = (v: string): boolean => (claim === 'sub' ? AUDIENCES.includes(v) : v.startsWith(SA_PREFIX));
    const allSwapped = values.length > 0 && values.every((n) => swapped(String(n.value)));
    const otherKey = `${m[1]}:${claim === 'sub' ? 'aud' : 'sub'}`;
    const other = map.pairs.find((p) => String(p.key.value).toLowerCase() === otherKey.toLowerCase());
    for (const n of values) {
      const v = String(n.value);
      if (k8s && swapped(v)) {
        let fixes: FixSpec[] | undefined;
        if (allSwapped) {
          const rename = (p: PairNode, to: string): EditSpec => ({ uri: doc.uri, start: p.key.start, end: p.key.end, newText: jsonString(to) });
          if (!other) fixes = [{ title: `Change the key to "${otherKey}"`, preferred: true, edits: [rename(k, otherKey)] }];
          else {
            const otherValues = other.value?.kind === 'seq' ? other.value.items : other.value ? [other.value] : [];
            const otherSwapped = otherValues.length > 0 && otherValues.every((x) => x.kind === 'scalar' && (claim === 'sub' ? String(x.value).startsWith(SA_PREFIX) : AUDIENCES.includes(String(x.value))));
            if (otherSwapped) fixes = [{ title: `Swap the keys "${key}" and "${String(other.key.value)}"`, preferred: true, edits: [rename(k, otherKey), rename(other, key)] }];
          }
        }
        ctx.report({
          at: { doc, node: n },
          message:
            claim === 'sub'
              ? `\`${v}\` is a token audience, but it is the value of \`${key}\`: the \`sub\` claim of a service-account token is \`system:serviceaccount:<namespace>:<name>\`, so this condition never matches. The keys look swapped: put audiences under \`${otherKey}\`.`
              : `\`${v}\` is a service-account subject, but it is the value of \`${key}\`: the \`aud\` claim is the token's audience (\`sts.amazonaws.com\` for the pod identity webhook, \`openshift\` for ccoctl), so this condition never matches. The keys look swapped: put subjects under \`${otherKey}\`.`,
          fixes,
        });
        continue;
      }
      if (claim !== 'sub') continue;
      const wild = /[*?]/.test(v);
      if (wild && literal) {
        const to = opName.replace(base, 'StringLike');
        const fixes: FixSpec[] | undefined =
          base === 'StringEquals' && !opNames.includes(to) && op.key.end - op.key.start === jsonString(opName).length
            ? [{ title: `Change the operator to "${to}"`, preferred: true, edits: [{ uri: doc.uri, start: op.key.start, end: op.key.end, newText: jsonString(to) }] }]
            : undefined;
        const at = v.search(/[*?]/);
        ctx.report({
          at: subTarget(doc, text, n, at, 1),
          message: `Under \`${opName}\` the \`${v[at]}\` in \`${v}\` is a literal character, not a wildcard: no ${k8s ? 'service account is named that' : 'token carries that subject'}, so this value never matches. Use \`StringLike\` for \`*\` and \`?\` wildcards.`,
          fixes,
        });
        continue;
      }
      const problem = k8s ? subjectProblem(v, like && wild) : undefined;
      if (problem) ctx.report({ at: { doc, node: n }, message: `\`${key}\` value \`${v}\` ${problem}` });
    }
  }
}

/** Why a `:sub` value cannot be a service account's subject, or undefined. `pattern`: `*`/`?` are wildcards. */
function subjectProblem(v: string, pattern: boolean): string | undefined {
  const form = 'a service-account token\'s subject is `system:serviceaccount:<namespace>:<service-account>`, so this condition never matches';
  if (pattern) {
    // A pattern only has to be able to match a subject: its literal head must agree with the prefix.
    const head = v.slice(0, v.search(/[*?]/));
    if (!(head.startsWith(SA_PREFIX) || SA_PREFIX.startsWith(head))) return `is not a service-account subject: ${form}.`;
    const rest = head.startsWith(SA_PREFIX) ? v.slice(SA_PREFIX.length) : '';
    const [ns, name, ...more] = rest.split(':');
    if (more.length) return `has more than four \`:\`-separated parts: ${form}.`;
    for (const [part, what] of [[ns, 'namespace'], [name, 'service-account name']] as const) {
      if (part !== undefined && part !== '' && /[^a-z0-9.*?-]/.test(part)) return `has a ${what} \`${part}\` with characters Kubernetes names never contain (lowercase letters, digits, \`-\`${what === 'namespace' ? '' : ', `.`'} only): ${form}.`;
    }
    return undefined;
  }
  if (!v.startsWith(SA_PREFIX)) return `is not a service-account subject: ${form}.`;
  const parts = v.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return `has ${parts.length === 1 ? 'no service-account name' : 'more than four `:`-separated parts'}: ${form}.`;
  const [ns, name] = parts as [string, string];
  if (!isDnsLabel(ns)) return `names the namespace \`${ns}\`, which is not a valid Kubernetes namespace (a DNS-1123 label: at most 63 lowercase letters, digits and \`-\`), so no token carries it.`;
  if (!isDnsSubdomain(name)) return `names the service account \`${name}\`, which is not a valid Kubernetes service-account name (a DNS-1123 subdomain: lowercase letters, digits, \`-\` and \`.\`), so no token carries it.`;
  return undefined;
}

/**
 * An issuer host that names a region (`oidc.eks.<region>.amazonaws.com`, an S3 bucket endpoint
 * `<bucket>.s3.<region>.amazonaws.com[.cn]` or `s3.<region>.amazonaws.com/<bucket>`) belongs to that
 * region's partition (regionRegex of data/aws-partitions.json), and so does its IAM OIDC provider.
 */
function checkPartition(doc: IamPolicy, ctx: RuleContext, text: string, node: ScalarNode): void {
  const arn = String(node.value);
  const m = /^arn:([^:]*):iam::[^:]*:oidc-provider\/([^/]+)/.exec(arn);
  if (!m) return;
  const [, partition, host] = m as unknown as [string, string, string];
  const r = /(?:^|\.)(?:oidc\.eks|s3)[.-]([a-z]{2,}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (!r) return;
  const region = r[1]!;
  const expected = partitionOfRegion(region);
  if (!expected || expected === partition) return;
  const range = subRange(text, node, 4, partition.length);
  const fixes: FixSpec[] | undefined =
    range.end - range.start === partition.length
      ? [{ title: `Change the partition to "${expected}"`, preferred: true, edits: [{ uri: doc.uri, start: range.start, end: range.end, newText: expected }] }]
      : undefined;
  ctx.report({
    at: { uri: doc.uri, start: range.start, end: range.end },
    message: `The issuer host \`${host}\` is in region \`${region}\`, which belongs to the partition \`${expected}\`, but the provider ARN names the partition \`${partition}\`: the role's account has no such provider, so no token is accepted. Use \`arn:${expected}:iam::…\`.`,
    fixes,
  });
}

export default rule;
