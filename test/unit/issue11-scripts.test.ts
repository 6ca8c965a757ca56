/**
 * Issue #11 pattern 2, the script half: a folder named by a `ccoctl … --credentials-requests-dir <dir>`
 * command of a shell script in the repository is a ccoctl input folder, whatever its name. Our own
 * fixture test/fixtures/issue11/cr-scripts (hack/create-roles.sh runs ccoctl on ./deploy/aws-requests,
 * which also holds a Deployment and a ConfigMap; an `echo "… ccoctl …"` line names ./deploy/app, which
 * must stay unreported). Exact findings with and without the script, incrementally (the language server's
 * path), through the CLI bundle, and the scanner on its own.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import type { Finding, SourceDocument } from '../../server/src/engine';
import { ccoctlCredentialsRequestsDirs, ccoctlDirCandidates, folderKey } from '../../server/src/engine/parse/script';
import { FIXTURES, fileUri, formatFindings, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue11', 'cr-scripts');
const SCRIPT = path.join(ROOT, 'hack', 'create-roles.sh');

const WHY = 'which a ccoctl command names as its --credentials-requests-dir (`./deploy/aws-requests` in hack/create-roles.sh:10)';
const EXPECTED =
  `deploy/aws-requests/widget-operator.yaml:2:7-2:17 warning credrequests-dir-content This Deployment document is in aws-requests/ next to CredentialsRequest widget-reader (widget-reader.yaml:2), ${WHY}. ccoctl decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on this one. Move it to another directory.\n` +
  `deploy/aws-requests/widget-settings.yaml:2:7-2:16 warning credrequests-dir-content This ConfigMap document is in aws-requests/ next to CredentialsRequest widget-reader (widget-reader.yaml:2), ${WHY}. ccoctl decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on this one. Move it to another directory.`;

function related(f: Finding): string[] {
  return (f.related ?? []).map((r) => `${path.relative(ROOT, new URL(r.uri).pathname)}:${r.range.start.line + 1}:${r.range.start.character + 1}-${r.range.end.character + 1} ${r.message}`);
}

describe('issue 11 pattern 2: a folder a script hands to ccoctl is a ccoctl input folder', () => {
  it('the Deployment and the ConfigMap beside the request in the folder hack/create-roles.sh names are reported, with the script line as related location', () => {
    const { documents, settings } = loadWorkspace(ROOT);
    assert.ok(documents.some((d) => d.uri === fileUri(SCRIPT)), 'the fixture loader reads the script');
    const findings = lintDocuments(documents, settings);
    assert.equal(formatFindings(findings, ROOT), EXPECTED);
    assert.deepEqual(related(findings.find((f) => f.uri.endsWith('widget-operator.yaml'))!), [
      'deploy/aws-requests/widget-reader.yaml:2:7-25 CredentialsRequest widget-reader in widget-reader.yaml',
      'hack/create-roles.sh:10:30-51 ccoctl reads aws-requests/ as --credentials-requests-dir (create-roles.sh)',
    ]);
  });

  it('the same tree without the script has no finding (deploy/aws-requests is an ordinary folder then)', () => {
    const { documents, settings } = loadWorkspace(ROOT);
    assert.equal(formatFindings(lintDocuments(documents.filter((d) => d.uri !== fileUri(SCRIPT)), settings), ROOT), '');
  });

  it('incrementally: adding, editing and removing the script re-checks the folders it names, and every step equals a fresh check', () => {
    const { documents, settings } = loadWorkspace(ROOT);
    const script = documents.find((d) => d.uri === fileUri(SCRIPT))!;
    const rest = documents.filter((d) => d !== script);
    const ws = new Workspace(settings);
    for (const d of rest) ws.update(d);
    const current = new Map<string, SourceDocument>(rest.map((d) => [d.uri, d]));
    const all = (): string => formatFindings([...current.keys()].flatMap((u) => ws.findings(u)), ROOT);
    const fresh = (): string => formatFindings(lintDocuments([...current.values()], settings), ROOT);
    assert.equal(all(), '');
    const operator = fileUri(path.join(ROOT, 'deploy', 'aws-requests', 'widget-operator.yaml'));
    const settingsFile = fileUri(path.join(ROOT, 'deploy', 'aws-requests', 'widget-settings.yaml'));
    const service = fileUri(path.join(ROOT, 'deploy', 'app', 'widget-service.yaml'));

    // Added (a file created on disk): both neighbours of the request are re-checked and reported.
    let affected = ws.update(script);
    current.set(script.uri, script);
    assert.ok(affected.includes(operator) && affected.includes(settingsFile), `affected: ${affected.join(' ')}`);
    assert.equal(all(), EXPECTED);
    assert.equal(all(), fresh());

    // A line added above the command: the message names the new line.
    const moved = { ...script, text: script.text.replace('set -euo pipefail\n', 'set -euo pipefail\nexport AWS_PAGER=""\n'), version: 1 };
    affected = ws.update(moved);
    current.set(script.uri, moved);
    assert.ok(affected.includes(operator), 'a finding that names the script line is re-checked');
    assert.equal(all(), EXPECTED.split('create-roles.sh:10').join('create-roles.sh:11'));
    assert.equal(all(), fresh());

    // Edited to name the other folder: deploy/app's Service (read only because ccoctl reads that folder) is reported, aws-requests is not.
    const other = { ...moved, text: moved.text.replace('--credentials-requests-dir=./deploy/aws-requests', '--credentials-requests-dir deploy/app'), version: 2 };
    affected = ws.update(other);
    current.set(script.uri, other);
    assert.ok(affected.includes(operator) && affected.includes(service), `affected: ${affected.join(' ')}`);
    assert.equal(
      all(),
      'deploy/app/widget-service.yaml:2:7-2:14 warning credrequests-dir-content This Service document is in app/ next to CredentialsRequest widget-writer (widget-writer.yaml:2), which a ccoctl command names as its --credentials-requests-dir (`deploy/app` in hack/create-roles.sh:11). ccoctl decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on this one. Move it to another directory.',
    );
    assert.equal(all(), fresh());

    // Removed: nothing names a folder any more.
    affected = ws.remove(script.uri);
    current.delete(script.uri);
    assert.ok(affected.includes(service), `affected: ${affected.join(' ')}`);
    assert.equal(all(), '');
    assert.equal(all(), fresh());
  });

  it('a lone request in a folder a script names needs serviceAccountNames (cr-service-account-names reads the same folder kind)', () => {
    const cr = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: widget-sts\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n    - effect: Allow\n      action:\n      - s3:GetObject\n      resource: \"*\"\n  secretRef:\n    name: widget-sts\n    namespace: widget\n';
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: widget\n';
    const files = [
      { uri: 'file:///ws/config/requests/widget-sts.yaml', text: cr },
      { uri: 'file:///ws/config/requests/widget.yaml', text: other },
    ];
    const script = { uri: 'file:///ws/scripts/sts.sh', text: 'ccoctl aws create-iam-roles --credentials-requests-dir=config/requests --name=w --region=us-east-1\n' };
    const ids = (docs: { uri: string; text: string }[]): string[] =>
      lintDocuments(docs).filter((f) => f.uri.endsWith('widget-sts.yaml')).map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
    // A folder with another manifest and no script is not ccoctl input: a request without serviceAccountNames is fine there.
    assert.deepEqual(ids(files), []);
    assert.deepEqual(ids([...files, script]), ['5 cr-service-account-names']);
    // The incremental path: the file-scope finding appears when the script comes and goes when it goes.
    const ws = new Workspace({});
    for (const f of files) ws.update(f);
    const rules = (): string[] => ws.findings(files[0]!.uri).map((f) => f.ruleId);
    assert.deepEqual(rules(), []);
    assert.ok(ws.update(script).includes(files[0]!.uri));
    assert.deepEqual(rules(), ['cr-service-account-names']);
    assert.ok(ws.remove(script.uri).includes(files[0]!.uri));
    assert.deepEqual(rules(), []);
  });

  it('a script with thousands of ccoctl commands names each folder once (linear work: 3,000 commands took minutes when every folder re-listed every command)', () => {
    const cr = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: widget-sts\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AWSProviderSpec\n    statementEntries:\n    - effect: Allow\n      action:\n      - s3:GetObject\n      resource: \"*\"\n  secretRef:\n    name: widget-sts\n    namespace: widget\n  serviceAccountNames:\n  - widget\n';
    const lines = Array.from({ length: 3000 }, (_, i) => `ccoctl aws create-iam-roles --credentials-requests-dir=a/b/c/d/e/f/g/h${i}`);
    lines.splice(1500, 0, 'ccoctl aws create-iam-roles --credentials-requests-dir=config/requests');
    const ws = new Workspace({});
    ws.update({ uri: 'file:///ws/config/requests/widget-sts.yaml', text: cr });
    ws.update({ uri: 'file:///ws/config/requests/widget.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: widget\n' });
    ws.update({ uri: 'file:///ws/hack/many.sh', text: lines.join('\n') + '\n' });
    assert.deepEqual(
      ws.findings('file:///ws/config/requests/widget.yaml').map((f) => `${f.range.start.line + 1} ${f.ruleId} ${/which a ccoctl command[^)]*\)/.exec(f.message)?.[0]}`),
      ['2 credrequests-dir-content which a ccoctl command names as its --credentials-requests-dir (`config/requests` in hack/many.sh:1501)'],
    );
  });

  it('the CLI (dist/cli.js) reads the script and reports the folder', () => {
    const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) assert.equal(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT }).status, 0);
    const r = spawnSync(process.execPath, [cli, '-f', 'json', 'test/fixtures/issue11/cr-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as unknown;
    const rows: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o['ruleId'] === 'string' && typeof o['message'] === 'string') rows.push(`${o['ruleId']} ${o['message']}`);
        else Object.values(o).forEach(walk);
      }
    };
    walk(out);
    assert.deepEqual(rows.sort(), EXPECTED.split('\n').map((l) => l.replace(/^\S+ warning /, '')).sort());
  });

  it('a symbolic link with a script name is passed over silently (a linked manifest is still named as skipped)', () => {
    const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-scripts-'));
    try {
      fs.mkdirSync(path.join(dir, 'hack'));
      fs.writeFileSync(path.join(dir, 'hack', 'real.sh'), 'echo hi\n');
      fs.symlinkSync('real.sh', path.join(dir, 'hack', 'link.sh'));
      fs.symlinkSync('missing.yaml', path.join(dir, 'link.yaml'));
      const r = spawnSync(process.execPath, [cli, '-f', 'json', dir], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /link\.yaml: symbolic link, not followed/);
      assert.doesNotMatch(r.stderr + r.stdout, /link\.sh/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ccoctl commands of a shell script (parse/script.ts)', () => {
  const dirs = (text: string): string[] => ccoctlCredentialsRequestsDirs(text).map((d) => `${d.dir} ${JSON.stringify(text.slice(d.start, d.end))}`);

  it('reads the `=` and the space form, across line continuations', () => {
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --name=x --credentials-requests-dir=./credreqs --region=us-east-1\n'), ['./credreqs "./credreqs"']);
    assert.deepEqual(dirs('ccoctl aws create-all --credentials-requests-dir requests/aws --name x\n'), ['requests/aws "requests/aws"']);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles \\\n  --name=x \\\n  --credentials-requests-dir \\\n    ./out/cr \\\n  --region=us-east-1\n'), ['./out/cr "./out/cr"']);
    // A continuation inside the word joins it (POSIX §2.2.1).
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir=./out\\\n/cr\n'), ['./out/cr "./out\\\\\\n/cr"']);
    // Two commands on one line, two folders.
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir=a && ccoctl aws create-iam-roles --credentials-requests-dir=b\n'), ['a "a"', 'b "b"']);
  });

  it('removes quotes (the offsets span the quoted word) and keeps a quoted space', () => {
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir "my requests"\n'), ['my requests "\\"my requests\\""']);
    assert.deepEqual(dirs("ccoctl aws create-iam-roles '--credentials-requests-dir=cr dir'\n"), ['cr dir "cr dir\'"']);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir=\'./a b\'\n'), ['./a b "\'./a b\'"']);
  });

  it('skips a folder that holds a variable or a command substitution, and never guesses', () => {
    for (const arg of ['$DIR', '${DIR}', '"${DIR}/credrequests"', '$(pwd)/cr', '`pwd`/cr', '"$HOME"/cr', '~/cr', './cr/*', '""']) {
      assert.deepEqual(dirs(`ccoctl aws create-iam-roles --credentials-requests-dir=${arg}\n`), [], arg);
      assert.deepEqual(dirs(`ccoctl aws create-iam-roles --credentials-requests-dir ${arg}\n`), [], arg);
    }
    // A literal `$` that starts no expansion is a character of the name.
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir=cost$\n'), ['cost$ "cost$"']);
  });

  it('finds the command word after assignments and reserved words, by its last path segment', () => {
    for (const cmd of ['ccoctl', './ccoctl', '/usr/local/bin/ccoctl', '"${BIN}/ccoctl"', 'AWS_PROFILE=ops ccoctl', 'if ! ccoctl', 'time ccoctl', 'sudo ccoctl']) {
      assert.deepEqual(dirs(`${cmd} aws create-iam-roles --credentials-requests-dir=cr\n`), ['cr "cr"'], cmd);
    }
    for (const cmd of ['ccoctl-wrapper', '$CCOCTL', 'echo ccoctl', 'my-ccoctl']) {
      assert.deepEqual(dirs(`${cmd} aws create-iam-roles --credentials-requests-dir=cr\n`), [], cmd);
    }
  });

  it('reads the shape of the ccoctl.sh that `irsa-lint init` writes (a function body, single-quoted values, a case dispatch)', () => {
    const text = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'cd "$(dirname "$0")"',
      '',
      'create_roles() {',
      '  ccoctl aws create-iam-roles \\',
      "    --name='irsa' \\",
      "    --credentials-requests-dir='credrequests' \\",
      "    --identity-provider-arn='arn:aws:iam::111122223333:oidc-provider/oidc.example.com' \\",
      "    --output-dir='outputs'",
      '}',
      '',
      'case "${1:-all}" in',
      '  create-roles) create_roles ;;',
      '  *) echo "usage: $0 [create-roles|apply|all]" >&2; exit 2 ;;',
      'esac',
      '',
    ].join('\n');
    assert.deepEqual(dirs(text), ["credrequests \"'credrequests'\""]);
  });

  it('a `cd` before the command says where ccoctl runs: the script folder (plus a path), or unknown', () => {
    const cwds = (text: string): string[] => ccoctlCredentialsRequestsDirs(text).map((d) => `${d.dir} ${d.cwd ?? '(not stated)'}`);
    const run = 'ccoctl aws create-iam-roles --credentials-requests-dir=cr\n';
    assert.deepEqual(cwds(run), ['cr (not stated)']);
    assert.deepEqual(cwds('cd "$(dirname "$0")"\n' + run), ['cr .']);
    assert.deepEqual(cwds('cd "$(dirname "${BASH_SOURCE[0]}")/.."\n' + run), ['cr ..']);
    assert.deepEqual(cwds('cd $(dirname $0)/../deploy && ' + run), ['cr ../deploy']);
    assert.deepEqual(cwds('cd "$(dirname "$0")/.." && cd deploy\n' + run), ['cr ../deploy']);
    // Anywhere else is unknown: a relative folder is skipped, an absolute one stays.
    for (const cd of ['cd "$WORK_DIR"', 'cd /tmp/work', 'cd', 'cd ~', 'cd -', 'pushd build', 'popd', 'cd out']) {
      assert.deepEqual(cwds(`${cd}\n${run}ccoctl aws create-iam-roles --credentials-requests-dir=/srv/cr\n`), ['/srv/cr (not stated)'], cd);
    }
    // With a known working directory, `.` is that folder.
    assert.deepEqual(cwds('cd "$(dirname "$0")"\nccoctl aws create-iam-roles --credentials-requests-dir .\n'), ['. .']);
    assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/x.sh', 'deploy/aws-requests', '..'), ['file:///repo/deploy/aws-requests/']);
    assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/x.sh', '.', '.'), ['file:///repo/hack/']);
    assert.deepEqual(ccoctlDirCandidates('file:///repo/x.sh', '../../cr', '..'), ['file:///cr/']);
  });

  it('quoted text, comments and here-documents are no commands', () => {
    assert.deepEqual(dirs('echo "then run: ccoctl aws create-iam-roles --credentials-requests-dir=./cr"\n'), []);
    assert.deepEqual(dirs('# ccoctl aws create-iam-roles --credentials-requests-dir=./cr\n'), []);
    assert.deepEqual(dirs('cat <<EOF\nccoctl aws create-iam-roles --credentials-requests-dir=./doc\nEOF\nccoctl aws create-iam-roles --credentials-requests-dir=./real\n'), ['./real "./real"']);
    assert.deepEqual(dirs("cat <<-'END' > usage.txt\n\tccoctl aws delete --credentials-requests-dir=./doc\n\tEND\nccoctl aws delete --credentials-requests-dir=./real\n"), ['./real "./real"']);
    // pflag stops reading flags at `--`; a redirection target is no argument.
    assert.deepEqual(dirs('ccoctl aws create-iam-roles -- --credentials-requests-dir=./cr\n'), []);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir ./cr 2>&1 | tee log.txt\n'), ['./cr "./cr"']);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles > --credentials-requests-dir ./cr\n'), []);
  });

  it('a text without ccoctl or without the flag is not scanned; unterminated quotes end at the end of the text', () => {
    assert.deepEqual(dirs('oc adm release extract --credentials-requests --cloud=aws --to=./credrequests\n'), []);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir "unterminated'), ['unterminated "\\"unterminated"']);
    assert.deepEqual(dirs('ccoctl aws create-iam-roles --credentials-requests-dir'), []);
    assert.deepEqual(dirs('x=$(( ccoctl --credentials-requests-dir'), []);
  });

  it('a relative folder may mean the script folder or any folder above it (the script may run from either); an absolute one is itself', () => {
    assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/create-roles.sh', './deploy/aws-requests'), [
      'file:///repo/hack/deploy/aws-requests/',
      'file:///repo/deploy/aws-requests/',
      'file:///deploy/aws-requests/',
    ]);
    assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/create-roles.sh', '../cr'), ['file:///repo/cr/', 'file:///cr/']);
    assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/x.sh', '/tmp/cr/'), ['file:///tmp/cr/']);
    assert.deepEqual(ccoctlDirCandidates('untitled:x.sh', 'cr'), []);
    // The working directory itself (`cd "$CR_DIR" && ccoctl … --credentials-requests-dir .`) is unknown: no folder.
    for (const d of ['.', './', '..', '../..', 'reqs/..', 'x/../', './a/b/../..']) assert.deepEqual(ccoctlDirCandidates('file:///repo/hack/x.sh', d), [], d);
    // Matched by what the URI names, not by how a host spelt it (vscode-uri encodes `:`, Node does not).
    assert.equal(folderKey('file:///c%3A/My%20Repo/cr/'), 'file:///c:/My Repo/cr/');
    assert.deepEqual(ccoctlDirCandidates('file:///c%3A/My%20Repo/x.sh', 'cr'), ['file:///c:/My Repo/cr/', 'file:///c:/cr/', 'file:///cr/']);
  });
});
