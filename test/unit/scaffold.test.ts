/**
 * `renderScaffold`: golden text of every file, zero findings in the engine for every workload kind
 * (own account ids; with the default example ids only the placeholder-account-id infos),
 * and escaping of hostile values in YAML, JSON, shell and file names.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { renderSdkCode } from '../../shared/src/codegen';
import { APP_LANGUAGES, ScaffoldOptions, TRUST_PRINCIPALS, withDefaults, WORKLOAD_KINDS } from '../../shared/src/scaffold/options';
import { isSafeRelativePath } from '../../shared/src/scaffold/plan';
import { chainOf, renderScaffold, ScaffoldFile, scaffoldNames } from '../../shared/src/scaffold/render';
import { shellQuote } from '../../shared/src/scaffold/shell';
import { FIXTURES, formatFindings, golden } from '../helpers/fixtures';
import { lintSet, SET_ROOT } from '../helpers/scaffold';

const GOLDEN_DIR = path.join(FIXTURES, 'scaffold');

const BASE = withDefaults({ namespace: 'team-a', serviceAccount: 'orders-reader' });

function file(files: ScaffoldFile[], p: string): ScaffoldFile {
  const f = files.find((x) => x.path === p);
  assert.ok(f, `no file ${p} in ${files.map((x) => x.path).join(', ')}`);
  return f;
}

/** Every file except the generated application code (the code generator has its own goldens). */
function goldenFiles(files: ScaffoldFile[]): ScaffoldFile[] {
  return files.filter((f) => !f.path.startsWith('app/'));
}

function checkGoldens(scenario: string, files: ScaffoldFile[]): void {
  for (const f of goldenFiles(files)) {
    const g = path.join(GOLDEN_DIR, scenario, `${f.path}.golden`);
    assert.equal(f.content.replace(/\n$/, ''), golden(g, f.content), `${scenario}/${f.path}`);
  }
}

