/**
 * `IRSA: New Credential Set…` (`irsa.newCredentialSet`): a QuickPick/InputBox wizard over the pure
 * renderer in shared/src/scaffold. Reachable from the command palette and from the explorer's
 * context menu on a folder (the folder arrives as the command argument).
 *
 * Writes every file as ONE WorkspaceEdit (one undo), with `createFile` and no overwrite, after
 * {@link planWrites} has sorted the files into new / unchanged / conflicting; conflicting files are
 * replaced only after a modal confirmation. Identical files are left alone.
 */
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import {
  APP_LANGUAGES,
  AppLanguage,
  AWS_REGIONS,
  checkOptions,
  parseActions,
  ScaffoldOptions,
  ScaffoldWorkloadKind,
  TrustPrincipalKind,
  validateAccountId,
  validateActions,
  validateCcoctlName,
  validateIdentityProviderArn,
  validateImage,
  validateNamespace,
  validateRoleName,
  validateSecretName,
  validateServiceAccount,
  validateSessionName,
  Validator,
  withDefaults,
  WORKLOAD_KINDS,
} from '../../../shared/src';
import { ExistingEntry, planWrites, writesFor } from '../../../shared/src';
import { renderScaffold, scaffoldNames } from '../../../shared/src';

export const NEW_CREDENTIAL_SET_COMMAND = 'irsa.newCredentialSet';
const TITLE = 'IRSA: New Credential Set';

/**
 * The handler of {@link NEW_CREDENTIAL_SET_COMMAND} (registered by extension.ts, which loads this
 * module on first use): `target` is the explorer folder (a Uri) or anything else from the palette.
 * Errors become an error message, never a rejected command.
 */
