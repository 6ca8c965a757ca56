import type { AwsSdk, SdkDependency } from '../parse/manifest';
import { decided, linkedWorkloads, relatedWorkload, runtimeDeps, SDK_LABEL } from './_deps-util';
import type { FileRule } from './types';

/**
 * The artifacts that put the STS client on the class path: Java 1.x `aws-java-sdk-sts`, or the
 * all-services `aws-java-sdk` / `aws-java-sdk-bundle`; Java 2.x `sts`, or the all-services `bundle`.
 */
const STS_ARTIFACTS: Record<'java-v1' | 'java-v2', readonly string[]> = {
  'java-v1': ['com.amazonaws:aws-java-sdk-sts', 'com.amazonaws:aws-java-sdk', 'com.amazonaws:aws-java-sdk-bundle'],
  'java-v2': ['software.amazon.awssdk:sts', 'software.amazon.awssdk:bundle'],
};

/** Java 2.x artifacts that are not an SDK with a credential chain of its own (BOM, code generation). */
function countsAsSdk(d: SdkDependency): boolean {
  if (d.sdk === 'java-v1') return d.name !== 'com.amazonaws:aws-java-sdk-bom';
  return d.sdk === 'java-v2' && d.name !== 'software.amazon.awssdk:bom';
}

const rule: FileRule = {
  id: 'java-sdk-sts-module',
  defaultSeverity: 'warning',
  scope: 'workspace',
  appliesTo: ['file'],
  docs: {
    summary: 'A Java application uses the AWS SDK without its STS module, so the default chain skips web identity credentials without a word.',
    details: [
      'The Java SDKs keep the web identity step of their default credential chain in the STS module and load it by',
      'class name: Java 2.x `WebIdentityCredentialsUtils.factory()` loads',
      '`software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory`, and',
      '`WebIdentityTokenFileCredentialsProvider` keeps the failure as a load exception that the default chain passes over;',
      'Java 1.x `WebIdentityTokenCredentialsProvider` loads `com.amazonaws.services.securitytoken.internal.STSProfileCredentialsService`',
      'through `STSProfileCredentialsServiceLoader`. Without `software.amazon.awssdk:sts` (2.x) or',
      '`com.amazonaws:aws-java-sdk-sts` (1.x) on the class path an IRSA pod falls back to the next provider (the node\'s',
      'instance role) or has no credentials. AWS\'s IRSA page says it too: "When using Java, you must include the sts',
      'module on the classpath".',
      '',
      'The rule reads `pom.xml` and `build.gradle(.kts)` and reports a build that depends on a module of an SDK (not',
      'test-only) and on none of `sts` / `bundle` (2.x) or `aws-java-sdk-sts` / `aws-java-sdk` / `aws-java-sdk-bundle`',
      '(1.x). It cannot see transitive dependencies: a library that brings STS itself makes the finding wrong, and then',
      'the module is best declared anyway (or the rule turned off for the file). A file whose dependencies may come from',
      'elsewhere (a Maven `<parent>`, a Gradle version catalog `libs.…`) is not reported. The manifest is linked to',
      'workloads as `sdk-web-identity-version` explains; a manifest linked to no workload that uses web identity is not',
      'reported.',
      '',
      '**Fix:** add `software.amazon.awssdk:sts` (2.x, same version as the other modules; the BOM manages it) or',
      '`com.amazonaws:aws-java-sdk-sts` (1.x).',
    ].join('\n'),
    sources: [
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/auth/src/main/java/software/amazon/awssdk/auth/credentials/internal/WebIdentityCredentialsUtils.java (factory(): loads StsWebIdentityCredentialsProviderFactory by class name)',
      'https://github.com/aws/aws-sdk-java-v2/blob/master/core/auth/src/main/java/software/amazon/awssdk/auth/credentials/WebIdentityTokenFileCredentialsProvider.java (a failed load is kept as loadException; the chain moves on)',
      'https://github.com/aws/aws-sdk-java/blob/master/aws-java-sdk-core/src/main/java/com/amazonaws/auth/profile/internal/securitytoken/STSProfileCredentialsServiceLoader.java (Java 1.x: loads com.amazonaws.services.securitytoken.internal.STSProfileCredentialsService by class name)',
      'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts-minimum-sdk.html ("you must include the sts module on the classpath")',
    ],
  },
  checkFile(file, ctx) {
    const m = file.manifest;
    if (!m || (m.format !== 'maven' && m.format !== 'gradle') || m.opaque) return;
    const all = m.deps.filter((d) => !d.dev);
    const runtime = runtimeDeps(all).filter(countsAsSdk);
    const missing: { sdk: 'java-v1' | 'java-v2'; first: SdkDependency }[] = [];
    for (const sdk of ['java-v1', 'java-v2'] as const) {
      const uses = runtime.filter((d) => d.sdk === (sdk as AwsSdk));
      if (uses.length === 0) continue;
      if (all.some((d) => !d.managed && STS_ARTIFACTS[sdk].includes(d.name))) continue;
      missing.push({ sdk, first: uses[0]! });
    }
    if (missing.length === 0) return;
    const link = linkedWorkloads(ctx, file.uri);
    // A shared tree where some workloads do not use web identity: the application may run in one of those.
    if (!link || !decided(link)) return;
    for (const { sdk, first } of missing) {
      const want = sdk === 'java-v2' ? 'software.amazon.awssdk:sts' : 'com.amazonaws:aws-java-sdk-sts';
      ctx.report({
        at: { uri: file.uri, start: first.start, end: first.end },
        message: `${SDK_LABEL[sdk]} is used (\`${first.name}\`) without \`${want}\`: its default chain loads the web identity provider from the STS module by class name and skips it silently when it is missing, so the pod falls back to other credentials. Add \`${want}\` (${link.via}).`,
        related: relatedWorkload(link),
      });
    }
  },
};

export default rule;
