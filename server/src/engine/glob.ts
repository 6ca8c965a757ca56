/**
 * Glob matching in linear time, for patterns that come from the workspace (`.irsa.yaml` `ignore`,
 * `irsa.workspace.exclude`, `.gitignore`).
 *
 * picomatch and the `ignore` package compile globs to backtracking regular expressions: a pattern
 * with many stars (`*a*a*a*a*a*a*a*a*b`, picomatch) or many globstars (`a/**\/a/**\/…/b`, `ignore`)
 * against a long path that does not match tries every way to split the path between the wildcards,
 * and took over a minute for one file name (issue 10, item 6). Here a pattern is compiled to a
 * Thompson NFA and run as a lazily built DFA: at most (path length + 1) × (program size) steps,
 * whatever the pattern, and one map lookup per character once the transitions are known.
 *
 * Syntax (picomatch's, with `dot: true`): `*` any characters but `/` (a `*` that is a whole segment
 * needs at least one); `**` as a whole segment, any number of segments (`a/**` also matches `a`);
 * `?` one character but `/`; `[abc]`, `[a-z]`, `[!a]`/`[^a]`, `[[:alpha:]]`; `{a,b}` (nested, may
 * hold `/`); extglobs `@(a|b)`, `?(a|b)`, `*(a|b)`, `+(a|b)`; `\` escapes the next character; a
 * leading `!` negates the pattern. Not supported (an error, so a configuration problem is reported
 * instead of a silently different match): `!(…)` and brace ranges `{1..3}`.
 * In `gitignore` mode braces and extglobs are literal and `!` is left to the caller, as in git.
 */

/** One NFA instruction: consume a character that `test` accepts, fork, jump, or accept. */
type Instr = { op: 'char'; test: (c: number) => boolean } | { op: 'split'; x: number; y: number } | { op: 'jmp'; x: number } | { op: 'match' };

type Node =
  | { k: 'char'; test: (c: number) => boolean }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'star'; item: Node }
  | { k: 'plus'; item: Node }
  | { k: 'opt'; item: Node };

export interface GlobOptions {
  /** `.gitignore` syntax: no braces, no extglobs, no leading `!` (default false). */
  gitignore?: boolean;
}

/** A compiled glob: `test(path)` with `/`-separated relative paths. */
export interface Glob {
  readonly pattern: string;
  test(path: string): boolean;
}

/** Longest pattern accepted, in characters: keeps the program (and each match) small. */
export const MAX_GLOB_LENGTH = 1000;

/**
 * Most globs in one list (`.irsa.yaml` `ignore`, `irsa.workspace.exclude`), and most characters in
 * all of them together. Every path is tested against every glob, and one test costs at most
 * (path length) × (glob length) steps when the glob's DFA keeps meeting new states, so the work per
 * path is bounded by (path length) × (total characters of the list): 2000 globs `*a??…?b` of 222
 * characters against 20 names of 240 characters took over 150 s. Real lists are a handful of short
 * globs; with these bounds a 240-character path costs at most about 240 × 2 × 4096 ≈ 2 M steps (an
 * `.irsa.yaml` list and an editor list together), some 0.1 s.
 */
export const MAX_GLOB_LIST = 256;
export const MAX_GLOB_LIST_CHARS = 4096;

/**
 * NFA instructions examined (closures and transitions) by every glob of this process, for tests that
 * bound work by counting instead of timing.
 */
export const globWork = { steps: 0 };

/**
 * The longest prefix of `patterns` within {@link MAX_GLOB_LIST} globs and {@link MAX_GLOB_LIST_CHARS}
 * characters, and, when some are left out, a sentence saying so (for a configuration problem).
 */
export function limitGlobList(patterns: readonly string[]): { kept: string[]; error?: string } {
  let chars = 0;
  let n = 0;
  for (; n < patterns.length && n < MAX_GLOB_LIST; n++) {
    if (chars + patterns[n]!.length > MAX_GLOB_LIST_CHARS) break;
    chars += patterns[n]!.length;
  }
  if (n === patterns.length) return { kept: [...patterns] };
  return {
    kept: patterns.slice(0, n),
    error: `at most ${MAX_GLOB_LIST} globs of ${MAX_GLOB_LIST_CHARS} characters in all are used (every path is tested against each); ${patterns.length - n} from the ${n + 1}${ordinal(n + 1)} on are left out`,
  };
}

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
}

