/**
 * Issue #13: a trust policy file named by an `aws iam create-role --role-name <role>
 * --assume-role-policy-document file://<path>` (or `aws iam update-assume-role-policy --role-name <role>
 * --policy-document file://<path>`) command of a shell script is the trust policy of that role — how the
 * EKS user guide and the ROSA docs create IRSA roles. Our fixture test/fixtures/issue13-scripts: hack/deploy.sh
 * creates `reports-s3-reader` from hack/trust-relationship.json (a name that says no role); the bad
 * variant runs the role's ServiceAccount in a second namespace the policy does not admit. Exact findings
 * with and without the script, incrementally (the language server's path), precedence between the ways
 * a file says its role, and the scanner on its own.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import type { SourceDocument } from '../../server/src/engine';
import { awsRolePolicyFiles, mayNameRolePolicy, scriptFileCandidates } from '../../server/src/engine/parse/script';
import { FIXTURES, fileUri, formatFindings, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue13-scripts');
const BAD = path.join(ROOT, 'bad');
const GOOD = path.join(ROOT, 'good');

const mismatch = (source: string): string =>
  'hack/trust-relationship.json:12:87-12:128 error trust-subject-mismatch Deployment `report-builder` (staging.yaml:25) runs with role `reports-s3-reader` ' +
  'through the `eks.amazonaws.com/role-arn` annotation of ServiceAccount `s3-reader` (staging.yaml:8), but its token\'s subject ' +
  '`system:serviceaccount:reports-staging:s3-reader` is not admitted by this trust policy of `reports-s3-reader` (' +
  source +
  '), whose `:sub` admits `system:serviceaccount:reports:s3-reader`: STS fails with "Not authorized to perform sts:AssumeRoleWithWebIdentity". ' +
  'Add `system:serviceaccount:reports-staging:s3-reader` to the `:sub` condition or run the pod as an admitted service account.';
const EXPECTED = mismatch('the `aws iam create-role` command of deploy.sh:8 says so');
/** What the same tree gives when no script names the file: the role of the service account its `:sub` admits. */
const SUBJECT = mismatch('its `:sub` admits `reports/s3-reader`, which runs with that role');

