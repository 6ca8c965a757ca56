/**
 * JSON-schema errors → YAML/JSON ranges. Each case lints a small document and asserts the exact
 * findings (rule id, 1-based range, message): unknown and missing properties land on a key, type and
 * enum errors on the value, anyOf alternatives collapse into one finding, and a misspelt key is
 * reported once (as unknown), not a second time as missing. The last block walks every schema and
 * checks that each property carries `title` and `description` (hover shows them) and that every
 * `x-irsa-rule` names a registered rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDocuments, RULES_BY_ID } from '../../server/src/engine';
import { classifyFile } from '../../server/src/engine/classify';
import { parseFile } from '../../server/src/engine/parse';
import { validateDocument } from '../../server/src/engine/schema/validate';
import { REPO_ROOT } from '../helpers/fixtures';

const URI = 'file:///ws/credrequests/cr.yaml';

/** Lints one file and returns `line:col-line:col rule message` for the given rules (all when none). */
function lint(text: string, uri = URI, rules?: string[]): string[] {
  return lintDocuments([{ uri, text }])
    .filter((f) => !rules || rules.includes(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.ruleId} ${f.message}`);
}

/** Raw schema findings (before rule refinement) with their text. */
function raw(text: string, uri = URI): { rule: string; keyword: string; part: string; text: string }[] {
  const file = parseFile(uri, text);
  const td = TextDocument.create(uri, 'yaml', 0, text);
  return classifyFile(file, text).flatMap((d) =>
    validateDocument(d).map((f) => {
      const n = f.part === 'key' && f.node.pair ? f.node.pair.key : f.node;
      return { rule: f.ruleId, keyword: f.keyword, part: f.part, text: td.getText({ start: td.positionAt(n.start), end: td.positionAt(n.end) }) };
    }),
  );
}

const HEAD = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: dev-dynamodb-reader
  namespace: openshift-cloud-credential-operator
spec:
`;
const PROVIDER = `  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
`;
const ENTRY = `    - effect: Allow
      action:
      - sts:AssumeRole
      resource: arn:aws:iam::444455556666:role/dynamodb-reader
`;
const REF = `  secretRef:
    name: dev-dynamodb-reader
    namespace: my-namespace
`;
const SAS = `  serviceAccountNames:
  - dev-db-reader
`;

describe('schema → range mapping', () => {
  it('a valid CredentialsRequest has no schema findings', () => {
    assert.deepEqual(raw(HEAD + PROVIDER + ENTRY + REF + SAS), []);
  });

  it('unknown property: on the key, with "did you mean"; the missing one is not reported again', () => {
    const text = HEAD + PROVIDER + ENTRY + REF.replace('secretRef:', 'secretRefs:') + SAS;
    assert.deepEqual(lint(text), [
      '15:3-15:13 schema-validation Unknown key `secretRefs` in `spec`; did you mean `secretRef`? Keys are case-sensitive. The API server prunes unknown spec fields and ccoctl ignores them; AWS permissions belong under `providerSpec`.',
    ]);
    // Before refinement both errors exist: the key of the unknown pair, and the parent key for the missing one.
    assert.deepEqual(raw(text).map((r) => `${r.keyword} ${r.rule} ${r.part} ${r.text}`), [
      'required cr-secret-ref key spec',
      'additionalProperties schema-validation value secretRefs',
    ]);
  });

  it('missing property: on the parent key', () => {
    const text = HEAD + PROVIDER + ENTRY + '  secretRef:\n    name: dev-dynamodb-reader\n' + SAS;
    assert.deepEqual(lint(text), [
      '15:3-15:12 cr-secret-ref `secretRef` has no `namespace`; add the namespace the workload runs in (a DNS-1123 label). The trust policy only admits service accounts of that namespace.',
    ]);
  });

  it('missing property of a list item: on the first line of the item, not the whole item', () => {
    const text = HEAD + PROVIDER + '    - effect: Allow\n      action:\n      - sts:AssumeRole\n' + REF + SAS;
    assert.deepEqual(lint(text), [
      '11:7-11:20 cr-statement-resource This statement entry has no `resource`; add `resource:` with `*` or one ARN (e.g. the role to assume). IAM rejects a statement without Resource.',
    ]);
  });

  it('missing property of the document: on its first line', () => {
    const text = HEAD.replace('apiVersion: cloudcredential.openshift.io/v1\n', '') + PROVIDER + ENTRY + REF + SAS;
    assert.deepEqual(lint(text), [
      '1:1-1:25 cr-api-version-kind This CredentialsRequest has no `apiVersion`; add `apiVersion: cloudcredential.openshift.io/v1` (the API server rejects an object without one).',
    ]);
  });

  it('enum: on the value, with the allowed values and what was found', () => {
    const text = HEAD + PROVIDER + ENTRY.replace('effect: Allow', 'effect: allow') + REF + SAS;
    assert.deepEqual(lint(text), ['11:15-11:20 cr-statement-effect `effect` must be Allow or Deny (case-sensitive); found allow.']);
  });

  it('type: on the value (a scalar where a list is needed, a list where a string is needed)', () => {
    const text =
      HEAD +
      PROVIDER +
      '    - effect: Allow\n      action: sts:AssumeRole\n      resource:\n      - "*"\n' +
      REF +
      SAS;
    assert.deepEqual(lint(text), [
      '12:15-12:29 cr-statement-action `action` must be a YAML list of strings (ccoctl decodes it as []string, anything else fails with "Failed to decode the provider spec"); found sts:AssumeRole.',
      '14:7-14:12 cr-statement-resource `resource` must be a single string (`*` or one ARN), not ["*"]: ccoctl decodes it as a Go string, so anything else fails with "Failed to decode the provider spec".',
    ]);
  });

  it('pattern: on the list item, with the expected format', () => {
    const text = HEAD + PROVIDER + ENTRY.replace('- sts:AssumeRole', '- AssumeRole') + REF + SAS;
    assert.deepEqual(lint(text), [
      "13:9-13:19 cr-statement-action item 1 of `action` has an invalid format: \"AssumeRole\"; expected `*` or `service:Action` such as `sts:AssumeRole`, with optional `*`/`?` wildcards.",
    ]);
  });

  it('anyOf: a condition value with no allowed form gives one finding, not one per branch', () => {
    const cond = '      policyCondition:\n        StringEquals:\n          aws:RequestedRegion:\n            region: eu-west-2\n          aws:PrincipalTag/team:\n          - data\n          - team: data\n';
    const text = HEAD + PROVIDER + ENTRY + cond + REF + SAS;
    assert.deepEqual(lint(text), [
      '18:13-18:30 cr-policy-condition `aws:RequestedRegion` does not have any allowed form: a string, number or boolean, or a list of them (IAM compares each).',
      '20:11-21:23 cr-policy-condition `aws:PrincipalTag/team` does not have any allowed form: a string, number or boolean, or a list of them (IAM compares each).',
    ]);
    // ajv itself raised the anyOf plus an error per branch (and per bad list item); all collapsed.
    assert.equal(raw(text).length, 2);
  });

  it('the guide-style mapping item inside `action` is one finding, not three', () => {
    const text =
      HEAD +
      PROVIDER +
      '    - action:\n      - sts:AssumeRole\n      - effect: Allow\n        resource: arn:aws:iam::444455556666:role/dynamodb-reader\n' +
      REF +
      SAS;
    assert.deepEqual(lint(text), [
      '13:9-14:65 cr-statement-action Item 2 of `action` is a mapping with `effect` and `resource`: these keys are indented as an item of the `action` list instead of the statement entry, so ccoctl fails to decode the provider spec and the entry has no `effect`/`resource`. Write them at the same indentation as `action:`.',
    ]);
  });

  it('ccoctl Secret: type error on the value (metadata keeps ObjectMeta fields open)', () => {
    const uri = 'file:///ws/outputs/manifests/my-namespace-dev-dynamodb-reader-credentials.yaml';
    const text = `apiVersion: v1
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::111122223333:role/my-namespace-creds-my-namespace-dev-dynamodb-reader
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token
kind: Secret
metadata:
  name: dev-dynamodb-reader
  namespace: my-namespace
  finalizers: []
type: Opaque
immutable: "yes"
`;
    assert.deepEqual(lint(text, uri), ['14:12-14:17 schema-validation `immutable` must be true or false; found the string "yes".']);
    assert.deepEqual(raw(text, uri).map((r) => `${r.keyword} ${r.part} ${r.text}`), ['type value "yes"']);
  });
});

type Json = Record<string, unknown>;

/** Every property schema below `node` (properties, items, additionalProperties), with its path. */
function walk(node: unknown, at: string, out: { at: string; schema: Json }[], isProperty: boolean): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const s = node as Json;
  if (isProperty) out.push({ at, schema: s });
  for (const [k, v] of Object.entries((s['properties'] as Json | undefined) ?? {})) walk(v, `${at}/properties/${k}`, out, true);
  for (const k of ['items', 'additionalProperties']) if (s[k] && typeof s[k] === 'object') walk(s[k], `${at}/${k}`, out, true);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[k];
    if (Array.isArray(list)) list.forEach((b, i) => walk(b, `${at}/${k}/${i}`, out, false));
  }
  for (const k of ['if', 'then', 'else', 'not']) if (s[k]) walk(s[k], `${at}/${k}`, out, false);
  for (const k of ['definitions', '$defs']) for (const [n, v] of Object.entries((s[k] as Json | undefined) ?? {})) walk(v, `${at}/${k}/${n}`, out, true);
}

function rulesIn(node: unknown, out: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Json)) {
    if ((k === 'x-irsa-rule' || k === 'x-irsa-missing-rule') && typeof v === 'string') out.add(v);
    else rulesIn(v, out);
  }
}

describe('schemas document themselves', () => {
  const dir = path.join(REPO_ROOT, 'schemas');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json;
    it(`${file}: every property has a title and a description`, () => {
      const props: { at: string; schema: Json }[] = [];
      walk(schema, '#', props, true);
      assert.ok(props.length > 1, 'the schema has properties');
      const missing = props.filter((p) => typeof p.schema['title'] !== 'string' || typeof p.schema['description'] !== 'string').map((p) => p.at);
      assert.deepEqual(missing, []);
    });
    it(`${file}: every x-irsa-rule names a registered rule`, () => {
      const ids = new Set<string>();
      rulesIn(schema, ids);
      assert.deepEqual([...ids].filter((id) => !RULES_BY_ID.has(id)), []);
    });
  }
});
