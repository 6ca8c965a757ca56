import { podAnnotations } from '../model/workload';
import type { Container, ServiceAccount, Workload } from '../model/types';
import { isPlaceholderNode } from '../model/unknown';
import type { MapNode, PairNode, ScalarNode } from '../parse/tree';
import { editDistance, suggestKey } from '../schema/validate';
import { replaceString } from './_util';
import type { DocumentRule, RuleContext } from './types';

/**
 * The pod identity webhook's annotation source, at the commit whose behaviour this rule describes
 * (aws/amazon-eks-pod-identity-webhook @3bf80a34).
 */
const SRC = 'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/3bf80a348116483b2162190e43232e4d243f76c4';

/** The webhook's annotation domain (`--annotation-prefix`, default `eks.amazonaws.com`: pkg/handler/handler.go). */
export const WEBHOOK_DOMAIN = 'eks.amazonaws.com';

/** Keys the webhook reads on a ServiceAccount (pkg/cache/cache.go addSA). */
const SA_KEYS = ['role-arn', 'audience', 'sts-regional-endpoints', 'token-expiration'] as const;
/** Keys the webhook reads on a pod (pkg/handler/handler.go parsePodAnnotations). */
const POD_KEYS = ['skip-containers', 'token-expiration'] as const;
const ALL_KEYS = ['role-arn', 'audience', 'sts-regional-endpoints', 'token-expiration', 'skip-containers'] as const;

/** Below this the webhook raises the value to it (pkg/validation.go ValidateMinTokenExpiration; pkg/constants.go MinTokenExpiration). */
export const WEBHOOK_MIN_TOKEN_EXPIRATION = 600;
/** The webhook's default and the EKS maximum, seconds (pkg/constants.go MaxTokenExpiration, DefaultTokenExpiration). */
export const WEBHOOK_MAX_TOKEN_EXPIRATION = 86400;

/** Values Go's strconv.ParseBool accepts (https://pkg.go.dev/strconv#ParseBool). */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * The webhook key that `key` was meant to be, when `key` is a near miss of one (the webhook compares
 * keys exactly: `sa.Annotations[prefix + "/" + name]`, so any other spelling is ignored), else undefined.
 * A near miss is: a different case of a known key; the right domain with a name at most 2 edits from a
 * known name (`rolearn`, `sts-regional-endpoint`, `role_arn`); or a domain at most 3 edits from
 * `eks.amazonaws.com` (`eks.amazon.com`, `eks.amazonaws.co`) with exactly a known name. Other tools'
 * keys (`iam.amazonaws.com/role` of kube2iam, `eks.amazonaws.com/compute-type` of Fargate) are no near miss.
 */
export function nearMissKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const domain = key.slice(0, slash).toLowerCase();
  const name = key.slice(slash + 1).toLowerCase().replace(/_/g, '-');
  if (domain === WEBHOOK_DOMAIN) {
    const best = suggestKey(name, ALL_KEYS);
    const right = best && `${WEBHOOK_DOMAIN}/${best}`;
    return right && right !== key ? right : undefined;
  }
  if (!(ALL_KEYS as readonly string[]).includes(name)) return undefined;
  if (editDistance(domain, WEBHOOK_DOMAIN, 3) <= 3 || /^(eks\.)?amazon(aws)?\.com$|^eks\.aws(\.amazon)?\.com$/.test(domain)) return `${WEBHOOK_DOMAIN}/${name}`;
  return undefined;
}

function pairOf(map: MapNode | undefined, name: string): PairNode | undefined {
  return map?.pairs.find((p) => p.key.value === `${WEBHOOK_DOMAIN}/${name}`);
}

/** The value as the webhook sees it (annotations are strings); undefined for a placeholder or a non-scalar. */
function valueOf(ctx: RuleContext, uri: string, p: PairNode): { text: string; node: ScalarNode } | undefined {
  const v = p.value;
  if (!v || v.kind !== 'scalar' || v.value === null || isPlaceholderNode(v, ctx.text(uri))) return undefined;
  return { text: String(v.value), node: v };
}

