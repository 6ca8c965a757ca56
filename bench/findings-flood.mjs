#!/usr/bin/env node
// Findings flood (issue #10 item 8): small files that make rules report thousands of times, checked
// by `irsa-lint --format sarif`. Prints the number of results (in all and per file), the SARIF size,
// the CLI's peak RSS (`/usr/bin/time -v`, when installed) and the wall time.
//
//   node bench/findings-flood.mjs [--principals N] [--statements N] [--crs N] [--keep DIR] [--cli FILE]
//
// The workspace: `trust-policy.json`, a trust policy whose first statement names N principals `"1"`
// (4 bytes and one arn-format finding each: 500 make a 2 KB policy) followed by S statements
// `{"Principal":"*"}` (18 bytes and 3 findings each: no Effect, no Action, a `*` principal); and
// `credrequests/many.yaml`, M CredentialsRequests that share one secretRef (every pair collides; since
// issue #11 that is one ccoctl-role-name-collision finding with M−1 related locations, no longer M·(M−1)).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const CLI = path.resolve(HERE, '..', 'dist', 'cli.js');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const principals = Number(arg('--principals', '5000'));
const statements = Number(arg('--statements', '1000'));
const crs = Number(arg('--crs', '300'));
const keep = arg('--keep');
const cli = arg('--cli', CLI);

/** A trust policy: one statement naming `principals` malformed principals, then `statements` statements `{"Principal":"*"}`. */
export function floodPolicy(principals, statements) {
  const first = `{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":[${Array(principals).fill('"1"').join(',')}]}}`;
  return `{"Version":"2012-10-17","Statement":[${[first, ...Array(statements).fill('{"Principal":"*"}')].join(',')}]}\n`;
}

/** `n` CredentialsRequests in one file, all with secretRef ns/creds (every pair maps to one role). */
export function collidingCredentialsRequests(n) {
  const one = (i) =>
    [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      `  name: cr-${i}`,
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AWSProviderSpec',
      '    statementEntries:',
      '      - effect: Allow',
      '        action: [s3:GetObject]',
      '        resource: "*"',
      '  secretRef:',
      '    name: creds',
      '    namespace: ns',
      '  serviceAccountNames: [sa]',
      '',
    ].join('\n');
  return Array.from({ length: n }, (_, i) => one(i)).join('---\n');
}

const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-flood-'));
fs.mkdirSync(path.join(dir, 'credrequests'), { recursive: true });
fs.writeFileSync(path.join(dir, 'trust-policy.json'), floodPolicy(principals, statements));
fs.writeFileSync(path.join(dir, 'credrequests', 'many.yaml'), collidingCredentialsRequests(crs));
const inputBytes = fs.statSync(path.join(dir, 'trust-policy.json')).size + fs.statSync(path.join(dir, 'credrequests', 'many.yaml')).size;

const sarifFile = path.join(dir, '..', `${path.basename(dir)}.sarif`);
const haveTime = fs.existsSync('/usr/bin/time');
const cmd = haveTime ? ['/usr/bin/time', '-v', process.execPath, cli, '-f', 'sarif', dir] : [process.execPath, cli, '-f', 'sarif', dir];
const out = fs.openSync(sarifFile, 'w');
const t0 = performance.now();
const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
const ms = performance.now() - t0;
fs.closeSync(out);
const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
const results = sarif.runs[0].results;
const perFile = new Map();
for (const x of results) {
  const u = x.locations[0].physicalLocation.artifactLocation.uri;
  perFile.set(u, (perFile.get(u) ?? 0) + 1);
}
console.log(
  JSON.stringify(
    {
      principals,
      statements,
      crs,
      inputBytes,
      exitCode: r.status,
      results: results.length,
      resultsPerFile: Object.fromEntries([...perFile].map(([u, n]) => [path.basename(u), n])),
      sarifBytes: fs.statSync(sarifFile).size,
      peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : null,
      wallMs: Math.round(ms),
    },
    null,
    2,
  ),
);
fs.rmSync(sarifFile);
if (!keep) fs.rmSync(dir, { recursive: true });
