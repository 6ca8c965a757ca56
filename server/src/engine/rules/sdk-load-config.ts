import type { Container, Workload } from '../model/types';
import { str } from '../parse/tree';
import type { TreeNode } from '../parse/tree';
import { linkedWorkloads, relativePath, runtimeDeps, SDK_LABEL, webhookMutates } from './_deps-util';
import { workloadLabel } from './_workload-util';
import type { FileRule, RuleContext } from './types';

/** True when the container names the variable at all (a literal, `valueFrom`, any value). */
function sets(c: Container, name: string): boolean {
  return c.env.some((e) => str(e.name) === name);
}

/**
 * Containers that point the SDK at the ccoctl profile through AWS_CONFIG_FILE only: no
 * AWS_SDK_LOAD_CONFIG (any value counts as set: JS v2 tests the string's truthiness), no
 * AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE of their own (the env provider works without the config
 * file), no `envFrom` (the variable may come from a ConfigMap). Pods that the webhook mutates are
 * excluded by the caller's link (the webhook injects the variables).
 */
function configOnly(ctx: RuleContext, w: Workload): Container[] {
  if (webhookMutates(ctx, w)) return [];
  return w.containers.filter(
    (c) => sets(c, 'AWS_CONFIG_FILE') && !sets(c, 'AWS_SDK_LOAD_CONFIG') && !sets(c, 'AWS_ROLE_ARN') && !sets(c, 'AWS_WEB_IDENTITY_TOKEN_FILE') && !c.node.pairs.some((p) => p.key.value === 'envFrom'),
  );
}

const rule: FileRule = {
  id: 'sdk-load-config',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  docs: {
    summary: 'An application on JS SDK v2 or Go SDK v1 whose workload points AWS_CONFIG_FILE at the ccoctl profile without AWS_SDK_LOAD_CONFIG=1: the SDK never reads that file.',
    details: [
      'The ccoctl Secret holds a profile (`role_arn`, `web_identity_token_file`) that the pod reads through',
      '`AWS_CONFIG_FILE`. Two SDKs read the config file only when `AWS_SDK_LOAD_CONFIG` is set:',
      '',
      '- AWS SDK for Go v1: `session.newSession` loads `[SharedConfigFile, SharedCredentialsFile]` and drops the config',
      '  file unless `EnableSharedConfig` (`AWS_SDK_LOAD_CONFIG`) is set (aws/aws-sdk-go `aws/session/session.go`), and it',
      '  reads `role_arn`/`web_identity_token_file` of a profile only with that option (`aws/session/shared_config.go`).',
      '- AWS SDK for JavaScript v2: `AWS.util.getProfilesFromSharedConfig` loads the config file only when',
      '  `process.env.AWS_SDK_LOAD_CONFIG` is truthy (aws/aws-sdk-js `lib/util.js`, `configOptInEnv`), and the web identity',
      '  and shared ini providers of `lib/node_loader.js` read their profile through it.',
      '',
      'Without the variable the pod falls back to other credentials (the node\'s role) or has none. JS v3, Go v2, Java',
      'and boto3 read `AWS_CONFIG_FILE` without it.',
      '',
      'The rule reads `package.json` (`aws-sdk`) and `go.mod` (`github.com/aws/aws-sdk-go`, not `// indirect`) and',
      'reports when a linked workload (see `sdk-web-identity-version` for the folder-tree link) has a container that',
      'sets `AWS_CONFIG_FILE` and not `AWS_SDK_LOAD_CONFIG`. Not reported: containers that set `AWS_ROLE_ARN` or',
      '`AWS_WEB_IDENTITY_TOKEN_FILE` themselves (the environment provider reads them without the config file), containers',
      'with `envFrom`, pods whose ServiceAccount carries `eks.amazonaws.com/role-arn` (the webhook injects the variables).',
      'A Go program can also turn the option on in code (`session.Options{SharedConfigState: session.SharedConfigEnable}`),',
      'which a manifest does not show: hence a warning.',
      '',
      '**Fix:** set `AWS_SDK_LOAD_CONFIG` to `1` in the container\'s env, or move to JS v3 / Go v2.',
    ].join('\n'),
    sources: [
      'https://github.com/aws/aws-sdk-go/blob/v1.55.5/aws/session/session.go#L472-L485 (newSession: the config file is dropped unless EnableSharedConfig)',
      'https://github.com/aws/aws-sdk-go/blob/v1.55.5/aws/session/env_config.go (AWS_SDK_LOAD_CONFIG → EnableSharedConfig)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/util.js#L991-L1016 (getProfilesFromSharedConfig: the config file only with AWS_SDK_LOAD_CONFIG)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/node_loader.js (the default chain of JS v2 in Node.js)',
    ],
  },
  checkFile(file, ctx) {
    const m = file.manifest;
    if (!m) return;
    const deps = runtimeDeps(m.deps).filter((d) => (d.sdk === 'js-v2' || d.sdk === 'go-v1') && !d.indirect);
    if (deps.length === 0) return;
    const link = linkedWorkloads(ctx, file.uri);
    if (!link) return;
    const hits: { w: Workload; c: Container }[] = [];
    for (const w of link.workloads) {
      const only = link.containers?.get(w);
      for (const c of configOnly(ctx, w)) if (!only || only.has(str(c.name) ?? '')) hits.push({ w, c });
    }
    if (hits.length === 0) return;
    // A shared tree (several workloads, none named like this application): only when every one of them reads
    // the profile without AWS_SDK_LOAD_CONFIG is it certain that the one running this application does.
    if (!link.exact && !link.all.every((w) => hits.some((h) => h.w === w))) return;
    const first = hits[0]!;
    const more = hits.length > 1 ? ` (and ${hits.length - 1} more container${hits.length > 2 ? 's' : ''})` : '';
    for (const d of deps) {
      ctx.report({
        at: { uri: file.uri, start: d.start, end: d.end },
        message: `${SDK_LABEL[d.sdk]} (\`${d.name}\`) reads the file of AWS_CONFIG_FILE only when AWS_SDK_LOAD_CONFIG is set, and container \`${str(first.c.name) ?? '(unnamed)'}\` of ${workloadLabel(first.w)} in \`${relativePath(file.uri, first.w.uri)}\`${more} sets AWS_CONFIG_FILE without it: the ccoctl profile is never read. Set AWS_SDK_LOAD_CONFIG=1 in the container (${link.how}).`,
        related: [{ at: { doc: first.w, node: envNode(first.c) }, message: `AWS_CONFIG_FILE of container \`${str(first.c.name) ?? '(unnamed)'}\`` }],
      });
    }
  },
};

function envNode(c: Container): TreeNode {
  const e = c.env.find((v) => str(v.name) === 'AWS_CONFIG_FILE');
  return e?.node ?? c.envNode ?? c.node;
}

export default rule;
