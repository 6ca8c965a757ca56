/**
 * Shared scenario for the SDK proof tests: a pod-like directory (ccoctl `credentials` file, web
 * identity token file), the fake AWS on 127.0.0.1, and a driver process that makes one DynamoDB
 * GetItem per request. The scenario walks through several credential expiries and one token
 * rotation, making each call right after an expiry boundary (the moment a non-refreshing client
 * breaks), and returns everything the fake recorded.
 */
import * as assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { IrsaChain } from '../../server/src/engine/chain';
import { FakeAws, FakeAwsOptions, IssuedCredential, ServiceCall, StsCall } from '../helpers/fake-aws';
import { REPO_ROOT } from '../helpers/fixtures';

export const DRIVERS = path.join(REPO_ROOT, 'test', 'fixtures', 'sdk-drivers');

/** The chain every SDK test generates code for (the guide's names, valid values). */
export const SCENARIO_CHAIN: IrsaChain = {
  destinationRoleArn: 'arn:aws:iam::222222222222:role/dynamodb-reader',
  roleSessionName: 'dev-dynamodb-reader',
  region: 'eu-west-2',
  durationSeconds: 3600,
};
export const CCOCTL_ROLE_ARN = 'arn:aws:iam::111111111111:role/my-namespace-creds-my-namespace-dev-dynamodb-reader';

/** Refresh windows of the SDKs (how long before `Expiration` they fetch new credentials). */
export const REFRESH_WINDOW_MS = {
  /** JS v3: smithy memoizeIdentityProvider, 300 000 ms. */
  js: 300_000,
  /** botocore: RefreshableCredentials advisory 15 min, CachedCredentialFetcher 15 min. */
  botocore: 900_000,
  /** Go v2: the ExpiryWindow the generated code gives aws.CredentialsCache (5 min). */
  go: 300_000,
} as const;

/** Real lifetime of each credential in the scenario. */
export const LIFETIME_MS = 2000;

export interface Pod {
  dir: string;
  tokenFile: string;
  configFile: string;
  /** Environment of the app container (no inherited AWS_* variables, HOME in the temp dir). */
  env: NodeJS.ProcessEnv;
  /** Writes a new token atomically (as the kubelet does) and revokes the old one in the fake. */
  rotateToken(): string;
  tokens: string[];
  fake: FakeAws;
  cleanup(): Promise<void>;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * A pod directory plus a started fake whose credentials live {@link LIFETIME_MS} and report
 * `refreshWindowMs` more (or, with `expiry: 'real'`, their requested DurationSeconds).
 */
export async function startPod(name: string, refreshWindowMs: number, fakeOptions: Pick<FakeAwsOptions, 'expiry'> = {}): Promise<Pod> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `irsa-sdk-${name}-`));
  const tokenFile = path.join(dir, 'token');
  const configFile = path.join(dir, 'credentials');
  const tokens = ['eyJhbGciOiJSUzI1NiJ9.token-1.sig'];
  writeAtomic(tokenFile, tokens[0]!);
  // The Secret ccoctl writes (domain.md §2.7), with the token path pointing into the temp dir.
  fs.writeFileSync(configFile, `[default]\nsts_regional_endpoints = regional\nrole_arn = ${CCOCTL_ROLE_ARN}\nweb_identity_token_file = ${tokenFile}\n`);
  const fake = new FakeAws({
    webIdentityRoleArn: CCOCTL_ROLE_ARN,
    destinationRoleArn: SCENARIO_CHAIN.destinationRoleArn,
    lifetimeMs: LIFETIME_MS,
    refreshWindowMs,
    validTokens: [tokens[0]!],
    ...fakeOptions,
  });
  const endpoint = await fake.start();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^AWS_/.test(k) && k !== 'HOME') env[k] = v;
  Object.assign(env, {
    HOME: dir,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-such-credentials'),
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    // Never fall back to IMDS (169.254.169.254): only 127.0.0.1 may be contacted.
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  return {
    dir,
    tokenFile,
    configFile,
    env,
    tokens,
    fake,
    rotateToken(): string {
      const t = `eyJhbGciOiJSUzI1NiJ9.token-${tokens.length + 1}.sig`;
      tokens.push(t);
      writeAtomic(tokenFile, t);
      fake.setValidTokens([t]);
      return t;
    },
    async cleanup(): Promise<void> {
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CallResult {
  ok: boolean;
  signedBy?: string;
  name?: string;
  message?: string;
}

/** A driver process: one line in → one GetItem → one JSON line out. */
export class Driver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((r: CallResult) => void)[] = [];
  private stderr = '';
  private exited?: string;

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      let r: CallResult;
      try {
        r = JSON.parse(line) as CallResult;
      } catch {
        r = { ok: false, name: 'DriverOutput', message: line };
      }
      w?.(r);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `driver exited (code ${code}, signal ${signal}); stderr:\n${this.stderr}`;
      for (const w of this.waiting.splice(0)) w({ ok: false, name: 'DriverExited', message: this.exited });
    });
  }

  call(): Promise<CallResult> {
    if (this.exited) return Promise.resolve({ ok: false, name: 'DriverExited', message: this.exited });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write('call\n');
    });
  }

  get errorOutput(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  }
}

