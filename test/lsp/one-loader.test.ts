/**
 * Issue 12 item 1 (acceptance): the CLI, the language server and the code generation command load a
 * workspace the same way (server/src/node/host.ts), so they give the same findings and the same role
 * chain — including for a file larger than the engine reads and a file that cannot be read.
 *
 * One temp workspace (examples/fixed, plus a cross-file mistake, a bad policy, an oversized
 * manifest, an oversized unrelated JSON file, a git-ignored file, an ignore-glob file and an
 * unreadable file) is checked by:
 * - `dist/cli.js . -f json` (spawned);
 * - `lint()`, the CLI's module, in process, with the unreadable file simulated by an injected
 *   read failure (EACCES), since the test may run as root;
 * - the language server over stdio: its published diagnostics, the `irsa/chains` request, and the
 *   code generation command itself (client/src/commands/codegen.ts over a fake `vscode`) sending
 *   that request to the server.
 * As root, `chmod 000` does not stop a read: the spawned CLI and server then run as `nobody`, as
 * test/unit/cli.test.ts does for the CLI. Build first: `node esbuild.mjs && npx tsc -b`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { lint } from '../../server/src/cli/lint';
import type { Finding } from '../../server/src/engine/types';
import { chainTargets } from '../../shared/src/codegen/targets';
import { CHAINS_METHOD, ChainsResult } from '../../shared/src/protocol';
import { DISK, fileUri, HostReader } from '../../server/src/node';
import Module = require('node:module');
import { renderSdkCode, SDK_LANGUAGE_LABELS, SDK_LANGUAGES } from '../../shared/src/codegen';
import { REPO_ROOT } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lsp-client';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
/** `nobody`: as root every file is readable, so the spawned CLI and server run as this user then. */
const IDS = AS_ROOT ? { uid: 65534, gid: 65534 } : {};
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

/** One finding, as both outputs can say it: file relative to the workspace, rule, severity, message, 0-based range. */
type Row = string;
const row = (file: string, ruleId: string, severity: string, message: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): Row =>
  `${file}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${severity} ${ruleId} ${message}`;

/**
 * Runs `IRSA: Generate Refresh-Aware SDK Code…` (client/src/commands/codegen.ts) over a minimal fake
 * of the `vscode` API (no editor open; every picker takes its first item) against `send`, the
 * language client's request function; returns the new untitled document's content and what was shown.
 */
async function runCodegenCommand(send: (method: string, params: unknown) => Promise<unknown>): Promise<{ content?: string; language?: string; picks: string[]; warnings: string[] }> {
  const seen = { content: undefined as string | undefined, language: undefined as string | undefined, picks: [] as string[], warnings: [] as string[] };
  const fakeVscode = {
    ProgressLocation: { Window: 10 },
    Uri: { parse: (u: string) => ({ toString: () => u }) },
    window: {
      activeTextEditor: undefined,
      withProgress: <T>(_o: unknown, task: () => Promise<T>) => task(),
      showQuickPick: async <T extends { label: string }>(items: T[]) => {
        seen.picks.push(...items.map((i) => i.label));
        return items[0];
      },
      showWarningMessage: async (m: string) => void seen.warnings.push(m),
      showErrorMessage: async (m: string) => void seen.warnings.push(m),
      showTextDocument: async () => undefined,
    },
    workspace: {
      asRelativePath: (u: { toString(): string }) => u.toString(),
      openTextDocument: async (o: { language: string; content: string }) => {
        seen.content = o.content;
        seen.language = o.language;
        return {};
      },
    },
  };
  type ResolveFilename = (this: unknown, request: string, ...rest: unknown[]) => string;
  const M = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };
  const realResolve = M._resolveFilename;
  const id = path.join(os.tmpdir(), 'irsa-one-loader-fake-vscode.js');
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? id : realResolve.call(this, request, ...rest);
  } as ResolveFilename;
  M._cache[id] = { id, filename: id, loaded: true, exports: fakeVscode };
  try {
    const { generateSdkCode } = require('../../client/src/commands/codegen') as typeof import('../../client/src/commands/codegen');
    await generateSdkCode({ isRunning: () => true, sendRequest: <R>(method: string, params: unknown) => send(method, params) as Promise<R> });
  } finally {
    M._resolveFilename = realResolve;
  }
  return seen;
}

