/**
 * Issue 12, "First run" (CLI): `irsa-lint some/file.yaml` without `.irsa.yaml` checks the file with
 * the files around it (its git work tree, else its folder) and says which root it used; a missing
 * path does not hide the other paths' findings; a YAML/JSON file that is none of ours but cannot be
 * parsed is reported (info) instead of "no problems". Spawns dist/cli.js (build first: `node esbuild.mjs`).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|IRSA_DOCS_BASE_URL)$/.test(k)) env[k] = v;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
before(() => {
  if (!fs.existsSync(CLI)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/**
 * A repository without `.irsa.yaml`: the guide's CredentialsRequest in credrequests/, and in k8s/ a
 * Deployment that runs as the wrong service account (a cross-file finding), plus files that are none
 * of ours. `git`: whether it has a `.git` folder (the work tree marker findWorkspaceRoot looks for).
 */
function repo(git: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-first-run-'));
  temps.push(dir);
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  if (git) fs.mkdirSync(path.join(dir, '.git'));
  write('credrequests/assume-dev-dynamodb-reader.yaml', fs.readFileSync(path.join(REPO_ROOT, 'examples/fixed/credrequests/assume-dev-dynamodb-reader.yaml'), 'utf8'));
  write('k8s/app.yaml', fs.readFileSync(path.join(REPO_ROOT, 'examples/fixed/deployment.yaml'), 'utf8').replace('serviceAccountName: dev-db-reader', 'serviceAccountName: wrong-sa'));
  write('k8s/ci.yaml', 'jobs:\n  build:\n    steps: [\n');
  write('k8s/data.json', '{"a": }\n');
  write('k8s/cm.yaml', 'kind: ConfigMap\ndata:\n  x: {{ .Values.x }}\n{{- if .Values.y }}\n  y: 1\n{{- end }}\n');
  write('tsconfig.json', '{\n  // comment\n  "a": 1,\n}\n');
  // CloudFormation: application tags are valid YAML that a generic parser cannot resolve.
  // A quoted description continued on a less indented line: go-yaml (kubectl, oc) reads it.
  write('k8s/crd.yaml', 'spec:\n  properties:\n    items:\n      description: "NetworkPolicyPeer describes a peer to allow traffic\n    from. Only certain combinations of fields are allowed"\n      type: object\n');
  write('k8s/cfn.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-b"\n');
  return dir;
}

const MISMATCH =
  'app.yaml:18:27  error  Deployment `my-app` runs as service account `wrong-sa`, which is not in serviceAccountNames of CredentialsRequest `assume-dev-dynamodb-reader` (assume-dev-dynamodb-reader.yaml:22): `dev-db-reader`. The ccoctl trust policy only admits system:serviceaccount:my-namespace:dev-db-reader, so STS refuses AssumeRoleWithWebIdentity.  service-account-mismatch\n';

describe('irsa-lint: first run without .irsa.yaml (issue 12)', () => {
  it('a named file is checked with the files of its git work tree, and stderr names that root', () => {
    const dir = repo(true);
    const r = cli(['app.yaml'], path.join(dir, 'k8s'));
    assert.equal(r.stdout, MISMATCH + '\n✖ 1 problem (1 error, 0 warnings) in 1 file checked\n');
    assert.equal(r.stderr, `irsa-lint: no .irsa.yaml found; files are checked with the files below ${dir} (its git work tree) for cross-file links\n`);
    assert.equal(r.status, 1);
    // JSON on stdout stays clean (the root line is on stderr only); only the named file is reported.
    const json = cli(['app.yaml', '-f', 'json'], path.join(dir, 'k8s'));
    const report = JSON.parse(json.stdout) as { files: { file: string; findings: { ruleId: string }[] }[] };
    assert.deepEqual(report.files.map((f) => [f.file, f.findings.map((x) => x.ruleId)]), [['app.yaml', ['service-account-mismatch']]]);
    assert.equal(json.stderr, r.stderr);
  });

  it('without a git work tree, the folder of the named file is the root (no CredentialsRequest there: no cross-file finding)', () => {
    const dir = repo(false);
    const r = cli(['k8s/app.yaml'], dir);
    assert.equal(r.stdout, '✔ 1 file checked, no problems\n');
    assert.equal(r.stderr, `irsa-lint: no .irsa.yaml found; files are checked with the files below ${path.join(dir, 'k8s')} (its folder) for cross-file links\n`);
    assert.equal(r.status, 0);
  });

  it('a file named on the command line that is none of ours but cannot be parsed is an info finding; JSON with comments, template YAML, CloudFormation tags and go-yaml\'s multi-line quotes are not; files found in a named folder are not parsed for it', () => {
    const dir = repo(true);
    // Found by walking k8s/: none of ours, so not parsed at all (a parse per file of a repository's
    // other YAML for problems outside what irsa-lint checks).
    const walked = cli(['k8s'], dir);
    assert.equal(walked.stdout, '✔ 6 files checked, no problems\n');
    const r = cli(['k8s/ci.yaml', 'k8s/data.json', 'k8s/cm.yaml', 'k8s/crd.yaml', 'k8s/cfn.yaml', 'tsconfig.json'], dir);
    assert.equal(
      r.stdout,
      'k8s/ci.yaml:4:1  info  Not an IRSA file, but it cannot be read as YAML: Flow sequence in block collection must be sufficiently indented and end with a ]  yaml-syntax\n' +
        '\n' +
        'k8s/data.json:1:7  info  Not an IRSA file, but it cannot be read as JSON: A value is expected here.  json-syntax\n' +
        '\n' +
        '✖ 2 problems (0 errors, 0 warnings, 2 infos) in 6 files checked\n',
    );
    assert.equal(r.stderr.replace(/^irsa-lint: no \.irsa\.yaml found.*\n/, ''), '');
    assert.equal(r.status, 0);
  });

  it('a missing path is an error (exit 2) that does not hide the findings of the other paths', () => {
    const dir = repo(true);
    const r = cli(['app.yaml', 'no-such.yaml'], path.join(dir, 'k8s'));
    assert.equal(r.stdout, MISMATCH + '\n✖ 1 problem (1 error, 0 warnings) in 1 file checked\n');
    assert.equal(
      r.stderr,
      `irsa-lint: no .irsa.yaml found; files are checked with the files below ${dir} (its git work tree) for cross-file links\nirsa-lint: no such file or directory: no-such.yaml\n`,
    );
    assert.equal(r.status, 2);
    const sarif = JSON.parse(cli(['no-such.yaml', 'app.yaml', '-f', 'sarif'], path.join(dir, 'k8s')).stdout) as {
      runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    assert.deepEqual(sarif.runs[0]!.results.map((x) => x.ruleId), ['service-account-mismatch']);
    assert.equal(sarif.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.deepEqual(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications, [{ level: 'error', message: { text: 'no such file or directory: no-such.yaml' } }]);
  });
});
