import { isCcoctlInputDirName } from '../domain';
import { str } from '../parse/tree';
import { inDocumentOrder } from '../model/order';
import { dirOfUri } from '../model/uri';
import { fileName, where } from './_util';
import type { FileRule } from './types';

/**
 * `scriptUri` as a path from the folder both it and `dirUri` (ending in `/`) lie in, decoded:
 * `hack/create-roles.sh` for a script in `<repo>/hack/` naming `<repo>/deploy/aws-requests/`.
 */
function pathFromCommonFolder(dirUri: string, scriptUri: string): string {
  const a = dirUri.split('/');
  const b = scriptUri.replace(/[?#].*$/, '').split('/');
  let i = 0;
  while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
  return b.slice(i).map((seg) => {
    try {
      return decodeURIComponent(seg);
    } catch {
      return seg;
    }
  }).join('/');
}

function firstLineEnd(text: string, start: number, end: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? end : Math.min(nl, end);
}

/**
 * ccoctl reads every `.yaml`/`.yml` file directly in `--credentials-requests-dir` (not recursively)
 * and decodes every document as a CredentialsRequest without checking its kind (CCOCTL-utils
 * GetListOfCredentialsRequests, domain §2.2). Only a folder that is clearly that directory is checked:
 * one named as the ccoctl docs name it (`credrequests`, `credreqs`, `credentials-requests`; domain
 * CCOCTL_INPUT_DIR_NAMES), or named by a `ccoctl … --credentials-requests-dir <dir>` command of a shell
 * script of the workspace (parse/script.ts; the message names the script line). An operator's
 * `manifests/` or `assets/` holds a CredentialsRequest beside Deployments and RBAC on purpose (the
 * cluster-version operator or the operator applies them), and a folder holding nothing but
 * CredentialsRequests has nothing to report.
 */
const rule: FileRule = {
  id: 'credrequests-dir-content',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  docs: {
    summary: 'A ccoctl `--credentials-requests-dir` (a `credrequests/` folder, or one a script passes to ccoctl) should contain only CredentialsRequests.',
    details: [
      '`ccoctl aws create-iam-roles --credentials-requests-dir <dir>` reads every `.yaml`/`.yml` file directly in that directory (not sub-directories) and decodes **every document** in them as a CredentialsRequest, without looking at `kind`.',
      '',
      '**Why it matters.** A Deployment, Secret or any other manifest saved next to your CredentialsRequests is decoded as a CredentialsRequest with no `providerSpec`, and ccoctl fails on it ("Failed to decode the provider spec" or a crash), so no role at all is created for the run.',
      '',
      '**Which folders are checked.** Only folders that are clearly a ccoctl input folder: named `credrequests`, `credreqs`, `credentials-requests`, `credentialsrequests` or `credential-requests` (the ccoctl docs extract the requests with `oc adm release extract --credentials-requests --cloud=aws --to=./credrequests`). Any folder that a `ccoctl … --credentials-requests-dir <dir>` command of a shell script in the workspace (`*.sh`, `*.bash`) names is one too, whatever its name; the message names the script line. An operator\'s `manifests/`, `deploy/` or `assets/` folder holds a CredentialsRequest beside Deployments, CRDs and RBAC on purpose — the cluster-version operator, kustomize or the operator applies them, ccoctl never reads that folder — and is not reported. Each file is reported once, at its first other document, with the file\'s other such documents as related locations.',
      '',
      '**How scripts are read.** Only the words of a ccoctl command count: the command word ends in `ccoctl` (`ccoctl`, `./ccoctl`, `$BIN/ccoctl`), after `VAR=value` assignments, `sudo`, `time`, `if !` and the like; the folder follows `--credentials-requests-dir=` or `--credentials-requests-dir ` (both forms ccoctl\'s flag parser, spf13/pflag, accepts), across `\\` line continuations and with quotes removed. Text in quotes (`echo "… ccoctl …"`), comments and here-documents is not a command. A folder that holds a variable or a command substitution (`$DIR`, `${DIR}/credrequests`, `$(pwd)/cr`), starts with `~` or is a glob is skipped: irsa-lint does not run the shell to find out. ccoctl opens a relative folder from the directory it runs in. After `cd "$(dirname "$0")"` (optionally `/..`) that is the script\'s folder (or the one above); after any other `cd` it is unknown and a relative folder is skipped; with no `cd` the script may be run from its own folder or from the repository root, so `./deploy/aws-requests` in `hack/create-roles.sh` matches `hack/deploy/aws-requests/` and `deploy/aws-requests/` at the root (and any folder above the script). `.` alone names no folder unless a `cd` says where. Makefiles are not read.',
      '',
      '**How to fix.** Keep CredentialsRequests in their own directory (the guide uses `credrequests/`) and move other manifests elsewhere, or split a multi-document file so that only the CredentialsRequests stay in that directory. JSON files are not read by ccoctl and are not reported.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/utils.go (GetListOfCredentialsRequests)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/docs/ccoctl.md',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go',
      'https://github.com/spf13/pflag/blob/master/README.md#command-line-flag-syntax',
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html',
    ],
  },
  checkFile(file, ctx) {
    if (file.language !== 'yaml' || !/\.ya?ml$/i.test(file.uri.replace(/[?#].*$/, ''))) return;
    // ccoctl decodes every document as a CredentialsRequest; only other documents can be reported, so
    // files that hold nothing else return before any per-folder lookup.
    const others = file.documents.filter((d) => d.root?.kind === 'map' && str(d.root.pairs.find((p) => p.key.value === 'kind')?.value) !== 'CredentialsRequest');
    if (others.length === 0) return;
    const dir = dirOfUri(file.uri);
    const dirName = decodeURIComponent(dir.replace(/\/$/, '').slice(dir.replace(/\/$/, '').lastIndexOf('/') + 1));
    const byName = isCcoctlInputDirName(dirName);
    // (#11 pattern 2) A folder a script hands to ccoctl is its input whatever its name.
    const commands = byName ? [] : ctx.ccoctlCommandsNaming(dir);
    if (!byName && commands.length === 0) return;
    // The same order as the workspace's "first CR file of the folder" (code units, not localeCompare),
    // which decides when neighbours are re-checked.
    const inDir = inDocumentOrder(ctx.ws.credentialsRequestsInDir(dir));
    if (inDir.length === 0) return;
    const ownIndexes = new Set(inDir.filter((c) => c.uri === file.uri).map((c) => c.index));
    const reported = others.filter((d) => !ownIndexes.has(d.index));
    if (reported.length === 0) return;
    // The first CredentialsRequest of the folder by URI is named as the example (the workspace
    // re-checks neighbours when that one changes).
    const example = inDir[0]!;
    const crName = str(example.name) ?? str(example.secretRef?.name) ?? 'a CredentialsRequest';
    const exampleNode = example.kindNode ?? example.root;
    const text = ctx.text(file.uri);
    const anchorOf = (doc: (typeof reported)[number]) => {
      const kindPair = doc.root!.kind === 'map' ? doc.root!.pairs.find((p) => p.key.value === 'kind') : undefined;
      const node = kindPair?.value ?? doc.root!;
      return { kind: str(kindPair?.value), at: { uri: file.uri, start: node.start, end: kindPair?.value ? node.end : firstLineEnd(text, node.start, node.end) } };
    };
    // One finding per file (not one per document): the folder problem is one problem; the file's
    // other such documents ride along as related locations.
    const first = anchorOf(reported[0]!);
    const rest = reported.slice(1).map(anchorOf);
    const what = first.kind ? `This ${first.kind} document` : 'This document';
    const more = rest.length ? ` and ${rest.length} other document${rest.length > 1 ? 's' : ''} of this file that ${rest.length > 1 ? 'are' : 'is'} not a CredentialsRequest` : '';
    const command = commands[0];
    const why = command ? `, which a ccoctl command names as its --credentials-requests-dir (\`${command.dir}\` in ${pathFromCommonFolder(dir, command.uri)}:${ctx.line(command.uri, command.start)})` : '';
    const reader = command ? 'ccoctl' : '`ccoctl aws create-iam-roles --credentials-requests-dir`';
    ctx.report({
      at: first.at,
      message:
        `${what}${more} ${rest.length ? 'are' : 'is'} in ${dirName}/ next to CredentialsRequest ${crName} (${where(ctx, example, exampleNode)})${why}. ` +
        `${reader} decodes every document of every .yaml or .yml file there as a CredentialsRequest, so it fails on ${rest.length ? 'them' : 'this one'}. Move ${rest.length ? 'them' : 'it'} to another directory${file.documents.length > 1 ? ' or file' : ''}.`,
      related: [
        { at: { doc: example, node: exampleNode }, message: `CredentialsRequest ${crName} in ${fileName(example.uri)}` },
        ...commands.map((c) => ({ at: { uri: c.uri, start: c.start, end: c.end }, message: `ccoctl reads ${dirName}/ as --credentials-requests-dir (${fileName(c.uri)})` })),
        ...rest.map((r) => ({ at: r.at, message: `${r.kind ? `${r.kind} document` : 'Document'} that is not a CredentialsRequest` })),
      ],
    });
  },
};

export default rule;
