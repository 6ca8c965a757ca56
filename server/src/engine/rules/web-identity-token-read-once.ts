/**
 * web-identity-token-read-once (issue #14): the projected service account token is read from its file
 * once into a string, and that copy is used for later AssumeRoleWithWebIdentity calls. The kubelet
 * replaces the token before it expires (Kubernetes: when it is older than 80 % of its TTL or 24 h;
 * `expirationSeconds` defaults to one hour, the EKS pod identity webhook asks for 86400), so a copy
 * read at start-up is rejected after that and the application can no longer get credentials.
 *
 * A read is `open(…).read()` / `Path(…).read_text()` (Python), `readFileSync(…)` / `readFile(…)` (JS),
 * `Files.readString|readAllBytes|readAllLines(…)` (Java), kept in a name (`TOKEN`, `self.token`,
 * `this.token`, a Java field). A use is the token given to:
 * - a call, inside a function other than the one that read it: Python
 *   `assume_role_with_web_identity(WebIdentityToken=…)`; JS `WebIdentityToken:` of
 *   `AssumeRoleWithWebIdentityCommand` / `assumeRoleWithWebIdentity`; Java `.webIdentityToken(…)`;
 * - a provider, which calls STS again with the same token on every refresh: JS v3 `fromWebToken({
 *   webIdentityToken })`, JS v2 `new AWS.WebIdentityCredentials({ WebIdentityToken })`, Java
 *   `.webIdentityToken(…)` in a `refreshRequest(…)` of `StsAssumeRoleWithWebIdentityCredentialsProvider`
 *   — reported wherever the read is, also when it is written inline in the provider's parameters.
 * Go: a `GetIdentityToken() ([]byte, error)` method (stscreds.IdentityTokenRetriever) that only returns
 * a value it holds (`return t.token, nil`), in a file that reads a file; `stscreds.IdentityTokenFile`
 * reads the file on each call.
 *
 * Conservative: the name must be assigned exactly once in the file (a name assigned again, e.g. by a
 * re-read, is not reported); reading the file in the function that makes the call is correct.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeLanguage, CodeNode, ParsedCode } from '../parse/code';
import { calleeName, isJsLike, jsCalleeOfArguments, jsPairKey } from './_code-util';
import type { FileRule, FixSpec } from './types';

/** Cheap text test before the tree is walked. */
const MENTION = /WebIdentityToken|webIdentityToken|GetIdentityToken|web_identity_token_loader/;