describe('issue 13: a trust policy file named by an `aws iam create-role` command of a script belongs to that role', () => {
  it('bad: exactly one trust-subject-mismatch, whose message names the script line; good: clean', () => {
    const bad = loadWorkspace(BAD);
    assert.ok(bad.documents.some((d) => d.uri.endsWith('/hack/deploy.sh')), 'the fixture loader reads the script');
    assert.equal(formatFindings(lintDocuments(bad.documents, bad.settings), BAD), EXPECTED);
    const good = loadWorkspace(GOOD);
    assert.equal(formatFindings(lintDocuments(good.documents, good.settings), GOOD), '');
  });

  it('the same tree without the script takes the role of the service account its :sub admits (trust-relationship.json says no role by itself)', () => {
    const { documents, settings } = loadWorkspace(BAD);
    assert.equal(formatFindings(lintDocuments(documents.filter((d) => !d.uri.endsWith('.sh')), settings), BAD), SUBJECT);
  });

  it('incrementally: adding, moving, editing and removing the script re-checks the policy file, and every step equals a fresh check', () => {
    const { documents, settings } = loadWorkspace(BAD);
    const script = documents.find((d) => d.uri.endsWith('/hack/deploy.sh'))!;
    const policy = fileUri(path.join(BAD, 'hack', 'trust-relationship.json'));
    const rest = documents.filter((d) => d !== script);
    const ws = new Workspace(settings);
    for (const d of rest) ws.update(d);
    const current = new Map<string, SourceDocument>(rest.map((d) => [d.uri, d]));
    const all = (): string => formatFindings([...current.keys()].flatMap((u) => ws.findings(u)), BAD);
    const fresh = (): string => formatFindings(lintDocuments([...current.values()], settings), BAD);
    const step = (doc: SourceDocument | undefined, uri: string, expected: string, why: string): void => {
      const affected = doc ? ws.update(doc) : ws.remove(uri);
      if (doc) current.set(uri, doc);
      else current.delete(uri);
      assert.ok(affected.includes(policy), `${why}: affected ${affected.join(' ')}`);
      assert.equal(all(), expected, why);
      assert.equal(all(), fresh(), why);
    };
    assert.equal(all(), SUBJECT);

    step(script, script.uri, EXPECTED, 'script added');
    // A line added above the command: the message names the new line.
    const moved = { ...script, text: script.text.replace('set -euo pipefail\n', 'set -euo pipefail\nexport AWS_PAGER=""\n'), version: 1 };
    step(moved, script.uri, EXPECTED.replace('deploy.sh:8', 'deploy.sh:9'), 'line added above');
    // Another role: no workload runs with it.
    const other = { ...moved, text: moved.text.replace('--role-name reports-s3-reader \\', '--role-name reports-archiver \\'), version: 2 };
    step(other, script.uri, '', 'role renamed in the script');
    // Back, as update-assume-role-policy in the `=` form.
    const update = {
      ...moved,
      text: moved.text.replace(/aws --profile[^]*?--description "[^"]*"\n/, 'aws iam update-assume-role-policy --role-name=reports-s3-reader --policy-document=file://trust-relationship.json\n'),
      version: 3,
    };
    assert.notEqual(update.text, moved.text);
    step(update, script.uri, mismatch('the `aws iam update-assume-role-policy` command of deploy.sh:8 says so'), 'update-assume-role-policy');
    // A path that holds a variable names no file.
    const variable = { ...update, text: update.text.replace('file://trust-relationship.json', 'file://$DIR/trust-relationship.json'), version: 4 };
    step(variable, script.uri, SUBJECT, 'file://$DIR/…');
    step(update, script.uri, mismatch('the `aws iam update-assume-role-policy` command of deploy.sh:8 says so'), 'path restored');
    step(undefined, script.uri, SUBJECT, 'script removed');
  });

  it('the policy file added after the script is linked at once; a script that does not `cd` may be run from any folder above it', () => {
    const { documents, settings } = loadWorkspace(BAD);
    const script = documents.find((d) => d.uri.endsWith('/hack/deploy.sh'))!;
    // No `cd`: `file://hack/trust-relationship.json` run from the repository root.
    const fromRoot = { ...script, text: script.text.replace('cd "$(dirname "$0")"\n', '').replace('file://trust-relationship.json', 'file://hack/trust-relationship.json') };
    const policy = documents.find((d) => d.uri.endsWith('/trust-relationship.json'))!;
    const ws = new Workspace(settings);
    for (const d of documents) if (d !== policy) ws.update(d === script ? fromRoot : d);
    ws.allFindings();
    ws.update(policy);
    assert.equal(formatFindings(ws.findings(policy.uri), BAD), EXPECTED.replace('deploy.sh:8', 'deploy.sh:7'));
    // With `cd "$(dirname "$0")"` kept, the same path means hack/hack/trust-relationship.json: nothing.
    const cdScript = { ...script, text: script.text.replace('file://trust-relationship.json', 'file://hack/trust-relationship.json') };
    assert.equal(formatFindings(lintDocuments(documents.map((d) => (d === script ? cdScript : d)), settings), BAD), SUBJECT);
  });

  // (A CreateRole `RoleName` document wins over the script too — trustRoleOf keeps every source but the
  // file name — but nothing on this branch classifies one yet: the ccoctl-role part adds it.)
  it('precedence: `.irsa.yaml` trustPolicies wins over the script; the script wins over the file name; scripts that disagree name no role', () => {
    const { documents, settings } = loadWorkspace(BAD);
    const script = documents.find((d) => d.uri.endsWith('/hack/deploy.sh'))!;
    const policy = documents.find((d) => d.uri.endsWith('/trust-relationship.json'))!;
    const lint = (docs: SourceDocument[], s = settings): string => formatFindings(lintDocuments(docs, s), BAD);
    // The config says another role: no workload uses it.
    assert.equal(lint(documents, { ...settings, trustPolicies: { 'hack/trust-relationship.json': 'reports-archiver' } }), '');
    // The file name says another role; the script's wins.
    const renamedUri = policy.uri.replace('trust-relationship.json', 'reports-archiver-trust-policy.json');
    const renamedScript = { ...script, text: script.text.replace('file://trust-relationship.json', 'file://reports-archiver-trust-policy.json') };
    assert.equal(
      lint(documents.map((d) => (d === policy ? { ...d, uri: renamedUri } : d === script ? renamedScript : d))),
      EXPECTED.replace('hack/trust-relationship.json', 'hack/reports-archiver-trust-policy.json'),
    );
    // Without the script, the file name's role runs no workload, so the role of the admitted service account is taken.
    assert.equal(lint(documents.filter((d) => d !== script).map((d) => (d === policy ? { ...d, uri: renamedUri } : d))), SUBJECT.replace('hack/trust-relationship.json', 'hack/reports-archiver-trust-policy.json'));
    // A second script creates another role from the same file: neither is taken (the admitted service account's is).
    const second = { uri: script.uri.replace('deploy.sh', 'archive.sh'), text: 'aws iam create-role --role-name reports-archiver --assume-role-policy-document file://trust-relationship.json\n' };
    assert.equal(lint([...documents, second]), SUBJECT);
    // Two commands of one script that agree (create, then update) are one role.
    const both = { uri: script.uri.replace('deploy.sh', 'rotate.sh'), text: 'aws iam update-assume-role-policy --role-name reports-s3-reader --policy-document file://trust-relationship.json\n' };
    assert.equal(lint([...documents, both]), EXPECTED);
  });
});

