// The language server is editor-agnostic: Debian's Neovim (0.7, headless) runs `dist/server.js
// --stdio` through its built-in LSP client on a copy of examples/guide, opens the Deployment, the
// CredentialsRequest and the trust policy, and must see exactly the diagnostics `irsa-lint` reports
// for those files (rule id, line, column) — both as published and as vim.diagnostic holds them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliFindings, copyGuide, ROOT, tempDir } from '../lib/env.mjs';

const FILES = ['deployment.yaml', 'credrequests/assume-dev-dynamodb-reader.yaml', 'destination-account/dynamodb-reader-trust-policy.json'];
const NVIM = process.env.IRSA_NVIM ?? '/usr/bin/nvim';
const SERVER = join(ROOT, 'dist', 'server.js');
const TIMEOUT_MS = Number(process.env.IRSA_E2E_WAIT_MS ?? 60_000);

const key = (f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`;

test('Neovim shows the same diagnostics as irsa-lint for the guide', { skip: !existsSync(NVIM) && process.env.IRSA_REQUIRE_TOOLS !== '1' && `SKIPPED, needs a system tool: ${NVIM} missing; install neovim (apt-get install neovim, or node test/e2e/setup.mjs)` }, () => {
  assert.ok(existsSync(NVIM), `IRSA_REQUIRE_TOOLS=1 and a system tool is missing: ${NVIM}; install neovim`);
  assert.ok(existsSync(SERVER), `${SERVER} missing: build first (npm run build)`);
  const root = tempDir('irsa-nvim-');
  try {
    const ws = copyGuide(root);
    const out = join(root, 'diagnostics.json');
    const t = Date.now();
    const r = spawnSync(NVIM, ['--headless', '--clean', '-u', join(ROOT, 'test', 'e2e', 'neovim', 'init.lua')], {
      encoding: 'utf8',
      cwd: ws,
      env: { ...process.env, IRSA_ROOT: ws, IRSA_SERVER: SERVER, IRSA_FILES: FILES.join(','), IRSA_OUT: out, IRSA_TIMEOUT_MS: String(TIMEOUT_MS), IRSA_NODE: process.execPath },
      timeout: TIMEOUT_MS + 30_000,
    });
    process.stderr.write(`[neovim] nvim ran ${Date.now() - t} ms, exit ${r.status}\n`);
    assert.ok(existsSync(out), `nvim wrote no result (exit ${r.status} ${r.signal ?? ''}):\n${r.stdout}\n${r.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(result.status, 'ok', `nvim: ${result.status}; server log:\n${(result.log ?? []).join('\n')}`);
    assert.equal(r.status, 0, r.stderr);

    const cli = cliFindings(ws).filter((f) => FILES.includes(f.file)).map(key).sort();
    // The guide's deprecated `serviceAccount:` (Deployment line 31) must be among them.
    assert.ok(cli.includes('deployment.yaml:31:7 deprecated-service-account'), `irsa-lint: ${cli.join(', ')}`);
    const published = [];
    const shown = [];
    for (const file of FILES) {
      for (const d of result.files[file].lsp) published.push(key({ file, ...d }));
      for (const d of result.files[file].editor) shown.push(key({ file, ...d }));
    }
    process.stderr.write(`[neovim] diagnostics: ${published.sort().join(', ')}\n`);
    assert.deepEqual(published.sort(), cli, 'publishDiagnostics received by Neovim differs from irsa-lint');
    assert.deepEqual(shown.sort(), cli, 'vim.diagnostic.get() differs from irsa-lint');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
