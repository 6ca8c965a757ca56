/**
 * assume-role-uncached (issue #14): AssumeRole per request, one detector per SDK.
 *
 * Go SDK v2: `stscreds.NewAssumeRoleProvider(…)` or
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
 *
 * Python (boto3) and Java SDK v2: a function or method that assumes the role afresh every time it runs
 * and is itself run per call (pythonHits, javaHits below). botocore's AssumeRoleCredentialFetcher and
 * the Java StsCredentialsProvider cache a session only for the life of the object that holds it
 * (botocore/credentials.py CachedCredentialFetcher; services/sts/.../auth/StsCredentialsProvider.java
 * `sessionCache`), so an object built per call caches nothing.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeNode } from '../parse/code';
import { calleeName, javaChain, perLanguage, pythonPerCallFunctions } from './_code-util';
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


/** A finding of one language's detector: where, what to say, and the repair when one is mechanical. */
interface Hit {
  node: CodeNode;
  message: string;
  fixes?: FixSpec[];
}

function goHits(text: string, root: CodeNode, uri: string): Hit[] {
  if (!STSCREDS_IMPORT.test(text)) return [];
  const canWrap = AWS_IMPORT.test(text) && !AWS_IMPORT_ALIASED.test(text);
  return uses(text, root).map((u) => {
    const ctor = providerCall(text, u.provider)!;
    const shown = u.value === u.provider ? `\`stscreds.${ctor}(…)\`` : `\`${nodeText(text, u.value)}\` (\`stscreds.${ctor}(…)\`)`;
    const fixes: FixSpec[] | undefined = canWrap
      ? [
          {
            title: 'Wrap the provider in aws.NewCredentialsCache(…)',
            edits: [
              { uri, start: u.value.start, end: u.value.start, newText: 'aws.NewCredentialsCache(' },
              { uri, start: u.value.end, end: u.value.end, newText: ')' },
            ],
            preferred: true,
          },
        ]
      : undefined;
    return {
      node: u.value,
      message: `${shown} is set as credentials in ${u.slot} without aws.NewCredentialsCache(…): the client calls its Retrieve for every request, so every request calls STS (${ctor === 'NewWebIdentityRoleProvider' ? 'AssumeRoleWithWebIdentity, re-reading the token file' : 'AssumeRole'}). Wrap it: aws.NewCredentialsCache(${u.value === u.provider ? `stscreds.${ctor}(…)` : nodeText(text, u.value)}).`,
      fixes,
    };
  });
}

