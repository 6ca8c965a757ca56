/** What the principals of an IAM policy name. */
import { looseRoleOf } from '../domain';
import type { IamPolicy } from './types';

/**
 * Role names that a trust policy's `AWS` principals refer to (role ARNs and assumed-role session
 * ARNs, `arn:aws:sts::<account>:assumed-role/<role>/<session>`: IAM User Guide, "AWS JSON policy
 * elements: Principal"). Other principal types (Federated, Service) name no role.
 */
export function principalRoles(p: IamPolicy): { roleName: string; account: string; sessionName?: string; kind: 'role' | 'assumed-role' }[] {
  const out = [];
  for (const s of p.statements) {
    for (const pr of s.principals) {
      if (pr.type !== 'AWS') continue;
      const r = looseRoleOf(String(pr.value.value));
      if (r) out.push(r);
    }
  }
  return out;
}