const SLASH = 47;
const notSlash = (c: number): boolean => c !== SLASH;
const any = (): boolean => true;
const lit = (ch: number): Node => ({ k: 'char', test: (c) => c === ch });

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c < 128,
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  word: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

class GlobSyntaxError extends Error {}

/** Recursive-descent parser over the pattern text; `stops` are the characters that end the current alternative. */
class Parser {
  private i = 0;
  constructor(
    private readonly p: string,
    private readonly gitignore: boolean,
  ) {}

  parseAll(): Node {
    const n = this.seq('');
    if (this.i < this.p.length) throw new GlobSyntaxError(`unexpected \`${this.p[this.i]}\` at column ${this.i + 1}`);
    return n;
  }

  /** Whether a segment boundary (start, `/`, or the end of the pattern) is at index `j`. */
  private boundary(j: number): boolean {
    return j < 0 || j >= this.p.length || this.p[j] === '/';
  }

  private seq(stops: string): Node {
    const items: Node[] = [];
    const p = this.p;
    /** Index in `items` of the last literal `/` (a trailing `/**` replaces it). */
    let slashAt = -1;
    while (this.i < p.length && !stops.includes(p[this.i]!)) {
      const ch = p[this.i]!;
      const next = p[this.i + 1];
      if (ch === '\\') {
        this.i += 2;
        items.push(lit((next ?? '\\').charCodeAt(0)));
      } else if (!this.gitignore && next === '(' && '@?*+!'.includes(ch)) {
        items.push(this.extglob(ch));
      } else if (ch === '*') {
        const start = this.i;
        while (p[this.i] === '*') this.i++;
        const run = this.i - start;
        const wholeSegment = this.boundary(start - 1) && this.boundary(this.i);
        // picomatch reads `***` as one `*`; git (and the `ignore` package) as `**`.
        if ((run === 2 || (run > 2 && this.gitignore)) && wholeSegment) {
          if (p[this.i] === '/') {
            // `**/`: zero or more whole segments, each with its slash.
            this.i++;
            items.push({ k: 'opt', item: { k: 'seq', items: [{ k: 'star', item: { k: 'char', test: any } }, lit(SLASH)] } });
          } else if (start > 0 && slashAt === items.length - 1) {
            if (this.gitignore) {
              // git: `abc/**` matches everything inside `abc`, not `abc` itself.
              items.push({ k: 'plus', item: { k: 'char', test: any } });
            } else {
              // picomatch: `…/**` at the end is the folder itself, or anything below it.
              items.pop();
              items.push({ k: 'opt', item: { k: 'seq', items: [lit(SLASH), { k: 'star', item: { k: 'char', test: any } }] } });
            }
          } else items.push({ k: 'star', item: { k: 'char', test: any } });
        } else if (wholeSegment) {
          // A segment that is only `*` is not empty (picomatch: `(?=.)`).
          items.push({ k: 'plus', item: { k: 'char', test: notSlash } });
        } else {
          items.push({ k: 'star', item: { k: 'char', test: notSlash } });
        }
      } else if (ch === '?') {
        this.i++;
        items.push({ k: 'char', test: notSlash });
      } else if (ch === '[') {
        items.push(this.bracket());
      } else if (ch === '{' && !this.gitignore) {
        items.push(this.brace());
      } else {
        this.i++;
        if (ch === '/') slashAt = items.length;
        items.push(lit(ch.charCodeAt(0)));
      }
    }
    return items.length === 1 ? items[0]! : { k: 'seq', items };
  }

  /** `[…]` at `this.i`; an unclosed `[` is a literal. */
  private bracket(): Node {
    const p = this.p;
    const open = this.i;
    let j = open + 1;
    let negated = false;
    if (p[j] === '!' || p[j] === '^') {
      negated = true;
      j++;
    }
    const tests: ((c: number) => boolean)[] = [];
    let first = true;
    while (j < p.length && (p[j] !== ']' || first)) {
      first = false;
      if (p.startsWith('[:', j)) {
        const end = p.indexOf(':]', j + 2);
        const cls = end > 0 ? POSIX_CLASSES[p.slice(j + 2, end)] : undefined;
        if (cls) {
          tests.push(cls);
          j = end + 2;
          continue;
        }
      }
      let c = p[j]!;
      if (c === '\\' && j + 1 < p.length) c = p[++j]!;
      const lo = c.charCodeAt(0);
      if (p[j + 1] === '-' && j + 2 < p.length && p[j + 2] !== ']') {
        let hiCh = p[j + 2]!;
        let skip = 3;
        if (hiCh === '\\' && j + 3 < p.length) {
          hiCh = p[j + 3]!;
          skip = 4;
        }
        const hi = hiCh.charCodeAt(0);
        tests.push((x) => x >= lo && x <= hi);
        j += skip;
      } else {
        tests.push((x) => x === lo);
        j++;
      }
    }
    if (j >= p.length) {
      this.i = open + 1;
      return lit(91);
    }
    this.i = j + 1;
    return { k: 'char', test: (c) => c !== SLASH && tests.some((t) => t(c)) !== negated };
  }

