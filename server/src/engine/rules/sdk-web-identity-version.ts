import { admitsBelow, versionParts } from '../parse/manifest';
import type { AwsSdk, SdkDependency } from '../parse/manifest';
import { decided, linkedWorkloads, relatedWorkload, runtimeDeps, SDK_LABEL } from './_deps-util';
import type { FileRule } from './types';

/**
 * The first release of each SDK that reads a web identity token file in its default credential chain,
 * from AWS's table "Use IRSA with the AWS SDK" (EKS user guide, iam-roles-for-service-accounts-minimum-sdk;
 * awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/iam-roles-for-service-accounts-minimum-sdk.adoc).
 * Go v2: "All versions support". JS v3 is judged only on the packages that carry the default chain
 * (`@aws-sdk/client-*`, which pin `@aws-sdk/credential-provider-node` of their own release, and
 * `@aws-sdk/credential-provider-node` itself): the other `@aws-sdk/*` packages have their own numbers.
 */
export const MIN_WEB_IDENTITY_VERSION: Partial<Record<AwsSdk, string>> = {
  'js-v2': '2.525.0',
  'js-v3': '3.27.0',
  boto3: '1.9.220',
  botocore: '1.12.200',
  'go-v1': '1.23.13',
  'java-v1': '1.11.704',
  'java-v2': '2.10.11',
};

function judged(d: SdkDependency): boolean {
  if (d.sdk === 'js-v3') return d.name.startsWith('@aws-sdk/client-') || d.name === '@aws-sdk/credential-provider-node';
  // Java: every module of a release carries the release number; the BOM's number is the modules' (see manifest.ts).
  return MIN_WEB_IDENTITY_VERSION[d.sdk] !== undefined;
}

