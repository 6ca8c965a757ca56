/**
 * Dependency manifests (issue #14) beyond the rule goldens: what each reader extracts (names, versions,
 * exact offsets, dev/managed), the version arithmetic ("the lowest version a range admits"; unknown is
 * never judged), the cheap pre-filter and file-name routing, readers that never throw on broken input,
 * and the folder-tree link (no linked web identity workload → no finding; an edit of the workload
 * re-checks the manifest).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, parseConfig, Workspace } from '../../server/src/engine';
import type { IrsaSettings, SourceDocument } from '../../server/src/engine';
import { MAX_SHARED_TREE } from '../../server/src/engine/rules/_deps-util';
import { admitsBelow, languageOf, looksRelevant, lowestAdmitted, parseManifest } from '../../server/src/engine/parse';
import type { SdkDependency } from '../../server/src/engine/parse';
import { isCheckedFileName } from '../../server/src/node';
import { FIXTURES, loadWorkspace } from '../helpers/fixtures';

/** `[sdk, name, version, text at name, text at version, dev, managed]` of each dependency. */
function summary(text: string, deps: SdkDependency[]): unknown[] {
  return deps.map((d) => [d.sdk, d.name, d.version, text.slice(d.start, d.end), d.versionStart === undefined ? undefined : text.slice(d.versionStart, d.versionEnd), d.dev, d.managed]);
}

function read(file: string, text: string): unknown[] {
  return summary(text, parseManifest(`file:///app/${file}`, text).deps);
}

