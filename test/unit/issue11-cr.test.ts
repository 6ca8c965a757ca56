/**
 * Issue #11, CredentialsRequest patterns seen in real repositories (our own fixtures, modelled on them,
 * under test/fixtures/issue11/):
 * - pattern 1: an operator ships one request per cloud, sharing one secretRef; no AWS, IAM or ccoctl
 *   rule judges the non-AWS ones, workloads are not linked to them, an unknown kind is only info;
 * - pattern 2: only a folder that is clearly a ccoctl --credentials-requests-dir is checked as one,
 *   and a file there is reported once, not once per document;
 * - pattern 7: a group of N requests sharing one role is one finding with the other N−1 as related
 *   locations; two copies of one object (full and minified) are not a collision.
 * Every finding of every rule, infos included, is asserted exactly.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine';
import { providerCloud } from '../../server/src/engine/classify';
import { FIXTURES, fileUri, formatFindings, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'issue11');

function lint(name: string): { findings: Finding[]; root: string } {
  const root = path.join(ROOT, name);
  const { documents, settings } = loadWorkspace(root);
  return { findings: lintDocuments(documents, settings), root };
}

function related(f: Finding, root: string): string[] {
  return (f.related ?? []).map((r) => `${path.relative(root, new URL(r.uri).pathname)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`);
}

describe('issue 11: CredentialsRequests in real repositories', () => {
  it('pattern 1: requests for other clouds are valid; an unknown provider kind is one info', () => {
    const { findings, root } = lint('cr-other-clouds');
    assert.equal(
      formatFindings(findings, root),
      'manifests/10-credentials-requests.yaml:138:11-138:35 info cr-provider-spec-kind `providerSpec.kind` "ExampleCloudProviderSpec" is none of the provider specs the Cloud Credential Operator defines (AWSProviderSpec, AzureProviderSpec, GCPProviderSpec, IBMCloudProviderSpec, IBMCloudPowerVSProviderSpec, NutanixProviderSpec, VSphereProviderSpec, KubevirtProviderSpec, OpenStackProviderSpec, OvirtProviderSpec, AlibabaCloudProviderSpec), so irsa-lint does not check this request; `ccoctl aws` would stop on it with "is not of type AWS".',
    );
  });

  it('pattern 1: the cloud of a request comes from providerSpec.kind (CCO register.go, oc extract.go)', () => {
    const cases: [string | undefined, string][] = [
      ['AWSProviderSpec', 'aws'],
      [undefined, 'aws'], // no kind: an AWS request with a mistake (cr-provider-spec-kind reports it)
      ['awsProviderSpec', 'aws'], // near miss: reported with a fix
      ['AWSProviderSpecs', 'aws'],
      ['AzureProviderSpec', 'other'],
      ['GCPProviderSpec', 'other'],
      ['IBMCloudProviderSpec', 'other'],
      ['IBMCloudPowerVSProviderSpec', 'other'],
      ['OpenStackProviderSpec', 'other'],
      ['VSphereProviderSpec', 'other'],
      ['NutanixProviderSpec', 'other'],
      ['KubevirtProviderSpec', 'other'],
      ['OvirtProviderSpec', 'other'],
      ['AlibabaCloudProviderSpec', 'other'],
      ['ExampleCloudProviderSpec', 'unknown'],
      ['AzureProviderSpecs', 'unknown'], // a typo of another cloud's kind: info, with a suggestion
    ];
    assert.deepEqual(cases.map(([k]) => [k, providerCloud(k)]), cases);
  });

  it('pattern 1: a typo of another cloud\'s kind is an info with a suggestion, not an AWS error', () => {
    const uri = 'file:///w/manifests/azure.yaml';
    const text = [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      '  name: widget-azure',
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AzureProviderSpecs',
      '    roleBindings:',
      '    - role: Reader',
      '  secretRef:',
      '    name: widget-credentials',
      '    namespace: widget',
      '',
    ].join('\n');
    const findings = lintDocuments([{ uri, text }]);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.range.start.line + 1, f.range.start.character + 1, f.message, f.fixes?.map((x) => x.title)]),
      [
        [
          'cr-provider-spec-kind',
          'info',
          9,
          11,
          '`providerSpec.kind` "AzureProviderSpecs" is none of the provider specs the Cloud Credential Operator defines (AWSProviderSpec, AzureProviderSpec, GCPProviderSpec, IBMCloudProviderSpec, IBMCloudPowerVSProviderSpec, NutanixProviderSpec, VSphereProviderSpec, KubevirtProviderSpec, OpenStackProviderSpec, OvirtProviderSpec, AlibabaCloudProviderSpec), so irsa-lint does not check this request; `ccoctl aws` would stop on it with "is not of type AWS". Did you mean `AzureProviderSpec`?',
          ['Change to `AzureProviderSpec`'],
        ],
      ],
    );
  });

  it('pattern 2: deploy/ and assets/ are not ccoctl input folders; credrequests/ and a folder of CredentialsRequests only are, and a file there is reported once', () => {
    const { findings, root } = lint('cr-folders');
    assert.equal(
      formatFindings(findings, root),
      'credrequests/extras.yaml:4:7-4:21 warning credrequests-dir-content This ServiceAccount document and 2 other documents of this file that are not a CredentialsRequest are in credrequests/ next to CredentialsRequest gadget-reader (gadget-reader.yaml:2). `ccoctl aws create-iam-roles --credentials-requests-dir` decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on them. Move them to another directory or file.\n' +
        'sts-only/request.yaml:8:1-8:5 error cr-service-account-names `spec` has no `serviceAccountNames`: ccoctl stops with "CredentialsRequest must provide ServieAccounts to bind the Role policy to". Add the service account(s) the workload runs as.',
    );
    assert.deepEqual(related(findings[0]!, root), [
      'credrequests/gadget-reader.yaml:2:7 CredentialsRequest gadget-reader in gadget-reader.yaml',
      'credrequests/extras.yaml:10:7 ConfigMap document that is not a CredentialsRequest',
      'credrequests/extras.yaml:18:7 ConfigMap document that is not a CredentialsRequest',
    ]);
  });

  it('pattern 2, incrementally: another manifest saved beside a lone request makes its folder no ccoctl input folder, and removing it restores the finding', () => {
    const root = path.join(ROOT, 'cr-folders');
    const ws = new Workspace({});
    for (const d of loadWorkspace(root).documents) ws.update(d);
    const request = fileUri(path.join(root, 'sts-only', 'request.yaml'));
    const ids = (): string[] => ws.findings(request).map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
    assert.deepEqual(ids(), ['8 cr-service-account-names']);
    const extra = fileUri(path.join(root, 'sts-only', 'settings.yaml'));
    const affected = ws.update({ uri: extra, text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gizmo\n', version: 1 });
    assert.ok(affected.includes(request), 'the request is re-checked');
    assert.deepEqual(ids(), []);
    assert.ok(ws.remove(extra).includes(request));
    assert.deepEqual(ids(), ['8 cr-service-account-names']);
  });

  it('pattern 7: three AWS requests sharing a secretRef are one finding with two related locations; copies of one object and the Azure twin are no members', () => {
    const { findings, root } = lint('cr-collision-group');
    assert.equal(
      formatFindings(findings, root),
      'credrequests/report-alpha.yaml:16:11-16:24 error ccoctl-role-name-collision 3 CredentialsRequests (this one and report-beta (report-beta.yaml:16), report-gamma (report-gamma.yaml:16)) have the same secretRef reports/report-reader: ccoctl gives all of them one IAM role, each later inline policy replaces the earlier one and the Secret file is overwritten. Give each its own secretRef.',
    );
    assert.deepEqual(related(findings[0]!, root), [
      'credrequests/report-beta.yaml:16:11 CredentialsRequest report-beta maps to the same role',
      'credrequests/report-gamma.yaml:16:11 CredentialsRequest report-gamma maps to the same role',
    ]);
  });

  it('pattern 8: a role name ccoctl cuts is no finding on its own (the Secret gets the cut name); a trust policy naming the uncut role is one, with --name unknown or known', () => {
    // Modelled on operators whose secretRef namespace and name alone exceed 64 characters.
    const cr = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: gizmo-controller-iam-read-only
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - iam:GetUser
      resource: "*"
  secretRef:
    name: gizmo-controller-iam-read-only-credentials
    namespace: openshift-gizmo-controller-operator
  serviceAccountNames:
  - gizmo-controller
`;
    const suffix = '-openshift-gizmo-controller-operator-gizmo-controller-iam-read-only-credentials';
    assert.ok(suffix.length > 64);
    const trust = (roleName: string): string =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:role/${roleName}` }, Action: 'sts:AssumeRole' }] }, null, 2);
    const crUri = 'file:///ws/manifests/05-gizmo-credentialsrequest.yaml';
    const trustUri = 'file:///ws/destination/trust.json';
    const truncated = (files: { uri: string; text: string }[], settings = {}): string[] =>
      lintDocuments(files, settings)
        .filter((f) => f.ruleId === 'ccoctl-role-name-truncated')
        .map((f) => `${f.uri === crUri ? 'cr' : f.uri}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} | ${(f.related ?? []).map((r) => `${r.uri === trustUri ? 'trust' : r.uri}:${r.range.start.line + 1} ${r.message}`).join('; ')}`);
    assert.deepEqual(truncated([{ uri: crUri, text: cr }]), []);
    // The cut name (what ccoctl creates, whatever the --name): fine.
    assert.deepEqual(truncated([{ uri: crUri, text: cr }, { uri: trustUri, text: trust(`mycluster${suffix}`.slice(0, 64)) }]), []);
    assert.deepEqual(truncated([{ uri: crUri, text: cr }, { uri: trustUri, text: trust(`mycluster${suffix}`) }]), [
      'cr:16:11 warning A trust policy principal (trust.json:7) names this request\'s role by its uncut name ("…-openshift-gizmo-controller-operator-gizmo-controller-iam-read-only-credentials", longer than 64 characters), but ccoctl cuts role names to 64 and creates a shorter role: the uncut role does not exist. Use the name in the ccoctl Secret (set ccoctl.name in .irsa.yaml to see it), or shorten secretRef.name or namespace. | trust:7 a trust policy principal with the uncut role name',
    ]);
    // --name known: only its own uncut name is this request's.
    assert.deepEqual(truncated([{ uri: crUri, text: cr }, { uri: trustUri, text: trust(`othercluster${suffix}`) }], { ccoctlName: 'mycluster' }), []);
    assert.deepEqual(truncated([{ uri: crUri, text: cr }, { uri: trustUri, text: trust(`mycluster${suffix}`) }], { ccoctlName: 'mycluster' }), [
      `cr:16:11 warning A trust policy principal (trust.json:7) names this request's role "mycluster${suffix}" (88 characters), but ccoctl cuts it to 64 and creates "${`mycluster${suffix}`.slice(0, 64)}": the uncut role does not exist. Use "${`mycluster${suffix}`.slice(0, 64)}" there, or shorten secretRef.name or namespace by 24 characters. | trust:7 a trust policy principal with the uncut role name`,
    ]);
  });
});
