/**
 * Parser layer: exact offsets, recovery from the guide's mistakes, and bad input that must never
 * crash or hang (alias bombs, binary, huge files, tabs, BOM, multi-document streams).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, looksRelevant } from '../../server/src/engine/parse';
import { ExpansionLimitError, get, nodeAt, pathOf, str, toPlain } from '../../server/src/engine/parse/tree';
import { Alias } from 'yaml';
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

  it('reads every key after a byte-order mark (it used to indent the first line by one column)', () => {
    const text = '\ufeffkind: Secret\nmetadata:\n  name: x\n';
    const [doc] = parseFile('file:///bom.yaml', text).documents;
    assert.deepEqual(doc!.syntaxIssues, []);
    assert.deepEqual(toPlain(doc!.root), { kind: 'Secret', metadata: { name: 'x' } });
    assert.equal(get(doc!.root, 'metadata', 'name')!.start, text.indexOf('x'));
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
    // #11 pattern 4: a Helm template holding a workload is read (its template syntax masked), not dropped.
    assert.equal(looksRelevant('file:///chart/templates/d.yaml', 'kind: Deployment\nname: {{ .x }}\n'), true);
    assert.equal(looksRelevant('file:///chart/templates/cm.yaml', 'kind: ConfigMap\nname: {{ .x }}\n'), false);
    assert.equal(looksRelevant('file:///p.json', '{"Statement": []}'), true);
    assert.equal(looksRelevant('file:///x/credrequests/a.yaml', 'foo: bar'), true);
    assert.equal(looksRelevant('file:///d.yaml', 'kind: Deployment\n'), true);
  });

  it('does not report syntax errors in unrelated files', () => {
    assert.deepEqual(lintDocuments([{ uri: 'file:///w/tsconfig.json', text: '{ // comment\n "a": 1, }' }]), []);
  });
});

/** Findings of one YAML/JSON file, as [rule, line, character, end line, end character, message]. */
function findingsOf(uri: string, text: string): [string, number, number, number, number, string][] {
  return lintDocuments([{ uri, text }]).map((f) => [f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character, f.message]);
}

/**
 * Runs `fn` and returns how many array elements `Array.prototype.some` and `includes` were asked to
 * search: the `yaml` package's duplicate-key check (`items.some(…)` per key) and its `!!omap` check
 * (`seenKeys.includes(…)` per item) are linear searches per entry, quadratic per collection.
 */
function linearSearchWork(fn: () => void): number {
  const some = Array.prototype.some;
  const includes = Array.prototype.includes;
  let work = 0;
  Array.prototype.some = function (this: unknown[], ...args: Parameters<typeof some>) {
    work += this.length;
    return some.apply(this, args);
  };
  Array.prototype.includes = function (this: unknown[], ...args: Parameters<typeof includes>) {
    work += this.length;
    return includes.apply(this, args);
  };
  try {
    fn();
  } finally {
    Array.prototype.some = some;
    Array.prototype.includes = includes;
  }
  return work;
}