  /** `{a,b,…}` at `this.i`; without a top-level comma (`{a}`) it is literal text. */
  private brace(): Node {
    const open = this.i;
    this.i++;
    const items: Node[] = [this.seq(',}')];
    while (this.p[this.i] === ',') {
      this.i++;
      items.push(this.seq(',}'));
    }
    if (this.p[this.i] !== '}') throw new GlobSyntaxError(`\`{\` at column ${open + 1} is never closed`);
    this.i++;
    if (items.length === 1) {
      if (/^\{(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(\.\.-?\d+)?\}$/.test(this.p.slice(open, this.i))) {
        throw new GlobSyntaxError(`brace ranges such as \`${this.p.slice(open, this.i)}\` are not supported; list the values, e.g. \`{1,2,3}\``);
      }
      return { k: 'seq', items: [lit(123), items[0]!, lit(125)] };
    }
    return { k: 'alt', items };
  }

  /** `@(a|b)`, `?(…)`, `*(…)`, `+(…)` at `this.i`. */
  private extglob(kind: string): Node {
    const open = this.i;
    if (kind === '!') throw new GlobSyntaxError(`negated extglobs \`!(…)\` are not supported (column ${open + 1}); use a leading \`!\` on the whole pattern`);
    this.i += 2;
    const items: Node[] = [this.seq('|)')];
    while (this.p[this.i] === '|') {
      this.i++;
      items.push(this.seq('|)'));
    }
    if (this.p[this.i] !== ')') throw new GlobSyntaxError(`\`${kind}(\` at column ${open + 1} is never closed`);
    this.i++;
    const item: Node = items.length === 1 ? items[0]! : { k: 'alt', items };
    return kind === '@' ? item : kind === '?' ? { k: 'opt', item } : kind === '*' ? { k: 'star', item } : { k: 'plus', item };
  }
}

/** Emits `n` into `prog` (Thompson construction). */
function emit(n: Node, prog: Instr[]): void {
  switch (n.k) {
    case 'char':
      prog.push({ op: 'char', test: n.test });
      return;
    case 'seq':
      for (const item of n.items) emit(item, prog);
      return;
    case 'alt': {
      // split L1, next; L1: a; jmp end; next: split L2, … ; last alternative falls through.
      const jumps: number[] = [];
      n.items.forEach((item, idx) => {
        if (idx < n.items.length - 1) {
          const split = prog.length;
          prog.push({ op: 'split', x: split + 1, y: -1 });
          emit(item, prog);
          jumps.push(prog.length);
          prog.push({ op: 'jmp', x: -1 });
          (prog[split] as { y: number }).y = prog.length;
        } else emit(item, prog);
      });
      for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
      return;
    }
    case 'star': {
      const split = prog.length;
      prog.push({ op: 'split', x: split + 1, y: -1 });
      emit(n.item, prog);
      prog.push({ op: 'jmp', x: split });
      (prog[split] as { y: number }).y = prog.length;
      return;
    }
    case 'plus': {
      const start = prog.length;
      emit(n.item, prog);
      prog.push({ op: 'split', x: start, y: prog.length + 1 });
      return;
    }
    case 'opt': {
      const split = prog.length;
      prog.push({ op: 'split', x: split + 1, y: -1 });
      emit(n.item, prog);
      (prog[split] as { y: number }).y = prog.length;
      return;
    }
  }
}

/** A set of NFA states (a DFA state), with its transitions computed so far. */
interface DState {
  /** NFA program counters of `char`/`match` instructions, sorted; empty = no match possible. */
  pcs: number[];
  match: boolean;
  /** Next state by UTF-16 code unit, filled lazily. */
  next: Map<number, DState>;
}

/** DFA states kept per glob before the cache is dropped and rebuilt (bounds memory; work stays linear). */
const MAX_DFA_STATES = 1000;

/**
 * The program run as a lazily built DFA (subset construction on demand, as RE2 does): each step is one
 * map lookup once a transition is known, and computing a transition costs at most one pass over the
 * program, so a test is O(path length × program size) at worst and O(path length) once warm.
 */
class LazyDfa {
  private states = new Map<string, DState>();
  private readonly mark: Int32Array;
  private gen = 0;
  private start: DState;

