/**
 * Issue #13: the IAM CreateRole input that `ccoctl aws create-iam-roles --dry-run` writes
 * (`05-<n>-<role name>-role.json`, json.Marshal of a map: the trust policy is a JSON *string*, with
 * `\"` for every quote and `\u003c`/`\u003e` for `<`/`>`). test/fixtures/ccoctl-dry-run holds such a file
 * byte for byte as ccoctl's code writes it (generated with its createRolePolicyDocument and
 * encoding/json), next to the CredentialsRequest it came from.
 * Pinned here: offsets of the policy's nodes land on the file's escaped characters; the dry run's one
 * real problem (the `<enter_issuer_url_here>` key) is one finding whose fix, applied, leaves valid JSON
 * that lints clean; a malformed policy string is a json-syntax finding, not a crash; fixes of other rules
 * inside the string are re-encoded or dropped (encodeEmbeddedEdits); the CreateRole input is linked to
 * its request by RoleName or by ccoctl's Description.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { classifyFile } from '../../server/src/engine/classify';
import { lintDocuments, Workspace } from '../../server/src/engine';
import { renameEdits, siteAt } from '../../server/src/engine/features/links';
import { encodeEmbeddedEdits, parseFile } from '../../server/src/engine/parse';
import type { Finding, SourceDocument } from '../../server/src/engine/types';
import { applyFix, FIXTURES, formatFindings, loadWorkspace } from '../helpers/fixtures';

const DIR = path.join(FIXTURES, 'ccoctl-dry-run');
const ROLE_FILE = path.join(DIR, 'ccoctl-output', '05-0-my-namespace-creds-my-namespace-dev-dynamodb-reader-role.json');
const ROLE_TEXT = fs.readFileSync(ROLE_FILE, 'utf8');
const ISSUER = 'my-namespace-creds-oidc.s3.eu-west-2.amazonaws.com';

/** `start`…`end` of a finding's range in a one-line file. */
const span = (f: Finding): [number, number] => {
  assert.equal(f.range.start.line, 0);
  return [f.range.start.character, f.range.end.character];
};

