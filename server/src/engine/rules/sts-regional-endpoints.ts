import type { CcoctlSecret, Container, Workload } from '../model/types';
import { str } from '../parse/tree';
import { nearest } from '../model/order';
import { workloadNamespace } from '../model/workload';
import { CONFIG_FILE_VARS, envOf, workloadLabel } from './_workload-util';
import type { DocumentRule, FixSpec, RuleContext, Target } from './types';

/** A container that reads the Secret's profile (through AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE). */
interface ProfileUser {
  w: Workload;
  c: Container;
}

/**
 * The containers that read `s`'s `credentials` file: they mount a secret volume of `s` (same namespace
 * when both are known) and set AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE,
 * and `s` the nearest Secret of that name to the workload (the same link region-env follows).
 * botocore merges the credentials file's profiles into the config file's (boto/botocore
 * botocore/session.py `Session.full_config`), so either variable makes the profile botocore's.
 */
function profileUsers(ctx: RuleContext, s: CcoctlSecret): ProfileUser[] {
  const name = str(s.name);
  if (!name) return [];
  const ns = str(s.namespace);
  const users: ProfileUser[] = [];
  for (const w of ctx.ws.withKey(`secretname:${name}`)) {
    if (w.kind !== 'workload') continue;
    const wns = workloadNamespace(w);
    if (ns && wns && ns !== wns) continue;
    const sameName = ctx.ws.withKey(wns ? `secret:${wns}/${name}` : `secretname:${name}`).filter((d): d is CcoctlSecret => d.kind === 'ccoctlSecret');
    if (!nearest(w.uri, sameName).includes(s)) continue;
    for (const c of w.containers) {
      // Any value of the variable counts (a templated `${CONFIG_PATH}` too): whether it names the
      // mounted file exactly is aws-config-file-path's question, not this rule's.
      const linked = CONFIG_FILE_VARS.some((via) => envOf(c, via) !== undefined)
        && c.mounts.some((m) => w.volumes.some((vol) => str(vol.name) === str(m.name) && str(vol.secret?.secretName) === name));
      if (linked) users.push({ w, c });
    }
  }
  return users;
}

/**
 * The container chooses the STS endpoint itself: it sets AWS_STS_REGIONAL_ENDPOINTS, or it has
 * `envFrom`, where the variable may come from a ConfigMap we cannot see. The variable wins over the
 * profile's `sts_regional_endpoints` in each SDK whose default is `legacy`, and none of them needs
 * AWS_SDK_LOAD_CONFIG to read it: aws-sdk-go aws/session/env_config.go envConfigLoad (read
 * unconditionally) and session.go mergeSTSRegionalEndpointConfig (env before shared config);
 * aws-sdk-js lib/config_regional_endpoint.js (env before profile); botocore configprovider.py
 * `sts_regional_endpoints` (env var before config file).
 */
function choosesEndpoint(c: Container): boolean {
  return envOf(c, 'AWS_STS_REGIONAL_ENDPOINTS') !== undefined || c.node.pairs.some((p) => p.key.value === 'envFrom');
}

/**
 * The Secret is clearly ccoctl's even with no reader in the workspace: a CredentialsRequest names it
 * in `spec.secretRef`, or it sits in ccoctl's output file `<namespace>-<name>-credentials.yaml`
 * (openshift/cloud-credential-operator pkg/cmd/provisioning/aws/create-iam-roles.go, writeCredReqSecret: fileName).
 */
function clearlyCcoctl(ctx: RuleContext, s: CcoctlSecret): boolean {
  const name = str(s.name);
  const ns = str(s.namespace);
  if (!name || !ns) return false;
  return ctx.ws.credentialsRequestsForSecret(ns, name).length > 0 || s.uri.endsWith(`/${ns}-${name}-credentials.yaml`);
}

/**
 * Where the `[default]` header of the profile is (offsets), and the text to insert after it so that
 * the profile gets `sts_regional_endpoints = regional` with the indentation of the line below (a
 * `stringData` block scalar). Undefined when the header cannot be located in the text as written.
 */
