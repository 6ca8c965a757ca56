/**
 * The language snippets (snippets/{typescript,javascript,python,go,java}.json): prefixes start with
 * `irsa-`, placeholders are tab stops, and each snippet, expanded with its defaults, is code that
 * compiles or parses: tsc against the real @aws-sdk packages (TypeScript), `node --check`
 * (JavaScript), `py_compile` with python3 (Python), `gofmt -e` (Go) — those two skipped, saying
 * what to install, when the tool is not on PATH (fail under IRSA_REQUIRE_TOOLS=1). Java has no compiler
 * here: its expansion is only checked for balanced brackets and the refreshing provider.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';
import { findGofmt, itNeedsTool, missingReason, onPath } from '../helpers/tools';
import { expandSnippet, parseSnippet, tabStops } from '../helpers/snippets';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const LANGS = ['typescript', 'javascript', 'python', 'go', 'java'] as const;

function load(lang: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', `${lang}.json`), 'utf8')) as Record<string, Snippet>;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-snippets-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function mustRun(cmd: string, args: string[], cwd = tmp): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
}

describe('language snippets', () => {
  for (const lang of LANGS) {
    it(`${lang}: irsa- prefixes, tab stops, and the refreshing provider`, () => {
      const snippets = Object.values(load(lang));
      assert.ok(snippets.length >= 1);
      for (const s of snippets) {
        assert.match(s.prefix, /^irsa-/);
        const body = s.body.join('\n');
        const text = expandSnippet(body);
        assert.ok(tabStops(parseSnippet(body)).size >= 4, 'placeholders are tab stops');
        assert.match(text, /fromTemporaryCredentials|AssumeRoleCredentialFetcher|NewAssumeRoleProvider|StsAssumeRoleCredentialsProvider/);
        assert.match(text, /3600/);
        assert.match(text, /dev-dynamodb-reader/);
      }
    });
  }

  it('typescript: the expansion type-checks with tsc against @aws-sdk', { timeout: 180_000 }, () => {
    const dir = path.join(tmp, 'ts');
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const files = Object.values(load('typescript')).map((s, n) => {
      const f = `snippet${n}.ts`;
      fs.writeFileSync(path.join(dir, f), expandSnippet(s.body.join('\n')));
      return f;
    });
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: ['node_modules/@types'] }, files }),
    );
    mustRun(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);
  });

  it('javascript: the expansion parses as an ES module (node --check)', () => {
    for (const [n, s] of Object.values(load('javascript')).entries()) {
      const f = path.join(tmp, `snippet${n}.mjs`);
      fs.writeFileSync(f, expandSnippet(s.body.join('\n')));
      mustRun(process.execPath, ['--check', f]);
    }
  });

  const python3 = onPath('python3');
  itNeedsTool(python3 ? undefined : 'no python3 on PATH; install python3 (apt-get install python3)', 'python: the expansion compiles (py_compile)', {}, () => {
    for (const [n, s] of Object.values(load('python')).entries()) {
      const f = path.join(tmp, `snippet${n}.py`);
      fs.writeFileSync(f, expandSnippet(s.body.join('\n')));
      mustRun(python3!, ['-c', 'import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[1]+"c", doraise=True)', f]);
    }
  });

  const gofmt = findGofmt();
  itNeedsTool(missingReason(gofmt), 'go: the expansion parses and is gofmt-clean inside a file (gofmt -l -e)', {}, () => {
    if (!('path' in gofmt)) throw new Error('unreachable: itNeedsTool runs this only when gofmt was found');
    const bin = gofmt.path;
    for (const [n, s] of Object.values(load('go')).entries()) {
      const f = path.join(tmp, `snippet${n}.go`);
      fs.writeFileSync(f, `package irsa\n\n${expandSnippet(s.body.join('\n')).trimEnd()}\n`);
      const r = spawnSync(bin, ['-l', '-e', f], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '', 'gofmt would reformat the snippet');
    }
  });

  it('java: the expansion has balanced brackets (not compiled: no JDK here)', () => {
    for (const s of Object.values(load('java'))) {
      const text = expandSnippet(s.body.join('\n')).replace(/"(?:[^"\\]|\\.)*"/g, '""');
      for (const [open, close] of [['(', ')'], ['{', '}'], ['[', ']']] as const) {
        assert.equal(text.split(open).length, text.split(close).length, `${open}${close} balanced`);
      }
    }
  });
});
