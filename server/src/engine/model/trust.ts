/** Which IAM role a trust policy belongs to (issue #13), read the same way by the index and the rules. */
import type { IrsaSettings } from '../types';
import type { IamPolicy, TrustRoleName } from './types';

/**
 * The role `p` is the trust policy of: `.irsa.yaml` `trustPolicies` (a path relative to the workspace
 * root, matched as the end of the file's URI), else what the file itself says (a CreateRole `RoleName`,
 * or its file name; see TrustRoleName). Undefined when nothing says. The rules ask
 * rules/_trust-util.ts trustRoleOf, which also reads the workspace's scripts (`aws iam create-role`);
 * the index's `roletrust:` keys (view.ts) come from this function alone.
 */
export function trustRoleName(p: IamPolicy, settings: IrsaSettings): TrustRoleName | undefined {
  const map = settings.trustPolicies;
  if (map) {
    for (const [file, name] of Object.entries(map)) {
      if (p.uri.endsWith('/' + file.split('/').map(encodeURIComponent).join('/'))) return { name, source: 'config' };
    }
  }
  return p.roleName;
}