describe('manifest readers', () => {
  it('package.json: aws-sdk is JS v2, @aws-sdk/* JS v3; devDependencies are dev; offsets exclude quotes', () => {
    const text = '{\n  "dependencies": { "aws-sdk": "^2.400.0", "@aws-sdk/client-sts": "3.20.0", "left-pad": "1.0.0" },\n  "devDependencies": { "@aws-sdk/credential-providers": "*" },\n  "overrides": { "aws-sdk": "2.1.0" }\n}';
    assert.deepEqual(read('package.json', text), [
      ['js-v2', 'aws-sdk', '^2.400.0', 'aws-sdk', '^2.400.0', false, false],
      ['js-v3', '@aws-sdk/client-sts', '3.20.0', '@aws-sdk/client-sts', '3.20.0', false, false],
      ['js-v3', '@aws-sdk/credential-providers', '*', '@aws-sdk/credential-providers', '*', true, false],
    ]);
  });

  it('requirements.txt: PEP 508 names (case, extras, markers, parentheses), options and comments skipped', () => {
    const text = '# boto3==1.0.0\n-r base.txt\nBoto3[crt] >= 1.9, <2 ; python_version > "3"\nbotocore (==1.12.0)\nboto3-stubs==1.0\n--hash=sha256:abc\n';
    assert.deepEqual(read('requirements-prod.txt', text), [
      ['boto3', 'Boto3', '>= 1.9, <2', 'Boto3', '>= 1.9, <2', false, false],
      ['botocore', 'botocore', '==1.12.0', 'botocore', '==1.12.0', false, false],
    ]);
  });

  it('pyproject.toml: PEP 621 arrays (one line and several), optional-dependencies are dev, Poetry tables; other tables ignored', () => {
    const text = [
      '[project]',
      'dependencies = ["boto3>=1.20", "requests"]',
      '[project.optional-dependencies]',
      'aws = [',
      '  "botocore==1.30.0",  # pinned',
      ']',
      '[tool.poetry.dependencies]',
      'boto3 = { version = "^1.9.0" }',
      '[tool.poetry.group.dev.dependencies]',
      'botocore = "1.10.0"',
      '[tool.other]',
      'boto3 = "0.0.1"',
    ].join('\n');
    assert.deepEqual(read('pyproject.toml', text), [
      ['boto3', 'boto3', '>=1.20', 'boto3', '>=1.20', false, false],
      ['botocore', 'botocore', '==1.30.0', 'botocore', '==1.30.0', true, false],
      ['boto3', 'boto3', '^1.9.0', 'boto3', '^1.9.0', false, false],
      ['botocore', 'botocore', '1.10.0', 'botocore', '1.10.0', true, false],
    ]);
  });

  it('Pipfile: [packages] and [dev-packages]; "*" is no version', () => {
    const text = '[packages]\nboto3 = "==1.9.0"\nbotocore = "*"\n\n[dev-packages]\nboto3 = {version = ">=1.0"}\n';
    assert.deepEqual(read('Pipfile', text), [
      ['boto3', 'boto3', '==1.9.0', 'boto3', '==1.9.0', false, false],
      ['botocore', 'botocore', undefined, 'botocore', undefined, false, false],
      ['boto3', 'boto3', '>=1.0', 'boto3', '>=1.0', true, false],
    ]);
  });

  it('go.mod: require lines and blocks, v1 and v2 submodules, // indirect kept as such, a replaced module has no version', () => {
    const text = 'module x\n\nrequire github.com/aws/aws-sdk-go-v2/service/sts v1.28.0\nrequire (\n\tgithub.com/aws/aws-sdk-go v1.20.0 // indirect\n\tgithub.com/aws/aws-sdk-go-v2 v1.30.0\n)\nreplace github.com/aws/aws-sdk-go-v2 => ../fork\n';
    const m = parseManifest('file:///app/go.mod', text);
    assert.deepEqual(summary(text, m.deps), [
      ['go-v2', 'github.com/aws/aws-sdk-go-v2/service/sts', 'v1.28.0', 'github.com/aws/aws-sdk-go-v2/service/sts', 'v1.28.0', false, false],
      ['go-v1', 'github.com/aws/aws-sdk-go', 'v1.20.0', 'github.com/aws/aws-sdk-go', 'v1.20.0', false, false],
      ['go-v2', 'github.com/aws/aws-sdk-go-v2', undefined, 'github.com/aws/aws-sdk-go-v2', undefined, false, false],
    ]);
    assert.deepEqual(m.deps.map((d) => d.indirect === true), [false, true, false]);
  });

  it('pom.xml: properties, BOM versions for modules without one, dependencyManagement is managed, test scope is dev, comments skipped, <parent> makes it opaque', () => {
    const text = [
      '<project><parent><groupId>p</groupId></parent>',
      '<properties><aws.v>1.11.0</aws.v></properties>',
      '<dependencyManagement><dependencies><dependency><groupId>software.amazon.awssdk</groupId><artifactId>bom</artifactId><version>2.20.0</version></dependency></dependencies></dependencyManagement>',
      '<dependencies>',
      '<!-- <dependency><groupId>com.amazonaws</groupId><artifactId>aws-java-sdk-kms</artifactId></dependency> -->',
      '<dependency><groupId>com.amazonaws</groupId><artifactId>aws-java-sdk-s3</artifactId><version>${aws.v}</version></dependency>',
      '<dependency><groupId>software.amazon.awssdk</groupId><artifactId>sts</artifactId></dependency>',
      '<dependency><groupId>com.amazonaws</groupId><artifactId>aws-java-sdk-sqs</artifactId><version>${missing}</version><scope>test</scope></dependency>',
      '</dependencies></project>',
    ].join('\n');
    const m = parseManifest('file:///app/pom.xml', text);
    assert.deepEqual(summary(text, m.deps), [
      ['java-v1', 'com.amazonaws:aws-java-sdk-s3', '1.11.0', 'aws-java-sdk-s3', '1.11.0', false, false],
      ['java-v2', 'software.amazon.awssdk:sts', '2.20.0', 'sts', '2.20.0', false, false],
      ['java-v1', 'com.amazonaws:aws-java-sdk-sqs', undefined, 'aws-java-sdk-sqs', undefined, true, false],
      ['java-v2', 'software.amazon.awssdk:bom', '2.20.0', 'bom', '2.20.0', false, true],
    ]);
    assert.match(m.opaque ?? '', /parent/);
  });

  it('pom.xml whose tags do not nest gives no dependencies (rather than wrong ones)', () => {
    const text = '<project><dependencies><dependency><groupId>com.amazonaws</groupId><artifactId>aws-java-sdk-s3</artifactId><version>1.0</version></dependencies></project>';
    assert.deepEqual(parseManifest('file:///app/pom.xml', text).deps, []);
  });

  it('build.gradle: strings and map notation, platform() is managed, test configurations are dev, $variables unknown, comments skipped, libs.* makes it opaque', () => {
    const text = [
      'dependencies {',
      "  implementation platform('software.amazon.awssdk:bom:2.5.0')",
      "  implementation 'software.amazon.awssdk:s3'",
      '  implementation "software.amazon.awssdk:sqs:$awsVersion"',
      "  testImplementation group: 'com.amazonaws', name: 'aws-java-sdk-sts', version: '1.11.0'",
      "  /* implementation 'com.amazonaws:aws-java-sdk-kms:1.0.0' */",
      '  implementation libs.aws.sts',
      '}',
    ].join('\n');
    const m = parseManifest('file:///app/build.gradle', text);
    assert.deepEqual(summary(text, m.deps), [
      ['java-v2', 'software.amazon.awssdk:bom', '2.5.0', 'bom', '2.5.0', false, true],
      ['java-v2', 'software.amazon.awssdk:s3', '2.5.0', 's3', '2.5.0', false, false],
      ['java-v2', 'software.amazon.awssdk:sqs', '2.5.0', 'sqs', '2.5.0', false, false],
      ['java-v1', 'com.amazonaws:aws-java-sdk-sts', '1.11.0', 'aws-java-sdk-sts', '1.11.0', true, false],
    ]);
    assert.match(m.opaque ?? '', /catalog/);
  });

  it('what the application does not ship is dev: requirements-dev.txt, Maven provided, Gradle classpath/compileOnly; npm peers are not read', () => {
    assert.deepEqual(read('requirements-dev.txt', 'boto3==1.0.0\n').map((d) => (d as unknown[])[5]), [true]);
    assert.deepEqual(read('requirements_test_unit.txt', 'boto3==1.0.0\n').map((d) => (d as unknown[])[5]), [true]);
    assert.deepEqual(read('requirements-devops.txt', 'boto3==1.0.0\n').map((d) => (d as unknown[])[5]), [false]);
    const pom = '<project><dependencies><dependency><groupId>com.amazonaws</groupId><artifactId>aws-java-sdk-s3</artifactId><version>1.0</version><scope>provided</scope></dependency></dependencies></project>';
    assert.deepEqual(read('pom.xml', pom).map((d) => (d as unknown[])[5]), [true]);
    const gradle = "buildscript {\n  dependencies {\n    classpath 'com.amazonaws:aws-java-sdk-core:1.11.0'\n  }\n}\ndependencies {\n  compileOnly 'software.amazon.awssdk:s3:2.0.0'\n  integrationTestImplementation 'software.amazon.awssdk:sqs:2.0.0'\n}\n";
    assert.deepEqual(read('build.gradle', gradle).map((d) => (d as unknown[])[5]), [true, true, true]);
    assert.deepEqual(read('package.json', '{"peerDependencies": {"aws-sdk": "^2.0.0"}}'), []);
  });

  it('never throws on broken input, whatever the format', () => {
    const broken = ['{"dependencies": {"aws-sdk": ', '<project><dependencies><dependency>', '[project]\ndependencies = ["boto3', 'require (\n\tgithub.com/aws/aws-sdk-go', "dependencies { implementation 'com.amazonaws:aws-java-sdk-s3:", '\u0000\u0001aws-sdk'];
    for (const name of ['package.json', 'pom.xml', 'pyproject.toml', 'go.mod', 'build.gradle', 'Pipfile', 'requirements.txt']) {
      for (const text of broken) assert.doesNotThrow(() => parseManifest(`file:///app/${name}`, text), `${name}: ${JSON.stringify(text)}`);
    }
  });
});