const temps: string[] = [];
after(() => {
  for (const t of temps) {
    try {
      fs.chmodSync(path.join(t, 'locked.yaml'), 0o644);
    } catch {
      // already gone
    }
    fs.rmSync(t, { recursive: true, force: true });
  }
});

const BAD_POLICY = '{\n  "Version": "2021-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n';

/** The workspace; returns its folder (readable by `nobody`). */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-one-loader-'));
  temps.push(dir);
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'fixed'), dir, { recursive: true });
  fs.appendFileSync(path.join(dir, '.irsa.yaml'), 'ignore: ["vendor/**"]\n');
  const write = (rel: string, text: string | Buffer): string => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  // A cross-file mistake: the Deployment mounts the CR's Secret but runs as another service account.
  const deployment = fs.readFileSync(path.join(dir, 'deployment.yaml'), 'utf8');
  write('apps/other.yaml', deployment.replace('name: my-app\n', 'name: other-app\n').replace('serviceAccountName: dev-db-reader', 'serviceAccountName: wrong-sa'));
  write('policy.json', BAD_POLICY);
  // None of ours but broken, found by walking the folder: not parsed by any host (only a file named on
  // the command line or open in the editor is checked for syntax; cli-first-run.test.ts).
  write('ci/pipeline.yaml', 'jobs:\n  build:\n    steps: [\n');
  // 17 MiB, as in the issue (the editor used to say nothing past 16 MiB): more than the engine reads
  // (4 MiB); its head says it is a Secret, so it is reported.
  write('big.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\n  namespace: my-namespace\ndata:\n' + '  k: "' + 'x'.repeat(17 * 1024 * 1024) + '"\n');
  // 5 MiB of JSON that is none of ours (a lock file): left out silently by every host.
  write('package-lock.json', '{"name": "x", "packages": {' + '"a": 1, '.repeat(700_000) + '"z": 0}}\n');
  // Excluded by .gitignore and by the ignore glob: never loaded, whatever they contain.
  write('.gitignore', 'build/\n');
  write('build/policy.json', BAD_POLICY);
  write('vendor/policy.json', BAD_POLICY);
  const locked = write('locked.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: locked\n');
  fs.chmodSync(locked, 0o000);
  for (const d of [dir, ...fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))]) fs.chmodSync(d, 0o755);
  return dir;
}

