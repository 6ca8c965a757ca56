/**
 * Proof: the generated Go compiles with Debian's golang against golang-github-aws-aws-sdk-go-v2-dev
 * (GOPATH mode, no network) and keeps working across three credential expiries and a token rotation
 * against the fake STS / DynamoDB on 127.0.0.1. Skips, saying what to install, when the toolchain or
 * a needed SDK package is missing (fails instead under IRSA_REQUIRE_TOOLS=1, which .ci/run sets) —
 * never passes without running.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { loadCodeParser } from '../../server/src/node';
import { renderSdkCode } from '../../shared/src/codegen';
import { REPO_ROOT } from '../helpers/fixtures';
import { findGo, itNeedsTool } from '../helpers/tools';
import { assertRefreshed, CallResult, CCOCTL_ROLE_ARN, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, run, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

const GOPATH_SYSTEM = '/usr/share/gocode';
const SDK = path.join(GOPATH_SYSTEM, 'src', 'github.com', 'aws', 'aws-sdk-go-v2');
const NEEDED = ['aws', 'config', 'credentials/stscreds', 'service/sts', 'service/dynamodb', 'service/s3'];

const GO = findGo();

/** Why the test cannot run here (with what to install), or undefined. */
function missing(): string | undefined {
  if ('missing' in GO) return GO.missing;
  const absent = NEEDED.filter((p) => !fs.existsSync(path.join(SDK, p)));
  if (absent.length) return `${SDK} lacks ${absent.join(', ')}; install golang-github-aws-aws-sdk-go-v2-dev (apt-get install golang-github-aws-aws-sdk-go-v2-dev)`;
  return undefined;
}

describe('generated Go (AWS SDK for Go v2, Debian packages, GOPATH mode)', () => {
  let pod: Pod;
  let driver: Driver | undefined;
  before(async () => {
    pod = await startPod('go', REFRESH_WINDOW_MS.go);
  });
  after(async () => {
    await driver?.stop();
    await pod.cleanup();
  });

  itNeedsTool(missing(), `compiles and refreshes across 3 expiries (${LIFETIME_MS} ms lifetimes) and a token rotation`, { timeout: 300_000 }, async (t) => {
    if (!('path' in GO)) throw new Error('unreachable: itNeedsTool runs this only when go was found');
    const gopath = path.join(pod.dir, 'gopath');
    const pkg = path.join(gopath, 'src', 'irsa');
    const main = path.join(gopath, 'src', 'irsadriver');
    fs.mkdirSync(pkg, { recursive: true });
    fs.mkdirSync(main, { recursive: true });
    const code = renderSdkCode(SCENARIO_CHAIN, 'go');
    fs.writeFileSync(path.join(pkg, code.fileName), code.content);
    fs.copyFileSync(path.join(DRIVERS, 'driver.go'), path.join(main, 'main.go'));
    // The build cache lives in the temp dir (reused between runs to keep them fast); no network.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOPATH: `${GOPATH_SYSTEM}:${gopath}`,
      GO111MODULE: 'off',
      GOFLAGS: '',
      GOPROXY: 'off',
      GOCACHE: path.join(os.tmpdir(), 'irsa-toolkit-gocache'),
    };
    const bin = path.join(pod.dir, 'irsadriver');
    const t0 = Date.now();
    run(GO.path, ['build', '-o', bin, 'irsadriver'], { cwd: main, env });
    t.diagnostic(`go build: ${Date.now() - t0} ms`);
    driver = new Driver(bin, [], { cwd: pod.dir, env: pod.env });
    const r = await runScenario(pod, driver);
    t.diagnostic(summary('go', r));
    assertRefreshed(r, pod);
  });
});

