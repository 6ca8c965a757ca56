import type { Workload } from '../model/types';
import { str } from '../parse/tree';
import { appendSeqItem, envOf, envValue, styleOf, usesAws } from './_workload-util';
import type { DocumentRule } from './types';

/**
 * WL010: the ccoctl profile has no `region` (CCOCTL-roles §2.7), so a container that uses AWS
 * credentials needs the region from the environment: `AWS_REGION` for JS v3 (its only variable),
 * Go v2 and Java v2, and `AWS_DEFAULT_REGION` for botocore/boto3, which ignores `AWS_REGION`
 * (§5.1). Containers with `envFrom` are skipped (the region may come from a ConfigMap).
 */
const rule: DocumentRule = {
  id: 'region-env',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['workload'],
  docs: {
    summary: 'Set `AWS_REGION` (JS, Go, Java) and `AWS_DEFAULT_REGION` (boto3); the ccoctl Secret has no region.',
    details: [
      'The profile that ccoctl writes into the Secret holds `role_arn`, `web_identity_token_file` and',
      '`sts_regional_endpoints` — no `region` (domain.md §2.7). The SDKs then take the region from the environment, and',
      'they disagree on the variable: JS v3 reads only `AWS_REGION` ("Region is missing" otherwise), botocore/boto3 reads',
      'only `AWS_DEFAULT_REGION` (it ignores `AWS_REGION`), Go v2 reads `AWS_REGION` then `AWS_DEFAULT_REGION`, Java v2',
      'reads `AWS_REGION`. With `sts_regional_endpoints = regional`, STS itself needs a region too.',
      '',
      'The rule applies to containers that use AWS credentials (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,',
      '`AWS_ROLE_ARN` or `AWS_WEB_IDENTITY_TOKEN_FILE`) and have no `envFrom`.',
      '',
      '**Fix:** set both, to the same region (a quick fix copies the one you set into the other).',
      '',
      'Backed by domain.md §2.7, §5.1 and §8.4 WL010 (SMITHY, BOTO, GO, JAVA).',
    ].join('\n'),
    sources: ['WL010 (domain §5.1, §2.7)', 'SMITHY regionConfig/config.ts', 'BOTO configprovider.py', 'boto/boto3#2574'],
  },
  check(doc, ctx) {
    const w = doc as Workload;
    const text = ctx.text(w.uri);
    for (const c of w.containers) {
      if (!usesAws(c) || c.node.pairs.some((p) => p.key.value === 'envFrom')) continue;
      const region = envOf(c, 'AWS_REGION');
      const def = envOf(c, 'AWS_DEFAULT_REGION');
      const name = str(c.name) ?? '?';
      if (!region && !def) {
        ctx.report({
          at: c.envNode?.pair ? { doc: w, node: c.envNode, part: 'key' } : { doc: w, node: c.node, part: 'key' },
          message: `Container \`${name}\` uses AWS credentials but sets no region; the ccoctl profile has none. Set AWS_REGION (read by JS v3, Go v2, Java v2) and AWS_DEFAULT_REGION (read by boto3) to the same region.`,
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
      const add = value !== undefined && c.envNode?.kind === 'seq' ? appendSeqItem(w.uri, text, c.envNode, { name: missing, value }, styleOf(text, w)) : undefined;
      ctx.report({
        at: { doc: w, node: have.name ?? have.node },
        message: region
          ? `Container \`${name}\` sets AWS_REGION but not AWS_DEFAULT_REGION; boto3 ignores AWS_REGION and would have no region. Set AWS_DEFAULT_REGION too.`
          : `Container \`${name}\` sets AWS_DEFAULT_REGION but not AWS_REGION; the JavaScript SDK v3 reads only AWS_REGION ("Region is missing"). Set AWS_REGION too.`,
        fixes: add ? [{ title: `Add ${missing}${value ? ` = ${value}` : ''} (same as ${haveName})`, preferred: true, edits: [add] }] : undefined,
      });
    }
  },
};

export default rule;