export interface ScenarioResult {
  results: { at: number; epoch: number; result: CallResult }[];
  rotatedAt: number;
  stsCalls: StsCall[];
  serviceCalls: ServiceCall[];
  issued: IssuedCredential[];
  durationMs: number;
}

/**
 * Two calls per credential epoch; after epoch `rotateAfterEpoch`'s calls the token file is rotated
 * (old token revoked); between epochs the test waits for the fake's expiry of the current
 * destination credential (an event, not a guessed sleep), then calls immediately. `expiries`
 * boundaries are crossed, so at least `expiries + 1` destination credentials are needed.
 */
export async function runScenario(pod: Pod, driver: Driver, expiries = 3, rotateAfterEpoch = 1): Promise<ScenarioResult> {
  const started = Date.now();
  const results: ScenarioResult['results'] = [];
  let rotatedAt = 0;
  for (let epoch = 0; epoch <= expiries; epoch++) {
    for (let i = 0; i < 2; i++) results.push({ at: Date.now(), epoch, result: await driver.call() });
    if (epoch === rotateAfterEpoch) {
      rotatedAt = Date.now();
      pod.rotateToken();
    }
    if (epoch < expiries) {
      if (!pod.fake.latestDestination()) break; // nothing was ever issued: the failures say why
      await pod.fake.waitForDestinationExpiry();
    }
  }
  return {
    results,
    rotatedAt,
    stsCalls: pod.fake.stsCalls,
    serviceCalls: pod.fake.serviceCalls,
    issued: pod.fake.issued,
    durationMs: Date.now() - started,
  };
}

/**
 * The acceptance checks shared by every refreshing SDK: every call succeeded, the fake never answered
 * an error (no ExpiredTokenException anywhere), ≥ expiries+1 destination credentials were issued and
 * used, both hops used the configured session name, AssumeRole asked for the configured duration and
 * was signed by a web-identity credential, and after the rotation STS only saw the new token.
 */
export function assertRefreshed(r: ScenarioResult, pod: Pod, expiries = 3): void {
  const failures = r.results.filter((x) => !x.result.ok);
  assert.deepEqual(failures, [], 'every GetItem succeeds');
  assert.deepEqual(
    r.serviceCalls.filter((c) => c.result !== 'ok'),
    [],
    'the fake DynamoDB never rejected a call (no ExpiredTokenException)',
  );
  assert.deepEqual(
    r.stsCalls.filter((c) => c.error),
    [],
    'STS never rejected a call',
  );
  const assumeRole = r.stsCalls.filter((c) => c.action === 'AssumeRole');
  const webIdentity = r.stsCalls.filter((c) => c.action === 'AssumeRoleWithWebIdentity');
  assert.ok(assumeRole.length >= expiries + 1, `≥ ${expiries + 1} AssumeRole calls (got ${assumeRole.length})`);
  assert.ok(webIdentity.length >= expiries + 1, `≥ ${expiries + 1} AssumeRoleWithWebIdentity calls (got ${webIdentity.length})`);
  const keysUsed = new Set(r.results.map((x) => x.result.signedBy));
  assert.ok(keysUsed.size >= expiries + 1, `GetItem signed with ≥ ${expiries + 1} distinct destination keys (got ${keysUsed.size})`);
  for (const c of [...assumeRole, ...webIdentity]) assert.equal(c.roleSessionName, SCENARIO_CHAIN.roleSessionName, `${c.action} session name`);
  for (const c of assumeRole) {
    assert.equal(c.durationSeconds, SCENARIO_CHAIN.durationSeconds, 'AssumeRole DurationSeconds');
    assert.equal(c.roleArn, SCENARIO_CHAIN.destinationRoleArn);
    const signer = r.issued.find((i) => i.accessKeyId === c.signedBy);
    assert.equal(signer?.hop, 'web-identity', 'AssumeRole is signed by web identity credentials');
  }
  const before = webIdentity.filter((c) => c.at < r.rotatedAt);
  const after = webIdentity.filter((c) => c.at >= r.rotatedAt);
  assert.ok(before.length >= 1 && after.length >= 1, 'web identity calls before and after the rotation');
  assert.deepEqual([...new Set(before.map((c) => c.token))], [pod.tokens[0]], 'STS saw the first token before the rotation');
  assert.deepEqual([...new Set(after.map((c) => c.token))], [pod.tokens[1]], 'STS saw only the new token after the rotation');
}

/** One line for the test log: what the scenario exercised. */
export function summary(label: string, r: ScenarioResult): string {
  const ar = r.stsCalls.filter((c) => c.action === 'AssumeRole').length;
  const wi = r.stsCalls.filter((c) => c.action === 'AssumeRoleWithWebIdentity').length;
  const ok = r.results.filter((x) => x.result.ok).length;
  return `${label}: ${ok}/${r.results.length} GetItem ok, ${ar} AssumeRole, ${wi} AssumeRoleWithWebIdentity, ${r.serviceCalls.length} service requests, ${r.durationMs} ms`;
}

/** Runs a build step; throws with its output when it fails. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', timeout: options.timeoutMs ?? 240_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
