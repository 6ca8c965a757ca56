/**
 * Proof: the generated TypeScript (compiled with tsc against the real @aws-sdk packages in
 * node_modules) and the generated JavaScript module keep working across three credential expiries
 * and a token rotation, against the fake STS / DynamoDB on 127.0.0.1.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSdkCode } from '../../shared/src/codegen';
import { lintDocuments } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { REPO_ROOT } from '../helpers/fixtures';
import { assertRefreshed, CallResult, CCOCTL_ROLE_ARN, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, run, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

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

/**
 * The entry the one-shot-assume-role quick fix calls (issue #14): `irsaCredentialsFor(roleArn,
 * roleSessionName)` assumes the given role as the given session over the module's first hop (a client
 * using it memoizes the credentials: one AssumeRole for its requests); and the quick fix's
 * output for the rule's TypeScript fixture type-checks against the generated module and the real
 * @aws-sdk packages (strict tsc).
 */
describe('generated JavaScript: irsaCredentialsFor(roleArn, roleSessionName) and the fixed TypeScript', () => {
  it('assumes the given role as the given session, once for 4 requests of one client', { timeout: 120_000 }, async () => {
    const pod = await startPod('mjs-for', 0, { expiry: 'real' });
    let driver: Driver | undefined;
    try {
      const app = path.join(pod.dir, 'app');
      fs.mkdirSync(app);
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
      const other = { ...SCENARIO_CHAIN, destinationRoleArn: 'arn:aws:iam::333333333333:role/not-this-one' };
      fs.writeFileSync(path.join(app, 'irsaCredentials.mjs'), renderSdkCode(other, 'javascript').content);
      fs.copyFileSync(path.join(DRIVERS, 'driver_for.mjs'), path.join(app, 'driver_for.mjs'));
      driver = new Driver(process.execPath, [path.join(app, 'driver_for.mjs'), SCENARIO_CHAIN.destinationRoleArn, 'orders-fixed'], { cwd: app, env: pod.env });
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

  it('the quick fix of bad/orders-v3.ts type-checks with the module it creates', { timeout: 180_000 }, async () => {
    const parseCode = await loadCodeParser();
    const source = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'one-shot-assume-role', 'bad', 'orders-v3.ts');
    const text = fs.readFileSync(source, 'utf8');
    const finding = lintDocuments([{ uri: 'file:///app/orders-v3.ts', text, version: 0 }], {}, { parseCode }).find((f) => f.ruleId === 'one-shot-assume-role');
    const fix = finding?.fixes?.[0];
    assert.ok(fix?.creates?.[0], 'the finding has a file-creating fix');
    let fixed = text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-fixed-ts-'));
    try {
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const module = renderSdkCode(SCENARIO_CHAIN, fix.creates[0].sdkModule);
      fs.writeFileSync(path.join(dir, module.fileName), module.content);
      fs.writeFileSync(path.join(dir, 'orders-v3.ts'), fixed);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: ['node_modules/@types'] }, files: ['orders-v3.ts', module.fileName] }),
      );
      run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
