/**
 * The language server publishes the same bounded findings as the CLI (issue #10 item 8): at most 100
 * of one rule per file plus one diagnostic saying how many more, for a file found by the start-up
 * scan and after an edit that makes a trust policy report 5,000 times. Expected diagnostics are the
 * engine's findings through the server's own `toDiagnostic`. Build first: `node esbuild.mjs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { lintDocuments } from '../../server/src/engine/workspace/workspace';
import { docsLink, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { FIXTURES, REPO_ROOT } from '../helpers/fixtures';
import { copyToTemp, LspTestClient, uriOf } from '../helpers/lsp-client';

let client: LspTestClient | undefined;
const temps: string[] = [];
after(async () => {
  await client?.stop();
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

const link = docsLink(undefined, path.join(REPO_ROOT, 'docs', 'rules'));

/**
 * What the server must publish for `text`: the engine's findings of that file alone, as diagnostics
 * stamped with the document version they were computed from (0 for a file read from disk).
 */
function expected(uri: string, text: string, version = 0): Diagnostic[] {
  return lintDocuments([{ uri, text }]).map((f) => toDiagnostic(f, link, undefined, version));
}

/** The flood trust policy with `n` malformed principals instead of 130. */
function withPrincipals(text: string, n: number): string {
  return text.replace(/\["1"(,"1")*\]/, `[${Array(n).fill('"1"').join(',')}]`);
}

describe('language server: findings per rule and file are bounded as in the CLI', () => {
  it('start-up scan and an edit to 5,000 malformed principals publish 100 per rule plus "N more"', async () => {
    const dir = copyToTemp(path.join(FIXTURES, 'cli', 'flood'));
    temps.push(dir);
    client = await LspTestClient.start({ folders: [dir] });
    const c = client;
    const uri = uriOf(path.join(dir, 'trust-policy.json'));
    const text = fs.readFileSync(path.join(dir, 'trust-policy.json'), 'utf8');
    const scanned = expected(uri, text);
    assert.equal(scanned.length, 405);
    await c.waitForDiagnostics(uri, scanned, 30_000);

    c.open(uri, text);
    const flood = withPrincipals(text, 5000);
    const version = c.change(uri, flood);
    const edited = expected(uri, flood, version);
    assert.equal(edited.length, 405);
    assert.deepEqual(
      edited.filter((d) => d.code === 'arn-format' && String(d.message).includes(' more ')).map((d) => d.message),
      ['4,900 more arn-format errors in this file are not listed (the first of them is here): at most 100 of one rule are listed per file. They usually share one cause; fix it and check again to see what is left.'],
    );
    await c.waitForDiagnostics(uri, edited, 30_000);
    // Validate Workspace counts every finding, listed or not, as the CLI does: one collision finding for
    // the group of 12 requests (issue 11: not 132), and 5,000 arn-format + 3 × 110 + 1 on the trust policy.
    const summary = await c.request<{ files: number; problems: number; errors: number; warnings: number }>('irsa/validateWorkspace', undefined, 30_000);
    assert.deepEqual(summary, { files: 2, problems: 1 + 5000 + 330 + 1, errors: 1 + 5000 + 330, warnings: 1 });
  });
});
