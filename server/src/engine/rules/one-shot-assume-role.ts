/**
 * one-shot-assume-role (issue #14): the credentials of one AssumeRole response are copied into a
 * long-lived client, session or static provider. They expire (at the response's `Expiration`: one hour
 * at most for a role chained from IRSA credentials), and nothing renews them, so the application works
 * for an hour and then fails with `ExpiredToken` on every call.
 *
 * A copy is the STS response's `AccessKeyId` (capitalised: the STS `Credentials` shape; Java
 * `accessKeyId()` of `software.amazon.awssdk.services.sts.model.Credentials`) handed to:
 * - JS v3: the `accessKeyId` of a `credentials: { … }` client option; JS v2: `new AWS.Credentials(…)`;
 * - boto3: `aws_access_key_id=` of `boto3.Session(…)`, `boto3.client(…)`, `boto3.resource(…)`, `session.client(…)`;
 * - Go: `credentials.NewStaticCredentialsProvider(…)` (SDK v2) / `credentials.NewStaticCredentials(…)` (v1);
 * - Java v2: `AwsSessionCredentials.create(…)` (what `StaticCredentialsProvider.create` then serves forever);
 * in a file that calls AssumeRole (so an IAM user's long-term `AccessKeyId` is not mistaken for one).
 * Not a copy that outlives its response: a Java `resolveCredentials()` that assumes the role itself.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeLanguage, CodeNode, ParsedCode } from '../parse/code';
import { refreshAwareFix } from './_one-shot-fix';
import { calleeName, javaChain, jsCalleeOfArguments, jsPairKey, perLanguage, pythonPerCallFunctions } from './_code-util';
import type { FileRule } from './types';

/** Callees of an AssumeRole call in each SDK's spelling (not AssumeRoleWithWebIdentity). */
const ASSUME_ROLE_CALLEES = new Set(['AssumeRoleCommand', 'assumeRole', 'assume_role', 'AssumeRole']);

/** Whether the file calls AssumeRole (a call or `new`, not a word in a comment). */
function callsAssumeRole(text: string, code: ParsedCode): boolean {
  if (!/AssumeRole|assumeRole|assume_role/.test(text)) return false;
  let found = false;
  walkCode(code.root, (n) => {
    if (found) return;
    const callee =
      n.type === 'new_expression' ? field(n, 'constructor') : n.type === 'call_expression' || n.type === 'call' ? field(n, 'function') : n.type === 'method_invocation' ? field(n, 'name') : undefined;
    if (callee && ASSUME_ROLE_CALLEES.has(calleeName(text, callee) ?? '')) found = true;
  });
  return found;
}
/** The STS `Credentials` access key id of a response: `.AccessKeyId`, `?.AccessKeyId`, `['AccessKeyId']`. */
const STS_ACCESS_KEY = /(\.|\?\.|\[\s*["'])AccessKeyId\b/;

/** Where a copy goes, and how to refresh instead (per language). */
interface Copy {
  node: CodeNode;
  into: string;
  /** The node's ancestors (root first, ending with its parent) where the quick fix knows the construction (JS v3 `credentials`, boto3, Go, Java). */
  ancestors?: readonly CodeNode[];
}

function jsCopies(text: string, code: ParsedCode): Copy[] {
  const out: Copy[] = [];
  walkCode(code.root, (n, anc) => {
    // new S3Client({ credentials: { accessKeyId: resp.Credentials.AccessKeyId, … } })
    if (n.type === 'pair' && jsPairKey(text, n) === 'accessKeyId') {
      const value = field(n, 'value');
      const obj = anc[anc.length - 1];
      const holder = anc[anc.length - 2];
      if (!value || !STS_ACCESS_KEY.test(nodeText(text, value)) || obj?.type !== 'object') return;
      if (holder?.type === 'pair' && jsPairKey(text, holder) === 'credentials') {
        const client = anc[anc.length - 3]?.type === 'object' && anc[anc.length - 4]?.type === 'arguments' ? jsCalleeOfArguments(text, anc[anc.length - 5]) : undefined;
        out.push({ node: value, into: client ? `the \`credentials\` of \`new ${client}(…)\`` : 'a `credentials` option', ancestors: [...anc, n] });
      } else if (holder?.type === 'arguments' && jsCalleeOfArguments(text, anc[anc.length - 3]) === 'Credentials') {
        out.push({ node: value, into: '`new AWS.Credentials(…)`' });
      }
      return;
    }
    // new AWS.Credentials(resp.Credentials.AccessKeyId, resp.Credentials.SecretAccessKey, resp.Credentials.SessionToken)
    if (n.type === 'new_expression' && calleeName(text, field(n, 'constructor')) === 'Credentials') {
      const first = field(n, 'arguments')?.children[0];
      if (first && first.type !== 'object' && STS_ACCESS_KEY.test(nodeText(text, first))) out.push({ node: first, into: '`new AWS.Credentials(…)`' });
    }
  });
  return out;
}

/** boto3 callables that keep the keys they are given for their whole life. */
const BOTO3_HOLDERS = new Set(['Session', 'client', 'resource']);

function pythonCopies(text: string, code: ParsedCode): Copy[] {
  const out: Copy[] = [];
  let perCall: Set<string> | undefined;
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'keyword_argument' || nodeText(text, field(n, 'name') ?? n) !== 'aws_access_key_id') return;
    const value = field(n, 'value');
    const call = anc[anc.length - 2];
    if (!value || !STS_ACCESS_KEY.test(nodeText(text, value)) || anc[anc.length - 1]?.type !== 'argument_list' || call?.type !== 'call') return;
    const fn = field(call, 'function');
    const name = calleeName(text, fn);
    if (name === undefined || !BOTO3_HOLDERS.has(name)) return;
    // A per-call helper assumes the role on every call: assume-role-uncached reports it (one mistake, one finding).
    const owner = [...anc].reverse().find((a) => a.type === 'function_definition');
    const ownerName = owner ? field(owner, 'name') : undefined;
    if (ownerName && (perCall ??= pythonPerCallFunctions(text, code.root)).has(nodeText(text, ownerName))) return;
    out.push({ node: value, into: `\`${nodeText(text, fn!)}(…)\``, ancestors: [...anc, n] });
  });
  return out;
}

