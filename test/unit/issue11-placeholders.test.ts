/**
 * Issue #11 pattern 4, value level: a value that is a template placeholder (`${VAR}`, `{{ … }}`,
 * `%{…}`, `$(VAR)`) is unknown. No format finding about it, no cross-file link by it or comparison
 * against it, and the literal parts of the same document keep all their checks. The fixture
 * (test/fixtures/issue11/p4-placeholders/, our own, modelled on operator assets, Go templates and Flux
 * substitution) gives exactly the findings of its golden `p4-placeholders.expected`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { isNamePlaceholder, isNamePlaceholderNode, isPlaceholderNode, known } from '../../server/src/engine/model/unknown';
import { newScalar, type MapNode } from '../../server/src/engine/parse/tree';
import { FIXTURES, formatFindings, golden, loadWorkspace } from '../helpers/fixtures';

describe('issue #11 pattern 4: placeholder values are unknown', () => {
  it('p4-placeholders: exactly the golden findings', () => {
    const dir = path.join(FIXTURES, 'issue11', 'p4-placeholders');
    const { documents, settings } = loadWorkspace(dir);
    const actual = formatFindings(lintDocuments(documents, settings), dir);
    assert.equal(actual, golden(path.join(FIXTURES, 'issue11', 'p4-placeholders.expected'), actual));
  });

  it('known(): a placeholder name is unknown, a literal or IAM policy variable is kept', () => {
    assert.equal(known(newScalar('${NAMESPACE}', false, 0, 12)), undefined);
    assert.equal(known(newScalar('${ASSET_PREFIX}-node', false, 0, 20)), undefined);
    assert.equal(known(newScalar('{{.Namespace}}', true, 0, 16)), undefined);
    assert.equal(known(newScalar('openshift-cluster-csi-drivers', false, 0, 29)), 'openshift-cluster-csi-drivers');
    assert.equal(known(newScalar('HCP_NAMESPACE', false, 0, 13)), undefined, 'a substitution token is no name yet');
    assert.equal(known(newScalar('PROD', false, 0, 4)), 'PROD', 'one upper-case word may be a case typo');
    assert.equal(known(newScalar('${aws:username}', false, 0, 15)), '${aws:username}');
    assert.equal(known(newScalar(3, false, 0, 1)), '3');
    assert.equal(known(undefined), undefined);
  });

  it('isPlaceholderNode(): an unquoted `{{ … }}` read as a flow mapping is a placeholder, a literal mapping is not', () => {
    const text = 'app: {{ .App }}\nother: { a: 1 }\n';
    const templ: MapNode = { kind: 'map', pairs: [], start: 5, end: 15, pair: undefined, parent: undefined };
    const flow: MapNode = { kind: 'map', pairs: [], start: 23, end: 31, pair: undefined, parent: undefined };
    assert.equal(isPlaceholderNode(templ, text), true);
    assert.equal(isPlaceholderNode(flow, text), false);
    assert.equal(isPlaceholderNode(templ), false, 'without the text only scalars can be recognised');
    assert.equal(isPlaceholderNode(newScalar('%{ if x }', false, 0, 9)), true);
    assert.equal(isPlaceholderNode(newScalar('$(POD_NAMESPACE)', false, 0, 16)), true);
    assert.equal(isPlaceholderNode(newScalar('HCP_NAMESPACE', false, 0, 13)), false);
    assert.equal(isPlaceholderNode(newScalar(true, false, 0, 4)), false);
  });

  it('isNamePlaceholder(): in a name field, an upper-case token with `_` is a substitution token too', () => {
    for (const v of ['HCP_NAMESPACE', 'BACKUP_NAME', 'A_1', '${NS}', '{{ .Release.Namespace }}']) assert.equal(isNamePlaceholder(v), true, v);
    for (const v of ['PROD', 'Prod', 'My_Namespace', 'HCP_', '_NS', 'hcp_namespace', 'openshift-ingress', '${aws:username}']) assert.equal(isNamePlaceholder(v), false, v);
    assert.equal(isNamePlaceholderNode(newScalar('HCP_NAMESPACE', false, 0, 13)), true);
    assert.equal(isPlaceholderNode(newScalar('HCP_NAMESPACE', false, 0, 13)), false, 'only name fields read tokens');
  });
});
