/**
 * Linked values across files: occurrences (definition/references) and rename on a multi-file set.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments, Workspace } from '../../server/src/engine';
import { occurrences, renameEdits, siteAt } from '../../server/src/engine/features/links';
import type { SourceDocument } from '../../server/src/engine/types';
import { applyFix, FIXTURES, formatFindings, loadWorkspace } from '../helpers/fixtures';

const ROOT = path.join(FIXTURES, 'workspaces', 'orders');

function load(): { ws: Workspace; documents: SourceDocument[]; settings: ReturnType<typeof loadWorkspace>['settings'] } {
  const { documents, settings } = loadWorkspace(ROOT);
  const ws = new Workspace(settings);
  for (const d of documents) ws.update(d);
  return { ws, documents, settings };
}

function uriOf(documents: SourceDocument[], rel: string): SourceDocument {
  const d = documents.find((x) => x.uri.endsWith('/' + rel));
  assert.ok(d, rel);
  return d;
}

/** `file:line:col-col text` for each site, relative to the fixture root. */
function show(ws: Workspace, sites: { uri: string; start: number; end: number; role: string }[]): string[] {
  return sites.map((s) => {
    const td = ws.textDocument(s.uri)!;
    const p = td.positionAt(s.start);
    const rel = path.relative(ROOT, new URL(s.uri).pathname);
    return `${rel}:${p.line + 1}:${p.character + 1} ${s.role} ${ws.text(s.uri)!.slice(s.start, s.end)}`;
  });
}

describe('linked values', () => {
  it('the fixture set is clean to begin with', () => {
    const { documents, settings } = loadWorkspace(ROOT);
    assert.equal(formatFindings(lintDocuments(documents, settings), ROOT), '');
  });

  it('finds every occurrence of a service account name, definitions first', () => {
    const { ws, documents } = load();
    const dep = uriOf(documents, 'deploy/orders.yaml');
    const site = siteAt(ws, dep.uri, dep.text.indexOf('dev-db-reader') + 2)!;
    assert.equal(site.kind, 'serviceAccount');
    assert.deepEqual(show(ws, occurrences(ws, site)), [
      'credrequests/orders-reader.yaml:19:7 definition dev-db-reader',
      'deploy/service-account.yaml:4:9 definition dev-db-reader',
      'deploy/orders.yaml:16:27 reference dev-db-reader',
    ]);
  });

  it('links a trust principal session to the workload env var that sets it', () => {
    const { ws, documents } = load();
    const trust = uriOf(documents, 'iam/orders-table-reader-trust.json');
    const site = siteAt(ws, trust.uri, trust.text.indexOf('orders-session') + 1)!;
    assert.deepEqual([site.kind, site.name, site.scope], ['session', 'orders-session', 'prod-creds-shop-orders-aws']);
    assert.deepEqual(show(ws, occurrences(ws, site)), [
      'deploy/orders.yaml:24:22 definition orders-session',
      'iam/orders-table-reader-trust.json:7:83 reference orders-session',
    ]);
  });

  it('renames a service account in the CredentialsRequest, the Deployment and the ServiceAccount only', () => {
    const { ws, documents, settings } = load();
    const cr = uriOf(documents, 'credrequests/orders-reader.yaml');
    const site = siteAt(ws, cr.uri, cr.text.indexOf('dev-db-reader'))!;
    const edits = renameEdits(ws, site, 'orders-reader');
    assert.deepEqual(
      edits.map((e) => path.relative(ROOT, new URL(e.uri).pathname)),
      ['credrequests/orders-reader.yaml', 'deploy/orders.yaml', 'deploy/service-account.yaml'],
    );
    const { documents: after } = applyFix(documents, { edits });
    assert.equal(formatFindings(lintDocuments(after, settings), ROOT), '');
    assert.ok(uriOf(after, 'deploy/orders.yaml').text.includes('serviceAccountName: orders-reader'));
  });

  it('renames a secret everywhere, including the ccoctl role names derived from it', () => {
    const { ws, documents, settings } = load();
    const cr = uriOf(documents, 'credrequests/orders-reader.yaml');
    const site = siteAt(ws, cr.uri, cr.text.indexOf('orders-aws'))!;
    const { documents: after } = applyFix(documents, { edits: renameEdits(ws, site, 'orders-dynamo') });
    assert.ok(uriOf(after, 'outputs/manifests/shop-orders-aws-credentials.yaml').text.includes('role/prod-creds-shop-orders-dynamo\n'));
    assert.ok(uriOf(after, 'iam/orders-table-reader-trust.json').text.includes('assumed-role/prod-creds-shop-orders-dynamo/orders-session'));
    assert.equal(formatFindings(lintDocuments(after, settings), ROOT), '');
  });

  it('renames a session name in the workload and the trust principal together', () => {
    const { ws, documents, settings } = load();
    const dep = uriOf(documents, 'deploy/orders.yaml');
    const site = siteAt(ws, dep.uri, dep.text.indexOf('orders-session'))!;
    const { documents: after } = applyFix(documents, { edits: renameEdits(ws, site, 'orders-app') });
    assert.ok(uriOf(after, 'iam/orders-table-reader-trust.json').text.includes('/prod-creds-shop-orders-aws/orders-app"'));
    assert.equal(formatFindings(lintDocuments(after, settings), ROOT), '');
  });

  it('refuses invalid names with the rule they break', () => {
    const { ws, documents } = load();
    const cr = uriOf(documents, 'credrequests/orders-reader.yaml');
    const site = siteAt(ws, cr.uri, cr.text.indexOf('dev-db-reader'))!;
    assert.throws(() => renameEdits(ws, site, 'Bad_Name'), /not a valid name: it must be a DNS-1123 subdomain/);
    const ns = siteAt(ws, cr.uri, cr.text.indexOf('namespace: shop') + 12)!;
    assert.equal(ns.kind, 'namespace');
    assert.throws(() => renameEdits(ws, ns, 'other'), /cannot be renamed/);
  });
});