describe('versions', () => {
  it('the lowest version a range admits, per ecosystem', () => {
    const cases: [string, string | undefined][] = [
      ['^2.400.0', '2.400.0'],
      ['~3.26.0 || ^3.30.0', '3.26.0'],
      ['>=1.9, <2', '1.9'],
      ['~=1.9.100', '1.9.100'],
      ['==1.9.0', '1.9.0'],
      ['1.2.x', '1.2.x'],
      ['1.0.0 - 2.0.0', '1.0.0'],
      ['[1.11.600,1.12)', '1.11.600'],
      ['v1.23.12', 'v1.23.12'],
      ['<2', undefined],
      ['*', undefined],
      ['latest', undefined],
      ['[,2.0)', undefined],
      ['github:aws/aws-sdk-js', undefined],
      ['1.11.+', undefined],
      ['^2.500.0 || *', undefined],
    ];
    assert.deepEqual(cases.map(([spec]) => [spec, lowestAdmitted(spec)?.text]), cases);
  });

  it('a strict bound admits only what is above it; undefined and unbounded ranges are never below', () => {
    assert.equal(admitsBelow('>1.9.219', [1, 9, 220]), undefined);
    assert.deepEqual(admitsBelow('>1.9.218', [1, 9, 220]), { lowest: '1.9.218' });
    assert.equal(admitsBelow(undefined, [1, 9, 220]), undefined);
    assert.equal(admitsBelow('<1.0', [1, 9, 220]), undefined);
    assert.equal(admitsBelow('2.525.0', [2, 525, 0]), undefined);
    assert.equal(admitsBelow('v0.0.0-20190801000000-abcdef', [1, 23, 13])?.lowest, 'v0.0.0-20190801000000-abcdef');
  });
});