function goCopies(text: string, code: ParsedCode): Copy[] {
  const out: Copy[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'call_expression') return;
    const fn = field(n, 'function');
    const name = calleeName(text, fn);
    if (name !== 'NewStaticCredentialsProvider' && name !== 'NewStaticCredentials') return;
    const first = field(n, 'arguments')?.children[0];
    if (first && STS_ACCESS_KEY.test(nodeText(text, first))) out.push({ node: first, into: `\`${nodeText(text, fn!)}(…)\``, ancestors: [...anc, n, field(n, 'arguments')!] });
  });
  return out;
}

function javaCopies(text: string, code: ParsedCode): Copy[] {
  // Only an STS response's Credentials (sts.model) has accessKeyId() to copy in this sense.
  if (!/software\.amazon\.awssdk\.services\.sts\.model/.test(text)) return [];
  const out: Copy[] = [];
  walkCode(code.root, (n, anc) => {
    if (n.type !== 'method_invocation' || calleeName(text, field(n, 'name')) !== 'create') return;
    const recv = field(n, 'object');
    if (!recv || !/(^|\.)AwsSessionCredentials$/.test(nodeText(text, recv))) return;
    const first = field(n, 'arguments')?.children[0];
    if (!first) return;
    // c.accessKeyId(), response.credentials().accessKeyId()
    const chain = first.type === 'method_invocation' ? javaChain(first) : [];
    if (!chain[0] || calleeName(text, field(chain[0], 'name')) !== 'accessKeyId') return;
    if (resolvedPerRequest(text, anc)) return;
    out.push({ node: first, into: '`AwsSessionCredentials.create(…)`', ancestors: [...anc, n, field(n, 'arguments')!] });
  });
  return out;
}

/** The methods of `AwsCredentialsProvider` / `IdentityProvider` that a client calls for every request. */
const JAVA_PROVIDER_METHODS = new Set(['resolveCredentials', 'resolveIdentity']);

