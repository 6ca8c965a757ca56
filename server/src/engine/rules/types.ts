/**
 * The rule contract. One rule per file under `rules/<rule-id>.ts`, listed in `rules/index.ts`.
 * A rule reports a node (and which part of it) and the core turns that into a range through the
 * parser's offsets; severity is metadata that users can override per id.
 */
import type { CcoctlSecret, CredentialsRequest, DocRef, DocumentOfKind, IamPolicy, IrsaDocument, IrsaKind, Kustomization, RoleUse, ServiceAccount, Workload } from '../model/types';
import type { ParsedFile } from '../parse/types';
import type { TreeNode } from '../parse/tree';
import type { FileCreation, IrsaSettings, Severity } from '../types';
import type { SchemaFinding } from '../schema/validate';

export interface RuleDocs {
  /** One line, shown in hovers and SARIF `shortDescription`. */
  summary: string;
  /** Markdown: why it matters and how to fix it. The docs page repeats it. */
  details: string;
  /**
   * What the rule rests on, each a source a reader can open: an http(s) URL (ccoctl or SDK source on
   * GitHub, a Kubernetes or AWS documentation page) or a path of this repository, optionally followed
   * by a note, e.g. `https://…/create-iam-roles.go (createRole: roleName[0:64])`. Never a key of an
   * internal document; test/unit/rule-docs.test.ts fails otherwise.
   */
  sources: string[];
  /**
   * (issue #15) The rule checks against AWS's IAM service catalogue (engine/iam/catalog.ts): its docs
   * page then names the catalogue's date and the Service Authorization Reference (scripts/gen-rule-docs.mjs).
   */
  catalogue?: boolean;
}

/** Where a finding is: a node of a document (key, value, or the whole `key: value` pair), or raw offsets. */
export type Target =
  | { doc: DocRef; node: TreeNode; part?: 'key' | 'value' | 'pair' }
  | { uri: string; start: number; end: number };