describe('renderScaffold: golden files', () => {
  it('defaults for team-a/orders-reader (Deployment, role principal, TypeScript)', () => {
    const files = renderScaffold(BASE);
    assert.deepEqual(
      files.map((f) => f.path),
      [
        'credrequests/orders-reader-aws.yaml',
        'manifests/orders-reader-serviceaccount.yaml',
        'manifests/orders-reader-deployment.yaml',
        'outputs/manifests/team-a-orders-reader-aws-credentials.yaml',
        'iam/orders-reader-trust-policy.json',
        'iam/orders-reader-permissions-policy.json',
        'ccoctl.sh',
        '.irsa.yaml',
        'app/irsaCredentials.ts',
        'README.md',
      ],
    );
    checkGoldens('team-a-defaults', files);
  });

  for (const kind of WORKLOAD_KINDS) {
    it(`workload manifest: ${kind}`, () => {
      const o = { ...BASE, workloadKind: kind };
      const files = renderScaffold(o);
      const p = scaffoldNames(o).paths.workload;
      assert.equal(p, `manifests/orders-reader-${kind.toLowerCase()}.yaml`);
      const f = file(files, p);
      assert.equal(f.content.replace(/\n$/, ''), golden(path.join(GOLDEN_DIR, 'kinds', `${kind}.yaml.golden`), f.content));
    });
  }

  it('GovCloud, assumed-role principal, custom names and actions', () => {
    const o = withDefaults({
      namespace: 'payments',
      serviceAccount: 'ledger.writer',
      secretName: 'ledger-writer-creds',
      ccoctlName: 'prod-cluster',
      identityProviderArn: 'arn:aws-us-gov:iam::210987654321:oidc-provider/prod-cluster-oidc.s3.us-gov-west-1.amazonaws.com',
      destinationAccountId: '012345678901',
      destinationRoleName: 'ledger-writer',
      roleSessionName: 'ledger-writer@payments',
      region: 'us-gov-west-1',
      workloadKind: 'StatefulSet',
      image: 'registry.example.com/payments/ledger:2.3.1',
      actions: ['s3:PutObject', 'kms:GenerateDataKey'],
      language: 'python',
      trustPrincipal: 'assumed-role',
    });
    const files = renderScaffold(o);
    checkGoldens('govcloud-session', files);
    // --region only outside the aws partition.
    assert.match(file(files, 'ccoctl.sh').content, /--region='us-gov-west-1'/);
    assert.doesNotMatch(renderScaffold(BASE).find((f) => f.path === 'ccoctl.sh')!.content, /--region=/);
  });

  it('the application code is the code generator\'s output for the set\'s chain', () => {
    for (const language of APP_LANGUAGES) {
      const o = { ...BASE, language };
      const expected = renderSdkCode(chainOf(o), language);
      const f = file(renderScaffold(o), `app/${expected.fileName}`);
      assert.equal(f.content, expected.content);
    }
    assert.deepEqual(chainOf(BASE), {
      destinationRoleArn: 'arn:aws:iam::444455556666:role/orders-reader',
      roleSessionName: 'orders-reader',
      region: 'us-east-1',
      durationSeconds: 3600,
      configFile: '/var/run/secrets/cloud/credentials',
      tokenFile: '/var/run/secrets/openshift/serviceaccount/token',
      sourceRoleArn: 'arn:aws:iam::111122223333:role/irsa-team-a-orders-reader-aws',
    });
  });

  it('ccoctl.sh is valid bash (bash -n) and quotes every value', () => {
    for (const o of [BASE, { ...BASE, region: 'cn-north-1', identityProviderArn: 'arn:aws-cn:iam::111122223333:oidc-provider/x.s3.cn-north-1.amazonaws.com.cn' }]) {
      const script = file(renderScaffold(o), 'ccoctl.sh').content;
      const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(script, /^#!\/usr\/bin\/env bash\n/);
      assert.match(script, /\nset -euo pipefail\n/);
    }
  });
});

/** Account ids that are not the wizard's placeholders (no AWS documentation example either). */
const OWN_IDS = { identityProviderArn: 'arn:aws:iam::210987654321:oidc-provider/irsa-oidc.s3.us-east-1.amazonaws.com', destinationAccountId: '345678901234' };

/** Findings of a set other than the placeholder-account-id infos its default account ids give by design. */
function withoutPlaceholderIds(files: ScaffoldFile[]): string {
  return formatFindings(lintSet(files).findings.filter((f) => f.ruleId !== 'placeholder-account-id'), SET_ROOT);
}

describe('renderScaffold: the set validates with zero findings (own account ids)', () => {
  for (const kind of WORKLOAD_KINDS) {
    for (const trustPrincipal of TRUST_PRINCIPALS) {
      it(`${kind}, trust principal ${trustPrincipal}`, () => {
        for (const language of APP_LANGUAGES) {
          const own = renderScaffold({ ...BASE, ...OWN_IDS, workloadKind: kind, trustPrincipal, language });
          assert.equal(lintSet(own).text, '', `${kind}/${trustPrincipal}/${language}`);
          // With the default (example) account ids: nothing but the placeholder infos.
          const defaults = renderScaffold({ ...BASE, workloadKind: kind, trustPrincipal, language });
          assert.equal(withoutPlaceholderIds(defaults), '', `${kind}/${trustPrincipal}/${language} (defaults)`);
          assert.deepEqual(
            lintSet(defaults)
              .findings.map((f) => [f.ruleId, f.severity, path.relative(SET_ROOT, fileURLToPath(f.uri))])
              .sort((a, b) => a[2]!.localeCompare(b[2]!)),
            [
              ['placeholder-account-id', 'info', path.join('credrequests', 'orders-reader-aws.yaml')],
              ['placeholder-account-id', 'info', path.join('iam', 'orders-reader-trust-policy.json')],
              ['placeholder-account-id', 'info', path.join('outputs', 'manifests', 'team-a-orders-reader-aws-credentials.yaml')],
            ],
            `${kind}/${trustPrincipal}/${language} (defaults)`,
          );
        }
      });
    }
  }

  it('defaults: lint reports each placeholder account id once per file, at info level, naming the default ccoctl name', () => {
    const actual = lintSet(renderScaffold(BASE)).text;
    assert.equal(actual, golden(path.join(GOLDEN_DIR, 'team-a-defaults.lint.expected'), actual));
  });

  it('non-default values: GovCloud, dotted service account, long names that still fit 64', () => {
    const o = withDefaults({
      namespace: 'a-very-long-namespace-name-for-payments',
      serviceAccount: 'ledger.writer',
      secretName: 'ledger-writer',
      ccoctlName: 'prod-east',
      region: 'us-gov-east-1',
      trustPrincipal: 'assumed-role',
      workloadKind: 'CronJob',
      identityProviderArn: 'arn:aws-us-gov:iam::210987654321:oidc-provider/prod-east-oidc.s3.us-gov-east-1.amazonaws.com',
      destinationAccountId: '345678901234',
    });
    assert.equal(scaffoldNames(o).ccoctlRoleName.length, 'prod-east-a-very-long-namespace-name-for-payments-ledger-writer'.length);
    assert.equal(lintSet(renderScaffold(o)).text, '');
  });

  it('the check is live: a set with a broken link is reported', () => {
    const files = renderScaffold(BASE).map((f) =>
      f.path === 'manifests/orders-reader-deployment.yaml' ? { ...f, content: f.content.replace('serviceAccountName: orders-reader', 'serviceAccountName: someone-else') } : f,
    );
    const ids = new Set(lintSet(files).findings.map((f) => f.ruleId));
    assert.ok(ids.has('service-account-mismatch'), [...ids].join(', '));
  });

  it('two sets scaffolded into the same folder stay clean together', () => {
    const a = renderScaffold({ ...BASE, ...OWN_IDS });
    const b = renderScaffold(withDefaults({ namespace: 'team-a', serviceAccount: 'invoices-writer', workloadKind: 'Job', actions: ['s3:PutObject'], ...OWN_IDS }));
    // Same ccoctl prefix, OIDC provider and accounts: the shared files are identical.
    for (const shared of ['.irsa.yaml']) assert.equal(file(a, shared).content, file(b, shared).content);
    const merged = [...a, ...b.filter((f) => !a.some((x) => x.path === f.path))];
    assert.equal(lintSet(merged).text, '');
  });
});

/** Values that break naive templating in YAML, JSON, shell, Markdown and file names. */
const HOSTILE = [
  "it's",
  '$(touch /tmp/irsa-pwned)',
  '`touch /tmp/irsa-pwned`',
  '"; rm -rf / #',
  "'; echo pwned; '",
  'line1\nline2',
  '${HOME}',
  '\\',
  '--help',
  '*',
  'a: b',
  '- item',
  '# comment',
  '../../etc/passwd',
  '',
];

describe('renderScaffold: hostile values', () => {
  it('shellQuote yields exactly the value as one argument', () => {
    const r = spawnSync('bash', ['-c', `printf '%s\\0' ${HOSTILE.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), HOSTILE);
  });

  it('ccoctl.sh passes hostile values to ccoctl and oc verbatim and runs nothing else', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-scaffold-'));
    try {
      const log = path.join(tmp, 'argv.log');
      const pwned = path.join(tmp, 'pwned');
      // ccoctl and oc are exported bash functions (no extra processes) that record each argument
      // NUL-terminated, one record per call.
      const stub = (tool: string): string => `() { { printf '%s\\0' ${tool} "$@"; printf '\\n'; } >> "$IRSA_ARGV_LOG"; }`;
      for (const [i, v] of HOSTILE.entries()) {
        const hostile = v.replace('/tmp/irsa-pwned', pwned);
        const o: ScaffoldOptions = { ...BASE, ccoctlName: hostile, identityProviderArn: hostile, namespace: hostile, secretName: hostile, serviceAccount: hostile };
        const setDir = path.join(tmp, `set${i}`);
        fs.mkdirSync(setDir);
        const script = renderScaffold(o).find((f) => f.path === 'ccoctl.sh')!.content;
        fs.writeFileSync(path.join(setDir, 'ccoctl.sh'), script);
        fs.writeFileSync(log, '');
        const r = spawnSync('bash', [path.join(setDir, 'ccoctl.sh')], {
          encoding: 'utf8',
          env: { PATH: process.env['PATH'], IRSA_ARGV_LOG: log, 'BASH_FUNC_ccoctl%%': stub('ccoctl'), 'BASH_FUNC_oc%%': stub('oc') },
        });
        assert.equal(r.status, 0, `${JSON.stringify(hostile)}: ${r.stderr}`);
        const calls = fs
          .readFileSync(log, 'utf8')
          .split('\0\n')
          .filter(Boolean)
          .map((c) => c.split('\0'));
        const n = scaffoldNames(o);
        assert.deepEqual(calls, [
          ['ccoctl', 'aws', 'create-iam-roles', `--name=${hostile}`, '--credentials-requests-dir=credrequests', `--identity-provider-arn=${hostile}`, '--output-dir=outputs'],
          ['oc', 'apply', '-f', n.paths.secret],
          ['oc', 'apply', '-f', n.paths.serviceAccount],
          ['oc', 'apply', '-f', n.paths.workload],
        ]);
        assert.ok(!fs.existsSync(pwned), `${JSON.stringify(hostile)} ran a command`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('YAML and JSON keep hostile values as plain data', () => {
    for (const v of HOSTILE) {
      const o: ScaffoldOptions = { ...BASE, namespace: v, serviceAccount: v, secretName: v, image: v, roleSessionName: v, actions: [v] };
      const files = renderScaffold(o);
      const n = scaffoldNames(o);
      const cr = parseYaml(file(files, n.paths.credentialsRequest).content);
      assert.equal(cr.metadata.namespace, v);
      assert.equal(cr.spec.secretRef.name, v);
      assert.deepEqual(cr.spec.serviceAccountNames, [v]);
      const wl = parseYaml(file(files, n.paths.workload).content);
      const pod = wl.spec.template.spec;
      assert.equal(pod.serviceAccountName, v);
      assert.equal(pod.containers[0].image, v);
      assert.deepEqual(
        pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]),
        [
          ['AWS_CONFIG_FILE', '/var/run/secrets/cloud/credentials'],
          ['AWS_ROLE_SESSION_NAME', v],
          ['AWS_REGION', 'us-east-1'],
          ['AWS_DEFAULT_REGION', 'us-east-1'],
        ],
      );
      assert.deepEqual(JSON.parse(file(files, n.paths.permissionsPolicy).content).Statement[0].Action, [v]);
      for (const f of files) assert.ok(isSafeRelativePath(f.path), `${JSON.stringify(v)} → unsafe path ${f.path}`);
    }
  });

  it('never throws, always gives safe paths and a script bash accepts (arbitrary strings)', () => {
    const str = fc.string({ unit: 'binary', maxLength: 30 });
    fc.assert(
      fc.property(
        fc.record({ namespace: str, serviceAccount: str, secretName: str, ccoctlName: str, identityProviderArn: str, destinationRoleName: str, roleSessionName: str, region: str, image: str }),
        fc.constantFrom(...WORKLOAD_KINDS),
        (values, workloadKind) => {
          const files = renderScaffold({ ...BASE, ...values, workloadKind });
          for (const f of files) assert.ok(isSafeRelativePath(f.path), f.path);
          const script = files.find((f) => f.path === 'ccoctl.sh')!.content;
          const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
        },
      ),
      { numRuns: 15, seed: 4242 },
    );
  });
});
