/**
 * `.gitignore` matching (gitignore(5)) on the linear-time glob engine of `engine/glob.ts`.
 *
 * The `ignore` package compiles each line to a backtracking regular expression; a line such as
 * `a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/a/**\/b` against a path 60 folders deep took 86 s (and
 * a repository controls both its `.gitignore` and its folder names). The semantics are git's and the
 * `ignore` package's (its default `ignorecase: true` included), checked against it by a differential
 * test in test/unit/glob.test.ts.
 */
import { compileGlob, Glob } from '../engine/glob';

interface Rule {
  glob: Glob;
  negated: boolean;
  /** The line ended in `/`: it matches folders only. */
  dirOnly: boolean;
}

export class GitIgnore {
  private readonly rules: Rule[] = [];

  /** `text`: the content of one `.gitignore`; lines that are not valid patterns are skipped, as git does. */
  constructor(text: string) {
    for (const raw of text.split(/\r?\n/)) {
      const rule = parseLine(raw);
      if (rule) this.rules.push(rule);
    }
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

/** One `.gitignore` line as a rule, or undefined for blanks, comments and lines git ignores. */
function parseLine(raw: string): Rule | undefined {
  let line = raw;
  // Trailing spaces are ignored unless escaped with a backslash.
  line = line.replace(/(?<!\\)[ ]+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  // A pattern ending on an unpaired backslash is invalid in git: it matches nothing.
  const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
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
  return 'test' in glob ? { glob, negated, dirOnly } : undefined;
}
