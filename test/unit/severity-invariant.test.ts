/**
 * Issue #11 pattern 8: a rule's emitted severity is its documented default (`defaultSeverity`, shown
 * on its docs page) unless the message itself says why this finding is more or less severe. Every
 * finding of the rule fixtures (bad), the guide's examples and the issue #11 fixtures whose severity
 * differs from its rule's default must be listed here, with the clause of its message that gives the
 * reason; a new escalation fails until its message explains it and it is reviewed into this table.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintDocuments } from '../../server/src/engine';
import { RULES_BY_ID } from '../../server/src/engine/rules';
import { FIXTURES, loadWorkspace, REPO_ROOT } from '../helpers/fixtures';

/** `<rule>:<emitted severity>` → the part of the message that says why it is not the default. */
const REVIEWED: Record<string, RegExp> = {
  // info by default (ccoctl ignores the field); a different path leaves the pod without a token.
  'cr-cloud-token-path:warning': /has no effect with ccoctl.*so the pod must mount its token there/,
  // Known exception, owned with the CredentialsRequest rules: the schema message does not say that the
  // decoder tolerates the apiVersion (the docs page does). Kept visible here rather than silently allowed.
  'cr-provider-spec-kind:warning': /apiVersion/,
  // error by default; a kind the Cloud Credential Operator does not define may be a cloud added after
  // this release, so it is a note that the request goes unchecked, not a mistake.
  'cr-provider-spec-kind:info': /is none of the provider specs the Cloud Credential Operator defines .* so irsa-lint does not check this request/,
  // info by default (ccoctl ignores it); a malformed ARN is refused by STS when the CCO uses it.
  'cr-sts-iam-role-arn:error': /so STS would refuse it/,
  // warning by default; a value that is no role ARN at all is passed to STS by the webhook.
  'eks-role-arn-annotation:error': /The pod identity webhook passes it to STS/,
  // error by default (invalid Version); a missing or legacy Version is valid but loses policy variables.
  'iam-version:warning': /legacy (2008-10-17 )?(policy )?language|policy variables/,
  // info by default (precedence differs); static keys always win, so the role is never used.
  'mixed-credential-sources:warning': /so the IRSA role is never used/,
  // error by default; no namespace at all depends on `oc apply -n`, which may be right.
  'namespace-mismatch:warning': /has no metadata\.namespace, so it runs wherever `oc apply -n` puts it/,
  // warning by default; when nothing shows Python only boto3 would miss AWS_DEFAULT_REGION.
  'region-env:info': /nothing in this container \(image, command\) shows Python, hence info rather than a warning/,
  // warning by default (the webhook ignores the annotation); a token-expiration out of range is only changed, the pod still gets a token.
  'webhook-annotations:info': /the pod still gets a working token, hence info\./,
  // error by default (a listed service account denied); a subject the request does not list denies no one.
  'ccoctl-trust-policy-mismatch:warning': /it denies no one, hence a warning/,
  // error by default (a missing assume action denies the call); an extra action is harmless in a trust policy.
  // error by default; an `:aud` value outside the declared client IDs leaves the condition's other values.
  'trust-audience-mismatch:warning': /a warning: another value of the condition still may/,
  // error by default; without a workload naming the role only the declared accounts are known.
  'oidc-provider-account:warning': /A warning: no workload here names the role, so its own account is not known/,
  'trust-action-principal-mismatch:warning': /has no effect in a trust policy|so it allows nothing and denies nothing/,
};

function fixtureDirs(): string[] {
  const dirs = fs.readdirSync(path.join(FIXTURES, 'rules')).map((r) => path.join(FIXTURES, 'rules', r, 'bad'));
  dirs.push(path.join(REPO_ROOT, 'examples', 'guide'));
  const issue11 = path.join(FIXTURES, 'issue11');
  if (fs.existsSync(issue11)) for (const d of fs.readdirSync(issue11)) if (fs.statSync(path.join(issue11, d)).isDirectory()) dirs.push(path.join(issue11, d));
  return dirs.filter((d) => fs.existsSync(d));
}

describe('emitted severity = documented default unless the message says why', () => {
  it('every other severity is reviewed and explained by its message', () => {
    const unexplained: string[] = [];
    for (const dir of fixtureDirs()) {
      const { documents, settings } = loadWorkspace(dir);
      for (const f of lintDocuments(documents, settings)) {
        const rule = RULES_BY_ID.get(f.ruleId);
        if (!rule || f.severity === rule.defaultSeverity) continue;
        const why = REVIEWED[`${f.ruleId}:${f.severity}`];
        if (!why || !why.test(f.message)) unexplained.push(`${path.relative(REPO_ROOT, dir)}: ${f.ruleId} ${rule.defaultSeverity}→${f.severity}: ${f.message}`);
      }
    }
    assert.deepEqual(unexplained, []);
  });
});
