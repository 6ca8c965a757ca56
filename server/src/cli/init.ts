/**
 * `irsa-lint init`: writes a new IRSA credential set without questions, for scripts and CI.
 * The same renderer as the VS Code command `IRSA: New Credential Set…` (shared/src/scaffold), so
 * the set validates with zero findings; every wizard value is a flag and all but `--namespace` and
 * `--service-account` default to placeholders that still validate.
 *
 * Exit codes: 0 written (or already identical); 2 usage error, invalid value, an --out that is not an
 * ordinary folder (a file, a FIFO, /proc, /sys, /dev) or a folder that cannot be created, or existing
 * files that differ and `--force` was not given (no file is written then); 1 a file write failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APP_LANGUAGES,
  AppLanguage,
  checkOptions,
  parseActions,
  ScaffoldOptions,
  ScaffoldWorkloadKind,
  TrustPrincipalKind,
  withDefaults,
  WORKLOAD_KINDS,
} from '../../../shared/src';
import { ExistingEntry, planWrites, writesFor } from '../../../shared/src';
import { renderScaffold } from '../../../shared/src';
import { checkOutputFolder, FolderError, makeFolders } from '../node';

export interface InitIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Base for a relative `--out` (default: process.cwd()). */
  cwd?: string;
}

export const INIT_HELP = `Usage: irsa-lint init --namespace <ns> --service-account <name> [options]

Writes a new IRSA credential set (CredentialsRequest, ServiceAccount, workload, preview of the
ccoctl Secret, destination role trust and permissions policies, ccoctl.sh, .irsa.yaml, README.md and
the application code) into --out. Existing files are never changed without --force.

Required:
      --namespace <ns>               namespace of the workload and the Secret (DNS-1123 label)
      --service-account <name>       service account the pod runs as (DNS-1123 subdomain)

Options (defaults in brackets):
      --secret-name <name>           Secret ccoctl writes, also the CredentialsRequest name
                                     [<service-account>-aws]
      --name <prefix>                ccoctl --name: prefix of the IAM role ccoctl creates [irsa]
      --identity-provider-arn <arn>  the cluster's IAM OIDC provider
                                     [arn:aws:iam::111122223333:oidc-provider/<name>-oidc.s3.<region>.amazonaws.com]
      --account-id <12 digits>       account of the destination role [444455556666]
      --role-name <name>             destination role name [<service-account>]
      --session-name <name>          role session name, AWS_ROLE_SESSION_NAME [<service-account>]
      --region <region>              AWS_REGION and AWS_DEFAULT_REGION [us-east-1]
      --kind <kind>                  ${WORKLOAD_KINDS.join(' | ')} [Deployment]
      --image <image>                container image [quay.io/example/app:latest]
      --actions <a,b,...>            actions the destination role allows [dynamodb:GetItem,dynamodb:Query]
      --language <language>          ${APP_LANGUAGES.join(' | ')} [typescript]
      --trust-principal <kind>       role | assumed-role: how the destination trust policy names the
                                     ccoctl role (assumed-role pins the session name) [role]
      --out <dir>                    folder to write into (created if missing) [.]
      --force                        overwrite existing files that differ
  -h, --help                         print this help
`;

/** Flag → option key, for flags that take a string value. */
const VALUE_FLAGS = {
  '--namespace': 'namespace',
  '--service-account': 'serviceAccount',
  '--secret-name': 'secretName',
  '--name': 'ccoctlName',
  '--identity-provider-arn': 'identityProviderArn',
  '--account-id': 'destinationAccountId',
  '--role-name': 'destinationRoleName',
  '--session-name': 'roleSessionName',
  '--region': 'region',
  '--kind': 'workloadKind',
  '--image': 'image',
  '--actions': 'actions',
  '--language': 'language',
  '--trust-principal': 'trustPrincipal',
  '--out': 'out',
} as const;
type ValueFlag = keyof typeof VALUE_FLAGS;

interface ParsedInit {
  values: Partial<Record<(typeof VALUE_FLAGS)[ValueFlag], string>>;
  force: boolean;
  help: boolean;
}

class InitUsageError extends Error {}