/** The STS `Credentials` access key id of a response: `.AccessKeyId`, `?.AccessKeyId`, `['AccessKeyId']` (as one-shot-assume-role reads it). */
const STS_ACCESS_KEY = /(\.|\?\.|\[\s*["'])AccessKeyId\b/;
/** boto3 callables that take static keys (`aws_access_key_id=`) and keep them for their life. */
const BOTO3_HOLDERS = new Set(['Session', 'client', 'resource']);

/** The nearest `def` around a node (its ancestors, innermost last). */
function pyOwner(anc: readonly CodeNode[]): CodeNode | undefined {
  for (let i = anc.length - 1; i >= 0; i--) if (anc[i]!.type === 'function_definition') return anc[i];
  return undefined;
}

/**
 * Python: a function that calls `assume_role(…)` and builds a boto3 client, resource or Session from
 * the response's keys, when the function runs per call (pythonPerCallFunctions: every call of it in the
 * file is inside another function, and it is neither memoised nor writes a `global`). Methods are left
 * out (`self.f()` callers are not followed). The same predicate makes one-shot-assume-role skip exactly
 * these functions.
 */
function pythonHits(text: string, root: CodeNode): Hit[] {
  if (!/assume_role/.test(text) || !/aws_access_key_id/.test(text)) return [];
  const perCall = pythonPerCallFunctions(text, root);
  if (perCall.size === 0) return [];
  interface Fn {
    assume?: CodeNode;
    stsClient: boolean;
    holder?: string;
  }
  const fns = new Map<CodeNode, Fn>();
  const info = (def: CodeNode): Fn => {
    let f = fns.get(def);
    if (!f) fns.set(def, (f = { stsClient: false }));
    return f;
  };
  const callersOf = new Map<string, string[]>();
  walkCode(root, (n, anc) => {
    const owner = pyOwner(anc);
    if (!owner) return;
    if (n.type === 'call') {
      const fn = field(n, 'function');
      const name = calleeName(text, fn);
      if (fn?.type === 'identifier' && name !== undefined) {
        const ownerName = field(owner, 'name');
        if (ownerName) callersOf.set(name, [...(callersOf.get(name) ?? []), nodeText(text, ownerName)]);
      }
      if (name === 'assume_role' && fn?.type === 'attribute') info(owner).assume ??= fn;
      // boto3.client("sts"), session.client('sts')
      const first = field(n, 'arguments')?.children[0];
      if (name === 'client' && first?.type === 'string' && /^["']sts["']$/.test(nodeText(text, first))) info(owner).stsClient = true;
      return;
    }
    if (n.type === 'keyword_argument' && nodeText(text, field(n, 'name') ?? n) === 'aws_access_key_id') {
      const value = field(n, 'value');
      const call = anc[anc.length - 2];
      if (!value || !STS_ACCESS_KEY.test(nodeText(text, value)) || anc[anc.length - 1]?.type !== 'argument_list' || call?.type !== 'call') return;
      const holder = field(call, 'function');
      if (BOTO3_HOLDERS.has(calleeName(text, holder) ?? '')) info(owner).holder ??= nodeText(text, holder!);
    }
  });
  const out: Hit[] = [];
  for (const [def, f] of fns) {
    const nameNode = field(def, 'name');
    const name = nameNode ? nodeText(text, nameNode) : undefined;
    if (!name || !perCall.has(name) || !f.assume || !f.holder) continue;
    const callers = [...new Set(callersOf.get(name) ?? [])];
    out.push({
      node: f.assume,
      message: `\`${name}()\` ${f.stsClient ? 'creates an STS client and ' : ''}calls AssumeRole (\`${nodeText(text, f.assume)}(…)\`) every time it runs, then builds \`${f.holder}(…)\` from that response's keys; it is called only from inside functions (${callers.map((c) => `\`${c}\``).join(', ')}), so every call costs an STS round trip and, under load, STS throttling. Create one refreshing session once, at module level (botocore's \`DeferredRefreshableCredentials\` with an \`AssumeRoleCredentialFetcher\`, which reuses the credentials until they near expiry), or use the module that IRSA: Generate Refresh-Aware SDK Code… writes.`,
    });
  }
  return out;
}

/** Java v2 STS credential providers (subclasses of StsCredentialsProvider, each with its own session cache). */
const JAVA_STS_PROVIDER = /(?:^|\.)(StsAssumeRoleCredentialsProvider|StsAssumeRoleWithWebIdentityCredentialsProvider)$/;
/** Declarations that bound a Java node's execution: only a method body runs per call. */
const JAVA_DECLS = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'static_initializer', 'field_declaration', 'lambda_expression', 'class_body', 'enum_body', 'interface_body', 'record_declaration']);
/** Method annotations that mean "called once by a container" (`@Bean`, `@Produces`, `@PostConstruct`, …): anything but `@Override` counts, conservatively. */
const JAVA_HARMLESS_ANNOTATION = /^@(?:java\.lang\.)?Override$/;

function javaDecl(anc: readonly CodeNode[]): CodeNode | undefined {
  for (let i = anc.length - 1; i >= 0; i--) if (JAVA_DECLS.has(anc[i]!.type)) return anc[i];
  return undefined;
}

/** `X.builder()….build()` with X matching `receiver`: the receiver's name, else undefined. */
function javaBuilt(text: string, n: CodeNode | undefined, receiver: RegExp): string | undefined {
  if (n?.type !== 'method_invocation' || calleeName(text, field(n, 'name')) !== 'build') return undefined;
  const chain = javaChain(n);
  const root = chain[chain.length - 1];
  const first = chain[chain.length - 2];
  if (!root || !first || calleeName(text, field(first, 'name')) !== 'builder') return undefined;
  const m = receiver.exec(nodeText(text, root));
  return m ? (m[1] ?? nodeText(text, root)) : undefined;
}

/** `StsClient.create()` or `StsClient.builder()….build()`. */
function javaNewStsClient(text: string, n: CodeNode): boolean {
  if (n.type !== 'method_invocation') return false;
  const recv = field(n, 'object');
  if (calleeName(text, field(n, 'name')) === 'create' && recv && /(?:^|\.)StsClient$/.test(nodeText(text, recv))) return true;
  return javaBuilt(text, n, /(?:^|\.)StsClient$/) !== undefined;
}

function javaAnnotations(text: string, method: CodeNode): string[] {
  const mods = method.children.find((c) => c.type === 'modifiers');
  return (mods?.children ?? []).filter((c) => c.type === 'marker_annotation' || c.type === 'annotation').map((c) => nodeText(text, c).replace(/\(.*$/s, ''));
}

/**
 * Java SDK v2: a method (not a constructor, initialiser or field) that creates an STS client and builds
 * an `StsAssumeRoleCredentialsProvider` (or the web identity one) that it gives to a client's
 * `credentialsProvider(…)`, directly or through a local variable declared once; the method carries no
 * annotation but `@Override` (so no `@Bean` factory) and every call of it in the file (`m(…)`,
 * `this.m(…)`, at least one) sits in another method that is not `main`, outside an assignment to a
 * field. A `stsClient.assumeRole(…)` whose keys build a client is one-shot-assume-role's finding for
 * Java (that rule does not tell per-call methods apart yet), so it is not reported here.
 */
function javaHits(text: string, root: CodeNode): Hit[] {
  if (!/StsAssumeRole(?:WithWebIdentity)?CredentialsProvider/.test(text) || !/StsClient/.test(text)) return [];
  interface Method {
    stsClient: boolean;
    providers: Map<CodeNode, string>;
    locals: Map<string, CodeNode[]>;
    uses: CodeNode[];
  }
  const methods = new Map<CodeNode, Method>();
  const info = (m: CodeNode): Method => {
    let x = methods.get(m);
    if (!x) methods.set(m, (x = { stsClient: false, providers: new Map(), locals: new Map(), uses: [] }));
    return x;
  };
  const calls = new Map<string, { caller: CodeNode | undefined; toField: boolean }[]>();
  walkCode(root, (n, anc) => {
    const decl = javaDecl(anc);
    if (n.type === 'method_invocation') {
      const name = calleeName(text, field(n, 'name'));
      const recv = field(n, 'object');
      if (name !== undefined && (!recv || recv.type === 'this')) {
        const within = anc.slice(decl ? anc.indexOf(decl) : 0);
        const toField = within.some((a) => a.type === 'assignment_expression' && field(a, 'left')?.type === 'field_access');
        calls.set(name, [...(calls.get(name) ?? []), { caller: decl?.type === 'method_declaration' ? decl : undefined, toField }]);
      }
    }
    if (decl?.type !== 'method_declaration') return;
    if (n.type === 'method_invocation') {
      if (javaNewStsClient(text, n)) info(decl).stsClient = true;
      const provider = javaBuilt(text, n, JAVA_STS_PROVIDER);
      if (provider) info(decl).providers.set(n, provider);
      if (calleeName(text, field(n, 'name')) === 'credentialsProvider') {
        const arg = field(n, 'arguments')?.children;
        if (arg?.length === 1) info(decl).uses.push(arg[0]!);
      }
    } else if (n.type === 'variable_declarator') {
      const name = field(n, 'name');
      const value = field(n, 'value');
      if (name) {
        const m = info(decl);
        m.locals.set(nodeText(text, name), [...(m.locals.get(nodeText(text, name)) ?? []), ...(value ? [value] : [n])]);
      }
    } else if (n.type === 'assignment_expression' && field(n, 'left')?.type === 'identifier') {
      // A local assigned again is not "bound once": its value at the use is unknown.
      const m = info(decl);
      const name = nodeText(text, field(n, 'left')!);
      m.locals.set(name, [...(m.locals.get(name) ?? []), n]);
    }
  });
  const out: Hit[] = [];
  for (const [method, m] of methods) {
    if (!m.stsClient || m.providers.size === 0) continue;
    const nameNode = field(method, 'name');
    const name = nameNode ? nodeText(text, nameNode) : undefined;
    if (!name || javaAnnotations(text, method).some((a) => !JAVA_HARMLESS_ANNOTATION.test(a))) continue;
    const callers = calls.get(name) ?? [];
    if (callers.length === 0 || callers.some((c) => !c.caller || c.toField || nodeText(text, field(c.caller, 'name') ?? c.caller) === 'main')) continue;
    for (const use of m.uses) {
      let provider: CodeNode | undefined;
      if (m.providers.has(use)) provider = use;
      else if (use.type === 'identifier') {
        const bound = m.locals.get(nodeText(text, use));
        if (bound?.length === 1 && m.providers.has(bound[0]!)) provider = bound[0];
      }
      if (!provider) continue;
      const chain = javaChain(provider);
      const at = chain[chain.length - 1]!;
      const kind = m.providers.get(provider)!;
      const callerNames = [...new Set(callers.map((c) => nodeText(text, field(c.caller!, 'name')!)))];
      out.push({
        node: at,
        message: `\`${name}()\` creates an STS client and a new \`${kind}\` every time it runs; it is called only from other methods (${callerNames.map((c) => `\`${c}\``).join(', ')}), so each call starts with an empty session cache and calls STS (${kind === 'StsAssumeRoleCredentialsProvider' ? 'AssumeRole' : 'AssumeRoleWithWebIdentity'}) again. Build the STS client and the provider once (a field set in the constructor, or a singleton) and reuse them: the provider refreshes the session before it expires. IRSA: Generate Refresh-Aware SDK Code… writes such a module.`,
      });
    }
  }
  return out;
}

const rule: FileRule = {
  id: 'assume-role-uncached',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'AssumeRole per request: a Go SDK v2 stscreds provider without `aws.NewCredentialsCache`, or a Python function or Java method that assumes the role afresh every time it runs, so every request calls STS.',
    details: [
      "`stscreds.NewAssumeRoleProvider(…)` and `stscreds.NewWebIdentityRoleProvider(…)` return providers whose `Retrieve` calls STS (`AssumeRole`, `AssumeRoleWithWebIdentity`) every time it is called, and a service client calls `Retrieve` of its `Credentials` for every request it signs. Only `aws.CredentialsCache` keeps the credentials until they near their expiry and lets concurrent requests share one refresh. `config.LoadDefaultConfig` wraps the provider it resolves in that cache (also one given with `config.WithCredentialsProvider`), but a provider assigned by hand to `cfg.Credentials` or to a client option's `Credentials` is used as it is: each request then costs an STS call, adds its latency, and under load meets STS throttling — and a web identity provider re-reads the token file each time.",
      '',
      'Found when the provider call, or a local variable bound once in the same function to it, is assigned to `….Credentials` or given as the `Credentials:` field of a composite literal (`aws.Config{…}`, `s3.Options{…}`), in a file that imports `github.com/aws/aws-sdk-go-v2/credentials/stscreds`. Not found: a provider returned from a function, kept in a struct field or passed through other calls before it reaches a client, and SDK v1 (`github.com/aws/aws-sdk-go`), whose `stscreds.NewCredentials` caches itself.',
      '',
      '**Fix:** `cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, roleArn))`. The quick fix adds the wrapper when the file imports the `aws` package under its own name. `IRSA: Generate Refresh-Aware SDK Code…` writes such a module for the workload\'s chain.',
      '',
      '**Python (boto3).** A function that calls `assume_role(…)` (often on an STS client it creates itself: `boto3.client(\'sts\')`, `session.client("sts")`) and builds a client, resource or `Session` from the response\'s `Credentials` makes a new AssumeRole call every time it runs. Found when every call of the function in its file is inside another function (a request handler) — none at module level — and the function is not memoised (`@lru_cache`, `@cache`, …) and writes no `global`: a client built once from such a response is the other mistake, `one-shot-assume-role` (its credentials expire), and the two rules never report the same function. Methods (called as `self.f()`) are not followed. **Fix:** build one session at module level whose credentials refresh themselves — botocore\'s `DeferredRefreshableCredentials` with an `AssumeRoleCredentialFetcher` assumes the role on first use and again only when the credentials near expiry (within 15 minutes of it) — and use its clients in the handlers.',
      '',
      '**Java (SDK v2).** `StsAssumeRoleCredentialsProvider` (and `StsAssumeRoleWithWebIdentityCredentialsProvider`) keep the session in a cache of their own and refresh it before it expires, but only for the life of that provider object: a method that creates an STS client (`StsClient.create()`, `StsClient.builder()…build()`) and a new provider for a client\'s `credentialsProvider(…)` each time it runs calls STS on every call, and leaves behind a provider that should have been closed. Found in a method (not a constructor, initialiser or field) with no annotation but `@Override` (a `@Bean` factory runs once), every call of which in its file (`m(…)`, `this.m(…)`, at least one) is in another method that is not `main` and does not assign the result to a field. Not found: `stsClient.assumeRole(…)` whose keys build a client (`one-shot-assume-role` reports it in Java). **Fix:** build the STS client and the provider once (in the constructor, or as a singleton bean) and reuse them.',
    ].join('\n'),
    sources: [
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds (package doc: the provider is wrapped in the credentials cache before it is set on `cfg.Credentials`); https://github.com/aws/aws-sdk-go-v2/blob/main/credentials/stscreds/assume_role_provider.go (`Retrieve` calls `AssumeRole` on every call)',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/aws#CredentialsCache ("provides caching and concurrency safe credentials retrieval"); https://github.com/aws/aws-sdk-go-v2/blob/main/aws/credential_cache.go',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go (`resolveCredentialProvider` and the default chain pass the provider through `wrapWithCredentialsCache`)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/service/sts/api_client.go (`NewFromConfig` copies `cfg.Credentials` into `Options.Credentials` unchanged; no cache is added by the client)',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (`AssumeRoleCredentialFetcher` caches the AssumeRole response until it expires; `DeferredRefreshableCredentials` fetches on first use and `RefreshableCredentials` refreshes in its advisory (15 min) and mandatory (10 min) windows before expiry)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/services/sts/src/main/java/software/amazon/awssdk/services/sts/auth/StsCredentialsProvider.java (each provider holds its own `CachedSupplier` session cache, refreshed 5 minutes before expiry by default; "Users of this provider must close() it")',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    const hits = perLanguage(code.language, { go: () => goHits(text, code.root, file.uri), python: () => pythonHits(text, code.root), java: () => javaHits(text, code.root) });
    for (const h of hits) ctx.report({ at: { uri: file.uri, start: h.node.start, end: h.node.end }, message: h.message, fixes: h.fixes });
  },
};

export default rule;