/** A text edit expressed against a document or by offsets. */
export interface EditSpec {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

export interface FixSpec {
  title: string;
  edits: EditSpec[];
  preferred?: boolean;
  /** (issue #14) Files created before the edits apply; see {@link FileCreation} (never overwritten). */
  creates?: FileCreation[];
  /**
   * The edits were computed from the text alone (e.g. delete a known placeholder line), not from the
   * parse tree, so they stay right in a document whose tree is not sound. Other fixes are dropped
   * there (see `Workspace`); the syntax rules (yaml-syntax, json-syntax) always compute from the text.
   */
  fromText?: boolean;
}

export interface Report {
  at: Target;
  message: string;
  /** Overrides the rule's default severity for this finding (a user override still wins). */
  severity?: Severity;
  related?: { at: Target; message: string }[];
  fixes?: FixSpec[];
}

/**
 * The questions a rule may ask about the other documents of the workspace (implemented by the
 * workspace index, workspace/view.ts). Every answer is built from lookups the engine records per
 * check: after an edit it re-checks exactly the files whose recorded lookups the edited documents
 * answer (before or after the edit), so a new rule that asks only these questions needs no
 * invalidation code of its own. Results are in document order (URI, then index) unless said otherwise.
 */
export interface WorkspaceQueries {
  /** Documents of every kind that carry the link key `key` (`secret:<ns>/<name>`, `role:<name>`, …; see linkKeys). */
  withKey(key: string): IrsaDocument[];
  /** The link keys of a document the index holds (empty for any other). */
  keys(d: IrsaDocument): string[];
  /** Every document of a kind (index order). Costly in a big workspace: any change of that kind re-checks the caller. */
  all<K extends IrsaKind>(kind: K): DocumentOfKind<K>[];
  /** Number of documents of a kind. */
  count(kind: IrsaKind): number;
  /** CredentialsRequests in files directly inside the folder `dir` (a URI ending in `/`). */
  credentialsRequestsInDir(dir: string): CredentialsRequest[];
  /** The smallest URI of a file directly inside `dir` that holds a CredentialsRequest. */
  firstCredentialsRequestUriInDir(dir: string): string | undefined;
  /** CredentialsRequests whose `spec.secretRef` is exactly `namespace/name`. */
  credentialsRequestsForSecret(namespace: string, name: string): CredentialsRequest[];
  /** CredentialsRequests whose `spec.secretRef.name` is `name`, in any namespace. */
  credentialsRequestsForSecretName(name: string): CredentialsRequest[];
  /** ccoctl Secrets written for a CredentialsRequest (its secretRef), nearest first. */
  secretsFor(cr: CredentialsRequest): CcoctlSecret[];
  /** The CredentialsRequests a workload draws its AWS identity from. */
  credentialsRequestsFor(w: Workload): CredentialsRequest[];
  /** Workloads that draw their identity from `cr`. */
  workloadsFor(cr: CredentialsRequest): Workload[];
  /** The IAM role name ccoctl creates for `cr`, when known. */
  roleNameFor(cr: CredentialsRequest): string | undefined;
  /** CredentialsRequests whose ccoctl role could be `roleName`; nearest to `fromUri` when given. */
  credentialsRequestsForRole(roleName: string, fromUri?: string): CredentialsRequest[];
  /** Trust policies whose AWS principals name the ccoctl role of `cr`. */
  trustPoliciesFor(cr: CredentialsRequest): IamPolicy[];
  /** Workloads that run with the web identity role `roleName`, with the Secret/ServiceAccount/env value linking each (issue #13). */
  workloadsUsingRole(roleName: string, options?: { webhookOnly?: boolean }): RoleUse[];
  /** Web identity trust policies of the role `roleName` (its RoleName document or file name). */
  webIdentityTrustPoliciesOf(roleName: string): IamPolicy[];
  /** Trust policies with a `:sub` value exactly `system:serviceaccount:<namespace>:<name>`. */
  trustPoliciesNamingSubject(namespace: string, name: string): IamPolicy[];
  /** ServiceAccount manifests named `name` (in `namespace` when given). */
  serviceAccounts(name: string, namespace?: string): ServiceAccount[];
  /** Workloads whose pods run as the service account `name`, in any namespace. */
  workloadsRunningAs(name: string): Workload[];
  /**
   * Workloads in files below the folder `folder` (a URI ending in `/`), at any depth. Indexed: O(result);
   * re-checks the caller only when a workload below that folder changes.
   */
  workloadsBelow(folder: string): Workload[];
  /** How many workloads {@link workloadsBelow} would return, without listing (or sorting) them. */
  countWorkloadsBelow(folder: string): number;
  /** Workloads one of whose {@link applicationNames} (model/workload.ts) is `name`. Indexed: O(result). */
  workloadsNamed(name: string): Workload[];
  /** The only CredentialsRequest whose `secretRef.namespace` is `namespace`, else undefined. */
  onlyCredentialsRequestIn(namespace: string): CredentialsRequest | undefined;
  /** IRSA-shaped workloads (AWS_CONFIG_FILE) whose `metadata.namespace` is `namespace`. */
  irsaShapedWorkloadsIn(namespace: string): Workload[];
  /** The kustomizations that emit the file `uri` as a resource (directly or through overlays). */
  kustomizationsEmitting(uri: string): Kustomization[];
  /** Why `w` is not a whole pod when read alone (a patch, a patched base), or undefined. */
  partialReason(w: Workload): string | undefined;
  /** The namespace kustomize emits `w` into: undefined when none sets one, null when not known. */
  kustomizeNamespace(w: Workload | ServiceAccount): string | null | undefined;
  /** The namespace `w` runs in: the kustomize namespace when known, else its metadata.namespace. */
  effectiveNamespace(w: Workload | ServiceAccount): string | undefined;
}

export interface RuleContext {
  readonly settings: IrsaSettings;
  readonly ws: WorkspaceQueries;
  /** Full text of a file in the workspace (for building edits). */
  text(uri: string): string;
  /**
   * True when the folder `dir` (a URI ending in `/`) is clearly a ccoctl `--credentials-requests-dir`:
   * named like one (domain CCOCTL_INPUT_DIR_NAMES), or holding CredentialsRequests and no `.yaml`/`.yml`
   * file with anything else (#11 pattern 2). An operator's `manifests/` is not one.
   */
  isCcoctlInputDir(dir: string): boolean;
  /**
   * The ccoctl commands of the workspace's shell scripts whose `--credentials-requests-dir` may be the
   * folder `dir` (a URI ending in `/`), by script URI then position; empty when none does (#11
   * pattern 2, parse/script.ts).
   */
  ccoctlCommandsNaming(dir: string): CcoctlCommandRef[];
  /**
   * (issue #13) The `aws iam create-role --role-name <role> --assume-role-policy-document file://<path>`
   * and `aws iam update-assume-role-policy --role-name <role> --policy-document file://<path>` commands
   * of the workspace's shell scripts whose `<path>` may be the file `policyUri` (resolved against the
   * script's folder and the folders above it, or the folder it `cd`s to: parse/script.ts
   * scriptFileCandidates), by script URI then position; empty when none does.
   */
  roleNamesFromScripts(policyUri: string): ScriptRoleRef[];
  /** 1-based line of an offset (UTF-16 code units) in a file of the workspace; O(log lines). */
  line(uri: string, offset: number): number;
  report(r: Report): void;
}

/** A `ccoctl … --credentials-requests-dir <dir>` argument in a script: `start`/`end` are offsets of `<dir>` in it. */
export interface CcoctlCommandRef {
  uri: string;
  /** The folder as the script writes it. */
  dir: string;
  start: number;
  end: number;
}

/** An `aws iam` command of a script naming a trust policy file's role: `start`/`end` are offsets of the role name in the script. */
export interface ScriptRoleRef {
  roleName: string;
  command: 'create-role' | 'update-assume-role-policy';
  scriptUri: string;
  start: number;
  end: number;
}

/** The scope tells the core whether a rule's findings depend on other files. */
export type RuleScope = 'file' | 'workspace';

interface RuleBase {
  /** kebab-case, stable, equal to the file name. */
  id: string;
  defaultSeverity: Severity;
  scope: RuleScope;
  docs: RuleDocs;
}

/** A rule over one classified document (possibly looking at others through `ctx.ws`). */
export interface DocumentRule extends RuleBase {
  appliesTo: readonly IrsaKind[];
  /** Set when JSON-schema errors annotated `"x-irsa-rule": "<id>"` are reported under this id. */
  schemaBacked?: boolean;
  check?(doc: IrsaDocument, ctx: RuleContext): void;
  /**
   * Refines one of this rule's schema findings: a better message, a quick fix, related locations, a
   * different severity, or another target. Return `undefined` to keep the finding as it is and `null`
   * to drop it (e.g. a missing `effect` when a misspelt `Effect` is already reported).
   */
  refineSchemaFinding?(finding: SchemaFinding, doc: IrsaDocument, ctx: RuleContext): Partial<Report> | null | undefined;
}

/** A rule over a whole parsed file (syntax, size limits), whatever its documents are. */
export interface FileRule extends RuleBase {
  appliesTo: readonly ['file'];
  /** (issue #14) A rule over application code: it reads only {@link ParsedFile.code} (docs and the rule index list it apart). */
  code?: true;
  checkFile(file: ParsedFile, ctx: RuleContext, uriText: string): void;
}

export type Rule = DocumentRule | FileRule;

export function isFileRule(r: Rule): r is FileRule {
  return (r.appliesTo as readonly string[])[0] === 'file';
}
