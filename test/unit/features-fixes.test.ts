/**
 * Pure pieces behind the editor features: the yaml-syntax repair of keys indented under a list item
 * (the guide's statementEntries), the overlap rules of "fix all", code action kind matching, and a
 * CRLF regression of YAML completion.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import { completionsAt } from '../../server/src/engine/features/completion';
import { misindentedKeysFix } from '../../server/src/engine/rules/yaml-syntax';
import { kindRequested } from '../../server/src/lsp/features/codeActions';
import { nonOverlapping, overlaps } from '../../server/src/lsp/features/edits';
import { applyFix } from '../helpers/fixtures';

const URI = 'file:///w/credrequests/cr.yaml';

const CR = (statement: string): string => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: reader
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
${statement}  secretRef:
    name: reader-creds
    namespace: team
  serviceAccountNames:
    - reader
`;

function yamlSyntax(text: string) {
  return lintDocuments([{ uri: URI, text }]).filter((f) => f.ruleId === 'yaml-syntax');
}

describe('yaml-syntax: keys indented under a list item', () => {
  it('the guide shape (compact list): moves effect/resource to the indentation of `action`, and the file is then clean', () => {
    const text = CR(`    - action:
      - sts:AssumeRole # assume the role
        effect: Allow
        resource: 'arn:aws:iam::444455556666:role/reader' # the role
`);
    const [f] = yamlSyntax(text);
    assert.equal(f?.fixes?.length, 1);
    assert.deepEqual(
      { title: f!.fixes![0]!.title, preferred: f!.fixes![0]!.preferred },
      { title: 'Move `effect` and the lines below it out of the list item, to the indentation of its parent key', preferred: true },
    );
    const { touched } = applyFix([{ uri: URI, text }], f!.fixes![0]!);
    assert.equal(
      touched.get(URI),
      CR(`    - action:
      - sts:AssumeRole # assume the role
      effect: Allow
      resource: 'arn:aws:iam::444455556666:role/reader' # the role
`),
    );
    assert.deepEqual(lintDocuments([{ uri: URI, text: touched.get(URI)! }]), []);
  });

  it('an indented list under `action:` goes back to the column of `action`, not of the dash', () => {
    const text = CR(`      - action:
          - sts:AssumeRole
            effect: Allow
            resource: "*"
`);
    const [f] = yamlSyntax(text);
    const { touched } = applyFix([{ uri: URI, text }], f!.fixes![0]!);
    assert.equal(
      touched.get(URI),
      CR(`      - action:
          - sts:AssumeRole
        effect: Allow
        resource: "*"
`),
    );
    assert.deepEqual(yamlSyntax(touched.get(URI)!), []);
  });

  it('no fix when there is no key owning the list (the repair would be a guess)', () => {
    const text = `- a\n  b: 1\n`;
    assert.equal(misindentedKeysFix('file:///w/x.yaml', text, text.indexOf('b:')), undefined);
  });
});

describe('fix all: overlap rules', () => {
  const e = (start: number, end: number) => ({ uri: 'u', start, end, newText: 'x' });
  it('ranges sharing a character, or starting at the same offset, overlap; touching ranges do not', () => {
    assert.equal(overlaps({ start: 0, end: 5 }, { start: 4, end: 6 }), true);
    assert.equal(overlaps({ start: 0, end: 5 }, { start: 5, end: 6 }), false);
    assert.equal(overlaps({ start: 5, end: 5 }, { start: 5, end: 5 }), true);
    assert.equal(overlaps({ start: 5, end: 5 }, { start: 5, end: 9 }), true);
    assert.equal(overlaps({ start: 3, end: 3 }, { start: 0, end: 5 }), true);
    assert.equal(overlaps({ start: 5, end: 5 }, { start: 0, end: 5 }), false);
  });
  it('keeps whole fixes in file order and drops any that clash with a kept one', () => {
    const groups = [
      { id: 'b', edits: [e(10, 12)] },
      { id: 'a', edits: [e(0, 2), e(20, 22)] },
      { id: 'c', edits: [e(21, 21)] },
      { id: 'd', edits: [e(30, 31), { ...e(30, 31), uri: 'other' }] },
      { id: 'self', edits: [e(40, 45), e(44, 46)] },
    ];
    assert.deepEqual(
      nonOverlapping(groups).map((g) => g.id),
      ['a', 'b', 'd'],
    );
  });
  it('code action kinds are hierarchical; no `only` means quick fixes only', () => {
    assert.equal(kindRequested(undefined, 'quickfix'), true);
    assert.equal(kindRequested(undefined, 'source.fixAll.irsa'), false);
    assert.equal(kindRequested(['source'], 'source.fixAll.irsa'), true);
    assert.equal(kindRequested(['source.fixAll'], 'source.fixAll.irsa'), true);
    assert.equal(kindRequested(['source.fix'], 'source.fixAll.irsa'), false);
    assert.equal(kindRequested(['quickfix'], 'source.fixAll.irsa'), false);
  });
});

describe('completion on CRLF files', () => {
  it('finds the YAML context and offers the CredentialsRequest service accounts (used to throw)', () => {
    const ws = new Workspace({});
    ws.update({ uri: URI, text: CR('    - effect: Allow\n      action: [sts:AssumeRole]\n      resource: "*"\n').replace(/\n/g, '\r\n') });
    const dep = 'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: app\r\n  namespace: team\r\nspec:\r\n  template:\r\n    spec:\r\n      serviceAccountName: \r\n      containers: []\r\n';
    ws.update({ uri: 'file:///w/dep.yaml', text: dep });
    const offset = dep.indexOf('serviceAccountName: ') + 'serviceAccountName: '.length;
    assert.deepEqual(
      completionsAt(ws, 'file:///w/dep.yaml', offset).map((c) => [c.label, c.kind, c.replaceStart, c.replaceEnd]),
      [['reader', 'reference', offset, offset]],
    );
  });
});
