/**
 * Code actions (model: yaml-language-server `yamlCodeActions.ts`, vscode-eslint). Every edit comes
 * from the server's own current findings: a client's diagnostic only selects one (see
 * {@link currentFinding}), and edits are only placed on the text they were computed from (edits.ts).
 *
 * - One quick fix per fix of a diagnostic (`isPreferred` for the single obvious repair). A fix may edit
 *   another file, open or closed: it becomes one WorkspaceEdit (one undo step). A fix may also create
 *   a file (issue #14, fileCreations.ts): offered only when that is possible and safe there.
 * - "Fix all <rule-id> in this file" when a rule has 2+ fixable findings in the file and their preferred
 *   fixes only touch this file and do not overlap.
 * - "Disable <rule-id> for this line": `# irsa-disable-next-line <rule-id>` above the line, at its
 *   indentation (YAML only: JSON has no comments and IAM rejects them).
 * - `source.fixAll.irsa`: every preferred, single-file, non-overlapping fix of the file; also applied on
 *   save through `textDocument/willSaveWaitUntil` when `irsa.fixAll.onSave` is on.
 */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextDocumentSaveReason } from '../languageServer';
import type { TreeNode } from '../../engine';
import type { Finding, Fix } from '../../engine';
import { DIAGNOSTIC_SOURCE, diagnosticData } from '../diagnostics';
import { creatingWorkspaceEdit } from './fileCreations';
import { editable, nonOverlapping, OffsetEdit, toTextEdits, toWorkspaceEdit } from './edits';
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
 * The server's current finding that a client's diagnostic stands for, or undefined. The diagnostic is
 * only a key (rule id in `code`, range, message, and the document version in `data`): its fixes are
 * never taken from the client, which may hold a diagnostic published before an edit moved the text
 * (its edit would land in the wrong place) or send a forged one. A document whose engine text is not
 * the client's (a failed update) has no current findings to match.
 */
function currentFinding(ctx: FeatureContext, uri: string, d: Diagnostic): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') return undefined;
  const canonical = ctx.canonicalUri(uri);
  const ws = ctx.engineFor(canonical);
  if ('refused' in editable(ctx, canonical)) return undefined;
  // A client that keeps `data` (dataSupport) gives the version the diagnostic was computed on; without
  // it, rule + range + message must still match a finding of the current text.
  const data = diagnosticData(d);
  if (data && data.version !== ws.version(canonical)) return undefined;
  return ws.findings(canonical).find((f) => f.ruleId === d.code && f.message === d.message && sameRange(d, f));
}

/** Preferred fixes of a file that only edit that file, without overlaps, in file order. */
export function safeFileFixes(ctx: FeatureContext, uri: string, ruleId?: string): { finding: Finding; fix: Fix; edits: Fix['edits'] }[] {
  const canonical = ctx.canonicalUri(uri);
  const candidates: { finding: Finding; fix: Fix; edits: Fix['edits'] }[] = [];
  for (const f of ctx.engineFor(canonical).findings(canonical)) {
    if (ruleId && f.ruleId !== ruleId) continue;
    const fix = f.fixes?.find((x) => x.preferred);
    // A fix that creates a file is never part of a fix-all (or a save): it is offered on its own.
    if (!fix || fix.edits.length === 0 || fix.creates?.length) continue;
    if (!fix.edits.every((e) => ctx.canonicalUri(e.uri) === canonical)) continue;
    candidates.push({ finding: f, fix, edits: fix.edits });
  }
  return nonOverlapping(candidates);
}

/** The suppression comment edit for a finding (offsets in the engine's text), or undefined for JSON / unknown files. */
function disableEdit(ctx: FeatureContext, uri: string, f: Finding): OffsetEdit | undefined {
  const ruleId = f.ruleId;
  const canonical = ctx.canonicalUri(uri);
  const ws = ctx.engineFor(canonical);
  if (ws.parsed(canonical)?.language !== 'yaml') return undefined;
  const td = ws.textDocument(canonical);
  const text = ws.text(canonical);
  if (!td || text === undefined) return undefined;
  const line = f.range.start.line;
  const lineText = (i: number): string => {
    const s = td.offsetAt({ line: i, character: 0 });
    const e = i + 1 < td.lineCount ? td.offsetAt({ line: i + 1, character: 0 }) : text.length;
    return text.slice(s, e).replace(/(\r\n|\r|\n)$/, '');
  };
  // Extend an existing directive on the line above instead of stacking a second one.
  if (line > 0) {
    const above = lineText(line - 1);
    const m = /^(\s*#\s*irsa-disable-next-line\b)([^\n#]*)$/.exec(above);
    if (m) {
      const ids = m[2]!.split(/[\s,]+/).filter(Boolean);
      if (ids.length === 0 || ids.includes(ruleId)) return undefined; // already silenced
      const end = td.offsetAt({ line: line - 1, character: above.replace(/\s+$/, '').length });
      return { uri: canonical, start: end, end, newText: `, ${ruleId}` };
    }
  }
  // Never inside a multi-line scalar (the ccoctl Secret's `credentials: |` INI text): the comment would
  // become part of the value.
  const lineOffset = td.offsetAt({ line, character: 0 });
  if (ws.parsed(canonical)?.documents.some((doc) => insideMultilineScalar(doc.root, lineOffset))) return undefined;
  const indent = /^[ \t]*/.exec(lineText(line))![0];
  // A list item's own line: the comment goes at the dash's column (valid YAML, reads naturally).
  const eol = text.includes('\r\n') ? '\r\n' : /\r(?!\n)/.test(text) ? '\r' : '\n';
  return { uri: canonical, start: lineOffset, end: lineOffset, newText: `${indent}${SUPPRESS} ${ruleId}${eol}` };
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
    const finding = currentFinding(ctx, uri, d);
    if (!finding) continue;
    const ruleId = finding.ruleId;
    for (const fix of finding.fixes ?? []) {
      const edit = fix.creates?.length ? creatingWorkspaceEdit(ctx, uri, fix) : toWorkspaceEdit(ctx, fix.edits);
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
    const key = `${ruleId}@${finding.range.start.line}`;
    if (!disableDone.has(key)) {
      disableDone.add(key);
      const e = disableEdit(ctx, uri, finding);
      const edit = e && toWorkspaceEdit(ctx, [e]);
      if (edit) out.push({ title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
    }
  }
  return out;
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
