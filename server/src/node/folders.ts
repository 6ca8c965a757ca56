/**
 * Creating output folders safely (`irsa-lint init --out`). `fs.mkdirSync(p, { recursive: true })`
 * never returns for `/proc/self/x/y`: procfs answers `mkdir` with ENOENT although the parent exists,
 * and Node's recursive mkdir then goes up (parent exists), down (ENOENT) and up again forever. Here
 * every folder is created with one plain `mkdir` in a loop bounded by the number of path components,
 * and the first error stops the work with a sentence naming the folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A target that cannot or must not be written into; `message` is a sentence for the user. */
export class FolderError extends Error {}

/**
 * Linux pseudo file systems (`statfs` f_type, linux/magic.h): files there are kernel interfaces, not
 * storage, and writing into them can change the system (sysfs, cgroups) or fail in odd ways (procfs).
 */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
]);

/** Mount points of device and kernel trees: `/dev` is a tmpfs, so its file-system type alone does not tell. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

/** The deepest existing folder at or above `p` (absolute), and the components below it that do not exist yet. */
function existingAncestor(p: string): { dir: string; missing: string[] } {
  const missing: string[] = [];
  let dir = p;
  // Bounded: each step removes one component, and `dirname` of the root is the root.
  for (;;) {
    try {
      fs.statSync(dir);
      return { dir, missing };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const parent = path.dirname(dir);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === dir) return { dir, missing };
      missing.unshift(path.basename(dir));
      dir = parent;
    }
  }
}

/**
 * Checks that `root` (absolute) is, or can become, an ordinary folder on a storage file system:
 * refuses an existing non-folder (file, FIFO, device), anything under `/proc`, `/sys` or `/dev`
 * (after resolving symlinks) and any folder on a Linux pseudo file system (procfs, sysfs, cgroup…).
 * @throws FolderError with a sentence naming `shown` (the path as the user gave it).
 */
export function checkOutputFolder(root: string, shown: string): void {
  const { dir, missing } = existingAncestor(root);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw new FolderError(`cannot use ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!st.isDirectory()) {
    throw new FolderError(missing.length ? `cannot create ${shown}: ${dir} is not a folder` : `${shown} exists and is not a folder`);
  }
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    throw new FolderError(`cannot use ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (process.platform === 'win32') return;
  const tree = SYSTEM_TREES.find((t) => real === t || real.startsWith(t + '/'));
  if (tree) throw new FolderError(`${shown} is inside ${tree}, a tree of kernel or device files, not an ordinary folder; choose a folder in your project`);
  if (process.platform === 'linux') {
    let type: number | undefined;
    try {
      type = fs.statfsSync(real).type;
    } catch {
      type = undefined; // statfs is unavailable on some file systems; the mkdir below still stops on errors.
    }
    const name = type !== undefined ? PSEUDO_FILE_SYSTEMS.get(type) : undefined;
    if (name) throw new FolderError(`${shown} is on a ${name} file system, not an ordinary folder; choose a folder in your project`);
  }
}

/**
 * Makes `rel` (a `/`-separated relative folder path, may be empty) exist below `root`, creating
 * `root` too when missing. Each missing folder is created by one `mkdir`; an existing component must
 * be a real folder (not a file, and not a symlink below `root`, which could point anywhere).
 * @throws FolderError on the first problem, naming the folder; nothing is retried.
 */
export function makeFolders(root: string, rel: string): void {
  const { dir, missing } = existingAncestor(root);
  let at = dir;
  for (const part of missing) {
    at = path.join(at, part);
    mkdirOnce(at);
  }
  for (const part of rel.split('/').filter((p) => p !== '')) {
    at = path.join(at, part);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FolderError(`cannot use folder ${at}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (!st) mkdirOnce(at);
    else if (st.isSymbolicLink()) throw new FolderError(`${at} is a symbolic link; files are written only into real folders`);
    else if (!st.isDirectory()) throw new FolderError(`${at} is in the way: it is not a folder`);
  }
}

function mkdirOnce(p: string): void {
  try {
    fs.mkdirSync(p);
  } catch (e) {
    throw new FolderError(`cannot create folder ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
