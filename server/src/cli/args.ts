/**
 * Command-line parsing for `irsa-lint`. Hand-written (no dependency) so that every mistake gets a
 * clear, specific message and exit code 2, and so that the help text and the parser stay side by side.
 */
import { RULES_BY_ID } from '../engine';
import type { ChainGraphFilter, SeverityOverride } from '../engine';

export type OutputFormat = 'stylish' | 'json' | 'sarif';
export const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];
const SEVERITIES: readonly SeverityOverride[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Options of a lint run (`irsa-lint [options] [paths…]`). */
export interface LintOptions {
  /** Files or folders to check, as given (relative to the working directory); default `['.']`. */
  paths: string[];
  format: OutputFormat;
  /** Exit 1 when there are more warnings than this (errors always exit 1). Undefined = no limit. */
  maxWarnings?: number;
  /** Report errors only: warnings, infos and hints are dropped (and so do not count for `--max-warnings`). */
  quiet: boolean;
  /** `--rule id=severity` overrides; they win over `.irsa.yaml`. */
  rules: Record<string, SeverityOverride>;
  /** Honour `.gitignore` files (`--no-gitignore` turns it off). */
  gitignore: boolean;
  /** Explicit configuration file (`--config FILE`); its folder becomes the workspace root. */
  config?: string;
  /** `--progress` forces progress lines on stderr, `--no-progress` suppresses them; default: only on a TTY. */
  progress?: boolean;
  /**
   * `--verbose`: say which `.irsa.yaml` (and so which workspace root) is used, and name every file not
   * checked (template files are otherwise summarised in one line).
   */
  verbose?: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list-rules'; format: OutputFormat }
  | { kind: 'init'; args: string[] }
  | { kind: 'explain'; options: ExplainOptions }
  | { kind: 'lint'; options: LintOptions }
  | { kind: 'explain-help' }
  | { kind: 'graph'; options: GraphOptions }
  | { kind: 'graph-help' }
  | { kind: 'usage-error'; message: string };

/**
 * Options of `irsa-lint explain --message TEXT [paths…]` (issue #15): the error text (`-`: read it
 * from standard input) and the workspace, read as for a lint run (`lint.paths`, `--config`,
 * `--no-gitignore`); `format` is `stylish` or `json`.
 */
export interface ExplainOptions {
  message: string;
  format: 'stylish' | 'json';
  lint: LintOptions;
}

export const EXPLAIN_HELP = `Usage: irsa-lint explain --message <text> [options] [paths...]
       <command> 2>&1 | irsa-lint explain --message - [paths...]

Turns the text of an AWS error, as the AWS CLI, boto3/botocore, the Go, Java or JavaScript SDK
prints it, into the files and lines that cause it: it extracts the error code, operation, ARNs,
account ids, role and session names, issuer and audience, finds the chain (CredentialsRequest,
ccoctl Secret, workloads, ServiceAccount, trust policy, application code) they belong to in the
workspace, and ranks the causes: findings of irsa-lint that explain the error, then what to check
in AWS (outside the files), then the places the error names. Paths are read as for a lint run
(default: .).

Recognised: AccessDenied on AssumeRoleWithWebIdentity and on AssumeRole (assumed-role/<role>/<session>),
InvalidIdentityToken (Incorrect token audience; No OpenIDConnect provider found; Couldn't retrieve
verification key), IDPCommunicationError, ExpiredToken(Exception), the role-chaining DurationSeconds
ValidationError, RegionDisabledException, a missing region, and no credentials found.

Options:
  -m, --message <text>               the error text; - reads it from standard input
  -f, --format <stylish|json>        output format (default: stylish)
  -c, --config <file>                use this configuration file instead of the nearest .irsa.yaml
      --no-gitignore                 do not honour .gitignore files
  -h, --help                         print this help

JSON: { "error": { "code", "operation", "arns", "accountIds", "roleName"?, "sessionName"?,
"audience"?, "issuer"? }, "causes": [ { "rank", "summary", "ruleId"?, "file"?, "line"?, "column"?,
"outsideFiles" } ] }, lines and columns 1-based.

Exit codes: 0 at least one cause is in the files, 1 none is (or the text is none of the errors
above), 2 usage error (no --message, standard input unreadable, bad option, a path that does not exist).
`;

/** Parses the arguments after `explain`. Never throws. */
export function parseExplainArgs(argv: readonly string[]): Command {
  let message: string | undefined;
  let format: 'stylish' | 'json' = 'stylish';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === '-m' || name === '--message') {
      // The text is taken as is, even when it starts with `-` (an error text rarely does, but `-` alone is stdin).
      const v = inline ?? argv[++i];
      if (v === undefined) return { kind: 'usage-error', message: `option ${name} needs the error text, or - to read it from standard input` };
      message = v;
      continue;
    }
    if (name === '-h' || name === '--help') return { kind: 'explain-help' };
    if (name === '-f' || name === '--format') {
      const v = inline ?? argv[++i];
      if (v !== 'stylish' && v !== 'json') return { kind: 'usage-error', message: `explain: ${v === undefined ? `option ${name} needs a value` : `unknown format "${v}"`} (expected stylish, json)` };
      format = v;
      continue;
    }
    rest.push(arg);
  }
  if (message === undefined) return { kind: 'usage-error', message: 'explain needs the error text: --message <text>, or --message - to read it from standard input' };
  if (message === '-' && rest.includes('-')) return { kind: 'usage-error', message: 'explain: standard input cannot be both the error text (--message -) and a path (-)' };
  const lint = parseArgs(rest);
  if (lint.kind === 'usage-error') return lint;
  if (lint.kind !== 'lint') return { kind: 'usage-error', message: `explain: ${rest.join(' ')}: not an option of explain (see irsa-lint explain --help)` };
  return { kind: 'explain', options: { message, format, lint: lint.options } };
}

