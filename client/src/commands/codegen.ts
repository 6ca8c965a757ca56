import type * as vscode from 'vscode';

/** Registers `IRSA: Generate Refresh-Aware SDK Code…` (issue 4). Owned by the code-generation work. */
export function registerCodegenCommands(_context: vscode.ExtensionContext): void {
  // TODO(issue 4)
}
