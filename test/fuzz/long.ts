/**
 * The long fuzz run (`npm run fuzz`): at least `--runs` documents (default 100,000, or FUZZ_RUNS)
 * through the same oracle as the in-suite run ({@link checkCase}), in worker threads, each case under a
 * time guard: a worker that spends more than `--timeout` ms (default 10,000) on one case is
 * terminated and the case is counted as a hang.
 *
 * Prints: documents, cases, crashes, hangs, bad ranges, bad edits, incremental mismatches, invalid
 * SARIF (each split into new problems and KNOWN_DEFECTS items), then one example per new signature
 * with the command that replays it. Exit code 1 when any new problem or hang was found.
 *
 * Usage: node out/test/fuzz/long.js [--runs N] [--seed S] [--workers W] [--timeout MS] [--depth D]
 *        node out/test/fuzz/long.js --replay INDEX [--seed S] [--depth D]   (prints the case and its problems)
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkCase, knownDefect, ProblemKind } from './check';
import { caseAt, loadSeedGroups } from './generators';
import type { TaggedProblem, WorkerInit, WorkerMessage } from './worker';

interface Options {
  runs: number;
  seed: number;
  workers: number;
  timeout: number;
  depth: number;
  replay?: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: Number(process.env['FUZZ_RUNS'] ?? 100_000), seed: 20261206, workers: Math.max(1, Math.min(2, os.availableParallelism() - 1)), timeout: 10_000, depth: 5000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = Number(argv[i + 1]);
    if (!/^--(runs|seed|workers|timeout|depth|replay)$/.test(a) || !Number.isFinite(v)) throw new Error(`fuzz: unknown or incomplete option ${a} (see test/fuzz/long.ts)`);
    i++;
    if (a === '--replay') o.replay = v;
    else o[a.slice(2) as 'runs' | 'seed' | 'workers' | 'timeout' | 'depth'] = v;
  }
  return o;
}

/** How the figures group problem kinds. */
const FIGURE: Record<ProblemKind, string> = {
  crash: 'crashes',
  'internal-error': 'crashes',
  'bad-range': 'bad ranges',
  'bad-edit': 'bad edits',
  'unparseable-fix': 'bad edits',
  incremental: 'incremental mismatches',
  'invalid-sarif': 'invalid SARIF',
};
const FIGURES = ['crashes', 'hangs', 'bad ranges', 'bad edits', 'incremental mismatches', 'invalid SARIF'];