function checkKeys(ctx: RuleContext, doc: ServiceAccount | Workload, map: MapNode | undefined, readsHere: readonly string[], where: string): void {
  for (const p of map?.pairs ?? []) {
    const key = p.key.value;
    if (typeof key !== 'string') continue;
    const right = nearMissKey(key);
    if (!right) continue;
    const name = right.slice(WEBHOOK_DOMAIN.length + 1);
    if (!readsHere.includes(name)) {
      // Misspelt and on the wrong object: renaming alone would not help, so no fix.
      ctx.report({
        at: { doc, node: p.key },
        message: `The pod identity webhook does not read \`${key}\`: it reads \`${right}\`, and on ${where === 'a pod' ? "the pod's ServiceAccount" : 'pods'}, not on ${where}, so this annotation does nothing.`,
      });
      continue;
    }
    if (map?.pairs.some((q) => q.key.value === right)) continue; // the right key is there too: the stray one is harmless
    ctx.report({
      at: { doc, node: p.key },
      message: `The pod identity webhook does not read \`${key}\` on ${where}: it looks up exactly \`${right}\`, so this annotation does nothing.`,
      fixes: [{ title: `Rename to \`${right}\``, edits: [replaceString(doc.uri, p.key, right)], preferred: true }],
    });
  }
}

function checkTokenExpiration(ctx: RuleContext, doc: ServiceAccount | Workload, map: MapNode | undefined, fallback: string): void {
  const p = pairOf(map, 'token-expiration');
  const v = p && valueOf(ctx, doc.uri, p);
  if (!v) return;
  const key = `${WEBHOOK_DOMAIN}/token-expiration`;
  // strconv.ParseInt(s, 10, 64): an optional sign and decimal digits only.
  if (!/^[+-]?\d{1,18}$/.test(v.text)) {
    ctx.report({
      at: { doc, node: v.node },
      message: `\`${key}\` is a number of seconds; the webhook cannot parse \`${v.text}\` (strconv.ParseInt) and ignores it, so the token lifetime is ${fallback}.`,
    });
    return;
  }
  const s = Number(v.text);
  if (s < WEBHOOK_MIN_TOKEN_EXPIRATION) {
    ctx.report({
      at: { doc, node: v.node },
      message: `\`${key}\` ${s} is below the webhook's minimum of ${WEBHOOK_MIN_TOKEN_EXPIRATION} seconds: the webhook uses ${WEBHOOK_MIN_TOKEN_EXPIRATION} instead (ValidateMinTokenExpiration); the pod still gets a working token, hence info.`,
      // The pod still gets a working token, only a longer-lived one than written: info, not a warning.
      severity: 'info',
      fixes: [{ title: `Set ${WEBHOOK_MIN_TOKEN_EXPIRATION}`, edits: [replaceString(doc.uri, v.node, String(WEBHOOK_MIN_TOKEN_EXPIRATION))] }],
    });
  } else if (s > WEBHOOK_MAX_TOKEN_EXPIRATION) {
    ctx.report({
      at: { doc, node: v.node },
      message: `\`${key}\` ${s} is above ${WEBHOOK_MAX_TOKEN_EXPIRATION} seconds (24 hours, the webhook's maximum for EKS): the webhook passes it to the projected token unchanged and the API server shortens the token to its --service-account-max-token-expiration; the pod still gets a working token, hence info.`,
      severity: 'info',
      fixes: [{ title: `Set ${WEBHOOK_MAX_TOKEN_EXPIRATION}`, edits: [replaceString(doc.uri, v.node, String(WEBHOOK_MAX_TOKEN_EXPIRATION))] }],
    });
  }
}

