/**
 * `irsa-lint graph` (issue #16): the workspace read as for a lint run → the credential chain of every
 * IRSA set (engine/graph, the model the VS Code picture draws) → Mermaid, Graphviz DOT or JSON, so a
 * CI job can put the picture in a pull request comment or a README (Mermaid renders on GitHub).
 *
 * Exit codes: 0 the graph was printed, broken links or not (the red edges say so; `irsa-lint` itself
 * is the gate); 2 usage or configuration error, a path that does not exist or a file that could not
 * be read (the picture is then incomplete: it is still printed, as lint still prints its findings),
 * or the output file cannot be written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChainGraph, ChainGraphFilter, CodeLanguage, CodeParser, Workspace } from '../engine';
import { toDot, toJson, toMermaid } from '../engine';
import type { GraphOptions } from './args';
import { lintLoadingCode, relPath, UsageError } from './lint';

/** What `runGraph` needs of the CLI's I/O (a subset of main.ts CliIo). */
export interface GraphIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd?: string;
  stdin?: () => string;
}

/** The engine's graph builder (engine/graph/chain-graph.ts buildChainGraph); a parameter so tests can give a graph. */
export type GraphBuilder = (ws: Workspace, filter?: ChainGraphFilter) => ChainGraph;

/**
 * GitHub draws Mermaid with mermaid's defaults: a text longer than `maxTextSize` (50,000 characters)
 * or with more than `maxEdges` (500) edges is not drawn (mermaid 11 packages/mermaid/src/schemas/
 * config.schema.yaml). Past either, the CLI says so on stderr.
 */
export const MERMAID_MAX_TEXT = 50_000;
export const MERMAID_MAX_EDGES = 500;

/**
 * Runs `irsa-lint graph`; returns the exit code. Never throws for user input.
 * @param build the graph builder (engine buildChainGraph).
 * @param loadParser loads the tree-sitter grammars (only when the workspace has application code).
 */
export async function runGraph(options: GraphOptions, io: GraphIo, build: GraphBuilder, loadParser: (languages: readonly CodeLanguage[]) => Promise<CodeParser>): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let report;
  try {
    report = await lintLoadingCode(options.lint, cwd, { stdin: io.stdin }, loadParser, (e) => {
      io.err(`irsa-lint: warning: application code (.ts, .js, .py, .go, .java) is not drawn: the tree-sitter grammars could not be loaded (${e instanceof Error ? e.message : String(e)})\n`);
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`irsa-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const n of report.notices) io.err(`irsa-lint: warning: ${n}\n`);
  for (const e of report.errors ?? []) io.err(`irsa-lint: ${e}\n`);
  for (const u of report.unreadable) io.err(`irsa-lint: cannot read ${u.display}: ${u.message}\n`);

  const graph = build(report.workspace!, options.filter);
  const file = (uri: string): string => {
    try {
      return relPath(cwd, fileURLToPath(uri));
    } catch {
      return uri; // not a file: URI (none today); shown as is rather than guessed
    }
  };
  const text = options.format === 'json' ? toJson(graph, { file }) : options.format === 'dot' ? toDot(graph, { file }) : toMermaid(graph, { file });

  const filtered = options.filter.namespace !== undefined || options.filter.set !== undefined;
  if (filtered && graph.sets.length === 0 && graph.totalSets > 0) {
    const what = [options.filter.set !== undefined ? `--set ${options.filter.set}` : '', options.filter.namespace !== undefined ? `--namespace ${options.filter.namespace}` : ''].filter(Boolean).join(' ');
    io.err(`irsa-lint: warning: no set matches ${what} (${graph.totalSets} set${graph.totalSets === 1 ? '' : 's'} in the workspace; namespaces: ${graph.namespaces.join(', ') || 'none'})\n`);
  }
  if (graph.truncated > 0) io.err(`irsa-lint: warning: ${graph.truncated} more set${graph.truncated === 1 ? '' : 's'} not drawn (${graph.sets.length} of ${graph.totalSets}): narrow with --namespace or --set\n`);
  if (options.format === 'mermaid') {
    const edges = graph.sets.reduce((n, s) => n + s.edges.length, 0);
    if (text.length > MERMAID_MAX_TEXT || edges > MERMAID_MAX_EDGES) {
      io.err(`irsa-lint: warning: the Mermaid text has ${text.length} characters and ${edges} edges; Mermaid with its default settings (as on GitHub) draws at most ${MERMAID_MAX_TEXT} characters and ${MERMAID_MAX_EDGES} edges: narrow with --namespace or --set\n`);
    }
  }

  if (options.output !== undefined) {
    const target = path.resolve(cwd, options.output);
    try {
      fs.writeFileSync(target, text);
    } catch (e) {
      io.err(`irsa-lint: cannot write ${options.output}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}\n`);
      return 2;
    }
  } else io.out(text);
  return report.errors?.length || report.unreadable.length ? 2 : 0;
}