const FUNCTIONS = new Set(['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'method_declaration', 'constructor_declaration', 'func_literal', 'generator_function_declaration', 'lambda', 'lambda_expression']);
/** Functions that run once per object: what they assign to `self.x` / `this.x` lives as long as the object. */
const CONSTRUCTORS = /^(__init__|constructor)$/;

/** A file read, per language (the text of an expression). */
function isRead(language: CodeLanguage, t: string): boolean {
  if (language === 'python') return /\bopen\s*\([^]*\)\s*\.\s*read\s*\(|\.\s*read_(?:text|bytes)\s*\(/.test(t);
  if (isJsLike(language)) return /\breadFile(?:Sync)?\s*\(/.test(t);
  if (language === 'java') return /\bFiles\s*\.\s*read(?:String|AllBytes|AllLines)\s*\(/.test(t);
  return false;
}

/**
 * The name an expression holds the token in, without conversions around it: `TOKEN`, `self.token`,
 * `this.token` (Java fields and `this.x` are both `token`), from `token.strip()`, `aws.String(token)`,
 * `token!`, `str(token)`. Undefined for anything else.
 */
function heldIn(language: CodeLanguage, t: string): string | undefined {
  let s = t.trim();
  for (let i = 0; i < 4; i++) {
    const prev = s;
    s = s.replace(/^(?:str|String|string)\s*\(([^]*)\)$/, '$1').trim();
    s = s.replace(/(?:\s*\.\s*(?:strip|rstrip|trim|decode|toString)\s*\([^()]*\))+$/, '').replace(/!$/, '').trim();
    if (s === prev) break;
  }
  if (language === 'java') s = s.replace(/^this\./, '');
  return /^(?:(?:self|this)\.)?[A-Za-z_$][\w$]*$/.test(s) ? s : undefined;
}

/** An assignment of a name: where, and whether its value is a file read. */
interface Binding {
  key: string;
  value: CodeNode;
  /** The function it runs in; undefined at module level, for a field initializer, or in a constructor for `self.`/`this.`/fields. */
  scope: CodeNode | undefined;
  read: boolean;
}

/** A use of the token: the value given, what it is given to, and whether that is a refreshing provider. */
interface Use {
  value: CodeNode;
  callee: string;
  provider: boolean;
  scope: CodeNode | undefined;
  /** JS: the `pair` holding the token and the call it is an argument of (for the quick fix). */
  pair?: CodeNode;
  call?: CodeNode;
}

function nearestFunction(anc: readonly CodeNode[]): CodeNode | undefined {
  for (let i = anc.length - 1; i >= 0; i--) if (FUNCTIONS.has(anc[i]!.type)) return anc[i];
  return undefined;
}

function functionName(text: string, fn: CodeNode | undefined): string {
  const n = fn ? field(fn, 'name') : undefined;
  return n ? nodeText(text, n) : '';
}

function bindings(text: string, code: ParsedCode): Binding[] {
  const out: Binding[] = [];
  const l = code.language;
  const add = (left: CodeNode | undefined, value: CodeNode | undefined, anc: readonly CodeNode[], field_ = false): void => {
    if (!left || !value) return;
    // Only a plain name or `self.x` / `this.x` on the left (not `a.b.c`, not a subscript).
    if (!/^(?:(?:self|this)\.)?[A-Za-z_$][\w$]*$/.test(nodeText(text, left))) return;
    const key = heldIn(l, nodeText(text, left));
    if (!key) return;
    let scope = nearestFunction(anc);
    const member = /^(self|this)\./.test(nodeText(text, left));
    // A Java field initializer runs once per object; so does a constructor, for the fields it assigns.
    if (field_) scope = undefined;
    else if (scope && (member || l === 'java') && (CONSTRUCTORS.test(functionName(text, scope)) || scope.type === 'constructor_declaration') && anc[anc.length - 1]?.type !== 'local_variable_declaration') scope = undefined;
    // Python `with open(p) as f: TOKEN = f.read()` reads the file too.
    const t = nodeText(text, value);
    const read = isRead(l, t) || (l === 'python' && /^\w+\s*\.\s*read\s*\(\s*\)$/.test(t) && anc.some((a) => a.type === 'with_statement' && /\bopen\s*\(/.test(nodeText(text, a))));
    out.push({ key, value, scope, read });
  };
  walkCode(code.root, (n, anc) => {
    switch (n.type) {
      case 'assignment': // Python
      case 'assignment_expression': // JS, Java
        add(field(n, 'left'), field(n, 'right'), anc);
        return;
      case 'variable_declarator': // JS const/let, Java fields and locals
        add(field(n, 'name'), field(n, 'value'), anc, anc[anc.length - 1]?.type === 'field_declaration');
        return;
      case 'field_definition': // JS class fields: `token = readFileSync(…)` → this.token
      case 'public_field_definition': {
        const prop = field(n, 'property') ?? field(n, 'name');
        const value = field(n, 'value');
        if (prop && value) out.push({ key: `this.${nodeText(text, prop)}`, value, scope: undefined, read: isRead(l, nodeText(text, value)) });
        return;
      }
      default:
        return;
    }
  });
  return out;
}

function pythonUses(text: string, code: ParsedCode): Use[] {
  const out: Use[] = [];
  walkCode(code.root, (n, anc) => {
    // AssumeRoleWithWebIdentityCredentialFetcher(…, web_identity_token_loader=lambda: TOKEN): botocore calls the
    // loader on every fetch, so a lambda returning a name it holds sends the same token each time (a lambda
    // that reads the file is correct, and is not a use).
    if (n.type === 'keyword_argument' && nodeText(text, field(n, 'name') ?? n) === 'web_identity_token_loader') {
      const loader = field(n, 'value');
      const body = loader?.type === 'lambda' ? field(loader, 'body') : undefined;
      if (body && !isRead('python', nodeText(text, body))) out.push({ value: body, callee: 'AssumeRoleWithWebIdentityCredentialFetcher', provider: true, scope: nearestFunction(anc) });
      return;
    }
    if (n.type !== 'keyword_argument' || nodeText(text, field(n, 'name') ?? n) !== 'WebIdentityToken') return;
    const call = anc[anc.length - 2];
    const value = field(n, 'value');
    if (!value || call?.type !== 'call' || calleeName(text, field(call, 'function')) !== 'assume_role_with_web_identity') return;
    out.push({ value, callee: 'assume_role_with_web_identity', provider: false, scope: nearestFunction(anc) });
  });
  return out;
}

/** JS callees of the token: those that build a provider (which refreshes with the same token) are `true`. */
const JS_CALLEES: Record<string, boolean> = { AssumeRoleWithWebIdentityCommand: false, assumeRoleWithWebIdentity: false, fromWebToken: true, WebIdentityCredentials: true };

function jsUses(text: string, code: ParsedCode): Use[] {
  const out: Use[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'pair') return;
    const key = jsPairKey(text, n);
    if (key !== 'WebIdentityToken' && key !== 'webIdentityToken') return;
    const value = field(n, 'value');
    if (!value || anc[anc.length - 1]?.type !== 'object' || anc[anc.length - 2]?.type !== 'arguments') return;
    const call = anc[anc.length - 3];
    const callee = jsCalleeOfArguments(text, call);
    if (callee === undefined || !(callee in JS_CALLEES)) return;
    // `await fromWebToken({ … })()` — the provider is called at once and dropped (what the SDK's own
    // fromTokenFile does on every call): it is not kept to refresh with the same token.
    const parent = anc[anc.length - 4];
    const calledAtOnce = parent?.type === 'call_expression' && field(parent, 'function') === call;
    out.push({ value, callee, provider: JS_CALLEES[callee]! && !calledAtOnce, scope: nearestFunction(anc), pair: n, call });
  });
  return out;
}

function javaUses(text: string, code: ParsedCode): Use[] {
  const out: Use[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'method_invocation' || calleeName(text, field(n, 'name')) !== 'webIdentityToken') return;
    const value = field(n, 'arguments')?.children.find((c) => c.type !== 'comment');
    if (!value) return;
    // StsAssumeRoleWithWebIdentityCredentialsProvider.builder().refreshRequest(… .webIdentityToken(t) …): every refresh sends `t`.
    // A `() -> request` Supplier between the two is called on every refresh (refreshRequest(Supplier)), so what it reads is current.
    let refresh = false;
    for (let i = anc.length - 1; i >= 0; i--) {
      const a = anc[i]!;
      if (a.type === 'lambda_expression' && /^\(\s*\)/.test(nodeText(text, a))) break;
      if (a.type === 'method_invocation' && calleeName(text, field(a, 'name')) === 'refreshRequest') {
        refresh = true;
        break;
      }
    }
    out.push({ value, callee: refresh ? 'refreshRequest(…)' : 'webIdentityToken(…)', provider: refresh, scope: nearestFunction(anc) });
  });
  return out;
}

/**
 * Whether a function between the use and the read (the use's own included, the read's excluded) takes a
 * parameter named `key`: then the use's `key` is that parameter, not the name the file read the token into.
 */
function shadowedByParameter(text: string, anc: (n: CodeNode) => readonly CodeNode[], useScope: CodeNode | undefined, readScope: CodeNode | undefined, key: string): boolean {
  const word = new RegExp(`(^|[^\\w$])${key.replace(/\$/g, '\\$')}([^\\w$]|$)`);
  for (let fn = useScope; fn && fn !== readScope; ) {
    const params = field(fn, 'parameters') ?? field(fn, 'parameter');
    if (params && word.test(nodeText(text, params))) return true;
    const up = anc(fn);
    fn = [...up].reverse().find((a) => FUNCTIONS.has(a.type));
  }
  return false;
}

/** Whether `fn` is `scope` or inside it (`scope` undefined: the whole file). */
function within(anc: (n: CodeNode) => readonly CodeNode[], fn: CodeNode | undefined, scope: CodeNode | undefined): boolean {
  if (!scope) return true;
  if (!fn) return false;
  return fn === scope || anc(fn).includes(scope);
}

interface Finding {
  node: CodeNode;
  message: string;
  fixes?: FixSpec[];
}

/** Packages that export both `fromWebToken` and `fromTokenFile` (@aws-sdk/credential-providers index; credential-provider-web-identity index). */
const JS_WEB_IDENTITY_PACKAGES = new Set(['@aws-sdk/credential-providers', '@aws-sdk/credential-provider-web-identity']);

/**
 * JS v3: `fromWebToken({ …, webIdentityToken: readFileSync(P, …) })` → `fromTokenFile({ …, webIdentityTokenFile: P })`.
 * fromTokenFile passes its other options on to fromWebToken and reads `webIdentityTokenFile` on every call
 * (credential-provider-web-identity fromTokenFile.ts), so only the token changes. Offered only when every
 * edit is computed from the tree: a bare `fromWebToken` imported by name (no alias) from one of
 * {@link JS_WEB_IDENTITY_PACKAGES} with `import { … }`, a `readFileSync` call with a plain first argument,
 * and no `webIdentityTokenFile` key already. The import gains `fromTokenFile` (or is renamed when the
 * call was the file's only use of `fromWebToken`).
 */
function jsTokenFileFix(text: string, root: CodeNode, u: Use, uri: string): FixSpec[] | undefined {
  const { pair, call, value } = u;
  if (!pair || !call || u.callee !== 'fromWebToken' || value.type !== 'call_expression' || calleeName(text, field(value, 'function')) !== 'readFileSync') return undefined;
  const fn = field(call, 'function');
  const key = field(pair, 'key');
  const path = field(value, 'arguments')?.children.find((c) => c.type !== 'comment');
  const obj = field(call, 'arguments')?.children.find((c) => c.type === 'object');
  if (fn?.type !== 'identifier' || key?.type !== 'property_identifier' || !path || path.type === 'spread_element' || !obj) return undefined;
  if (obj.children.some((c) => (c.type === 'pair' && jsPairKey(text, c) === 'webIdentityTokenFile') || (c.type === 'shorthand_property_identifier' && nodeText(text, c) === 'webIdentityTokenFile'))) return undefined;
  let specifier: CodeNode | undefined;
  let hasTokenFile = false;
  let uses = 0;
  walkCode(root, (n, anc) => {
    if (n.type === 'import_specifier') {
      const source = anc.find((a) => a.type === 'import_statement');
      const src = source ? field(source, 'source') : undefined;
      if (!src || !JS_WEB_IDENTITY_PACKAGES.has(nodeText(text, src).slice(1, -1)) || field(n, 'alias')) return;
      const name = nodeText(text, field(n, 'name') ?? n);
      if (name === 'fromWebToken') specifier = n;
      if (name === 'fromTokenFile') hasTokenFile = true;
    } else if (n.type === 'identifier' && nodeText(text, n) === 'fromWebToken' && anc[anc.length - 1]?.type !== 'import_specifier') uses++;
  });
  if (!specifier) return undefined;
  const edits: FixSpec['edits'] = [
    { uri, start: fn.start, end: fn.end, newText: 'fromTokenFile' },
    { uri, start: key.start, end: key.end, newText: 'webIdentityTokenFile' },
    { uri, start: value.start, end: value.end, newText: nodeText(text, path) },
  ];
  if (!hasTokenFile) edits.push(uses === 1 ? { uri, start: specifier.start, end: specifier.end, newText: 'fromTokenFile' } : { uri, start: specifier.end, end: specifier.end, newText: ', fromTokenFile' });
  else if (uses === 1) return undefined; // both imported already: renaming would leave fromWebToken unused; left to the author
  return [{ title: 'Use fromTokenFile({ webIdentityTokenFile }) (reads the token file on every refresh)', preferred: true, edits }];
}

const RIGHT_WAY: Record<'js' | 'python' | 'java' | 'go', string> = {
  python: 'read the file in the function that makes the call, or let botocore do it (the default credential chain, or `AssumeRoleWithWebIdentityCredentialFetcher` with `web_identity_token_loader=FileWebIdentityTokenLoader(path)`, which reads the file on every fetch)',
  js: 'use `fromTokenFile({ webIdentityTokenFile, roleArn })` of @aws-sdk/credential-providers, which reads the file on every refresh, or read it in the function that makes the call',
  java: 'use `StsWebIdentityTokenFileCredentialsProvider` (or `WebIdentityTokenFileCredentialsProvider`), which reads the file on every refresh, or read it in the method that makes the call',
  go: 'use `stscreds.IdentityTokenFile(path)`, which reads the file on every call',
};

const JS_V2_RIGHT_WAY = 'use `new AWS.TokenFileWebIdentityCredentials()` (SDK v2), which reads the file on every refresh';

const WHY =
  'the kubelet replaces the projected service account token before it expires (`expirationSeconds`: one hour by default, 86400 s where the EKS webhook sets it), so the copy read at start-up is rejected after that and no new credentials can be obtained';

function readOnce(text: string, code: ParsedCode, uri: string): Finding[] {
  const l = code.language;
  const uses = l === 'python' ? pythonUses(text, code) : isJsLike(l) ? jsUses(text, code) : l === 'java' ? javaUses(text, code) : [];
  if (uses.length === 0) return [];
  const all = bindings(text, code);
  // Ancestors of function nodes, for "is this use inside the function that read the token".
  const parents = new Map<CodeNode, readonly CodeNode[]>();
  walkCode(code.root, (n, anc) => {
    if (FUNCTIONS.has(n.type)) parents.set(n, [...anc]);
  });
  const anc = (n: CodeNode): readonly CodeNode[] => parents.get(n) ?? [];
  // JS SDK v2's WebIdentityCredentials has its own file-reading sibling.
  const rightFor = (u: Use): string => (u.callee === 'WebIdentityCredentials' ? JS_V2_RIGHT_WAY : RIGHT_WAY[isJsLike(l) ? 'js' : (l as 'python' | 'java')]);
  const line = (n: CodeNode): number => text.slice(0, n.start).split('\n').length;
  const out: Finding[] = [];
  const reported = new Set<CodeNode>();
  for (const u of uses) {
    const t = nodeText(text, u.value);
    if (u.provider && isRead(l, t)) {
      // fromWebToken({ webIdentityToken: readFileSync(p, 'utf8') }): read once, when the provider is built.
      out.push({ node: u.value, message: `The web identity token is read once, when \`${u.callee}\` is built, and the provider sends that same copy to STS on every refresh: ${WHY}. Instead, ${rightFor(u)}.`, fixes: isJsLike(l) ? jsTokenFileFix(text, code.root, u, uri) : undefined });
      continue;
    }
    const key = heldIn(l, t);
    if (!key) continue;
    const same = all.filter((b) => b.key === key);
    // One assignment in the whole file, a file read, visible from the use.
    if (same.length !== 1 || !same[0]!.read) continue;
    const b = same[0]!;
    if (!within(anc, u.scope, b.scope)) continue;
    if (!key.includes('.') && shadowedByParameter(text, anc, u.scope, b.scope, key)) continue;
    if (!u.provider && (u.scope === undefined || u.scope === b.scope)) continue;
    if (reported.has(b.value)) continue;
    reported.add(b.value);
    const into = u.provider ? `the provider \`${u.callee}\` (line ${line(u.value)}), which sends that same copy to STS on every refresh` : `\`${u.callee}\` (line ${line(u.value)}) on every later call`;
    out.push({ node: b.value, message: `The web identity token is read from its file once into \`${key}\` and that copy is given to ${into}: ${WHY}. Instead, ${rightFor(u)}.` });
  }
  return out;
}

/** Go: `GetIdentityToken` methods that only return what they hold. */
function goFixedRetrievers(text: string, code: ParsedCode): Finding[] {
  if (!/\bReadFile\s*\(/.test(text)) return [];
  const out: Finding[] = [];
  walkCode(code.root, (n) => {
    if (n.type !== 'method_declaration' || nodeText(text, field(n, 'name') ?? n) !== 'GetIdentityToken') return;
    const receiver = field(n, 'receiver')?.children.find((c) => c.type === 'parameter_declaration');
    const recv = receiver ? field(receiver, 'name') : undefined;
    const body = field(n, 'body');
    if (!recv || !body) return;
    let calls = false;
    walkCode(body, (c) => {
      if (c.type === 'call_expression') calls = true;
    });
    if (calls) return;
    const r = recv ? nodeText(text, recv) : '';
    walkCode(body, (c) => {
      if (c.type !== 'return_statement') return;
      const first = c.children[0]?.type === 'expression_list' ? c.children[0].children[0] : c.children[0];
      if (!first) return;
      const ft = nodeText(text, first).replace(/\s+/g, '');
      // `return t.token, nil`, `return []byte(t), nil`, `return t, nil`
      if (ft === r || ft.startsWith(`${r}.`) || ft === `[]byte(${r})` || (ft.startsWith('[]byte(') && ft.slice(7, -1).startsWith(`${r}.`))) {
        out.push({ node: first, message: `\`GetIdentityToken\` returns a token it holds (\`${ft}\`), read once, and the web identity provider sends it to STS on every refresh: ${WHY}. Instead, ${RIGHT_WAY.go}.` });
      }
    });
  });
  return out;
}

const rule: FileRule = {
  id: 'web-identity-token-read-once',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'The web identity token file is read once into a string that later AssumeRoleWithWebIdentity calls reuse: the kubelet rotates the token, and the copy expires.',
    details: [
      'In an IRSA pod `AWS_WEB_IDENTITY_TOKEN_FILE` names a projected service account token. The kubelet writes a new token into that file before the old one expires — when the token is older than 80 % of its lifetime, or older than 24 hours. Its lifetime is the projection\'s `expirationSeconds`: one hour by default, 86400 seconds where the EKS pod identity webhook injects it. A token read once at start-up and kept in a variable is therefore rejected by STS after that, and the application can no longer obtain credentials.',
      '',
      'Found when a file read (Python `open(…).read()` / `Path(…).read_text()`, JS `readFileSync(…)`, Java `Files.readString(…)` / `readAllBytes` / `readAllLines`) is kept in a name — module level, `self.x` / `this.x` in a constructor, a Java field — and that name is given to:',
      '- an AssumeRoleWithWebIdentity call inside another function: Python `assume_role_with_web_identity(WebIdentityToken=…)`, JS `AssumeRoleWithWebIdentityCommand({ WebIdentityToken })` / `assumeRoleWithWebIdentity(…)`, Java `.webIdentityToken(…)`;',
      '- a provider that calls STS again on every refresh with the same token, wherever the read is (also inline): JS v3 `fromWebToken({ webIdentityToken })`, JS v2 `new AWS.WebIdentityCredentials({ WebIdentityToken })`, Java `StsAssumeRoleWithWebIdentityCredentialsProvider.builder().refreshRequest(… .webIdentityToken(…))`, botocore `AssumeRoleWithWebIdentityCredentialFetcher(…, web_identity_token_loader=lambda: TOKEN)`;',
      '- Go: a `GetIdentityToken() ([]byte, error)` method (an `stscreds.IdentityTokenRetriever`) that returns a token it holds instead of reading the file.',
      '',
      'Not reported: reading the file in the function that makes the call (each call gets the current token), a name assigned more than once in the file (it may be re-read), a function that takes a parameter of that name (the token is then passed in), and a call made at module level (it runs once).',
      '',
      '**Fix:** let the SDK read the file each time: JS `fromTokenFile({ webIdentityTokenFile })` (SDK v2 `new AWS.TokenFileWebIdentityCredentials()`), Go `stscreds.IdentityTokenFile(path)`, Java `StsWebIdentityTokenFileCredentialsProvider`, Python the default credential chain (or botocore\'s `AssumeRoleWithWebIdentityCredentialFetcher` with `FileWebIdentityTokenLoader(path)`) — or read the file in the function that calls STS. The quick fix rewrites JS v3 `fromWebToken({ …, webIdentityToken: readFileSync(path, …) })` to `fromTokenFile({ …, webIdentityTokenFile: path })` (its other options are passed on unchanged) and imports `fromTokenFile` from the same package; it is offered only for a named `import { fromWebToken }` of @aws-sdk/credential-providers or @aws-sdk/credential-provider-web-identity. No quick fix in the other languages yet.',
    ].join('\n'),
    sources: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#serviceaccount-token-volume-projection ("The kubelet will proactively rotate the token if it is older than 80% of its total TTL, or if the token is older than 24 hours")',
      'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#projections (serviceAccountToken.expirationSeconds: defaults to 1 hour)',
      'https://github.com/aws/amazon-eks-pod-identity-webhook/blob/master/README.md (eks.amazonaws.com/token-expiration: defaults to 86400 for expirationSeconds)',
      'https://github.com/aws/aws-sdk-js-v3/blob/main/packages/credential-provider-web-identity/src/fromWebToken.ts (every call sends the `webIdentityToken` it was given) and fromTokenFile.ts (reads `webIdentityTokenFile` on every call)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/credentials/web_identity_credentials.js ("The SDK does not manage refreshing of the token value"; refresh sends params.WebIdentityToken) and token_file_web_identity_credentials.js (load: readFileSync of the token file on every refresh)',
      'https://github.com/aws/aws-sdk-go-v2/blob/main/credentials/stscreds/web_identity_provider.go (IdentityTokenRetriever; IdentityTokenFile.GetIdentityToken reads the file on each call)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/services/sts/src/main/java/software/amazon/awssdk/services/sts/auth/StsWebIdentityTokenFileCredentialsProvider.java (re-reads the token file for each refresh)',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (AssumeRoleWithWebIdentityCredentialFetcher calls its web_identity_token_loader on every fetch) and botocore/utils.py (FileWebIdentityTokenLoader.__call__ reads the file)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    if (!MENTION.test(text)) return;
    const found = code.language === 'go' ? goFixedRetrievers(text, code) : readOnce(text, code, file.uri);
    for (const f of found) ctx.report({ at: { uri: file.uri, start: f.node.start, end: f.node.end }, message: f.message, fixes: f.fixes });
  },
};

export default rule;
