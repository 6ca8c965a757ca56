/**
 * `irsa-lint init`: flags, defaults, refusal to overwrite without --force, and the acceptance
 * `init --namespace team-a --service-account orders-reader --out DIR` → linting DIR finds only the
 * placeholder account ids (info).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { run } from '../../server/src/cli/main';
import { INIT_HELP, runInit } from '../../server/src/cli/init';
import { FolderError, makeFolders } from '../../server/src/node/folders';
import { formatFindings, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-init-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

function io(cwd = TMP): { out: string[]; err: string[]; io: { out: (s: string) => void; err: (s: string) => void; cwd: string } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s) => out.push(s), err: (s) => err.push(s), cwd } };
}

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]))
    .sort();
}

const REQUIRED = ['--namespace', 'team-a', '--service-account', 'orders-reader'];

describe('irsa-lint init', () => {
  it('acceptance: init --namespace team-a --service-account orders-reader --out DIR, then linting DIR finds only the placeholder ids (info)', async () => {
    const dir = path.join(TMP, 'accept');
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', 'accept'], c.io), 0, c.err.join(''));
    assert.equal(c.err.join(''), '');
    assert.deepEqual(listFiles(dir), [
      '.irsa.yaml',
      'README.md',
      'app/irsaCredentials.ts',
      'ccoctl.sh',
      'credrequests/orders-reader-aws.yaml',
      'iam/orders-reader-permissions-policy.json',
      'iam/orders-reader-trust-policy.json',
      'manifests/orders-reader-deployment.yaml',
      'manifests/orders-reader-serviceaccount.yaml',
      'outputs/manifests/team-a-orders-reader-aws-credentials.yaml',
    ]);
    assert.equal(fs.statSync(path.join(dir, 'ccoctl.sh')).mode & 0o777, 0o755);
    assert.equal(fs.statSync(path.join(dir, 'README.md')).mode & 0o111, 0);
    assert.match(c.out.join(''), /^created  .*\/accept\/credrequests\/orders-reader-aws\.yaml$/m);

    const { documents, settings } = loadWorkspace(dir);
    // Six manifests and policies, and ccoctl.sh (read for its --credentials-requests-dir, #11 pattern 2).
    assert.equal(documents.length, 7);
    assert.equal(settings.ccoctlName, 'irsa');
    // The default account ids are the AWS documentation's examples: each is reported once per file
    // (info), exactly as for the wizard's set (scaffold.test.ts golden), so they are not shipped by accident.
    const expected = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'scaffold', 'team-a-defaults.lint.expected'), 'utf8').replace(/\n$/, '');
    assert.equal(formatFindings(lintDocuments(documents, settings), dir), expected);
    assert.match(expected, /^credrequests\/orders-reader-aws\.yaml:\d+:\d+-\d+:\d+ info placeholder-account-id /);
  });

  it('acceptance through the CLI entry: `irsa-lint init … --out DIR && irsa-lint DIR` exits 0', async () => {
    const c = io();
    assert.equal(await run(['init', ...REQUIRED, '--out', 'via-cli', '--kind', 'cronjob', '--language', 'python'], c.io), 0, c.err.join(''));
    const l = io();
    assert.equal(await run([path.join(TMP, 'via-cli')], l.io), 0, l.out.join('') + l.err.join(''));
    assert.ok(fs.existsSync(path.join(TMP, 'via-cli', 'manifests', 'orders-reader-cronjob.yaml')));
    assert.ok(fs.existsSync(path.join(TMP, 'via-cli', 'app', 'irsa_credentials.py')));
  });

  it('every flag is honoured', async () => {
    const c = io();
    const code = await runInit(
      [
        ...REQUIRED,
        '--secret-name=ledger-creds',
        '--name',
        'prod',
        '--identity-provider-arn',
        'arn:aws:iam::210987654321:oidc-provider/oidc.example.com/prod',
        '--account-id',
        '012345678901',
        '--role-name',
        'ledger-writer',
        '--session-name',
        'ledger@team-a',
        '--region',
        'eu-west-2',
        '--kind',
        'StatefulSet',
        '--image',
        'registry.example.com/ledger:1',
        '--actions',
        's3:PutObject,kms:Decrypt',
        '--language',
        'go',
        '--trust-principal',
        'assumed-role',
        '--out',
        'flags',
      ],
      c.io,
    );
    assert.equal(code, 0, c.err.join(''));
    const dir = path.join(TMP, 'flags');
    const read = (p: string): string => fs.readFileSync(path.join(dir, p), 'utf8');
    assert.match(read('ccoctl.sh'), /--name='prod' \\\n {4}--credentials-requests-dir='credrequests' \\\n {4}--identity-provider-arn='arn:aws:iam::210987654321:oidc-provider\/oidc.example.com\/prod'/);
    assert.match(read('credrequests/ledger-creds.yaml'), /resource: arn:aws:iam::012345678901:role\/ledger-writer\n/);
    assert.match(read('manifests/orders-reader-statefulset.yaml'), /image: registry.example.com\/ledger:1\n[\s\S]*value: ledger@team-a\n[\s\S]*value: eu-west-2\n/);
    assert.deepEqual(JSON.parse(read('iam/ledger-writer-permissions-policy.json')).Statement[0].Action, ['s3:PutObject', 'kms:Decrypt']);
    assert.equal(
      JSON.parse(read('iam/ledger-writer-trust-policy.json')).Statement[0].Principal.AWS,
      'arn:aws:sts::210987654321:assumed-role/prod-team-a-ledger-creds/ledger@team-a',
    );
    assert.ok(fs.existsSync(path.join(dir, 'app', 'irsa_credentials.go')));
    const { documents, settings } = loadWorkspace(dir);
    assert.equal(formatFindings(lintDocuments(documents, settings), dir), '');
  });

  it('refuses to overwrite changed files without --force (exit 2, nothing written); --force overwrites', async () => {
    const dir = path.join(TMP, 'conflict');
    assert.equal(await runInit([...REQUIRED, '--out', dir], io().io), 0);
    // Running again with the same values changes nothing and succeeds.
    const same = io();
    assert.equal(await runInit([...REQUIRED, '--out', dir], same.io), 0);
    assert.match(same.out.join(''), /^unchanged  .*ccoctl\.sh$/m);

    const edited = path.join(dir, 'ccoctl.sh');
    fs.writeFileSync(edited, '# my own script\n');
    const before = listFiles(dir).map((p) => [p, fs.readFileSync(path.join(dir, p), 'utf8')]);
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', dir, '--region', 'eu-west-2'], c.io), 2);
    assert.equal(
      c.err.join(''),
      `irsa-lint init: 4 file(s) already exist in ${dir} with other content:\n` +
        '  manifests/orders-reader-deployment.yaml\n' +
        '  ccoctl.sh\n' +
        '  .irsa.yaml\n' +
        '  app/irsaCredentials.ts\n' +
        'Nothing was written. Re-run with --force to overwrite them, or choose another --out.\n',
    );
    assert.deepEqual(
      listFiles(dir).map((p) => [p, fs.readFileSync(path.join(dir, p), 'utf8')]),
      before,
    );

    assert.equal(await runInit([...REQUIRED, '--out', dir, '--force'], io().io), 0);
    assert.match(fs.readFileSync(edited, 'utf8'), /^#!\/usr\/bin\/env bash\n/);
  });

  it('usage errors exit 2 with a clear message', async () => {
    const cases: [string[], string][] = [
      [['--service-account', 'x'], 'irsa-lint init: --namespace required\nRun irsa-lint init --help for usage.\n'],
      [[], 'irsa-lint init: --namespace and --service-account required\nRun irsa-lint init --help for usage.\n'],
      [[...REQUIRED, '--bogus'], 'irsa-lint init: unknown option --bogus\nRun irsa-lint init --help for usage.\n'],
      [[...REQUIRED, 'extra'], 'irsa-lint init: unexpected argument "extra" (init takes only options)\nRun irsa-lint init --help for usage.\n'],
      [[...REQUIRED, '--region'], 'irsa-lint init: --region needs a value\nRun irsa-lint init --help for usage.\n'],
      [[...REQUIRED, '--namespace', 'b'], 'irsa-lint init: --namespace given twice\nRun irsa-lint init --help for usage.\n'],
      [[...REQUIRED, '--account-id', '1234'], 'irsa-lint init: error: --account-id: An AWS account id is exactly 12 digits (keep leading zeros).\n'],
      [
        ['--namespace', 'Team_A', '--service-account', 'orders-reader'],
        'irsa-lint init: error: --namespace: A namespace must be a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit.\n',
      ],
      [[...REQUIRED, '--kind', 'DaemonSet'], 'irsa-lint init: error: --kind: Workload kind must be one of Deployment, StatefulSet, CronJob, Job, DeploymentConfig.\n'],
      [
        [...REQUIRED, '--region', 'us-gov-west-1', '--identity-provider-arn', 'arn:aws:iam::111122223333:oidc-provider/oidc.example.com'],
        'irsa-lint init: error: --region: Region us-gov-west-1 is in partition aws-us-gov, but the OIDC provider ARN is in aws.\n',
      ],
    ];
    for (const [args, message] of cases) {
      const c = io();
      assert.equal(await runInit([...args, '--out', 'never'], c.io), 2, args.join(' '));
      assert.equal(c.err.join(''), message, args.join(' '));
    }
    assert.ok(!fs.existsSync(path.join(TMP, 'never')));
  });

  it('--out naming a file is refused', async () => {
    const file = path.join(TMP, 'a-file');
    fs.writeFileSync(file, 'x');
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', file], c.io), 2);
    assert.equal(c.err.join(''), `irsa-lint init: --out ${file} exists and is not a folder\n`);
  });

  it('--help prints every flag', async () => {
    const c = io();
    assert.equal(await runInit(['--help'], c.io), 0);
    assert.equal(c.out.join(''), INIT_HELP);
    for (const flag of ['--namespace', '--service-account', '--secret-name', '--name', '--identity-provider-arn', '--account-id', '--role-name', '--session-name', '--region', '--kind', '--image', '--actions', '--language', '--out', '--force']) {
      assert.ok(INIT_HELP.includes(`${flag} `), flag);
    }
  });
});

describe('irsa-lint init: --out must be an ordinary folder (issue 10, item 10)', () => {
  /** `irsa-lint init` as a process with a hang guard: `--out /proc/self` used to loop forever. */
  function initProcess(args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'init', ...REQUIRED, ...args], { cwd: TMP, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  }

  it('/proc/self, a folder below it, /sys and /dev are refused with exit 2 and nothing is created', { skip: process.platform !== 'linux' }, () => {
    const cases: [string, string][] = [
      ['/proc/self', 'irsa-lint init: --out /proc/self is inside /proc, a tree of kernel or device files, not an ordinary folder; choose a folder in your project\n'],
      ['/proc/self/irsa/set', 'irsa-lint init: --out /proc/self/irsa/set is inside /proc, a tree of kernel or device files, not an ordinary folder; choose a folder in your project\n'],
      ['/sys/irsa', 'irsa-lint init: --out /sys/irsa is inside /sys, a tree of kernel or device files, not an ordinary folder; choose a folder in your project\n'],
      ['/dev/irsa', 'irsa-lint init: --out /dev/irsa is inside /dev, a tree of kernel or device files, not an ordinary folder; choose a folder in your project\n'],
    ];
    for (const [out, message] of cases) {
      const r = initProcess(['--out', out]);
      assert.deepEqual(r, { status: 2, signal: null, stdout: '', stderr: message }, out);
    }
    assert.ok(!fs.existsSync('/dev/irsa'));
  });

  it('a symlink to /proc/self is resolved and refused', { skip: process.platform !== 'linux' }, () => {
    const link = path.join(TMP, 'proc-link');
    fs.symlinkSync('/proc/self', link);
    assert.deepEqual(initProcess(['--out', 'proc-link/x']), {
      status: 2,
      signal: null,
      stdout: '',
      stderr: `irsa-lint init: --out ${link}/x is inside /proc, a tree of kernel or device files, not an ordinary folder; choose a folder in your project\n`,
    });
  });

  it('a FIFO as --out, or a file on the way to it, is exit 2', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(TMP, 'a-fifo');
    spawnSync('mkfifo', [fifo]);
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', fifo], c.io), 2);
    assert.equal(c.err.join(''), `irsa-lint init: --out ${fifo} exists and is not a folder\n`);
    const file = path.join(TMP, 'plain-file');
    fs.writeFileSync(file, 'x');
    const d = io();
    assert.equal(await runInit([...REQUIRED, '--out', path.join(file, 'sub', 'set')], d.io), 2);
    assert.equal(d.err.join(''), `irsa-lint init: cannot create --out ${file}/sub/set: ${file} is not a folder\n`);
  });

  it('a sub-folder that is a symlink (it could point anywhere) stops the run before any file is written', async () => {
    const out = path.join(TMP, 'with-link');
    const elsewhere = path.join(TMP, 'elsewhere');
    fs.mkdirSync(out);
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, path.join(out, 'manifests'));
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', out], c.io), 2);
    assert.equal(c.err.join(''), `irsa-lint init: ${out}/manifests is a symbolic link; files are written only into real folders\nNo file was written.\n`);
    assert.deepEqual(fs.readdirSync(elsewhere), []);
    assert.deepEqual(listFiles(out), ['manifests']);
  });

  it('makeFolders tries each missing folder once: ENOENT from procfs is an error, not a retry', { skip: process.platform !== 'linux' }, () => {
    // Node's recursive mkdir loops forever here; the check of --out normally refuses /proc before this.
    assert.throws(() => makeFolders('/proc/self/irsa', 'manifests'), new FolderError('cannot create folder /proc/self/irsa: ENOENT'));
  });

  it('a mkdir error stops the run with exit 2 and the folder named (read-only parent)', { skip: process.platform === 'win32' || process.getuid?.() === 0 }, async () => {
    const ro = path.join(TMP, 'read-only');
    fs.mkdirSync(ro, { mode: 0o555 });
    const c = io();
    assert.equal(await runInit([...REQUIRED, '--out', path.join(ro, 'set')], c.io), 2);
    assert.equal(c.err.join(''), `irsa-lint init: cannot create folder ${ro}/set: EACCES\nNo file was written.\n`);
  });
});
