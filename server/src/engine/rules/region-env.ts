import type { CcoctlSecret, Container, Workload } from '../model/types';
import { isDnsLabel, POD_IDENTITY_ROLE_ARN_ANNOTATION } from '../domain';
import type { TreeNode } from '../parse/tree';
import { get, str } from '../parse/tree';
import { nearest } from '../model/order';
import { effectiveServiceAccount, podAnnotations, webhookSkippedContainers, workloadNamespace } from '../model/workload';
import { appendSeqItem, credentialsFileIn, envOf, envValue, styleOf, usesAws } from './_workload-util';
import type { DocumentRule, RuleContext } from './types';

/** Where a container's profile gets a `region` from: the Secret its AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE names. */
interface ProfileRegion {
  region: string;
  secret: CcoctlSecret;
}

/**
 * The `region` of the profile a container reads: the linked credentials Secret (by the secret volume
 * mounted where AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE points, same namespace) when its
 * `[default]` profile has `region =`. ccoctl never writes one (CCOCTL-roles), but a hand-written or
 * edited Secret may.
 */
export function profileRegion(ctx: RuleContext, w: Workload, c: Container): ProfileRegion | undefined {
  const ns = workloadNamespace(w);
  for (const via of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const) {
    const path = envValue(envOf(c, via));
    if (!path) continue;
    for (const m of c.mounts) {
      const v = w.volumes.find((vol) => vol.secret && str(vol.name) === str(m.name));
      const secretName = str(v?.secret?.secretName);
      if (!v || !secretName || credentialsFileIn(v, m) !== path) continue;
      const secrets = ctx.ws.withKey(ns ? `secret:${ns}/${secretName}` : `secretname:${secretName}`).filter((d): d is CcoctlSecret => d.kind === 'ccoctlSecret');
      for (const s of nearest(w.uri, secrets)) {
        const region = s.profile.get('region')?.value.trim();
        if (region) return { region, secret: s };
      }
    }
  }
  return undefined;
}

/** The container reads a profile file (the ccoctl Secret's), not only webhook-style env. */
function usesProfile(c: Container): boolean {
  return envOf(c, 'AWS_CONFIG_FILE') !== undefined || envOf(c, 'AWS_SHARED_CREDENTIALS_FILE') !== undefined;
}

function scalarStrings(n: TreeNode | undefined): string[] {
  if (!n) return [];
  if (n.kind === 'scalar') return n.value === null ? [] : [String(n.value)];
  if (n.kind === 'seq') return n.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []));
  return [];
}

function field(c: Container, key: string): TreeNode | undefined {
  return c.node.pairs.find((p) => p.key.value === key)?.value ?? undefined;
}

/**
 * What shows that a container runs Python (so boto3, which reads AWS_DEFAULT_REGION and ignores
 * AWS_REGION — botocore configprovider.py, boto/boto3#2574): a `python`/`boto` image, or a command
 * that starts a Python interpreter, pip, a Python server, or a `.py` script. Undefined when nothing does.
 */
export function pythonEvidence(c: Container): string | undefined {
  const image = str(field(c, 'image'));
  if (image !== undefined && /python|boto/i.test(image.replace(/[@:][^/]*$/, ''))) return `its image \`${image}\``;
  for (const s of [...scalarStrings(field(c, 'command')), ...scalarStrings(field(c, 'args'))]) {
    if (/(^|[\s/;&|])(python[0-9.]*|pip[0-9.]*|gunicorn|uvicorn|celery)(\s|$)|\.py(\s|$)/.test(s)) return `its command \`${s.length > 60 ? s.slice(0, 57) + '…' : s}\``;
  }
  return undefined;
}

/**
 * Signs that the application picks its region itself, so the SDK's default region chain is not used:
 * a region flag (`--region`, `--aws-region`) or a cloud config (`--cloud-config`: the AWS cloud
 * provider reads `Region` from it, else from instance metadata).
 */
export function regionFromArgs(c: Container): string | undefined {
  for (const s of [...scalarStrings(field(c, 'command')), ...scalarStrings(field(c, 'args'))]) {
    const m = /(^|\s)(--(?:aws-)?region|--cloud-config)(=|\s|$)/.exec(s);
    if (m) return m[2];
  }
  return undefined;
}