export async function runNewCredentialSet(target?: unknown): Promise<void> {
  try {
    await newCredentialSet(target instanceof vscode.Uri ? target : undefined);
  } catch (e) {
    void vscode.window.showErrorMessage(`${TITLE}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Thrown (and swallowed) when the user closes a step. */
class Cancelled extends Error {}

const LANGUAGE_LABELS: Record<AppLanguage, string> = {
  typescript: 'TypeScript — AWS SDK for JavaScript v3',
  python: 'Python — boto3',
  go: 'Go — AWS SDK for Go v2',
  java: 'Java — AWS SDK for Java 2.x',
};

const TOTAL_STEPS = 14;

async function input(step: number, prompt: string, value: string, validate: Validator, placeHolder?: string): Promise<string> {
  const v = await vscode.window.showInputBox({
    title: `${TITLE} (${step}/${TOTAL_STEPS})`,
    prompt,
    value,
    ...(placeHolder !== undefined && { placeHolder }),
    ignoreFocusOut: true,
    validateInput: (text) => validate(text.trim()),
  });
  if (v === undefined) throw new Cancelled();
  return v.trim();
}

async function pick<T extends string>(step: number, placeHolder: string, items: { value: T; label: string; description?: string; detail?: string }[], current: T): Promise<T> {
  const qp = items.map((i) => ({ ...i, picked: i.value === current }));
  // The current/default choice first, so Enter accepts it.
  qp.sort((a, b) => Number(b.value === current) - Number(a.value === current));
  const chosen = await vscode.window.showQuickPick(qp, {
    title: `${TITLE} (${step}/${TOTAL_STEPS})`,
    placeHolder,
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  if (!chosen) throw new Cancelled();
  return chosen.value;
}

/**
 * Asks for every value, each validated as it is typed; later defaults follow earlier answers.
 * `inherited` holds the ccoctl values of the workspace's `.irsa.yaml`, which become the defaults.
 */
export async function askOptions(inherited: InheritedConfig = {}): Promise<ScaffoldOptions> {
  const namespace = await input(1, 'Namespace of the workload and of the Secret ccoctl writes (secretRef.namespace)', '', validateNamespace, 'e.g. team-a');
  const serviceAccount = await input(2, 'Service account the pod runs as (serviceAccountNames)', '', validateServiceAccount, 'e.g. orders-reader');
  let o = withDefaults({ namespace, serviceAccount, ...inherited });
  o.secretName = await input(3, 'Name of the Secret ccoctl writes (secretRef.name; also the CredentialsRequest name)', o.secretName, validateSecretName);
  o.ccoctlName = await input(4, 'ccoctl --name: prefix of the IAM role ccoctl creates (<name>-<namespace>-<secret>)', o.ccoctlName, validateCcoctlName);
  const region = await pick(
    5,
    'AWS region (AWS_REGION and AWS_DEFAULT_REGION)',
    AWS_REGIONS.map((r) => ({ value: r.id, label: r.id, description: r.description })),
    o.region,
  );
  o = withDefaults({ namespace, serviceAccount, secretName: o.secretName, ccoctlName: o.ccoctlName, region, ...(o.ccoctlName === inherited.ccoctlName && inherited.identityProviderArn !== undefined && { identityProviderArn: inherited.identityProviderArn }) });
  o.identityProviderArn = await input(6, 'ARN of the cluster\'s IAM OIDC provider (ccoctl --identity-provider-arn)', o.identityProviderArn, validateIdentityProviderArn);
  o.destinationAccountId = await input(7, 'Destination account id (12 digits): the account of the role the application assumes', o.destinationAccountId, validateAccountId);
  o.destinationRoleName = await input(8, 'Destination role name (in that account)', o.destinationRoleName, validateRoleName);
  o.roleSessionName = await input(9, 'Role session name (AWS_ROLE_SESSION_NAME; 2–64 characters)', o.roleSessionName, validateSessionName);
  o.workloadKind = await pick<ScaffoldWorkloadKind>(
    10,
    'Workload kind',
    WORKLOAD_KINDS.map((k) => ({ value: k, label: k, ...(k === 'DeploymentConfig' && { description: 'deprecated since OpenShift 4.14' }) })),
    o.workloadKind,
  );
  o.image = await input(11, 'Container image', o.image, validateImage);
  o.actions = parseActions(await input(12, 'AWS actions the destination role allows (comma-separated)', o.actions.join(', '), validateActions));
  o.language = await pick<AppLanguage>(
    13,
    'Language of the generated refresh-aware application code',
    APP_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] })),
    o.language,
  );
  const n = scaffoldNames(o);
  o.trustPrincipal = await pick<TrustPrincipalKind>(
    14,
    'Whom the destination role trusts',
    [
      { value: 'role', label: 'The ccoctl role', description: n.ccoctlRoleArn, detail: 'Any session of the pod\'s role; works with every SDK.' },
      {
        value: 'assumed-role',
        label: 'One session of the ccoctl role',
        description: n.ccoctlSessionArn,
        detail: 'Pins the session name; the application must use exactly that name.',
      },
    ],
    o.trustPrincipal,
  );
  return o;
}

async function chooseFolder(target: vscode.Uri | undefined): Promise<vscode.Uri> {
  if (target) {
    const st = await vscode.workspace.fs.stat(target);
    return st.type & vscode.FileType.Directory ? target : vscode.Uri.joinPath(target, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const browse = { label: '$(folder-opened) Choose a folder…', uri: undefined as vscode.Uri | undefined };
  const items = [...folders.map((f) => ({ label: `$(root-folder) ${f.name}`, description: f.uri.fsPath, uri: f.uri as vscode.Uri | undefined })), browse];
  const chosen = items.length === 1 ? browse : await vscode.window.showQuickPick(items, { title: `${TITLE}: folder`, placeHolder: 'Where to write the files', ignoreFocusOut: true });
  if (!chosen) throw new Cancelled();
  if (chosen.uri) return chosen.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Write Credential Set Here',
    ...(folders[0] && { defaultUri: folders[0].uri }),
  });
  if (!picked?.[0]) throw new Cancelled();
  return picked[0];
}

/** Largest existing file read to compare with what the wizard would write, in bytes (its files are a few KiB). */
const MAX_EXISTING_BYTES = 1024 * 1024;

async function readExisting(uri: vscode.Uri): Promise<ExistingEntry> {
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  // Not a regular file, or too large to be ours (a FIFO or a link to /dev/zero in an untrusted
  // workspace would block or never end): never read, never replaced.
  if (!(st.type & vscode.FileType.File) || st.type & vscode.FileType.SymbolicLink || st.size > MAX_EXISTING_BYTES) return null;
  // An open, modified editor counts: its text is what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/** ccoctl values of a workspace's `.irsa.yaml`, used as the wizard's defaults. */
export interface InheritedConfig {
  ccoctlName?: string;
  identityProviderArn?: string;
}

/**
 * The `.irsa.yaml` at the root of the workspace folder that holds `folder`, when `folder` is below
 * that root. The linter reads only the root's file, so a set written into a sub-folder must use the
 * root's ccoctl `--name`, and must not get an `.irsa.yaml` of its own that would be ignored.
 */
async function rootConfig(folder: vscode.Uri): Promise<{ root: vscode.Uri; config: InheritedConfig } | undefined> {
  const ws = vscode.workspace.getWorkspaceFolder(folder);
  if (!ws || ws.uri.toString() === folder.toString()) return undefined;
  const text = await readExisting(vscode.Uri.joinPath(ws.uri, '.irsa.yaml'));
  if (typeof text !== 'string') return undefined;
  return { root: ws.uri, config: parseInheritedConfig(text) };
}

/** Reads `ccoctl.name` and `ccoctl.identityProviderArn` from `.irsa.yaml` text (nothing else is needed here). */
export function parseInheritedConfig(text: string): InheritedConfig {
  const out: InheritedConfig = {};
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return out;
  }
  const cc = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)['ccoctl'] : undefined;
  if (cc && typeof cc === 'object') {
    const c = cc as Record<string, unknown>;
    if (typeof c['name'] === 'string' && validateCcoctlName(c['name']) === undefined) out.ccoctlName = c['name'];
    if (typeof c['identityProviderArn'] === 'string' && validateIdentityProviderArn(c['identityProviderArn']) === undefined) out.identityProviderArn = c['identityProviderArn'];
  }
  return out;
}

/** The command: folder → wizard → plan → (confirm) → one WorkspaceEdit. */
export async function newCredentialSet(target?: vscode.Uri): Promise<void> {
  let folder: vscode.Uri;
  let options: ScaffoldOptions;
  let inherited: Awaited<ReturnType<typeof rootConfig>>;
  try {
    folder = await chooseFolder(target);
    inherited = await rootConfig(folder);
    options = await askOptions(inherited?.config);
  } catch (e) {
    if (e instanceof Cancelled) return;
    throw e;
  }
  const problems = checkOptions(options);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    void vscode.window.showErrorMessage(`${TITLE}: ${errors.map((p) => p.message).join(' ')}`);
    return;
  }
  for (const w of problems) void vscode.window.showWarningMessage(`${TITLE}: ${w.message}`);

  // The workspace's own .irsa.yaml governs linting of a sub-folder; a nested one would be ignored.
  const files = renderScaffold(options, { config: !inherited });
  if (inherited) {
    if (inherited.config.ccoctlName !== undefined && inherited.config.ccoctlName !== options.ccoctlName) {
      void vscode.window.showWarningMessage(
        `${TITLE}: ${vscode.workspace.asRelativePath(vscode.Uri.joinPath(inherited.root, '.irsa.yaml'))} sets ccoctl name "${inherited.config.ccoctlName}", but this set uses "${options.ccoctlName}"; the checks use the workspace's value.`,
      );
    }
  }
  const uriOf = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder, ...rel.split('/'));
  const existing = new Map<string, ExistingEntry>();
  for (const f of files) existing.set(f.path, await readExisting(uriOf(f.path)));
  const plan = planWrites(files, (p) => existing.get(p));
  if (plan.blocked.length) {
    void vscode.window.showErrorMessage(`${TITLE}: cannot write ${plan.blocked.join(', ')}: something other than a file is in the way.`);
    return;
  }
  let decision: 'overwrite' | 'keep' | undefined;
  if (plan.conflicts.length) {
    const overwrite = 'Overwrite';
    const keep = 'Keep Existing Files';
    const answer = await vscode.window.showWarningMessage(
      `${plan.conflicts.length} file(s) of the credential set already exist in ${folder.fsPath} with other content. Overwrite them?`,
      { modal: true, detail: plan.conflicts.join('\n') + '\n\n"Keep Existing Files" writes only the files that do not exist yet.' },
      overwrite,
      keep,
    );
    if (answer === undefined) return;
    decision = answer === overwrite ? 'overwrite' : 'keep';
  }
  const writes = writesFor(plan, decision);
  if (writes.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: nothing to write, the files in ${folder.fsPath} are already up to date.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: TITLE, needsConfirmation: false };
  const encoder = new TextEncoder();
  for (const w of writes) edit.createFile(uriOf(w.path), { overwrite: w.overwrite, contents: encoder.encode(w.content) }, metadata);
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showErrorMessage(`${TITLE}: the files could not be written (did one appear meanwhile?). Nothing was changed.`);
    return;
  }
  const n = scaffoldNames(options);
  const doc = await vscode.workspace.openTextDocument(uriOf(n.paths.readme));
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(
    `${TITLE}: wrote ${writes.length} file(s) to ${folder.fsPath}. README.md lists the steps (ccoctl, destination role, oc apply).`,
  );
}