/** GOPATH-mode build environment: Debian's SDK and `gopath`, no network, a shared build cache. */
function goEnv(gopath: string): NodeJS.ProcessEnv {
  return { ...process.env, GOPATH: `${GOPATH_SYSTEM}:${gopath}`, GO111MODULE: 'off', GOFLAGS: '', GOPROXY: 'off', GOCACHE: path.join(os.tmpdir(), 'irsa-toolkit-gocache') };
}

/**
 * The entry the one-shot-assume-role quick fix calls (issue #14): `CredentialsFor(roleArn,
 * roleSessionName)`, rendered into the package of the code that calls it (here `main`, as the fix
 * writes it next to the file it fixes), assumes the given role as the given session over the module's
 * first hop and hands out one cached provider per pair: asked for on every request, one AssumeRole.
 * The module is rendered for another destination role, so only the arguments can name the one STS is
 * asked for. And the quick fix's output for the rule's Go fixture (bad/reports.go) compiles with the
 * module it creates (`go vet`: type-checks, and gc's unused import / variable errors).
 */
describe('generated Go: CredentialsFor(roleArn, roleSessionName) and the fixed Go', () => {
  itNeedsTool(missing(), 'assumes the given role as the given session, once for 4 requests', { timeout: 300_000 }, async () => {
    if (!('path' in GO)) throw new Error('unreachable: itNeedsTool runs this only when go was found');
    const pod = await startPod('go-for', 0, { expiry: 'real' });
    let driver: Driver | undefined;
    try {
      const gopath = path.join(pod.dir, 'gopath');
      const main = path.join(gopath, 'src', 'irsadriverfor');
      fs.mkdirSync(main, { recursive: true });
      const other = { ...SCENARIO_CHAIN, destinationRoleArn: 'arn:aws:iam::333333333333:role/not-this-one' };
      const code = renderSdkCode(other, 'go', { packageName: 'main' });
      fs.writeFileSync(path.join(main, code.fileName), code.content);
      fs.copyFileSync(path.join(DRIVERS, 'driver_for.go'), path.join(main, 'main.go'));
      const bin = path.join(pod.dir, 'irsadriverfor');
      run(GO.path, ['build', '-o', bin, 'irsadriverfor'], { cwd: main, env: goEnv(gopath) });
      driver = new Driver(bin, [SCENARIO_CHAIN.destinationRoleArn, 'orders-fixed'], { cwd: pod.dir, env: pod.env });
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

  itNeedsTool(missing(), 'the quick fix of bad/reports.go compiles with the module it creates (go vet)', { timeout: 300_000 }, async () => {
    if (!('path' in GO)) throw new Error('unreachable: itNeedsTool runs this only when go was found');
    const parseCode = await loadCodeParser();
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'one-shot-assume-role', 'bad', 'reports.go'), 'utf8');
    const finding = lintDocuments([{ uri: 'file:///app/reports.go', text, version: 0 }], {}, { parseCode }).find((f) => f.ruleId === 'one-shot-assume-role');
    const fix = finding?.fixes?.[0];
    assert.ok(fix?.creates?.[0]?.packageName, 'the finding has a file-creating fix with a package');
    let fixed = text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
    const gopath = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-fixed-go-'));
    try {
      const pkg = path.join(gopath, 'src', 'reports');
      fs.mkdirSync(pkg, { recursive: true });
      const module = renderSdkCode(SCENARIO_CHAIN, 'go', { packageName: fix.creates[0].packageName });
      // The fixture itself builds (so a failure of the second vet is the fix's), then the fixed package.
      fs.writeFileSync(path.join(pkg, 'reports.go'), text);
      run(GO.path, ['vet', '.'], { cwd: pkg, env: goEnv(gopath) });
      fs.writeFileSync(path.join(pkg, module.fileName), module.content);
      fs.writeFileSync(path.join(pkg, 'reports.go'), fixed);
      run(GO.path, ['vet', '.'], { cwd: pkg, env: goEnv(gopath) });
    } finally {
      fs.rmSync(gopath, { recursive: true, force: true });
    }
  });
});
