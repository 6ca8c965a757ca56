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
import { after, before, describe } from 'node:test';
import { renderSdkCode } from '../../shared/src/codegen';
import { findGo, itNeedsTool } from '../helpers/tools';
import { assertRefreshed, Driver, DRIVERS, LIFETIME_MS, Pod, REFRESH_WINDOW_MS, run, runScenario, SCENARIO_CHAIN, startPod, summary } from './harness';

const GOPATH_SYSTEM = '/usr/share/gocode';
const SDK = path.join(GOPATH_SYSTEM, 'src', 'github.com', 'aws', 'aws-sdk-go-v2');
const NEEDED = ['aws', 'config', 'credentials/stscreds', 'service/sts', 'service/dynamodb'];

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
