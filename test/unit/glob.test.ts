/**
 * The linear-time glob matcher (engine/glob.ts) and `.gitignore` matcher (node/gitignore.ts) that
 * replaced picomatch and the `ignore` package (issue 10, item 6): the same answers on ordinary
 * patterns (differential tests with a fixed seed against both libraries, which stay dev-only
 * references here), exact results on documented cases, and bounded work on hostile patterns.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { parseConfig } from '../../server/src/engine/config';
import { compileGlob, Glob, globMatcher, globWork, MAX_GLOB_LIST_CHARS } from '../../server/src/engine/glob';
import { readEditorSettings } from '../../server/src/lsp/settings';
import { GitIgnore, MAX_GITIGNORE_PATTERN_CHARS } from '../../server/src/node/gitignore';

const glob = (p: string): Glob => {
  const g = compileGlob(p);
  if ('error' in g) throw new Error(g.error);
  return g;
};

/** Relative paths as discovery produces them: no leading `/`, no empty, `.` or `..` segments. */
const pathArb = fc
  .array(fc.constantFrom('a', 'b', 'x', '.', '-', 'ab', '.yaml', 'A', '{a}', '*', 'vendor'), { minLength: 1, maxLength: 4 })
  .chain((segs) => fc.array(fc.constant(segs), { minLength: 1, maxLength: 3 }).map((parts) => parts.map((s) => s.join('')).join('/')))
  .filter((p) => !/(^|\/)\.\.?(\/|$)/.test(p));