/** The rows every host must give on the workspace of {@link makeWorkspace} (which the comparisons are not vacuous about). */
const EXPECTED_SUBSET: Row[] = [
  row('big.yaml', 'parse-limit', 'error', 'Not checked: file is larger than 4 MiB.', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
  row('locked.yaml', 'parse-limit', 'error', 'Not checked: cannot read the file (EACCES).', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
];

function sorted(rows: Row[]): Row[] {
  return [...rows].sort();
}

describe('one loader: CLI, language server and code generation agree (issue 12 item 1)', () => {
  it('same findings and the same chain on one workspace, with an oversized and an unreadable file', { skip: process.platform === 'win32' ? 'no chmod 000 / uid switch on Windows' : false }, async () => {
    const dir = makeWorkspace();

    // 1. The CLI, as shipped.
    const r = spawnSync(process.execPath, [CLI, '.', '-f', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, ...IDS });
    assert.equal(r.status, 2, r.stderr); // an unreadable file makes the check incomplete
    assert.equal(r.stderr, 'irsa-lint: cannot read locked.yaml: EACCES\n');
    const json = JSON.parse(r.stdout) as { files: { file: string; findings: { ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[] }[] };
    const cliRows = sorted(
      json.files.flatMap((f) =>
        f.findings.map((x) => row(f.file, x.ruleId, x.severity, x.message, { start: { line: x.line - 1, character: x.column - 1 }, end: { line: x.endLine - 1, character: x.endColumn - 1 } })),
      ),
    );
    for (const e of EXPECTED_SUBSET) assert.ok(cliRows.includes(e), `CLI misses ${e}\n${cliRows.join('\n')}`);
    assert.ok(cliRows.some((x) => x.startsWith('apps/other.yaml:') && x.includes(' service-account-mismatch ')), cliRows.join('\n'));
    assert.ok(cliRows.some((x) => x.startsWith('policy.json:') && x.includes(' iam-version ')), cliRows.join('\n'));
    assert.ok(!cliRows.some((x) => /^(build|vendor)\/|^package-lock\.json:/.test(x)), cliRows.join('\n'));

    // 2. The CLI's module in process, the unreadable file simulated (root reads everything).
    const reader: HostReader = {
      read: (file, max) => (path.basename(file) === 'locked.yaml' ? { error: 'EACCES', reason: 'io' } : DISK.read(file, max)),
      head: (file, max) => DISK.head(file, max),
    };
    const report = lint({ paths: ['.'], rules: {}, format: 'json' } as unknown as Parameters<typeof lint>[0], dir, { reader });
    const rel = (uri: string): string => path.relative(dir, new URL(uri).pathname).split(path.sep).join('/');
    const moduleRows = sorted(report.files.flatMap((f) => f.findings.map((x: Finding) => row(rel(x.uri), x.ruleId, x.severity, x.message, x.range))));
    assert.deepEqual(moduleRows, cliRows);

    // 3. The language server over stdio, as the editor runs it.
    const client = await LspTestClient.start({ folders: [dir], ...IDS });
    try {
      await client.request('irsa/validateWorkspace', undefined, 60_000);
      const lspRows = sorted(
        [...client.diagnostics.values()].flatMap((p) => p.diagnostics.map((d: Diagnostic) => row(rel(p.uri), String(d.code), SEVERITY[d.severity ?? 1], typeof d.message === 'string' ? d.message : d.message.value, d.range))),
      );
      assert.deepEqual(lspRows, cliRows);

      // 4. Code generation: the chain the server offers is the chain of the CLI's workspace.
      const chains = await client.request<ChainsResult>(CHAINS_METHOD, {}, 30_000);
      const fromCli = chainTargets(report.workspace!);
      assert.equal(chains.targets.length, 1);
      assert.deepEqual(chains.targets, fromCli);
      assert.deepEqual(chains.targets[0]!.chain, {
        destinationRoleArn: 'arn:aws:iam::444455556666:role/dynamodb-reader',
        roleSessionName: 'dev-dynamodb-reader',
        region: 'eu-west-2',
        durationSeconds: 3600,
        configFile: '/var/run/secrets/cloud/credentials',
        tokenFile: '/var/run/secrets/openshift/serviceaccount/token',
        sourceRoleArn: 'arn:aws:iam::111122223333:role/my-namespace-creds-my-namespace-dev-dynamodb-reader',
      });
      // The command itself, through the running server: the one set is taken without a picker, and the
      // generated code is the code of the CLI's chain.
      const command = await runCodegenCommand((method, params) => client.request(method, params, 30_000));
      assert.deepEqual(command.warnings, []);
      assert.deepEqual(command.picks, SDK_LANGUAGES.map((l) => SDK_LANGUAGE_LABELS[l]));
      assert.equal(command.language, 'typescript');
      assert.equal(command.content, renderSdkCode(fromCli[0]!.chain, 'typescript').content);
      // At the cursor in the Deployment: the same chain.
      const atCursor = await client.request<ChainsResult>(CHAINS_METHOD, { uri: fileUri(path.join(dir, 'deployment.yaml')), position: { line: 12, character: 6 } }, 30_000);
      assert.deepEqual(atCursor.atCursor, chains.targets[0]!.chain);
    } finally {
      await client.stop();
    }
  });
});
