/**
 * Proof: the generated TypeScript (compiled with tsc against the real @aws-sdk packages in
 * node_modules) and the generated JavaScript module keep working across three credential expiries
 * and a token rotation, against the fake STS / DynamoDB on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSdkCode } from '../../shared/src/codegen';
import { REPO_ROOT } from '../helpers/fixtures';
import { assertRefreshed, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, run, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

describe('generated TypeScript (AWS SDK for JavaScript v3, tsc)', () => {
  let pod: Pod;
  let driver: Driver | undefined;
  before(async () => {
    pod = await startPod('ts', REFRESH_WINDOW_MS.js);
  });
  after(async () => {
    await driver?.stop();
    await pod.cleanup();
  });

  it(`refreshes across 3 expiries (${LIFETIME_MS} ms lifetimes) and a token rotation`, { timeout: 180_000 }, async (t) => {
    const app = path.join(pod.dir, 'app');
    fs.mkdirSync(app);
    // node_modules next to the sources, so tsc and node resolve the real @aws-sdk packages.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    const code = renderSdkCode(SCENARIO_CHAIN, 'typescript');
    fs.writeFileSync(path.join(app, code.fileName), code.content);
    fs.copyFileSync(path.join(DRIVERS, 'driver.ts'), path.join(app, 'driver.ts'));
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noUnusedLocals: true, outDir: 'out', skipLibCheck: true, types: ['node'], typeRoots: ['node_modules/@types'] },
        files: ['driver.ts', code.fileName],
      }),
    );
    run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app });
    driver = new Driver(process.execPath, [path.join(app, 'out', 'driver.js')], { cwd: app, env: pod.env });
    const r = await runScenario(pod, driver);
    t.diagnostic(summary('typescript', r));
    assertRefreshed(r, pod);
  });
});

describe('generated JavaScript ES module (AWS SDK for JavaScript v3)', () => {
  let pod: Pod;
  let driver: Driver | undefined;
  before(async () => {
    pod = await startPod('mjs', REFRESH_WINDOW_MS.js);
  });
  after(async () => {
    await driver?.stop();
    await pod.cleanup();
  });

  it(`refreshes across 3 expiries (${LIFETIME_MS} ms lifetimes) and a token rotation`, { timeout: 120_000 }, async (t) => {
    const app = path.join(pod.dir, 'app');
    fs.mkdirSync(app);
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    const code = renderSdkCode(SCENARIO_CHAIN, 'javascript');
    fs.writeFileSync(path.join(app, code.fileName), code.content);
    fs.copyFileSync(path.join(DRIVERS, 'driver.mjs'), path.join(app, 'driver.mjs'));
    driver = new Driver(process.execPath, [path.join(app, 'driver.mjs')], { cwd: app, env: pod.env });
    const r = await runScenario(pod, driver);
    t.diagnostic(summary('javascript', r));
    assertRefreshed(r, pod);
  });
});
