/**
 * Collects the findings of one file as the rules report them: drops identical findings and keeps at
 * most {@link MAX_FINDINGS_PER_RULE} of one rule (at one severity) per file, adding one finding that
 * says how many more there were. The CLI and the language server both get their findings through
 * {@link Workspace.findings}, which uses this, so both show the same, bounded list.
 *
 * Why a cap: a 2 KB fuzzed trust policy made one rule report 20,795 times, and a folder of 1.2 MB
 * gave 195 MB of SARIF and 1.38 GB of memory (issue #10). Beyond a hundred findings of one rule in
 * one file, more lines say nothing new: they share one cause, and the user fixes that cause.
 */
import type { Finding, Range, Severity } from './types';
import { groupThousands } from './format';

/**
 * At most this many findings of one rule at one severity are listed per file. A real file never
 * comes close: IAM caps a trust policy at 2,048 characters (8,192 with a raised quota), room for
 * about a hundred principals, and an OpenShift release carries a few dozen CredentialsRequests for
 * AWS in all. More than that of one rule means a generated or broken file.
 */
export const MAX_FINDINGS_PER_RULE = 100;

interface Bucket {
  ruleId: string;
  severity: Severity;
  /** Kept findings in {@link compareRangeMessage} order, at most `cap`. */
  kept: Finding[];
  /** `rangeMessageKey` of every kept finding (dedupe). */
  keys: Set<string>;
  /** Reports not kept (over the cap). Identical reports past the cap are each counted. */
  omitted: number;
  /** Range of the first (in document order) report not kept: where the summary finding points. */
  firstOmitted?: Range;
}

function rangeMessageKey(f: Pick<Finding, 'range' | 'message'>): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\n${f.message}`;
}

function compareRange(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character || a.end.line - b.end.line || a.end.character - b.end.character;
}

/** Document order, then message: a total order on distinct findings of one bucket. */
function compareRangeMessage(a: Pick<Finding, 'range' | 'message'>, b: Pick<Finding, 'range' | 'message'>): number {
  return compareRange(a.range, b.range) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Reports of one rule at one severity that a collector counted but did not keep. */
export interface OmittedCount {
  ruleId: string;
  severity: Severity;
  count: number;
  /** Range of the first of them in document order. */
  first: Range;
}

/** A collector's kept findings (complete) and omitted counts: see {@link FindingCollector.snapshot}. */
export interface CollectedFindings {
  kept: Finding[];
  omitted: OmittedCount[];
}

/** What a collector that was offered nothing holds (shared; never changed). */
export const NO_FINDINGS: CollectedFindings = Object.freeze({ kept: Object.freeze([]) as unknown as Finding[], omitted: Object.freeze([]) as unknown as OmittedCount[] });

/**
 * The findings of one file, one collector per evaluation. Which findings are kept does not depend
 * on the order the rules report them in (the first {@link MAX_FINDINGS_PER_RULE} in document order
 * are), so an incremental re-check lists the same ones as a fresh check. Memory is bounded by the cap:
 * a report past it is counted and dropped before its related locations and fixes are copied.
 */
export class FindingCollector {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly cap: number = MAX_FINDINGS_PER_RULE) {}

  /**
   * Offers a finding. `head` has everything but `related` and `fixes`; `complete` adds those and
   * runs only when the finding is kept. Returns whether it was kept. An identical finding (same
   * rule, severity, range and message) already kept is dropped without counting.
   */
  offer(head: Finding, complete?: (f: Finding) => void): boolean {
    const id = `${head.ruleId}\n${head.severity}`;
    let b = this.buckets.get(id);
    if (!b) {
      b = { ruleId: head.ruleId, severity: head.severity, kept: [], keys: new Set(), omitted: 0 };
      this.buckets.set(id, b);
    }
    const last = b.kept.length >= this.cap ? b.kept[b.kept.length - 1]! : undefined;
    // Past the cap and after the last kept one (the common case of a flood, reported in document
    // order): dropped before building its key. It cannot be identical to a kept one.
    if (last && compareRangeMessage(head, last) > 0) {
      this.omit(b, head.range);
      return false;
    }
    const key = rangeMessageKey(head);
    if (b.keys.has(key)) return false;
    if (last) {
      // The new one comes earlier in the document: it takes the place of the last kept one.
      b.kept.pop();
      b.keys.delete(rangeMessageKey(last));
      this.omit(b, last.range);
    }
    complete?.(head);
    b.kept.splice(this.insertionIndex(b.kept, head), 0, head);
    b.keys.add(key);
    return true;
  }

  private omit(b: Bucket, range: Range): void {
    b.omitted++;
    if (!b.firstOmitted || compareRange(range, b.firstOmitted) < 0) b.firstOmitted = range;
  }

  private insertionIndex(kept: Finding[], f: Finding): number {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRangeMessage(kept[mid]!, f) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * What this collector kept and counted, to cache (a document's file-scope findings) and
   * {@link absorb} into the file's collector later without running the rules again.
   */
  snapshot(): CollectedFindings {
    const kept: Finding[] = [];
    const omitted: OmittedCount[] = [];
    for (const b of this.buckets.values()) {
      kept.push(...b.kept);
      if (b.omitted > 0 && b.firstOmitted) omitted.push({ ruleId: b.ruleId, severity: b.severity, count: b.omitted, first: b.firstOmitted });
    }
    return { kept, omitted };
  }

  /**
   * {@link snapshot}, but one shared frozen value when nothing was kept or counted: most checks of a
   * sound workspace find nothing, and 20,000 cached empty snapshots cost megabytes.
   */
  snapshotOrEmpty(): CollectedFindings {
    return this.buckets.size === 0 ? NO_FINDINGS : this.snapshot();
  }

  /**
   * Adds what another collector kept and counted. Because each keeps the first findings of a bucket
   * in document order, a finding the other one omitted is never among this one's first either: the
   * result equals offering every report here.
   */
  absorb(c: CollectedFindings): void {
    for (const f of c.kept) this.offer(f);
    for (const o of c.omitted) {
      const id = `${o.ruleId}\n${o.severity}`;
      let b = this.buckets.get(id);
      if (!b) {
        b = { ruleId: o.ruleId, severity: o.severity, kept: [], keys: new Set(), omitted: 0 };
        this.buckets.set(id, b);
      }
      b.omitted += o.count;
      if (!b.firstOmitted || compareRange(o.first, b.firstOmitted) < 0) b.firstOmitted = o.first;
    }
  }

  /**
   * The kept findings, plus per bucket that overflowed one finding of the same rule and severity at
   * the first omitted report, whose `omitted` says how many it stands for. Unsorted.
   */
  findings(uri: string): Finding[] {
    const out: Finding[] = [];
    for (const b of this.buckets.values()) {
      out.push(...b.kept);
      if (b.omitted > 0 && b.firstOmitted) out.push(omittedFinding(uri, b, this.cap));
    }
    return out;
  }
}

const SEVERITY_NOUN: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info finding', 'info findings'],
  hint: ['hint', 'hints'],
};

function omittedFinding(uri: string, b: Bucket, cap: number): Finding {
  const one = b.omitted === 1;
  const noun = SEVERITY_NOUN[b.severity][one ? 0 : 1];
  return {
    uri,
    range: b.firstOmitted!,
    ruleId: b.ruleId,
    severity: b.severity,
    message:
      `${groupThousands(b.omitted)} more ${b.ruleId} ${noun} in this file ${one ? 'is' : 'are'} not listed (the first of them is here): ` +
      `at most ${cap} of one rule are listed per file. They usually share one cause; fix it and check again to see what is left.`,
    omitted: b.omitted,
  };
}
