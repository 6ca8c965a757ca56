/**
 * Shell scripts, read for one thing only: the folders their `ccoctl … --credentials-requests-dir <dir>`
 * commands name (issue #11 pattern 2). ccoctl decodes every document of every `.yaml`/`.yml` file of that
 * folder as a CredentialsRequest (openshift/cloud-credential-operator pkg/cmd/provisioning/utils.go
 * `GetListOfCredentialsRequests`), so a folder a script hands to it is a ccoctl input folder whatever
 * its name.
 *
 * This is a small word scanner, not a shell: it splits the text into words and commands the way a POSIX
 * shell does (quotes, `\` escapes and line continuations, comments, `;`/`&&`/`||`/`|`/newline between
 * commands, here-documents skipped) and never expands anything: a word holding `$VAR`, `${VAR}`,
 * `$(cmd)` or a backquote is unknown, and an unknown folder is skipped (nothing is guessed).
 * Shell syntax: POSIX "Shell Command Language" §2.2 Quoting, §2.3 Token Recognition, §2.7.4 Here-Document
 * (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html).
 */

/** A folder named by `--credentials-requests-dir` in a ccoctl command of a script. */
export interface CcoctlDirArg {
  /** The folder as written, quotes removed (`./deploy/aws-requests`); never empty, never holds a variable. */
  dir: string;
  /** Offsets (UTF-16 code units) of the folder's word in the script: the part after `=` in `--flag=dir`. */
  start: number;
  end: number;
  /**
   * The folder ccoctl runs in, relative to the script's folder (`.`, `..`, `../deploy`), when the script
   * `cd`s there before the command (`cd "$(dirname "$0")/.."`); undefined when the script does not say
   * (then the script may be run from its folder or from any folder above it).
   */
  cwd?: string;
}