/** (issue #16) `irsa-lint graph`: output formats. */
export type GraphFormat = 'mermaid' | 'dot' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

/** Options of `irsa-lint graph [options] [paths…]`; `lint` reads the workspace as a lint run does. */
export interface GraphOptions {
  format: GraphFormat;
  filter: ChainGraphFilter;
  /** `-o FILE`: written instead of standard output (relative to the working directory). */
  output?: string;
  lint: LintOptions;
}

export const GRAPH_HELP = `Usage: irsa-lint graph [options] [paths...]

Draws the credential chain of every IRSA set: CredentialsRequest, ccoctl role, Secret, workloads,
ServiceAccount, projected token, web identity trust, destination role and its trust policy, and the
application code that assumes it. One node per document, one edge per link, labelled with what
links them (secret name, service account, audience, role ARN, session name); an edge or node that
a finding is reported on is red (error) or amber (warning) and names the rule, the others green.
Paths are read as for a lint run (default: .), with the same .irsa.yaml.

Options:
  -f, --format <mermaid|dot|json>    output format (default: mermaid; renders on GitHub in a
                                     \`\`\`mermaid block)
      --namespace <ns>               only sets with a node in this namespace
      --set <name>                   only the set with this name (namespace/secret of its
                                     CredentialsRequest's secretRef) or id
  -o, --output <file>                write to this file instead of standard output
  -c, --config <file>                use this configuration file instead of the nearest .irsa.yaml
      --rule <id>=<severity>         override a rule's severity (changes the colours)
      --no-gitignore                 do not honour .gitignore files
  -h, --help                         print this help

JSON: { "sets": [ { "nodes": [ { "id", "kind", "name", "namespace"?, "file", "line", "state",
"findings": [rule ids] } ], "edges": [ { "from", "to", "link", "ok", "state",
"findings": [rule ids] } ] } ], "totalSets", "truncated" }, file relative to the working
directory, line 1-based, state ok, warning or error.

At most 200 sets are drawn (stderr and the JSON's "truncated" say how many more there are): narrow
with --namespace or --set.

Exit codes: 0 the graph was printed (broken links included: run irsa-lint to fail a build on them),
2 usage or configuration error, a path that does not exist or a file that could not be read (the
graph of the rest is still printed), or the output file could not be written.
`;

