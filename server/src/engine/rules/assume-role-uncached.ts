/**
 * assume-role-uncached (issue #14): Go SDK v2 `stscreds.NewAssumeRoleProvider(…)` or
 * `stscreds.NewWebIdentityRoleProvider(…)` used as a client's credentials without
 * `aws.NewCredentialsCache(…)` around it. The provider's `Retrieve` calls STS on every call
 * (credentials/stscreds/assume_role_provider.go), and a service client asks its `Credentials` for
 * credentials on every request; only `aws.CredentialsCache` keeps them until they near expiry
 * (aws/credential_cache.go). `config.LoadDefaultConfig` wraps the provider it resolves, including one
 * given by `config.WithCredentialsProvider` (config/resolve_credentials.go, `wrapWithCredentialsCache`),
 * but a provider set by hand on `aws.Config.Credentials` or a client's `Options.Credentials` is used
 * as it is (service/sts/api_client.go copies `cfg.Credentials` unchanged).
 *
 * Reported, conservatively, when the provider call itself, or a local variable bound once in the same
 * function to such a call, is the value of `X.Credentials = …` or of a `Credentials:` field of a
 * composite literal, in a file that imports `github.com/aws/aws-sdk-go-v2/credentials/stscreds`.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeNode } from '../parse/code';
import { calleeName } from './_code-util';
import type { FixSpec, FileRule } from './types';

/** The stscreds constructors whose providers call STS on every Retrieve. */
const PROVIDERS = new Set(['NewAssumeRoleProvider', 'NewWebIdentityRoleProvider']);

