import {
  actionMatches,
  expectedTrustActions,
  isResourceBasedPolicy,
  jsonString,
  principalFlavor,
  statementLabel,
  TRUST_ACTION,
  TRUST_EXTRA_ACTIONS,
} from './_iam-util';
import type { DocumentRule } from './types';

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/**
 * IAM007: in a trust policy the action must be the STS call the principal makes: OIDC provider ↔
 * `sts:AssumeRoleWithWebIdentity`, AWS principal ↔ `sts:AssumeRole` (Access Analyzer "Mismatched
 * action for principal"); besides it only `sts:TagSession` / `sts:SetSourceIdentity` (and
 * `sts:SetContext`) are expected — that list is UNCONFIRMED, so other actions are warnings (domain §4.2).
 */
const rule: DocumentRule = {
  id: 'trust-action-principal-mismatch',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['iamPolicy'],
  docs: {
    summary: 'The trust action must match the principal: OIDC → `sts:AssumeRoleWithWebIdentity`, AWS → `sts:AssumeRole`.',
    details: [
      'Each principal type gets into a role through a different STS call, and the trust policy must allow exactly that call:',
      '',
      '| principal | action |',
      '|---|---|',
      '| `"AWS"`: a role, an assumed-role session, an account (the guide\'s destination-role trust) | `sts:AssumeRole` |',
      '| `"Federated"`: an OIDC provider `arn:aws:iam::<account-id>:oidc-provider/<issuer>` (the trust ccoctl writes) | `sts:AssumeRoleWithWebIdentity` |',
      '| `"Federated"`: a SAML provider | `sts:AssumeRoleWithSAML` |',
      '| `"Service"` | `sts:AssumeRole` |',
      '',
      'With the wrong action, STS denies the call ("…is not authorized to perform: sts:AssumeRole on resource…") even though the',
      'principal is right; Access Analyzer reports "Mismatched action for principal". Besides the assume action, a trust',
      'policy may allow `sts:TagSession` (needed when session tags are passed) and `sts:SetSourceIdentity`; any other action',
      'has no meaning in a trust policy and is reported as a warning (the exhaustive list is not documented).',
      '',
      '**Fix**: use the action that matches the principal (quick fix when `Action` is a single string).',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Mismatched action for principal)',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html',
    ],
  },
  check(doc, ctx) {
    if (doc.kind !== 'iamPolicy' || doc.policyType !== 'trust' || isResourceBasedPolicy(doc)) return;
    // The policy is evaluated as a whole: a principal may get `sts:AssumeRole` in one statement and
    // `sts:TagSession` in another, so a principal's actions are collected over every statement.
    const byPrincipal = new Map<string, string[]>();
    for (const st of doc.statements) {
      if (!st.action || st.notAction) continue;
      for (const p of st.principals) {
        const k = `${p.type}|${String(p.value.value)}`;
        byPrincipal.set(k, [...(byPrincipal.get(k) ?? []), ...st.actions.map((a) => String(a.value))]);
      }
    }
    for (const st of doc.statements) {
      if (!st.action || st.notAction || !st.actions.length) continue;
      const expected = expectedTrustActions(st);
      if (!expected.length) continue;
      const label = statementLabel(doc.statements, st);
      const written = st.actions.map((a) => String(a.value));
      const missing = expected.filter(
        (e) =>
          !written.some((w) => actionMatches(w, e)) &&
          st.principals.some((p) => {
            const f = principalFlavor(p);
            return f !== undefined && TRUST_ACTION[f] === e && !(byPrincipal.get(`${p.type}|${String(p.value.value)}`) ?? []).some((w) => actionMatches(w, e));
          }),
      );
      if (missing.length) {
        for (const e of missing) {
          const who = st.principals.filter((p) => {
            const f = principalFlavor(p);
            return f !== undefined && TRUST_ACTION[f] === e;
          });
          const whoText = who.map((p) => `\`${String(p.value.value)}\``).join(', ');
          const single = st.action.kind === 'scalar' && expected.length === 1;
          ctx.report({
            at: { doc, node: st.action },
            message: `In ${label}, ${who.length > 1 ? 'the principals' : 'the principal'} ${whoText} ${who.length > 1 ? 'assume' : 'assumes'} the role with \`${e}\`, but \`Action\` allows only ${written.map((w) => `\`${w}\``).join(', ')}: STS will deny the call. Use \`${e}\`.`,
            fixes: single ? [{ title: `Set Action to "${e}"`, preferred: true, edits: [{ uri: doc.uri, start: st.action.start, end: st.action.end, newText: jsonString(e) }] }] : undefined,
          });
        }
        continue;
      }
      for (const a of st.actions) {
        const w = String(a.value);
        if (expected.some((e) => actionMatches(w, e))) continue;
        if (TRUST_EXTRA_ACTIONS.some((x) => actionMatches(w, x))) continue;
        const assume = ASSUME_ACTIONS.find((x) => x.toLowerCase() === w.toLowerCase());
        ctx.report({
          at: { doc, node: a },
          severity: 'warning',
          message: assume
            ? `\`${w}\` is not used by any principal of ${label} (they need ${expected.map((e) => `\`${e}\``).join(', ')}), so it allows nothing and denies nothing: remove it or add the principal it is for.`
            : `\`${w}\` has no effect in a trust policy: a trust policy only allows the assume call (${expected.map((e) => `\`${e}\``).join(', ')}) plus \`sts:TagSession\` / \`sts:SetSourceIdentity\`. Put other permissions in the role's identity policy.`,
        });
      }
    }
  },
};

export default rule;