/** Script file names read for ccoctl commands: `*.sh` and `*.bash` (query and fragment ignored). */
export function isShellScriptUri(uri: string): boolean {
  return /\.(sh|bash)$/i.test(uri.replace(/[?#].*$/, ''));
}

/** ccoctl's flag (cobra/pflag long flag: `--credentials-requests-dir DIR` or `--credentials-requests-dir=DIR`). */
export const CREDENTIALS_REQUESTS_DIR_FLAG = '--credentials-requests-dir';

/**
 * Cheap test before any scanning: only a text that mentions both `ccoctl` and the flag can name a
 * folder. Every other script costs one read and two substring searches.
 */
export function mayNameCcoctlDir(text: string): boolean {
  return text.includes('ccoctl') && text.includes(CREDENTIALS_REQUESTS_DIR_FLAG);
}

/** A shell word: its value with quotes removed and the source offset of each value character. */
interface Word {
  value: string;
  /** offs[i]: offset in the text of value[i]; offs[value.length]: the offset just past the word. */
  offs: number[];
  start: number;
  /** Holds an expansion (`$…`, backquote): its value is not known without running the shell. */
  unknown: boolean;
}

/** A simple command's words (operators and redirections dropped). */
type Command = Word[];

/** Words that put the next word in command position (POSIX §2.4 reserved words, and common wrappers). */
const PREFIX_WORDS = new Set(['!', '{', 'if', 'then', 'else', 'elif', 'while', 'until', 'do', 'time', 'exec', 'command', 'sudo', 'env', 'nohup', 'builtin']);

/**
 * The folders named by `--credentials-requests-dir` in the ccoctl commands of a shell script, in text
 * order. A ccoctl command is a simple command whose command word (after `VAR=value` assignments and
 * the words of {@link PREFIX_WORDS}) ends in `ccoctl` (`ccoctl`, `./ccoctl`, `/usr/local/bin/ccoctl`,
 * `"$BIN/ccoctl"`). Text inside quotes (`echo "run ccoctl …"`), comments and here-documents is no
 * command. Flags follow pflag (spf13/pflag README "Command line flag syntax": `--flag x` for a flag
 * without a default, `--flag=x`). A folder that is empty, holds an expansion, starts with `~` or holds
 * a glob character is skipped.
 *
 * Never throws; linear in the text's length.
 */
export function ccoctlCredentialsRequestsDirs(text: string): CcoctlDirArg[] {
  if (!mayNameCcoctlDir(text)) return [];
  const out: CcoctlDirArg[] = [];
  for (const { cmd, head: i, cwd } of commandsWithCwd(text)) {
    if (!isCcoctlWord(cmd[i]!)) continue;
    for (let j = i + 1; j < cmd.length; j++) {
      const w = cmd[j]!;
      // pflag stops reading flags at `--`.
      if (w.value === '--' && !w.unknown) break;
      let value: string | undefined;
      let from = 0;
      let word: Word | undefined;
      if (w.value === CREDENTIALS_REQUESTS_DIR_FLAG) {
        word = cmd[j + 1];
        value = word?.value;
        j++;
      } else if (w.value.startsWith(CREDENTIALS_REQUESTS_DIR_FLAG + '=') && !w.value.slice(0, CREDENTIALS_REQUESTS_DIR_FLAG.length + 1).includes('\u0000')) {
        word = w;
        from = CREDENTIALS_REQUESTS_DIR_FLAG.length + 1;
        value = w.value.slice(from);
      }
      if (!word || value === undefined || !knownFolder(word, value)) continue;
      // A relative folder after a `cd` to somewhere unknown names nothing we can find.
      if (cwd === null && !value.startsWith('/')) continue;
      // The whole word (quotes included) in the space form; what follows `=` in the other.
      const arg: CcoctlDirArg = { dir: value, start: from === 0 ? word.start : word.offs[from - 1]! + 1, end: word.offs[word.value.length]! };
      if (typeof cwd === 'string' && !value.startsWith('/')) arg.cwd = cwd;
      out.push(arg);
    }
  }
  return out;
}

/**
 * (issue #13) A trust policy file named by an `aws iam create-role --role-name <role>
 * --assume-role-policy-document file://<path>` or `aws iam update-assume-role-policy --role-name <role>
 * --policy-document file://<path>` command of a script: the file is the trust policy of that role.
 */
export interface AwsRolePolicyArg {
  /** `create-role` or `update-assume-role-policy`. */
  command: AwsRolePolicyCommand;
  /** The role name as written, quotes removed; a valid IAM role name, never holding a variable. */
  roleName: string;
  /** Offsets (UTF-16 code units) of the role name's word: the part after `=` in `--role-name=x`. */
  roleStart: number;
  roleEnd: number;
  /** The policy file's path as written after `file://`, quotes removed (`trust.json`, `./iam/trust.json`, `/abs/trust.json`). */
  path: string;
  /** Offsets of the policy argument's word (`file://trust.json`, or the part after `=`). */
  pathStart: number;
  pathEnd: number;
  /** The folder the command runs in, relative to the script's folder, when the script `cd`s there first (see {@link CcoctlDirArg.cwd}). */
  cwd?: string;
}

export type AwsRolePolicyCommand = 'create-role' | 'update-assume-role-policy';

/**
 * The policy document flag of each command (AWS CLI reference: `aws iam create-role
 * --assume-role-policy-document`, `aws iam update-assume-role-policy --policy-document`; both
 * require `--role-name`).
 */
const ROLE_POLICY_FLAGS: Readonly<Record<AwsRolePolicyCommand, string>> = {
  'create-role': '--assume-role-policy-document',
  'update-assume-role-policy': '--policy-document',
};

/**
 * The AWS CLI's global options that take a value (awscli/data/cli.json of aws/aws-cli, v1 and v2):
 * between `aws` and the service name, their value is no service name. Every other `--option` there
 * is a switch (`--debug`, `--no-verify-ssl`, `--no-paginate`, `--no-sign-request`, `--no-cli-pager` …).
 */
const AWS_VALUED_GLOBAL_OPTIONS = new Set([
  '--profile',
  '--region',
  '--output',
  '--endpoint-url',
  '--query',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
]);

/** IAM role names: 1–64 of `[\w+=,.@-]` (IAM API reference, CreateRole `RoleName` pattern). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Cheap test before any scanning: only a text that mentions one of the two commands can name a
 * trust policy file. One regular-expression search over a script without them.
 */
export function mayNameRolePolicy(text: string): boolean {
  return /create-role|update-assume-role-policy/.test(text);
}

/**
 * The trust policy files named by the `aws iam create-role` and `aws iam update-assume-role-policy`
 * commands of a shell script, in text order (issue #13: the EKS and ROSA guides create the role from
 * a script, `aws iam create-role --role-name my-app --assume-role-policy-document
 * file://trust-relationship.json`).
 *
 * An AWS CLI command is a simple command whose command word (after assignments and
 * {@link PREFIX_WORDS}) ends in `aws`; global options ({@link AWS_VALUED_GLOBAL_OPTIONS} with their
 * values, switches, unknown words) may come before the service `iam`, then the operation. Options
 * are read as argparse does (`--flag value` or `--flag=value`). The policy argument must be
 * `file://<path>`: the CLI reads the path after the prefix relative to its working directory, after
 * expanding `~` and `$VAR` itself (aws/aws-cli awscli/paramfile.py get_file: `os.path.expandvars(
 * os.path.expanduser(path[len(prefix):]))`), so a path holding `~` or `$` is skipped like any shell
 * expansion, and so is inline JSON. A role name that holds an expansion or is no valid role name is
 * skipped. Quoted text (`echo "aws iam create-role …"`), comments and here-documents are no command.
 *
 * Never throws; linear in the text's length.
 */
export function awsRolePolicyFiles(text: string): AwsRolePolicyArg[] {
  if (!mayNameRolePolicy(text)) return [];
  const out: AwsRolePolicyArg[] = [];
  for (const { cmd, head, cwd } of commandsWithCwd(text)) {
    if (!isCommandWord(cmd[head]!, 'aws')) continue;
    // The service name: the first word after `aws` that is no global option (or an option's value).
    let j = head + 1;
    while (j < cmd.length) {
      const w = cmd[j]!;
      if (w.unknown || w.value.startsWith('-')) {
        j += !w.unknown && AWS_VALUED_GLOBAL_OPTIONS.has(w.value) ? 2 : 1;
        continue;
      }
      break;
    }
    if (cmd[j]?.value !== 'iam' || cmd[j]!.unknown) continue;
    const op = cmd[j + 1];
    if (!op || op.unknown || (op.value !== 'create-role' && op.value !== 'update-assume-role-policy')) continue;
    const command = op.value;
    const role = optionValue(cmd, j + 2, '--role-name');
    const policy = optionValue(cmd, j + 2, ROLE_POLICY_FLAGS[command]);
    if (!role || !policy) continue;
    if (role.unknown || !IAM_ROLE_NAME.test(role.value)) continue;
    if (policy.unknown || !policy.value.startsWith('file://')) continue;
    const path = policy.value.slice('file://'.length);
    if (path === '' || path.endsWith('/') || /[$~\u0000*?[]/.test(path)) continue;
    // A relative file after a `cd` to somewhere unknown names nothing we can find.
    if (cwd === null && !path.startsWith('/')) continue;
    const arg: AwsRolePolicyArg = { command, roleName: role.value, roleStart: role.start, roleEnd: role.end, path, pathStart: policy.start, pathEnd: policy.end };
    if (typeof cwd === 'string' && !path.startsWith('/')) arg.cwd = cwd;
    out.push(arg);
  }
  return out;
}

/**
 * The value of the option `flag` among the words of `cmd` from `from` on, in argparse's two forms
 * (`--flag value`, `--flag=value`): its text with quotes removed, whether it holds an expansion, and
 * the offsets of the value's word (the part after `=` in the second form). The last occurrence wins,
 * as in argparse. Undefined when the option is absent or has no value (the end of the command, or a
 * word starting with `-` after `--flag`).
 */
function optionValue(cmd: Command, from: number, flag: string): { value: string; unknown: boolean; start: number; end: number } | undefined {
  let found: { value: string; unknown: boolean; start: number; end: number } | undefined;
  for (let k = from; k < cmd.length; k++) {
    const w = cmd[k]!;
    if (w.value === '--' && !w.unknown) break;
    if (w.value === flag) {
      const v = cmd[k + 1];
      // argparse takes no word that starts with `-` as an option's value: the CLI stops with
      // "expected one argument", so the command names nothing.
      if (!v || (!v.unknown && v.value.startsWith('-'))) return undefined;
      found = { value: v.value, unknown: v.unknown, start: v.start, end: v.offs[v.value.length]! };
      k++;
    } else if (w.value.startsWith(flag + '=') && !w.value.slice(0, flag.length + 1).includes('\u0000')) {
      const from2 = flag.length + 1;
      const value = w.value.slice(from2);
      found = { value, unknown: value.includes('\u0000'), start: w.offs[from2 - 1]! + 1, end: w.offs[w.value.length]! };
    }
  }
  return found;
}

/**
 * The simple commands of a script with the index of their command word (after `VAR=value` assignments
 * and {@link PREFIX_WORDS}) and the working directory they run in, in text order: not stated
 * (undefined), a folder relative to the script's (after `cd "$(dirname "$0")"`, see
 * {@link changeDirectory}), or unknown (null: after any other `cd`, `pushd` or `popd`). `cd`, `pushd`
 * and `popd` themselves are not yielded.
 */
function* commandsWithCwd(text: string): Generator<{ cmd: Command; head: number; cwd: string | null | undefined }> {
  let cwd: string | null | undefined;
  for (const cmd of commands(text)) {
    let i = 0;
    while (i < cmd.length && (PREFIX_WORDS.has(cmd[i]!.value) || isAssignment(cmd[i]!))) i++;
    const head = cmd[i];
    if (!head) continue;
    if (!head.unknown && (head.value === 'cd' || head.value === 'pushd' || head.value === 'popd')) {
      cwd = head.value === 'popd' ? null : changeDirectory(text, cmd.slice(i + 1), cwd);
      continue;
    }
    yield { cmd, head: i, cwd };
  }
}

/**
 * `"$(dirname "$0")"`, `$(dirname "${BASH_SOURCE[0]}")/..` and the like: the script's own folder, then an
 * optional literal path from it (group 1). Matched on the word's source text, which the scanner does
 * not expand.
 */
const SCRIPT_FOLDER_WORD = /^"?\$\(\s*dirname\s+(?:"?\$0"?|"?\$\{?BASH_SOURCE(?:\[0\])?\}?"?)\s*\)"?((?:\/[A-Za-z0-9._/-]*)?)"?$/;

/**
 * The working directory after `cd <args>` (or `pushd`), from `cwd` before it (see
 * ccoctlCredentialsRequestsDirs): the script's folder (plus a literal path) for `cd "$(dirname "$0")…"`;
 * a literal relative path from a known folder; null (unknown) for anything else — a variable, `~`,
 * `-`, an absolute path, no argument (the home folder).
 */
function changeDirectory(text: string, args: Command, cwd: string | null | undefined): string | null {
  const target = args.find((w) => w.unknown || !/^-[LPe@]*$/.test(w.value));
  if (!target) return null;
  if (target.unknown) {
    const m = SCRIPT_FOLDER_WORD.exec(text.slice(target.start, target.offs[target.value.length]).trim());
    return m ? joinRelative('.', m[1] ?? '') : null;
  }
  const v = target.value;
  if (typeof cwd !== 'string' || v === '' || v.startsWith('/') || v.startsWith('~') || v === '-' || /[*?[]/.test(v)) return null;
  return joinRelative(cwd, v);
}

/** `base` (relative to the script's folder) with the relative path `rel` applied, normalised (`./x/..` → `.`). */
function joinRelative(base: string, rel: string): string {
  const out: string[] = [];
  for (const seg of `${base}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.length ? out.join('/') : '.';
}

/** The command word runs ccoctl: its last path segment is `ccoctl`, whatever folder (even `$BIN/`) holds it. */
function isCcoctlWord(w: Word): boolean {
  return isCommandWord(w, 'ccoctl');
}

/** The command word runs `name`: its last path segment is `name`, whatever folder (even `$BIN/`) holds it. */
function isCommandWord(w: Word, name: string): boolean {
  const v = w.value;
  return v === name || (v.endsWith('/' + name) && !v.slice(v.lastIndexOf('/')).includes('\u0000'));
}

/** `NAME=value` before the command word (POSIX §2.9.1): an assignment, not the command. */
function isAssignment(w: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value);
}

function knownFolder(w: Word, value: string): boolean {
  // Expansions are marked with U+0000 in the value (see commands()); `~` is the user's home; a glob
  // names no single folder.
  return value !== '' && !w.unknown && !value.includes('\u0000') && !value.startsWith('~') && !/[*?[]/.test(value);
}

/**
 * Splits a script into simple commands of words. Expansions (`$x`, `${…}`, `$(…)`, `$((…))`, backquotes)
 * become one U+0000 in the word's value and mark it unknown. Redirections (`> file`, `2>&1`, `<<EOF`)
 * and their targets are dropped; a here-document's body is skipped up to its delimiter line.
 */
function* commands(text: string): Generator<Command> {
  const n = text.length;
  let i = 0;
  let cmd: Command = [];
  /** Here-document delimiters waiting for the end of the current line: [delimiter, strip leading tabs]. */
  const heredocs: [string, boolean][] = [];
  let redirectTarget = false;

  const endLine = (): void => {
    // i is at a newline: skip the bodies of the here-documents opened on this line (POSIX §2.7.4).
    for (const [delim, stripTabs] of heredocs) {
      while (i < n) {
        const nl = text.indexOf('\n', i + 1);
        const lineEnd = nl < 0 ? n : nl;
        let line = text.slice(i + 1, lineEnd).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        i = lineEnd;
        if (line === delim) break;
      }
    }
    heredocs.length = 0;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // line continuation between words
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      endLine();
      i++;
      if (cmd.length) yield cmd;
      cmd = [];
      redirectTarget = false;
      continue;
    }
    if (c === '#') {
      // A comment starts only where a word would (POSIX §2.3 rule 9).
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      i++;
      // `;;`, `&&`, `||`, `|&`: one more operator character, same effect (a command ends).
      if (cmd.length) yield cmd;
      cmd = [];
      redirectTarget = false;
      continue;
    }
    if (c === '<' || c === '>') {
      // Redirection operators: <, >, >>, <&, >&, <>, >|, <<, <<-, <<< (POSIX §2.7).
      if (text.startsWith('<<<', i)) {
        i += 3;
      } else if (text.startsWith('<<', i)) {
        i += 2;
        const strip = text[i] === '-';
        if (strip) i++;
        while (text[i] === ' ' || text[i] === '\t') i++;
        const delim = readWord(text, i);
        // The delimiter is the word with quotes removed; an expansion in it is taken literally.
        heredocs.push([delim.value.replace(/\u0000/g, '$'), strip]);
        i = delim.end;
        continue;
      } else {
        i++;
        if (text[i] === '>' || text[i] === '&' || text[i] === '|' || (c === '<' && text[i] === '>')) i++;
      }
      redirectTarget = true;
      continue;
    }
    const w = readWord(text, i);
    i = w.end;
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    // `2>file`, `2>&1`: a word of digits directly before a redirection is its file descriptor.
    if (/^\d+$/.test(w.word.value) && (text[i] === '<' || text[i] === '>')) continue;
    cmd.push(w.word);
  }
  if (cmd.length) yield cmd;
}

/**
 * Reads one word starting at `start` (not a blank or an operator). Returns the word and the offset just
 * past it. Stops at an unquoted blank, newline or operator character.
 */
function readWord(text: string, start: number): { word: Word; value: string; end: number } {
  const n = text.length;
  let value = '';
  const offs: number[] = [];
  let unknown = false;
  let i = start;
  const add = (ch: string, at: number): void => {
    value += ch;
    offs.push(at);
  };
  const expansion = (at: number): void => {
    add('\u0000', at);
    unknown = true;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') break;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2; // a continuation inside a word joins it
        continue;
      }
      if (text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < n) add(text[i + 1]!, i + 1);
      i += 2;
      continue;
    }
    if (c === "'") {
      // Single quotes: everything literal up to the next one (POSIX §2.2.2).
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      for (let k = i + 1; k < end; k++) add(text[k]!, k);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      // Double quotes: `\` escapes only $ ` " \ and newline; $ and ` expand (POSIX §2.2.3).
      i++;
      while (i < n && text[i] !== '"') {
        const d = text[i]!;
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') add(text[i + 1]!, i + 1);
          i += 2;
        } else if (d === '$' || d === '`') {
          const e = skipExpansion(text, i);
          if (e === i + 1 && d === '$') add('$', i); // a lone `$` is literal
          else expansion(i);
          i = e;
        } else {
          add(d, i);
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '$' || c === '`') {
      const e = skipExpansion(text, i);
      if (e === i + 1 && c === '$') add('$', i);
      else expansion(i);
      i = e;
      continue;
    }
    add(c, i);
    i++;
  }
  offs.push(Math.min(i, n));
  return { word: { value, offs, start, unknown }, value, end: Math.min(i, n) };
}

/**
 * Offset just past the expansion starting at `i` (`$` or a backquote): `$name`, `$1`, `$@`…, `${…}`,
 * `$(…)`, `$((…))`, `` `…` ``, with nested brackets and quotes balanced. Returns `i + 1` for a `$` that
 * starts no expansion (a literal dollar).
 */
function skipExpansion(text: string, i: number): number {
  const n = text.length;
  if (text[i] === '`') {
    let k = i + 1;
    while (k < n && text[k] !== '`') k += text[k] === '\\' ? 2 : 1;
    return Math.min(k + 1, n);
  }
  const next = text[i + 1];
  if (next === '{' || next === '(') return skipBalanced(text, i + 1);
  if (next !== undefined && /[A-Za-z_]/.test(next)) {
    let k = i + 2;
    while (k < n && /[A-Za-z0-9_]/.test(text[k]!)) k++;
    return k;
  }
  if (next !== undefined && /[0-9@*#?$!-]/.test(next)) return i + 2;
  return i + 1;
}

/** From an opening `{` or `(` at `i`, the offset just past its matching closer (quotes respected; bounded by the text). */
function skipBalanced(text: string, i: number): number {
  const n = text.length;
  let depth = 0;
  let k = i;
  while (k < n) {
    const c = text[k]!;
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", k + 1);
      k = close < 0 ? n : close + 1;
      continue;
    }
    if (c === '"') {
      k++;
      while (k < n && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      k++;
      continue;
    }
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') {
      depth--;
      if (depth === 0) return k + 1;
    }
    k++;
  }
  return n;
}

/**
 * The folders a script's `--credentials-requests-dir` may mean, as {@link folderKey}s. ccoctl opens the
 * folder relative to its working directory (os.ReadDir of the flag's value, GetListOfCredentialsRequests),
 * which a script does not state: it may be run from its own folder (`./create-roles.sh`) or from the
 * repository root (`hack/create-roles.sh`, and scripts that `cd "$(dirname "$0")/.."`). The engine does
 * not know where the repository root is, so a relative folder is resolved against the script's folder
 * and against every folder above it (the root among them) — unless the script `cd`s to a folder given
 * relative to its own before the command (`cwd`, see {@link CcoctlDirArg.cwd}); only candidates that hold files of the
 * workspace ever match. A relative path that names no folder (`.`, `..`) matches none: it is the
 * unknown working directory itself. An absolute folder is taken as it is (for `file:` URIs only).
 *
 * `scriptUri`: the script's URI; `dir`: the folder as written; `cwd`: {@link CcoctlDirArg.cwd}.
 */
export function ccoctlDirCandidates(scriptUri: string, dir: string, cwd?: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/[^?#]*)?/i.exec(scriptUri);
  if (!m) return [];
  const authority = m[1]!.toLowerCase();
  const folders = (m[2] ?? '/').split('/').slice(1, -1).map(decodeSegment);
  const key = (segs: string[]): string => authority + '/' + segs.map((s) => s + '/').join('');
  if (dir.startsWith('/')) return authority.startsWith('file:') ? [key(normalise([], dir))] : [];
  // The script says where ccoctl runs (`cd "$(dirname "$0")/.."`): that folder only.
  if (cwd !== undefined) return [key(normalise(normalise(folders, cwd), dir))];
  // `.`, `..`, `./`: the working directory itself, which the script does not state. Every folder above
  // the script would match, the repository root among them; only a path that names a folder is taken.
  // (`reqs/..` and `x/../` are the working directory too: compared after normalising.)
  if (normalise([], dir).length === 0) return [];
  const out = new Set<string>();
  for (let k = folders.length; k >= 0; k--) out.add(key(normalise(folders.slice(0, k), dir)));
  return [...out];
}

/**
 * The files a script's `file://<path>` may mean, as {@link folderKey}s of file URIs (`file:///repo/iam/trust.json`).
 * The AWS CLI opens the path relative to its working directory (awscli/paramfile.py get_file), which a
 * script does not state: as for {@link ccoctlDirCandidates}, a relative path is resolved against the
 * script's folder and every folder above it, unless the script `cd`s to a folder given relative to its
 * own first (`cwd`); only candidates that are files of the workspace ever match. Unlike a folder, a
 * file in the working directory itself (`file://trust.json`) names a file: it is looked for in each of
 * those folders. An absolute path is taken as it is (for `file:` URIs only). Empty for a path that
 * names no file (`.`, `x/..`).
 */
export function scriptFileCandidates(scriptUri: string, file: string, cwd?: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/[^?#]*)?/i.exec(scriptUri);
  if (!m) return [];
  const last = file.slice(file.lastIndexOf('/') + 1);
  if (last === '' || last === '.' || last === '..') return [];
  const authority = m[1]!.toLowerCase();
  const folders = (m[2] ?? '/').split('/').slice(1, -1).map(decodeSegment);
  const key = (segs: string[]): string => authority + '/' + segs.join('/');
  if (file.startsWith('/')) return authority.startsWith('file:') ? [key(normalise([], file))] : [];
  if (cwd !== undefined) return [key(normalise(normalise(folders, cwd), file))];
  const out = new Set<string>();
  for (let k = folders.length; k >= 0; k--) out.add(key(normalise(folders.slice(0, k), file)));
  return [...out];
}

/**
 * The key a folder URI (ending in `/`) is compared by: its segments percent-decoded, scheme and
 * authority lower-cased. The hosts write URIs differently (Node's pathToFileURL keeps `:` and `@`,
 * vscode-uri encodes them), so folders are matched by what they name, not by how it is spelt.
 */
export function folderKey(dirUri: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/[^?#]*)?/i.exec(dirUri);
  if (!m) return dirUri;
  const segs = (m[2] ?? '/').split('/').slice(1).map(decodeSegment);
  return m[1]!.toLowerCase() + '/' + segs.join('/');
}

/** `segs` (folders) with the relative path `rel` applied; `..` above the root stays at the root. */
function normalise(segs: string[], rel: string): string[] {
  const out = [...segs];
  for (const s of rel.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
