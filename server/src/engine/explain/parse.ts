/**
 * (issue #15) Reads the text of an AWS error as a user copies it from a log — in the wording of the
 * AWS CLI, botocore/boto3, the Go SDKs v1 and v2, the Java SDK v2 or the JavaScript SDK v3 — into the
 * fields `irsa-lint explain` matches against the workspace. Pure: text in, fields out.
 *
 * The wordings, each from the SDK's source:
 * - botocore (and the AWS CLI, which prints botocore's exception text): `An error occurred ({error_code})
 *   when calling the {operation_name} operation{retry_info}: {error_message}` (boto/botocore
 *   botocore/exceptions.py ClientError.MSG_TEMPLATE); `Unable to locate credentials`
 *   (NoCredentialsError.fmt); `You must specify a region.` (NoRegionError.fmt).
 * - Go v2: `operation error {ServiceID}: {Operation}, {err}` (aws/smithy-go errors.go OperationError),
 *   `https response error StatusCode: {n}, RequestID: {id}, {err}` (aws/aws-sdk-go-v2
 *   aws/transport/http/response_error.go), `api error {Code}: {Message}` for unmodeled errors
 *   (smithy-go GenericAPIError) and `{Code}: {Message}` for modeled ones (service/sts/types/errors.go:
 *   `InvalidIdentityToken`, `ExpiredTokenException`, `IDPCommunicationError`, `RegionDisabledException`);
 *   the web identity provider wraps with `failed to retrieve credentials, %w` (credentials/stscreds
 *   web_identity_provider.go).
 * - Go v1: `WebIdentityErr: failed to retrieve credentials\ncaused by: {Code}: {Message}\n\tstatus code:
 *   {n}, request id: {id}` (aws/aws-sdk-go aws/credentials/stscreds/web_identity_provider.go,
 *   aws/awserr/types.go SprintError and requestError.Error); `MissingRegion: could not find region
 *   configuration` (aws/errors.go); `NoCredentialProviders: no valid providers in chain`
 *   (aws/credentials/chain_provider.go).
 * - Java v2: `{exception class}: {Message} (Service: Sts, Status Code: {n}, Request ID: {id})`
 *   (aws/aws-sdk-java-v2 core/aws-core/.../AwsServiceException.java getMessage); the error code is not
 *   in the text, only the class (`StsException` for unmodeled codes such as AccessDenied).
 * - JS v3: `{name}: {message}` where `name` is the error code for unmodeled errors (`AccessDenied`,
 *   `ValidationError`) and the exception class for modeled ones (`InvalidIdentityTokenException`,
 *   `IDPCommunicationErrorException`; aws/aws-sdk-js-v3 clients/client-sts/src/models/errors.ts).
 */

/** Which kind of failure the text is (decides which rules and which checks in AWS explain it). */
export type ErrorFamily =
  | 'web-identity-denied'
  | 'incorrect-audience'
  | 'no-oidc-provider'
  | 'verification-key'
  | 'idp-communication'
  | 'expired-token'
  | 'assume-role-denied'
  | 'role-chaining-duration'
  | 'region-disabled'
  | 'missing-region'
  | 'no-credentials';

/** Which SDK printed the text, as far as its wording tells. */
export type ErrorSdk = 'botocore' | 'aws-cli' | 'go-v2' | 'go-v1' | 'java-v2' | 'js-v3' | 'unknown';

/**
 * The fields of an AWS error text.
 * - code: the STS/SDK error code (`AccessDenied`, `InvalidIdentityToken`, `ExpiredTokenException`,
 *   `IDPCommunicationError`, `RegionDisabledException`, `ValidationError`, `NoRegionError`,
 *   `NoCredentialsError`), normalised across SDKs (Java's and JS's exception classes are mapped back).
 * - operation: the STS operation (`AssumeRoleWithWebIdentity`, `AssumeRole`) when the text or the
 *   message names it, else undefined.
 * - arns: every ARN in the text, in order, once; accountIds: their 12-digit accounts and those the
 *   message names (`account:123456789012`), once each.
 * - roleName: the role the call was for (the `on resource: …:role/<name>` of an AssumeRole denial, else
 *   the first role or assumed-role ARN); sessionName: the session of an `assumed-role/<role>/<session>`.
 * - issuer: the OIDC issuer URL the message names; audience: an audience the message names.
 */
