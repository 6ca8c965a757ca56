/**
 * Negative proof: the guide's own JavaScript (a one-shot AssumeRoleCommand copied into a
 * DynamoDBClient) in the same scenario. As written it never makes a call (ReferenceError: `reponse`
 * is declared, `response` is used — domain.md §7.5); with the typo fixed it works until the first
 * credential expiry and then gets ExpiredTokenException on every call (no refresh — §5.6). This is
 * also what shows the fake really rejects expired keys, so the passing SDK tests cannot be vacuous.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';
import { Driver, DRIVERS, Pod, REFRESH_WINDOW_MS, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

/** The guide's code with its two placeholders filled in, as a reader would; optionally the typo fixed. */
function guideProgram(fixTypo: boolean): string {
  let src = fs.readFileSync(path.join(DRIVERS, 'guide-naive.cjs'), 'utf8');
  src = src.replace('"<arn of role in destination account>"', JSON.stringify(SCENARIO_CHAIN.destinationRoleArn));
  src = src.replace('"<a name for the session being assumed>"', JSON.stringify(SCENARIO_CHAIN.roleSessionName));
  if (fixTypo) src = src.replace('const reponse = ', 'const response = ');
  return src;
}

describe("the guide's JavaScript (negative example)", () => {
  let pod: Pod;
  let driver: Driver | undefined;
  // A fresh pod (fake AWS, token) per case, so each case's STS records are its own.
  beforeEach(async () => {
    pod = await startPod('guide', REFRESH_WINDOW_MS.js);
  });
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
    await pod.cleanup();
  });

  function start(fixTypo: boolean): Driver {
    const app = path.join(pod.dir, fixTypo ? 'fixed' : 'verbatim');
    fs.mkdirSync(app, { recursive: true });
    if (!fs.existsSync(path.join(app, 'node_modules'))) fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(app, 'app.cjs'), guideProgram(fixTypo));
    // The workload's environment from the guide: AWS_ROLE_SESSION_NAME, plus the region the
    // DynamoDBClient (which the guide gives none) needs.
    return new Driver(process.execPath, [path.join(app, 'app.cjs')], { cwd: app, env: { ...pod.env, AWS_REGION: 'eu-west-2', AWS_ROLE_SESSION_NAME: SCENARIO_CHAIN.roleSessionName } });
  }

  it('as written: ReferenceError, response is not defined, on every call', { timeout: 60_000 }, async () => {
    driver = start(false);
    const results = [await driver.call(), await driver.call()];
    for (const r of results) assert.deepEqual(r, { ok: false, name: 'ReferenceError', message: 'response is not defined' });
    assert.equal(pod.fake.serviceCalls.length, 0, 'no DynamoDB call was ever made');
    // The one-shot AssumeRole itself succeeded each time; the crash is in the line after it.
    assert.deepEqual(
      pod.fake.stsCalls.filter((c) => c.action === 'AssumeRole').map((c) => [c.error ?? 'ok', c.durationSeconds]),
      [['ok', 900], ['ok', 900]],
    );
  });

  it('typo fixed: works until the first expiry, then ExpiredTokenException on every call', { timeout: 60_000 }, async (t) => {
    driver = start(true);
    const r = await runScenario(pod, driver, 3, 1);
    t.diagnostic(summary('guide (typo fixed)', r));
    const byEpoch = (e: number): string[] => r.results.filter((x) => x.epoch === e).map((x) => (x.result.ok ? 'ok' : x.result.name!));
    assert.deepEqual(byEpoch(0), ['ok', 'ok']);
    for (const e of [1, 2, 3]) assert.deepEqual(byEpoch(e), ['ExpiredTokenException', 'ExpiredTokenException'], `epoch ${e}`);
    assert.equal(r.stsCalls.filter((c) => c.action === 'AssumeRole' && !c.error).length, 1, 'one AssumeRole, never refreshed');
    assert.deepEqual(
      r.serviceCalls.map((c) => c.result),
      ['ok', 'ok', ...Array<string>(6).fill('ExpiredTokenException')],
    );
  });
});