const rule: FileRule = {
  id: 'sdk-web-identity-version',
  defaultSeverity: 'error',
  scope: 'workspace',
  appliesTo: ['file'],
  docs: {
    summary: 'An AWS SDK older than the first release that reads a web identity token file, in an application whose workload uses IRSA.',
    details: [
      'An IRSA pod gets its credentials from a web identity token file: the SDK reads `AWS_ROLE_ARN` and',
      '`AWS_WEB_IDENTITY_TOKEN_FILE` (or `role_arn`/`web_identity_token_file` of the ccoctl profile) and calls',
      '`AssumeRoleWithWebIdentity`. SDK releases older than those in AWS\'s table "Use IRSA with the AWS SDK" do not',
      'have that step in their default chain, so the pod silently falls back to other credentials (the node\'s role) or',
      'has none: JS v2 2.525.0, JS v3 3.27.0, boto3 1.9.220, botocore 1.12.200, Go v1 1.23.13 (Go v2: every release),',
      'Java 1.x 1.11.704, Java 2.x 2.10.11. (A later rendering of the page, docs.amazonaws.cn, lists 1.12.782 for Java 1.x;',
      'the rule keeps 1.11.704, the first release with the web identity provider, so it never reports one that reads the file.)',
      '',
      'The rule reads `package.json` (`aws-sdk`, `@aws-sdk/client-*`, `@aws-sdk/credential-provider-node`),',
      '`requirements*.txt`, `pyproject.toml` (PEP 621 and Poetry), `Pipfile` (`boto3`, `botocore`), `go.mod`',
      '(`github.com/aws/aws-sdk-go`), `pom.xml` and `build.gradle(.kts)` (`com.amazonaws:aws-java-sdk-*`,',
      '`software.amazon.awssdk:*`, their BOMs). A range is judged by the lowest version it admits (`^2.400.0` admits',
      '2.400.0, `>=1.4` admits 1.4, `[1.11,)` admits 1.11); a version the file does not state (none, `*`, `latest`, a',
      'variable or property defined elsewhere, a Maven parent, a Gradle version catalog, a `replace`d Go module) is not',
      'judged. Not judged either: what the application does not ship or does not choose — npm `devDependencies` and',
      '`peerDependencies`, requirements files named for development or tests (`requirements-dev.txt`), PEP 621 optional',
      'and Poetry group dependencies, Pipfile `dev-packages`, Maven scopes `test` and `provided`, Gradle test, `compileOnly`,',
      'annotation-processor and `classpath` configurations — and version constraints alone (Maven `dependencyManagement`,',
      '`platform(…)`). A lock file is not read: a range is judged by what it admits, not by what was installed.',
      '',
      'A manifest applies to the workloads of its folder tree: those in files below the nearest folder, from the',
      'manifest\'s own folder upward, that holds any workload. When that folder is above the manifest\'s and holds several',
      'workloads, the ones named like the manifest\'s folder (`metadata.name`, a container name, or an image repository:',
      '`services/orders-api/go.mod` ↔ `image: …/orders-api:1.4`) are the application\'s; if none is, the finding is made',
      'only when it holds for every workload of that folder (the application runs in one of them, unknown which).',
      'Where that is wrong or ambiguous (a monorepo whose',
      '`deploy/` serves several services; an operator whose root `go.mod` is the operator\'s while the workloads are its',
      'operands\'), `.irsa.yaml` `applications` names the workloads of a source folder (`services/orders: orders-api`, or',
      '`orders-api/app` for one container), and wins for manifests in that folder and below. Only workloads that use web',
      'identity credentials count (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_ROLE_ARN` or',
      '`AWS_WEB_IDENTITY_TOKEN_FILE` in a container, or a ServiceAccount annotated `eks.amazonaws.com/role-arn`); a manifest',
      'linked to none is not reported. The message names the workload and the link it used.',
      '',
      '**Fix:** raise the version (or the range\'s lower bound) to at least the release in the table.',
    ].join('\n'),
    sources: [
      'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts-minimum-sdk.html (the minimum versions)',
      'https://github.com/awsdocs/amazon-eks-user-guide/blob/mainline/latest/ug/manage-access/aws-access/iam-roles-for-service-accounts-minimum-sdk.adoc (the same table, with a link to each release)',
      'https://docs.amazonaws.cn/en_us/eks/latest/userguide/iam-roles-for-service-accounts-minimum-sdk.html (the China-region rendering: Java 1.x 1.12.782)',
      'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies (npm ranges)',
      'https://packaging.python.org/en/latest/specifications/version-specifiers/ (PEP 440 specifiers)',
      'https://go.dev/ref/mod#go-mod-file-require (go.mod require: the minimum version)',
      'https://maven.apache.org/pom.html#dependency-version-requirement-specification (Maven version ranges)',
    ],
  },
  checkFile(file, ctx) {
    const deps = file.manifest ? runtimeDeps(file.manifest.deps).filter(judged) : [];
    if (deps.length === 0) return;
    // One finding per written version: the modules of a BOM or a Maven property share one.
    const old = new Map<string, { d: SdkDependency; lowest: string; min: string; others: number }>();
    for (const d of deps) {
      const min = MIN_WEB_IDENTITY_VERSION[d.sdk]!;
      const below = admitsBelow(d.version, versionParts(min)!);
      if (!below) continue;
      const key = `${d.sdk}@${d.versionStart ?? d.start}`;
      const seen = old.get(key);
      if (seen) seen.others++;
      else old.set(key, { d, lowest: below.lowest, min, others: 0 });
    }
    if (old.size === 0) return;
    const link = linkedWorkloads(ctx, file.uri);
    // A shared tree where some workloads do not use web identity: the application may run in one of those.
    if (!link || !decided(link)) return;
    for (const { d, lowest, min, others } of old.values()) {
      const written = d.version!;
      const admits = written.replace(/^[v=]+/, '') === lowest.replace(/^v/, '') ? `\`${written}\`` : `\`${written}\`, which admits ${lowest},`;
      const also = others > 0 ? ` (and ${others} more module${others > 1 ? 's' : ''} of this version)` : '';
      const target = d.versionStart !== undefined && d.versionEnd !== undefined ? { uri: file.uri, start: d.versionStart, end: d.versionEnd } : { uri: file.uri, start: d.start, end: d.end };
      ctx.report({
        at: target,
        message: `${SDK_LABEL[d.sdk]} \`${d.name}\`${also} at ${admits} is older than ${min}, the first release that reads a web identity token file (AWS's table of minimum SDK versions for IRSA): the pod falls back to other credentials. Require ${min} or later (${link.via}).`,
        related: relatedWorkload(link),
      });
    }
  },
};

export default rule;
