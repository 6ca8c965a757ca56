/**
 * System tools some tests need (python3 with boto3, the Go toolchain with aws-sdk-go-v2, gofmt).
 *
 * `npm test` must pass on a machine with only Node.js, so a test whose tool is absent is skipped
 * with a reason that says what to install. `.ci/run` installs every tool and sets
 * IRSA_REQUIRE_TOOLS=1: then an absent tool fails the test instead, so CI cannot pass by skipping.
 *
 * Tools are looked up on PATH only (no hard-coded /usr/bin fallbacks), so a PATH without them is
 * exactly "a machine without them".
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it, type TestContext, type TestOptions } from 'node:test';

/** True when `IRSA_REQUIRE_TOOLS=1` (set by `.ci/run`): a missing tool fails instead of skipping. */
export function toolsRequired(): boolean {
  return process.env['IRSA_REQUIRE_TOOLS'] === '1';
}

/** Every executable file named `name` in the PATH directories, in PATH order. */
export function allOnPath(name: string): string[] {
  const found: string[] = [];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) found.push(p);
    } catch {
      // not here; next PATH entry
    }
  }
  return found;
}

/** First executable file named `name` in a PATH directory, or undefined. */
export function onPath(name: string): string | undefined {
  return allOnPath(name)[0];
}

/**
 * The first python3 on PATH that imports boto3 (with -s -E, as the SDK test runs it), resolved to its real
 * executable (a pyenv shim needs its own environment; the resolved binary does not).
 * Returns `{ path }` or `{ missing }` (why, and what to install).
 */
export function findPythonWithBoto3(): { path: string } | { missing: string } {
  const pythons = allOnPath('python3');
  if (!pythons.length) return { missing: 'no python3 on PATH; install python3-boto3 (apt-get install python3-boto3)' };
  // The first python3 may be a pyenv/venv one without boto3 while Debian's /usr/bin/python3 has it.
  for (const python of pythons) {
    const r = spawnSync(python, ['-s', '-E', '-c', 'import sys, boto3; print(sys.executable)'], { encoding: 'utf8', timeout: 60_000 });
    const exe = r.stdout?.trim();
    if (r.status === 0 && exe) return { path: exe };
  }
  return { missing: `no python3 on PATH imports boto3 (tried ${pythons.join(', ')}); install python3-boto3 (apt-get install python3-boto3)` };
}

/** The Go toolchain on PATH, or `{ missing }`. */
export function findGo(): { path: string } | { missing: string } {
  const go = onPath('go');
  return go ? { path: go } : { missing: 'no go on PATH; install golang (apt-get install golang golang-github-aws-aws-sdk-go-v2-dev)' };
}

/** gofmt on PATH, or `{ missing }`. */
export function findGofmt(): { path: string } | { missing: string } {
  const gofmt = onPath('gofmt');
  return gofmt ? { path: gofmt } : { missing: 'no gofmt on PATH; install golang (apt-get install golang)' };
}

/** Narrows a find* result: the reason when the tool is missing, else undefined. */
export function missingReason(found: { path: string } | { missing: string }): string | undefined {
  return 'missing' in found ? found.missing : undefined;
}


/**
 * `it(name, options, fn)` for a test that needs a system tool. `missing` is undefined when the tool
 * is present (the test runs), else the reason: the test is skipped with "needs a system tool: <reason>"
 * (the line `npm test` prints), or, with IRSA_REQUIRE_TOOLS=1, registered as a failing test that
 * names the tool — never silently passed.
 */
export function itNeedsTool(missing: string | undefined, name: string, options: TestOptions, fn: (t: TestContext) => void | Promise<void>): void {
  if (missing === undefined) {
    it(name, options, fn);
  } else if (toolsRequired()) {
    it(name, options, () => {
      throw new Error(`IRSA_REQUIRE_TOOLS=1 and a system tool is missing: ${missing}`);
    });
  } else {
    it(name, { ...options, skip: `SKIPPED, needs a system tool: ${missing}` }, fn);
  }
}