function checkServiceAccount(ctx: RuleContext, sa: ServiceAccount): void {
  const map = sa.annotations;
  checkKeys(ctx, sa, map, SA_KEYS, 'a ServiceAccount');
  for (const name of POD_KEYS) {
    if (name === 'token-expiration') continue; // read on both
    const p = pairOf(map, name);
    if (p) ctx.report({ at: { doc: sa, node: p.key }, message: `The pod identity webhook reads \`${WEBHOOK_DOMAIN}/${name}\` on pods, not on the ServiceAccount: this annotation does nothing here. Put it on the pod template's annotations.` });
  }
  const aud = pairOf(map, 'audience');
  const audV = aud && valueOf(ctx, sa.uri, aud);
  if (audV && audV.text.trim() === '') {
    ctx.report({
      at: { doc: sa, node: audV.node },
      message: `\`${WEBHOOK_DOMAIN}/audience\` is empty: the webhook writes it as the projected token's audience, and an empty audience means the API server's own, which STS rejects ("Incorrect token audience"). Remove it to get the default \`sts.amazonaws.com\`.`,
    });
  }
  const sts = pairOf(map, 'sts-regional-endpoints');
  const stsV = sts && valueOf(ctx, sa.uri, sts);
  if (stsV && !GO_BOOLS.includes(stsV.text)) {
    const meant = /^\s*regional\s*$/i.test(stsV.text) ? 'true' : /^\s*(legacy|global)\s*$/i.test(stsV.text) ? 'false' : undefined;
    ctx.report({
      at: { doc: sa, node: stsV.node },
      message: `\`${WEBHOOK_DOMAIN}/sts-regional-endpoints\` takes \`true\` or \`false\`; the webhook cannot parse \`${stsV.text}\` (strconv.ParseBool) and ignores it, so AWS_STS_REGIONAL_ENDPOINTS follows its --sts-regional-endpoint flag instead.`,
      fixes: meant ? [{ title: `Set "${meant}"`, edits: [replaceString(sa.uri, stsV.node, meant)], preferred: true }] : undefined,
    });
  }
  checkTokenExpiration(ctx, sa, map, 'the webhook\'s --token-expiration (default 86400 seconds)');
}

function checkPod(ctx: RuleContext, w: Workload): void {
  const map = podAnnotations(w);
  if (!map) return;
  checkKeys(ctx, w, map, POD_KEYS, 'a pod');
  for (const name of SA_KEYS) {
    if (name === 'token-expiration') continue;
    const p = pairOf(map, name);
    if (p) {
      ctx.report({
        at: { doc: w, node: p.key },
        message: `The pod identity webhook reads \`${WEBHOOK_DOMAIN}/${name}\` on the pod's ServiceAccount, not on the pod: this annotation does nothing here. Annotate the ServiceAccount the pod runs as.`,
      });
    }
  }
  checkTokenExpiration(ctx, w, map, 'the ServiceAccount\'s (or the webhook\'s default)');
  const skip = pairOf(map, 'skip-containers');
  const sv = skip && valueOf(ctx, w.uri, skip);
  if (!sv) return;
  const names = new Set(w.containers.map((c: Container) => c.name?.value).filter((n): n is string => typeof n === 'string'));
  if (!names.size) return;
  // encoding/csv: fields split at commas, kept as written (a space after a comma stays in the name).
  const listed = sv.text.split(',');
  const trimmed = listed.map((n) => n.trim());
  const unknown = trimmed.filter((n) => n !== '' && !names.has(n));
  if (unknown.length) {
    ctx.report({
      at: { doc: w, node: sv.node },
      message: `\`${WEBHOOK_DOMAIN}/skip-containers\` names ${unknown.map((n) => `\`${n}\``).join(', ')}, which ${unknown.length > 1 ? 'are no containers' : 'is no container'} of this pod (containers: ${[...names].map((n) => `\`${n}\``).join(', ')}).`,
    });
    return;
  }
  if (listed.some((n, i) => n !== trimmed[i])) {
    const fixed = trimmed.filter((n) => n !== '').join(',');
    ctx.report({
      at: { doc: w, node: sv.node },
      message: `\`${WEBHOOK_DOMAIN}/skip-containers\` is split at commas and each name is compared exactly: \` ${trimmed.find((n, i) => n !== listed[i]) ?? ''}\` with its space matches no container, so the webhook still mutates it. Write \`${fixed}\`.`,
      fixes: [{ title: `Write \`${fixed}\``, edits: [replaceString(w.uri, sv.node, fixed)], preferred: true }],
    });
  }
}

