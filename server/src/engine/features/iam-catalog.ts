/**
 * (issue #15) Editor help from AWS's IAM service catalogue (iam/catalog.ts): hover on an action of a
 * policy's `Action`/`NotAction` or a CredentialsRequest's `statementEntries[].action` (access level,
 * resource types, condition keys, link to the service's page of the Service Authorization Reference,
 * and the description where the catalogue keeps one: the 14 services IRSA workloads use most and
 * every deprecated action, for the .vsix budget, scripts/build-iam-catalog.mjs), completion of the actions of a typed service prefix (`s3:Get…`), and of
 * the condition keys a statement's actions offer inside its `Condition` / `policyCondition` operator.
 * The catalogue is loaded on the first such request (iamCatalog()); without it these say nothing.
 */
import type { IamAction, IamCatalog, IamService } from '../iam/catalog';
import { iamCatalog } from '../iam/catalog';
import { keysForActions, resolveActions, templateStart } from '../iam/condition-keys';
import type { IrsaDocument } from '../model/types';
import type { ScalarNode } from '../parse/tree';
import type { Workspace } from '../workspace/workspace';

/**
 * The Service Authorization Reference page of a service. AWS names each page after the service's
 * name, lower-cased, without spaces or punctuation: "Amazon S3" → `list_amazons3.html`, "AWS
 * Security Token Service" → `list_awssecuritytokenservice.html`, and its actions table
 * `#<same>-actions-as-permissions`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html).
 */
export function serviceReferenceUrl(service: IamService, anchor?: 'actions'): string {
  const stem = service.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${stem}.html${anchor ? `#${stem}-actions-as-permissions` : ''}`;
}

/** The action items of a document: IAM `Action`/`NotAction` items, CredentialsRequest `action` items. */
function actionNodes(doc: IrsaDocument): ScalarNode[] {
  if (doc.kind === 'iamPolicy') return doc.statements.flatMap((s) => s.actions);
  if (doc.kind === 'credentialsRequest') return doc.statementEntries.flatMap((e) => e.actions);
  return [];
}

function actionMarkdown(cat: IamCatalog, a: IamAction): string {
  const lines = [`**\`${a.qualified}\`** — ${a.service.name}${a.accessLevel ? `, access level ${a.accessLevel}` : ''}`];
  if (a.description) lines.push('', a.description);
  else lines.push('', `_The catalogue bundles descriptions for the services IRSA workloads use most; ${a.service.name}'s are on its reference page (link below)._`);
  lines.push('');
  if (a.resourceTypes.length) {
    lines.push('**Resource types** (\\* required):');
    for (const r of a.resourceTypes) {
      const t = cat.resourceType(a.service.prefix, r.name);
      lines.push(`- \`${r.name}\`${r.required ? '\\*' : ''}${t ? ` \`${t.arn}\`` : ''}`);
    }
  } else {
    lines.push('**Resource types:** none: the action is authorized on `"Resource": "*"` only.');
  }
  const keys = cat.conditionKeysOf(a);
  lines.push('', keys.length ? `**Condition keys:** ${keys.map((k) => `\`${k}\``).join(', ')}` : '**Condition keys:** none of its own (global `aws:` keys apply).');
  lines.push('', `[Service Authorization Reference: ${a.service.name}](${serviceReferenceUrl(a.service, 'actions')}) · catalogue of ${cat.date}`);
  return lines.join('\n');
}

/** Most actions a wildcard hover lists by name. */
const WILDCARD_LIST_MAX = 20;

function wildcardMarkdown(cat: IamCatalog, pattern: string, matched: IamAction[]): string {
  const names = matched.slice(0, WILDCARD_LIST_MAX).map((a) => `\`${a.qualified}\``);
  const more = matched.length > WILDCARD_LIST_MAX ? `, and ${matched.length - WILDCARD_LIST_MAX} more` : '';
  const services = [...new Set(matched.map((a) => a.service))];
  const lines = [`**\`${pattern}\`** matches ${matched.length} action${matched.length === 1 ? '' : 's'}: ${names.join(', ')}${more}.`];
  if (services.length <= 3) lines.push('', services.map((s) => `[Service Authorization Reference: ${s.name}](${serviceReferenceUrl(s, 'actions')})`).join(' · ') + ` · catalogue of ${cat.date}`);
  return lines.join('\n');
}

/**
 * Hover on an action item at `offset` of `uri`: the action's entry of the catalogue, or for a
 * wildcard (`s3:Get*`) the actions it matches. Undefined elsewhere, for `*`, or for an action the
 * catalogue does not know (iam-unknown-action reports it, and its finding has the hover).
 * `start`/`end`: offsets of the action value.
 */
export function actionHoverAt(ws: Workspace, uri: string, offset: number): { markdown: string; start: number; end: number } | undefined {
  for (const d of ws.documents(uri)) {
    if (offset < d.doc.start || offset > d.doc.end) continue;
    const node = actionNodes(d).find((n) => offset >= n.start && offset <= n.end && typeof n.value === 'string');
    if (!node) continue;
    const value = String(node.value);
    if (value.trim() === '*' || !value.includes(':')) return undefined;
    const cat = iamCatalog();
    if (!cat) return undefined;
    if (/[*?]/.test(value)) {
      const matched = cat.matchActions(value);
      return matched.length ? { markdown: wildcardMarkdown(cat, value, matched), start: node.start, end: node.end } : undefined;
    }
    const a = cat.action(value);
    return a ? { markdown: actionMarkdown(cat, a), start: node.start, end: node.end } : undefined;
  }
  return undefined;
}