/** Parses the arguments after `graph`. Never throws. */
export function parseGraphArgs(argv: readonly string[]): Command {
  let format: GraphFormat = 'mermaid';
  const filter: ChainGraphFilter = {};
  let output: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    // A value may not be the next option (`--set --format dot` is a missing value, not a set named "--format").
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        if (inline !== undefined) return { kind: 'usage-error', message: `graph: option ${name} takes no value` };
        return { kind: 'graph-help' };
      case '-f':
      case '--format': {
        const v = value();
        if (v === undefined) return { kind: 'usage-error', message: `graph: option ${name} needs a value: ${GRAPH_FORMATS.join(', ')}` };
        if (!(GRAPH_FORMATS as readonly string[]).includes(v)) return { kind: 'usage-error', message: `graph: unknown format "${v}" (expected ${GRAPH_FORMATS.join(', ')})` };
        format = v as GraphFormat;
        continue;
      }
      case '--namespace':
      case '--set': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'usage-error', message: `graph: option ${name} needs a ${name === '--set' ? 'set name' : 'namespace'}` };
        if (name === '--set') filter.set = v;
        else filter.namespace = v;
        continue;
      }
      case '-o':
      case '--output': {
        const v = value();
        if (v === undefined || v === '' || v === '-') return { kind: 'usage-error', message: `graph: option ${name} needs a file name (without it the graph goes to standard output)` };
        output = v;
        continue;
      }
      case '-q':
      case '--quiet':
      case '--max-warnings':
      case '--list-rules':
      case '-v':
      case '--version':
        return { kind: 'usage-error', message: `graph: ${name} is not an option of graph (see irsa-lint graph --help)` };
    }
    rest.push(arg);
  }
  // The rest (paths, --config, --rule, --no-gitignore, --progress, --verbose) is read as for a lint run.
  const lint = parseArgs(rest);
  if (lint.kind === 'usage-error') return { kind: 'usage-error', message: `graph: ${lint.message}` };
  if (lint.kind !== 'lint') return { kind: 'usage-error', message: `graph: ${rest.join(' ')}: not an option of graph (see irsa-lint graph --help)` };
  if (lint.options.paths.includes('-')) return { kind: 'usage-error', message: 'graph: reading standard input (-) is not supported: the graph links files by their paths' };
  return { kind: 'graph', options: { format, filter, ...(output !== undefined ? { output } : {}), lint: lint.options } };
}

export const HELP = `Usage: irsa-lint [options] [paths...]
       irsa-lint init [options]
       irsa-lint explain --message <text> [paths...]   (see irsa-lint explain --help)
       irsa-lint graph [--format mermaid|dot|json] [paths...]   (see irsa-lint graph --help)

Checks OpenShift STS / IRSA files (CredentialsRequest, ccoctl credentials Secret, workloads,
IAM trust and identity policies) and their consistency with each other.
Paths are files or folders (default: .); folders are searched for *.yaml, *.yml and *.json
(and *.sh, *.bash for the folders their ccoctl --credentials-requests-dir names), and for
application code (*.ts, *.tsx, *.js, *.mjs, *.cjs, *.py, *.go, *.java: only files that name an
AWS SDK or STS are parsed), skipping .git, node_modules and whatever .gitignore files ignore. A path - reads standard input,
e.g. helm template <release> <chart> | irsa-lint -: each document is named by its
# Source: <chart>/templates/<file> comment, with line numbers of that template's rendered output.

Options:
  -f, --format <stylish|json|sarif>  output format (default: stylish)
      --max-warnings <n>             exit 1 when there are more than n warnings
  -q, --quiet                        report errors only (warnings are dropped, also for
                                     --max-warnings)
      --rule <id>=<severity>         override a rule's severity (error, warning, info, hint, off);
                                     repeatable, or comma-separated
  -c, --config <file>                use this configuration file instead of the nearest .irsa.yaml
      --no-gitignore                 do not honour .gitignore files
      --progress / --no-progress     force / suppress progress on stderr (default: on a terminal,
                                     when more than 300 files are checked)
      --verbose                      say which .irsa.yaml is used, and name every file not
                                     checked (template files whose YAML cannot be read before
                                     rendering are otherwise counted)
      --list-rules                   list every rule with its default severity and summary
  -v, --version                      print the version
  -h, --help                         print this help

Configuration: the nearest .irsa.yaml at or above the first path (the search stops at the
folder that contains .git). Its folder is the workspace root: ignore globs are relative to it and
every file below it is read for cross-file checks, even when only some files are reported.
Without one, a file named first is checked with the files of its git work tree (else of its
folder) for cross-file checks, as an editor that has the repository open would, and stderr says
which; named folders are read as they are.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage or configuration error, nonexistent path (the other paths are still checked), or a file
that could not be read.
`;

