#!/usr/bin/env node
// Deterministic, realistic IRSA workspaces for benchmarks.
//
//   node bench/gen-workspace.mjs --sets N [--seed S] [--noise R] [--code C] [--namespaces K] [--cr-file NAME] --out DIR
//
// Each set is a CredentialsRequest, the ccoctl Secret, a workload of 60–120 lines (Deployment,
// StatefulSet, CronJob, Job or DeploymentConfig) and the destination role's trust policy. About 10%
// of the sets carry one planted mistake (listed in DIR/planted.json). Noise files (unrelated
// Kubernetes YAML and package.json files, `--noise` per set, default 1) are added so the tools also
// pay for what they must skip. The same arguments always produce byte-identical trees.
//
// `--code C` (issue #14, default 0) adds C application source files per set under services/app-<i>/:
// the first calls STS through the AWS SDK (TypeScript, Python, Go, Java in turn; DurationSeconds 3600,
// so no finding), the others are ordinary code that names no AWS SDK (what the pre-filter skips).
//
// Every CredentialsRequest lives in `metadata.namespace: openshift-cloud-credential-operator` in
// credrequests/, as OpenShift keeps them. Two options give the rest of that layout (issue 10):
//   --namespaces K   the sets share K application namespaces (`apps-0` … `apps-<K-1>`, the
//                    secretRef.namespace of the CRs and the namespace of their Secrets and pods)
//                    instead of ~3 sets per namespace: many CRs and IRSA pods per namespace;
//   --cr-file NAME   every CR in the one multi-document file credrequests/NAME (as an operator ships
//                    them) instead of credrequests/app-<i>.yaml each.
import * as fs from 'node:fs';
import * as path from 'node:path';