describe('`aws iam create-role` / `update-assume-role-policy` commands of a shell script (parse/script.ts)', () => {
  /** `command role "role word" path "path word" cwd`, the words cut from the text by the offsets. */
  const cmds = (text: string): string[] =>
    awsRolePolicyFiles(text).map(
      (a) => `${a.command} ${a.roleName} ${JSON.stringify(text.slice(a.roleStart, a.roleEnd))} ${a.path} ${JSON.stringify(text.slice(a.pathStart, a.pathEnd))}${a.cwd ? ` cwd=${a.cwd}` : ''}`,
    );

  it('reads both commands in the space and the `=` form, with global options before `iam`, across continuations', () => {
    assert.deepEqual(cmds('aws iam create-role --role-name my-app --assume-role-policy-document file://trust-relationship.json\n'), [
      'create-role my-app "my-app" trust-relationship.json "file://trust-relationship.json"',
    ]);
    assert.deepEqual(cmds('aws iam update-assume-role-policy --role-name=my-app --policy-document=file://trust.json\n'), [
      'update-assume-role-policy my-app "my-app" trust.json "file://trust.json"',
    ]);
    assert.deepEqual(cmds('aws --profile ops --region=eu-west-1 --output json --debug iam create-role --assume-role-policy-document file://./iam/t.json --role-name r\n'), [
      'create-role r "r" ./iam/t.json "file://./iam/t.json"',
    ]);
    assert.deepEqual(cmds('aws iam create-role \\\n  --role-name my-app \\\n  --assume-role-policy-document \\\n    file://trust.json \\\n  --description "x y"\n'), [
      'create-role my-app "my-app" trust.json "file://trust.json"',
    ]);
    assert.deepEqual(cmds('/usr/local/bin/aws iam create-role --role-name a --assume-role-policy-document file:///srv/iam/a.json && AWS_PAGER= aws iam create-role --role-name b --assume-role-policy-document file://b.json\n'), [
      'create-role a "a" /srv/iam/a.json "file:///srv/iam/a.json"',
      'create-role b "b" b.json "file://b.json"',
    ]);
  });

  it('removes quotes (the offsets span the quoted word)', () => {
    assert.deepEqual(cmds('aws iam create-role --role-name "my-app" --assume-role-policy-document \'file://my trust.json\'\n'), [
      'create-role my-app "\\"my-app\\"" my trust.json "\'file://my trust.json\'"',
    ]);
    assert.deepEqual(cmds('aws iam create-role --role-name="my-app" "--assume-role-policy-document=file://t.json"\n'), ['create-role my-app "\\"my-app\\"" t.json "file://t.json\\""']);
  });

  it('skips what holds a variable or is no file: nothing is guessed', () => {
    for (const role of ['"$ROLE"', '${CLUSTER}-app', '$(cat role)', '`whoami`', '"bad role"', '']) {
      assert.deepEqual(cmds(`aws iam create-role --role-name ${role} --assume-role-policy-document file://t.json\n`), [], role);
    }
    for (const doc of ['file://$DIR/x.json', '"file://${DIR}/x.json"', "'file://$HOME/x.json'", 'file://~/x.json', '\'{"Version":"2012-10-17"}\'', 'fileb://t.json', 't.json', 'file://', 'file://iam/', 'file://*.json']) {
      assert.deepEqual(cmds(`aws iam create-role --role-name a --assume-role-policy-document ${doc}\n`), [], doc);
    }
    // Missing pieces, other operations and services.
    assert.deepEqual(cmds('aws iam create-role --role-name a\n'), []);
    assert.deepEqual(cmds('aws iam create-role --assume-role-policy-document file://t.json\n'), []);
    assert.deepEqual(cmds('aws iam create-role-alias --role-name a --assume-role-policy-document file://t.json\n'), []);
    assert.deepEqual(cmds('aws iam put-role-policy --role-name a --policy-name p --policy-document file://t.json\n'), []);
    assert.deepEqual(cmds('aws iot create-role-alias --role-alias a --role-arn x\n'), []);
    assert.deepEqual(cmds('aws iam update-assume-role-policy --role-name a --assume-role-policy-document file://t.json\n'), []);
    // The profile's value is no service name.
    assert.deepEqual(cmds('aws --profile iam create-role --role-name a --assume-role-policy-document file://t.json\n'), []);
  });

  it('quoted text, comments and here-documents are no commands', () => {
    assert.deepEqual(cmds('echo "aws iam create-role --role-name a --assume-role-policy-document file://t.json"\n'), []);
    assert.deepEqual(cmds('# aws iam create-role --role-name a --assume-role-policy-document file://t.json\n'), []);
    assert.deepEqual(cmds('cat <<EOF > README\naws iam create-role --role-name doc --assume-role-policy-document file://doc.json\nEOF\naws iam create-role --role-name real --assume-role-policy-document file://real.json\n'), [
      'create-role real "real" real.json "file://real.json"',
    ]);
  });

  it('a `cd` before the command says where it runs; after a `cd` elsewhere a relative file is skipped', () => {
    const run = 'aws iam create-role --role-name a --assume-role-policy-document file://t.json\n';
    assert.deepEqual(cmds('cd "$(dirname "$0")/.."\n' + run), ['create-role a "a" t.json "file://t.json" cwd=..']);
    assert.deepEqual(cmds('cd "$WORK"\n' + run), []);
    assert.deepEqual(cmds('cd /tmp\naws iam create-role --role-name a --assume-role-policy-document file:///srv/t.json\n'), ['create-role a "a" /srv/t.json "file:///srv/t.json"']);
  });

  it('the pre-filter: a script without either command is not scanned', () => {
    assert.equal(mayNameRolePolicy('aws iam attach-role-policy --role-name a --policy-arn x\n'), false);
    assert.equal(mayNameRolePolicy('aws iam create-role --role-name a\n'), true);
    assert.equal(mayNameRolePolicy('aws iam update-assume-role-policy --role-name a\n'), true);
  });

  it('the files a `file://` path may mean: the script folder and every folder above it, or the folder it `cd`s to', () => {
    assert.deepEqual(scriptFileCandidates('file:///repo/hack/deploy.sh', 'trust.json'), ['file:///repo/hack/trust.json', 'file:///repo/trust.json', 'file:///trust.json']);
    assert.deepEqual(scriptFileCandidates('file:///repo/hack/deploy.sh', '../iam/t.json'), ['file:///repo/iam/t.json', 'file:///iam/t.json']);
    assert.deepEqual(scriptFileCandidates('file:///repo/hack/deploy.sh', 'iam/t.json', '..'), ['file:///repo/iam/t.json']);
    assert.deepEqual(scriptFileCandidates('file:///repo/hack/deploy.sh', '/srv/t.json'), ['file:///srv/t.json']);
    assert.deepEqual(scriptFileCandidates('file:///c%3A/My%20Repo/x.sh', 't.json', '.'), ['file:///c:/My Repo/t.json']);
    for (const p of ['.', 'x/..', 'iam/']) assert.deepEqual(scriptFileCandidates('file:///repo/x.sh', p), [], p);
    assert.deepEqual(scriptFileCandidates('untitled:x.sh', 't.json'), []);
  });
});