/** Parses `--flag value` and `--flag=value`; each flag at most once. */
export function parseInitArgs(args: readonly string[]): ParsedInit {
  const parsed: ParsedInit = { values: {}, force: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    if (arg === '--force') {
      parsed.force = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = (arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (!(flag in VALUE_FLAGS)) {
      throw new InitUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)} (init takes only options)`);
    }
    let value: string;
    if (arg.startsWith('--') && eq > 0) value = arg.slice(eq + 1);
    else {
      // `--region --out DIR` is a forgotten value, not a region named "--out".
      if (i + 1 >= args.length || args[i + 1]!.startsWith('--')) throw new InitUsageError(`${flag} needs a value`);
      value = args[++i]!;
    }
    const key = VALUE_FLAGS[flag];
    if (parsed.values[key] !== undefined) throw new InitUsageError(`${flag} given twice`);
    parsed.values[key] = value;
  }
  return parsed;
}

/** The list entry equal to `value` ignoring case (`--kind cronjob` → `CronJob`), else `value` itself. */
function canonical(list: readonly string[], value: string): string {
  return list.find((x) => x.toLowerCase() === value.toLowerCase()) ?? value;
}

/** Reads what exists at `rel` under `root`: its text, `null` when it is not a regular file, `undefined` when absent. */
function existingAt(root: string, rel: string): ExistingEntry {
  const p = path.join(root, ...rel.split('/'));
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return null;
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

/** Runs `irsa-lint init`; returns the exit code. Never throws. */
export async function runInit(args: string[], io: InitIo): Promise<number> {
  let parsed: ParsedInit;
  try {
    parsed = parseInitArgs(args);
  } catch (e) {
    if (!(e instanceof InitUsageError)) throw e;
    io.err(`irsa-lint init: ${e.message}\nRun irsa-lint init --help for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(INIT_HELP);
    return 0;
  }
  const v = parsed.values;
  const missing = (['namespace', 'serviceAccount'] as const).filter((k) => v[k] === undefined);
  if (missing.length) {
    io.err(`irsa-lint init: ${missing.map((k) => (k === 'namespace' ? '--namespace' : '--service-account')).join(' and ')} required\nRun irsa-lint init --help for usage.\n`);
    return 2;
  }
  const options: ScaffoldOptions = withDefaults({
    namespace: v.namespace!,
    serviceAccount: v.serviceAccount!,
    ...(v.secretName !== undefined && { secretName: v.secretName }),
    ...(v.ccoctlName !== undefined && { ccoctlName: v.ccoctlName }),
    ...(v.identityProviderArn !== undefined && { identityProviderArn: v.identityProviderArn }),
    ...(v.destinationAccountId !== undefined && { destinationAccountId: v.destinationAccountId }),
    ...(v.destinationRoleName !== undefined && { destinationRoleName: v.destinationRoleName }),
    ...(v.roleSessionName !== undefined && { roleSessionName: v.roleSessionName }),
    ...(v.region !== undefined && { region: v.region }),
    ...(v.workloadKind !== undefined && { workloadKind: canonical(WORKLOAD_KINDS, v.workloadKind) as ScaffoldWorkloadKind }),
    ...(v.image !== undefined && { image: v.image }),
    ...(v.actions !== undefined && { actions: parseActions(v.actions) }),
    ...(v.language !== undefined && { language: canonical(APP_LANGUAGES, v.language) as AppLanguage }),
    ...(v.trustPrincipal !== undefined && { trustPrincipal: v.trustPrincipal as TrustPrincipalKind }),
  });
  const problems = checkOptions(options);
  const flagOf = (field: keyof ScaffoldOptions): string => Object.entries(VALUE_FLAGS).find(([, k]) => k === field)?.[0] ?? field;
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems) io.err(`irsa-lint init: ${p.severity === 'error' ? 'error' : 'warning'}: ${flagOf(p.field)}: ${p.message}\n`);
  if (errors.length) return 2;

  const root = path.resolve(v.out !== undefined ? path.resolve(io.cwd ?? process.cwd(), v.out) : io.cwd ?? process.cwd());
  try {
    checkOutputFolder(root, `--out ${root}`);
  } catch (e) {
    if (!(e instanceof FolderError)) throw e;
    io.err(`irsa-lint init: ${e.message}\n`);
    return 2;
  }
  const files = renderScaffold(options);
  const plan = planWrites(files, (rel) => existingAt(root, rel));
  if (plan.blocked.length) {
    io.err(`irsa-lint init: cannot write ${plan.blocked.map((p) => path.join(root, p)).join(', ')}: something other than a file is in the way\n`);
    return 2;
  }
  if (plan.conflicts.length && !parsed.force) {
    io.err(
      `irsa-lint init: ${plan.conflicts.length} file(s) already exist in ${root} with other content:\n` +
        plan.conflicts.map((p) => `  ${p}\n`).join('') +
        'Nothing was written. Re-run with --force to overwrite them, or choose another --out.\n',
    );
    return 2;
  }
  const writes = writesFor(plan, parsed.force ? 'overwrite' : undefined);
  // Every folder first, one mkdir each (no recursive mkdir: it loops forever on /proc), so that a
  // folder that cannot be made stops the run before any file is written.
  try {
    for (const dir of new Set(writes.map((w) => path.posix.dirname(w.path)))) makeFolders(root, dir === '.' ? '' : dir);
  } catch (e) {
    if (!(e instanceof FolderError)) throw e;
    io.err(`irsa-lint init: ${e.message}\nNo file was written.\n`);
    return 2;
  }
  try {
    for (const w of writes) {
      const p = path.join(root, ...w.path.split('/'));
      fs.writeFileSync(p, w.content, { mode: w.executable ? 0o755 : 0o644 });
      if (w.executable) fs.chmodSync(p, 0o755);
    }
  } catch (e) {
    io.err(`irsa-lint init: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const verb = (s: string): string => (s === 'new' ? 'created ' : s === 'conflict' ? 'replaced' : 'unchanged');
  for (const p of plan.files) io.out(`${verb(p.status)}  ${path.join(root, p.file.path)}\n`);
  io.out(`\nNext: read ${path.join(root, 'README.md')} for the order of steps (ccoctl, destination role, oc apply).\n`);
  return 0;
}
