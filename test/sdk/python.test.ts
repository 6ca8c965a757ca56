/**
 * Proof: the generated Python runs on boto3 (Debian python3-boto3 in CI) and keeps working across
 * three credential expiries and a token rotation against the fake STS / DynamoDB on 127.0.0.1.
 * Skipped, saying what to install, when no python3 on PATH imports boto3 (fails instead under
 * IRSA_REQUIRE_TOOLS=1, which .ci/run sets).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { InvalidChainError, renderSdkCode } from '../../shared/src/codegen';
import { renderPython } from '../../shared/src/codegen/python';
import { DEFAULT_CONFIG_FILE, GENERATED_MIN_DURATION_SECONDS } from '../../server/src/engine/chain';
import { findPythonWithBoto3, itNeedsTool, missingReason } from '../helpers/tools';
import { assertRefreshed, CallResult, CCOCTL_ROLE_ARN, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

const PYTHON = findPythonWithBoto3();

describe('generated Python (boto3 / botocore)', () => {
  let pod: Pod;
  let driver: Driver | undefined;
  before(async () => {
    pod = await startPod('py', REFRESH_WINDOW_MS.botocore);
  });
  after(async () => {
    await driver?.stop();
    await pod.cleanup();
  });

  itNeedsTool(missingReason(PYTHON), `refreshes across 3 expiries (${LIFETIME_MS} ms lifetimes) and a token rotation`, { timeout: 120_000 }, async (t) => {
    if (!('path' in PYTHON)) throw new Error('unreachable: itNeedsTool runs this only when python3 was found');
    const app = path.join(pod.dir, 'app');
    fs.mkdirSync(app);
    const code = renderSdkCode(SCENARIO_CHAIN, 'python');
    fs.writeFileSync(path.join(app, code.fileName), code.content);
    fs.copyFileSync(path.join(DRIVERS, 'driver.py'), path.join(app, 'driver.py'));
    // -I would drop PYTHONPATH and the script dir; -s -E drop the user site and PYTHON* variables.
    driver = new Driver(PYTHON.path, ['-s', '-E', path.join(app, 'driver.py')], { cwd: app, env: pod.env });
    const r = await runScenario(pod, driver);
    t.diagnostic(summary('python', r));
    assertRefreshed(r, pod);
  });
});

/**
 * How many AssumeRole calls the generated Python makes over CALLS GetItem calls when STS reports the
 * real lifetime (Expiration = now + DurationSeconds, fake `expiry: 'real'`). botocore refreshes when
 * less than 15 minutes are left (RefreshableCredentials advisory window, CachedCredentialFetcher
 * expiry window; boto/botocore botocore/credentials.py): with 900 s every request is due for refresh
 * and calls AssumeRole; with the generator's minimum of 1800 s one credential serves them all.
 */
