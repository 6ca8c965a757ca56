/**
 * (issue #16) `irsa-lint graph` end to end: the real bundle (`node dist/cli.js graph …`, built by `npm
 * pretest`, or here when missing) on fixture workspaces, exact stdout (golden files in
 * test/fixtures/graph-goldens/cli-*, UPDATE_GOLDENS=1 rewrites them), stderr and exit codes, and the
 * usage errors (exit 2).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseArgs } from '../../server/src/cli/args';
import { FIXTURES, golden, REPO_ROOT } from '../helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const GOLDEN = path.join(FIXTURES, 'graph-goldens');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = REPO_ROOT): Run {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|IRSA_DOCS_BASE_URL)$/.test(k)) env[k] = v;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const temps: string[] = [];
before(() => {
  if (!fs.existsSync(CLI)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `node esbuild.mjs failed:\n${r.stderr}`);
  }
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

describe('irsa-lint graph: golden output on the guide (every format), exit 0 although links are broken', () => {
  for (const format of ['mermaid', 'dot', 'json'] as const) {
    it(`--format ${format}`, () => {
      const r = cli(['graph', 'examples/guide', '--format', format]);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      const ext = format === 'mermaid' ? 'mmd' : format;
      assert.equal(r.stdout, golden(path.join(GOLDEN, `cli-guide.${ext}`), r.stdout) + '\n');
    });
  }

  it('mermaid is the default format; the JSON names files relative to the working directory, lines 1-based', () => {
    const r = cli(['graph', 'examples/guide']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, fs.readFileSync(path.join(GOLDEN, 'cli-guide.mmd'), 'utf8'));
    const inGuide = cli(['graph', '.', '-f', 'json'], path.join(REPO_ROOT, 'examples', 'guide'));
    assert.equal(inGuide.status, 0);
    const fromRoot = JSON.parse(cli(['graph', 'examples/guide', '-f', 'json']).stdout) as { sets: { nodes: { file: string; line: number }[] }[] };
    const fromGuide = JSON.parse(inGuide.stdout) as typeof fromRoot;
    const cr = fromGuide.sets[0]!.nodes[0]!;
    assert.equal(cr.file, 'credrequests/assume-dev-dynamodb-reader.yaml');
    assert.equal(fromRoot.sets[0]!.nodes[0]!.file, 'examples/guide/credrequests/assume-dev-dynamodb-reader.yaml');
    // The node opens at the document's `kind:` line (1-based here): check against the file itself.
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'examples/guide', cr.file), 'utf8').split('\n');
    assert.match(lines[cr.line - 1]!, /^kind: CredentialsRequest/);
    // Ids of documents without a name (the code file) are shown as their files are: no machine path.
    const clean = cli(['graph', 'test/fixtures/graph/clean', '-f', 'json']).stdout;
    assert.doesNotMatch(clean, /file:\/\//);
    const code = (JSON.parse(clean) as { sets: { nodes: { id: string; kind: string }[]; edges: { to: string }[] }[] }).sets[0]!;
    assert.equal(code.nodes.find((n) => n.kind === 'code')?.id, 'code:test/fixtures/graph/clean/services/orders-api/aws.py');
    assert.ok(code.edges.some((e) => e.to === 'code:test/fixtures/graph/clean/services/orders-api/aws.py'));
  });

  it('the same picture on the CLI fixture workspace (mermaid, golden)', () => {
    const r = cli(['graph', 'test/fixtures/cli/basic']);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, golden(path.join(GOLDEN, 'cli-basic.mmd'), r.stdout) + '\n');
  });
});

describe('irsa-lint graph: golden Mermaid and DOT of the graph fixtures (a clean set, one copy broken at each link)', () => {
  const dir = path.join(FIXTURES, 'graph');
  const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  it('the fixtures are there', () => assert.ok(names.includes('clean') && names.length >= 5, names.join(', ')));
  for (const name of names) {
    for (const [format, ext] of [['mermaid', 'mmd'], ['dot', 'dot']] as const) {
      it(`${name} (${format})`, () => {
        const r = cli(['graph', `test/fixtures/graph/${name}`, '-f', format]);
        assert.equal(r.stderr, '');
        assert.equal(r.status, 0);
        assert.equal(r.stdout, golden(path.join(GOLDEN, 'fixtures', `${name}.${ext}`), r.stdout) + '\n');
      });
    }
  }
  it('clean draws every edge green; each broken copy has a red or amber edge', () => {
    for (const name of names) {
      const j = JSON.parse(cli(['graph', `test/fixtures/graph/${name}`, '-f', 'json']).stdout) as { sets: { edges: { ok: boolean; findings: string[] }[] }[] };
      const broken = j.sets.flatMap((s) => s.edges).filter((e) => !e.ok);
      if (name === 'clean') assert.deepEqual(broken, [], name);
      else if (name !== 'without-credentials-request') assert.ok(broken.length > 0 && broken.every((e) => e.findings.length > 0), name);
    }
  });
});

describe('irsa-lint graph: filters and -o', () => {
  it('--set and --namespace narrow the sets; a filter that matches nothing says so on stderr (exit 0)', () => {
    const all = JSON.parse(cli(['graph', 'examples/guide', '-f', 'json']).stdout) as { sets: unknown[] };
    assert.equal(all.sets.length, 1);
    const bySet = cli(['graph', 'examples/guide', '-f', 'json', '--set', 'my-namespace/dev-dynamodb-reader']);
    assert.equal(bySet.status, 0);
    assert.deepEqual(JSON.parse(bySet.stdout), all);
    const byNs = cli(['graph', 'examples/guide', '-f', 'json', '--namespace=my-namespace']);
    assert.deepEqual(JSON.parse(byNs.stdout), all);
    const none = cli(['graph', 'examples/guide', '--namespace', 'nope']);
    assert.equal(none.status, 0);
    assert.equal(none.stderr, 'irsa-lint: warning: no set matches --namespace nope (1 set in the workspace; namespaces: my-namespace)\n');
    assert.equal(
      none.stdout,
      [
        'flowchart LR',
        '  empty["No IRSA set matches the filter (1 in the workspace)"]',
        '  classDef ok stroke:#388a34,stroke-width:2px',
        '  classDef warning stroke:#bf8803,stroke-width:3px,stroke-dasharray:6 3',
        '  classDef error stroke:#e51400,stroke-width:3px,stroke-dasharray:6 3',
        '',
      ].join('\n'),
    );
    assert.equal(JSON.parse(cli(['graph', 'examples/guide', '-f', 'json', '--set', 'other/x']).stdout).sets.length, 0);
  });

  it('past the cap (200 sets), the JSON counts the sets left out, as stderr does; a filter\'s leftovers are totalSets - sets - truncated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-graph-'));
    temps.push(dir);
    fs.mkdirSync(path.join(dir, 'credrequests'));
    const cr = (ns: string, name: string): string =>
      ['apiVersion: cloudcredential.openshift.io/v1', 'kind: CredentialsRequest', 'metadata:', `  name: ${name}`, '  namespace: openshift-cloud-credential-operator', 'spec:', '  providerSpec:', '    apiVersion: cloudcredential.openshift.io/v1', '    kind: AWSProviderSpec', '    statementEntries:', '      - effect: Allow', '        action:', '          - s3:GetObject', `        resource: arn:aws:s3:::${name}/*`, '  secretRef:', `    name: ${name}`, `    namespace: ${ns}`, '  serviceAccountNames:', `    - ${name}`, ''].join('\n');
    const docs = [...Array.from({ length: 203 }, (_, i) => cr('bulk', `app-${String(i).padStart(3, '0')}`)), cr('other', 'lone')];
    fs.writeFileSync(path.join(dir, 'credrequests', 'all.yaml'), docs.join('---\n'));
    const r = cli(['graph', '.', '-f', 'json'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, 'irsa-lint: warning: 4 more sets not drawn (200 of 204): narrow with --namespace or --set\n');
    const j = JSON.parse(r.stdout) as { sets: unknown[]; totalSets: number; truncated: number };
    assert.deepEqual({ sets: j.sets.length, totalSets: j.totalSets, truncated: j.truncated }, { sets: 200, totalSets: 204, truncated: 4 });
    const narrowed = JSON.parse(cli(['graph', '.', '-f', 'json', '--namespace', 'other'], dir).stdout) as typeof j;
    assert.deepEqual({ sets: narrowed.sets.length, totalSets: narrowed.totalSets, truncated: narrowed.truncated }, { sets: 1, totalSets: 204, truncated: 0 });
  });

  it('-o writes the file and prints nothing; an unwritable target is exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-graph-'));
    temps.push(dir);
    const out = path.join(dir, 'chain.dot');
    const r = cli(['graph', 'examples/guide', '-f', 'dot', '-o', out]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(GOLDEN, 'cli-guide.dot'), 'utf8'));
    const bad = cli(['graph', 'examples/guide', '-o', path.join(dir, 'no-such-dir', 'x.mmd')]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr, `irsa-lint: cannot write ${path.join(dir, 'no-such-dir', 'x.mmd')}: ENOENT\n`);
  });

  it('a path that does not exist: named on stderr, the rest drawn, exit 2 (the picture is incomplete)', () => {
    const r = cli(['graph', 'examples/guide', 'no/such/dir', '-f', 'json']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'irsa-lint: no such file or directory: no/such/dir\n');
    assert.equal(JSON.parse(r.stdout).sets.length, 1);
  });
});

describe('irsa-lint graph: usage errors exit 2 with one line and a pointer to the help', () => {
  const cases: [string[], string][] = [
    [['graph', '--format', 'svg'], 'graph: unknown format "svg" (expected mermaid, dot, json)'],
    [['graph', '--format'], 'graph: option --format needs a value: mermaid, dot, json'],
    [['graph', '-f', 'sarif'], 'graph: unknown format "sarif" (expected mermaid, dot, json)'],
    [['graph', '--set'], 'graph: option --set needs a set name'],
    [['graph', '--set', '--format', 'dot'], 'graph: option --set needs a set name'],
    [['graph', '--namespace='], 'graph: option --namespace needs a namespace'],
    [['graph', '-o'], 'graph: option -o needs a file name (without it the graph goes to standard output)'],
    [['graph', '--max-warnings', '3'], 'graph: --max-warnings is not an option of graph (see irsa-lint graph --help)'],
    [['graph', '--bogus'], 'graph: unknown option --bogus'],
    [['graph', '-'], 'graph: reading standard input (-) is not supported: the graph links files by their paths'],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = cli(args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `irsa-lint: ${message}\nRun irsa-lint graph --help for usage.\n`);
    });
  }

  it('a bad .irsa.yaml is exit 2 with its line and column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-graph-'));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, '.irsa.yaml'), 'rules:\n  no-such-rule: error\n');
    const r = cli(['graph', '.'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^irsa-lint: invalid configuration:\n\.irsa\.yaml:2:3: /);
  });

  it('--help prints the graph help (exit 0); the main help names the subcommand', () => {
    const r = cli(['graph', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: irsa-lint graph \[options\] \[paths\.\.\.\]\n/);
    assert.match(r.stdout, /-f, --format <mermaid\|dot\|json>/);
    assert.match(cli(['--help']).stdout, /^ {7}irsa-lint graph \[--format mermaid\|dot\|json\] \[paths\.\.\.\]/m);
  });

  it('parses options in any order, with = or a separate value, and keeps lint options for reading the workspace', () => {
    const c = parseArgs(['graph', 'a', '--namespace=shop', '-f', 'dot', '--set', 'shop/x', '-o', 'out.dot', '--no-gitignore', '--rule', 'secret-name-mismatch=off', 'b']);
    assert.equal(c.kind, 'graph');
    if (c.kind !== 'graph') return;
    assert.deepEqual(
      { format: c.options.format, filter: c.options.filter, output: c.options.output, paths: c.options.lint.paths, gitignore: c.options.lint.gitignore, rules: c.options.lint.rules },
      { format: 'dot', filter: { namespace: 'shop', set: 'shop/x' }, output: 'out.dot', paths: ['a', 'b'], gitignore: false, rules: { 'secret-name-mismatch': 'off' } },
    );
    const d = parseArgs(['graph']);
    assert.equal(d.kind === 'graph' && d.options.format, 'mermaid');
    assert.deepEqual(d.kind === 'graph' && d.options.lint.paths, ['.']);
  });
});

describe('irsa-lint graph: the README', () => {
  it('shows the real Mermaid of the guide (UPDATE_GOLDENS=1 rewrites it)', () => {
    const readme = path.join(REPO_ROOT, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const m = /(<!-- graph-guide-output -->\n```mermaid\n)([\s\S]*?)(```\n<!-- \/graph-guide-output -->)/.exec(text);
    assert.ok(m, 'README.md lacks the graph-guide-output block');
    const actual = cli(['graph', 'examples/guide']).stdout;
    if (process.env['UPDATE_GOLDENS'] === '1' && m![2] !== actual) {
      fs.writeFileSync(readme, text.replace(m![0], m![1] + actual + m![3]));
      return;
    }
    assert.equal(m![2], actual, 'README.md: the pasted `irsa-lint graph examples/guide` output is stale (run the tests with UPDATE_GOLDENS=1)');
  });
});