describe('issue #10: odd YAML shapes never crash the engine (item 1)', () => {
  const message = (what: string): string => `A ${what} cannot be a map key: Kubernetes rejects the file ("invalid map key"). Write the key as a plain string.`;

  it('a merge key inside a complex key is an invalid-key finding, not an exception', () => {
    assert.deepEqual(findingsOf('file:///w/d.yaml', 'kind: Deployment\n? - <<: x\n: v\n'), [['yaml-syntax', 1, 2, 1, 9, message('list')]]);
  });

  it('lists, mappings and aliases of them as keys are reported at the key; a scalar alias is a key', () => {
    const text = 'kind: Deployment\n? {<<: x}\n: v\n? [<<: [x]]\n: v\nm: &m {a: 1}\n? *m\n: v\ns: &s k\n*s : v\n';
    assert.deepEqual(findingsOf('file:///w/d.yaml', text), [
      ['yaml-syntax', 1, 2, 1, 9, message('mapping')],
      ['yaml-syntax', 3, 2, 3, 11, message('list')],
      ['yaml-syntax', 6, 2, 6, 4, message('mapping')],
    ]);
    const [doc] = parseFile('file:///d.yaml', text).documents;
    assert.deepEqual(doc!.root?.kind === 'map' && doc!.root.pairs.map((p) => [p.key.value, text.slice(p.key.start, p.key.end)]), [
      ['kind', 'kind'],
      ['m', 'm'],
      ['s', 's'],
      ['k', '*s'],
    ]);
  });

  it('an unknown alias as a key, and a merge of something that is not a mapping, are reported', () => {
    const text = 'kind: Deployment\n? *nope\n: v\nspec:\n  <<: x\n  <<: [*nope, {a: 1}, 3]\n  <<:\n';
    const merge = 'A merge key `<<` takes a mapping, an alias of one, or a list of them; Kubernetes rejects anything else ("map merge requires map or sequence of maps as the value").';
    const unknown = 'Unknown alias `*nope`: no anchor `&nope` is defined before it in this document.';
    assert.deepEqual(findingsOf('file:///w/d.yaml', text), [
      ['yaml-syntax', 1, 2, 1, 7, unknown],
      ['yaml-syntax', 4, 6, 4, 7, merge],
      ['yaml-syntax', 5, 7, 5, 12, unknown],
      ['yaml-syntax', 5, 22, 5, 23, merge],
      ['yaml-syntax', 6, 2, 6, 4, merge],
    ]);
  });

  it('an alias inside its own anchor is reported and leaves no cycle in the tree', () => {
    const text = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata: &m\n  name: x\n  namespace: *m\nspec: &s\n  providerSpec: *s\n';
    assert.deepEqual(findingsOf('file:///w/cr.yaml', text), [
      ['yaml-syntax', 4, 13, 4, 15, 'Alias `*m` refers to the node that contains it (anchor `&m`), so its value would contain itself; Kubernetes rejects this file.'],
      ['yaml-syntax', 6, 16, 6, 18, 'Alias `*s` refers to the node that contains it (anchor `&s`), so its value would contain itself; Kubernetes rejects this file.'],
    ]);
    const [doc] = parseFile('file:///cr.yaml', text).documents;
    assert.deepEqual(toPlain(doc!.root), { apiVersion: 'cloudcredential.openshift.io/v1', kind: 'CredentialsRequest', metadata: { name: 'x', namespace: null }, spec: { providerSpec: null } });
  });

  it('`!!omap` and `!!pairs` are plain lists of maps, as go-yaml reads them', () => {
    const [doc] = parseFile('file:///o.yaml', 'a: !!omap [p: 1, q: 2]\nb: !!pairs\n  - p: 1\n  - p: 2\n').documents;
    assert.deepEqual(toPlain(doc!.root), { a: [{ p: 1 }, { q: 2 }], b: [{ p: 1 }, { p: 2 }] });
    assert.deepEqual(doc!.syntaxIssues, []);
  });
});

