/**
 * A fake AWS on 127.0.0.1 for the SDK proof tests: an STS endpoint (query protocol, XML answers) that
 * serves AssumeRoleWithWebIdentity and AssumeRole, and a DynamoDB endpoint (JSON 1.0 protocol) that
 * serves GetItem. Both listen on the same free port; requests are told apart by protocol (STS posts
 * `Action=…` form bodies, DynamoDB sends `X-Amz-Target: DynamoDB_20120810.<Op>`).
 *
 * ## How expiry is compressed into a few seconds (and why the test stays faithful)
 *
 * Every SDK refreshes credentials some time *before* their `Expiration` (JS v3: 5 min,
 * `memoizeIdentityProvider`; botocore: 15 min advisory / 10 min mandatory, `RefreshableCredentials`,
 * and 15 min in `CachedCredentialFetcher`; Go v2: the `aws.CredentialsCache` `ExpiryWindow` the
 * generated code sets; Java v2: 5 min prefetch). Real lifetimes are ≥ 15 min, so a real-time test of
 * three expiries would take hours. Instead each test tells the fake the SDK's refresh window `W` and a
 * short lifetime `L`, and every issued credential reports
 *
 *     Expiration = issuedAt + L + W        (whole seconds, as STS writes it)
 *
 * while the fake itself only accepts the credential until
 *
 *     validUntil = Expiration − W + grace  (≈ issuedAt + L + grace)
 *
 * So the SDK believes it holds credentials that are good for `W + L` seconds and (by its own rule)
 * must refresh after `L`; the fake rejects them with `ExpiredTokenException` right after that point.
 * This is *stricter* than AWS: an SDK or generated code that waited for the real `Expiration` (no
 * refresh window), never refreshed (the guide's one-shot AssumeRole), kept an old key after a refresh,
 * or signed AssumeRole with stale web-identity credentials fails here, exactly as it would fail in a
 * pod once the real `Expiration` passes. `grace` only absorbs the in-flight time of a request signed
 * just before the boundary (loopback: milliseconds).
 *
 * DynamoDB additionally accepts only the *latest* key issued for the destination role: a client that
 * refreshed but still signs with a superseded key is caught too. Web-identity tokens are accepted only
 * while in {@link FakeAws.setValidTokens}; a rotation test revokes the old token so an SDK that cached
 * the token text instead of re-reading the file fails.
 *
 * Signatures are not verified (the secret key is never needed); the access key id in the SigV4
 * `Authorization` header and the `X-Amz-Security-Token` header must belong to the same issued
 * credential.
 */
import * as crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAwsOptions {
  /** ARN of the ccoctl-created role that AssumeRoleWithWebIdentity must name (first hop). */
  webIdentityRoleArn: string;
  /** ARN of the destination role that AssumeRole must name (second hop, role chaining). */
  destinationRoleArn: string;
  /** Real lifetime of every issued credential, milliseconds (`L`). */
  lifetimeMs: number;
  /** The SDK's refresh window, milliseconds (`W`); added to the reported Expiration only. */
  refreshWindowMs: number;
  /** Extra acceptance after `issuedAt + L` for requests in flight, milliseconds. Default 750. */
  graceMs?: number;
  /** Web identity tokens accepted at start. */
  validTokens: string[];
  /**
   * `real`: every credential reports and lives exactly its requested `DurationSeconds` (STS's default
   * 3600 when the request names none), as AWS does; `lifetimeMs`/`refreshWindowMs` are then unused.
   * For tests that count how often an SDK calls STS within one lifetime. Default `compressed`.
   */
  expiry?: 'compressed' | 'real';
}

export interface IssuedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  hop: 'web-identity' | 'assume-role';
  roleArn: string;
  roleSessionName: string;
  issuedAt: number;
  /** What the SDK was told (ms since epoch). */
  reportedExpiration: number;
  /** Until when the fake accepts it (ms since epoch). */
  validUntil: number;
}

export interface StsCall {
  action: 'AssumeRoleWithWebIdentity' | 'AssumeRole' | string;
  at: number;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  /** AssumeRoleWithWebIdentity: the token presented. */
  token?: string;
  /** AssumeRole: the access key id that signed the request. */
  signedBy?: string;
  /** Issued access key id, or the error code returned. */
  issued?: string;
  error?: string;
}