/**
 * Whether the copy is made inside a provider method that calls AssumeRole itself: a Java v2 client
 * asks its credentials provider on every request and retry and caches nothing
 * (aws-sdk-java-v2 core/sdk-core … internal/util/IdentityResolutionHelper and the signing stage), so
 * such a provider hands out the credentials of a fresh AssumeRole each time. Nothing expires; the cost
 * is one STS call per request, which is not this rule's mistake.
 */
function resolvedPerRequest(text: string, anc: readonly CodeNode[]): boolean {
  const method = [...anc].reverse().find((a) => a.type === 'method_declaration');
  if (!method || !JAVA_PROVIDER_METHODS.has(nodeText(text, field(method, 'name') ?? method))) return false;
  let assumes = false;
  walkCode(method, (m) => {
    if (!assumes && m.type === 'method_invocation' && calleeName(text, field(m, 'name')) === 'assumeRole') assumes = true;
  });
  return assumes;
}

/** The refreshing replacement, per language (each SDK's own provider of AssumeRole credentials). */
const REFRESHING: Record<CodeLanguage, string> = {
  typescript: '`fromTemporaryCredentials({ params: { RoleArn, RoleSessionName } })` of @aws-sdk/credential-providers',
  tsx: '`fromTemporaryCredentials({ params: { RoleArn, RoleSessionName } })` of @aws-sdk/credential-providers',
  javascript: '`fromTemporaryCredentials({ params: { RoleArn, RoleSessionName } })` of @aws-sdk/credential-providers (SDK v2: `new AWS.ChainableTemporaryCredentials({ params })`)',
  python: "botocore's `DeferredRefreshableCredentials` with an `AssumeRoleCredentialFetcher`",
  go: '`aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsClient, roleArn))`',
  java: '`StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request).build()`',
};