function parseArgs(argv) {
  const out = { sets: 100, seed: 1, noise: 1, code: 0, out: undefined, crFile: undefined, namespaces: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--sets') (out.sets = Number(v)), i++;
    else if (a === '--seed') (out.seed = Number(v)), i++;
    else if (a === '--noise') (out.noise = Number(v)), i++;
    else if (a === '--code') (out.code = Number(v)), i++;
    else if (a === '--out') (out.out = v), i++;
    else if (a === '--cr-file') (out.crFile = v), i++;
    else if (a === '--namespaces') (out.namespaces = Number(v)), i++;
    else if (a === '--help' || a === '-h') {
      console.log('usage: gen-workspace.mjs --sets N [--seed S] [--noise R] [--code C] [--namespaces K] [--cr-file NAME] --out DIR');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!out.out || !Number.isInteger(out.sets) || out.sets < 1) throw new Error('need --sets N (≥1) and --out DIR');
  if (out.namespaces !== undefined && !(Number.isInteger(out.namespaces) && out.namespaces >= 1)) throw new Error('--namespaces needs an integer ≥ 1');
  if (out.crFile !== undefined && !/^[\w.-]+\.ya?ml$/.test(out.crFile)) throw new Error('--cr-file needs a file name ending in .yaml or .yml');
  return out;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIX = 'bench-creds';
const OCP_ACCOUNT = '111122223333';
const DEST_ACCOUNT = '444455556666';
const KINDS = ['Deployment', 'StatefulSet', 'CronJob', 'Job', 'DeploymentConfig'];
const MISTAKES = ['sa-mismatch', 'secret-name', 'audience', 'expiration', 'iam-version', 'missing-action', 'deprecated-sa', 'session-mismatch'];

export function generate({ sets, seed, noise, crFile, namespaces, code = 0 }) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const files = new Map();
  const planted = [];
  files.set('.irsa.yaml', `ccoctl:\n  name: ${PREFIX}\n`);
  for (let i = 0; i < sets; i++) {
    const team = `team-${i % 97}`;
    const stage = pick(['dev', 'stage', 'prod']); // drawn in every layout: the same seed, the same sets
    const ns = namespaces ? `apps-${i % namespaces}` : `${team}-${stage}`;
    const app = `app-${i}`;
    const sa = `${app}-reader`;
    const secret = `${app}-aws`;
    const session = `${app}-session`;
    const role = `${PREFIX}-${ns}-${secret}`.slice(0, 64);
    const destRole = `${app}-table-reader`;
    const kind = KINDS[i % KINDS.length];
    const mistake = r() < 0.1 ? pick(MISTAKES) : undefined;
    if (mistake) planted.push({ set: i, mistake });
    const m = (name, good, bad) => (mistake === name ? bad : good);

    const crText = (
      `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${app}
  namespace: openshift-cloud-credential-operator
  labels:
    team: ${team}
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action:
          - sts:AssumeRole
        resource: arn:aws:iam::${DEST_ACCOUNT}:role/${destRole}
  secretRef:
    name: ${secret}
    namespace: ${ns}
  serviceAccountNames:
    - ${sa}
`);
    if (crFile) files.set(`credrequests/${crFile}`, (files.get(`credrequests/${crFile}`) ?? '') + (i ? '---\n' : '') + crText);
    else files.set(`credrequests/${app}.yaml`, crText);
    files.set(
      `outputs/manifests/${ns}-${secret}-credentials.yaml`,
      `apiVersion: v1
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::${OCP_ACCOUNT}:role/${role}
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token
kind: Secret
metadata:
  name: ${secret}
  namespace: ${ns}
type: Opaque
`,
    );
    const extraEnv = Array.from({ length: 3 + Math.floor(r() * 12) }, (_, k) => `            - name: APP_SETTING_${k}\n              value: "value-${i}-${k}"`).join('\n');
    const container = `        - name: ${app}
          image: registry.example.com/${team}/${app}:1.${i % 10}.${i % 7}
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
              name: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 10
          env:
            - name: AWS_CONFIG_FILE
              value: /var/run/secrets/cloud/credentials
            - name: AWS_ROLE_SESSION_NAME
              value: ${m('session-mismatch', session, session + '-x')}
            - name: AWS_REGION
              value: eu-west-2
            - name: AWS_DEFAULT_REGION
              value: eu-west-2
${extraEnv}
          volumeMounts:
            - name: bound-sa-token
              mountPath: /var/run/secrets/openshift/serviceaccount
              readOnly: true
            - name: aws-credentials
              mountPath: /var/run/secrets/cloud
              readOnly: true`;
    const podSpec = `      ${m('deprecated-sa', 'serviceAccountName', 'serviceAccount')}: ${m('sa-mismatch', sa, sa + '-other')}
      containers:
${container}
      volumes:
        - name: aws-credentials
          secret:
            secretName: ${m('secret-name', secret, secret + '-typo')}
        - name: bound-sa-token
          projected:
            sources:
              - serviceAccountToken:
                  audience: ${m('audience', 'openshift', 'sts.example.com')}
                  expirationSeconds: ${m('expiration', 3600, 300)}
                  path: token`;
    const indent = (s, n) => s.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
    const meta = `metadata:\n  name: ${app}\n  namespace: ${ns}\n  labels:\n    app: ${app}\n    team: ${team}`;
    let workload;
    if (kind === 'CronJob') {
      workload = `apiVersion: batch/v1\nkind: CronJob\n${meta}\nspec:\n  schedule: "*/15 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels:\n            app: ${app}\n        spec:\n            restartPolicy: OnFailure\n${indent(podSpec, 6)}\n`;
    } else if (kind === 'Job') {
      workload = `apiVersion: batch/v1\nkind: Job\n${meta}\nspec:\n  backoffLimit: 2\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n        restartPolicy: Never\n${indent(podSpec, 2)}\n`;
    } else {
      const api = kind === 'DeploymentConfig' ? 'apps.openshift.io/v1' : 'apps/v1';
      const selector = kind === 'DeploymentConfig' ? `  selector:\n    app: ${app}` : `  selector:\n    matchLabels:\n      app: ${app}`;
      const extra = kind === 'StatefulSet' ? `  serviceName: ${app}\n` : '';
      workload = `apiVersion: ${api}\nkind: ${kind}\n${meta}\nspec:\n  replicas: ${1 + (i % 3)}\n${extra}${selector}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n${indent(podSpec, 2)}\n`;
    }
    files.set(`deploy/${ns}/${app}.yaml`, workload);
    const stmt = m(
      'missing-action',
      `      "Principal": {\n        "AWS": "arn:aws:sts::${OCP_ACCOUNT}:assumed-role/${role}/${session}"\n      },\n      "Action": "sts:AssumeRole"`,
      `      "Principal": {\n        "AWS": "arn:aws:sts::${OCP_ACCOUNT}:assumed-role/${role}/${session}"\n      }`,
    );
    files.set(
      `iam/${destRole}-trust-policy.json`,
      `{\n  "Version": "${m('iam-version', '2012-10-17', '2021-10-17')}",\n  "Statement": [\n    {\n      "Effect": "Allow",\n${stmt}\n    }\n  ]\n}\n`,
    );
    for (let k = 0; k < code; k++) {
      const [name, text] = k === 0 ? sdkSource(i, app, session) : plainSource(i, k);
      files.set(`services/${app}/src/${name}`, text);
    }
    for (let k = 0; k < noise; k++) {
      const j = i * noise + k;
      if (j % 4 === 3) {
        files.set(`services/svc-${j}/package.json`, JSON.stringify({ name: `svc-${j}`, version: '1.0.0', dependencies: { express: '^4.19.0' }, scripts: { start: 'node index.js' } }, null, 2) + '\n');
      } else {
        files.set(
          `k8s/${ns}/misc-${j}.yaml`,
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: misc-${j}\n  namespace: ${ns}\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "a,b,c"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${j}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
        );
      }
    }
  }
  return { files, planted };
}

/** An application file that assumes the destination role (language by set), within the one-hour role-chaining limit. */
function sdkSource(i, app, session) {
  const arn = `arn:aws:iam::${DEST_ACCOUNT}:role/${app}-dest`;
  switch (i % 4) {
    case 0:
      return ['aws.ts', `import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';\n\nconst sts = new STSClient({});\n\nexport async function destination() {\n  const out = await sts.send(new AssumeRoleCommand({ RoleArn: '${arn}', RoleSessionName: '${session}', DurationSeconds: 3600 }));\n  return out.Credentials;\n}\n`];
    case 1:
      return ['aws.py', `import boto3\n\nsts = boto3.client("sts")\n\n\ndef destination():\n    return sts.assume_role(RoleArn="${arn}", RoleSessionName="${session}", DurationSeconds=3600)["Credentials"]\n`];
    case 2:
      return ['aws.go', `package main\n\nimport (\n\t"context"\n\n\t"github.com/aws/aws-sdk-go-v2/aws"\n\t"github.com/aws/aws-sdk-go-v2/service/sts"\n)\n\nfunc destination(ctx context.Context, c *sts.Client) (*sts.AssumeRoleOutput, error) {\n\treturn c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("${arn}"), RoleSessionName: aws.String("${session}"), DurationSeconds: aws.Int32(3600)})\n}\n`];
    default:
      return ['Aws.java', `import software.amazon.awssdk.services.sts.StsClient;\nimport software.amazon.awssdk.services.sts.model.AssumeRoleRequest;\n\nclass Aws {\n    static Object destination(StsClient sts) {\n        return sts.assumeRole(AssumeRoleRequest.builder().roleArn("${arn}").roleSessionName("${session}").durationSeconds(3600).build()).credentials();\n    }\n}\n`];
  }
}

/** Ordinary application code (about 40 lines) that names no AWS SDK. */
function plainSource(i, k) {
  const body = Array.from({ length: 12 }, (_, n) => `export function handler${n}(req: { id: string; items: number[] }): number {\n  return req.items.reduce((a, b) => a + b * ${n + 1}, ${i + k});\n}\n`).join('\n');
  return [`handler-${k}.ts`, `import { format } from 'node:util';\n\nexport const NAME = format('svc-%d-%d', ${i}, ${k});\n\n${body}`];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('gen-workspace.mjs')) {
  const args = parseArgs(process.argv.slice(2));
  const { files, planted } = generate(args);
  fs.rmSync(args.out, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const p = path.join(args.out, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  fs.writeFileSync(path.join(args.out, 'planted.json'), JSON.stringify(planted, null, 2) + '\n');
  console.error(`wrote ${files.size} files (${args.sets} sets, ${planted.length} planted mistakes) to ${args.out}`);
}
