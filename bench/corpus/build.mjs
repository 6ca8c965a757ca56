#!/usr/bin/env node
/**
 * Rebuilds the real-world corpus of issue #11 from `bench/corpus/repos.json`.
 *
 * Input: for every entry `{ repo: "owner/name", commit, keep: [path prefixes] }`, a bare git directory
 * at `$IRSA_MIRROR/<owner>+<name>/repo` (default IRSA_MIRROR=/work/.mirror, where the search tool's
 * `fetch github:<owner>/<name>` puts it). Output: `$IRSA_CORPUS/<owner>+<name>/` (default
 * /work/corpus) holding only the kept folders of that commit, and in them only the files matching
 * `keepFiles` (YAML, JSON, shell scripts, .gitignore) outside `dropPathsMatching` (vendor/ …).
 * Nothing is built or run from the repositories; the corpus stays outside our repository (licences).
 *
 * Usage: node bench/corpus/build.mjs [owner/name ...]   (no names: every entry)
 * Errors: a missing mirror or commit is reported per repository and the script exits 1 at the end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const spec = JSON.parse(readFileSync(join(here, 'repos.json'), 'utf8'));
const mirror = process.env.IRSA_MIRROR ?? '/work/.mirror';
const corpus = process.env.IRSA_CORPUS ?? spec.root;
const keepFile = new RegExp(spec.keepFiles);
const dropPath = new RegExp(spec.dropPathsMatching);
const only = process.argv.slice(2);

/**
 * Lists the kept blobs of `commit` under `prefixes`: `[{ sha, path }]`, filtered by `keepFiles` and
 * `dropPathsMatching`. Symbolic links (mode 120000) are left out: they may point outside the corpus.
 */
function keptBlobs(gitDir, commit, prefixes) {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit, '--', ...prefixes], { maxBuffer: 1 << 28 }).toString('utf8');
  const blobs = [];
  for (const line of out.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (!m || m[1] === '120000') continue;
    if (keepFile.test(m[3]) && !dropPath.test(m[3])) blobs.push({ sha: m[2], path: m[3] });
  }
  return blobs;
}

/**
 * Writes the blobs into `out` with one `git cat-file --batch`; returns the paths whose content the
 * snapshot lacks (files of 4 MiB and more are absent from fetched snapshots).
 */
function writeBlobs(gitDir, blobs, out) {
  const res = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: blobs.map((b) => b.sha).join('\n') + '\n', maxBuffer: 1 << 30 });
  const absent = [];
  let pos = 0;
  for (const b of blobs) {
    const nl = res.indexOf(10, pos);
    const header = res.subarray(pos, nl).toString();
    pos = nl + 1;
    if (header.endsWith(' missing')) { absent.push(b.path); continue; }
    const size = Number(header.split(' ')[2]);
    const file = join(out, b.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, res.subarray(pos, pos + size));
    pos += size + 1;
  }
  return absent;
}

let failed = 0;
for (const entry of spec.repos) {
  if (only.length && !only.includes(entry.repo)) continue;
  const slug = entry.repo.replace('/', '+');
  const gitDir = join(mirror, slug, 'repo');
  const out = join(corpus, slug);
  if (!existsSync(gitDir)) { console.error(`${entry.repo}: no bare git dir at ${gitDir} (fetch github:${entry.repo} first)`); failed++; continue; }
  // Only prefixes that exist at that commit: `git archive` fails on a missing pathspec.
  const present = entry.keep.filter((p) => {
    try { execFileSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${entry.commit}:${p}`], { stdio: 'ignore' }); return true; } catch { return false; }
  });
  const missing = entry.keep.filter((p) => !present.includes(p));
  if (missing.length) console.error(`${entry.repo}: not at ${entry.commit.slice(0, 12)}: ${missing.join(', ')}`);
  if (!present.length) { failed++; continue; }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const blobs = keptBlobs(gitDir, entry.commit, present);
  const absent = writeBlobs(gitDir, blobs, out);
  if (absent.length) console.error(`${entry.repo}: ${absent.length} file(s) absent from the snapshot: ${absent.slice(0, 3).join(', ')}`);
  const n = blobs.length - absent.length;
  console.log(`${entry.repo.padEnd(50)} ${entry.commit.slice(0, 12)} ${String(n).padStart(5)} files`);
}
process.exit(failed ? 1 : 0);