/**
 * WL: the annotations of the pod identity webhook, as its source reads them: the ServiceAccount keys
 * (pkg/cache/cache.go addSA), the pod keys (pkg/handler/handler.go parsePodAnnotations,
 * getContainersToSkip), near misses of either, and keys put on the wrong object.
 */
const rule: DocumentRule = {
  id: 'webhook-annotations',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['serviceAccount', 'workload'],
  docs: {
    summary: 'Annotations of the pod identity webhook (`eks.amazonaws.com/…`) that it ignores: misspelt keys, keys on the wrong object, values it cannot parse.',
    details: [
      'The pod identity webhook (the one EKS runs, and the one the cloud credential operator deploys on OpenShift in STS mode)',
      'looks up exact annotation keys. On the **ServiceAccount** it reads `eks.amazonaws.com/role-arn`, `eks.amazonaws.com/audience`,',
      '`eks.amazonaws.com/sts-regional-endpoints` and `eks.amazonaws.com/token-expiration`; on the **pod** it reads',
      '`eks.amazonaws.com/skip-containers` and `eks.amazonaws.com/token-expiration`. Anything else is silently ignored, so the rule reports:',
      '',
      '- a near miss of one of these keys (`eks.amazon.com/role-arn`, `eks.amazonaws.com/rolearn`, `…/sts-regional-endpoint`, a different case), with a quick fix to the right key;',
      '- `role-arn`, `audience` or `sts-regional-endpoints` on a pod template (e.g. a Deployment\'s `spec.template.metadata.annotations`): the webhook reads them on the ServiceAccount only; and `skip-containers` on a ServiceAccount;',
      '- `sts-regional-endpoints` that Go\'s `strconv.ParseBool` rejects (`regional`, `yes`): the webhook ignores it and uses its `--sts-regional-endpoint` flag (quick fix `regional` → `"true"`);',
      '- `token-expiration` that is not a decimal number of seconds (ignored); below 600 seconds (info: the webhook silently raises it to 600, so the token lives longer than written); above 86400 (info: the webhook passes it on, and the API server caps tokens at its `--service-account-max-token-expiration`, 24 hours on EKS);',
      '- an empty `audience`: the projected token then carries the API server\'s audience, which STS rejects;',
      '- `skip-containers` naming a container the pod does not have, or with a space after a comma (the names are compared exactly).',
      '',
      'A templated value (`{{ .Values.x }}`, `${VAR}`) is not judged. The `role-arn` value itself is checked by `eks-role-arn-annotation`.',
    ].join('\n'),
    sources: [
      `${SRC}/pkg/annotations.go (the annotation names)`,
      `${SRC}/pkg/cache/cache.go (addSA: ServiceAccount keys; strconv.ParseBool and ParseInt, invalid values ignored)`,
      `${SRC}/pkg/handler/handler.go (parsePodAnnotations, getContainersToSkip: pod keys; encoding/csv split, exact names)`,
      `${SRC}/pkg/validation.go (ValidateMinTokenExpiration: below 600 becomes 600)`,
      `${SRC}/pkg/constants.go (MinTokenExpiration 600, MaxTokenExpiration and DefaultTokenExpiration 86400)`,
      'https://pkg.go.dev/strconv#ParseBool (the accepted boolean spellings)',
      'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken (an absent audience is the API server\'s)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind === 'serviceAccount') checkServiceAccount(ctx, doc);
    else if (doc.kind === 'workload') checkPod(ctx, doc);
  },
};

export default rule;