/** envsubst `${VAR}` / `${VAR:=default}` and Go/Helm `{{ … }}` (not Kubernetes' own `$(VAR)` expansion in args). */
const TEMPLATE_TOKEN = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=+?][^}]*)?\}|\{\{[\s\S]*?\}\}/;

function hasTemplateToken(n: TreeNode | undefined): boolean {
  if (!n) return false;
  if (n.kind === 'scalar') return typeof n.value === 'string' && TEMPLATE_TOKEN.test(n.value);
  if (n.kind === 'seq') return n.items.some(hasTemplateToken);
  return n.pairs.some((p) => hasTemplateToken(p.value ?? undefined));
}

/**
 * Why a container's final env is not in this manifest, so the absence of a region variable says
 * nothing: the container has no `image` (a kustomize patch, or an asset fragment that code
 * completes), or the document is a template — a `${VAR}` / `{{ … }}` placeholder in any value, or
 * a namespace that Kubernetes would reject as written (`HCP_NAMESPACE` is not a DNS-1123 label), so
 * something renders it first. Operators render such assets and add env in code: the OpenShift EBS CSI
 * operator appends AWS_REGION from the Infrastructure object (openshift/csi-operator
 * pkg/driver/aws-ebs/aws_ebs.go `withAWSRegion`), HyperShift sets karpenter's
 * (control-plane-operator/controllers/hostedcontrolplane/v2/karpenter/deployment.go).
 */
export function completedElsewhere(w: Workload, c: Container): boolean {
  if (!field(c, 'image')) return true;
  const ns = str(w.namespace);
  if (ns !== undefined && !isDnsLabel(ns)) return true;
  return hasTemplateToken(w.root);
}

/**
 * The pod identity webhook will set the region: it adds AWS_DEFAULT_REGION and AWS_REGION to every
 * container it mutates that defines neither (aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go
 * @3bf80a34, "Don't set both region keys if any region key is already set"; OpenShift runs it with
 * `--aws-default-region` from the Infrastructure object: openshift/cloud-credential-operator
 * pkg/operator/podidentity/awspodidentitywebhook.go). It mutates pods whose ServiceAccount carries
 * `eks.amazonaws.com/role-arn`, and a pod annotated `eks.amazonaws.com/skip-containers` or
 * `eks.amazonaws.com/token-expiration` is written for it; containers listed in skip-containers are left alone.
 */
export function webhookSetsRegion(ctx: RuleContext, w: Workload, c: Container): boolean {
  const annotations = podAnnotations(w);
  // The webhook compares each skip-containers field exactly (webhookSkippedContainers).
  if (webhookSkippedContainers(w).has(str(c.name) ?? '')) return false;
  if (get(annotations, 'eks.amazonaws.com/skip-containers') !== undefined || get(annotations, 'eks.amazonaws.com/token-expiration') !== undefined) return true;
  const sas = ctx.ws.serviceAccounts(effectiveServiceAccount(w), workloadNamespace(w));
  return sas.some((sa) => sa.annotations?.pairs.some((p) => p.key.value === POD_IDENTITY_ROLE_ARN_ANNOTATION) ?? false);
}

/**
 * WL010: the ccoctl profile has no `region` (CCOCTL-roles §2.7), so a container whose AWS SDK takes
 * its region from the default chain needs it from the environment or from a `region =` in the
 * profile it reads: `AWS_REGION` for JS v3 (its only variable), Go v2 and Java v2, and
 * `AWS_DEFAULT_REGION` for botocore/boto3, which ignores `AWS_REGION` (§5.1, §9.4). The boto3 half
 * is a warning only where the container shows Python (image or command); elsewhere it is an info
 * finding that says so. Containers with `envFrom` are skipped (the region may come from a ConfigMap),
 * and for the "no region at all" case so are containers that pass the region as a flag or cloud
 * config, and containers whose manifest is completed elsewhere (no image; a template document).
 */