/** A problem's signature: what stays the same across inputs that hit the same defect. */
function signature(p: TaggedProblem): string {
  const msg = p.message.replace(/\d+/g, 'N').replace(/"[^"]*"|`[^`]*`/g, '…').slice(0, 90);
  return `${p.kind} ${p.rule ?? '-'} ${p.fix ? `[${p.fix.replace(/`[^`]*`/g, '…')}] ` : ''}${msg}`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.replay !== undefined) {
    const c = caseAt(loadSeedGroups(), o.depth, o.seed, o.replay);
    process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    for (const p of checkCase(c)) process.stdout.write(`${knownDefect(p) ? `known #${knownDefect(p)!.item}` : 'NEW'}: ${JSON.stringify(p)}\n`);
    return;
  }
  const started = performance.now();
  const counts = new Map<string, { fresh: number; known: Map<number, number> }>(FIGURES.map((f) => [f, { fresh: 0, known: new Map() }]));
  const examples = new Map<string, { index: number; problem: TaggedProblem; n: number }>();
  let documents = 0;
  let cases = 0;
  let next = 0;
  let slowest = { ms: 0, index: -1 };
  const hangs: number[] = [];
  // A case that outlives its guard is run once more, in a fresh worker with three times the
  // guard: on a shared machine a busy neighbour can stall a worker for seconds. Only a second
  // time-out counts as a hang.
  const retry: number[] = [];
  const retried = new Set<number>();

  const tally = (index: number, p: TaggedProblem): void => {
    const c = counts.get(FIGURE[p.kind])!;
    if (p.known !== undefined) {
      c.known.set(p.known, (c.known.get(p.known) ?? 0) + 1);
      return;
    }
    c.fresh++;
    const sig = signature(p);
    const e = examples.get(sig);
    if (e) e.n++;
    else examples.set(sig, { index, problem: p, n: 1 });
  };

  await new Promise<void>((resolve) => {
    let running = 0;
    const spawn = (): void => {
      if (documents >= o.runs && retry.length === 0) {
        if (running === 0) resolve();
        return;
      }
      running++;
      const w = new Worker(path.join(__dirname, 'worker.js'), { workerData: { seed: o.seed, maxDepth: o.depth } satisfies WorkerInit });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const send = (): void => {
        if (documents >= o.runs && retry.length === 0) {
          void w.terminate();
          return;
        }
        const again = retry.shift();
        current = again ?? next++;
        w.postMessage({ index: current });
        timer = setTimeout(() => {
          // Past its time guard: drop the worker, go on with a new one; count a hang the second time.
          if (again === undefined) {
            retry.push(current);
            retried.add(current);
          } else {
            hangs.push(current);
            counts.get('hangs')!.fresh++;
            cases++;
          }
          current = -1;
          void w.terminate();
        }, again === undefined ? o.timeout : 3 * o.timeout);
      };
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'start') {
          if (!retried.has(m.index) || retry.includes(m.index)) documents += m.documents;
          return;
        }
        clearTimeout(timer);
        cases++;
        if (m.ms > slowest.ms) slowest = { ms: m.ms, index: m.index };
        for (const p of m.problems) tally(m.index, p);
        if (cases % 2000 === 0) process.stderr.write(`fuzz: ${documents} documents, ${cases} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        send();
      });
      w.on('error', (e) => {
        // The worker itself died (out of memory, a throw outside checkCase): a crash of that case.
        clearTimeout(timer);
        tally(current, { kind: 'crash', message: `worker died: ${e.message}` });
        cases++;
      });
      w.on('exit', () => {
        running--;
        spawn();
      });
      send();
    };
    for (let i = 0; i < o.workers; i++) spawn();
  });

  const secs = (performance.now() - started) / 1000;
  const out: string[] = [];
  out.push(`fuzz: seed ${o.seed}, ${o.workers} worker(s), time guard ${o.timeout} ms a case, nesting ≤ ${o.depth}`);
  out.push(`documents              ${documents}`);
  out.push(`cases (workspaces)     ${cases}   (${secs.toFixed(0)} s, ${((secs * 1000) / documents).toFixed(2)} ms a document; slowest case ${slowest.ms.toFixed(0)} ms, #${slowest.index})`);
  for (const f of FIGURES) {
    const c = counts.get(f)!;
    const known = [...c.known].map(([item, n]) => `#${item}: ${n}`).join(', ');
    out.push(`${f.padEnd(23)}${String(c.fresh).padStart(6)}${known ? `   (+ known defects ${known})` : ''}`);
  }
  if (retried.size) out.push(`slow cases re-run with a ${(3 * o.timeout) / 1000} s guard: ${[...retried].slice(0, 20).join(', ')}`);
  if (hangs.length) out.push(`hangs at cases: ${hangs.slice(0, 20).join(', ')} (replay: node out/test/fuzz/long.js --seed ${o.seed} --replay <case>)`);
  for (const [sig, e] of examples) out.push(`NEW ×${e.n}: ${sig}\n    e.g. case ${e.index}: node out/test/fuzz/long.js --seed ${o.seed} --depth ${o.depth} --replay ${e.index}\n    ${e.problem.message.slice(0, 400)}`);
  process.stdout.write(out.join('\n') + '\n');
  process.exitCode = examples.size > 0 || hangs.length > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
