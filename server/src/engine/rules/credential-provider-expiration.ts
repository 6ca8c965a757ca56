/**
 * credential-provider-expiration (issue #14): a hand-written credential provider returns temporary
 * credentials (with a session token) but no expiration, so the SDK's cache never asks it again — or, in
 * botocore, the refresh itself fails — and the application fails with `ExpiredToken` within the hour.
 *
 * What each SDK does with a provider's result (sources in `docs.sources`):
 * - JS v3: a client's `credentials` function is wrapped by `memoizeIdentityProvider(credentials,
 *   isIdentityExpired, doesIdentityRequireRefresh)` (@aws-sdk/core resolveAwsSdkSigV4Config); an identity
 *   without `expiration` does not "require refresh", so the first result is marked constant and the
 *   function is never called again (@smithy/core memoizeIdentityProvider).
 * - Python: `RefreshableCredentials` calls `refresh_using` near expiry and `_set_from_data` raises
 *   `CredentialRetrievalError` ("response did not contain: expiry_time") when the dict lacks `expiry_time`;
 *   `DeferredRefreshableCredentials` does the same on first use (botocore/credentials.py).
 * - Go v2: `aws.CredentialsCache` keeps credentials whose `CanExpire` is false for ever
 *   (`Credentials.Expired` is false; `refreshNeeded` is false), and `config.WithCredentialsProvider`
 *   wraps the provider in such a cache (config/resolve_credentials.go `wrapWithCredentialsCache`).
 *   An uncached `CredentialsProviderFunc` is called on every request, so only a cached one is reported.
 * - Java v2: not reported. A client resolves the identity from its provider for every request (and again
 *   for each retry) and keeps no cache of its own (core/sdk-core IdentityResolutionHelper), so a custom
 *   `AwsCredentialsProvider` that returns `AwsSessionCredentials` without `expirationTime` is asked again
 *   each time; whether it renews is up to its own code, not to the missing field.
 *
 * Conservative: only a returned literal the rule can read (a JS object, a Python dict, a Go
 * `aws.Credentials{…}`) of a function the file defines; a spread / `**` in it, or a computed result, is
 * not reported.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeNode, ParsedCode } from '../parse/code';
import { calleeName, jsPairKey, perLanguage } from './_code-util';
import type { FileRule } from './types';

/** Node types that start a new function body: returns inside them belong to that function. */
const FUNCTIONS = new Set(['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'method_declaration', 'func_literal', 'generator_function_declaration', 'lambda']);

/** The `return` statements of a function body, not of functions nested in it. */
function returnsOf(body: CodeNode): CodeNode[] {
  const out: CodeNode[] = [];
  const stack = [...body.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (FUNCTIONS.has(n.type)) continue;
    if (n.type === 'return_statement') out.push(n);
    else stack.push(...n.children);
  }
  return out;
}

/** A finding: the returned literal and what it lacks, in the language's words. */
interface Missing {
  node: CodeNode;
  message: string;
}

// ── JS/TS ──────────────────────────────────────────────────────────────────────────────────────────

/** The object literals a JS function returns (`=> ({ … })`, `return { … }`). */
function jsReturnedObjects(fn: CodeNode): CodeNode[] {
  const body = field(fn, 'body');
  if (!body) return [];
  const unwrap = (n: CodeNode | undefined): CodeNode | undefined => {
    while (n && n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0];
    return n?.type === 'object' ? n : undefined;
  };
  if (body.type !== 'statement_block') {
    const o = unwrap(body);
    return o ? [o] : [];
  }
  return returnsOf(body).flatMap((r) => {
    const o = unwrap(r.children.find((c) => c.type !== 'comment'));
    return o ? [o] : [];
  });
}

/** Keys of a JS object literal, or undefined when it spreads another object (its keys are unknown). */
function jsKeys(text: string, obj: CodeNode): Set<string> | undefined {
  const keys = new Set<string>();
  for (const c of obj.children) {
    if (c.type === 'spread_element') return undefined;
    if (c.type === 'pair') keys.add(jsPairKey(text, c) ?? '');
    else if (c.type === 'shorthand_property_identifier') keys.add(nodeText(text, c));
    else if (c.type === 'method_definition') keys.add(nodeText(text, field(c, 'name') ?? c));
  }
  return keys;
}

/** Functions the file names once: `const f = async () => …`, `function f() {…}`. */
function jsNamedFunctions(text: string, root: CodeNode): Map<string, CodeNode | null> {
  const out = new Map<string, CodeNode | null>();
  const add = (name: CodeNode | undefined, fn: CodeNode): void => {
    if (name?.type !== 'identifier') return;
    const k = nodeText(text, name);
    out.set(k, out.has(k) ? null : fn);
  };
  walkCode(root, (n) => {
    if (n.type === 'function_declaration') add(field(n, 'name'), n);
    else if (n.type === 'variable_declarator') {
      const v = field(n, 'value');
      if (v && (v.type === 'arrow_function' || v.type === 'function_expression' || v.type === 'function')) add(field(n, 'name'), v);
    }
  });
  return out;
}

function jsMissing(text: string, code: ParsedCode): Missing[] {
  const out: Missing[] = [];
  let named: Map<string, CodeNode | null> | undefined;
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'pair' || jsPairKey(text, n) !== 'credentials') return;
    // The `credentials` option of a client: new S3Client({ credentials: … }).
    const holder = anc[anc.length - 2];
    const call = anc[anc.length - 3];
    if (anc[anc.length - 1]?.type !== 'object' || holder?.type !== 'arguments' || !call) return;
    const client = call.type === 'new_expression' ? calleeName(text, field(call, 'constructor')) : call.type === 'call_expression' ? calleeName(text, field(call, 'function')) : undefined;
    if (!client || !/Client$/.test(client)) return;
    let fn = field(n, 'value');
    if (fn?.type === 'identifier') fn = (named ??= jsNamedFunctions(text, code.root)).get(nodeText(text, fn)) ?? undefined;
    if (!fn || (fn.type !== 'arrow_function' && fn.type !== 'function_expression' && fn.type !== 'function' && fn.type !== 'function_declaration')) return;
    for (const obj of jsReturnedObjects(fn)) {
      const keys = jsKeys(text, obj);
      if (!keys || !keys.has('sessionToken') || keys.has('expiration')) continue;
      out.push({
        node: obj,
        message: `The \`credentials\` function of \`${client}\` returns a \`sessionToken\` but no \`expiration\`: the SDK calls it once and keeps that result for the life of the client (memoizeIdentityProvider refreshes only an identity that has an \`expiration\`), so the temporary credentials expire and every call then fails with ExpiredToken. Return \`expiration\` (a Date: the STS response's \`Credentials.Expiration\`), or use a provider of @aws-sdk/credential-providers such as \`fromTemporaryCredentials\`.`,
      });
    }
  });
  return out;
}