describe('issue #10: big maps parse in linear work (item 7)', () => {
  const blockMap = (keys: number): string => {
    let s = 'kind: Deployment\ndata:\n';
    for (let i = 0; i < keys; i++) s += `  k${i}: v\n`;
    return s;
  };
  const flowMap = (keys: number): string => 'kind: Deployment\ndata: {' + Array.from({ length: keys }, (_, i) => `k${i}: v`).join(', ') + '}\n';

  it('the duplicate-key check does not search every earlier key (block map, flow map, !!omap)', () => {
    const n = 4000;
    const omap = 'kind: Deployment\ndata: !!omap\n' + Array.from({ length: n }, (_, i) => `  - k${i}: v\n`).join('');
    for (const text of [blockMap(n), flowMap(n), omap]) {
      let docs = 0;
      const work = linearSearchWork(() => (docs = parseFile('file:///big.yaml', text).documents.length));
      assert.equal(docs, 1);
      // Quadratic: n²/2 = 8,000,000 elements; linear: a few per key.
      assert.ok(work < 20 * n, `searched ${work} array elements for ${n} keys`);
    }
  });

  it('a 709 KB block map and a 649 KB flow map of 60,000 keys are checked, and a duplicate key at the end is found', { timeout: 120_000 }, () => {
    for (const base of [blockMap(60_000) + '  k7: again\n', flowMap(60_000).replace('}\n', ', k7: again}\n')]) {
      const at = base.lastIndexOf('k7');
      const [doc] = parseFile('file:///big.yaml', base).documents;
      assert.equal(get(doc!.root, 'data')?.kind === 'map' && (get(doc!.root, 'data') as { pairs: unknown[] }).pairs.length, 60_001);
      assert.deepEqual(
        doc!.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered]),
        [[at, at + 1, 'DUPLICATE_KEY', true]],
      );
    }
  });

  it('17,000 aliases resolve in one walk of the document (each alias used to walk it all)', { timeout: 120_000 }, () => {
    const aliases = (n: number): string => {
      const lines = ['kind: Deployment', 'data:'];
      for (let i = 0; i < n; i++) lines.push(`  k${i}: &a${i} v${i}`);
      for (let i = 0; i < n; i++) lines.push(`  r${i}: *a${i}`);
      return lines.join('\n') + '\n';
    };
    // `Alias.resolve(doc)` walks the whole document for each call: the work is counted in calls.
    const resolve = Alias.prototype.resolve;
    let walks = 0;
    Alias.prototype.resolve = function (this: Alias, ...args: Parameters<typeof resolve>) {
      walks++;
      return resolve.apply(this, args);
    };
    try {
      parseFile('file:///aliases.yaml', aliases(100));
    } finally {
      Alias.prototype.resolve = resolve;
    }
    assert.equal(walks, 0);
    const [doc] = parseFile('file:///aliases.yaml', aliases(17_000)).documents;
    assert.equal(str(get(doc!.root, 'data', 'r16999')), 'v16999');
    assert.deepEqual(doc!.syntaxIssues, []);
  });

  it('recovering unterminated quotes re-parses the file within one budget; the quote it stops at is still reported', () => {
    let many = 'kind: Deployment\n';
    for (let i = 0; i < 10; i++) many += `k${i}: "x${i}\n`;
    const [small] = parseFile('file:///q.yaml', many).documents;
    // Eight recovered; the ninth is reported, not recovered (it used to vanish); the tenth is inside its string.
    const at = (i: number): number => many.indexOf(`"x${i}`);
    assert.deepEqual(
      small!.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered]),
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => [at(i), at(i) + 3, 'MISSING_CHAR', i < 8]),
    );
    assert.equal(small!.sound, false);
    // 140,000 nodes: a re-parse would pass the 250,000-node budget, so the first quote is reported, not patched.
    let big = 'kind: Deployment\ndata:\n  a: "x\n';
    for (let i = 0; i < 70_000; i++) big += `  k${i}: v\n`;
    big += '  b: "y\n';
    const [doc] = parseFile('file:///q.yaml', big).documents;
    assert.deepEqual(
      doc!.syntaxIssues.map((i) => [i.start, i.end, i.code, i.recovered]),
      [[big.indexOf('"x'), big.indexOf('"x') + 2, 'MISSING_CHAR', false]],
    );
    // The same shape with 700 keys is recovered twice.
    const small2 = big.split('\n').slice(0, 3 + 700).join('\n') + '\n  b: "y\n';
    assert.deepEqual(
      parseFile('file:///q.yaml', small2).documents[0]!.syntaxIssues.map((i) => [i.start, i.code, i.recovered]),
      [
        [small2.indexOf('"x'), 'MISSING_CHAR', true],
        [small2.indexOf('"y'), 'MISSING_CHAR', true],
      ],
    );
  });

  it('a file past the node budget is a parse-limit finding at the node that passed it, found after lexing no further', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nx: [' + 'a,'.repeat(300_000) + ']\n';
    const file = parseFile('file:///w/tiny.yaml', text);
    // 5 nodes before the list (keys and values), the list, then items: the 250,001st node is item 249,995.
    const at = text.indexOf('[') + 1 + 2 * 249_994;
    assert.deepEqual(file.skipped, { reason: "the file has more than 250,000 YAML nodes (keys, values and list items), past the checker's limit", start: at, end: at + 1 });
    // Quoted scalars count too.
    const quoted = 'apiVersion: apps/v1\nkind: Deployment\nx: [' + '"",'.repeat(300_000) + ']\n';
    const q = quoted.indexOf('[') + 1 + 3 * 249_994;
    assert.deepEqual(parseFile('file:///w/quoted.yaml', quoted).skipped, { reason: "the file has more than 250,000 YAML nodes (keys, values and list items), past the checker's limit", start: q, end: q + 1 });
    assert.deepEqual(findingsOf('file:///w/tiny.yaml', text), [
      ['parse-limit', 2, at - text.indexOf('x: ['), 2, at - text.indexOf('x: [') + 1, "Not checked: the file has more than 250,000 YAML nodes (keys, values and list items), past the checker's limit."],
    ]);
  });
});

