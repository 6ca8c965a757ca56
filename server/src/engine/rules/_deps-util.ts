/**
 * Linking a dependency manifest to the workloads that run its application (issue #14).
 *
 * The link is by folder tree, and every finding says which one it used: the workloads in files below
 * the nearest folder, from the manifest's own folder upward, whose tree holds any workload. So a
 * manifest next to (or above) its `deploy/` folder links to the workloads there, and a manifest in
 * `services/api/` with the workloads in `deploy/` links to those of the nearest folder that holds both.
 * Only workloads that use web identity credentials count: a container that sets `AWS_CONFIG_FILE`,
 * `AWS_SHARED_CREDENTIALS_FILE`, `AWS_ROLE_ARN` or `AWS_WEB_IDENTITY_TOKEN_FILE`, or a pod whose
 * ServiceAccount carries `eks.amazonaws.com/role-arn` (the webhook injects the variables).
 */
import type { Container, Workload } from '../model/types';
import { annotatedRole, effectiveServiceAccount, MAX_SHARED_TREE, webhookInjectsRole, workloadNamespace } from '../model/workload';
import type { AwsSdk, SdkDependency } from '../parse/manifest';
import { str } from '../parse/tree';
import { usesAws, workloadLabel } from './_workload-util';
import type { Report, RuleContext } from './types';

/** The workloads a manifest applies to and the sentence naming the link, for messages. */
export interface ManifestLink {
  /** IRSA workloads of the linked folder tree, in index order. */
  workloads: Workload[];
  /** The folder (URI ending in `/`) whose tree was used. */
  folder: string;
  /** "linked by folder tree: Deployment `app` in `deploy/app.yaml`, below this manifest's folder" (no final period). */
  via: string;
  /** The link alone, for a message that names the workload itself: "linked by folder tree `../`". */
  how: string;
  /**
   * Every workload the link could mean, web identity or not (`workloads` ⊆ `all`), and whether it is
   * exact: `.irsa.yaml` says so, the workloads are below the manifest's own folder, the shared tree
   * holds one workload, or a name matches. Otherwise the application is one of `all`, unknown which.
   */
  all: Workload[];
  exact: boolean;
    /** For workloads `.irsa.yaml` names with containers (`orders-api/app`): only those containers. */
  containers?: ReadonlyMap<Workload, ReadonlySet<string>>;
}

function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** True when the pod gets web identity credentials from the variables, the ccoctl profile or the webhook. */
export function usesWebIdentity(ctx: RuleContext, w: Workload): boolean {
  return w.containers.some((c) => usesAws(c)) || webhookMutates(ctx, w);
}

/**
 * The pod identity webhook gives the pod AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: its
 * ServiceAccount (same namespace when known) carries `eks.amazonaws.com/role-arn` and some container
 * is not skipped (model/workload.ts webhookInjectsRole).
 */
export function webhookMutates(ctx: RuleContext, w: Workload): boolean {
  const sas = ctx.ws.serviceAccounts(effectiveServiceAccount(w), workloadNamespace(w));
  return sas.some((sa) => annotatedRole(sa) !== undefined) && webhookInjectsRole(w);
}

/**
 * The workloads `manifestUri` applies to: those `.irsa.yaml` \`applications\` names for the manifest's
 * folder or the nearest folder above it that the setting lists (which wins: it is there for the cases
 * the folder tree gets wrong), else those of the nearest folder tree (see the module comment).
 * Undefined when none of them uses web identity credentials.
 */
export function linkedWorkloads(ctx: RuleContext, manifestUri: string): ManifestLink | undefined {
  const configured = fromApplications(ctx, manifestUri);
  if (configured !== null) return configured;
  const own = dirOf(manifestUri);
  let folder = own;
  for (;;) {
    // Indexed by folder and by name: the code files and manifests of a monorepo each ask this, and a
    // walk over every workload per file made `irsa-lint` quadratic (bench/cli-throughput.mjs --code).
    const count = ctx.ws.countWorkloadsBelow(folder);
    if (count > 0) {
      const rel = relativePath(manifestUri, folder) || './';
      if (folder === own || count === 1) {
        const tree = ctx.ws.workloadsBelow(folder);
        const how = folder === own ? "linked by folder tree: this manifest's folder" : `linked by folder tree \`${rel}\`, the nearest folder above this manifest that holds workloads`;
        return withWebIdentity(ctx, manifestUri, tree, true, folder, how);
      }
      // Several workloads in a shared tree: the one named like a folder between it and the manifest
      // (the nearest first: `services/orders-api/src/aws.ts` → `src`, then `orders-api`) is this
      // application's.
      for (const [i, app] of foldersBetween(own, folder).entries()) {
        const named = ctx.ws.workloadsNamed(app).filter((w) => w.uri.startsWith(folder));
        if (named.length > 0) {
          const which = i === 0 ? `this manifest's folder \`${app}\`` : `the folder \`${app}\` above this manifest`;
          const how = `linked by name: ${which} names a workload (or its container or image) in \`${rel}\`, the nearest folder above it that holds workloads`;
          return withWebIdentity(ctx, manifestUri, named, true, folder, how);
        }
      }
      // One of many is no link: a finding would name an arbitrary workload of the tree. `.irsa.yaml`
      // `applications` says which it is.
      if (count > MAX_SHARED_TREE) return undefined;
      const how = `linked by folder tree \`${rel}\`, the nearest folder above this manifest that holds workloads`;
      return withWebIdentity(ctx, manifestUri, ctx.ws.workloadsBelow(folder), false, folder, how);
    }
    const up = dirOf(folder.slice(0, -1));
    if (up === folder || up.length < 'file:///'.length || !up.includes('/')) return undefined;
    folder = up;
  }
}

