/**
 * `.gitignore` matching (gitignore(5)) on the linear-time glob engine of `engine/glob.ts`.
 *
 * The `ignore` package compiles each line to a backtracking regular expression; a line such as
 * `a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/b` against a path 60 folders deep took 86 s (and
 * a repository controls both its `.gitignore` and its folder names). The semantics are git's and the
 * `ignore` package's (its default `ignorecase: true` included), checked against it by a differential
 * test in test/unit/glob.test.ts.
 */
import { compileGlob, Glob } from '../engine';

interface Rule {
  glob: Glob;
  negated: boolean;
  /** The line ended in `/`: it matches folders only. */
  dirOnly: boolean;
}

/**
 * Most pattern characters (comments and blank lines not counted) applied from the `.gitignore` files
 * of one path (its folder's and every parent's): every path is tested against every line, and one
 * test costs at most (path length) × (line length) steps, so this bounds the work per path to about
 * (path length) × 16384 steps. Real `.gitignore` files are a few hundred short lines (GitHub's
 * VisualStudio template, one of the longest, has about 7000 pattern characters).
 */
export const MAX_GITIGNORE_PATTERN_CHARS = 16384;

export class GitIgnore {
  private readonly rules: Rule[] = [];
  /** Pattern characters of the rules kept (see {@link MAX_GITIGNORE_PATTERN_CHARS}). */
  readonly chars: number = 0;
  /** Why some lines are not applied (past the bound, or too long a line); undefined when all are. */
  readonly problem: string | undefined;

  /**
   * `text`: the content of one `.gitignore`; lines that are not valid patterns are skipped, as git does.
   * `budget`: pattern characters this file may use (what the parent folders' files left of
   * {@link MAX_GITIGNORE_PATTERN_CHARS}); lines past it are not applied and {@link problem} says so.
   */
  constructor(text: string, budget = MAX_GITIGNORE_PATTERN_CHARS) {
    let chars = 0;
    const problems: string[] = [];
    const lines = text.split(/\r?\n/);
    for (const [i, raw] of lines.entries()) {
      const rule = parseLine(raw);
      if (!rule) continue;
      if ('error' in rule) {
        problems.push(`line ${i + 1} is not applied: ${rule.error}`);
        continue;
      }
      if (chars + rule.glob.pattern.length > budget) {
        problems.push(`lines from ${i + 1} on are not applied: the .gitignore files of a folder may hold at most ${MAX_GITIGNORE_PATTERN_CHARS} pattern characters in all (every path is tested against each line)`);
        break;
      }
      chars += rule.glob.pattern.length;
      this.rules.push(rule);
    }
    this.chars = chars;
    this.problem = problems.length ? problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '') : undefined;
  }

  /**
   * Whether `rel` is ignored: `/`-separated, relative to the `.gitignore`'s folder, with a trailing `/`
   * for a folder. A path below an ignored folder is ignored, whatever later `!` lines say (git cannot
   * re-include a file whose parent folder is excluded).
   * @param parentsChecked the caller has already tested every parent folder (a walk that does not
   *   enter ignored folders): only `rel` itself is tested.
   */
  ignores(rel: string, parentsChecked = false): boolean {
    if (this.rules.length === 0) return false;
    const isDir = rel.endsWith('/');
    const p = (isDir ? rel.slice(0, -1) : rel).toLowerCase();
    if (p === '') return false;
    if (!parentsChecked) {
      for (let slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
        if (this.decide(p.slice(0, slash), true)) return true;
      }
    }
    return this.decide(p, isDir);
  }

  /** The last rule that matches `p` decides (`!` re-includes). */
  private decide(p: string, isDir: boolean): boolean {
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (ignored === !r.negated) continue; // this rule could not change the outcome
      if (r.glob.test(p)) ignored = !r.negated;
    }
    return ignored;
  }
}

/**
 * One `.gitignore` line as a rule, undefined for blanks, comments and lines git ignores, or `{ error }`
 * for a valid line this matcher does not apply (longer than MAX_GLOB_LENGTH).
 * Linear in the line: no regular expression here, as `/(?<!\\)[ ]+$/` took minutes on a line of a
 * million spaces followed by `x` (a backtracking engine retries the run from each of its spaces).
 */
function parseLine(raw: string): Rule | { error: string } | undefined {
  let line = trimTrailingSpaces(raw);
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  // A pattern ending on an unpaired backslash is invalid in git: it matches nothing.
  let trailing = 0;
  while (trailing < line.length && line.charCodeAt(line.length - 1 - trailing) === BACKSLASH) trailing++;
  if (trailing % 2 === 1) return undefined;
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to this folder; otherwise it matches
  // at any depth.
  let pattern: string;
  if (line.includes('/')) pattern = line.startsWith('/') ? line.slice(1) : line;
  else pattern = '**/' + line;
  if (pattern === '') return undefined;
  const glob = compileGlob(pattern.toLowerCase(), { gitignore: true });
  return 'test' in glob ? { glob, negated, dirOnly } : { error: glob.error };
}

const BACKSLASH = 92;
const SPACE = 32;

/**
 * `line` without its trailing spaces, except one escaped by a backslash (git's trim_trailing_spaces in
 * dir.c: `a\\ ` keeps `a\\ `; `a\\\\  ` is `a\\\\`, the pair being an escaped backslash). One pass.
 */
function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === SPACE) {
      if (lastSpace < 0) lastSpace = i;
    } else {
      if (c === BACKSLASH) i++; // the escaped character (a space included) is kept
      lastSpace = -1;
    }
  }
  return lastSpace < 0 ? line : line.slice(0, lastSpace);
}
