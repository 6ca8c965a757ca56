/**
 * Hover: the schema documentation of a key (description, allowed values, limits, source); for a
 * linked value, every other place it is written and whether those places agree; for a position
 * under a finding, the rule's explanation and docs link. Returns Markdown.
 */
import { parseServiceAccountSubject } from '../domain';
import { known } from '../model/unknown';
import { nodeAt, PairNode, pathOf, ScalarNode, str } from '../parse/tree';
import { RULES_BY_ID } from '../rules';
import type { Workspace } from '../workspace/workspace';
import { actionHoverAt } from './iam-catalog';
import { hasWildcard, occurrences, serviceAccountLocation, Site, siteAt, subjectAt, workloadsRunningAsIn } from './links';
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

/**
 * Hover on the name part of a trust policy subject `system:serviceaccount:<ns>:<name>`: the
 * ServiceAccount manifests and CredentialsRequest entries that define that account, and the workloads
 * that run as it in that namespace (through the view's indexed queries), or that none does, in which
 * case the subject admits no pod of the workspace.
 */
function subjectAccountHover(ws: Workspace, site: Site): string {
  const ns = site.scope!;
  const name = site.name;
  // Why a manifest without a known namespace is listed: it may be applied to any (`oc apply -n`).
  const nsNote = (node: ScalarNode | undefined): string => (known(node) !== undefined ? '' : str(node) === undefined ? ' (no namespace set)' : ' (namespace not known)');
  const lines = [`**Service account \`${name}\`** (namespace \`${ns}\`)`, ''];
  const accounts = ws.view.serviceAccounts(name, ns);
  for (const sa of accounts) {
    const at = sa.name ? sa.name.start : sa.root.start;
    lines.push(`- ServiceAccount manifest${nsNote(sa.namespace)}: ${locationLink(ws, sa.uri, at)}`);
  }
  if (!accounts.length) lines.push(`- No ServiceAccount manifest \`${ns}/${name}\` in the workspace.`);
  for (const d of ws.view.withKey(`saname:${name}`)) {
    if (d.kind !== 'credentialsRequest') continue;
    const crNs = known(d.secretRef?.namespace);
    if (crNs !== undefined && crNs !== ns) continue;
    const entry = d.serviceAccountNames.find((n) => n.value === name);
    if (entry) lines.push(`- \`serviceAccountNames\` of CredentialsRequest ${str(d.name) ?? '(unnamed)'}: ${locationLink(ws, d.uri, entry.start)}`);
  }
  const workloads = workloadsRunningAsIn(ws, ns, name);
  for (const w of workloads) {
    // A kustomization's namespace replaces metadata.namespace; several that disagree leave it unknown.
    const k = ws.view.kustomizeNamespace(w);
    const unknownNs = ws.view.effectiveNamespace(w) !== undefined ? '' : k === null ? ' (namespace not known)' : nsNote(w.namespace);
    lines.push(`- ${w.workloadKind} ${str(w.name) ?? '(unnamed)'}${unknownNs} runs as it: ${locationLink(ws, w.uri, serviceAccountLocation(ws, w).start)}`);
  }
  if (!workloads.length) lines.push(`- No workload in the workspace runs as \`${ns}/${name}\`: this subject admits no pod of the workspace.`);
  return lines.join('\n');
}

/**
 * Hover on a whole `:sub` value outside its namespace and name parts (the `system:serviceaccount:`
 * prefix, or a pattern): what the subject form means. The `sub` claim of a service account token is
 * `system:serviceaccount:<namespace>:<name>` (k8s.io/apiserver pkg/authentication/serviceaccount/util.go
 * MakeUsername; ccoctl writes its `:sub` list so, cloud-credential-operator
 * pkg/cmd/provisioning/aws/create-iam-roles.go); StringLike `*` matches any run of characters and `?`
 * one, under StringEquals both are literal (IAM-UG reference_policies_elements_condition_operators).
 * Undefined for a value of another form (the oidc-principal-condition rule reports it).
 */
function subjectHover(value: string, operator: string, like: boolean): string | undefined {
  if (!value.startsWith('system:serviceaccount:')) return undefined;
  const form = 'The `sub` claim of a Kubernetes service account token is `system:serviceaccount:<namespace>:<name>`';
  const verb = /Not/.test(operator) ? 'excludes' : 'admits';
  if (hasWildcard(value)) {
    if (like) return `**Token subject pattern** \`${value}\`\n\n${form}: under \`${operator}\`, \`*\` matches any run of characters and \`?\` one character, so this pattern ${verb} every service account whose subject it matches.`;
    return `**Token subject** \`${value}\`\n\n${form}: under \`${operator}\`, \`*\` and \`?\` are literal characters, so no service account token has this subject (a pattern needs \`StringLike\`).`;
  }
  const sa = parseServiceAccountSubject(value);
  if (!sa) return undefined;
  return `**Token subject** \`${value}\`\n\n${form}: under \`${operator}\` this value ${verb} the pods that run as service account \`${sa.name}\` in namespace \`${sa.namespace}\`.`;
}

/** Hover at `offset` of `uri`, or undefined when there is nothing to say. `docsUrl(ruleId)` links rule pages. */
export function hoverAt(ws: Workspace, uri: string, offset: number, docsUrl: (ruleId: string) => string): HoverResult | undefined {
  const sections: string[] = [];
  let start = offset;
  let end = offset;
  let anchored = false;
  const site = siteAt(ws, uri, offset);
  if (site) {
    sections.push(site.kind === 'serviceAccount' && site.form === 'subject' ? subjectAccountHover(ws, site) : siteHover(ws, site));
    start = site.start;
    end = site.end;
    anchored = true;
  } else {
    const sub = subjectAt(ws, uri, offset);
    const md = sub && subjectHover(String(sub.value.value), sub.operator, sub.like);
    if (sub && md) {
      sections.push(md);
      start = sub.start;
      end = sub.end;
      anchored = true;
    }
  }
  if (!anchored) {
    // (issue #15) An action of a policy or statement entry: its entry of AWS's catalogue.
    const action = actionHoverAt(ws, uri, offset);
    if (action) {
      sections.push(action.markdown);
      start = action.start;
      end = action.end;
      anchored = true;
    }
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
      if (!anchored) {
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