export { MAX_SHARED_TREE };

/** The names of the folders from `own` (a folder URI) up to, not including, its ancestor `top`; the nearest first, decoded. */
function foldersBetween(own: string, top: string): string[] {
  const out: string[] = [];
  for (let f = own; f.length > top.length && f.startsWith(top); f = dirOf(f.slice(0, -1))) {
    const name = decodeURIComponent(f.slice(0, -1).slice(f.slice(0, -1).lastIndexOf('/') + 1));
    if (name) out.push(name);
  }
  return out;
}

/** The link to `tree`, undefined when none of its workloads uses web identity credentials. */
function withWebIdentity(ctx: RuleContext, manifestUri: string, tree: Workload[], exact: boolean, folder: string, how: string): ManifestLink | undefined {
  const workloads = tree.filter((w) => usesWebIdentity(ctx, w));
  if (workloads.length === 0) return undefined;
  return { workloads, all: tree, exact, folder, via: linkSentence(manifestUri, how, workloads), how };
}

/**
 * Whether a finding that holds for the linked workloads that use web identity is this application's:
 * the link is exact, or every workload it could be uses web identity (so whichever runs the
 * application does).
 */
export function decided(link: ManifestLink): boolean {
  return link.exact || link.workloads.length === link.all.length;
}

/**
 * The link `.irsa.yaml` \`applications\` gives: null when no listed folder is the manifest's folder or
 * above it (the folder tree decides), undefined when the listed workloads do not use web identity.
 * Folders are matched as the end of the folder's URI, as \`trustPolicies\` files are (model/trust.ts).
 */
function fromApplications(ctx: RuleContext, manifestUri: string): ManifestLink | undefined | null {
  const apps = ctx.settings.applications;
  if (!apps) return null;
  const dir = dirOf(manifestUri);
  let best: { folder: string; key: string } | undefined;
  for (const key of Object.keys(apps)) {
    const enc = '/' + key.split('/').filter(Boolean).map(encodeURIComponent).join('/') + '/';
    // The manifest's folder or a folder above it.
    for (let at = dir.indexOf(enc); at >= 0; at = dir.indexOf(enc, at + 1)) {
      const folder = dir.slice(0, at + enc.length);
      if (!best || folder.length > best.folder.length) best = { folder, key };
    }
  }
  if (!best) return null;
  const refs = apps[best.key]!;
  const containers = new Map<Workload, Set<string>>();
  const workloads: Workload[] = [];
  for (const w of ctx.ws.all('workload')) {
    const mine = refs.filter((r) => r.workload === str(w.name));
    if (mine.length === 0) continue;
    if (mine.some((r) => r.container === undefined)) {
      if (!usesWebIdentity(ctx, w)) continue;
    } else {
      const names = new Set(mine.map((r) => r.container!));
      if (!w.containers.some((c) => names.has(str(c.name) ?? '') && usesAws(c)) && !webhookMutates(ctx, w)) continue;
      containers.set(w, names);
    }
    workloads.push(w);
  }
  if (workloads.length === 0) return undefined;
  const how = `linked by \`.irsa.yaml\` applications: \`${best.key}\``;
  const first = workloads[0]!;
  const more = workloads.length > 1 ? ` and ${workloads.length - 1} more` : '';
  return { workloads, all: workloads, exact: true, folder: best.folder, containers, how, via: `${how}; runs in ${workloadLabel(first)} in \`${relativePath(manifestUri, first.uri)}\`${more}` };
}

/** The path of `uri` relative to the folder of `fromUri` (`deploy/app.yaml`, `../deploy/app.yaml`). */
export function relativePath(fromUri: string, uri: string): string {
  const from = dirOf(fromUri).split('/').slice(0, -1);
  const to = uri.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

function linkSentence(manifestUri: string, how: string, workloads: Workload[]): string {
  const first = workloads[0]!;
  const more = workloads.length > 1 ? ` and ${workloads.length - 1} more` : '';
  return `${how}; runs in ${workloadLabel(first)} in \`${relativePath(manifestUri, first.uri)}\`${more}`;
}

/** The SDKs as users name them in messages. */
export const SDK_LABEL: Record<AwsSdk, string> = {
  'js-v2': 'AWS SDK for JavaScript v2',
  'js-v3': 'AWS SDK for JavaScript v3',
  boto3: 'AWS SDK for Python (boto3)',
  botocore: 'AWS SDK for Python (botocore)',
  'go-v1': 'AWS SDK for Go v1',
  'go-v2': 'AWS SDK for Go v2',
  'java-v1': 'AWS SDK for Java 1.x',
  'java-v2': 'AWS SDK for Java 2.x',
};

/** Dependencies the application runs with: not test-only, not only a version constraint. */
export function runtimeDeps(deps: readonly SdkDependency[]): SdkDependency[] {
  return deps.filter((d) => !d.dev && !d.managed);
}

/** The value of an env var in a container when it is a literal string. */
export function envLiteral(c: Container, name: string): string | undefined {
  const e = [...c.env].reverse().find((v) => str(v.name) === name);
  if (!e || !e.value || e.value.kind !== 'scalar' || e.value.value === null) return undefined;
  return String(e.value.value);
}

/** The first linked workload as a related location of a manifest finding. */
export function relatedWorkload(link: ManifestLink): NonNullable<Report['related']> {
  const w = link.workloads[0]!;
  return [{ at: { doc: w, node: w.name ?? w.root }, message: `${workloadLabel(w)}: runs with web identity credentials` }];
}