const rule: FileRule = {
  id: 'one-shot-assume-role',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'The credentials of one AssumeRole response are copied into a long-lived client, session or static provider: they expire within the hour and nothing renews them.',
    details: [
      'An `AssumeRole` response holds temporary credentials with an `Expiration`: when the caller\'s own credentials are role credentials, as they are in an IRSA pod, the session lasts one hour at most (role chaining). Copying `AccessKeyId`, `SecretAccessKey` and `SessionToken` into a client, a boto3 `Session` or a static provider freezes them: the SDK never calls STS again, so the application works for an hour and then every call fails with `ExpiredToken` (or `ExpiredTokenException`) until it is restarted.',
      '',
      'Found when the STS response\'s `AccessKeyId` is handed to: a JS v3 client\'s `credentials: { accessKeyId, … }` or JS v2 `new AWS.Credentials(…)`; boto3 `Session(aws_access_key_id=…)`, `client(…)` or `resource(…)`; Go `credentials.NewStaticCredentialsProvider(…)` (v1 `NewStaticCredentials`); Java `AwsSessionCredentials.create(…)` (served by `StaticCredentialsProvider`) — in a file that calls AssumeRole.',
      '',
      'A Python function that builds the client and is called only from inside other functions (a request handler), and is neither memoised (`@lru_cache`, …) nor keeps its client in a `global`, gets fresh credentials on every call: that is not reported here; it assumes the role per request, a cost rather than an expiry, which `assume-role-uncached` reports. Likewise a Java provider whose `resolveCredentials()` calls AssumeRole itself: the client asks its provider on every request and caches nothing, so nothing expires. Go and JavaScript per-request code is not told apart yet.',
      '',
      '**Fix:** let the SDK assume the role and renew the session before it expires: JS `fromTemporaryCredentials`, botocore `DeferredRefreshableCredentials` + `AssumeRoleCredentialFetcher`, Go `aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(…))`, Java `StsAssumeRoleCredentialsProvider`. `IRSA: Generate Refresh-Aware SDK Code…` writes such a module for the workload\'s chain.',
      '',
      '**Quick fix** (TypeScript/JavaScript SDK v3, boto3, Go SDK v2, Java SDK 2.x; not JS SDK v2): replaces the copied credentials with a call of the module that `IRSA: Generate Refresh-Aware SDK Code…` writes, in the same folder — `credentials: irsaCredentialsFor(<RoleArn>, <RoleSessionName>)` from `irsaCredentials.ts` (`.mjs` for JavaScript ES modules), `irsa_credentials.session_for(<RoleArn>, <RoleSessionName>)` in place of the boto3 `Session(…)` (`.client(…)`/`.resource(…)` keep their other arguments), `CredentialsFor(<RoleArn>, <RoleSessionName>)` of `irsa_credentials.go` in place of Go `credentials.NewStaticCredentialsProvider(…)`, `IrsaCredentials.credentialsProviderFor(<roleArn>, <roleSessionName>)` of `IrsaCredentials.java` in place of Java `StaticCredentialsProvider.create(AwsSessionCredentials.create(…))` — passing the RoleArn and RoleSessionName of the AssumeRole call as written, and adds the import (TypeScript/JavaScript, Python). The Go and Java modules are written into the fixed file\'s own package (its `package` clause or declaration), so they need no import; as Go rejects unused imports and variables, the Go fix also deletes the import of a package only the replaced call used (`credentials`) and blanks an AssumeRole response nothing else reads (`_, err :=`, or `_, err =` where `err` exists already in that block). In the editor it creates the module when it is missing (rendered for the workspace\'s role chain; never over an existing file, and only when the editor can create files); a file of that name without the entry gets no fix. It is offered only when it is exact: one AssumeRole call in the file, arguments that are string literals, environment reads or constants declared once at the top of the module (Java: a `static final` field of the enclosing class), nothing else inside the replaced object or call; Go: the provider goes where an `aws.CredentialsProvider` is taken (`….Credentials =`, `Credentials:`, `config.WithCredentialsProvider(…)`, `aws.NewCredentialsCache(…)`), the file declares none of the module\'s package-level names, and it is not a `_test.go` file; Java: the provider goes to `credentialsProvider(…)` or an `AwsCredentialsProvider` variable, and no other `IrsaCredentials` is in scope. Other files of a Go package are not checked for a clashing name (the compiler names it). JS SDK v2 (`new AWS.Credentials(…)`) gets no fix: the generated module is an SDK v3 ES module whose provider an SDK v2 client cannot use. The AssumeRole call itself is left in place (its result may be used elsewhere); remove it when nothing else reads it. `irsa-lint` reports (JSON, SARIF) leave this fix out: their consumers apply fixes as text replacements of existing files.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (the response\'s Credentials carry an Expiration; role chaining limits the session to one hour)',
      'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-credential-providers/#fromtemporarycredentials (a provider that assumes the role again before expiry)',
      'https://github.com/boto/botocore/blob/develop/botocore/credentials.py (RefreshableCredentials, DeferredRefreshableCredentials, AssumeRoleCredentialFetcher; static keys given to a Session are plain Credentials)',
      'https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials#NewStaticCredentialsProvider ("never expire"), https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds#NewAssumeRoleProvider',
      'https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/sts/auth/StsAssumeRoleCredentialsProvider.html (refreshes the session in the background)',
      'https://go.dev/ref/spec#Import_declarations and https://go.dev/ref/spec#Variable_declarations (gc rejects an unused import and a local variable that is never used; an assignment is not a use)',
      'https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#resourceChanges (CreateFile needs the client capability workspace.workspaceEdit.resourceOperations; overwrite wins over ignoreIfExists)',
      'shared/src/codegen/index.ts (renderSdkCode: the module and its file name per language, what the quick fix creates)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code) return;
    const text = ctx.text(file.uri);
    if (!callsAssumeRole(text, code)) return;
    const copies = perLanguage(code.language, { js: () => jsCopies(text, code), python: () => pythonCopies(text, code), go: () => goCopies(text, code), java: () => javaCopies(text, code) });
    for (const c of copies) {
      const fix = c.ancestors ? refreshAwareFix(file.uri, text, code, c.node, c.ancestors) : undefined;
      ctx.report({
        at: { uri: file.uri, start: c.node.start, end: c.node.end },
        ...(fix ? { fixes: [fix] } : {}),
        message: `\`${nodeText(text, c.node).replace(/\s+/g, ' ')}\` copies the credentials of one AssumeRole response into ${c.into}, which never renews them: they expire (within one hour for a role chained from IRSA credentials) and every call then fails with ExpiredToken. Use ${REFRESHING[code.language]}, or the module that IRSA: Generate Refresh-Aware SDK Code… writes.`,
      });
    }
  },
};

export default rule;
