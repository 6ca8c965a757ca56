import { isAwsRequest } from './_cr';
import { known } from '../model/unknown';
import { inDocumentOrder } from '../model/order';
import { dirOfUri } from '../model/uri';
import { ccoctlRoleName } from '../domain';
import type { CredentialsRequest } from '../model/types';
import { get, str, type TreeNode } from '../parse/tree';
import { where } from './_util';
import type { DocumentRule } from './types';

/** ccoctl skips CredentialsRequests annotated `release.openshift.io/delete: "true"` (CCOCTL-utils). */
function deleted(cr: CredentialsRequest): boolean {
  return str(get(cr.root, 'metadata', 'annotations', 'release.openshift.io/delete')) === 'true';
}

/**
 * CredentialsRequests that ccoctl maps to one IAM role: the same secretRef, or (with a known `--name`
 * prefix) names that agree in their first 64 characters (CCOCTL-roles, domain §2.4, §2.7). Only AWS
 * requests of one folder count; a group of N is one finding, on its first member, with the other N−1
 * as related locations.
 */
const rule: DocumentRule = {
  id: 'ccoctl-role-name-collision',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'Two CredentialsRequests map to the same ccoctl IAM role (same secretRef, or the same first 64 characters).',
    details: [
      'ccoctl derives the role name only from the `--name` prefix and `spec.secretRef` (`<prefix>-<namespace>-<name>`, cut to 64 characters), and the Secret file name only from `secretRef` (`manifests/<namespace>-<name>-credentials.yaml`).',
      '',
      '**Why it matters.** Two CredentialsRequests with the same `secretRef`, or whose role names agree in the first 64 characters, get one role: ccoctl reuses the existing role (without updating its trust policy), puts the later request\'s inline policy over the earlier one (same policy name) and overwrites the Secret file. One of the two workloads silently ends up with the other\'s permissions or service accounts.',
      '',
      '**How to fix.** Give each CredentialsRequest its own `secretRef` (name or namespace), short enough that the role names differ within 64 characters; or merge the two requests into one with both sets of statements and service accounts.',
      '',
      '**What is compared.** Only AWS requests (`providerSpec.kind: AWSProviderSpec`) of one folder, since one ccoctl run reads one `--credentials-requests-dir` and `ccoctl aws` never reads other clouds\' requests (`oc adm release extract --credentials-requests --cloud=aws`): an operator that ships an AWS, an Azure and a GCP request with one shared `secretRef` is fine. Requests annotated `release.openshift.io/delete: "true"` are skipped by ccoctl and not compared. Two copies of one Kubernetes object (the same `metadata.namespace`/`metadata.name`, e.g. a full and a minified rendering of one request) are alternatives, not two requests. A group of N requests sharing a role is **one** finding, on the first of them (by file), with the other N−1 as related locations.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (createRole: role name, `roleName[0:64]`, Secret file name)',
      'https://github.com/openshift/oc/blob/master/pkg/cli/admin/release/extract.go',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc) || !doc.secretRef || deleted(doc)) return;
    // (#11 pattern 4) A templated secretRef is unknown until rendered: no role name to compute or compare.
    const ns = known(doc.secretRef.namespace);
    const name = known(doc.secretRef.name);
    if (!ns || !name) return;
    const prefix = ctx.settings.ccoctlName;
    const role = prefix ? ccoctlRoleName(prefix, ns, name) : undefined;
    // The group: every AWS request ccoctl maps to this role. With the prefix known that is "same role
    // name" (which same secretRef implies); without it, "same secretRef". Either way every member
    // computes the same group, so exactly one of them (the first) reports it.
    const group = new Set<CredentialsRequest>(ctx.ws.credentialsRequestsForSecret(ns, name));
    if (role) for (const d of ctx.ws.withKey(`role:${role}`)) if (d.kind === 'credentialsRequest') group.add(d);
    group.add(doc);
    // One `ccoctl aws create-iam-roles` run reads one --credentials-requests-dir: CRs in other folders
    // (an overlay per cluster) are other runs, usually with another --name, and do not collide here.
    // Requests for other clouds (linked by no key; isAwsRequest) and requests ccoctl skips are no members.
    const dir = dirOfUri(doc.uri);
    const members = inDocumentOrder([...group].filter((o) => isAwsRequest(o) && dirOfUri(o.uri) === dir && !deleted(o)));
    // Copies of one Kubernetes object (same metadata namespace/name: the API server keeps one of them)
    // are alternatives of one request — a full and a minified rendering — not two requests.
    const objects = new Set(members.map(objectKey));
    if (objects.size < 2 || members[0] !== doc) return;
    const others = members.slice(1);
    const label = (o: CredentialsRequest): string => `${str(o.name) ?? '(unnamed)'} (${where(ctx, o, anchorOf(o))}${sameRef(o, ns, name) ? '' : `, secretRef ${str(o.secretRef?.namespace)}/${str(o.secretRef?.name)}`})`;
    const allSameRef = others.every((o) => sameRef(o, ns, name));
    const list = others.map(label).join(', ');
    const n = members.length;
    ctx.report({
      at: { doc, node: anchorOf(doc) },
      message: allSameRef
        ? `${n === 2 ? `CredentialsRequest ${list} has` : `${n} CredentialsRequests (this one and ${list}) have`} the same secretRef ${ns}/${name}: ccoctl gives ${n === 2 ? 'both' : 'all of them'} one IAM role${role ? ` "${role}"` : ''}, ${n === 2 ? 'the' : 'each'} later inline policy replaces the earlier one and the Secret file is overwritten. Give each its own secretRef.`
        : `${n === 2 ? `CredentialsRequest ${list} maps` : `${n} CredentialsRequests (this one and ${list}) map`} to the same IAM role "${role}" after ccoctl cuts role names to 64 characters: ${n === 2 ? 'the' : 'each'} later inline policy replaces the earlier one. Shorten ${n === 2 ? 'one of the secretRef names' : 'the secretRef names'} so they differ within 64 characters.`,
      related: others.map((o) => ({ at: { doc: o, node: anchorOf(o) }, message: `CredentialsRequest ${str(o.name) ?? '(unnamed)'} maps to the same role` })),
    });
  },
};

/** Where a request's finding goes: its secretRef name (what decides the role), else secretRef, else the document. */
function anchorOf(cr: CredentialsRequest): TreeNode {
  return cr.secretRef?.name ?? cr.secretRef?.node ?? cr.root;
}

function sameRef(cr: CredentialsRequest, ns: string, name: string): boolean {
  return known(cr.secretRef?.namespace) === ns && known(cr.secretRef?.name) === name;
}

/** Kubernetes identity of the request object (kind is fixed): `<metadata.namespace>/<metadata.name>`, or its id when unnamed. */
function objectKey(cr: CredentialsRequest): string {
  const name = str(cr.name);
  return name === undefined ? cr.id : `${str(cr.namespace) ?? ''}/${name}`;
}

export default rule;
