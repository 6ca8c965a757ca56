/**
 * A workspace is untrusted input: `.irsa.yaml` and `.gitignore` come from whoever wrote the repository.
 * A FIFO, a link to `/dev/zero` or a huge file must be refused with a clear problem, never read
 * (issue 10, item 6). Reads that could block or grow without bound run in a child process with a
 * generous timeout, so that a regression fails the test instead of hanging the suite.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { isExcludedFile } from '../../server/src/lsp/scan';
import { discoverFiles, loadConfigFile } from '../../server/src/node/discover';
import { MAX_CONFIG_BYTES, readRegularFile } from '../../server/src/node/read';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-hostile-'));
  temps.push(d);
  return d;
}

/**
 * `require(module)[fn](...args)` in a child process, its result as JSON (hang guard: 30 s, then the
 * test fails instead of hanging the suite).
 */
function inChild(module: string, fn: string, ...args: unknown[]): unknown {
  const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(require.resolve(module))})[${JSON.stringify(fn)}](...${JSON.stringify(args)})))`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000, maxBuffer: 1024 * 1024 });
  assert.equal(r.signal, null, `${fn} did not return (killed by ${r.signal}): ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
function loadConfigInChild(root: string): ReturnType<typeof loadConfigFile> {
  return inChild('../../server/src/node/discover', 'loadConfigFile', root) as ReturnType<typeof loadConfigFile>;
}

const posix = process.platform !== 'win32';

describe('.irsa.yaml from an untrusted workspace', () => {
  it('a FIFO is refused at once with a problem at 1:1, not waited on', { skip: !posix }, () => {
    const root = tmp();
    execFileSync('mkfifo', [path.join(root, '.irsa.yaml')]);
    assert.deepEqual(loadConfigInChild(root), {
      path: path.join(root, '.irsa.yaml'),
      settings: {},
      problems: [{ line: 1, column: 1, message: 'the file is a FIFO, not a regular file; it was not read, so none of its settings apply' }],
    });
  });

  it('a symlink to /dev/zero is refused without reading it', { skip: !fs.existsSync('/dev/zero') }, () => {
    const root = tmp();
    fs.symlinkSync('/dev/zero', path.join(root, '.irsa.yaml'));
    assert.deepEqual(loadConfigInChild(root).problems, [
      { line: 1, column: 1, message: 'the file is a character device, not a regular file; it was not read, so none of its settings apply' },
    ]);
  });

  it('a file over 1 MiB is refused (a sparse 3 GiB file is not read either)', () => {
    const root = tmp();
    const p = path.join(root, '.irsa.yaml');
    fs.writeFileSync(p, 'rules: {}\n' + '#'.repeat(MAX_CONFIG_BYTES));
    assert.deepEqual(loadConfigFile(root).problems, [{ line: 1, column: 1, message: 'the file is larger than 1 MiB; it was not read, so none of its settings apply' }]);
    fs.truncateSync(p, 3 * 1024 * 1024 * 1024);
    assert.deepEqual(loadConfigInChild(root).problems, [{ line: 1, column: 1, message: 'the file is larger than 1 MiB; it was not read, so none of its settings apply' }]);
  });

  it('a folder named .irsa.yaml is a problem; a missing file is none', () => {
    const root = tmp();
    assert.deepEqual(loadConfigFile(root), { settings: {}, problems: [] });
    fs.mkdirSync(path.join(root, '.irsa.yaml'));
    assert.deepEqual(loadConfigFile(root).problems, [{ line: 1, column: 1, message: 'the file is a folder, not a regular file; it was not read, so none of its settings apply' }]);
  });
});