function header(ctx: RuleContext, s: CcoctlSecret): { start: number; end: number; insertAt?: number; indent?: string; eol?: string } | undefined {
  if (s.encoding !== 'stringData' || s.credentialsNode.kind !== 'scalar') return undefined;
  const text = ctx.text(s.uri);
  const from = s.credentialsNode.start;
  const to = s.credentialsNode.end;
  const at = text.indexOf('[default]', from);
  if (at < 0 || at >= to) return undefined;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lead = text.slice(lineStart, at);
  const lineEnd = text.indexOf('\n', at);
  // Only a header on a line of its own (a block scalar) can take a new line below it safely.
  const ownLine = /^[ \t]*$/.test(lead) && lineEnd > 0 && lineEnd < to && text.slice(at + 9, lineEnd).trim() === '';
  // Insert before the line break, and before its `\r` in a CRLF file: the new line then ends with the
  // file's own line break (`\r\n`), and the edit never splits one.
  const crlf = lineEnd > 0 && text[lineEnd - 1] === '\r';
  return ownLine ? { start: at, end: at + 9, insertAt: crlf ? lineEnd - 1 : lineEnd, indent: lead, eol: crlf ? '\r\n' : '\n' } : { start: at, end: at + 9 };
}

function containerLabel(u: ProfileUser): string {
  return `container \`${str(u.c.name) ?? '(unnamed)'}\` of ${workloadLabel(u.w)}`;
}

/**
 * PROFILE: a web identity profile (`role_arn` + `web_identity_token_file`) without
 * `sts_regional_endpoints`, read by a container that does not set AWS_STS_REGIONAL_ENDPOINTS. ccoctl
 * always writes `sts_regional_endpoints = regional` (create-iam-roles.go secretManifestsTemplate).
 * Without it, the SDKs whose default is `legacy` send AssumeRoleWithWebIdentity to sts.amazonaws.com:
 * botocore before 1.40.0 (CHANGELOG 1.40.0), and Go v1 and JS v2 — which use this profile only with
 * AWS_SDK_LOAD_CONFIG set (aws-sdk-go session.go newSession, aws-sdk-js util.js
 * getProfilesFromSharedConfig). Java v2 is always regional. AWS_STS_REGIONAL_ENDPOINTS is read by all
 * three without AWS_SDK_LOAD_CONFIG and wins over the profile, so it clears the finding (sources with
 * lines in `docs.sources`). Reported on the Secret's profile (the line belongs there), with the readers
 * as related locations; a Secret with no reader in the workspace only when it is clearly ccoctl's. An
 * explicit `sts_regional_endpoints = legacy` is a choice and not reported.
 */
