// A throwaway code-server: own user-data, extensions and XDG folders under one temp root, bound to
// 127.0.0.1 on a free port, no auth, telemetry and update checks off, workspace trust settled in the
// user settings. Run with the Node 24 that test/e2e/setup.mjs installed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './env.mjs';

/**
 * User settings for the test profile. Everything that could pop up over the workbench or reach the
 * network is off; the Problems view is a table so each row has code, message, file and position.
 */
export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'workbench.editor.untitled.hint': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'files.simpleDialog.enable': true,
  'editor.minimap.enabled': false,
  'editor.accessibilitySupport': 'off',
  'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'on' },
  'editor.suggest.showStatusBar': false,
  'editor.acceptSuggestionOnEnter': 'on',
  'problems.defaultViewMode': 'table',
  'problems.autoReveal': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'workbench.remoteIndicator.showExtensionRecommendations': false,
  'redhat.telemetry.enabled': false,
};

/**
 * Creates `<root>/{user-data,extensions,xdg}` and writes the user settings.
 * @returns the folder paths.
 */
export function prepareProfile(root) {
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg', 'config'),
    xdgData: join(root, 'xdg', 'data'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return dirs;
}

function env(dirs) {
  return {
    ...process.env,
    // code-server writes its config.yaml / state under XDG folders; keep them in the temp root.
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    // No marketplace: nothing may leave 127.0.0.1.
    EXTENSIONS_GALLERY: '{"serviceUrl":"http://127.0.0.1:9/"}',
    PASSWORD: '',
  };
}

function baseArgs(setup, dirs) {
  return [setup.codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check'];
}

/**
 * `code-server --install-extension <vsix>`; returns the CLI output. Throws with that output when the
 * install fails or the extension is not listed afterwards.
 */
export function installExtension(setup, dirs, vsix, extensionId) {
  const r = spawnSync(setup.node24, [...baseArgs(setup, dirs), '--force', '--install-extension', vsix], { encoding: 'utf8', env: env(dirs), timeout: 120_000 });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}):\n${out}`);
  const list = spawnSync(setup.node24, [...baseArgs(setup, dirs), '--list-extensions', '--show-versions'], { encoding: 'utf8', env: env(dirs), timeout: 60_000 });
  if (!list.stdout.toLowerCase().includes(extensionId.toLowerCase())) {
    throw new Error(`${extensionId} not listed after install:\n${out}\n--list-extensions:\n${list.stdout}${list.stderr}`);
  }
  return out + list.stdout;
}

/**
 * Starts code-server on 127.0.0.1:<free port> opening `folder`; resolves once it logs that the HTTP
 * server listens (or rejects with its output when it exits or `timeoutMs` passes).
 * @returns `{ url, port, proc, output(), stop() }`; `url` opens `folder`.
 */
export async function startCodeServer(setup, dirs, folder, timeoutMs = 60_000) {
  const port = await freePort();
  const args = [...baseArgs(setup, dirs), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened', folder];
  const proc = spawn(setup.node24, args, { env: env(dirs), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const onData = (b) => { output += b.toString(); };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${output}`)); }, timeoutMs);
    const check = () => { if (/HTTP server listening on/.test(output)) { cleanup(); resolveStart(); } };
    const onExit = (code) => { cleanup(); reject(new Error(`code-server exited (${code}) before listening:\n${output}`)); };
    function cleanup() {
      clearTimeout(timer);
      proc.stdout.off('data', check);
      proc.stderr.off('data', check);
      proc.off('exit', onExit);
    }
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    proc.on('exit', onExit);
  });
  const stop = () => new Promise((resolveStop) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolveStop();
    proc.once('exit', () => resolveStop());
    // The whole process group: code-server forks the VS Code server, the extension host and our server.
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { resolveStop(); }
    setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
  });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  return { url, port, proc, output: () => output, stop };
}
