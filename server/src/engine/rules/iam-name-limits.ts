import { looseRoleOf, ROLE_NAME, ROLE_NAME_MAX, ROLE_SESSION_NAME } from '../domain';
import type { DocRef } from '../model/types';
import type { ScalarNode } from '../parse/tree';
import { arnProblem, ArnUse, policyVariables, subTarget } from './_iam-util';
import type { DocumentRule, Target } from './types';

function nameProblem(kind: 'role' | 'session', name: string): string | undefined {
  const re = kind === 'role' ? ROLE_NAME : ROLE_SESSION_NAME;
  if (re.test(name)) return undefined;
  const min = kind === 'role' ? 1 : 2;
  const what = kind === 'role' ? 'Role name' : 'Role session name';
  const bad = [...new Set(name.replace(/[\w+=,.@-]/g, ''))];
  if (bad.length) return `${what} \`${name}\` contains ${bad.map((c) => `\`${c}\``).join(', ')}: IAM allows only letters, digits and \`+=,.@_-\`.`;
  if (name.length > ROLE_NAME_MAX) return `${what} \`${name}\` is ${name.length} characters long; the limit is ${ROLE_NAME_MAX}.`;
  return `${what} \`${name}\` is ${name.length} character${name.length === 1 ? '' : 's'} long; it needs at least ${min}.`;
}

/**
 * IAM014: role names are 1–64 characters of `[\w+=,.@-]` (IAM-model roleNameType), role session names
 * 2–64 of the same set (STS-model roleSessionNameType); checked in ARNs whose format is otherwise
 * valid (`arn-format` reports the rest), skipping wildcards in resources (domain §4.3, §4.4).
 */
const rule: DocumentRule = {
  id: 'iam-name-limits',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest', 'ccoctlSecret'],
  docs: {
    summary: 'Role names are 1–64 `[\\w+=,.@-]` characters; session names 2–64.',
    details: [
      'IAM role names are 1–64 characters of letters, digits and `+=,.@_-`; role session names are 2–64 characters of the',
      'same set. A principal or role ARN with a longer name or another character can never match a real role or session.',
      '',
      'ccoctl names its roles `<--name>-<secretRef.namespace>-<secretRef.name>` and **cuts them to 64 characters**, so a trust',
      'policy that spells out the full, longer name does not name the role ccoctl created.',
      '',
      'Checked in trust/identity policy principals, CredentialsRequest role ARNs (`resource`, `stsIAMRoleARN`) and the ccoctl',
      'Secret\'s `role_arn`. (`AWS_ROLE_SESSION_NAME` in workloads is checked by `role-session-name-format`.)',
      '',
      '**Fix**: use the exact (truncated) role name, and a session name such as the workload\'s `AWS_ROLE_SESSION_NAME`.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)',
      'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName)',
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/aws/create-iam-roles.go (`roleName[0:64]`)',
    ],
  },
  check(doc, ctx) {
    const text = ctx.text(doc.uri);
    const checkArn = (value: string, use: ArnUse, at: (index: number, length: number) => Target): void => {
      if (arnProblem(value, use)) return; // malformed or placeholder: arn-format's finding
      const r = looseRoleOf(value);
      if (!r) return;
      const nameAt = r.kind === 'assumed-role' ? value.indexOf('/', value.indexOf(':assumed-role')) + 1 : value.lastIndexOf('/') + 1;
      // Wildcards and IAM policy variables (`${aws:username}`) stand for names IAM fills in (IAM-UG policy variables).
      if (!/[*?]/.test(r.roleName) && !policyVariables(r.roleName).length) {
        const p = nameProblem('role', r.roleName);
        if (p) ctx.report({ at: at(nameAt, r.roleName.length), message: p });
      }
      if (r.sessionName !== undefined && !/[*?]/.test(r.sessionName) && !policyVariables(r.sessionName).length) {
        const p = nameProblem('session', r.sessionName);
        if (p) ctx.report({ at: at(nameAt + r.roleName.length + 1, r.sessionName.length), message: p });
      }
    };
    const inNode = (d: DocRef, n: ScalarNode) => (index: number, length: number): Target => subTarget(d, text, n, index, length);
    switch (doc.kind) {
      case 'iamPolicy':
        for (const st of doc.statements) {
          for (const p of st.principals) if (p.type === 'AWS') checkArn(String(p.value.value), 'principal-aws', inNode(doc, p.value));
          if (doc.policyType !== 'identity') continue;
          for (const r of [st.resource, st.notResource]) {
            for (const item of r?.kind === 'seq' ? r.items : r ? [r] : []) {
              if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.startsWith('arn:')) checkArn(item.value, 'resource', inNode(doc, item));
            }
          }
        }
        break;
      case 'credentialsRequest':
        for (const e of doc.statementEntries) {
          const r = e.resource;
          if (r?.kind === 'scalar' && typeof r.value === 'string' && r.value.startsWith('arn:')) checkArn(r.value, 'resource', inNode(doc, r));
        }
        if (doc.stsIAMRoleARN) checkArn(String(doc.stsIAMRoleARN.value), 'role', inNode(doc, doc.stsIAMRoleARN));
        break;
      case 'ccoctlSecret': {
        const e = doc.profile.get('role_arn');
        if (!e || e.value.trim() === '') break;
        const v = e.value.trim();
        const exact = e.exact && text.slice(e.start, e.end) === v;
        checkArn(v, 'role', (index, length) => (exact ? { uri: doc.uri, start: e.start + index, end: e.start + index + length } : { uri: doc.uri, start: e.start, end: e.end }));
        break;
      }
      default:
        break;
    }
  },
};

export default rule;
