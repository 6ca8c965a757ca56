import { isAwsRequest } from './_cr';
import { asMap, get, getPair, str } from '../parse/tree';
import type { DocumentRule } from './types';

const DELETE = 'release.openshift.io/delete';
const FEATURE_SET = 'release.openshift.io/feature-set';

/** Annotations that make ccoctl skip a CredentialsRequest (CCOCTL-utils, domain §2.2). */
const rule: DocumentRule = {
  id: 'cr-skipped-by-ccoctl',
  defaultSeverity: 'info',
  scope: 'file',
  appliesTo: ['credentialsRequest'],
  docs: {
    summary: 'ccoctl skips CredentialsRequests annotated `release.openshift.io/delete: "true"` or `release.openshift.io/feature-set`.',
    details: [
      'When it reads `--credentials-requests-dir`, ccoctl skips a CredentialsRequest annotated `release.openshift.io/delete: "true"`, and one annotated `release.openshift.io/feature-set` unless you pass `--enable-tech-preview` and the value is `TechPreviewNoUpgrade`.',
      '',
      '**Why it matters.** No role and no Secret are created for a skipped request, so a workload relying on it gets no credentials — with no error from ccoctl. These annotations come from release payloads; they are rarely wanted in your own requests.',
      '',
      '**How to fix.** Remove the annotation, or run `ccoctl aws create-iam-roles --enable-tech-preview` for a `TechPreviewNoUpgrade` request.',
    ].join('\n'),
    sources: [
      'https://github.com/openshift/cloud-credential-operator/blob/master/pkg/cmd/provisioning/utils.go (the delete and feature-set annotations)',
    ],
  },
  check(doc, ctx) {
    if (!isAwsRequest(doc)) return;
    const ann = asMap(get(doc.root, 'metadata', 'annotations'));
    if (!ann) return;
    const del = getPair(ann, DELETE);
    if (del && str(del.value) === 'true') {
      ctx.report({
        at: { doc, node: del.key },
        message: `ccoctl skips this CredentialsRequest because of \`${DELETE}: "true"\`: no IAM role and no Secret are created for it. Remove the annotation if the workload needs these credentials.`,
      });
    }
    const fs = getPair(ann, FEATURE_SET);
    if (fs) {
      const v = str(fs.value) ?? '';
      ctx.report({
        at: { doc, node: fs.key },
        message:
          v === 'TechPreviewNoUpgrade'
            ? `ccoctl skips this CredentialsRequest (\`${FEATURE_SET}: ${v}\`) unless you run it with --enable-tech-preview.`
            : `ccoctl always skips this CredentialsRequest: \`${FEATURE_SET}\` is "${v}", and only TechPreviewNoUpgrade with --enable-tech-preview is processed. Remove the annotation if the workload needs these credentials.`,
      });
    }
  },
};

export default rule;
