import { ParseLimitError, ParsedDocument } from '../parse/types';
import { parseYaml } from '../parse/yaml';
import type { FileRule, FixSpec } from './types';

const KEY_LINE = /^[^\s#\-][^:#]*:(\s|$)/;
const SCALAR_ITEM = /^-\s+[^\s#:{[][^#]*?(\s+#.*)?$/;
const KEY_ONLY = /^[^\s#][^:#]*:\s*(#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Non-recovered syntax issues of a YAML text (how broken it is); a text past the parser's limits is beyond repair. */
function hardIssues(text: string): number {
  let docs: ParsedDocument[];
  try {
    docs = parseYaml(text);
  } catch (e) {
    if (e instanceof ParseLimitError) return Infinity;
    throw e;
  }
  return docs.reduce((n, d) => n + d.syntaxIssues.filter((i) => !i.recovered).length, 0);
}

/**
 * Repair for "keys indented under a scalar list item" (domain §7.2, the guide's statementEntries):
 *
 * ```yaml
 * - action:
 *   - sts:AssumeRole
 *     effect: Allow        ← indented under `- sts:AssumeRole`, not part of it
 * ```
 *
 * The keys (and anything nested under them) are moved out to the column of the key that owns the
 * list (`action`), so they become siblings of it: `effect`/`resource` of the same statement entry,
 * which is what the author meant (CCO-aws `StatementEntry`). Offered only when the repaired text has
 * fewer syntax errors than the original.
 * @returns one edit over the moved lines, or undefined when the shape is not this one.
 */
export function misindentedKeysFix(uri: string, text: string, issueStart: number): FixSpec | undefined {
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0, off = 0; i < lines.length; off += lines[i]!.length + 1, i++) starts.push(off);
  let first = 0;
  while (first + 1 < lines.length && starts[first + 1]! <= issueStart) first++;
  // With a deeper list (`- sts:AssumeRole` then `effect:` further right) the parser reads both lines
  // as one multi-line key and reports the item's line: the offending keys start on the next line.
  const at = lines[first]!.replace(/\r$/, '');
  if (SCALAR_ITEM.test(at.slice(indentOf(at)))) {
    first++;
    while (first < lines.length && isBlank(lines[first]!)) first++;
    if (first >= lines.length) return undefined;
  }
  const line = lines[first]!.replace(/\r$/, '');
  const indent = indentOf(line);
  if (!KEY_LINE.test(line.slice(indent))) return undefined;
  // The `- scalar` item the keys were indented under.
  let item = first - 1;
  while (item >= 0 && isBlank(lines[item]!)) item--;
  if (item < 0) return undefined;
  const itemLine = lines[item]!.replace(/\r$/, '');
  const dashCol = indentOf(itemLine);
  if (dashCol >= indent || !SCALAR_ITEM.test(itemLine.slice(dashCol))) return undefined;
  // The key that owns that list: `key:` alone on its line (possibly after `- `), at or left of the dash.
  let ownerCol: number | undefined;
  for (let i = item - 1; i >= 0; i--) {
    const l = lines[i]!.replace(/\r$/, '');
    if (isBlank(l)) continue;
    const li = indentOf(l);
    const body = l.slice(li);
    const contentCol = body.startsWith('- ') ? li + 2 + indentOf(body.slice(2)) : li;
    const content = l.slice(contentCol);
    if (li === dashCol && SCALAR_ITEM.test(body)) continue; // an earlier item of the same list
    if (contentCol <= dashCol && KEY_ONLY.test(content)) ownerCol = contentCol;
    break;
  }
  if (ownerCol === undefined) return undefined;
  // The moved block: the offending line and every following line indented at least as much.
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    if (l.trim() === '') continue;
    if (indentOf(l) < indent) break;
    last = i;
  }
  const delta = indent - ownerCol;
  const moved = lines.slice(first, last + 1).map((l) => (indentOf(l) >= delta ? l.slice(delta) : l.trimStart()));
  const start = starts[first]!;
  // Stop before a CRLF's `\r`: an edit ending between `\r` and `\n` has no LSP position (a client
  // clamps it to the end of the line, before the `\r`, and the `\r` carried in newText doubles).
  const end = starts[last]! + lines[last]!.replace(/\r$/, '').length;
  const newText = moved.join('\n').replace(/\r$/, '');
  const patched = text.slice(0, start) + newText + text.slice(end);
  if (hardIssues(patched) >= hardIssues(text)) return undefined;
  const key = /^[^:#]*/.exec(line.slice(indent))![0].trim();
  return {
    title: `Move \`${key}\`${last > first ? ' and the lines below it' : ''} out of the list item, to the indentation of its parent key`,
    preferred: true,
    edits: [{ uri, start, end, newText }],
  };
}

const rule: FileRule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  docs: {
    summary: 'YAML must parse: unterminated quotes, bad indentation and tabs break ccoctl for the whole directory.',
    details:
      'A YAML syntax error makes `ccoctl aws create-iam-roles` abort for the whole `--credentials-requests-dir` ("Failed to decode to CredentialsRequest") and `oc apply` reject the file. The most common ones in IRSA files are an unterminated quote (`"1.01`), which swallows the rest of the file, and a key indented under a list item (`effect:` under `- sts:AssumeRole`). After an unterminated quote the checker closes it at the end of its line and keeps going, so later mistakes in the same file are reported too. Quick fixes: close the quote; move keys indented under a list item out to the indentation of the key that owns the list.\n\n' +
      '**Templates are not YAML errors.** Go template actions (`{{ .Values.x }}`, `{{- if … }}` lines, an if/else setting one key in each branch) and Terraform directives (`%{ if … }`) are template syntax that the template engine removes before any YAML parser sees the file. Such files (Helm charts\' `templates/`, operator `bindata/`/`assets/`) are read with the template syntax masked, lines and columns kept; a document that still cannot be read is not checked and the CLI counts and names it as skipped. For a Helm chart, check the rendered output: `helm template … | irsa-lint -`.',
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/utils.go (GetListOfCredentialsRequests: one file that fails to decode aborts the whole ccoctl run)',
      'https://pkg.go.dev/text/template#hdr-Actions (Go text/template actions and comments)',
      'https://developer.hashicorp.com/terraform/language/expressions/strings#directives (Terraform template directives)',
      'https://github.com/helm/helm/blob/main/pkg/action/action.go (renderResources: helm template output, `---` and `# Source: <chart>/templates/<file>`)',
    ],
  },
  checkFile(file, ctx, text) {
    if (file.language !== 'yaml') return;
    for (const doc of file.documents) {
      for (const issue of doc.syntaxIssues) {
        let fixes: FixSpec[] | undefined;
        if (issue.fix) fixes = [{ title: issue.fix.title, preferred: true, edits: [{ uri: file.uri, start: issue.fix.start, end: issue.fix.end, newText: issue.fix.newText }, ...(issue.fix.more ?? []).map((e) => ({ uri: file.uri, ...e }))] }];
        else if (!issue.recovered && (issue.code === 'MULTILINE_IMPLICIT_KEY' || /indented under a list item/.test(issue.message))) {
          const fx = misindentedKeysFix(file.uri, text, issue.start);
          if (fx) fixes = [fx];
        }
        ctx.report({ at: { uri: file.uri, start: issue.start, end: issue.end }, message: issue.message, fixes });
      }
    }
  },
};

export default rule;