const rule: DocumentRule = {
  id: 'sts-regional-endpoints',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['ccoctlSecret'],
  docs: {
    summary: 'A web identity profile without `sts_regional_endpoints = regional` (and no `AWS_STS_REGIONAL_ENDPOINTS` on its containers) sends some SDKs to the global STS endpoint.',
    details: [
      'ccoctl writes `sts_regional_endpoints = regional` into every credentials Secret it makes',
      '(openshift/cloud-credential-operator `pkg/cmd/provisioning/aws/create-iam-roles.go`, `secretManifestsTemplate`).',
      'Without that line, and without `AWS_STS_REGIONAL_ENDPOINTS` on the container, each SDK uses its own default (from each SDK\'s source, linked under Sources):',
      '',
      '- **boto3/botocore before 1.40.0**: default `legacy`, which sends AssumeRoleWithWebIdentity to `sts.amazonaws.com` in the',
      '  legacy global Regions (us-east-1, eu-west-1, ap-southeast-2, …; `LEGACY_GLOBAL_STS_REGIONS`). botocore 1.40.0 made `regional` the default.',
      '  botocore reads the line whether the file is named by `AWS_CONFIG_FILE` or `AWS_SHARED_CREDENTIALS_FILE` (it merges both files\' profiles).',
      '- **AWS SDK for Go v1**: default `legacy` (global in the same legacy Regions). It reads `role_arn` and `sts_regional_endpoints` from a',
      '  profile, and reads `AWS_CONFIG_FILE` at all, only when `AWS_SDK_LOAD_CONFIG` is set. Without it the profile is not used: a file named',
      '  by `AWS_CONFIG_FILE` is ignored, and one named by `AWS_SHARED_CREDENTIALS_FILE` makes `session.NewSession` fail with',
      '  `CredentialRequiresARNError: credential type web_identity_token_file requires role_arn, profile default`.',
      '- **AWS SDK for JavaScript v2**: STS is `sts.amazonaws.com` in every commercial Region unless `regional` is configured. It reads',
      '  profiles from `AWS_CONFIG_FILE` or `AWS_SHARED_CREDENTIALS_FILE` only when `AWS_SDK_LOAD_CONFIG` is set (without it, only',
      '  `~/.aws/credentials`); with it, a profile named only by `AWS_SHARED_CREDENTIALS_FILE` is read only if a config file',
      '  (`AWS_CONFIG_FILE` or `~/.aws/config`) exists too.',
      '- **AWS SDK for Java v2**: always the regional endpoint; it has no `legacy` mode and does not read `sts_regional_endpoints`.',
      '',
      'So the line matters for botocore before 1.40.0 always, and for JS v2 and Go v1 when `AWS_SDK_LOAD_CONFIG` is set (without it they do',
      'not use the profile at all — a problem of its own, but which SDK the app uses is not in the manifests, so it is not reported here).',
      'A cluster whose egress reaches only the regional endpoint (`sts.<region>.amazonaws.com`, e.g. through a VPC endpoint), or',
      'an outage of the global endpoint\'s Region, then leaves the pod without credentials.',
      '',
      '`AWS_STS_REGIONAL_ENDPOINTS` on the container is read by botocore, Go v1 and JS v2 without `AWS_SDK_LOAD_CONFIG` and wins over the',
      'profile\'s line, so a container that sets it (to any value: `legacy` is a choice) is not reported.',
      '',
      '**How to fix.** Keep the line as ccoctl writes it: add `sts_regional_endpoints = regional` to the `[default]` profile',
      '(the quick fix does), or set `AWS_STS_REGIONAL_ENDPOINTS=regional` on every container that reads the profile.',
      '',
      '**Not reported.** A profile that sets `sts_regional_endpoints` to any value (an explicit `legacy` is a choice); a profile',
      'whose every reader sets `AWS_STS_REGIONAL_ENDPOINTS` or has `envFrom`; a Secret that no workload of the workspace reads',
      'unless it is clearly ccoctl\'s (a CredentialsRequest names it in `secretRef`, or it is in ccoctl\'s output file',
      '`<namespace>-<name>-credentials.yaml`). A container reads the profile when it mounts the Secret and sets',
      '`AWS_CONFIG_FILE` or `AWS_SHARED_CREDENTIALS_FILE` (whether the path is right is aws-config-file-path\'s check).',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (secretManifestsTemplate: sts_regional_endpoints = regional)',
      'https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html (sts_regional_endpoints, AWS_STS_REGIONAL_ENDPOINTS; default per SDK)',
      'https://github.com/boto/botocore/blob/0e6e2404b85dc336dd2889814e089bde7d1a4c55/CHANGELOG.rst#L3618-L3633 (1.40.0: "Updated the default sts service endpoint from legacy to regional"), https://github.com/boto/boto3/issues/4583',
      'https://github.com/boto/botocore/blob/0e6e2404b85dc336dd2889814e089bde7d1a4c55/botocore/args.py#L536-L562 (legacy → global only in LEGACY_GLOBAL_STS_REGIONS), https://github.com/boto/botocore/blob/0e6e2404b85dc336dd2889814e089bde7d1a4c55/botocore/configprovider.py#L165-L170 (AWS_STS_REGIONAL_ENDPOINTS before the config file)',
      'https://github.com/boto/botocore/blob/0e6e2404b85dc336dd2889814e089bde7d1a4c55/botocore/session.py#L429-L462 (Session.full_config: the credentials file\'s profiles are merged into the config file\'s, so AWS_SHARED_CREDENTIALS_FILE works like AWS_CONFIG_FILE)',
      'https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/session.go#L472-L485 (Go v1: AWS_CONFIG_FILE is loaded only with AWS_SDK_LOAD_CONFIG), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/session.go#L739-L744 (default LegacySTSEndpoint; env before shared config)',
      'https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/shared_config.go#L390-L420 (role_arn, sts_regional_endpoints read only with exOpts = AWS_SDK_LOAD_CONFIG), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/shared_config.go#L454 (web_identity_token_file always), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/shared_config.go#L497-L516 (CredentialRequiresARNError)',
      'https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/session/env_config.go#L365-L374 (AWS_STS_REGIONAL_ENDPOINTS read without AWS_SDK_LOAD_CONFIG), https://github.com/aws/aws-sdk-go/blob/8d203ccff393340d080be0417d091cc60354449b/aws/endpoints/legacy_regions.go (legacy global STS Regions)',
      'https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/lib/util.js#L991-L1016 (JS v2 getProfilesFromSharedConfig: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE only with AWS_SDK_LOAD_CONFIG), https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/test/credentials.spec.js#L412-L421 ("loads credentials from ~/.aws/credentials if AWS_SDK_LOAD_CONFIG is not set")',
      'https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/lib/config_regional_endpoint.js#L26-L65 (client option, then AWS_STS_REGIONAL_ENDPOINTS, then the profile), https://github.com/aws/aws-sdk-js/blob/657d6feb00447c8be1d65158a0ecc0585b70ed60/lib/region_config_data.json#L15 ("*/sts": "globalSSL")',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/codegen/src/main/java/software/amazon/awssdk/codegen/poet/rules/EndpointResolverInterceptorSpec.java (AWS_STS_USE_GLOBAL_ENDPOINT: "V2 doesn\'t support this, only regional endpoints")',
      'https://github.com/boto/botocore/issues/2577 (the legacy default broke IRSA AssumeRoleWithWebIdentity during a us-east-1 outage)',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'ccoctlSecret' || doc.credentialsText === undefined) return;
    const p = doc.profile;
    if (!p.has('role_arn') || !p.has('web_identity_token_file') || p.has('sts_regional_endpoints')) return;
    const users = profileUsers(ctx, doc);
    const open = users.filter((u) => !choosesEndpoint(u.c));
    if (users.length > 0 && open.length === 0) return;
    if (users.length === 0 && !clearlyCcoctl(ctx, doc)) return;
    const h = header(ctx, doc);
    const at: Target = h ? { uri: doc.uri, start: h.start, end: h.end } : doc.credentialsNode.pair ? { doc, node: doc.credentialsNode.pair.key } : { doc, node: doc.credentialsNode };
    const readers = open.length === 0
      ? 'no container in the workspace reads it'
      : `${open.length === 1 ? containerLabel(open[0]!) : `${open.length} containers`} that ${open.length === 1 ? 'reads' : 'read'} it ${open.length === 1 ? 'sets' : 'set'} no AWS_STS_REGIONAL_ENDPOINTS`;
    const fixes: FixSpec[] | undefined = h?.insertAt !== undefined
      ? [{ title: "Write `sts_regional_endpoints = regional` into [default] (as ccoctl does)", preferred: true, edits: [{ uri: doc.uri, start: h.insertAt, end: h.insertAt, newText: `${h.eol ?? '\n'}${h.indent ?? ''}sts_regional_endpoints = regional` }] }]
      : undefined;
    ctx.report({
      at,
      message: `The web identity profile has no \`sts_regional_endpoints\` (ccoctl always writes \`sts_regional_endpoints = regional\`), and ${readers}. SDKs whose default is the global STS endpoint then send AssumeRoleWithWebIdentity to sts.amazonaws.com and fail where only the regional endpoint is reachable: boto3/botocore before 1.40.0, and the JavaScript v2 and Go v1 SDKs when AWS_SDK_LOAD_CONFIG is set (without it they do not use this profile). Add \`sts_regional_endpoints = regional\` to [default].`,
      related: open.map((u) => ({ at: { doc: u.w, node: u.c.name ?? u.c.node }, message: `${containerLabel(u)} reads this profile and sets no AWS_STS_REGIONAL_ENDPOINTS` })),
      fixes,
    });
  },
};

export default rule;