const rule: DocumentRule = {
  id: 'region-env',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['workload'],
  docs: {
    summary: 'Give the AWS SDK a region: `AWS_REGION` (JS, Go, Java), `AWS_DEFAULT_REGION` (boto3) or `region` in the profile; the ccoctl Secret has none.',
    details: [
      'The profile that ccoctl writes into the Secret holds `role_arn`, `web_identity_token_file` and',
      '`sts_regional_endpoints` — no `region` (openshift/cloud-credential-operator `pkg/cmd/provisioning/aws/create-iam-roles.go`,',
      '`secretManifestsTemplate`). An SDK that takes its region from its default chain then needs it from the',
      'environment or from a `region =` line in the profile it reads, and the SDKs disagree on the variable: JS v3 reads only',
      '`AWS_REGION` ("Region is missing" otherwise), botocore/boto3 reads only `AWS_DEFAULT_REGION` (it ignores `AWS_REGION`:',
      'botocore `configprovider.py`, boto/boto3#2574), Go v2 reads `AWS_REGION` then `AWS_DEFAULT_REGION`, Java v2 reads `AWS_REGION`.',
      'All four also read `region` from the profile they load (e.g. aws-sdk-go-v2 `config/shared_config.go`',
      '`setFromIniSection` reads `regionKey`), so a `region =` line in the linked Secret\'s `[default]` profile is enough.',
      '',
      'The rule applies to containers that use AWS credentials (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,',
      '`AWS_ROLE_ARN` or `AWS_WEB_IDENTITY_TOKEN_FILE`) and reports:',
      '',
      '- **no region at all** (no variable, no `region` in the linked Secret\'s profile) — a warning;',
      '- **only `AWS_REGION`** — boto3 would have no region. A warning when the container shows Python (a `python`/`boto`',
      '  image, or a command running `python`, `pip`, `gunicorn`, `uvicorn`, `celery` or a `.py` script); otherwise an',
      '  **info** finding whose message says that nothing shows Python (Go, JS and Java read `AWS_REGION`);',
      '- **only `AWS_DEFAULT_REGION`** — JS v3 and Java v2 would have no region (not reported when the container shows Python',
      '  or the profile has a region);',
      '- **both, with different values** — boto3 and the other SDKs would call different regions.',
      '',
      'Not reported: containers with `envFrom` (the region may come from a ConfigMap); containers that pass the region',
      'themselves (`--region`, `--aws-region`, or `--cloud-config`, from which the AWS cloud provider reads `Region`);',
      'containers whose manifest is completed elsewhere — no `image` (a kustomize patch), or a document that is a template',
      '(a `${VAR}` or `{{ … }}` placeholder in any value, such as `image: ${DRIVER_IMAGE}`, or a namespace Kubernetes would',
      'reject as written, such as `HCP_NAMESPACE`): operators render those assets and add env in code (the OpenShift EBS CSI operator appends',
      '`AWS_REGION` from the Infrastructure object: openshift/csi-operator `pkg/driver/aws-ebs/aws_ebs.go` `withAWSRegion`;',
      'HyperShift sets karpenter\'s in `control-plane-operator/controllers/hostedcontrolplane/v2/karpenter/deployment.go`);',
      'and containers the pod identity webhook mutates — it adds both AWS_REGION and AWS_DEFAULT_REGION when neither is set',
      '(aws/amazon-eks-pod-identity-webhook `pkg/handler/handler.go`): pods whose ServiceAccount carries `eks.amazonaws.com/role-arn`,',
      'or that are annotated `eks.amazonaws.com/skip-containers` (except the containers it lists) or `eks.amazonaws.com/token-expiration`.',
      '',
      '**Fix:** set both variables to the same region (a quick fix copies the one you set into the other), or add',
      '`region = <region>` to the profile in the Secret.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate: no region)',
      'https://github.com/smithy-lang/smithy-typescript/blob/c3cb1af3c3891fb23df03d0dd4e0c1a2ba40d03d/packages/config-resolver/src/regionConfig/config.ts (JavaScript v3 reads AWS_REGION)',
      'https://github.com/boto/botocore/blob/develop/botocore/configprovider.py (botocore reads AWS_DEFAULT_REGION)',
      'https://github.com/boto/boto3/issues/2574',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/shared_config.go (setFromIniSection: `region`)',
      'https://github.com/openshift/csi-operator/blob/f7f9dc59603d190abbcda1ae818f489c9dc2f167/pkg/driver/aws-ebs/aws_ebs.go (withAWSRegion)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/pkg/handler/handler.go (region injection)',
    ],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    // Cross-file rules run on unsound documents too; this one reads the container tree.
    if (!w.doc.sound) return;
    const text = ctx.text(w.uri);
    for (const c of w.containers) {
      if (!usesAws(c) || c.node.pairs.some((p) => p.key.value === 'envFrom')) continue;
      const region = envOf(c, 'AWS_REGION');
      const def = envOf(c, 'AWS_DEFAULT_REGION');
      const name = str(c.name) ?? '?';
      if (!region && !def) {
        // All four SDKs read `region` in the profile they load.
        if (profileRegion(ctx, w, c) || regionFromArgs(c) || completedElsewhere(w, c) || webhookSetsRegion(ctx, w, c)) continue;
        ctx.report({
          at: c.envNode?.pair ? { doc: w, node: c.envNode, part: 'key' } : { doc: w, node: c.node, part: 'key' },
          message: `Container \`${name}\` uses AWS credentials but sets no region; ${usesProfile(c) ? 'the ccoctl profile has none' : 'nothing in the pod sets one'}. Set AWS_REGION (read by JS v3, Go v2, Java v2) and AWS_DEFAULT_REGION (read by boto3) to the same region.`,
        });
        continue;
      }
      const have = region ?? def!;
      const missing = region ? 'AWS_DEFAULT_REGION' : 'AWS_REGION';
      const haveName = region ? 'AWS_REGION' : 'AWS_DEFAULT_REGION';
      const value = envValue(have);
      if (region && def) {
        const a = envValue(region);
        const b = envValue(def);
        if (a !== undefined && b !== undefined && a !== b && def.value) {
          ctx.report({
            at: { doc: w, node: def.value },
            message: `AWS_DEFAULT_REGION \`${b}\` differs from AWS_REGION \`${a}\` in container \`${name}\`; boto3 uses AWS_DEFAULT_REGION and the other SDKs AWS_REGION, so they would call different regions.`,
          });
        }
        continue;
      }
      // A profile region covers whichever SDK ignores the one variable set; Python alone needs only AWS_DEFAULT_REGION.
      // (Both looked up only here: a container that sets both variables, the common case, needs neither.)
      const profile = profileRegion(ctx, w, c);
      const python = pythonEvidence(c);
      if (profile || (!region && python)) continue;
      const add = value !== undefined && c.envNode?.kind === 'seq' ? appendSeqItem(w.uri, text, c.envNode, { name: missing, value }, styleOf(text, w)) : undefined;
      const fixes = add ? [{ title: `Add ${missing}${value ? ` = ${value}` : ''} (same as ${haveName})`, preferred: true, edits: [add] }] : undefined;
      if (region && !python) {
        ctx.report({
          at: { doc: w, node: have.name ?? have.node },
          severity: 'info',
          message: `Container \`${name}\` sets AWS_REGION but not AWS_DEFAULT_REGION. Only boto3 (Python) ignores AWS_REGION, and nothing in this container (image, command) shows Python, hence info rather than a warning: set AWS_DEFAULT_REGION too if it runs boto3.`,
          fixes,
        });
        continue;
      }
      ctx.report({
        at: { doc: w, node: have.name ?? have.node },
        message: region
          ? `Container \`${name}\` runs Python (${python}) and sets AWS_REGION but not AWS_DEFAULT_REGION; boto3 ignores AWS_REGION and would have no region. Set AWS_DEFAULT_REGION too.`
          : `Container \`${name}\` sets AWS_DEFAULT_REGION but not AWS_REGION; the JavaScript SDK v3 reads only AWS_REGION ("Region is missing"). Set AWS_REGION too.`,
        fixes,
      });
    }
  },
};

export default rule;
