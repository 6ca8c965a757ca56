import type * as vscode from 'vscode';

/** Registers `IRSA: New Credential Set…` (issue 4). Owned by the scaffolding work. */
export function registerScaffoldCommands(_context: vscode.ExtensionContext): void {
  // TODO(issue 4)
}