const STSCREDS_IMPORT = /"github\.com\/aws\/aws-sdk-go-v2\/credentials\/stscreds"/;
/** The `aws` package imported under its own name (no alias, no dot import), so `aws.NewCredentialsCache` resolves. */
const AWS_IMPORT = /^[ \t]*(?:import[ \t]*\(?[ \t]*)?"github\.com\/aws\/aws-sdk-go-v2\/aws"/m;
/** The same import path under an alias (`awsv2 "…/aws"`, `. "…/aws"`): the fix would not know the name to write. */
const AWS_IMPORT_ALIASED = /^[ \t]*(?:import[ \t]+)?(?!import\b)[\w.]+[ \t]+"github\.com\/aws\/aws-sdk-go-v2\/aws"/m;

/** The stscreds constructor name when `n` is a call of one, else undefined. */
function providerCall(text: string, n: CodeNode | undefined): string | undefined {
  if (n?.type !== 'call_expression') return undefined;
  const name = calleeName(text, field(n, 'function'));
  return name !== undefined && PROVIDERS.has(name) ? name : undefined;
}

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/**
 * The provider call that the identifier `name` is bound to in `scope`, when it is bound exactly once
 * there (`p := …`, `p = …`, `var p = …`) and that binding is a provider call; otherwise undefined.
 */
function boundProvider(text: string, scope: CodeNode, name: string): CodeNode | undefined {
  const values: (CodeNode | undefined)[] = [];
  walkCode(scope, (n) => {
    if (n.type !== 'short_var_declaration' && n.type !== 'assignment_statement' && n.type !== 'var_spec') return;
    const left = n.type === 'var_spec' ? n.children.filter((c) => c.field === 'name') : field(n, 'left')?.children ?? [];
    const right = n.type === 'var_spec' ? field(n, 'value')?.children ?? [] : field(n, 'right')?.children ?? [];
    left.forEach((l, i) => {
      if (l.type === 'identifier' && nodeText(text, l) === name) values.push(left.length === right.length ? right[i] : undefined);
    });
  });
  return values.length === 1 && providerCall(text, values[0]) ? values[0] : undefined;
}

/** Where a provider is used as credentials: the value node and how it is written. */
interface Use {
  value: CodeNode;
  slot: string;
  provider: CodeNode;
}

function uses(text: string, root: CodeNode): Use[] {
  const out: Use[] = [];
  walkCode(root, (n, anc) => {
    let value: CodeNode | undefined;
    let slot: string | undefined;
    if (n.type === 'assignment_statement' && nodeText(text, field(n, 'operator') ?? n) === '=') {
      const left = field(n, 'left')?.children ?? [];
      const right = field(n, 'right')?.children ?? [];
      if (left.length === 1 && right.length === 1 && left[0]!.type === 'selector_expression' && nodeText(text, field(left[0]!, 'field') ?? left[0]!) === 'Credentials') {
        value = right[0];
        slot = `\`${nodeText(text, left[0]!)} = …\``;
      }
    } else if (n.type === 'keyed_element' && nodeText(text, field(n, 'key') ?? n) === 'Credentials') {
      const v = field(n, 'value');
      value = v?.type === 'literal_element' && v.children.length === 1 ? v.children[0] : v;
      slot = '`Credentials: …`';
    }
    if (!value || !slot) return;
    if (providerCall(text, value)) {
      out.push({ value, slot, provider: value });
      return;
    }
    if (value.type !== 'identifier') return;
    const scope = [...anc].reverse().find((a) => FUNCTION_TYPES.has(a.type));
    const provider = scope ? boundProvider(text, scope, nodeText(text, value)) : undefined;
    if (provider) out.push({ value, slot, provider });
  });
  return out;
}

const rule: FileRule = {
  id: 'assume-role-uncached',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'Go SDK v2: an stscreds AssumeRole or web identity provider is set as credentials without `aws.NewCredentialsCache`, so every request calls STS.',
    details: [
      "`stscreds.NewAssumeRoleProvider(…)` and `stscreds.NewWebIdentityRoleProvider(…)` return providers whose `Retrieve` calls STS (`AssumeRole`, `AssumeRoleWithWebIdentity`) every time it is called, and a service client calls `Retrieve` of its `Credentials` for every request it signs. Only `aws.CredentialsCache` keeps the credentials until they near their expiry and lets concurrent requests share one refresh. `config.LoadDefaultConfig` wraps the provider it resolves in that cache (also one given with `config.WithCredentialsProvider`), but a provider assigned by hand to `cfg.Credentials` or to a client option's `Credentials` is used as it is: each request then costs an STS call, adds its latency, and under load meets STS throttling — and a web identity provider re-reads the token file each time.",
      '',
      'Found when the provider call, or a local variable bound once in the same function to it, is assigned to `….Credentials` or given as the `Credentials:` field of a composite literal (`aws.Config{…}`, `s3.Options{…}`), in a file that imports `github.com/aws/aws-sdk-go-v2/credentials/stscreds`. Not found: a provider returned from a function, kept in a struct field or passed through other calls before it reaches a client, and SDK v1 (`github.com/aws/aws-sdk-go`), whose `stscreds.NewCredentials` caches itself.',
      '',
      '**Fix:** `cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, roleArn))`. The quick fix adds the wrapper when the file imports the `aws` package under its own name. `IRSA: Generate Refresh-Aware SDK Code…` writes such a module for the workload\'s chain.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds (package doc: the provider is wrapped in the credentials cache before it is set on `cfg.Credentials`); https://github.com/aws/aws-sdk-go-v2/blob/main/credentials/stscreds/assume_role_provider.go (`Retrieve` calls `AssumeRole` on every call)',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/aws#CredentialsCache ("provides caching and concurrency safe credentials retrieval"); https://github.com/aws/aws-sdk-go-v2/blob/main/aws/credential_cache.go',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go (`resolveCredentialProvider` and the default chain pass the provider through `wrapWithCredentialsCache`)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/service/sts/api_client.go (`NewFromConfig` copies `cfg.Credentials` into `Options.Credentials` unchanged; no cache is added by the client)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code || code.language !== 'go') return;
    const text = ctx.text(file.uri);
    if (!STSCREDS_IMPORT.test(text)) return;
    const canWrap = AWS_IMPORT.test(text) && !AWS_IMPORT_ALIASED.test(text);
    for (const u of uses(text, code.root)) {
      const ctor = providerCall(text, u.provider)!;
      const shown = u.value === u.provider ? `\`stscreds.${ctor}(…)\`` : `\`${nodeText(text, u.value)}\` (\`stscreds.${ctor}(…)\`)`;
      const fixes: FixSpec[] | undefined = canWrap
        ? [
            {
              title: 'Wrap the provider in aws.NewCredentialsCache(…)',
              edits: [
                { uri: file.uri, start: u.value.start, end: u.value.start, newText: 'aws.NewCredentialsCache(' },
                { uri: file.uri, start: u.value.end, end: u.value.end, newText: ')' },
              ],
              preferred: true,
            },
          ]
        : undefined;
      ctx.report({
        at: { uri: file.uri, start: u.value.start, end: u.value.end },
        message: `${shown} is set as credentials in ${u.slot} without aws.NewCredentialsCache(…): the client calls its Retrieve for every request, so every request calls STS (${ctor === 'NewWebIdentityRoleProvider' ? 'AssumeRoleWithWebIdentity, re-reading the token file' : 'AssumeRole'}). Wrap it: aws.NewCredentialsCache(${u.value === u.provider ? `stscreds.${ctor}(…)` : nodeText(text, u.value)}).`,
        fixes,
      });
    }
  },
};

export default rule;