/** A completion the catalogue offers (the completion feature adds the replaced range). */
export interface CatalogCompletion {
  label: string;
  insertText: string;
  snippet: boolean;
  detail: string;
  documentation?: string;
}

/**
 * The actions of the service named before the `:` of `typed` (`s3:Get` → the `s3:Get…` actions, in
 * the reference's order), case-insensitively; empty when `typed` has no `:`, names no service, or
 * carries a wildcard.
 */
export function actionCompletions(typed: string): CatalogCompletion[] {
  const colon = typed.indexOf(':');
  if (colon <= 0 || /[*?]/.test(typed)) return [];
  const cat = iamCatalog();
  const service = cat?.service(typed.slice(0, colon));
  if (!service) return [];
  const name = typed.slice(colon + 1).toLowerCase();
  return service.actions
    .filter((a) => a.name.toLowerCase().startsWith(name))
    .map((a) => ({ label: a.qualified, insertText: a.qualified, snippet: false, detail: `${service.name} · ${a.accessLevel || 'no access level'}`, documentation: a.description || undefined }));
}

/**
 * The condition keys to offer in a condition operator's map of the statement whose actions are
 * `actions` (their string values; undefined for `NotAction` or none): global keys, then the keys the
 * actions offer, then their services' other keys (iam/condition-keys.ts keysForActions), those
 * starting with `typed` (case-insensitive). A templated key is a snippet with its placeholder as a
 * tab stop (`aws:ResourceTag/${1:TagKey}`). `yamlKey`: insert `key: ` (a YAML mapping key).
 */
export function conditionKeyCompletions(actions: readonly string[] | undefined, typed: string, yamlKey: boolean): CatalogCompletion[] {
  const cat = iamCatalog();
  if (!cat) return [];
  const resolved = actions ? resolveActions(cat, actions) : undefined;
  const want = typed.toLowerCase();
  return keysForActions(cat, resolved)
    .filter((k) => k.key.toLowerCase().startsWith(want))
    .map((k) => {
      const templated = templateStart(k.key) >= 0;
      // Snippet syntax: `$`, `}` and `\` are special; keys hold no `\`, and `$`/`}` only in placeholders.
      const body = templated ? k.key.replace(/\$\{([^}]*)\}|<([^>]+)>/g, (_m, a: string | undefined, b: string | undefined) => `\${1:${a ?? b}}`) : k.key;
      return { label: k.key, insertText: yamlKey ? `${body}: ` : body, snippet: templated, detail: k.source };
    });
}

/**
 * The actions (string values) of the statement or statement entry that contains `offset`, for
 * condition-key completion: undefined when it names them by `NotAction`, has none, or no statement
 * of a policy or CredentialsRequest of `uri` contains `offset`.
 */
export function statementActionsAt(ws: Workspace, uri: string, offset: number): string[] | undefined {
  for (const d of ws.documents(uri)) {
    if (d.kind === 'iamPolicy') {
      const st = d.statements.find((s) => offset >= s.node.start && offset <= s.node.end);
      if (st) return st.notAction || !st.action ? undefined : st.actions.map((a) => String(a.value));
    } else if (d.kind === 'credentialsRequest') {
      const e = d.statementEntries.find((s) => offset >= s.node.start && offset <= s.node.end);
      if (e) return e.actions.length ? e.actions.map((a) => String(a.value)) : undefined;
    }
  }
  return undefined;
}

/**
 * Where the cursor is in a JSON text that may be incomplete: the keys of the objects and arrays
 * around it (`*` for an array item), and, when it is inside a string, that string's text before the
 * cursor: `keyPrefix` for an object's key, else `valuePrefix` with `valueKey`, the key whose value (or
 * item of whose array value) the string is. Strings are read with their escapes; nothing else is validated.
 */
export function jsonKeyContext(text: string, offset: number): { path: string[]; keyPrefix?: string; valuePrefix?: string; valueKey?: string } {
  type Frame = { kind: '{' | '['; key: string; expectKey: boolean; lastKey?: string };
  const stack: Frame[] = [];
  let i = 0;
  const limit = Math.min(offset, text.length);
  while (i < limit) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < limit && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < limit) {
          s += text[j + 1];
          j += 2;
        } else s += text[j++];
      }
      const top = stack[stack.length - 1];
      if (j >= limit) {
        // The cursor is inside this string.
        if (top?.kind === '{' && top.expectKey) return { path: stack.map((f) => f.key), keyPrefix: s };
        return { path: stack.map((f) => f.key), valuePrefix: s, valueKey: top?.kind === '[' ? top.key : top?.lastKey };
      }
      if (top?.kind === '{' && top.expectKey) top.lastKey = s;
      i = j + 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === '{' || ch === '[') {
      const key = top ? (top.kind === '[' ? '*' : (top.lastKey ?? '')) : '';
      stack.push({ kind: ch, key, expectKey: ch === '{' });
    } else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ':' && top?.kind === '{') top.expectKey = false;
    else if (ch === ',' && top?.kind === '{') top.expectKey = true;
    i++;
  }
  return { path: stack.map((f) => f.key) };
}
