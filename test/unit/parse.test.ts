/**
 * Parser layer: exact offsets, recovery from the guide's mistakes, and bad input that must never
 * crash or hang (alias bombs, binary, huge files, tabs, BOM, multi-document streams).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, looksRelevant } from '../../server/src/engine/parse';
import { ExpansionLimitError, get, nodeAt, pathOf, str, toPlain } from '../../server/src/engine/parse/tree';
import { lintDocuments } from '../../server/src/engine';

function issues(uri: string, text: string): [number, number, string, boolean][] {
  return parseFile(uri, text).documents.flatMap((d) => d.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered] as [number, number, string, boolean]));
}

describe('YAML parsing', () => {
  it('keeps exact offsets for keys and values', () => {
    const text = 'metadata:\n  name: app\n  namespace: "ns-1"\n';
    const [doc] = parseFile('file:///a.yaml', text).documents;
    const name = get(doc!.root, 'metadata', 'name')!;
    assert.equal(text.slice(name.start, name.end), 'app');
    const ns = get(doc!.root, 'metadata', 'namespace')!;
    assert.equal(text.slice(ns.start, ns.end), '"ns-1"');
    assert.equal(str(ns), 'ns-1');
    assert.deepEqual(pathOf(ns), ['metadata', 'namespace']);
    const at = nodeAt(doc!.root, text.indexOf('namespace'));
    assert.equal(at?.isKey, true);
  });

  it('reports an unterminated quote at the opening quote and keeps parsing the rest of the file', () => {
    const text = 'metadata:\n  labels:\n    a: "1.01\n  name: x\nspec:\n  b: [1\n';
    const file = parseFile('file:///cr.yaml', text);
    const [doc] = file.documents;
    const first = doc!.syntaxIssues[0]!;
    assert.equal(first.start, text.indexOf('"1.01'));
    assert.equal(first.end, text.indexOf('"1.01') + 5);
    assert.equal(first.recovered, true);
    assert.deepEqual(first.fix, { title: 'Close the quote: add " at the end of the line', start: first.end, end: first.end, newText: '"' });
    // The rest of the document is still parsed: `name` is found and the later error is reported.
    assert.equal(str(get(doc!.root, 'metadata', 'name')), 'x');
    assert.ok(doc!.syntaxIssues.length >= 2, 'the later flow-sequence error is reported too');
    assert.equal(doc!.sound, false);
    // Offsets after the patch point map back to the original text.
    const b = get(doc!.root, 'spec', 'b');
    assert.equal(text.slice(b!.start, b!.start + 2), '[1');
  });

  it('reports tab indentation once, offers the fix, and reads the file as if tabs were two spaces', () => {
    const text = 'a:\n\tb: 1\n\tc:\n\t\t- x\n';
    const [doc] = parseFile('file:///t.yaml', text).documents;
    assert.deepEqual(
      doc!.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered, i.message]),
      [[3, 4, 'TAB_AS_INDENT', true, 'Tabs are not allowed as indentation in YAML: 3 lines are indented with tabs, so kubectl, oc and ccoctl cannot read this file. Indent with spaces. (The rest of the file was checked as if each tab were two spaces.)']],
    );
    // The tree is the intended one, with offsets in the original (tabbed) text.
    const c = get(doc!.root, 'a', 'c', 0)!;
    assert.equal(str(c), 'x');
    assert.equal(text.slice(c.start, c.end), 'x');
    assert.equal(get(doc!.root, 'a', 'b')!.start, text.indexOf('1'));
    const fix = doc!.syntaxIssues[0]!.fix!;
    let fixed = text;
    for (const e of [fix, ...(fix.more ?? [])].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
    assert.equal(fixed, 'a:\n  b: 1\n  c:\n    - x\n');
  });

  it('keeps documents of a multi-document stream apart, with their offsets', () => {
    const text = 'kind: A\n---\nkind: B\n';
    const docs = parseFile('file:///m.yaml', text).documents;
    assert.equal(docs.length, 2);
    assert.equal(str(get(docs[1]!.root, 'kind')), 'B');
    assert.equal(get(docs[1]!.root, 'kind')!.start, text.lastIndexOf('B'));
  });

  it('survives a billion-laughs alias bomb without expanding it', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = Date.now();
    const [doc] = parseFile('file:///bomb.yaml', text).documents;
    assert.ok(Date.now() - t0 < 2000);
    assert.throws(() => toPlain(doc!.root), ExpansionLimitError);
  });

  it('flags an alias bomb in a relevant document with parse-limit, not a crash', () => {
    let text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  labels: {}\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) text += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text = text.replace('kind: ServiceAccount', 'kind: Secret');
    text += 'stringData:\n  credentials: "role_arn = arn:aws:iam::111122223333:role/r\\nweb_identity_token_file = /t"\n';
    const findings = lintDocuments([{ uri: 'file:///w/bomb.yaml', text }]);
    assert.ok(findings.some((f) => f.ruleId === 'parse-limit' && /alias/.test(f.message)), JSON.stringify(findings));
  });

  it('skips binary and oversized files with a reason', () => {
    assert.equal(parseFile('file:///b.yaml', 'a: 1\u0000\u0001').skipped?.reason, 'file looks binary (contains NUL bytes)');
    assert.equal(parseFile('file:///h.yaml', 'a'.repeat(5 * 1024 * 1024)).skipped?.reason, 'file is larger than 4 MiB');
  });

  it('tolerates a byte-order mark without shifting offsets', () => {
    const text = '\ufeffkind: Secret\n';
    const [doc] = parseFile('file:///bom.yaml', text).documents;
    const k = get(doc!.root, 'kind')!;
    assert.equal(text.slice(k.start, k.end), 'Secret');
  });
});

describe('YAML 1.1 as Kubernetes reads it', () => {
  it('reads yes/no/on/off as booleans and 0644 as octal', () => {
    const [doc] = parseFile('file:///k.yaml', 'a: yes\nb: off\nc: 0644\n').documents;
    assert.deepEqual([get(doc!.root, 'a'), get(doc!.root, 'b'), get(doc!.root, 'c')].map((n) => n?.kind === 'scalar' && n.value), [true, false, 420]);
  });

  it('applies `<<` merge keys, own keys first', () => {
    const [doc] = parseFile('file:///m.yaml', 'base: &b {p: 1, q: 1}\nc:\n  <<: *b\n  q: 2\n').documents;
    assert.deepEqual(toPlain(get(doc!.root, 'c')), { q: 2, p: 1 });
    assert.deepEqual(doc!.syntaxIssues, []);
  });

  it('reports an alias to an anchor that does not exist', () => {
    const text = 'a: *nope\n';
    assert.deepEqual(issues('file:///a.yaml', text), [[3, 8, 'BAD_ALIAS', false]]);
  });

  it('keeps an empty value as a null node so it is reported, at its key', () => {
    const text = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: x\nspec:\n  secretRef:\n  serviceAccountNames: [a]\n';
    const findings = lintDocuments([{ uri: 'file:///w/credrequests/x.yaml', text }]).filter((f) => f.ruleId === 'cr-secret-ref');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character, f.message]),
      [[5, 2, 11, '`secretRef` must be a mapping with `name` and `namespace`; found null.']],
    );
  });
});

describe('JSON parsing', () => {
  it("recovers the guide's `\"Statement\": { { … } }` as an array and offers the fix", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": {\n    {\n      "Effect": "Allow"\n    }\n  }\n}\n';
    const [doc] = parseFile('file:///p.json', text).documents;
    const open = text.indexOf('{', text.indexOf('"Statement"'));
    assert.deepEqual(
      doc!.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered]),
      [[open, text.indexOf('{', open + 1) + 1, 'PropertyNameExpected', true]],
    );
    assert.equal(doc!.sound, true);
    const stmt = get(doc!.root, 'Statement');
    assert.equal(stmt?.kind, 'seq');
    assert.equal(str(get(stmt, 0, 'Effect')), 'Allow');
    const fix = doc!.syntaxIssues[0]!.fix!;
    const fixed = text.slice(0, fix.start) + fix.newText + text.slice(fix.end);
    assert.deepEqual(JSON.parse(fixed).Statement, [{ Effect: 'Allow' }]);
  });

  it('reports duplicate keys but keeps the first value', () => {
    const text = '{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}';
    const [doc] = parseFile('file:///d.json', text).documents;
    assert.deepEqual(issues('file:///d.json', text), [[26, 35, 'DuplicateKey', true]]);
    assert.equal(str(get(doc!.root, 'Version')), '2012-10-17');
  });

  it('reports comments and trailing commas (IAM rejects them) with positions', () => {
    assert.deepEqual(issues('file:///c.json', '{"Statement": [] // x\n}'), [[17, 21, 'InvalidCommentToken', false]]);
    // A trailing comma is one finding each, at the comma, and the tree stays usable.
    assert.deepEqual(issues('file:///t.json', '{"Statement": [1,],}'), [
      [16, 17, 'TrailingComma', true],
      [18, 19, 'TrailingComma', true],
    ]);
  });
});

describe('relevance filter', () => {
  it('ignores JSON and YAML that are none of ours', () => {
    assert.equal(looksRelevant('file:///tsconfig.json', '{ /* c */ "compilerOptions": {} }'), false);
    assert.equal(looksRelevant('file:///ci.yml', 'on: push\njobs: {}\n'), false);
    assert.equal(looksRelevant('file:///chart/templates/d.yaml', 'kind: Deployment\nname: {{ .x }}\n'), false);
    assert.equal(looksRelevant('file:///p.json', '{"Statement": []}'), true);
    assert.equal(looksRelevant('file:///x/credrequests/a.yaml', 'foo: bar'), true);
    assert.equal(looksRelevant('file:///d.yaml', 'kind: Deployment\n'), true);
  });

  it('does not report syntax errors in unrelated files', () => {
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/tsconfig.json', text: '{ // comment\n "a": 1, }' }]), []);
  });
});
