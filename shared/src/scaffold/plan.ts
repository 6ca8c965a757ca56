/**
 * Which scaffold files to write, given what is already in the target folder. Pure: callers read the
 * folder (VS Code file system API, or node fs in `irsa-lint init`) and write the result themselves.
 *
 * The rule it enforces: an existing file is never changed unless the caller passes an explicit
 * `overwrite` decision (the user confirmed, or `--force`). Existing files with exactly the rendered
 * content are left alone without asking, so scaffolding the same set twice is a no-op.
 */
import type { ScaffoldFile } from './render';

/**
 * What exists at a path before writing: `undefined` nothing, a string the current file content,
 * `null` something that is not a readable file (a directory), which is never replaced.
 */
export type ExistingEntry = string | null | undefined;

export type PlannedStatus =
  /** Does not exist yet: created. */
  | 'new'
  /** Exists with exactly this content: nothing to do. */
  | 'unchanged'
  /** Exists with other content: written only when the caller decides to overwrite. */
  | 'conflict'
  /** Exists and is not a file, or the path would leave the target folder: never written. */
  | 'blocked';

export interface PlannedFile {
  file: ScaffoldFile;
  status: PlannedStatus;
}

export interface ScaffoldPlan {
  files: PlannedFile[];
  /** Paths that exist with other content (need confirmation). */
  conflicts: string[];
  /** Paths that can never be written. */
  blocked: string[];
}

/** One write to perform; `overwrite` is true only for confirmed conflicts. */
export interface FileWrite {
  path: string;
  content: string;
  overwrite: boolean;
  executable: boolean;
}

/**
 * True for a relative `/`-separated path that stays inside the target folder: no absolute path,
 * drive letter, backslash, empty, `.` or `..` segment.
 */
export function isSafeRelativePath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || /^[A-Za-z]:/.test(p) || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** Classifies every file against what exists. `existing(path)` is asked once per file. */
export function planWrites(files: readonly ScaffoldFile[], existing: (path: string) => ExistingEntry): ScaffoldPlan {
  const planned: PlannedFile[] = files.map((file) => {
    if (!isSafeRelativePath(file.path)) return { file, status: 'blocked' };
    const cur = existing(file.path);
    if (cur === undefined) return { file, status: 'new' };
    if (cur === null) return { file, status: 'blocked' };
    return { file, status: cur === file.content ? 'unchanged' : 'conflict' };
  });
  return {
    files: planned,
    conflicts: planned.filter((p) => p.status === 'conflict').map((p) => p.file.path),
    blocked: planned.filter((p) => p.status === 'blocked').map((p) => p.file.path),
  };
}

/**
 * The writes for a plan and the user's decision on conflicts:
 * - no decision (`undefined`): if there are conflicts, nothing at all is written (ask first);
 *   otherwise the new files;
 * - `'keep'`: the new files only; conflicting files keep their content;
 * - `'overwrite'`: the new files and the conflicting ones.
 * Unchanged and blocked files are never written.
 */
export function writesFor(plan: ScaffoldPlan, decision?: 'overwrite' | 'keep'): FileWrite[] {
  if (plan.conflicts.length > 0 && decision === undefined) return [];
  const out: FileWrite[] = [];
  for (const p of plan.files) {
    const write = p.status === 'new' || (p.status === 'conflict' && decision === 'overwrite');
    if (!write) continue;
    out.push({ path: p.file.path, content: p.file.content, overwrite: p.status === 'conflict', executable: p.file.executable === true });
  }
  return out;
}