// ── Python ─────────────────────────────────────────────────────────────────────────────────────────

/** botocore constructors taking a refresh function, and its position when it is not given by keyword. */
const PY_REFRESHABLE: Record<string, number> = { create_from_metadata: 1, DeferredRefreshableCredentials: 0, RefreshableCredentials: 4 };

/** The string keys of a Python dict literal, or undefined when it has `**other` or a computed key. */
function pyKeys(text: string, dict: CodeNode): Set<string> | undefined {
  const keys = new Set<string>();
  for (const c of dict.children) {
    if (c.type === 'comment') continue;
    if (c.type !== 'pair') return undefined;
    const k = field(c, 'key');
    if (k?.type !== 'string') return undefined;
    keys.add(nodeText(text, k).replace(/^[a-zA-Z]*(["'])/, '').replace(/["']$/, ''));
  }
  return keys;
}

function pythonMissing(text: string, code: ParsedCode): Missing[] {
  if (!/refresh_using|RefreshableCredentials/.test(text)) return [];
  const out: Missing[] = [];
  const defs = new Map<string, CodeNode | null>();
  walkCode(code.root, (n) => {
    if (n.type !== 'function_definition') return;
    const k = nodeText(text, field(n, 'name') ?? n);
    defs.set(k, defs.has(k) ? null : n);
  });
  const seen = new Set<CodeNode>();
  walkCode(code.root, (n) => {
    if (n.type !== 'call') return;
    const name = calleeName(text, field(n, 'function'));
    if (name === undefined || !(name in PY_REFRESHABLE)) return;
    const args = field(n, 'arguments')?.children.filter((c) => c.type !== 'comment') ?? [];
    const kw = args.find((a) => a.type === 'keyword_argument' && nodeText(text, field(a, 'name') ?? a) === 'refresh_using');
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const ref = kw ? field(kw, 'value') : positional[PY_REFRESHABLE[name]!];
    // `refresh` or `self._refresh`: a function of this file, defined once by that name.
    const fnName = ref?.type === 'identifier' ? nodeText(text, ref) : ref?.type === 'attribute' && field(ref, 'object')?.type === 'identifier' && nodeText(text, field(ref, 'object')!) === 'self' ? nodeText(text, field(ref, 'attribute')!) : undefined;
    const fn = fnName ? defs.get(fnName) : undefined;
    const body = fn ? field(fn, 'body') : undefined;
    if (!fn || !body || seen.has(fn)) return;
    seen.add(fn);
    // create_from_metadata(metadata=refresh(), refresh_using=refresh): the first dict is read at once (`metadata['expiry_time']`).
    const metaKw = args.find((a) => a.type === 'keyword_argument' && nodeText(text, field(a, 'name') ?? a) === 'metadata');
    const meta = name === 'create_from_metadata' ? (metaKw ? field(metaKw, 'value') : positional[0]) : undefined;
    const metaCallee = meta?.type === 'call' ? field(meta, 'function') : undefined;
    const atOnce = metaCallee !== undefined && nodeText(text, metaCallee) === nodeText(text, ref!);
    const when = atOnce
      ? `\`create_from_metadata(…)\` raises KeyError: 'expiry_time' at once, on the dict it is given first.`
      : `when it calls \`${fnName}\` (${name === 'DeferredRefreshableCredentials' ? 'on first use of the credentials' : 'shortly before the first credentials expire'}) it raises CredentialRetrievalError "response did not contain: expiry_time" and, once the credentials are inside the mandatory refresh window, every call fails.`;
    for (const r of returnsOf(body)) {
      const dict = r.children.find((c) => c.type !== 'comment');
      if (dict?.type !== 'dictionary') continue;
      const keys = pyKeys(text, dict);
      if (!keys || !keys.has('access_key') || !keys.has('token') || keys.has('expiry_time')) continue;
      out.push({
        node: dict,
        message: `The refresh function \`${fnName}\` of \`${name}(…)\` returns no \`expiry_time\`: botocore requires it of every refresh, so ${when} Return \`expiry_time\` as an ISO 8601 string (e.g. the STS response's \`Credentials['Expiration'].isoformat()\`).`,
      });
    }
  });
  return out;
}

// ── Go ─────────────────────────────────────────────────────────────────────────────────────────────

/** Callees that put a provider behind an `aws.CredentialsCache`. */
const GO_CACHES = new Set(['NewCredentialsCache', 'WithCredentialsProvider']);

/** The keys of a Go keyed composite literal, or undefined when an element is not keyed. */
function goKeys(text: string, lit: CodeNode): Set<string> | undefined {
  const body = field(lit, 'body');
  if (!body) return undefined;
  const keys = new Set<string>();
  for (const c of body.children) {
    if (c.type === 'comment') continue;
    if (c.type !== 'keyed_element') return undefined;
    const k = field(c, 'key') ?? c.children[0];
    if (!k) return undefined;
    keys.add(nodeText(text, k));
  }
  return keys;
}

/** The `aws.Credentials{…}` literals a Go function body returns with a `SessionToken` and no `CanExpire`. */
function goLiteralsWithoutExpiry(text: string, body: CodeNode): CodeNode[] {
  const out: CodeNode[] = [];
  for (const r of returnsOf(body)) {
    const first = r.children[0]?.type === 'expression_list' ? r.children[0].children[0] : r.children[0];
    if (first?.type !== 'composite_literal' || calleeName(text, field(first, 'type')) !== 'Credentials') continue;
    const keys = goKeys(text, first);
    if (keys && keys.has('SessionToken') && !keys.has('CanExpire')) out.push(first);
  }
  return out;
}

function goMessage(what: string, cache: string): string {
  return `${what} given to \`${cache}\` returns \`aws.Credentials\` with a \`SessionToken\` but without \`CanExpire: true\` and \`Expires\`: the CredentialsCache treats credentials that cannot expire as valid for ever and never asks the provider again, so the session expires and every call then fails with ExpiredToken. Set \`CanExpire: true, Expires: *out.Credentials.Expiration\` (or use \`stscreds.NewAssumeRoleProvider\`).`;
}

/**
 * Go: what is put behind a cache directly (the first argument of `aws.NewCredentialsCache` /
 * `config.WithCredentialsProvider`): an `aws.CredentialsProviderFunc(func…)`, or a literal `T{…}` /
 * `&T{…}` of a type whose `Retrieve` method this file defines.
 */
function goMissing(text: string, code: ParsedCode): Missing[] {
  if (!/CredentialsProviderFunc|\bRetrieve\s*\(/.test(text)) return [];
  const out: Missing[] = [];
  // Retrieve methods by receiver type name (`func (p *orders) Retrieve(…)` → orders); a type with two is left out.
  const retrieve = new Map<string, CodeNode | null>();
  walkCode(code.root, (n) => {
    if (n.type !== 'method_declaration' || nodeText(text, field(n, 'name') ?? n) !== 'Retrieve') return;
    const recv = field(n, 'receiver')?.children.find((c) => c.type === 'parameter_declaration');
    const type = recv ? field(recv, 'type') : undefined;
    const name = type ? nodeText(text, type).replace(/^\*\s*/, '') : undefined;
    if (name && /^\w+$/.test(name)) retrieve.set(name, retrieve.has(name) ? null : n);
  });
  const reported = new Set<CodeNode>();
  walkCode(code.root, (n) => {
    if (n.type !== 'call_expression') return;
    const cache = calleeName(text, field(n, 'function'));
    if (!cache || !GO_CACHES.has(cache)) return;
    let arg = field(n, 'arguments')?.children.find((c) => c.type !== 'comment');
    if (arg?.type === 'call_expression' && calleeName(text, field(arg, 'function')) === 'CredentialsProviderFunc') {
      const fn = field(arg, 'arguments')?.children.find((c) => c.type !== 'comment');
      const body = fn?.type === 'func_literal' ? field(fn, 'body') : undefined;
      if (body) for (const lit of goLiteralsWithoutExpiry(text, body)) out.push({ node: lit, message: goMessage('The `aws.CredentialsProviderFunc`', cache) });
      return;
    }
    if (arg?.type === 'unary_expression' && nodeText(text, field(arg, 'operator') ?? arg) === '&') arg = field(arg, 'operand');
    if (arg?.type !== 'composite_literal') return;
    const typeName = nodeText(text, field(arg, 'type') ?? arg);
    const method = retrieve.get(typeName);
    const body = method ? field(method, 'body') : undefined;
    if (!method || !body || reported.has(method)) return;
    reported.add(method);
    for (const lit of goLiteralsWithoutExpiry(text, body)) out.push({ node: lit, message: goMessage(`The \`Retrieve\` of \`${typeName}\``, cache) });
  });
  return out;
}

const rule: FileRule = {
  id: 'credential-provider-expiration',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'A hand-written credential provider returns temporary credentials (with a session token) but no expiration: the SDK never asks it again, or its refresh fails, and calls fail with ExpiredToken within the hour.',
    details: [
      'Temporary credentials (those with a session token: an AssumeRole or AssumeRoleWithWebIdentity response) expire — within one hour for a role chained from IRSA credentials. An SDK renews them only when it knows when they expire:',
      '',
      '- **JavaScript v3**: a client wraps a `credentials` function in `memoizeIdentityProvider`, which calls it again only when the previous result has an `expiration` close to now. A result without `expiration` is kept for the life of the client, so `credentials: async () => ({ accessKeyId, secretAccessKey, sessionToken })` is called once.',
      '- **Python (botocore)**: `RefreshableCredentials` (and `create_from_metadata`, `DeferredRefreshableCredentials`) requires `expiry_time` in every dict the `refresh_using` function returns; without it the refresh raises `CredentialRetrievalError` ("response did not contain: expiry_time") — on first use for `DeferredRefreshableCredentials`, otherwise shortly before the first credentials expire, and then every call fails.',
      '- **Go v2**: `aws.CredentialsCache` (which `config.WithCredentialsProvider` also puts around a provider) keeps credentials whose `CanExpire` is false for ever, so an `aws.CredentialsProviderFunc` returning `aws.Credentials{…, SessionToken: …}` without `CanExpire: true` and `Expires` is called once. Without a cache the function is called for every request, which does not expire (it is not reported).',
      '- **Java v2**: not reported. A client asks its `AwsCredentialsProvider` for the identity on every request (and again before each retry) and keeps no cache of its own, so an `AwsSessionCredentials` without `expirationTime` from a custom provider does not stop it from being asked again; whether the provider renews is up to its own code.',
      '',
      'Reported only where the returned value is a literal the rule can read (a JS object, a Python dict, a Go `aws.Credentials{…}`) in a function of the same file: a JS client\'s `credentials` option (a function, or the name of one the file defines), a botocore `refresh_using` function (by name, or `self.<method>`), a Go `aws.CredentialsProviderFunc(func…)`, or a literal `T{…}` / `&T{…}` of a type whose `Retrieve` method the file defines, given directly to `aws.NewCredentialsCache` or `config.WithCredentialsProvider`. A spread (`...other`, `**other`) or a computed result is not reported.',
      '',
      '**Fix:** return the expiration the STS response carries (`Credentials.Expiration`): JS `expiration` (a Date), botocore `expiry_time` (an ISO 8601 string), Go `CanExpire: true, Expires: …`. Better, use the SDK\'s own provider (`fromTemporaryCredentials` / `fromWebIdentity`, botocore `AssumeRoleCredentialFetcher`, `stscreds.NewAssumeRoleProvider`), or the module that `IRSA: Generate Refresh-Aware SDK Code…` writes.',
    ].join('\n'),
    sources: [
      'https://github.com/smithy-lang/smithy-typescript/blob/main/packages/core/src/legacy-root-exports/util-identity-and-auth/memoizeIdentityProvider.ts (an identity with no `expiration` does not require refresh: `isConstant = true`, the provider is not called again)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/core/src/submodules/httpAuthSchemes/aws_sdk/resolveAwsSdkSigV4Config.ts (normalizeCredentialProvider: `memoizeIdentityProvider(credentials, isIdentityExpired, doesIdentityRequireRefresh)`)',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (RefreshableCredentials._set_from_data: `expected_keys = [\'access_key\', \'secret_key\', \'token\', \'expiry_time\']`, CredentialRetrievalError; refresh_needed, _protected_refresh; DeferredRefreshableCredentials.refresh_needed)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/aws/credential_cache.go (refreshNeeded / Expired: false when `CanExpire` is false)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/aws/credentials.go (Credentials.Expired, CredentialsProviderFunc)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/config/resolve_credentials.go (wrapWithCredentialsCache around the provider of WithCredentialsProvider)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/sdk-core/src/main/java/software/amazon/awssdk/core/internal/http/pipeline/stages/utils/IdentityResolutionHelper.java (the identity is resolved from the provider for each request and each retry; no client-side cache)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    const found = perLanguage(code.language, { js: () => jsMissing(text, code), python: () => pythonMissing(text, code), go: () => goMissing(text, code) });
    for (const m of found) ctx.report({ at: { uri: file.uri, start: m.node.start, end: m.node.end }, message: m.message });
  },
};

export default rule;