  constructor(private readonly prog: Instr[]) {
    this.mark = new Int32Array(prog.length);
    this.start = this.intern(this.closure([0]));
  }

  test(s: string): boolean {
    let st = this.start;
    for (let i = 0; i < s.length; i++) {
      if (st.pcs.length === 0) return false;
      const c = s.charCodeAt(i);
      st = st.next.get(c) ?? this.step(st, c);
    }
    return st.match;
  }

  private step(from: DState, c: number): DState {
    const targets: number[] = [];
    globWork.steps += from.pcs.length;
    for (const pc of from.pcs) {
      const ins = this.prog[pc]!;
      if (ins.op === 'char' && ins.test(c)) targets.push(pc + 1);
    }
    if (this.states.size >= MAX_DFA_STATES) {
      // Drop every cached state but keep the one we are in (its object stays valid) and the start.
      this.states = new Map([
        [this.start.pcs.join(','), this.start],
        [from.pcs.join(','), from],
      ]);
      this.start.next.clear();
      from.next.clear();
    }
    const to = this.intern(this.closure(targets));
    from.next.set(c, to);
    return to;
  }

  /** Follows `jmp`/`split` from `pcs`; returns the reachable `char`/`match` instructions, sorted. */
  private closure(pcs: number[]): number[] {
    if (++this.gen === 0x7fffffff) {
      this.mark.fill(0);
      this.gen = 1;
    }
    const out: number[] = [];
    const stack = [...pcs].reverse();
    while (stack.length) {
      const pc = stack.pop()!;
      globWork.steps++;
      if (this.mark[pc] === this.gen) continue;
      this.mark[pc] = this.gen;
      const ins = this.prog[pc]!;
      if (ins.op === 'jmp') stack.push(ins.x);
      else if (ins.op === 'split') stack.push(ins.y, ins.x);
      else out.push(pc);
    }
    return out.sort((a, b) => a - b);
  }

  private intern(pcs: number[]): DState {
    const key = pcs.join(',');
    let st = this.states.get(key);
    if (!st) {
      st = { pcs, match: pcs.some((pc) => this.prog[pc]!.op === 'match'), next: new Map() };
      this.states.set(key, st);
    }
    return st;
  }
}

/**
 * Compiles one glob. Returns `{ error }` (a sentence, for a configuration problem) for syntax this
 * matcher does not support or a pattern longer than {@link MAX_GLOB_LENGTH}; never throws.
 */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob | { error: string } {
  if (pattern.length > MAX_GLOB_LENGTH) return { error: `the glob is longer than ${MAX_GLOB_LENGTH} characters` };
  let body = pattern;
  let negated = false;
  if (!options.gitignore) {
    while (body.startsWith('!') && !body.startsWith('!(')) {
      negated = !negated;
      body = body.slice(1);
    }
  }
  // `./vendor/**` means `vendor/**` (paths are relative to the root, without `./`).
  if (!options.gitignore) while (body.startsWith('./')) body = body.slice(2);
  let node: Node;
  try {
    node = new Parser(body, options.gitignore === true).parseAll();
  } catch (e) {
    if (e instanceof GlobSyntaxError) return { error: e.message };
    throw e;
  }
  const prog: Instr[] = [];
  emit(node, prog);
  prog.push({ op: 'match' });
  const dfa = new LazyDfa(prog);
  return { pattern, test: (path: string) => dfa.test(path) !== negated };
}

/**
 * One test for a list of globs: true when any matches. Globs that do not compile are left out, and so
 * are those beyond twice the {@link limitGlobList} bounds (a `.irsa.yaml` list and an editor list are
 * merged, each within the bounds): both are reported where the list is read (`.irsa.yaml` problems,
 * editor-settings problems). Work per path is at most (path length) × (characters in the globs).
 */
export function globMatcher(patterns: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const first = limitGlobList(patterns);
  const kept = first.error ? [...first.kept, ...limitGlobList(patterns.slice(first.kept.length)).kept] : first.kept;
  const globs = kept.map((p) => compileGlob(p, options)).filter((g): g is Glob => 'test' in g);
  if (globs.length === 0) return () => false;
  return (path) => globs.some((g) => g.test(path));
}
