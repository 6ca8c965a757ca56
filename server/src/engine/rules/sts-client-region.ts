/**
 * sts-client-region (issue #14): application code builds an STS client without a region, and the
 * workloads the file runs in give the SDK none either, so the client's first call fails.
 *
 * Detectors, only where a missing region is an error (facts from the SDK sources, in the docs below):
 * - JS/TS v3 `new STSClient({…})` / `new STSClient()` (and the aggregated `new STS({…})` of
 *   `@aws-sdk/client-sts`) with no `region` property: the region comes from `AWS_REGION` or `region`
 *   in the profile, else "Region is missing" (smithy config-resolver `regionConfig/config.ts`);
 * - Go v2 `sts.NewFromConfig(cfg)` in a file whose `config.LoadDefaultConfig(…)` has no `WithRegion`
 *   and that sets no `Region` itself: the region comes from `AWS_REGION`/`AWS_DEFAULT_REGION` or the
 *   profile, else STS's endpoint rules fail with "Invalid Configuration: Missing Region".
 * Not reported, because the client still works without a region: JS v2 `new AWS.STS()` (its region
 * config maps `*\/sts` to the global endpoint and skips region validation) and boto3
 * `boto3.client('sts')` (botocore uses the `aws-global` partition endpoint when no region is given);
 * Java v2 `StsClient.create()` (its region chain ends with instance metadata, which a pod may reach).
 *
 * Reported only when the file is linked to workloads (folder tree or `.irsa.yaml` applications, the
 * link of rules/_deps-util.ts, which the message names) and none of them gives the region the way
 * rule region-env establishes: the variable the SDK reads, `region` in the linked Secret's profile,
 * `envFrom`, a region flag, a manifest completed elsewhere, or the pod identity webhook.
 */
import type { Container, Workload } from '../model/types';
import { field, nodeText, walkCode } from '../parse/code';
import { str } from '../parse/tree';
import type { CodeNode, ParsedCode } from '../parse/code';
import { calleeName, jsPairKey, perLanguage } from './_code-util';
import { decided, linkedWorkloads, relativePath } from './_deps-util';
import { completedElsewhere, profileRegion, regionFromArgs, webhookSetsRegion } from './region-env';
import { envOf, usesAws, workloadLabel } from './_workload-util';
import type { FileRule, RuleContext } from './types';

/** A client built without a region: where, what the code says, the variables that SDK reads, and how it fails. */
interface Hit {
  node: CodeNode;
  what: string;
  vars: readonly string[];
  failure: string;
}

const JS_V3_VARS = ['AWS_REGION'] as const;
const GO_V2_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

function jsHits(text: string, code: ParsedCode): Hit[] {
  // The process sets its own region (`process.env.AWS_REGION = …`): the environment is not the pod's alone.
  if (/\bAWS_REGION\b\s*\]?\s*=[^=]/.test(text)) return [];
  const v3 = /@aws-sdk\/client-sts/.test(text);
  const hits: Hit[] = [];
  walkCode(code.root, (n) => {
    if (n.type !== 'new_expression') return;
    const ctor = field(n, 'constructor');
    const name = calleeName(text, ctor);
    // `STSClient` is v3's alone; `new STS()` is v3's aggregated client only in a file importing it and not as `AWS.STS`.
    if (name !== 'STSClient' && !(name === 'STS' && v3 && ctor?.type === 'identifier')) return;
    const args = (field(n, 'arguments')?.children ?? []).filter((c) => c.type !== 'comment');
    if (args.length > 1) return;
    const arg = args[0];
    if (arg) {
      // A configuration built elsewhere (a variable, a call) may hold a region: only an object literal is read.
      if (arg.type !== 'object') return;
      const props = arg.children.filter((c) => c.type !== 'comment');
      if (props.some((p) => p.type === 'spread_element' || (p.type === 'pair' && jsPairKey(text, p) === 'region') || (p.type === 'shorthand_property_identifier' && nodeText(text, p) === 'region'))) return;
      if (props.some((p) => p.type !== 'pair' && p.type !== 'shorthand_property_identifier' && p.type !== 'method_definition')) return;
    }
    hits.push({ node: n, what: `\`new ${name}(${arg ? '{…}' : ''})\` is given no \`region\``, vars: JS_V3_VARS, failure: 'the SDK for JavaScript v3 then fails with "Region is missing"' });
  });
  return hits;
}