describe('issue #10: deep nesting is a parse-limit finding, not a stack overflow (item 12)', () => {
  const yamlMsg = "Not checked: lists and mappings nest more than 256 levels deep here, past the checker's limit (Kubernetes manifests nest a few dozen levels at most).";

  it('YAML flow, block map and block list nesting past 256 levels, at the first collection past it', () => {
    const flow = 'kind: Deployment\nx: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n';
    let block = 'kind: Deployment\n';
    for (let i = 0; i < 300; i++) block += ' '.repeat(i) + 'k:\n';
    const list = 'kind: Deployment\nx:\n' + '- '.repeat(5000) + 'a\n';
    assert.deepEqual(findingsOf('file:///w/flow.yaml', flow), [['parse-limit', 1, 3 + 255, 1, 3 + 256, yamlMsg]]);
    // The top-level map (`kind`, then `k:` at column 0) is level 1; line L ≥ 2 (0-based) opens level L.
    assert.deepEqual(findingsOf('file:///w/block.yaml', block), [['parse-limit', 257, 256, 257, 257, yamlMsg]]);
    assert.deepEqual(findingsOf('file:///w/list.yaml', list), [['parse-limit', 2, 2 * 255, 2, 2 * 255 + 1, yamlMsg]]);
  });

  it('aliases that nest deep lists in deep lists are a parse-limit finding that says so', () => {
    let text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n';
    let prev = 'leaf';
    for (let i = 0; i < 3; i++) {
      text += `a${i}: &a${i} ${'['.repeat(200)}${prev}${']'.repeat(200)}\n`;
      prev = `*a${i}`;
    }
    text += 'spec:\n  template:\n    spec:\n      serviceAccountName: sa\n      containers: *a2\n';
    assert.deepEqual(findingsOf('file:///w/d.yaml', text), [
      ['parse-limit', 0, 0, 0, 1, 'This YAML document nests more than 500 levels deep once its aliases are expanded (an alias bomb?); it was not validated.'],
    ]);
  });

  it('256 levels are still parsed', () => {
    const text = 'kind: Deployment\nx: ' + '['.repeat(255) + ']'.repeat(255) + '\n';
    const file = parseFile('file:///w/ok.yaml', text);
    assert.equal(file.skipped, undefined);
    assert.deepEqual(file.documents[0]!.syntaxIssues, []);
  });

  it('JSON nesting past 256 levels', () => {
    const text = '{"Version": "2012-10-17", "Statement": ' + '['.repeat(20_000) + ']'.repeat(20_000) + '}';
    const at = text.indexOf('[') + 255;
    assert.deepEqual(findingsOf('file:///w/trust.json', text), [
      ['parse-limit', 0, at, 0, at + 1, "Not checked: objects and arrays nest more than 256 levels deep here, past the checker's limit (IAM policies nest a few levels)."],
    ]);
  });
});