export interface ServiceCall {
  operation: string;
  at: number;
  accessKeyId?: string;
  /** `ok`, or the error code returned (ExpiredTokenException, UnrecognizedClientException, AccessDeniedException …). */
  result: string;
  reason?: string;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `Credential=AKID/date/region/service/aws4_request` from a SigV4 Authorization header. */
export function accessKeyOf(authorization: string | undefined): string | undefined {
  const m = /Credential=([^/,\s]+)\//.exec(authorization ?? '');
  return m?.[1];
}

export class FakeAws extends EventEmitter {
  readonly stsCalls: StsCall[] = [];
  readonly serviceCalls: ServiceCall[] = [];
  readonly issued: IssuedCredential[] = [];
  private readonly byKey = new Map<string, IssuedCredential>();
  private validTokens: Set<string>;
  private server?: http.Server;
  private port = 0;
  private seq = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly options: FakeAwsOptions) {
    super();
    this.validTokens = new Set(options.validTokens);
  }

  /** `http://127.0.0.1:<port>` once started. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, Buffer.concat(chunks).toString('utf8'), res);
        } catch (err) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Replaces the accepted web identity tokens (a rotation revokes the old token). */
  setValidTokens(tokens: string[]): void {
    this.validTokens = new Set(tokens);
  }

  /** The latest credential issued for the destination role, if any. */
  latestDestination(): IssuedCredential | undefined {
    for (let i = this.issued.length - 1; i >= 0; i--) if (this.issued[i]!.hop === 'assume-role') return this.issued[i];
    return undefined;
  }

