/**
 * Worker thread of the long fuzz run ({@link ./long}): generates case `index` of a seed from scratch
 * (so the main thread only sends numbers, and any case can be replayed alone) and checks it. The main
 * thread terminates a worker that takes too long on one case, which is how a hang is counted rather
 * than fatal.
 *
 * Messages in: `{ index }`. Messages out: `{ type: 'start', index, documents }` before the check and
 * `{ type: 'done', index, problems, ms }` after it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkCase, knownDefect, Problem } from './check';
import { caseAt, documentsOf, loadSeedGroups } from './generators';

export interface WorkerInit {
  seed: number;
  maxDepth: number;
}

export interface TaggedProblem extends Problem {
  /** KNOWN_DEFECTS item number, when the problem is a known defect. */
  known?: number;
}

export type WorkerMessage = { type: 'start'; index: number; documents: number } | { type: 'done'; index: number; problems: TaggedProblem[]; ms: number };

const { seed, maxDepth } = workerData as WorkerInit;
const groups = loadSeedGroups();

parentPort!.on('message', (m: { index: number }) => {
  const c = caseAt(groups, maxDepth, seed, m.index);
  parentPort!.postMessage({ type: 'start', index: m.index, documents: documentsOf(c) } satisfies WorkerMessage);
  const t0 = performance.now();
  const problems: TaggedProblem[] = checkCase(c).map((p) => ({ ...p, known: knownDefect(p)?.item }));
  parentPort!.postMessage({ type: 'done', index: m.index, problems, ms: performance.now() - t0 } satisfies WorkerMessage);
});