/** Parses `argv` (without `node` and the script). Never throws. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv[0] === 'init') return { kind: 'init', args: argv.slice(1) };
  if (argv[0] === 'explain') return parseExplainArgs(argv.slice(1));
  if (argv[0] === 'graph') return parseGraphArgs(argv.slice(1));
  const o: LintOptions = { paths: [], format: 'stylish', quiet: false, rules: {}, gitignore: true };
  let listRules = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.paths.push(arg);
      continue;
    }
    // `--name=value` or `--name value`.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) return undefined;
      i++;
      return next;
    };
    const noValue = (): Command | undefined =>
      inline !== undefined ? { kind: 'usage-error', message: `option ${name} takes no value` } : undefined;
    switch (name) {
      case '-h':
      case '--help':
        return noValue() ?? { kind: 'help' };
      case '-v':
      case '--version':
        return noValue() ?? { kind: 'version' };
      case '--list-rules':
        listRules = true;
        break;
      case '-q':
      case '--quiet':
        if (inline !== undefined) return { kind: 'usage-error', message: `option ${name} takes no value` };
        o.quiet = true;
        break;
      case '--verbose':
        if (inline !== undefined) return { kind: 'usage-error', message: `option ${name} takes no value` };
        o.verbose = true;
        break;
      case '--no-gitignore':
        if (inline !== undefined) return { kind: 'usage-error', message: `option ${name} takes no value` };
        o.gitignore = false;
        break;
      case '--progress':
      case '--no-progress':
        if (inline !== undefined) return { kind: 'usage-error', message: `option ${name} takes no value` };
        o.progress = name === '--progress';
        break;
      case '-f':
      case '--format': {
        const v = value();
        if (v === undefined) return { kind: 'usage-error', message: `option ${name} needs a value: ${FORMATS.join(', ')}` };
        if (!(FORMATS as readonly string[]).includes(v)) {
          return { kind: 'usage-error', message: `unknown format "${v}" (expected ${FORMATS.join(', ')})` };
        }
        o.format = v as OutputFormat;
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
          return { kind: 'usage-error', message: `option --max-warnings needs a non-negative integer${v === undefined ? '' : `, got "${v}"`}` };
        }
        o.maxWarnings = Number(v);
        break;
      }
      case '-c':
      case '--config': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'usage-error', message: `option ${name} needs a file name` };
        o.config = v;
        break;
      }
      case '--rule': {
        const v = value();
        if (v === undefined) return { kind: 'usage-error', message: 'option --rule needs <rule-id>=<severity>' };
        for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
          const m = /^([^=\s]+)\s*[=:]\s*(\S+)$/.exec(part);
          if (!m) return { kind: 'usage-error', message: `--rule "${part}": expected <rule-id>=<severity>` };
          const [, id, sev] = m as unknown as [string, string, string];
          if (!RULES_BY_ID.has(id)) return { kind: 'usage-error', message: `--rule: unknown rule id "${id}" (see irsa-lint --list-rules)` };
          if (!(SEVERITIES as readonly string[]).includes(sev)) {
            return { kind: 'usage-error', message: `--rule ${id}: unknown severity "${sev}" (expected ${SEVERITIES.join(', ')})` };
          }
          o.rules[id] = sev as SeverityOverride;
        }
        break;
      }
      default:
        return { kind: 'usage-error', message: `unknown option ${name}` };
    }
  }
  if (listRules) {
    if (o.format === 'sarif') return { kind: 'usage-error', message: '--list-rules prints stylish or json, not sarif (SARIF output lists the rules in tool.driver.rules of a lint run)' };
    return { kind: 'list-rules', format: o.format };
  }
  if (o.paths.length === 0) o.paths.push('.');
  return { kind: 'lint', options: o };
}