function goHits(text: string, code: ParsedCode): Hit[] {
  // The Config's region is set in this file (WithRegion, cfg.Region = …, o.Region = … in an option): not reported.
  let loads = false;
  let setsRegion = false;
  walkCode(code.root, (n) => {
    if (n.type === 'call_expression') {
      const callee = calleeName(text, field(n, 'function'));
      if (callee === 'LoadDefaultConfig') loads = true;
      else if (callee === 'WithRegion') setsRegion = true;
    } else if (n.type === 'assignment_statement') {
      // cfg.Region = … / o.Region = … in an option function
      if ((field(n, 'left')?.children ?? []).some((t) => t.type === 'selector_expression' && calleeName(text, t) === 'Region')) setsRegion = true;
    } else if (n.type === 'keyed_element') {
      // aws.Config{Region: …} / sts.Options{Region: …}
      const key = field(n, 'key');
      if (key && nodeText(text, key) === 'Region') setsRegion = true;
    }
  });
  if (setsRegion) return [];
  // A Config from elsewhere (a parameter, another package) may carry a region.
  if (!loads) return [];
  const hits: Hit[] = [];
  walkCode(code.root, (n) => {
    if (n.type !== 'call_expression') return;
    const fn = field(n, 'function');
    if (fn?.type !== 'selector_expression' || calleeName(text, fn) !== 'NewFromConfig') return;
    const pkg = field(fn, 'operand');
    if (!pkg || nodeText(text, pkg) !== 'sts') return;
    hits.push({ node: n, what: '`sts.NewFromConfig` is given a Config from `config.LoadDefaultConfig` without `config.WithRegion`', vars: GO_V2_VARS, failure: 'STS\'s endpoint rules in the SDK for Go v2 then fail with "Invalid Configuration: Missing Region"' });
  });
  return hits;
}

/** True when the container gives the SDK a region (the sources rule region-env accepts). */
function givesRegion(ctx: RuleContext, w: Workload, c: Container, vars: readonly string[]): boolean {
  if (vars.some((v) => envOf(c, v) !== undefined)) return true;
  if (c.node.pairs.some((p) => p.key.value === 'envFrom')) return true;
  return profileRegion(ctx, w, c) !== undefined || regionFromArgs(c) !== undefined || completedElsewhere(w, c) || webhookSetsRegion(ctx, w, c);
}

