/**
 * Hover: the schema documentation of a key (description, allowed values, limits, source); for a
 * linked value, every other place it is written and whether those places agree; for a position
 * under a finding, the rule's explanation and docs link. Returns Markdown.
 */
import { nodeAt, PairNode, pathOf } from '../parse/tree';
import { RULES_BY_ID } from '../rules';
import type { Workspace } from '../workspace/workspace';
import { occurrences, Site, siteAt } from './links';
import { schemaAt, schemaContext, schemaDoc } from './schema-nav';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** Builds a link to a position: `[orders.yaml:16](file:///…/orders.yaml#L16)`. */
export function locationLink(ws: Workspace, uri: string, offset: number): string {
  const td = ws.textDocument(uri);
  const line = (td?.positionAt(offset).line ?? 0) + 1;
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return `[${name}:${line}](${uri}#L${line})`;
}

function siteHover(ws: Workspace, site: Site): string {
  const all = occurrences(ws, site);
  const kindWord: Record<Site['kind'], string> = {
    serviceAccount: 'Service account',
    secret: 'Secret',
    namespace: 'Namespace',
    session: 'Role session name',
    role: 'IAM role',
  };
  const lines = [`**${kindWord[site.kind]} \`${site.name}\`**${site.scope ? ` (${site.kind === 'session' ? 'role' : 'namespace'} \`${site.scope}\`)` : ''}`];
  const others = all.filter((s) => !(s.uri === site.uri && s.start === site.start));
  if (others.length === 0) lines.push('', 'Not used anywhere else in the workspace.');
  else {
    lines.push('', 'Also written at:');
    for (const o of others) lines.push(`- ${locationLink(ws, o.uri, o.start)} — ${o.label}${o.role === 'definition' ? ' (definition)' : ''}`);
  }
  // Agreement: cross-file findings that sit on any occurrence of this value.
  const problems: string[] = [];
  for (const o of all) {
    const td = ws.textDocument(o.uri);
    if (!td) continue;
    const line = td.positionAt(o.start).line;
    for (const f of ws.findings(o.uri)) {
      const rule = RULES_BY_ID.get(f.ruleId);
      if (rule?.scope !== 'workspace' || f.range.start.line > line || f.range.end.line < line) continue;
      problems.push(`- ${locationLink(ws, o.uri, o.start)}: ${f.message} (\`${f.ruleId}\`)`);
    }
  }
  lines.push('', problems.length ? '**Disagreements:**' : 'All linked places agree.');
  lines.push(...[...new Set(problems)]);
  return lines.join('\n');
}

/** Hover at `offset` of `uri`, or undefined when there is nothing to say. `docsUrl(ruleId)` links rule pages. */
export function hoverAt(ws: Workspace, uri: string, offset: number, docsUrl: (ruleId: string) => string): HoverResult | undefined {
  const sections: string[] = [];
  let start = offset;
  let end = offset;
  const site = siteAt(ws, uri, offset);
  if (site) {
    sections.push(siteHover(ws, site));
    start = site.start;
    end = site.end;
  }
  for (const d of ws.documents(uri)) {
    if (offset < d.doc.start || offset > d.doc.end) continue;
    const at = nodeAt(d.root, offset);
    if (!at) continue;
    const parent = at.node.parent;
    const pair: PairNode | undefined = at.isKey ? (parent?.kind === 'map' ? parent.pairs.find((p) => p.key === at.node) : undefined) : at.node.pair;
    if (!pair) continue;
    const path = [...pathOf(pair.parent), String(pair.key.value)];
    const ctx = schemaContext(d, path);
    if (!ctx) continue;
    const md = schemaDoc(ctx.schema, schemaAt(ctx.schema, ctx.rel), String(pair.key.value));
    if (md) {
      sections.push(md);
      if (!site) {
        start = pair.key.start;
        end = pair.key.end;
      }
    }
    break;
  }
  const td = ws.textDocument(uri);
  if (td) {
    const pos = td.positionAt(offset);
    for (const f of ws.findings(uri)) {
      const r = f.range;
      const inside =
        (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
        (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
      if (!inside) continue;
      const rule = RULES_BY_ID.get(f.ruleId);
      if (!rule) continue;
      sections.push(`**\`${rule.id}\`** (${f.severity}) — ${rule.docs.summary}\n\n${rule.docs.details}\n\n[Rule documentation](${docsUrl(rule.id)})`);
    }
  }
  if (!sections.length) return undefined;
  return { markdown: sections.join('\n\n---\n\n'), start, end };
}
