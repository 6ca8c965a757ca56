/**
 * (issue #14) Fixes that create a file (engine `Fix.creates`: the refresh-aware module of
 * one-shot-assume-role's quick fix) as one LSP `WorkspaceEdit`.
 *
 * Which files exist is decided here, when the code action is asked for, not by the engine: the
 * engine's workspace holds only the files discovery kept (IRSA files, and code that names an AWS SDK,
 * minus `.gitignore`d folders and `irsa.ignore` globs), so a module that exists but is ignored, or not
 * yet reported by the file watcher, would look missing there. The module is looked up as an open
 * document first (the client's buffer), then on disk (a bounded read, server/src/node readSource).
 * - It exists: the fix is offered without the creation when its text contains the entry the edits
 *   call (`FileCreation.mustDefine`), and not at all otherwise (a file of the same name that is not
 *   the generated module is never overwritten, and code calling an entry it lacks would not build).
 * - It is missing: the fix is offered only to a client that advertises
 *   `workspace.workspaceEdit.documentChanges` and `resourceOperations` including `create` (LSP 3.13);
 *   the edit is `CreateFile` (`overwrite: false`, `ignoreIfExists: false`), a `TextDocumentEdit`
 *   inserting the generated text (version null: the file has no open version), then the fixed file's
 *   own versioned edits. `ignoreIfExists` stays false on purpose: had the file appeared in the
 *   meantime, ignoring the create would make the insert land in that file; failing the create makes
 *   the client reject the edit, so nothing is overwritten. VS Code skips a create only when
 *   `overwrite` is undefined and `ignoreIfExists` is set, and otherwise creates with the given
 *   `overwrite`, which fails on an existing file (CreateOperation.perform in
 *   https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/bulkEdit/browser/bulkFileEdits.ts);
 *   the LSP says "Overwrite wins over ignoreIfExists" (CreateFileOptions,
 *   https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#resourceChanges).
 * The module's text is `renderSdkCode` (what `IRSA: Generate Refresh-Aware SDK Code…` writes) for the
 * workspace chain whose destination role is the replaced AssumeRole's literal RoleArn, else for the
 * workspace's only chain (Go and Java: in the fixed file's package, `FileCreation.packageName`); with no
 * such chain there is nothing to render and no fix.
 */
import { CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileCreation, Fix } from '../../engine';
import { chainTargets, InvalidChainError, renderSdkCode } from '../../../../shared/src';
import { readSource } from '../../node';
import { filePath } from '../projects';
import { workspaceEditOf } from './edits';
import type { FeatureContext } from './types';

/** The current text of `uri` (engine spelling): open buffer, else disk; null when missing; undefined when not known. */
function existingText(ctx: FeatureContext, uri: string): string | null | undefined {
  const open = ctx.documents.get(ctx.clientUri(uri));
  if (open) return open.getText();
  const p = filePath(uri);
  if (!p) return undefined;
  const r = readSource(p);
  if ('missing' in r) return null;
  return 'document' in r && r.document.notRead === undefined ? r.document.text : undefined;
}

/** The generated module's text for `c`, or undefined when the workspace has no chain to render it for. */
function moduleText(ctx: FeatureContext, fixedUri: string, c: FileCreation): string | undefined {
  const targets = chainTargets(ctx.engineFor(fixedUri));
  const byArn = c.roleArn === undefined ? [] : targets.filter((t) => t.chain.destinationRoleArn === c.roleArn);
  const target = byArn[0] ?? (targets.length === 1 ? targets[0] : undefined);
  if (!target) return undefined;
  try {
    return renderSdkCode(target.chain, c.sdkModule, c.packageName === undefined ? {} : { packageName: c.packageName }).content;
  } catch (err) {
    if (err instanceof InvalidChainError) return undefined;
    throw err;
  }
}

/** Whether the client can create files in a workspace edit. */
export function canCreateFiles(ctx: FeatureContext): boolean {
  const we = ctx.clientCapabilities.workspace?.workspaceEdit;
  return we?.documentChanges === true && (we.resourceOperations ?? []).includes('create');
}

/**
 * The workspace edit of a fix with `creates` (see the module comment), or undefined when it may not
 * be offered. `fixedUri`: the file the finding is in (its project renders the module).
 */
export function creatingWorkspaceEdit(ctx: FeatureContext, fixedUri: string, fix: Fix): WorkspaceEdit | undefined {
  const missing: FileCreation[] = [];
  for (const c of fix.creates ?? []) {
    const text = existingText(ctx, ctx.canonicalUri(c.uri));
    if (text === undefined) return undefined;
    if (text === null) missing.push(c);
    else if (!text.includes(c.mustDefine)) return undefined;
  }
  const r = workspaceEditOf(ctx, fix.edits);
  if (!('edit' in r)) return undefined;
  if (missing.length === 0) return r.edit;
  if (!canCreateFiles(ctx)) return undefined;
  const created: (CreateFile | TextDocumentEdit)[] = [];
  for (const c of missing) {
    const content = moduleText(ctx, fixedUri, c);
    if (content === undefined) return undefined;
    const uri = ctx.clientUri(ctx.canonicalUri(c.uri));
    created.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
    created.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, content)]));
  }
  return { documentChanges: [...created, ...(r.edit.documentChanges ?? [])] };
}