const rule: FileRule = {
  id: 'sts-client-region',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'An STS client built without a region in code whose workloads give the SDK no region either: its first call fails.',
    details: [
      'An STS client built without a region takes it from the environment or the profile — and the profile ccoctl writes has no `region` (see `region-env`). The rule links the code file to its workloads (the folder tree, or `.irsa.yaml` `applications:`, as `sdk-web-identity-version` does; the message names the link) and reports only when none of them gives the region that SDK reads:',
      '',
      '- **JavaScript/TypeScript, SDK v3:** `new STSClient({})` / `new STSClient()` (or the aggregated `new STS({})`) with no `region` reads `AWS_REGION` or `region` in the profile, and otherwise fails with `Region is missing`.',
      '- **Go, SDK v2:** `sts.NewFromConfig(cfg)` where `cfg` comes from `config.LoadDefaultConfig(ctx)` without `config.WithRegion(…)` reads `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile, and otherwise STS\'s endpoint rules fail with `Invalid Configuration: Missing Region`.',
      '',
      'A workload gives the region when a container sets the variable, the linked Secret\'s profile has `region =`, the container has `envFrom` or a region flag, its manifest is completed elsewhere, or the pod identity webhook mutates it (it adds AWS_REGION and AWS_DEFAULT_REGION) — the cases of `region-env`. No linked workload: no finding.',
      '',
      'Not reported, because the client works without a region: **JS SDK v2** `new AWS.STS()` (its region configuration maps `*/sts` to the global endpoint `sts.amazonaws.com`, and region validation is skipped for global endpoints); **boto3** `boto3.client(\'sts\')` (botocore uses the `aws-global` partition endpoint of the `aws` partition when no region is given — in the China and GovCloud partitions, which have none, it raises `NoRegionError`); **Java SDK v2** `StsClient.create()` (its default region chain ends with instance metadata, which a pod may reach). Those clients call the global endpoint in us-east-1; set a region to use the regional one.',
      '',
      '**Fix:** give the client its region (`new STSClient({ region: process.env.AWS_REGION })` with the variable set in the workload, `config.WithRegion(…)`), or set `AWS_REGION` (and `AWS_DEFAULT_REGION` for boto3) in the workload.',
    ].join('\n'),
    sources: [
      'https://github.com/smithy-lang/smithy-typescript/blob/c3cb1af3c3891fb23df03d0dd4e0c1a2ba40d03d/packages/config-resolver/src/regionConfig/config.ts (AWS_REGION, profile `region`; "Region is missing")',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/env_config.go (AWS_REGION, AWS_DEFAULT_REGION)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/service/sts/endpoints.go (STS endpoint rules: "Invalid Configuration: Missing Region")',
      'https://github.com/boto/botocore/blob/develop/botocore/data/sts/2011-06-15/endpoint-rule-set-1.json ("Invalid Configuration: Missing Region")',
      'https://github.com/boto/botocore/blob/develop/botocore/regions.py (construct_endpoint: no region → the service\'s partitionEndpoint, else NoRegionError)',
      'https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json (sts: partitionEndpoint aws-global in the aws partition only)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/region_config_data.json ("*/sts": "globalSSL") and lib/event_listeners.js (VALIDATE_REGION skipped for a global endpoint)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/regions/src/main/java/software/amazon/awssdk/regions/providers/DefaultAwsRegionProviderChain.java (instance metadata last)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    const hits = perLanguage(code.language, { js: () => jsHits(text, code), go: () => goHits(text, code) });
    if (!hits.length) return;
    const link = linkedWorkloads(ctx, file.uri);
    // No workload linked, or not surely this application's: the region may come from where it runs.
    if (!link || !decided(link)) return;
    const how = link.how.replace(/this manifest/g, 'this file');
    for (const h of hits) {
      const lacking = link.workloads.filter((w) => {
        const names = link.containers?.get(w);
        // The containers `.irsa.yaml` names, else those that use AWS credentials, else (webhook-mutated) all.
        let cs = names ? w.containers.filter((c) => names.has(str(c.name) ?? '')) : w.containers.filter((c) => usesAws(c));
        if (cs.length === 0) cs = w.containers;
        return !cs.some((c) => givesRegion(ctx, w, c, h.vars));
      });
      if (lacking.length !== link.workloads.length) continue;
      const w = lacking[0]!;
      const more = lacking.length > 1 ? ` (and ${lacking.length - 1} more)` : '';
      ctx.report({
        at: { uri: file.uri, start: h.node.start, end: h.node.end },
        message:
          `${h.what}, so the region comes from ${h.vars.join(' or ')} or \`region\` in the profile; but ${workloadLabel(w)} in \`${relativePath(file.uri, w.uri)}\`${more}, which this file runs in (${how}), sets none of them (and the ccoctl profile has no region): ` +
          `${h.failure}. Give the client a region, or set ${h.vars.join(' and ')} in the workload.`,
        related: [{ at: { doc: w, node: w.name ?? w.root }, message: `${workloadLabel(w)}: no region for the SDK` }],
      });
    }
  },
};

export default rule;
