/**
 * Integration cases in a real VS Code on a copy of examples/guide: the extension activates, contributes
 * its commands, and the language server publishes the guide's diagnostics with rule ids and lines.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'irsa-toolkit.irsa-toolkit';
const DEADLINE_MS = 60_000;

function workspacePath(): string {
  const p = process.env.IRSA_TEST_WORKSPACE;
  if (!p) throw new Error('IRSA_TEST_WORKSPACE is not set (run through `npm run test:vscode`)');
  return p;
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** Resolves with the diagnostics of `uri` once `accept` holds for them; rejects after the deadline. */
function diagnosticsWhen(uri: vscode.Uri, accept: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (!accept(ds)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)}`);
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${DEADLINE_MS} ms; seen: ${JSON.stringify(seen)}`));
    }, DEADLINE_MS);
    check();
  });
}

export const cases: { name: string; fn: () => Promise<void> }[] = [
  {
    name: 'the extension activates',
    fn: async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not installed in the test instance`);
      await ext.activate();
      assert.equal(ext.isActive, true);
    },
  },
  {
    name: 'the IRSA commands are registered',
    fn: async () => {
      const all = await vscode.commands.getCommands(true);
      for (const c of ['irsa.newCredentialSet', 'irsa.validateWorkspace', 'irsa.showOutput', 'irsa.generateSdkCode', 'irsa.explainError']) assert.ok(all.includes(c), `${c} not registered`);
    },
  },
  {
    name: 'the guide Deployment gets deprecated-service-account on line 31 with a docs link',
    fn: async () => {
      const uri = vscode.Uri.file(path.join(workspacePath(), 'deployment.yaml'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const ds = await diagnosticsWhen(uri, (all) => all.some((d) => codeOf(d) === 'deprecated-service-account'));
      const d = ds.find((x) => codeOf(x) === 'deprecated-service-account');
      assert.ok(d);
      assert.equal(d.range.start.line + 1, 31);
      assert.equal(d.range.start.character + 1, 7);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.source, 'irsa');
    },
  },
  {
    name: 'the guide CredentialsRequest gets yaml-syntax on line 7 (unterminated quote)',
    fn: async () => {
      const uri = vscode.Uri.file(path.join(workspacePath(), 'credrequests', 'assume-dev-dynamodb-reader.yaml'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const ds = await diagnosticsWhen(uri, (all) => all.some((d) => codeOf(d) === 'yaml-syntax' && d.range.start.line === 6));
      const d = ds.find((x) => codeOf(x) === 'yaml-syntax' && x.range.start.line === 6);
      assert.equal(d?.severity, vscode.DiagnosticSeverity.Error);
    },
  },
];
