/**
 * Proof: the generated Python runs on boto3 (Debian python3-boto3 in CI) and keeps working across
 * three credential expiries and a token rotation against the fake STS / DynamoDB on 127.0.0.1.
 * Skipped, saying what to install, when no python3 on PATH imports boto3 (fails instead under
 * IRSA_REQUIRE_TOOLS=1, which .ci/run sets).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { renderSdkCode } from '../../shared/src/codegen';
import { findPythonWithBoto3, itNeedsTool, missingReason } from '../helpers/tools';
import { assertRefreshed, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

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