export interface ParsedAwsError {
  family: ErrorFamily;
  code: string;
  operation?: string;
  message: string;
  arns: string[];
  accountIds: string[];
  roleName?: string;
  sessionName?: string;
  /** For an AssumeRole denial: the role whose session called (`assumed-role/<role>/…`). */
  callerRoleName?: string;
  audience?: string;
  issuer?: string;
  /** The region a RegionDisabledException names, when it does. */
  region?: string;
  sdk: ErrorSdk;
}

/** Java v2 and JS v3 print exception classes; STS's model maps them to these codes (STS API errors). */
const CLASS_TO_CODE: Record<string, string> = {
  invalididentitytokenexception: 'InvalidIdentityToken',
  idpcommunicationerrorexception: 'IDPCommunicationError',
  idprejectedclaimexception: 'IDPRejectedClaim',
  expiredtokenexception: 'ExpiredTokenException',
  regiondisabledexception: 'RegionDisabledException',
};

const ARN_RE = /arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[A-Za-z0-9+=,.@_\/:-]+/g;

/** Trims trailing punctuation a sentence adds after an ARN (`…:role/x.` or `…:role/x,`). */
function cleanArn(a: string): string {
  return a.replace(/[.,:;]+$/, '');
}

/** Characters of an error text that are read (UTF-16 code units); the rest is ignored. */
export const MAX_ERROR_TEXT_CHARS = 100_000;

/**
 * The error text as the SDK printed it: line ends made `\n`, terminal colour codes (`ESC[…m`) removed,
 * and the escapes of a JSON-encoded log line undone (`\/` → `/`, `\"` → `"`, `\n`/`\t` → newline/tab),
 * so that a line copied from a structured log reads like the plain one (found in review: `role\/x`
 * cut every ARN at `assumed-role`, and a colour code hid botocore's operation).
 */
