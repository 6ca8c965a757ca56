/**
 * `npm run test:vscode`: the integration suite (test/vscode/suite) inside a real VS Code (Electron)
 * through @vscode/test-electron, on a temp copy of examples/guide.
 *
 * VS Code comes from VSCODE_EXECUTABLE_PATH, or is downloaded when IRSA_VSCODE_DOWNLOAD=1 (tests make
 * no network traffic by default). Without either — or without an X display on Linux — the suite is
 * SKIPPED: it prints why and exits with code 77 (the automake "skipped" status), which is neither a
 * pass (0) nor an ordinary failure, and prints no test count.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const EXIT_SKIPPED = 77;

function skip(reason: string): never {
  process.stdout.write(`test:vscode skipped: ${reason}\n`);
  process.exit(EXIT_SKIPPED);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..'); // out/test/vscode → repository root
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let executable = process.env.VSCODE_EXECUTABLE_PATH;
  if (!executable) {
    if (process.env.IRSA_VSCODE_DOWNLOAD !== '1') {
      skip('VSCODE_EXECUTABLE_PATH is not set and downloading VS Code is not allowed (set IRSA_VSCODE_DOWNLOAD=1 to download it into .vscode-test/).');
    }
    try {
      executable = await downloadAndUnzipVSCode({ version: 'stable', cachePath: path.join(root, '.vscode-test'), timeout: 120_000 });
    } catch (e) {
      skip(`VS Code could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
    skip(`no X display for Electron (DISPLAY unset); run it as \`xvfb-run -a npm run test:vscode\`${xvfb.status === 0 ? '' : ' (apt-get install xvfb)'}.`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'irsa-vscode-'));
  const workspace = path.join(work, 'guide');
  cpSync(path.join(root, 'examples', 'guide'), workspace, { recursive: true });
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index'),
      extensionTestsEnv: { IRSA_TEST_WORKSPACE: workspace },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(work, 'user-data')],
    });
    process.exit(code);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`test:vscode failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
