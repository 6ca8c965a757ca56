/**
 * Code actions (model: yaml-language-server `yamlCodeActions.ts`, vscode-eslint): everything is
 * computed from the findings' fixes, so the server keeps no per-diagnostic state.
 *
 * - One quick fix per fix of a diagnostic (`isPreferred` for the single obvious repair). A fix may edit
 *   another file, open or closed: it becomes one WorkspaceEdit (one undo step).
 * - "Fix all <rule-id> in this file" when a rule has 2+ fixable findings in the file and their preferred
 *   fixes only touch this file and do not overlap.
 * - "Disable <rule-id> for this line": `# irsa-disable-next-line <rule-id>` above the line, at its
 *   indentation (YAML only: JSON has no comments and IAM rejects them).
 * - `source.fixAll.irsa`: every preferred, single-file, non-overlapping fix of the file; also applied on
 *   save through `textDocument/willSaveWaitUntil` when `irsa.fixAll.onSave` is on.
 */
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Diagnostic,
  TextDocumentSaveReason,
  TextEdit,
} from '../languageServer';
import type { TreeNode } from '../../engine/parse/tree';
import type { Finding, Fix } from '../../engine/types';
import { DIAGNOSTIC_SOURCE, diagnosticData } from '../diagnostics';
import { nonOverlapping, toTextEdits, toWorkspaceEdit } from './edits';
import type { FeatureContext, LspFeature } from './types';

/** Code action kind of "fix all IRSA problems" (`editor.codeActionsOnSave: { "source.fixAll.irsa": "explicit" }`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.irsa`;

const SUPPRESS = '# irsa-disable-next-line';

function sameRange(d: Diagnostic, f: Finding): boolean {
  const a = d.range;
  const b = f.range;
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether `kind` is requested by `only` (kinds are hierarchical: `source` covers `source.fixAll.irsa`). */
export function kindRequested(only: string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/**
 * The fixes of a diagnostic. The engine's current finding (same rule, range and message) is
 * preferred, because its offsets match the text the engine holds now; the diagnostic's `data` is the
 * fallback (e.g. a client that kept an older diagnostic).
 */
function fixesOf(ctx: FeatureContext, uri: string, d: Diagnostic): Fix[] {
  const data = diagnosticData(d);
  if (!data) return [];
  const canonical = ctx.canonicalUri(uri);
  const current = ctx
    .engineFor(canonical)
    .findings(canonical)
    .find((f) => f.ruleId === data.ruleId && f.message === d.message && sameRange(d, f));
  return current ? (current.fixes ?? []) : data.fixes;
}

/** Preferred fixes of a file that only edit that file, without overlaps, in file order. */
export function safeFileFixes(ctx: FeatureContext, uri: string, ruleId?: string): { finding: Finding; fix: Fix; edits: Fix['edits'] }[] {
  const canonical = ctx.canonicalUri(uri);
  const candidates: { finding: Finding; fix: Fix; edits: Fix['edits'] }[] = [];
  for (const f of ctx.engineFor(canonical).findings(canonical)) {
    if (ruleId && f.ruleId !== ruleId) continue;
    const fix = f.fixes?.find((x) => x.preferred);
    if (!fix || fix.edits.length === 0) continue;
    if (!fix.edits.every((e) => ctx.canonicalUri(e.uri) === canonical)) continue;
    candidates.push({ finding: f, fix, edits: fix.edits });
  }
  return nonOverlapping(candidates);
}

/** The suppression comment edit for a diagnostic, or undefined for JSON / unknown files. */
function disableEdit(ctx: FeatureContext, uri: string, d: Diagnostic, ruleId: string): TextEdit | undefined {
  const canonical = ctx.canonicalUri(uri);
  const ws = ctx.engineFor(canonical);
  if (ws.parsed(canonical)?.language !== 'yaml') return undefined;
  const td = ws.textDocument(canonical);
  const text = ws.text(canonical);
  if (!td || text === undefined) return undefined;
  const line = d.range.start.line;
  const lineText = (i: number): string => {
    const s = td.offsetAt({ line: i, character: 0 });
    const e = i + 1 < td.lineCount ? td.offsetAt({ line: i + 1, character: 0 }) : text.length;
    return text.slice(s, e).replace(/\r?\n$/, '');
  };
  // Extend an existing directive on the line above instead of stacking a second one.
  if (line > 0) {
    const above = lineText(line - 1);
    const m = /^(\s*#\s*irsa-disable-next-line\b)([^\n#]*)$/.exec(above);
    if (m) {
      const ids = m[2]!.split(/[\s,]+/).filter(Boolean);
      if (ids.length === 0 || ids.includes(ruleId)) return undefined; // already silenced
      const end = { line: line - 1, character: above.replace(/\s+$/, '').length };
      return { range: { start: end, end }, newText: `, ${ruleId}` };
    }
  }
  // Never inside a multi-line scalar (the ccoctl Secret's `credentials: |` INI text): the comment would
  // become part of the value.
  const lineOffset = td.offsetAt({ line, character: 0 });
  if (ws.parsed(canonical)?.documents.some((doc) => insideMultilineScalar(doc.root, lineOffset))) return undefined;
  const indent = /^[ \t]*/.exec(lineText(line))![0];
  // A list item's own line: the comment goes at the dash's column (valid YAML, reads naturally).
  const at = { line, character: 0 };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: at, end: at }, newText: `${indent}${SUPPRESS} ${ruleId}${eol}` };
}