describe('ccoctl --dry-run CreateRole input: the trust policy held as a JSON string', () => {
  it('is classified as the trust policy of its RoleName, with node offsets on the escaped characters of the file', () => {
    const uri = 'file:///w/05-0-role.json';
    const [doc] = classifyFile(parseFile(uri, ROLE_TEXT), ROLE_TEXT);
    assert.ok(doc && doc.kind === 'iamPolicy');
    assert.equal(doc.policyType, 'trust');
    assert.deepEqual({ name: doc.roleName?.name, source: doc.roleName?.source }, { name: 'my-namespace-creds-my-namespace-dev-dynamodb-reader', source: 'role-document' });
    assert.equal(doc.createRole?.description?.value, 'OpenShift role for my-namespace/dev-dynamodb-reader');
    const subs = doc.webIdentity.map((c) => [c.issuer, String(c.value.value), ROLE_TEXT.slice(c.value.start, c.value.end), ROLE_TEXT.slice(c.key.start, c.key.end)]);
    assert.deepEqual(subs, [
      ['<enter_issuer_url_here>', 'system:serviceaccount:my-namespace:dev-db-reader', '\\"system:serviceaccount:my-namespace:dev-db-reader\\"', '\\"\\u003center_issuer_url_here\\u003e:sub\\"'],
      ['<enter_issuer_url_here>', 'system:serviceaccount:my-namespace:dev-db-migrator', '\\"system:serviceaccount:my-namespace:dev-db-migrator\\"', '\\"\\u003center_issuer_url_here\\u003e:sub\\"'],
    ]);
    // The policy's root spans the string's content, quotes excluded.
    assert.equal(ROLE_TEXT.slice(doc.root.start - 1, doc.root.start + 1), '"{');
    assert.equal(ROLE_TEXT[doc.root.end], '"');
  });

  it('gives exactly one finding, on the <enter_issuer_url_here> key; its fix leaves valid JSON that lints clean', () => {
    const { documents, settings } = loadWorkspace(DIR);
    const findings = lintDocuments(documents, settings);
    assert.equal(
      formatFindings(findings, DIR),
      'ccoctl-output/05-0-my-namespace-creds-my-namespace-dev-dynamodb-reader-role.json:1:318-1:359 warning oidc-principal-condition ' +
        'Condition key `<enter_issuer_url_here>:sub` still holds `<enter_issuer_url_here>`, the placeholder `ccoctl aws create-iam-roles --dry-run` writes instead of the issuer: ' +
        'no token has such a key, so this condition never matches and no pod can assume the role. ' +
        `Replace it with the provider path of the principal, \`${ISSUER}:sub\` (the issuer URL without \`https://\`), before creating the role.`,
    );
    const [f] = findings;
    assert.equal(ROLE_TEXT.slice(...span(f!)), '\\"\\u003center_issuer_url_here\\u003e:sub\\"');
    assert.deepEqual(
      f!.fixes?.map((x) => [x.title, x.edits.map((e) => [e.start, e.end, e.newText])]),
      [[`Change the condition key to "${ISSUER}:sub"`, [[317, 358, `\\"${ISSUER}:sub\\"`]]]],
    );
    const { documents: after, touched } = applyFix(documents, f!.fixes![0]!);
    const fixed = [...touched.values()][0]!;
    // The file is still the CreateRole input, and its string is the policy ccoctl would have written with the issuer.
    const input = JSON.parse(fixed) as { AssumeRolePolicyDocument: string; RoleName: string };
    assert.equal(input.RoleName, 'my-namespace-creds-my-namespace-dev-dynamodb-reader');
    const policy = JSON.parse(input.AssumeRolePolicyDocument) as { Statement: { Condition: { StringEquals: Record<string, string[]> } }[] };
    assert.deepEqual(policy.Statement[0]!.Condition.StringEquals, {
      [`${ISSUER}:sub`]: ['system:serviceaccount:my-namespace:dev-db-reader', 'system:serviceaccount:my-namespace:dev-db-migrator'],
    });
    assert.deepEqual(lintDocuments(after, settings), []);
  });

  it('a malformed policy string is a json-syntax error at the right characters, and nothing else', () => {
    const text = '{"AssumeRolePolicyDocument":"{ \\"Version\\": \\"2012-10-17\\", \\"Statement\\": [ { \\"Effect\\" \\"Allow\\" } ] }","RoleName":"r"}';
    const findings = lintDocuments([{ uri: 'file:///w/05-0-r-role.json', text, version: 0 }], {});
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, text.slice(...span(f)), f.message]),
      // jsonc-parser reports the token where the colon should be.
      [['json-syntax', 'error', '\\"Allow\\"', 'In the trust policy held as text by `AssumeRolePolicyDocument`: A colon (`:`) is expected after the property name.']],
    );
  });

  it('a string that holds no JSON object, or nests past the parser limit, is one clear finding (no crash)', () => {
    const notObject = '{"RoleName":"r","AssumeRolePolicyDocument":"allow everyone"}';
    const deep = `{"RoleName":"r","AssumeRolePolicyDocument":"${'['.repeat(300)}"}`;
    const show = (text: string): string[][] => lintDocuments([{ uri: 'file:///w/role.json', text, version: 0 }], {}).map((f) => [f.ruleId, f.message]);
    assert.deepEqual(show(notObject), [
      ['json-syntax', 'In the trust policy held as text by `AssumeRolePolicyDocument`: the string must hold the trust policy as a JSON object (`{ "Version": "2012-10-17", "Statement": [ … ] }`); it holds text that is not JSON.'],
    ]);
    assert.deepEqual(show('{"RoleName":"r","AssumeRolePolicyDocument":"[1]"}'), [
      ['json-syntax', 'In the trust policy held as text by `AssumeRolePolicyDocument`: the string must hold the trust policy as a JSON object (`{ "Version": "2012-10-17", "Statement": [ … ] }`); it holds another JSON value.'],
    ]);
    assert.deepEqual(show(deep), [
      ['json-syntax', "In the trust policy held as text by `AssumeRolePolicyDocument`: objects and arrays nest more than 256 levels deep here, past the checker's limit (IAM policies nest a few levels)."],
    ]);
  });

  it('a trailing comma in the policy string gets json-syntax\'s fix, encoded for the string', () => {
    const text = '{"RoleName":"r","AssumeRolePolicyDocument":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[],}"}';
    const [f, ...rest] = lintDocuments([{ uri: 'file:///w/role.json', text, version: 0 }], {}).filter((x) => x.ruleId === 'json-syntax');
    assert.deepEqual(rest, []);
    assert.equal(text.slice(...span(f!)), ',');
    const { touched } = applyFix([{ uri: 'file:///w/role.json', text, version: 0 }], f!.fixes![0]!);
    assert.deepEqual(JSON.parse((JSON.parse([...touched.values()][0]!) as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument), { Version: '2012-10-17', Statement: [] });
  });

  it('a `:sub` subject in the string is a service-account site on exactly its name, so a rename from the request edits the file right', () => {
    const { documents, settings } = loadWorkspace(DIR);
    const ws = new Workspace(settings);
    for (const d of documents) ws.update(d);
    const uri = documents.find((d) => d.uri.endsWith('-role.json'))!.uri;
    const at = ROLE_TEXT.indexOf('dev-db-reader');
    const site = siteAt(ws, uri, at + 3);
    assert.deepEqual(site && [site.kind, site.name, site.scope, ROLE_TEXT.slice(site.start, site.end)], ['serviceAccount', 'dev-db-reader', 'my-namespace', 'dev-db-reader']);
    const edits = renameEdits(ws, site!, 'orders-reader').filter((e) => e.uri === uri);
    const { touched } = applyFix(documents, { edits });
    const policy = JSON.parse((JSON.parse(touched.get(uri)!) as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument) as { Statement: { Condition: { StringEquals: Record<string, string[]> } }[] };
    assert.deepEqual(Object.values(policy.Statement[0]!.Condition.StringEquals)[0], ['system:serviceaccount:my-namespace:orders-reader', 'system:serviceaccount:my-namespace:dev-db-migrator']);
  });

  it('encodeEmbeddedEdits: policy text becomes string content; an edit inside an escape, or one that breaks the policy, is refused', () => {
    const uri = 'file:///w/role.json';
    const parsed = parseFile(uri, ROLE_TEXT);
    const [doc] = classifyFile(parsed, ROLE_TEXT);
    assert.ok(doc?.kind === 'iamPolicy');
    const v = doc.webIdentity[0]!.value;
    const edit = (start: number, end: number, newText: string) => ({ uri, start, end, newText });
    assert.deepEqual(encodeEmbeddedEdits(ROLE_TEXT, parsed.documents, [edit(v.start, v.end, '"a\\b"')]), [edit(v.start, v.end, '\\"a\\\\b\\"')]);
    // v.start + 1 is the `"` of the `\"` escape.
    assert.equal(encodeEmbeddedEdits(ROLE_TEXT, parsed.documents, [edit(v.start + 1, v.end, 'x')]), undefined);
    assert.equal(encodeEmbeddedEdits(ROLE_TEXT, parsed.documents, [edit(v.start, v.end, 'unquoted')]), undefined);
    // Outside the string: as given.
    const outside = edit(ROLE_TEXT.indexOf('"RoleName"'), ROLE_TEXT.indexOf('"RoleName"'), '');
    assert.deepEqual(encodeEmbeddedEdits(ROLE_TEXT, parsed.documents, [outside]), [outside]);
  });
});