describe('readRegularFile', () => {
  it('reads a regular file (through a symlink) of exactly the bound; one byte more is refused', () => {
    const root = tmp();
    const p = path.join(root, 'a.yaml');
    fs.writeFileSync(p, 'x'.repeat(10));
    fs.symlinkSync(p, path.join(root, 'link.yaml'));
    assert.deepEqual(readRegularFile(path.join(root, 'link.yaml'), 10), { text: 'x'.repeat(10) });
    assert.deepEqual(readRegularFile(p, 9), { error: 'is larger than 9 bytes', reason: 'too-large' });
    assert.deepEqual(readRegularFile(path.join(root, 'nope.yaml'), 10), { error: 'ENOENT', reason: 'missing' });
  });
});

describe('.gitignore and ignore globs from an untrusted workspace', () => {
  it('a .gitignore over 1 MiB is reported as unreadable, not applied or read whole', () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, '.gitignore'), '#'.repeat(2 * 1024 * 1024));
    fs.writeFileSync(path.join(root, 'a.yaml'), 'kind: Pod\n');
    assert.deepEqual(discoverFiles(root), { files: [path.join(root, 'a.yaml')], errors: [{ path: path.join(root, '.gitignore'), message: 'is larger than 1 MiB' }], skipped: [] });
  });

  it('a .gitignore line of 500 000 spaces or backslashes then `x` is parsed in one pass and reported', () => {
    // `/(?<!\\)[ ]+$/` and `/\\+$/` retried the run from each of its characters: minutes.
    const root = tmp();
    fs.writeFileSync(path.join(root, '.gitignore'), ' '.repeat(500_000) + 'x\n' + '\\'.repeat(500_000) + 'x\n*.json\n');
    fs.writeFileSync(path.join(root, 'a.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(root, 'b.json'), '{}\n');
    assert.deepEqual(inChild('../../server/src/node/discover', 'discoverFiles', root), {
      files: [path.join(root, 'a.yaml')],
      errors: [],
      skipped: [{ path: path.join(root, '.gitignore'), message: 'line 1 is not applied: the glob is longer than 1000 characters; line 2 is not applied: the glob is longer than 1000 characters' }],
    });
  });

  it('the pattern-character bound covers a folder\'s .gitignore and its parents\' together', () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, '.gitignore'), Array.from({ length: 72 }, () => '*a' + '?'.repeat(220) + 'b').join('\n') + '\n');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', '.gitignore'), '*' + '?'.repeat(200) + '\n*.yaml\n');
    fs.writeFileSync(path.join(root, 'a.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(root, 'sub', 'b.yaml'), 'kind: Pod\n');
    assert.deepEqual(discoverFiles(root), {
      files: [path.join(root, 'a.yaml'), path.join(root, 'sub', 'b.yaml')],
      errors: [],
      skipped: [
        {
          path: path.join(root, 'sub', '.gitignore'),
          message: 'lines from 1 on are not applied: the .gitignore files of a folder may hold at most 16384 pattern characters in all (every path is tested against each line)',
        },
      ],
    });
  });

  it('a watched-file event below a hostile .gitignore and ignore glob is decided at once', () => {
    // isExcludedFile runs for every created or changed file the client reports.
    const root = tmp();
    const deep = path.join(root, ...Array(60).fill('a'), 'c.yaml');
    fs.mkdirSync(path.dirname(deep), { recursive: true });
    fs.writeFileSync(path.join(root, '.gitignore'), 'a/**/'.repeat(8) + 'b\n');
    assert.equal(inChild('../../server/src/lsp/scan', 'isExcludedFile', root, deep, ['*a*a*a*a*a*a*a*a*b']), false);
    assert.equal(inChild('../../server/src/lsp/scan', 'isExcludedFile', root, path.join(root, 'a'.repeat(150) + 'b.yaml'), ['*a*a*a*a*a*a*a*a*b']), false);
    // A folder whose name matches: everything below it is excluded.
    assert.equal(isExcludedFile(root, path.join(root, 'a'.repeat(150) + 'b', 'x.yaml'), ['*a*a*a*a*a*a*a*a*b']), true);
  });
});