describe('generated Python: AssumeRole calls per DurationSeconds (real STS lifetimes)', () => {
  const CALLS = 5;

  async function countStsCalls(durationSeconds: number, content: string): Promise<{ assumeRole: number; webIdentity: number; failures: CallResult[] }> {
    if (!('path' in PYTHON)) throw new Error('unreachable: itNeedsTool runs this only when python3 was found');
    const pod = await startPod(`py-count-${durationSeconds}`, 0, { expiry: 'real' });
    let driver: Driver | undefined;
    try {
      const app = path.join(pod.dir, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'irsa_credentials.py'), content);
      fs.copyFileSync(path.join(DRIVERS, 'driver.py'), path.join(app, 'driver.py'));
      driver = new Driver(PYTHON.path, ['-s', '-E', path.join(app, 'driver.py')], { cwd: app, env: pod.env });
      const results: CallResult[] = [];
      for (let i = 0; i < CALLS; i++) results.push(await driver.call());
      await driver.stop();
      const calls = pod.fake.stsCalls;
      assert.deepEqual(calls.filter((c) => c.error), [], 'STS never rejected a call');
      for (const c of calls.filter((c) => c.action === 'AssumeRole')) assert.equal(c.durationSeconds, durationSeconds);
      return {
        assumeRole: calls.filter((c) => c.action === 'AssumeRole').length,
        webIdentity: calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity').length,
        failures: results.filter((r) => !r.ok),
      };
    } finally {
      await driver?.stop();
      await pod.cleanup();
    }
  }

  itNeedsTool(missingReason(PYTHON), `durationSeconds 1800 (the generator's minimum): one AssumeRole for ${CALLS} requests`, { timeout: 120_000 }, async () => {
    const code = renderSdkCode({ ...SCENARIO_CHAIN, durationSeconds: GENERATED_MIN_DURATION_SECONDS }, 'python');
    assert.deepEqual(await countStsCalls(GENERATED_MIN_DURATION_SECONDS, code.content), { assumeRole: 1, webIdentity: 1, failures: [] });
  });

  itNeedsTool(missingReason(PYTHON), `durationSeconds 900 (refused by the generator): AssumeRole on every request`, { timeout: 120_000 }, async () => {
    if (!('path' in PYTHON)) throw new Error('unreachable: itNeedsTool runs this only when python3 was found');
    assert.throws(() => renderSdkCode({ ...SCENARIO_CHAIN, durationSeconds: 900 }, 'python'), InvalidChainError);
    // Rendered past validation to show what the minimum prevents.
    const content = renderPython({ ...SCENARIO_CHAIN, durationSeconds: 900, configFile: DEFAULT_CONFIG_FILE });
    // Each read of the credentials refreshes: signing reads them once (get_frozen_credentials), and
    // botocore with account-ID endpoints (RefreshableCredentials.account_id, read for DynamoDB's
    // AWS::Auth::AccountId endpoint builtin, botocore regions.py) reads them once more per request.
    const probe = spawnSync(PYTHON.path, ['-s', '-E', '-c', 'import botocore.credentials as c; print(isinstance(getattr(c.RefreshableCredentials, "account_id", None), property))'], { encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    const readsPerRequest = probe.stdout.trim() === 'True' ? 2 : 1;
    assert.deepEqual(await countStsCalls(900, content), { assumeRole: CALLS * readsPerRequest, webIdentity: 1, failures: [] });
  });
});

/**
 * The entry the one-shot-assume-role quick fix calls (issue #14): `session_for(role_arn,
 * role_session_name)` assumes the given role with the given session name over the module's first hop
 * (whose session name stays the module's), and hands out one refreshing Session per pair, so asking
 * for it on every request costs one AssumeRole, not one per request. The module is rendered for
 * another destination role, so only the arguments can name the one STS is asked for.
 */
describe('generated Python: session_for(role_arn, role_session_name)', () => {
  itNeedsTool(missingReason(PYTHON), 'assumes the given role as the given session, once for 4 requests', { timeout: 120_000 }, async () => {
    if (!('path' in PYTHON)) throw new Error('unreachable: itNeedsTool runs this only when python3 was found');
    const pod = await startPod('py-session-for', 0, { expiry: 'real' });
    let driver: Driver | undefined;
    try {
      const app = path.join(pod.dir, 'app');
      fs.mkdirSync(app);
      const other = { ...SCENARIO_CHAIN, destinationRoleArn: 'arn:aws:iam::333333333333:role/not-this-one' };
      fs.writeFileSync(path.join(app, 'irsa_credentials.py'), renderSdkCode(other, 'python').content);
      fs.copyFileSync(path.join(DRIVERS, 'driver_for.py'), path.join(app, 'driver_for.py'));
      driver = new Driver(PYTHON.path, ['-s', '-E', path.join(app, 'driver_for.py'), SCENARIO_CHAIN.destinationRoleArn, 'orders-fixed'], { cwd: app, env: pod.env });
      const results: CallResult[] = [];
      for (let i = 0; i < 4; i++) results.push(await driver.call());
      await driver.stop();
      assert.deepEqual(results.filter((r) => !r.ok), []);
      assert.deepEqual(
        pod.fake.stsCalls.map((c) => [c.action, c.roleArn, c.roleSessionName, c.error ?? null]),
        [
          ['AssumeRoleWithWebIdentity', CCOCTL_ROLE_ARN, SCENARIO_CHAIN.roleSessionName, null],
          ['AssumeRole', SCENARIO_CHAIN.destinationRoleArn, 'orders-fixed', null],
        ],
      );
    } finally {
      await driver?.stop();
      await pod.cleanup();
    }
  });
});