describe('glob: the picomatch syntax it replaces', () => {
  it('documented cases', () => {
    const cases: [string, string, boolean][] = [
      ['vendor/**', 'vendor', true],
      ['vendor/**', 'vendor/', true],
      ['vendor/**', 'vendor/a/b.yaml', true],
      ['vendor/**', 'vendored/a.yaml', false],
      ['**/*.tmpl.yaml', 'a.tmpl.yaml', true],
      ['**/*.tmpl.yaml', 'deep/er/a.tmpl.yaml', true],
      ['**/*.tmpl.yaml', 'a.tmpl.yml', false],
      ['*.json', '.hidden.json', true],
      ['*.json', 'dir/a.json', false],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['{charts,helm}/**', 'helm/x.yaml', true],
      ['{a,b/c}.yaml', 'b/c.yaml', true],
      ['docs/[a-c]?.yaml', 'docs/b1.yaml', true],
      ['docs/[!a]?.yaml', 'docs/a1.yaml', false],
      ['docs/[^a]?.yaml', 'docs/b1.yaml', true],
      ['[[:digit:]]*.yaml', '1.yaml', true],
      ['@(dev|prod)/*.yaml', 'prod/a.yaml', true],
      ['+(a).yaml', 'aaa.yaml', true],
      ['\\*.yaml', '*.yaml', true],
      ['\\*.yaml', 'a.yaml', false],
      ['./vendor/**', 'vendor/a.yaml', true],
      ['!keep/**', 'other.yaml', true],
      ['!keep/**', 'keep/a.yaml', false],
      ['vendor/*', 'vendor/', false],
    ];
    for (const [p, s, expected] of cases) assert.equal(glob(p).test(s), expected, `${p} ~ ${s}`);
  });

  it('agrees with picomatch (dot: true) on random patterns (fixed seed)', () => {
    // `[!…]` is left out: picomatch 4 compiles it to a class of `!` and the listed characters, where
    // bash, git and this matcher negate.
    const tokens = ['a', 'b', '.', '/', '*', '**', '?', '[ab]', '[^a]', '[a-c]', '{a,b}', '{a/b,c}', '-', 'x', '.yaml', '/**', '**/', '@(a|b)', '+(a)', '\\*', '[[:alpha:]]', '{a,{b,c}}', '{a}', 'vendor/**'];
    const patternArb = fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 5 }).map((t) => t.join(''));
    // Shapes where picomatch's output is a quirk of its regex construction, not a glob meaning:
    // `)?` read as a regex quantifier, `**` inside a segment crossing `/`, `*(…)` right after `*`,
    // and `x*/**` requiring the slash while `x/**` does not.
    const quirk = (p: string): boolean => /\)\?|[^/]\*\*|\*\*[^/]|\*\*\(|\*\/\*\*/.test(p);
    fc.assert(
      fc.property(patternArb.filter((p) => !quirk(p)), pathArb, (p, s) => {
        assert.equal(glob(p).test(s), picomatch(p, { dot: true })(s), `${p} ~ ${s}`);
      }),
      { seed: 20261206, numRuns: 20_000 },
    );
  });

  it('unsupported syntax is an error, not a silent mismatch', () => {
    assert.deepEqual(compileGlob('!(a).yaml'), { error: 'negated extglobs `!(…)` are not supported (column 1); use a leading `!` on the whole pattern' });
    assert.deepEqual(compileGlob('file{1..3}.yaml'), { error: 'brace ranges such as `{1..3}` are not supported; list the values, e.g. `{1,2,3}`' });
    assert.deepEqual(compileGlob('{a,b'), { error: '`{` at column 1 is never closed' });
    assert.deepEqual(compileGlob('a'.repeat(1001)), { error: 'the glob is longer than 1000 characters' });
  });

  it('.irsa.yaml ignore globs and irsa.workspace.exclude report what does not compile', () => {
    const text = 'ignore:\n  - "vendor/**"\n  - "x/{1..9}/**"\n';
    assert.deepEqual(parseConfig(text).problems, [{ offset: text.indexOf('"x/'), message: 'ignore glob `x/{1..9}/**`: brace ranges such as `{1..9}` are not supported; list the values, e.g. `{1,2,3}`' }]);
    const { settings, problems } = readEditorSettings({ workspace: { exclude: ['charts/**', '!(a)'] } });
    assert.deepEqual(settings.exclude, ['charts/**']);
    assert.deepEqual(problems, ['irsa.workspace.exclude: `!(a)`: negated extglobs `!(…)` are not supported (column 1); use a leading `!` on the whole pattern']);
  });

  it('a list past 256 globs or 4096 characters is cut, with a problem at the first glob left out', () => {
    const text = 'ignore:\n' + Array.from({ length: 300 }, (_, i) => `  - "g${i}"\n`).join('');
    const { settings, problems } = parseConfig(text);
    assert.deepEqual(settings.ignore, Array.from({ length: 256 }, (_, i) => `g${i}`));
    assert.deepEqual(problems, [{ offset: text.indexOf('"g256"'), message: '`ignore`: at most 256 globs of 4096 characters in all are used (every path is tested against each); 44 from the 257th on are left out' }]);
    const long = ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(1000), 'd'.repeat(1000), 'e'.repeat(97), 'f'];
    const editor = readEditorSettings({ workspace: { exclude: long } });
    assert.deepEqual(editor.settings.exclude, long.slice(0, 4));
    assert.deepEqual(editor.problems, ['irsa.workspace.exclude: at most 256 globs of 4096 characters in all are used (every path is tested against each); 2 from the 5th on are left out']);
  });
});

describe('gitignore: git semantics on the linear matcher', () => {
  it('documented cases', () => {
    const gi = new GitIgnore('# comment\n*.log\n/build/\ngenerated/**\n!generated/keep.yaml\ndocs/*.yaml\n\\#hash.yaml\ntrailing.yaml   \n');
    const cases: [string, boolean][] = [
      ['a.log', true],
      ['deep/er/a.LOG', true], // ignorecase, as the `ignore` package by default
      ['build/', true],
      ['build', false], // a file named build: the rule is for folders
      ['sub/build/', false], // anchored by the leading slash
      ['build/x.yaml', true], // below an ignored folder
      ['generated/a.yaml', true],
      ['generated/keep.yaml', false],
      ['generated/', false], // `x/**` is what is inside, not x itself
      ['docs/a.yaml', true],
      ['docs/sub/a.yaml', false],
      ['#hash.yaml', true],
      ['trailing.yaml', true],
      ['comment', false],
    ];
    for (const [p, expected] of cases) assert.equal(gi.ignores(p), expected, p);
  });

  it('trailing spaces: an escaped one is kept, after an escaped backslash they are trimmed (git dir.c)', () => {
    const gi = new GitIgnore('esc\\ \nback\\\\  \n');
    assert.equal(gi.ignores('esc '), true);
    assert.equal(gi.ignores('esc'), false);
    assert.equal(gi.ignores('back\\'), true);
    assert.equal(gi.ignores('back\\ '), false);
    assert.equal(gi.problem, undefined);
  });

  it('agrees with the `ignore` package on random .gitignore files (fixed seed)', () => {
    const tokens = ['a', 'b', '.', '/', '*', '**', '?', '[ab]', '[!a]', '[a-c]', '-', 'x', '.yaml', '/**', '**/', 'A', '\\*', '{a,b}', ' ', '\\ ', '#', '!', '[[:alpha:]]', '***'];
    const lineArb = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 4 })).map(([neg, t]) => (neg ? '!' : '') + t.join(''));
    const fileArb = fc.array(lineArb, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(fileArb, pathArb, fc.boolean(), (text, p, dir) => {
        const rel = dir ? p + '/' : p;
        assert.equal(new GitIgnore(text).ignores(rel), ignore().add(text).ignores(rel), `${JSON.stringify(text)} ~ ${rel}`);
      }),
      { seed: 20261206, numRuns: 20_000 },
    );
  });
});