export function plainText(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * Parses an AWS error text (any of the wordings above, possibly with a stack trace or log prefix
 * around it). Returns undefined when the text is none of the families this toolkit explains.
 */
export function parseAwsError(text: string): ParsedAwsError | undefined {
  // An error with its stack trace fits many times over; a whole log pasted by mistake is cut, so the
  // regular expressions below stay linear in a bounded text.
  const t = plainText(text.slice(0, MAX_ERROR_TEXT_CHARS));
  let code: string | undefined;
  let operation: string | undefined;
  let message = '';
  let sdk: ErrorSdk = 'unknown';

  const boto = /An error occurred \(([A-Za-z0-9_.]+)\) when calling the ([A-Za-z0-9]+) operation(?: \([^)]*\))?: ([^\n]*)/.exec(t);
  const goV2 = /operation error ([A-Za-z0-9 ]+): ([A-Za-z0-9]+), (?:https response error StatusCode: \d+, RequestID: [^,]*, )?(?:api error )?([A-Za-z0-9]+): ([^\n]*)/.exec(t);
  const goV1 = /caused by: ([A-Za-z0-9]+): ([^\n]*)/.exec(t);
  const java = /\b([A-Za-z]+Exception): ([^\n]*?) \(Service: ([A-Za-z0-9]+), Status Code: (\d+), Request ID: [^)]*\)/.exec(t);
  if (boto) {
    [, code, operation, message] = boto as unknown as [string, string, string, string];
    // The CLI prints botocore's text after an empty line; nothing else tells them apart.
    sdk = /^\s*\n/.test(t) ? 'aws-cli' : 'botocore';
  } else if (goV2) {
    operation = goV2[2];
    code = goV2[3];
    message = goV2[4]!;
    sdk = 'go-v2';
  } else if (java) {
    const cls = java[1]!;
    message = java[2]!;
    code = CLASS_TO_CODE[cls.toLowerCase()] ?? codeFromMessage(message, Number(java[4]));
    sdk = 'java-v2';
  } else if (goV1) {
    code = goV1[1];
    message = goV1[2]!;
    sdk = 'go-v1';
    if (/WebIdentityErr/.test(t)) operation = 'AssumeRoleWithWebIdentity';
  } else {
    // JS v3 (`name: message`), Go v1 without a wrapper (`Code: message\n\tstatus code: …`), or a bare message.
    const named = /\b([A-Z][A-Za-z0-9]+(?:Exception|Error|Denied|Token|Claim)): ([^\n]+)/.exec(t);
    if (named && (CLASS_TO_CODE[named[1]!.toLowerCase()] || /^(AccessDenied|ValidationError|InvalidIdentityToken|IDPCommunicationError|ExpiredToken|RegionDisabledException|CredentialsProviderError)$/.test(named[1]!))) {
      code = CLASS_TO_CODE[named[1]!.toLowerCase()] ?? named[1];
      message = named[2]!;
      sdk = /\n\tstatus code: \d+, request id:/.test(t) ? 'go-v1' : 'js-v3';
    } else {
      message = t.trim().split('\n')[0] ?? '';
    }
  }
  if (code === 'CredentialsProviderError') code = undefined;

  // Families by code and message; the message wording is STS's own and the same in every SDK.
  const all = t;
  let family: ErrorFamily | undefined;
  // The code first where it alone decides: STS models IDPCommunicationError apart from InvalidIdentityToken.
  if (code === 'IDPCommunicationError') family = 'idp-communication';
  else if (/Incorrect token audience/i.test(all)) family = 'incorrect-audience';
  else if (/No OpenIDConnect provider found in your account/i.test(all)) family = 'no-oidc-provider';
  else if (/Couldn't retrieve verification key from your identity provider/i.test(all)) family = 'verification-key';
  else if (/IDPCommunicationError|IdpCommunicationErrorException/.test(all)) family = 'idp-communication';
  else if (/DurationSeconds exceeds the 1 hour session limit/i.test(all)) family = 'role-chaining-duration';
  else if (code === 'RegionDisabledException' || /RegionDisabledException|STS is not activated in this region/i.test(all)) family = 'region-disabled';
  else if (code === 'ExpiredTokenException' || code === 'ExpiredToken' || /ExpiredToken|Token expired: current date\/time|security token included in the request is expired|provided token has expired/i.test(all)) family = 'expired-token';
  else if (/not authorized to perform:? sts:AssumeRoleWithWebIdentity/i.test(all) || (code === 'AccessDenied' && operation === 'AssumeRoleWithWebIdentity')) family = 'web-identity-denied';
  else if (/is not authorized to perform: sts:AssumeRole\b/i.test(all) || (code === 'AccessDenied' && operation === 'AssumeRole')) family = 'assume-role-denied';
  else if (/You must specify a region|MissingRegion|could not find region configuration|Missing Region|an AWS region is required|Region is missing|Unable to load region/i.test(all)) family = 'missing-region';
  else if (/Unable to locate credentials|NoCredentialProviders|no valid providers in chain|no EC2 IMDS role found|Could not load credentials from any providers|Unable to load credentials from any of the providers/i.test(all)) family = 'no-credentials';
  if (!family) return undefined;

  if (!code) {
    code = ({
      'incorrect-audience': 'InvalidIdentityToken',
      'no-oidc-provider': 'InvalidIdentityToken',
      'verification-key': 'InvalidIdentityToken',
      'idp-communication': 'IDPCommunicationError',
      'role-chaining-duration': 'ValidationError',
      'region-disabled': 'RegionDisabledException',
      'expired-token': 'ExpiredTokenException',
      'web-identity-denied': 'AccessDenied',
      'assume-role-denied': 'AccessDenied',
      'missing-region': 'MissingRegion',
      'no-credentials': 'NoCredentials',
    } as const)[family];
    // The name the SDK gives these client-side errors, when its wording tells which SDK it is.
    for (const [re, c] of CLIENT_ERROR_CODES) if (re.test(all)) {
      code = c;
      break;
    }
  }
  if (!message) message = t.trim().split('\n')[0] ?? '';
  // The operation the message implies, when the text does not name it (JS v3, Java v2, Go v1 plain).
  if (!operation) {
    if (family === 'web-identity-denied' || family === 'incorrect-audience' || family === 'no-oidc-provider' || family === 'verification-key' || family === 'idp-communication') operation = 'AssumeRoleWithWebIdentity';
    else if (family === 'assume-role-denied' || family === 'role-chaining-duration') operation = 'AssumeRole';
    // STS says "Token expired: current date/time …" of the web identity token's `exp`, i.e. on AssumeRoleWithWebIdentity.
    else if (family === 'expired-token' && /Token expired: current date\/time/i.test(all)) operation = 'AssumeRoleWithWebIdentity';
  }
  if (sdk === 'unknown' && /^\s*\n?Unable to locate credentials\. You can configure credentials by running "aws configure"/.test(t)) sdk = 'aws-cli';

  const arns = [...new Set((all.match(ARN_RE) ?? []).map(cleanArn))];
  const accountIds = new Set<string>();
  for (const a of arns) accountIds.add(a.split(':')[4]!);
  for (const m of all.matchAll(/\baccount:?\s*(\d{12})\b/gi)) accountIds.add(m[1]!);

  const out: ParsedAwsError = { family, code, message: message.trim(), arns, accountIds: [...accountIds], sdk };
  if (operation) out.operation = operation;
  // `User: arn:aws:sts::A:assumed-role/<role>/<session> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::B:role/<dest>`
  const assumed = /arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([A-Za-z0-9+=,.@_-]+)\/([A-Za-z0-9+=,.@_-]+)/.exec(all);
  const resource = /on resource: arn:aws[a-z-]*:iam::\d{12}:role\/(?:[A-Za-z0-9+=,.@_-]+\/)*([A-Za-z0-9+=,.@_-]+)/.exec(all);
  if (assumed) {
    out.sessionName = cleanArn(assumed[2]!);
    out.callerRoleName = assumed[1]!;
  }
  if (resource) out.roleName = cleanArn(resource[1]!);
  else {
    const role = /arn:aws[a-z-]*:iam::\d{12}:role\/(?:[A-Za-z0-9+=,.@_-]+\/)*([A-Za-z0-9+=,.@_-]+)/.exec(all);
    if (role) out.roleName = cleanArn(role[1]!);
    else if (assumed && family !== 'assume-role-denied') out.roleName = assumed[1]!;
  }
  const issuer = /(https:\/\/[^\s"',)]+)/.exec(/No OpenIDConnect provider found[^\n]*/i.exec(all)?.[0] ?? '') ?? /\b(?:issuer|iss)[:=]\s*"?(https:\/\/[^\s"',)]+)/i.exec(all);
  if (issuer) out.issuer = issuer[1]!.replace(/[.]+$/, '');
  const aud = /\b(?:audience|aud)[:=]\s*"?([A-Za-z0-9._:\/-]+)/i.exec(all.replace(/Incorrect token audience/gi, ''));
  if (aud) out.audience = aud[1]!;
  const region = /activate STS in this region|not activated in this region/i.test(all) ? /\b(?:region|Region)[:=]?\s*([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/.exec(all) ?? /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/.exec(all) : null;
  if (region) out.region = region[1]!;
  return out;
}

/**
 * Client-side errors (no request reached AWS) by their wording → the SDK's name for them: botocore
 * NoCredentialsError / NoRegionError (botocore/exceptions.py), Go v1 NoCredentialProviders /
 * MissingRegion (aws/credentials/chain_provider.go, aws/errors.go), JS v3 CredentialsProviderError
 * (@aws-sdk/credential-provider-node: "Could not load credentials from any providers"), Java v2
 * SdkClientException (AwsCredentialsProviderChain, AwsRegionProviderChain: "Unable to load … from any of
 * the providers in the chain").
 */
const CLIENT_ERROR_CODES: readonly (readonly [RegExp, string])[] = [
  [/Unable to locate credentials/, 'NoCredentialsError'],
  [/You must specify a region/, 'NoRegionError'],
  [/NoCredentialProviders/, 'NoCredentialProviders'],
  [/MissingRegion/, 'MissingRegion'],
  [/Could not load credentials from any providers/, 'CredentialsProviderError'],
  [/Unable to load (?:credentials|region) from any of the providers in the chain/, 'SdkClientException'],
];

/** Java v2 prints `StsException` for codes STS does not model: tell them apart by message and status. */
function codeFromMessage(message: string, status: number): string {
  if (/not authorized to perform/i.test(message) || status === 403) return 'AccessDenied';
  if (/DurationSeconds/i.test(message)) return 'ValidationError';
  if (/security token included in the request is expired/i.test(message)) return 'ExpiredTokenException';
  if (/provided token has expired/i.test(message)) return 'ExpiredToken';
  return 'StsException';
}