/** Whether `offset` (a line start) lies inside a scalar that starts on an earlier line. */
function insideMultilineScalar(n: TreeNode | undefined, offset: number): boolean {
  if (!n || offset <= n.start || offset >= n.end) return false;
  if (n.kind === 'scalar') return true;
  if (n.kind === 'seq') return n.items.some((i) => insideMultilineScalar(i, offset));
  return n.pairs.some((p) => insideMultilineScalar(p.key, offset) || insideMultilineScalar(p.value, offset));
}

function quickFixes(ctx: FeatureContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const out: CodeAction[] = [];
  const fixAllDone = new Set<string>();
  const disableDone = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string' || d.code === 'config') continue;
    const ruleId = d.code;
    for (const fix of fixesOf(ctx, uri, d)) {
      const edit = toWorkspaceEdit(ctx, fix.edits);
      if (!edit) continue;
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
      if (fix.preferred) action.isPreferred = true;
      out.push(action);
    }
    if (!fixAllDone.has(ruleId)) {
      fixAllDone.add(ruleId);
      const all = safeFileFixes(ctx, uri, ruleId);
      if (all.length >= 2) {
        const edit = toWorkspaceEdit(
          ctx,
          all.flatMap((x) => x.edits),
        );
        if (edit) out.push({ title: `Fix all ${ruleId} problems in this file`, kind: CodeActionKind.QuickFix, edit });
      }
    }
    const key = `${ruleId}@${d.range.start.line}`;
    if (!disableDone.has(key)) {
      disableDone.add(key);
      const te = disableEdit(ctx, uri, d, ruleId);
      if (te) {
        out.push({
          title: `Disable ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: toWorkspaceEditFromTextEdits(ctx, uri, [te]),
        });
      }
    }
  }
  return out;
}

function toWorkspaceEditFromTextEdits(ctx: FeatureContext, uri: string, edits: TextEdit[]): CodeAction['edit'] {
  if (ctx.clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri, version: ctx.documents.get(uri)?.version ?? null }, edits }] };
  }
  return { changes: { [uri]: edits } };
}

/** The fix-all action for a file, or undefined when nothing is fixable. */
function fixAllAction(ctx: FeatureContext, uri: string): CodeAction | undefined {
  const all = safeFileFixes(ctx, uri);
  if (all.length === 0) return undefined;
  const edit = toWorkspaceEdit(
    ctx,
    all.flatMap((x) => x.edits),
  );
  return edit ? { title: 'Fix all auto-fixable IRSA problems', kind: FIX_ALL_KIND, edit } : undefined;
}

export const codeActionsFeature: LspFeature = {
  id: 'codeActions',
  capabilities: () => ({
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
  }),
  register(ctx) {
    ctx.connection.onCodeAction((params) => {
      ctx.sync();
      const out: CodeAction[] = [];
      if (kindRequested(params.context.only, CodeActionKind.QuickFix)) out.push(...quickFixes(ctx, params));
      if (params.context.only && kindRequested(params.context.only, FIX_ALL_KIND)) {
        const a = fixAllAction(ctx, params.textDocument.uri);
        if (a) out.push(a);
      }
      return out;
    });
    // `irsa.fixAll.onSave`: the same edits as source.fixAll.irsa, as the save's text edits.
    ctx.documents.onWillSaveWaitUntil((e) => {
      if (e.reason === TextDocumentSaveReason.AfterDelay) return []; // auto-save must not rewrite under the cursor
      const uri = e.document.uri;
      if (!ctx.editorSettingsFor(uri).fixAllOnSave) return [];
      ctx.sync();
      const all = safeFileFixes(ctx, uri);
      return toTextEdits(ctx, uri, all.flatMap((x) => x.edits)) ?? [];
    });
  },
};
