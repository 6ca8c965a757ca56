/**
 * SDK code generation: the chain the engine derives from a workspace (from every kind of document in
 * the set), chain validation (role chaining caps DurationSeconds at 3600), and a golden file for each
 * generated language. The generated code is executed for real in test/sdk/*.test.ts (TypeScript,
 * JavaScript, Python, Go); Java is golden-only (no JDK or SDK jars here). Regenerate goldens with
 * UPDATE_GOLDENS=1 and review the diff.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { InvalidChainError, renderSdkCode, SDK_LANGUAGES } from '../../shared/src/codegen';
import { chainAtOffset, chainTargets } from '../../shared/src/codegen/targets';
import { IrsaChain, irsaChainFor, validateChain } from '../../server/src/engine/chain';
import { Workspace } from '../../server/src/engine';
import { FIXTURES, golden, loadWorkspace } from '../helpers/fixtures';
import { findGofmt, itNeedsTool, missingReason, onPath } from '../helpers/tools';

const DIR = path.join(FIXTURES, 'codegen');
const WORKSPACE = path.join(DIR, 'workspace');

const EXPECTED_CHAIN: IrsaChain = {
  destinationRoleArn: 'arn:aws:iam::222222222222:role/dynamodb-reader',
  roleSessionName: 'dev-dynamodb-reader',
  region: 'eu-west-2',
  durationSeconds: 3600,
  configFile: '/var/run/secrets/cloud/credentials',
  tokenFile: '/var/run/secrets/openshift/serviceaccount/token',
  sourceRoleArn: 'arn:aws:iam::111111111111:role/my-namespace-creds-my-namespace-dev-dynamodb-reader',
};

function workspace(): Workspace {
  const { documents, settings } = loadWorkspace(WORKSPACE);
  const ws = new Workspace(settings);
  for (const d of documents) ws.update(d);
  return ws;
}

describe('irsaChainFor', () => {
  const ws = workspace();
  for (const uri of ws.uris()) {
    for (const doc of ws.documents(uri)) {
      it(`derives the chain from the ${doc.kind} in ${path.basename(uri)}`, () => {
        assert.deepEqual(irsaChainFor(ws.view, doc), EXPECTED_CHAIN);
      });
    }
  }

  it('is undefined when the CredentialsRequest allows no sts:AssumeRole on a role ARN', () => {
    const w = new Workspace();
    const text = fs
      .readFileSync(path.join(WORKSPACE, 'credrequests', 'dev-dynamodb-reader.yaml'), 'utf8')
      .replace('sts:AssumeRole', 'dynamodb:GetItem')
      .replace('arn:aws:iam::222222222222:role/dynamodb-reader', '"*"');
    w.update({ uri: 'file:///ws/cr.yaml', text });
    assert.equal(irsaChainFor(w.view, w.documents('file:///ws/cr.yaml')[0]!), undefined);
  });

  it('falls back to the trust policy session, secretRef name and us-east-1 without a workload', () => {
    const w = new Workspace();
    for (const f of ['credrequests/dev-dynamodb-reader.yaml', 'trust-policy.json']) {
      let text = fs.readFileSync(path.join(WORKSPACE, f), 'utf8');
      if (f.endsWith('.json')) text = text.replace('/dev-dynamodb-reader"', '/pinned-session"');
      w.update({ uri: `file:///ws/${f}`, text });
    }
    const chain = irsaChainFor(w.view, w.documents('file:///ws/credrequests/dev-dynamodb-reader.yaml')[0]!);
    assert.deepEqual(chain, {
      destinationRoleArn: 'arn:aws:iam::222222222222:role/dynamodb-reader',
      roleSessionName: 'pinned-session',
      region: 'us-east-1',
      durationSeconds: 3600,
      configFile: '/var/run/secrets/cloud/credentials',
      sourceRoleArn: 'arn:aws:iam::111111111111:role/my-namespace-creds-my-namespace-dev-dynamodb-reader',
    });
  });
});

describe('validateChain / renderSdkCode errors', () => {
  it('accepts the derived chain', () => assert.deepEqual(validateChain(EXPECTED_CHAIN), []));

  it('rejects DurationSeconds above the role-chaining limit, and every other bad field', () => {
    const bad: IrsaChain = {
      destinationRoleArn: 'arn:aws:iam::account:role/dynamodb-reader',
      roleSessionName: '<a name for the session being assumed>',
      region: 'Europe',
      durationSeconds: 3601,
      configFile: 'credentials',
    };
    assert.deepEqual(validateChain(bad), [
      'destinationRoleArn "arn:aws:iam::account:role/dynamodb-reader" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)',
      'roleSessionName "<a name for the session being assumed>" must be 2–64 characters of [\\w+=,.@-] (STS RoleSessionName)',
      'region "Europe" is not an AWS region name such as eu-west-2',
      'durationSeconds 3601 must be an integer from 900 to 3600: a role assumed with role credentials is limited to one hour (role chaining)',
      'configFile "credentials" must be an absolute path without spaces, quotes, backslashes or $',
    ]);
    assert.throws(() => renderSdkCode({ ...EXPECTED_CHAIN, durationSeconds: 43200 }, 'go'), (e: unknown) => {
      assert.ok(e instanceof InvalidChainError);
      assert.deepEqual(e.problems, ['durationSeconds 43200 must be an integer from 900 to 3600: a role assumed with role credentials is limited to one hour (role chaining)']);
      return true;
    });
    assert.throws(() => renderSdkCode({ ...EXPECTED_CHAIN, durationSeconds: 899 }, 'python'), InvalidChainError);
  });

  it('rejects durationSeconds below 1800 (botocore refreshes 15 minutes before expiry), for every language', () => {
    assert.deepEqual(validateChain({ ...EXPECTED_CHAIN, durationSeconds: 900 }), [
      'durationSeconds 900 is below 1800: botocore refreshes credentials 15 minutes before they expire, so a session of 900 s is replaced after 0 s (an AssumeRole call on every request)',
    ]);
    assert.deepEqual(validateChain({ ...EXPECTED_CHAIN, durationSeconds: 1799 }), [
      'durationSeconds 1799 is below 1800: botocore refreshes credentials 15 minutes before they expire, so a session of 1799 s is replaced after 899 s',
    ]);
    assert.deepEqual(validateChain({ ...EXPECTED_CHAIN, durationSeconds: 1800 }), []);
    for (const language of SDK_LANGUAGES) assert.throws(() => renderSdkCode({ ...EXPECTED_CHAIN, durationSeconds: 1200 }, language), InvalidChainError);
    assert.match(renderSdkCode({ ...EXPECTED_CHAIN, durationSeconds: 1800 }, 'python').content, /^DURATION_SECONDS = 1800$/m);
  });
});

describe('renderSdkCode goldens', () => {
  for (const language of SDK_LANGUAGES) {
    it(`${language} matches its golden file`, () => {
      const code = renderSdkCode(EXPECTED_CHAIN, language);
      const file = path.join(DIR, 'golden', code.fileName);
      assert.equal(code.content.replace(/\n$/, ''), golden(file, code.content));
    });
  }

  it('every language uses its SDK\'s refreshing providers, the configured duration, and no one-shot copy', () => {
    const src = (l: (typeof SDK_LANGUAGES)[number]): string => renderSdkCode(EXPECTED_CHAIN, l).content;
    assert.match(src('typescript'), /fromTemporaryCredentials\(\{\n[^]*masterCredentials: fromIni\(/);
    assert.match(src('python'), /AssumeRoleCredentialFetcher\([^]*source_credentials=web_identity/);
    // Both entries (LoadConfig, CredentialsFor) cache the second hop's stscreds provider.
    assert.match(src('go'), /aws\.NewCredentialsCache\(\n\t\tirsaAssumeRole\(base, DestinationRoleARN, /);
    assert.match(src('go'), /aws\.NewCredentialsCache\(&irsaLazyAssumeRole\{/);
    assert.match(src('go'), /return stscreds\.NewAssumeRoleProvider\(sts\.NewFromConfig\(base\), roleArn, /);
    // EndpointResolver / EndpointResolverWithOptions are deprecated (endpoint resolution v2); Debian's
    // SDK 1.17 has no BaseEndpoint: the generated Go sets no endpoint at all.
    assert.doesNotMatch(src('go'), /EndpointResolver|BaseEndpoint/);
    assert.match(src('java'), /StsAssumeRoleCredentialsProvider\.builder\(\)[^;]*asyncCredentialUpdateEnabled\(true\)/);
    // aws/aws-sdk-java-v2#6185: StsWebIdentityTokenFileCredentialsProvider dropped asyncCredentialUpdateEnabled
    // before 2.41.11, so the first hop sets it on StsAssumeRoleWithWebIdentityCredentialsProvider itself,
    // with a Supplier that re-reads the token (the Consumer overload builds one request: #5709).
    assert.doesNotMatch(src('java'), /StsWebIdentityTokenFileCredentialsProvider\.builder/);
    assert.match(src('java'), /StsAssumeRoleWithWebIdentityCredentialsProvider\.builder\(\)[^;]*\.refreshRequest\(webIdentityRequest\)[^;]*asyncCredentialUpdateEnabled\(true\)/);
    assert.match(src('java'), /Supplier<AssumeRoleWithWebIdentityRequest> webIdentityRequest = \(\) -> [^;]*\.webIdentityToken\(readToken\(tokenFile\)\)/);
    // IdpCommunicationErrorException is retried on the web identity STS client, as the SDK's factory does.
    assert.match(src('java'), /OrRetryCondition\.create\(\n\s*context -> context\.exception\(\) instanceof IdpCommunicationErrorException,\n\s*RetryCondition\.defaultRetryCondition\(\)\)/);
    assert.match(src('java'), /webIdentitySts = sts\(AnonymousCredentialsProvider\.create\(\), true\);[^]*chainSts = sts\(webIdentity, false\);/);
    for (const l of SDK_LANGUAGES) {
      assert.match(src(l), /3600/);
      assert.doesNotMatch(src(l), /Credentials\?\.AccessKeyId|\['Credentials'\]\['AccessKeyId'\]/);
    }
    // Go v2 and Java v2 ignore AWS_ROLE_SESSION_NAME with a config file (domain.md §5.1): set explicitly.
    assert.match(src('go'), /o\.RoleSessionName = sessionName/);
    assert.match(src('java'), /\.roleSessionName\(sessionName\)/);
    assert.match(src('python'), /AWS_DEFAULT_REGION/);
  });

  it('the Java golden has balanced brackets (not compiled: no JDK or SDK jars here)', () => {
    const text = renderSdkCode(EXPECTED_CHAIN, 'java').content.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\*[^]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [open, close] of [['(', ')'], ['{', '}'], ['[', ']']] as const) {
      assert.equal(text.split(open).length, text.split(close).length, `${open}${close} balanced`);
    }
  });

  const GOFMT = findGofmt();
  itNeedsTool(missingReason(GOFMT), 'the Go golden is gofmt-clean', {}, () => {
    if (!('path' in GOFMT)) throw new Error('unreachable: itNeedsTool runs this only when gofmt was found');
    const go = spawnSync(GOFMT.path, ['-l', '-e', path.join(DIR, 'golden', 'irsa_credentials.go')], { encoding: 'utf8' });
    assert.equal(go.status, 0, go.stderr);
    assert.equal(go.stdout, '', 'gofmt would reformat the generated Go');
  });

  const PYTHON3 = onPath('python3');
  itNeedsTool(PYTHON3 ? undefined : 'no python3 on PATH; install python3 (apt-get install python3)', 'the Python golden compiles', {}, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-pyc-'));
    const py = spawnSync(PYTHON3!, ['-c', 'import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', path.join(DIR, 'golden', 'irsa_credentials.py'), path.join(tmp, 'x.pyc')], { encoding: 'utf8' });
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.equal(py.status, 0, py.stderr);
  });
});

describe('code generator targets (the command\'s pure half)', () => {
  const ws = workspace();
  it('lists the credential sets that have a destination role', () => {
    assert.deepEqual(
      chainTargets(ws).map((t) => [t.label, t.description, path.basename(t.uri)]),
      [['my-namespace/dev-dynamodb-reader', '→ arn:aws:iam::222222222222:role/dynamodb-reader', 'dev-dynamodb-reader.yaml']],
    );
  });
  it('finds the chain at the cursor in a workload, and none outside IRSA files', () => {
    const uri = ws.uris().find((u) => u.endsWith('deployment.yaml'))!;
    assert.deepEqual(chainAtOffset(ws, uri, ws.text(uri)!.indexOf('AWS_REGION')), EXPECTED_CHAIN);
    assert.equal(chainAtOffset(ws, 'file:///elsewhere/app.ts', 0), undefined);
  });
});