describe('manifest routing and pre-filter', () => {
  it('manifest names are engine inputs with their own language; others are not', () => {
    for (const n of ['package.json', 'requirements.txt', 'requirements-dev.txt', 'pyproject.toml', 'Pipfile', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts']) {
      assert.equal(languageOf(`file:///r/a/${n}`), 'manifest', n);
      assert.equal(isCheckedFileName(n), true, n);
    }
    for (const n of ['Pipfile.lock', 'go.sum', 'settings.gradle', 'package-lock.json']) assert.notEqual(languageOf(`file:///r/${n}`), 'manifest', n);
    assert.equal(isCheckedFileName('go.sum'), false);
  });

  it('only manifests that name an AWS SDK are parsed', () => {
    assert.equal(looksRelevant('file:///r/package.json', '{"dependencies":{"react":"18"}}', 'manifest'), false);
    assert.equal(looksRelevant('file:///r/package.json', '{"dependencies":{"@aws-sdk/client-s3":"3"}}', 'manifest'), true);
    assert.equal(looksRelevant('file:///r/go.mod', 'module x\nrequire github.com/aws/aws-sdk-go-v2 v1.0.0', 'manifest'), true);
    assert.equal(looksRelevant('file:///r/pom.xml', '<project><groupId>software.amazon.awssdk</groupId></project>', 'manifest'), true);
  });

  it('a package.json that cannot be read as JSON is still reported (info), when named by the user or when it names an AWS SDK', () => {
    const msg = 'Not an IRSA file, but it cannot be read as JSON: A property name in double quotes is expected here.';
    const one = (text: string, checkSyntax: boolean): unknown[] =>
      lintDocuments([{ uri: 'file:///r/package.json', text, checkSyntax }], {}).map((f) => [f.ruleId, f.severity, f.range.start.character, f.message]);
    assert.deepEqual(one('{"name": "x",, }', true), [['json-syntax', 'info', 13, msg]]);
    assert.deepEqual(one('{"name": "x",, }', false), []);
    assert.deepEqual(one('{"dependencies": {"aws-sdk": "2.1.0",, }}', false), [['json-syntax', 'info', 37, msg]]);
    // Comments and trailing commas are leniencies, not problems.
    assert.deepEqual(one('{"dependencies": {"aws-sdk": "2.1.0", }}', false), []);
  });
});

describe('folder-tree link', () => {
  const BAD = path.join(FIXTURES, 'rules', 'sdk-web-identity-version', 'bad');

  it('no finding when the linked workloads do not use web identity credentials', () => {
    const ws = loadWorkspace(BAD);
    const d = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    d.text = d.text.replace('- name: AWS_CONFIG_FILE', '- name: APP_CONFIG_FILE');
    assert.deepEqual(lintDocuments(ws.documents, ws.settings).filter((f) => f.ruleId === 'sdk-web-identity-version'), []);
  });

  it('no finding when the shared tree also holds a workload without web identity (the application may run there); a name match decides', () => {
    const ws = loadWorkspace(BAD);
    const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: my-namespace\nspec:\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: registry.example.com/app-go:1.0\n';
    ws.documents.push({ uri: ws.documents[0]!.uri.replace(/\/[^/]+\/[^/]+$/, '/deploy/web.yaml'), text: web, version: 0 });
    const f = lintDocuments(ws.documents, ws.settings).filter((x) => x.ruleId === 'sdk-web-identity-version');
    assert.deepEqual(f, []);
    // Named like the folder of app-go/go.mod, the IRSA Deployment is that application's: its finding comes back alone.
    const dep = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    dep.text = dep.text.replace('name: orders-api', 'name: app-go');
    const byName = lintDocuments(ws.documents, ws.settings).filter((x) => x.ruleId === 'sdk-web-identity-version');
    assert.deepEqual(byName.map((x) => [x.uri.slice(x.uri.lastIndexOf('/bad/') + 5), x.message.replace(/^.*\(linked/, '(linked')]), [
      ['app-go/go.mod', "(linked by name: this manifest's folder `app-go` names a workload (or its container or image) in `../`, the nearest folder above it that holds workloads; runs in Deployment `app-go` in `../deploy/deployment.yaml`)."],
    ]);
  });

  it('no finding when no workload is in any folder above the manifest', () => {
    const findings = lintDocuments([{ uri: 'file:///r/app/go.mod', text: 'module x\nrequire github.com/aws/aws-sdk-go v1.0.0\n' }], {});
    assert.deepEqual(findings, []);
  });

  it('a workload below the manifest\'s own folder is linked, and the message says so', () => {
    const ws = loadWorkspace(BAD);
    const docs = ws.documents.filter((x) => x.uri.includes('/deploy/')).map((x) => ({ ...x, uri: x.uri.replace('/deploy/', '/app-go/deploy/') }));
    docs.push(ws.documents.find((x) => x.uri.endsWith('/app-go/go.mod'))!);
    const f = lintDocuments(docs, ws.settings).filter((x) => x.ruleId === 'sdk-web-identity-version');
    assert.deepEqual(f.map((x) => x.message.replace(/.*\(linked/, '(linked')), ["(linked by folder tree: this manifest's folder; runs in Deployment `orders-api` in `deploy/deployment.yaml`)."]);
  });

  it('an edit of the workload re-checks the manifest (incremental)', () => {
    const ws = loadWorkspace(BAD);
    const w = new Workspace(ws.settings);
    for (const d of ws.documents) w.update(d);
    const goMod = ws.documents.find((x) => x.uri.endsWith('/app-go/go.mod'))!.uri;
    assert.equal(w.findings(goMod).filter((f) => f.ruleId === 'sdk-web-identity-version').length, 1);
    const dep = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    w.update({ ...dep, text: dep.text.replace('- name: AWS_CONFIG_FILE', '- name: APP_CONFIG_FILE'), version: 1 });
    assert.equal(w.findings(goMod).filter((f) => f.ruleId === 'sdk-web-identity-version').length, 0);
  });

  it('a folder above the manifest\'s own can name the workload (services/orders-api/src/go.mod); a rename re-checks', () => {
    const ws = loadWorkspace(BAD);
    const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: my-namespace\nspec:\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: registry.example.com/web:1.0\n';
    const dep = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    const goMod = ws.documents.find((x) => x.uri.endsWith('/app-go/go.mod'))!;
    const moved = { ...goMod, uri: goMod.uri.replace('/app-go/go.mod', '/services/orders-api/src/go.mod') };
    const docs = [...ws.documents.filter((x) => x !== goMod && !x.uri.includes('/app-')), moved, { uri: dep.uri.replace(/deployment\.yaml$/, 'web.yaml'), text: web, version: 0 }];
    const w = new Workspace(ws.settings);
    for (const d of docs) w.update(d);
    const links = (): string[] => w.findings(moved.uri).filter((f) => f.ruleId === 'sdk-web-identity-version').map((f) => f.message.replace(/.*\(linked/, '(linked'));
    assert.deepEqual(links(), ["(linked by name: the folder `orders-api` above this manifest names a workload (or its container or image) in `../../../`, the nearest folder above it that holds workloads; runs in Deployment `orders-api` in `../../../deploy/deployment.yaml`)."]);
    // Renamed, the Deployment names no folder: the shared tree holds a workload without web identity, so nothing is decided.
    w.update({ ...dep, text: dep.text.replaceAll('orders-api', 'orders'), version: 1 });
    assert.deepEqual(links(), []);
  });

  it(`a shared tree of more than ${MAX_SHARED_TREE} workloads that no folder name picks from is no link`, () => {
    const ws = loadWorkspace(BAD);
    const dep = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    const goMod = ws.documents.find((x) => x.uri.endsWith('/app-go/go.mod'))!;
    const copies = (n: number): SourceDocument[] => Array.from({ length: n }, (_, i) => ({ uri: dep.uri.replace(/deployment\.yaml$/, `copy-${i}.yaml`), text: dep.text.replace('name: orders-api', `name: app-${i}`), version: 0 }));
    const count = (n: number): number => lintDocuments([goMod, ...copies(n)], ws.settings).filter((f) => f.ruleId === 'sdk-web-identity-version').length;
    assert.equal(count(MAX_SHARED_TREE), 1);
    assert.equal(count(MAX_SHARED_TREE + 1), 0);
    // Incrementally: the 21st workload unlinks, its removal links again; an edit of one of them (the
    // count's class unchanged) re-checks no manifest.
    const w = new Workspace(ws.settings);
    for (const d of [goMod, ...copies(MAX_SHARED_TREE)]) w.update(d);
    const findings = (): number => w.findings(goMod.uri).filter((f) => f.ruleId === 'sdk-web-identity-version').length;
    assert.equal(findings(), 1);
    const extra = copies(MAX_SHARED_TREE + 1)[MAX_SHARED_TREE]!;
    w.update(extra);
    assert.equal(findings(), 0);
    assert.deepEqual(w.update({ ...extra, text: extra.text.replace('registry.example.com', 'registry.example.org'), version: 1 }).filter((u) => u.endsWith('.mod')), []);
    w.remove(extra.uri);
    assert.equal(findings(), 1);
  });

  it('a workload that comes into or leaves a folder above the manifest re-checks it (folder index, incremental)', () => {
    const ws = loadWorkspace(BAD);
    const w = new Workspace(ws.settings);
    const dep = ws.documents.find((x) => x.uri.endsWith('/deploy/deployment.yaml'))!;
    // The manifest without any workload first: no link and no finding (the folder index is built then).
    for (const d of ws.documents) if (d !== dep) w.update(d);
    const goMod = ws.documents.find((x) => x.uri.endsWith('/app-go/go.mod'))!.uri;
    const links = (): string[] => w.findings(goMod).filter((f) => f.ruleId === 'sdk-web-identity-version').map((f) => f.message.replace(/.*\(linked by folder tree:? /, '').replace(/;.*/, ''));
    assert.deepEqual(links(), []);
    const aside = { ...dep, uri: dep.uri.replace('/deploy/deployment.yaml', '/elsewhere/deployment.yaml') };
    const inside = { ...dep, uri: goMod.replace(/go\.mod$/, 'deploy/deployment.yaml') };
    w.update(aside);
    assert.deepEqual(links(), ['`../`, the nearest folder above this manifest that holds workloads']);
    w.update(inside);
    assert.deepEqual(links(), ["this manifest's folder"]);
    w.remove(inside.uri);
    assert.deepEqual(links(), ['`../`, the nearest folder above this manifest that holds workloads']);
    w.remove(aside.uri);
    assert.deepEqual(links(), []);
  });
});

describe('.irsa.yaml applications', () => {
  it('parses folder → workloads (a name, workload/container, or a list); bad values are problems', () => {
    const ok = parseConfig('applications:\n  services/orders: orders-api\n  ./svc/reports/: [reports/app, reports-cron]\n');
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.settings.applications, {
      'services/orders': [{ workload: 'orders-api' }],
      'svc/reports': [{ workload: 'reports', container: 'app' }, { workload: 'reports-cron' }],
    });
    const bad = parseConfig('applications:\n  services/orders: [Orders_API, 3]\n');
    assert.deepEqual(bad.problems.map((p) => p.message), [
      'the workloads of `services/orders` must be workload names (`orders-api`) or `workload/container`, or a list of them',
      'the workloads of `services/orders` must be workload names (`orders-api`) or `workload/container`, or a list of them',
    ]);
    assert.deepEqual(parseConfig('applications: [a]\n').problems.map((p) => p.message), ['`applications` must be a mapping of source folder (relative to the workspace root) to workload names (`name` or `name/container`, or a list of them)']);
  });

  // The sdk-load-config good fixture: Deployment `orders-api` sets AWS_SDK_LOAD_CONFIG=1. A second
  // workload in the same tree that does not makes the folder-tree link ambiguous.
  const GOOD = path.join(FIXTURES, 'rules', 'sdk-load-config', 'good');
  function withReports(settings: IrsaSettings, goModFolder = 'svc-go'): { uri: string; message: string }[] {
    const ws = loadWorkspace(GOOD, settings);
    const orders = ws.documents.find((x) => x.uri.endsWith('/deployment.yaml'))!;
    const reports = orders.text.replace(/orders-api/g, 'reports').replace(/            - name: AWS_SDK_LOAD_CONFIG\n              value: "1"\n/, '');
    assert.notEqual(reports, orders.text.replace(/orders-api/g, 'reports'));
    ws.documents.push({ uri: orders.uri.replace('/deployment.yaml', '/reports.yaml'), text: reports, version: 0 });
    const goMod = ws.documents.find((x) => x.uri.endsWith('/svc-go/go.mod'))!;
    goMod.uri = goMod.uri.replace('/svc-go/', `/${goModFolder}/`);
    return lintDocuments(ws.documents, ws.settings)
      .filter((f) => f.ruleId === 'sdk-load-config' && f.uri.endsWith(`/${goModFolder}/go.mod`))
      .map((f) => ({ uri: f.uri.slice(f.uri.lastIndexOf('/good/') + 6), message: f.message.replace(/^.*?(container `)/, '$1') }));
  }

  it('by folder tree, a shared tree whose workloads disagree (one sets AWS_SDK_LOAD_CONFIG, one does not) gives no finding', () => {
    assert.deepEqual(withReports({}), []);
  });

  it('in a shared tree, the workload named like the manifest\'s folder is the application\'s', () => {
    assert.deepEqual(withReports({}, 'reports'), [
      { uri: 'reports/go.mod', message: 'container `app` of Deployment `reports` in `../reports.yaml` sets AWS_CONFIG_FILE without it: the ccoctl profile is never read. Set AWS_SDK_LOAD_CONFIG=1 in the container (linked by name: this manifest\'s folder `reports` names a workload (or its container or image) in `../`, the nearest folder above it that holds workloads).' },
    ]);
    assert.deepEqual(withReports({}, 'orders-api'), []);
  });

  it('applications wins over the folder tree: mapped to the workload that sets AWS_SDK_LOAD_CONFIG, nothing; to the other one, one finding that says so', () => {
    assert.deepEqual(withReports({ applications: { 'svc-go': [{ workload: 'orders-api' }] } }), []);
    assert.deepEqual(withReports({ applications: { 'svc-go': [{ workload: 'reports', container: 'app' }] } }), [
      { uri: 'svc-go/go.mod', message: 'container `app` of Deployment `reports` in `../reports.yaml` sets AWS_CONFIG_FILE without it: the ccoctl profile is never read. Set AWS_SDK_LOAD_CONFIG=1 in the container (linked by `.irsa.yaml` applications: `svc-go`).' },
    ]);
    // A container the setting does not name is not this application's.
    assert.deepEqual(withReports({ applications: { 'svc-go': [{ workload: 'reports', container: 'sidecar' }] } }), []);
  });
});
