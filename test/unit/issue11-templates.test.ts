/**
 * Issue #11 pattern 4, file level: template syntax is never a YAML syntax error, no file is skipped
 * silently, and `helm template … | irsa-lint -` names findings by template. Fixtures (our own, modelled
 * on operator assets, EKS add-on charts, Flux and Terraform templates) under
 * test/fixtures/issue11/templates/ and test/fixtures/cli/helm-template/. Every finding of every rule,
 * infos included, is asserted exactly.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import { isPlaceholder, maskPlaceholder } from '../../server/src/engine/parse/placeholder';
import { maskTemplate } from '../../server/src/engine/parse/template';
import { get, parseFile, str } from '../../server/src/engine/parse';
import { splitHelmStream } from '../../server/src/cli/lint';
import { FIXTURES, formatFindings, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue11', 'templates');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const STREAM = path.join(FIXTURES, 'cli', 'helm-template', 'stream.yaml');

function lint(name: string): string {
  const root = path.join(ROOT, name);
  const { documents, settings } = loadWorkspace(root);
  return formatFindings(lintDocuments(documents, settings), root);
}

function cli(args: string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|IRSA_DOCS_BASE_URL)$/.test(k)) env[k] = v;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, input, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('issue 11 pattern 4: placeholders and template masking', () => {
  it('isPlaceholder: ${VAR}, {{ }}, %{ }, $(VAR), ${AWS::…} are placeholders; IAM policy variables are not', () => {
    const yes = ['${VAR}', '${var:=x}', '${var:-x}', '${var.name}', 'x-{{ .Values.name }}', '%{ if x }', '$(CLUSTER_NAME)', '${AWS::AccountId}', maskPlaceholder(8)];
    const no = ['${aws:username}', 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*', '${s3:prefix}', '${*}', '${?}', '${$}', 'plain', '$VAR', '{ a }'];
    assert.deepEqual(yes.filter((v) => !isPlaceholder(v)), []);
    assert.deepEqual(no.filter((v) => isPlaceholder(v)), []);
    assert.equal(maskPlaceholder(4), '${_}');
    assert.throws(() => maskPlaceholder(3), RangeError);
  });

  it('masking keeps every offset, blanks control syntax and else branches, keeps action text in values', () => {
    const text = [
      '{{- if .Values.create }}',
      'kind: ServiceAccount',
      'metadata:',
      '  name: {{ .Values.name }}',
      '{{- if .Values.a }}',
      '  namespace: a',
      '{{- else }}',
      '  namespace: b',
      '{{- end }}',
      '  labels:',
      '    {{- include "labels" . | nindent 4 }}',
      '    tier: node',
      '  annotations:',
      '    {{- toYaml .Values.annotations | nindent 4 }}',
      '{{- end }}',
      '',
    ].join('\n');
    const m = maskTemplate(text)!;
    assert.equal(m.text.length, text.length);
    assert.deepEqual(m.text.split('\n').map((l) => l.trimEnd()), [
      '',
      'kind: ServiceAccount',
      'metadata:',
      '  name: ${_______________}',
      '',
      '  namespace: a',
      '',
      '',
      '',
      '  labels:',
      '',
      '    tier: node',
      '  annotations:',
      '    ${__________________________________________}',
      '',
      '',
    ]);
    const parsed = parseFile('file:///c/templates/sa.yaml', text);
    assert.deepEqual(parsed.documents.map((d) => [d.sound, d.unread, d.syntaxIssues.length]), [[true, undefined, 0]]);
    const meta = get(parsed.documents[0]!.root, 'metadata');
    assert.equal(str(get(meta, 'name')), '{{ .Values.name }}');
    assert.equal(str(get(meta, 'namespace')), 'a');
    assert.equal(str(get(meta, 'annotations')), '{{- toYaml .Values.annotations | nindent 4 }}');
    assert.equal(parsed.template?.kind, 'go');
  });

  it('a document whose YAML cannot be read before rendering is unread: no tree, no syntax error', () => {
    const text = 'kind: Job\nspec:\n  tolerations:\n  - {{ toYaml . | trim }}\n    effect: NoSchedule\n';
    const d = parseFile('file:///c/job.yaml', text).documents[0]!;
    assert.equal(d.root, undefined);
    assert.deepEqual(d.syntaxIssues, []);
    assert.match(d.unread ?? '', /^Go template whose YAML cannot be read before it is rendered/);
  });

  it('an edit of a template file gives the findings of a fresh check (no incremental re-parse of templates)', () => {
    const uri = 'file:///ws/assets/sa.yaml';
    const text = fs.readFileSync(path.join(ROOT, 'go-assets', 'serviceaccount.yaml'), 'utf8');
    const edited = text.replace('12345678901', '123456789012').replace('{{ .RoleARN }}', '{{ .RoleARN | quote }}\n    x: {{ .Y }}');
    const ws = new Workspace();
    ws.update({ uri, text, version: 1 });
    assert.equal(ws.findings(uri).length, 1);
    ws.update({ uri, text: edited, version: 2 });
    const fresh = new Workspace();
    fresh.update({ uri, text: edited, version: 1 });
    assert.deepEqual(ws.findings(uri), fresh.findings(uri));
    assert.deepEqual(ws.findings(uri), []);
    assert.deepEqual(ws.parsed(uri)!.template!.masked, fresh.parsed(uri)!.template!.masked);
  });

  it('Go templates outside templates/ (operator assets): no syntax error, literal parts still checked', () => {
    assert.equal(
      lint('go-assets'),
      'serviceaccount.yaml:8:33-8:81 error eks-role-arn-annotation `eks.amazonaws.com/role-arn` must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>); found `arn:aws:iam::12345678901:role/example-csi-driver`. The account id `12345678901` in `arn:aws:iam::12345678901:role/example-csi-driver` must be exactly 12 digits. The pod identity webhook passes it to STS as AWS_ROLE_ARN.',
    );
  });

  it('a Helm chart: templates are read (not dropped as before), no findings', () => {
    assert.equal(lint('helm'), '');
  });

  it('envsubst / Flux ${VAR} and kustomize $(VAR): no findings', () => {
    assert.equal(lint('envsubst'), '');
  });

  it('Terraform %{ } directives and ${ } interpolations: no findings', () => {
    assert.equal(lint('terraform'), '');
  });
});

describe('issue 11 pattern 4: the CLI counts and names what it does not check', () => {
  it('the summary counts a template file that cannot be read; --verbose names it', () => {
    const r = cli(['test/fixtures/issue11/templates/helm'], REPO_ROOT);
    assert.equal(r.stdout, '✔ 4 files checked, no problems (1 file skipped)\n');
    assert.equal(r.stderr, 'irsa-lint: warning: 1 template file not fully checked: their YAML cannot be read before rendering (--verbose names them)\n');
    assert.equal(r.status, 0);
    const v = cli(['--verbose', 'test/fixtures/issue11/templates/helm'], REPO_ROOT);
    assert.equal(v.stdout, r.stdout);
    assert.equal(
      v.stderr,
      'irsa-lint: warning: not checked: test/fixtures/issue11/templates/helm/mychart/templates/job.yaml: Go template whose YAML cannot be read before it is rendered (for a Helm chart: helm template … | irsa-lint -)\n',
    );
    const json = JSON.parse(cli(['-f', 'json', 'test/fixtures/issue11/templates/helm'], REPO_ROOT).stdout) as { summary: { filesChecked: number }; skipped: unknown[] };
    assert.equal(json.summary.filesChecked, 4);
    assert.deepEqual(json.skipped, [
      { file: 'test/fixtures/issue11/templates/helm/mychart/templates/job.yaml', message: 'Go template whose YAML cannot be read before it is rendered (for a Helm chart: helm template … | irsa-lint -)' },
    ]);
  });
});

describe('issue 11 pattern 4: helm template … | irsa-lint -', () => {
  const stream = fs.readFileSync(STREAM, 'utf8');

  it('splits the stream by # Source: (helm/helm pkg/action/action.go renderResources), one file per template', () => {
    const files = splitHelmStream(stream);
    assert.deepEqual([...files.keys()], ['mychart/templates/serviceaccount.yaml', 'mychart/templates/rbac.yaml', 'mychart/templates/deployment.yaml', 'mychart/templates/tests/test-connection.yaml']);
    // A template rendering to two documents gives one file holding both, in stream order.
    assert.equal(files.get('mychart/templates/rbac.yaml')!.match(/^# Source: /gm)!.length, 2);
    // Nothing is lost: the files together hold every character of the stream.
    assert.equal([...files.values()].reduce((n, t) => n + t.length, 0), stream.length);
    assert.deepEqual([...splitHelmStream('kind: ConfigMap\n').entries()], [['<stdin>', 'kind: ConfigMap\n']]);
  });

  it('findings are named by template path, lines of that template\'s rendered output; cross-document rules work', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-helm-'));
    try {
      const r = cli(['-'], cwd, stream);
      assert.equal(
        r.stdout,
        [
          'mychart/templates/deployment.yaml:23:7  warning  `serviceAccount` is deprecated; use `serviceAccountName: mychart-controller`. Kubernetes still copies the alias into `serviceAccountName`, so Deployment `release-name-mychart` runs as `mychart-controller`, but the field is deprecated (core/v1 DeprecatedServiceAccount).  deprecated-service-account',
          '',
          "mychart/templates/serviceaccount.yaml:12:5  warning  ServiceAccount `mychart-controller` in namespace `default` is annotated for the pod identity webhook, but the workloads that run as `mychart-controller` are in other namespaces (e.g. Deployment `release-name-mychart` in `kube-system`, deployment.yaml:7); the webhook only injects credentials into pods of the service account's own namespace.  eks-role-arn-annotation",
          '',
          '✖ 2 problems (0 errors, 2 warnings) in 4 files checked',
          '',
        ].join('\n'),
      );
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      const json = JSON.parse(cli(['-', '-f', 'json'], cwd, stream).stdout) as { files: { file: string; findings: { line: number; fixes: unknown[] }[] }[] };
      assert.deepEqual(json.files.map((f) => [f.file, f.findings.map((x) => x.line)]), [
        ['mychart/templates/deployment.yaml', [23]],
        ['mychart/templates/rbac.yaml', []],
        ['mychart/templates/serviceaccount.yaml', [12]],
        ['mychart/templates/tests/test-connection.yaml', []],
      ]);
      // No repair is offered: it would edit rendered output, not the template.
      assert.deepEqual(json.files.flatMap((f) => f.findings.flatMap((x) => x.fixes)), []);
      const sarif = JSON.parse(cli(['-', '-f', 'sarif'], cwd, stream).stdout) as { runs: { artifacts: { location: { uri: string; uriBaseId?: string } }[] }[] };
      assert.deepEqual(sarif.runs[0]!.artifacts.map((a) => a.location), [
        { uri: 'mychart/templates/deployment.yaml', uriBaseId: '%SRCROOT%' },
        { uri: 'mychart/templates/rbac.yaml', uriBaseId: '%SRCROOT%' },
        { uri: 'mychart/templates/serviceaccount.yaml', uriBaseId: '%SRCROOT%' },
        { uri: 'mychart/templates/tests/test-connection.yaml', uriBaseId: '%SRCROOT%' },
      ]);
      // Without # Source: comments, standard input is one file named <stdin>.
      const plain = cli(['-'], cwd, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n');
      assert.match(plain.stdout, /^<stdin>:4:9 {2}error {2}/);
      // JSON is checked as JSON: an IAM policy piped in bare, or a chart's .json template under its header.
      const policy = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'guide', 'destination-account', 'dynamodb-reader-trust-policy.json'), 'utf8');
      const bare = cli(['-'], cwd, policy);
      assert.deepEqual(bare.stdout.split('\n').filter((l) => l.startsWith('<stdin>')).map((l) => l.replace(/\s{2}.*\s{2}/, ' ')), ['<stdin>:2:13 iam-version', '<stdin>:3:15 json-syntax', '<stdin>:4:3 iam-action-required']);
      const headed = cli(['-'], cwd, '---\n# Source: mychart/templates/trust.json\n' + policy);
      assert.deepEqual(headed.stdout.split('\n').filter((l) => l.startsWith('mychart/')).map((l) => l.replace(/\s{2}.*\s{2}/, ' ')), ['mychart/templates/trust.json:4:13 iam-version', 'mychart/templates/trust.json:5:15 json-syntax', 'mychart/templates/trust.json:6:3 iam-action-required']);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
