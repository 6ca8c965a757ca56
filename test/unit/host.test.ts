/**
 * The host module (server/src/node/host.ts), which the CLI and the language server both load
 * workspaces through (issue 12 item 1): how a file is read for the engine, and which root a path
 * belongs to.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace/workspace';
import { DISK, fileUri, findWorkspaceRoot, HostReader, isCheckedFileName, readSource } from '../../server/src/node';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-host-')));
  temps.push(d);
  return d;
}

describe('host module: readSource', () => {
  it('a small file is its text; a missing one is `missing`', () => {
    const dir = tmp();
    const f = path.join(dir, 'sa.yaml');
    fs.writeFileSync(f, 'kind: ServiceAccount\n');
    assert.deepEqual(readSource(f), { document: { uri: fileUri(f), text: 'kind: ServiceAccount\n', version: 0 } });
    assert.deepEqual(readSource(path.join(dir, 'gone.yaml')), { missing: true });
  });

  it('over 4 MiB: notRead when its head looks like an IRSA file, ignored otherwise; the engine reports notRead as parse-limit', () => {
    const dir = tmp();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, 'kind: Secret\ndata:\n  k: "' + 'x'.repeat(4 * 1024 * 1024) + '"\n');
    const lock = path.join(dir, 'package-lock.json');
    fs.writeFileSync(lock, '{"a": "' + 'x'.repeat(4 * 1024 * 1024) + '"}');
    const r = readSource(big);
    assert.deepEqual(r, { document: { uri: fileUri(big), text: '', version: 0, notRead: 'file is larger than 4 MiB' } });
    assert.deepEqual(readSource(lock), { ignored: 'larger than 4 MiB and not an IRSA file' });
    const ws = new Workspace();
    if (!('document' in r)) throw new Error('unreachable');
    ws.update(r.document);
    assert.deepEqual(
      ws.findings(fileUri(big)).map((f) => [f.ruleId, f.severity, f.message, f.range]),
      [['parse-limit', 'error', 'Not checked: file is larger than 4 MiB.', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]],
    );
    // Readable again (and small): the same URI gets its text and loses the finding.
    ws.update({ uri: fileUri(big), text: 'kind: Secret\n', version: 0 });
    assert.deepEqual(ws.findings(fileUri(big)), []);
  });

  it('a read failure (EACCES, injected: root reads everything) and a folder with a YAML name are notRead with the reason', () => {
    const dir = tmp();
    const f = path.join(dir, 'locked.yaml');
    fs.writeFileSync(f, 'kind: ServiceAccount\n');
    const denied: HostReader = { read: () => ({ error: 'EACCES', reason: 'io' }), head: DISK.head };
    assert.deepEqual(readSource(f, denied), { document: { uri: fileUri(f), text: '', version: 0, notRead: 'cannot read the file (EACCES)' } });
    const folder = path.join(dir, 'odd.yaml');
    fs.mkdirSync(folder);
    assert.deepEqual(readSource(folder), { document: { uri: fileUri(folder), text: '', version: 0, notRead: 'file is a folder, not a regular file' } });
  });

  it('a shell script that cannot be read or is too large is left out, not a finding (scripts are read only for their ccoctl commands)', () => {
    const dir = tmp();
    const f = path.join(dir, 'build.sh');
    fs.writeFileSync(f, 'echo hi\n');
    const denied: HostReader = { read: () => ({ error: 'EACCES', reason: 'io' }), head: DISK.head };
    assert.deepEqual(readSource(f, denied), { ignored: 'a shell script that cannot be read (EACCES)' });
    const huge: HostReader = { read: () => ({ error: 'larger than 4 MiB', reason: 'too-large' }), head: () => ({ text: 'ccoctl aws create-iam-roles --credentials-requests-dir ./cr\n' }) };
    assert.deepEqual(readSource(f, huge), { ignored: 'a shell script larger than 4 MiB' });
    // A manifest is still reported (its problems are unknown).
    assert.deepEqual(readSource(path.join(dir, 'locked.yaml'), denied), { document: { uri: fileUri(path.join(dir, 'locked.yaml')), text: '', version: 0, notRead: 'cannot read the file (EACCES)' } });
  });

  it('the one file-type filter: .yaml, .yml, .json and shell scripts (.sh, .bash) in any case, not .irsa.yaml', () => {
    assert.deepEqual(
      ['a.yaml', 'b.YML', 'c.Json', '.irsa.yaml', 'd.yaml.bak', 'e.sh', 'f.BASH', 'g.txt', 'Makefile'].map(isCheckedFileName),
      [true, true, true, false, false, true, true, false, false],
    );
  });

  it('file URIs are spelled as VS Code spells them', () => {
    assert.equal(fileUri('/a/b.yaml'), 'file:///a/b.yaml');
    assert.equal(fileUri('/a b/c@d:e.yaml'), 'file:///a%20b/c%40d%3Ae.yaml');
  });
});

describe('host module: findWorkspaceRoot', () => {
  it('nearest .irsa.yaml, stopping at the git work tree; else the work tree; else the folder', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'repo', 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.irsa.yaml'), 'rules: {}\n'); // above the work tree: not used
    fs.writeFileSync(path.join(dir, 'repo', 'a', 'b', 'x.yaml'), '');
    assert.deepEqual(findWorkspaceRoot(path.join(dir, 'repo', 'a', 'b', 'x.yaml')), { root: path.join(dir, 'repo'), kind: 'git' });
    fs.writeFileSync(path.join(dir, 'repo', 'a', '.irsa.yaml'), 'rules: {}\n');
    assert.deepEqual(findWorkspaceRoot(path.join(dir, 'repo', 'a', 'b', 'x.yaml')), { root: path.join(dir, 'repo', 'a'), configPath: path.join(dir, 'repo', 'a', '.irsa.yaml'), kind: 'config' });
    // A linked worktree or submodule has a `.git` file, not a folder: still the top of a work tree.
    fs.mkdirSync(path.join(dir, 'wt', 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'wt', '.git'), 'gitdir: /elsewhere\n');
    assert.deepEqual(findWorkspaceRoot(path.join(dir, 'wt', 'k8s')), { root: path.join(dir, 'wt'), kind: 'git' });
    // Outside any work tree and below no .irsa.yaml (the temp dir's own .irsa.yaml is removed first).
    fs.rmSync(path.join(dir, '.irsa.yaml'));
    fs.mkdirSync(path.join(dir, 'plain', 'sub'), { recursive: true });
    // (Assumes the system temp folder is in no git work tree, as on CI machines.)
    assert.deepEqual(findWorkspaceRoot(path.join(dir, 'plain', 'sub', 'missing.yaml')), { root: path.join(dir, 'plain', 'sub'), kind: 'folder' });
  });
});