  /**
   * Resolves when the latest destination-role credential stops being accepted (its `validUntil`),
   * so a test can make its next call right after an expiry instead of sleeping a guessed time.
   */
  waitForDestinationExpiry(): Promise<IssuedCredential> {
    const c = this.latestDestination();
    if (!c) return Promise.reject(new Error('no destination credential issued yet'));
    const delay = Math.max(0, c.validUntil - Date.now() + 1);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve(c);
      }, delay);
      this.timers.add(t);
    });
  }

  private isValid(c: IssuedCredential, now: number): boolean {
    return now <= c.validUntil;
  }

  private issue(hop: IssuedCredential['hop'], roleArn: string, roleSessionName: string, durationSeconds: number | undefined): IssuedCredential {
    const now = Date.now();
    const n = ++this.seq;
    const real = this.options.expiry === 'real';
    // STS defaults DurationSeconds to 3600 (AssumeRole / AssumeRoleWithWebIdentity API reference).
    const reportedMs = real ? (durationSeconds ?? 3600) * 1000 : this.options.lifetimeMs + this.options.refreshWindowMs;
    // Whole seconds, as STS writes `Expiration`; rounding down only makes the SDK refresh earlier.
    const reportedExpiration = Math.floor((now + reportedMs) / 1000) * 1000;
    const c: IssuedCredential = {
      accessKeyId: `ASIAFAKE${String(n).padStart(12, '0')}`,
      secretAccessKey: crypto.randomBytes(20).toString('hex'),
      sessionToken: `FakeSessionToken/${n}/${crypto.randomBytes(12).toString('hex')}`,
      hop,
      roleArn,
      roleSessionName,
      issuedAt: now,
      reportedExpiration,
      validUntil: real ? reportedExpiration : reportedExpiration - this.options.refreshWindowMs + (this.options.graceMs ?? 750),
    };
    this.issued.push(c);
    this.byKey.set(c.accessKeyId, c);
    return c;
  }

  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('DynamoDB_20120810.')) {
      this.dynamodb(req, target.slice('DynamoDB_20120810.'.length), body, res);
      return;
    }
    // STS query protocol: form-encoded POST (GET with a query string is accepted too).
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = new URLSearchParams(req.method === 'GET' ? url.search : body);
    this.sts(req, params, res);
  }

  private stsError(res: http.ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>` +
        `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
    );
  }

  private sts(req: http.IncomingMessage, p: URLSearchParams, res: http.ServerResponse): void {
    const action = p.get('Action') ?? '';
    const call: StsCall = { action, at: Date.now() };
    this.stsCalls.push(call);
    const roleArn = p.get('RoleArn') ?? undefined;
    const roleSessionName = p.get('RoleSessionName') ?? undefined;
    const duration = p.get('DurationSeconds');
    call.roleArn = roleArn;
    call.roleSessionName = roleSessionName;
    if (duration !== null) call.durationSeconds = Number(duration);
    const fail = (status: number, code: string, message: string): void => {
      call.error = code;
      this.stsError(res, status, code, message);
      this.emit('sts', call);
    };
    if (!roleSessionName || !/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) {
      return fail(400, 'ValidationError', `1 validation error detected: Value '${roleSessionName}' at 'roleSessionName' failed to satisfy constraint`);
    }
    if (call.durationSeconds !== undefined && (call.durationSeconds < 900 || call.durationSeconds > 43200)) {
      return fail(400, 'ValidationError', `1 validation error detected: Value '${call.durationSeconds}' at 'durationSeconds' failed to satisfy constraint`);
    }
    let c: IssuedCredential;
    if (action === 'AssumeRoleWithWebIdentity') {
      const token = p.get('WebIdentityToken') ?? '';
      call.token = token;
      if (roleArn !== this.options.webIdentityRoleArn) return fail(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
      if (!this.validTokens.has(token)) return fail(400, 'ExpiredTokenException', 'Token expired: current date/time is after the token expiry');
      c = this.issue('web-identity', roleArn, roleSessionName, call.durationSeconds);
    } else if (action === 'AssumeRole') {
      const akid = accessKeyOf(req.headers['authorization']);
      call.signedBy = akid;
      const signer = akid ? this.byKey.get(akid) : undefined;
      if (!signer || req.headers['x-amz-security-token'] !== signer.sessionToken) {
        return fail(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      }
      if (!this.isValid(signer, Date.now())) return fail(400, 'ExpiredToken', 'The security token included in the request is expired');
      if (signer.hop !== 'web-identity' || roleArn !== this.options.destinationRoleArn) {
        return fail(403, 'AccessDenied', `User: arn:aws:sts::000000000000:assumed-role/x/${signer.roleSessionName} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      }
      // Role chaining (domain.md §4.4): the caller holds role credentials, so > 1 h is refused.
      if ((call.durationSeconds ?? 3600) > 3600) {
        return fail(400, 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      }
      c = this.issue('assume-role', roleArn, roleSessionName, call.durationSeconds);
    } else {
      return fail(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    }
    call.issued = c.accessKeyId;
    const user =
      `<AssumedRoleUser><Arn>${xmlEscape(roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/'))}/${xmlEscape(roleSessionName)}</Arn>` +
      `<AssumedRoleId>AROAFAKE:${xmlEscape(roleSessionName)}</AssumedRoleId></AssumedRoleUser>`;
    const creds =
      `<Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${c.secretAccessKey}</SecretAccessKey>` +
      `<SessionToken>${xmlEscape(c.sessionToken)}</SessionToken><Expiration>${new Date(c.reportedExpiration).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration></Credentials>`;
    const extra = action === 'AssumeRoleWithWebIdentity' ? '<SubjectFromWebIdentityToken>system:serviceaccount:fake:fake</SubjectFromWebIdentityToken><Audience>openshift</Audience>' : '';
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<${action}Response xmlns="${STS_NS}"><${action}Result>${creds}${user}${extra}</${action}Result>` +
        `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
    );
    this.emit('sts', call);
  }

  private dynamodb(req: http.IncomingMessage, op: string, body: string, res: http.ServerResponse): void {
    const akid = accessKeyOf(req.headers['authorization']);
    const call: ServiceCall = { operation: op, at: Date.now(), accessKeyId: akid, result: 'ok' };
    this.serviceCalls.push(call);
    const fail = (code: string, message: string, reason: string): void => {
      call.result = code;
      call.reason = reason;
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }));
      this.emit('service', call);
    };
    const c = akid ? this.byKey.get(akid) : undefined;
    if (!c || req.headers['x-amz-security-token'] !== c.sessionToken) {
      return fail('UnrecognizedClientException', 'The security token included in the request is invalid.', 'unknown key');
    }
    if (c.hop !== 'assume-role') return fail('AccessDeniedException', `User ${c.roleArn} is not authorized to perform: dynamodb:${op}`, 'first-hop key');
    if (!this.isValid(c, Date.now())) return fail('ExpiredTokenException', 'The security token included in the request is expired', 'expired');
    if (c !== this.latestDestination()) return fail('ExpiredTokenException', 'The security token included in the request is expired', 'superseded');
    if (op !== 'GetItem') return fail('UnknownOperationException', `Unknown operation ${op}`, 'operation');
    let key: unknown;
    try {
      key = (JSON.parse(body) as { Key?: unknown }).Key;
    } catch {
      return fail('SerializationException', 'bad JSON', 'body');
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ Item: { ...(key as object), signedBy: { S: akid } } }));
    this.emit('service', call);
  }
}