describe('hostile patterns: work bounded by path length × pattern size', () => {
  it('*a*a*a*a*a*a*a*a*b and a/**/a/**/…/b answer at once on long and deep paths', () => {
    // picomatch needed over a minute for the first on a long name; `ignore` 86 s for the second at
    // depth 60. Here each test is a single pass over the path, so these few calls are instant.
    const stars = globMatcher(['*a*a*a*a*a*a*a*a*b']);
    assert.equal(stars('a'.repeat(200) + '.yaml'), false);
    assert.equal(stars('a'.repeat(200) + 'b'), true);
    const deep = Array(60).fill('a').join('/') + '/c.yaml';
    const gi = new GitIgnore('a/**/'.repeat(8) + 'b\n');
    assert.equal(gi.ignores(deep), false);
    assert.equal(gi.ignores(Array(60).fill('a').join('/') + '/b'), true);
    const pm = globMatcher(['a/**/'.repeat(8) + 'b', '{a,{a,{a,{a,{a,a}}}}}*'.repeat(8) + 'b']);
    assert.equal(pm(deep), false);
    assert.equal(pm('a'.repeat(200)), false);
  });

  // `*a??…?b` has a DFA of 2^220 states: every character of a long name of `a`s meets a new one, and
  // each costs a pass over the glob. 2000 such globs took over 150 s for 20 names.
  const hostile = Array.from({ length: 2000 }, () => '*a' + '?'.repeat(220) + 'b');
  const name = 'a'.repeat(240);

  it('globMatcher: the work per path is bounded by path length × the list bound, not the number of globs', () => {
    const match = globMatcher(hostile);
    const before = globWork.steps;
    assert.equal(match(name), false);
    const steps = globWork.steps - before;
    // Twice the bound: an `.irsa.yaml` list and an editor list are merged; each step of a glob of n
    // characters visits at most 2n instructions. Without the bound: about 200 M steps.
    assert.ok(steps <= name.length * 2 * MAX_GLOB_LIST_CHARS * 2, `${steps} steps`);
    assert.ok(steps > name.length * MAX_GLOB_LIST_CHARS, `${steps} steps: the globs within the bound were tested`);
  });

  it('.gitignore: lines past 16384 pattern characters are not applied, and that is said', () => {
    const gi = new GitIgnore(hostile.join('\n') + '\n*.yaml\n');
    assert.equal(
      gi.problem,
      'lines from 73 on are not applied: the .gitignore files of a folder may hold at most 16384 pattern characters in all (every path is tested against each line)',
    );
    assert.equal(gi.ignores('x.yaml'), false);
    const before = globWork.steps;
    assert.equal(gi.ignores(name), false);
    const steps = globWork.steps - before;
    assert.ok(steps <= name.length * MAX_GITIGNORE_PATTERN_CHARS * 2, `${steps} steps`);
    assert.equal(new GitIgnore('a'.repeat(1001) + '\n' + '*.yaml\n').problem, 'line 1 is not applied: the glob is longer than 1000 characters');
  });
});
