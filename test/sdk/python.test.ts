/**
 * Proof: the generated Python runs on Debian's python3-boto3 (/usr/bin/python3) and keeps working
 * across three credential expiries and a token rotation against the fake STS / DynamoDB on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSdkCode } from '../../shared/src/codegen';
import { assertRefreshed, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

const PYTHON = '/usr/bin/python3';

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

  it(`refreshes across 3 expiries (${LIFETIME_MS} ms lifetimes) and a token rotation`, { timeout: 120_000, skip: fs.existsSync(PYTHON) ? false : `${PYTHON} (Debian python3-boto3) is not installed` }, async (t) => {
    const app = path.join(pod.dir, 'app');
    fs.mkdirSync(app);
    const code = renderSdkCode(SCENARIO_CHAIN, 'python');
    fs.writeFileSync(path.join(app, code.fileName), code.content);
    fs.copyFileSync(path.join(DRIVERS, 'driver.py'), path.join(app, 'driver.py'));
    // -I would drop PYTHONPATH and the script dir; -s -E keep the Debian dist-packages boto3 only.
    driver = new Driver(PYTHON, ['-s', '-E', path.join(app, 'driver.py')], { cwd: app, env: pod.env });
    const r = await runScenario(pod, driver);
    t.diagnostic(summary('python', r));
    assertRefreshed(r, pod);
  });
});