describe('ccoctl-trust-policy-mismatch: links the fixtures do not show', () => {
  const CR = fs.readFileSync(path.join(DIR, 'credrequests', 'dev-dynamodb-reader.yaml'), 'utf8');
  const docs = (role: string): SourceDocument[] => [
    { uri: 'file:///w/credrequests/dev-dynamodb-reader.yaml', text: CR, version: 0 },
    { uri: 'file:///w/out/05-0-role.json', text: role, version: 0 },
  ];
  const input = (roleName: string, sub: unknown): string =>
    JSON.stringify({
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::210987654321:oidc-provider/${ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER}:sub`]: sub } } }],
      }),
      Description: 'OpenShift role for my-namespace/dev-dynamodb-reader',
      RoleName: roleName,
    });

  it('by ccoctl\'s Description when the RoleName is no ccoctl name; a lone :sub string becomes a list', () => {
    const text = input('hand-made-reader', 'system:serviceaccount:my-namespace:dev-db-reader');
    const findings = lintDocuments(docs(text), {}).filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch');
    assert.deepEqual(
      findings.map((f) => [f.severity, text.slice(...span(f)), f.message]),
      [
        [
          'error',
          `\\"${ISSUER}:sub\\"`,
          'The role (its `Description` `OpenShift role for my-namespace/dev-dynamodb-reader`) is the ccoctl role of CredentialsRequest `dev-dynamodb-reader` (dev-dynamodb-reader.yaml:1). ' +
            'Its trust policy does not admit `system:serviceaccount:my-namespace:dev-db-migrator`, but the request lists service account `dev-db-migrator` in `serviceAccountNames` (dev-dynamodb-reader.yaml:21) ' +
            'and ccoctl writes one `:sub` subject for each, in `secretRef.namespace` `my-namespace`: pods running as `my-namespace/dev-db-migrator` are denied ("Not authorized to perform sts:AssumeRoleWithWebIdentity").',
        ],
      ],
    );
    const fix = findings[0]!.fixes![0]!;
    assert.equal(fix.title, `Admit "system:serviceaccount:my-namespace:dev-db-migrator" too (make "${ISSUER}:sub" a list)`);
    const { documents: after, touched } = applyFix(docs(text), fix);
    const policy = JSON.parse((JSON.parse([...touched.values()][0]!) as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument) as {
      Statement: { Condition: { StringEquals: Record<string, string[]> } }[];
    };
    assert.deepEqual(policy.Statement[0]!.Condition.StringEquals[`${ISSUER}:sub`], ['system:serviceaccount:my-namespace:dev-db-reader', 'system:serviceaccount:my-namespace:dev-db-migrator']);
    assert.deepEqual(lintDocuments(after, {}).filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch'), []);
  });

  it('by the -<ns>-<secret> suffix without .irsa.yaml; a StringLike pattern admits what it matches and is never extra', () => {
    const text = input('any-prefix-my-namespace-dev-dynamodb-reader', ['system:serviceaccount:my-namespace:dev-db-*']).replace('StringEquals', 'StringLike');
    assert.deepEqual(lintDocuments(docs(text), {}).filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch'), []);
    const narrow = input('any-prefix-my-namespace-dev-dynamodb-reader', ['system:serviceaccount:my-namespace:dev-db-reader']);
    assert.deepEqual(
      lintDocuments(docs(narrow), {})
        .filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch')
        .map((f) => f.message.split('. ')[0]),
      ['The role `any-prefix-my-namespace-dev-dynamodb-reader` (its `RoleName` says so) is the ccoctl role of CredentialsRequest `dev-dynamodb-reader` (dev-dynamodb-reader.yaml:1) by the `-my-namespace-dev-dynamodb-reader` suffix'],
    );
  });

  it('a policy that trusts the configured provider and a second one (a cluster migration) is no provider mismatch', () => {
    const statement = (provider: string) => ({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::210987654321:oidc-provider/${provider}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${provider}:sub`]: ['system:serviceaccount:my-namespace:dev-db-reader', 'system:serviceaccount:my-namespace:dev-db-migrator'] } },
    });
    const both = JSON.stringify({ RoleName: 'my-namespace-creds-my-namespace-dev-dynamodb-reader', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement('old-cluster.example.com'), statement(ISSUER)] } });
    const settings = { ccoctlName: 'my-namespace-creds', oidcProviderArn: `arn:aws:iam::210987654321:oidc-provider/${ISSUER}` };
    assert.deepEqual(lintDocuments(docs(both), settings).filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch'), []);
    const onlyOld = both.replace(`,${JSON.stringify(statement(ISSUER))}`, '');
    assert.notEqual(onlyOld, both);
    assert.deepEqual(
      lintDocuments(docs(onlyOld), settings)
        .filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch')
        .map((f) => [f.severity, onlyOld.slice(...span(f))]),
      [['error', '"arn:aws:iam::210987654321:oidc-provider/old-cluster.example.com"']],
    );
  });

  it('a role of no request in the workspace is left alone', () => {
    const text = input('unrelated-role', ['system:serviceaccount:other:app']).replace('OpenShift role for my-namespace/dev-dynamodb-reader', 'something else');
    assert.deepEqual(lintDocuments(docs(text), {}).filter((f) => f.ruleId === 'ccoctl-trust-policy-mismatch'), []);
  });
});
