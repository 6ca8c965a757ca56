/**
 * Dependency manifests (issue #14): which AWS SDK an application is built with, read from the text of
 * `package.json`, `requirements*.txt`, `pyproject.toml`, `Pipfile`, `go.mod`, `pom.xml` and
 * `build.gradle(.kts)`. Pure: text in, dependencies with offsets out; nothing is resolved over the
 * network, so a version the file does not state (a Maven parent's property, a Gradle version catalog,
 * a lock file) is unknown and no rule judges it.
 *
 * Parsers: `package.json` goes through jsonc-parser (already the engine's JSON parser; it gives
 * offsets). TOML and XML are read by the small readers below rather than a new dependency: the rules
 * need exact offsets of a few values (which xml2js does not give, and sax pulls in Node's `stream`,
 * which the engine may not import), and only a handful of tables/elements matter. Each reader is
 * defensive: what it does not understand it skips, it never throws, and it is linear in the text.
 */
import { parseTree, Node as JsonNode } from 'jsonc-parser';

/** The AWS SDKs whose manifests the rules judge. */
export type AwsSdk = 'js-v2' | 'js-v3' | 'boto3' | 'botocore' | 'go-v1' | 'go-v2' | 'java-v1' | 'java-v2';

export type ManifestFormat = 'npm' | 'requirements' | 'pyproject' | 'pipfile' | 'gomod' | 'maven' | 'gradle';

/** One AWS SDK dependency of a manifest. Offsets are UTF-16 code units of the manifest's text. */
export interface SdkDependency {
  sdk: AwsSdk;
  /** As the ecosystem names it: `aws-sdk`, `@aws-sdk/client-s3`, `boto3`, `github.com/aws/aws-sdk-go`, `com.amazonaws:aws-java-sdk-s3`. */
  name: string;
  /** The version or range as written (`^2.400.0`, `>=1.9,<2`, `v1.23.0`, `[1.11,)`); undefined when none or not resolvable in this file. */
  version?: string;
  /** Where the name is. */
  start: number;
  end: number;
  /** Where the version is, when it is written in this file next to the dependency (or in a property it names). */
  versionStart?: number;
  versionEnd?: number;
  /**
   * Not shipped with the application, or supplied by something else at run time: npm devDependencies,
   * a requirements file named for development or tests (`requirements-dev.txt`), PEP 621 optional and
   * Poetry group dependencies, Pipfile dev-packages, Maven scopes `test` and `provided`, Gradle test,
   * `compileOnly`, annotation-processor and build-script (`classpath`) configurations.
   */
  dev: boolean;
  /**
   * Only a version constraint, not a dependency of the build: Maven `<dependencyManagement>`, a BOM
   * (`aws-java-sdk-bom`, `software.amazon.awssdk:bom`) or a Gradle `platform(…)`.
   */
  managed: boolean;
  /** go.mod `// indirect`: required by another module, not imported by this one. */
  indirect?: boolean;
}

export interface DependencyManifest {
  format: ManifestFormat;
  deps: SdkDependency[];
  /**
   * The file may declare dependencies this reader cannot see, so "module X is absent" cannot be
   * concluded from it: a Gradle version catalog accessor (`libs.…`), a Maven `<parent>`.
   */
  opaque?: string;
}

const MANIFEST_NAME = /(?:^|\/)(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|pom\.xml|build\.gradle(?:\.kts)?)$/;

/** The manifest format of a file by its name (case-sensitive, as the tools that read them are), or undefined. */
export function manifestFormatOf(uri: string): ManifestFormat | undefined {
  const m = MANIFEST_NAME.exec(uri.replace(/[?#].*$/, ''));
  if (!m) return undefined;
  const n = m[1]!;
  if (n === 'package.json') return 'npm';
  if (n.startsWith('requirements')) return 'requirements';
  if (n === 'pyproject.toml') return 'pyproject';
  if (n === 'Pipfile') return 'pipfile';
  if (n === 'go.mod') return 'gomod';
  if (n === 'pom.xml') return 'maven';
  return 'gradle';
}

/** File-name globs of every manifest, for file watchers. */
export const MANIFEST_FILES_GLOB = '**/{package.json,requirements*.txt,pyproject.toml,Pipfile,go.mod,pom.xml,build.gradle,build.gradle.kts}';

/**
 * Cheap pre-filter: the text names an AWS SDK package. A monorepo has thousands of `package.json`
 * files; only those that pass are parsed.
 */
export function mayNameAwsSdk(text: string): boolean {
  return /aws-sdk|@aws-sdk\/|boto3|botocore|com\.amazonaws|software\.amazon\.awssdk/.test(text);
}

/** Reads a manifest. Never throws; a file it cannot read has no dependencies. */
export function parseManifest(uri: string, text: string): DependencyManifest {
  const format = manifestFormatOf(uri) ?? 'npm';
  switch (format) {
    case 'npm':
      return { format, deps: npmDeps(text) };
    case 'requirements':
      return { format, deps: requirementsDeps(text, DEV_REQUIREMENTS.test(uri.slice(uri.lastIndexOf('/') + 1))) };
    case 'pyproject':
    case 'pipfile':
      return { format, deps: tomlDeps(text, format) };
    case 'gomod':
      return { format, deps: goModDeps(text) };
    case 'maven':
      return mavenDeps(text);
    case 'gradle':
      return gradleDeps(text);
  }
}

// ---------------------------------------------------------------------------------------------- npm

/** `aws-sdk` is JS v2; every `@aws-sdk/*` package is JS v3 (aws/aws-sdk-js-v3 packages/, clients/). */
function npmSdk(name: string): AwsSdk | undefined {
  if (name === 'aws-sdk') return 'js-v2';
  if (name.startsWith('@aws-sdk/')) return 'js-v3';
  return undefined;
}

function npmDeps(text: string): SdkDependency[] {
  let root: JsonNode | undefined;
  try {
    root = parseTree(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return [];
  }
  if (!root || root.type !== 'object') return [];
  const out: SdkDependency[] = [];
  for (const prop of root.children ?? []) {
    const key = prop.children?.[0];
    const val = prop.children?.[1];
    if (!key || !val || val.type !== 'object') continue;
    const section = String(key.value);
    // Optional dependencies are installed too. Peer dependencies are the host application's to choose (a
    // library's `"aws-sdk": "^2.0.0"` peer says nothing about the version it runs with); overrides and
    // resolutions are not dependencies.
    if (!['dependencies', 'devDependencies', 'optionalDependencies'].includes(section)) continue;
    for (const dep of val.children ?? []) {
      const k = dep.children?.[0];
      const v = dep.children?.[1];
      if (!k || typeof k.value !== 'string') continue;
      const sdk = npmSdk(k.value);
      if (!sdk) continue;
      const d: SdkDependency = { sdk, name: k.value, start: k.offset + 1, end: k.offset + k.length - 1, dev: section === 'devDependencies', managed: false };
      if (v && v.type === 'string' && typeof v.value === 'string') {
        d.version = v.value;
        d.versionStart = v.offset + 1;
        d.versionEnd = v.offset + v.length - 1;
      }
      out.push(d);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- Python

function pySdk(name: string): AwsSdk | undefined {
  // PEP 503: names compare case-insensitively with runs of -_. equal.
  const n = name.toLowerCase().replace(/[-_.]+/g, '-');
  if (n === 'boto3') return 'boto3';
  if (n === 'botocore') return 'botocore';
  return undefined;
}

/**
 * One PEP 508 requirement (`boto3[crt] >= 1.9, <2 ; python_version>"3"`) starting at `offset` of the
 * file: the name and the version specifier with their offsets.
 */
function pep508(req: string, offset: number, dev: boolean): SdkDependency | undefined {
  const m = /^(\s*)([A-Za-z0-9][A-Za-z0-9._-]*)(\s*(?:\[[^\]]*\])?\s*)(\(?)([^;#@]*)/.exec(req);
  if (!m) return undefined;
  const sdk = pySdk(m[2]!);
  if (!sdk) return undefined;
  const start = offset + m[1]!.length;
  const d: SdkDependency = { sdk, name: m[2]!, start, end: start + m[2]!.length, dev, managed: false };
  const rawSpec = m[5]!;
  const spec = rawSpec.replace(/\)\s*$/, '').trim();
  if (spec) {
    const specAt = offset + m[1]!.length + m[2]!.length + m[3]!.length + m[4]!.length + rawSpec.indexOf(spec);
    d.version = spec;
    d.versionStart = specAt;
    d.versionEnd = specAt + spec.length;
  }
  return d;
}

/** A requirements file for development, tests, linting, docs or CI (`requirements-dev.txt`, `requirements_test.txt`). */
const DEV_REQUIREMENTS = /^requirements[-_.](.*[-_.])?(dev|devel|develop|test|tests|testing|lint|docs?|ci)([-_.].*)?\.txt$/;

function requirementsDeps(text: string, dev: boolean): SdkDependency[] {
  const out: SdkDependency[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const lineAt = at;
    at += line.length + 1;
    // Options (`-r`, `-e`, `--hash`), URLs and comments are not requirements of ours.
    const body = line.replace(/(^|\s)#.*$/, '').replace(/\s--hash=\S+/g, '').replace(/\\\s*$/, '');
    if (/^\s*(-|$)/.test(body)) continue;
    const d = pep508(body, lineAt, dev);
    if (d) out.push(d);
  }
  return out;
}

/** A TOML string value at `i` of `text` (basic or literal, single line): its content and offsets of the content. */
function tomlString(text: string, i: number): { value: string; start: number; end: number } | undefined {
  const q = text[i];
  if (q !== '"' && q !== "'") return undefined;
  let j = i + 1;
  while (j < text.length && text[j] !== q && text[j] !== '\n') j += q === '"' && text[j] === '\\' ? 2 : 1;
  if (text[j] !== q) return undefined;
  return { value: text.slice(i + 1, j), start: i + 1, end: j };
}

/**
 * The few TOML tables a Python manifest declares dependencies in: PEP 621 `[project] dependencies` and
 * `[project.optional-dependencies]` (PEP 508 strings), Poetry `[tool.poetry.dependencies]` and
 * `[tool.poetry.group.<g>.dependencies]` (`boto3 = "^1.9"` or `{ version = "…" }`), Pipfile
 * `[packages]` / `[dev-packages]` (`boto3 = "==1.9.0"`). A line-based reader: table headers, `key =`
 * lines, and arrays of strings that may span lines; anything else is skipped.
 */
function tomlDeps(text: string, format: 'pyproject' | 'pipfile'): SdkDependency[] {
  const out: SdkDependency[] = [];
  let table = '';
  const lines = text.split('\n');
  let at = 0;
  let arrayOf: { dev: boolean } | undefined;
  for (const line of lines) {
    const lineAt = at;
    at += line.length + 1;
    if (arrayOf) {
      // Inside `dependencies = [ … ]`: every string is a PEP 508 requirement.
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '#') break;
        if (c === ']') {
          arrayOf = undefined;
          break;
        }
        const s = tomlString(text, lineAt + i);
        if (!s) continue;
        const d = pep508(s.value, s.start, arrayOf.dev);
        if (d) out.push(d);
        i = s.end - lineAt;
      }
      continue;
    }
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s+/g, '').replace(/"/g, '');
      continue;
    }
    const kv = /^(\s*)(["']?)([A-Za-z0-9._-]+)\2\s*=\s*/.exec(line);
    if (!kv) continue;
    const key = kv[3]!;
    const valueAt = lineAt + kv[0].length;
    if (format === 'pyproject' && ((table === 'project' && key === 'dependencies') || table === 'project.optional-dependencies')) {
      if (text[valueAt] === '[') {
        arrayOf = { dev: table !== 'project' };
        // Strings on the same line as `[`.
        let i = valueAt + 1;
        while (i < at && text[i] !== '\n') {
          if (text[i] === '#') break;
          if (text[i] === ']') {
            arrayOf = undefined;
            break;
          }
          const s = tomlString(text, i);
          if (s) {
            const d = pep508(s.value, s.start, table !== 'project');
            if (d) out.push(d);
            i = s.end + 1;
          } else i++;
        }
      }
      continue;
    }
    const depsTable = format === 'pipfile'
      ? table === 'packages' || table === 'dev-packages'
      : table === 'tool.poetry.dependencies' || table === 'tool.poetry.dev-dependencies' || /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table);
    if (!depsTable) continue;
    const sdk = pySdk(key);
    if (!sdk) continue;
    const keyStart = lineAt + kv[1]!.length + kv[2]!.length;
    const dev = format === 'pipfile' ? table === 'dev-packages' : table !== 'tool.poetry.dependencies';
    const d: SdkDependency = { sdk, name: key, start: keyStart, end: keyStart + key.length, dev, managed: false };
    let s = tomlString(text, valueAt);
    if (!s && text[valueAt] === '{') {
      // Inline table: `{ version = "…", extras = […] }`.
      const vm = /\bversion\s*=\s*/.exec(line.slice(valueAt - lineAt));
      if (vm) s = tomlString(text, valueAt + vm.index + vm[0].length);
    }
    if (s && s.value.trim() && s.value.trim() !== '*') {
      // Poetry: a bare `1.9.0` is an exact version; Pipfile writes pip specifiers (`==1.9.0`).
      d.version = s.value.trim();
      d.versionStart = s.start;
      d.versionEnd = s.end;
    }
    out.push(d);
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- Go

/** Go modules of the SDKs: github.com/aws/aws-sdk-go (v1) and github.com/aws/aws-sdk-go-v2[/…]. */
function goSdk(path: string): AwsSdk | undefined {
  if (path === 'github.com/aws/aws-sdk-go') return 'go-v1';
  if (path === 'github.com/aws/aws-sdk-go-v2' || path.startsWith('github.com/aws/aws-sdk-go-v2/')) return 'go-v2';
  return undefined;
}

/**
 * `require` lines and blocks of a go.mod (golang.org/ref/mod#go-mod-file-require). A module that a
 * `replace` directive redirects has no version this file can vouch for.
 */
function goModDeps(text: string): SdkDependency[] {
  const out: SdkDependency[] = [];
  const replaced = new Set<string>();
  let block: string | undefined;
  let at = 0;
  for (const line of text.split('\n')) {
    const lineAt = at;
    at += line.length + 1;
    const body = line.replace(/\/\/.*$/, '');
    const indirect = /\/\/\s*indirect\b/.test(line);
    if (block) {
      if (/^\s*\)/.test(body)) {
        block = undefined;
        continue;
      }
      entry(block, body, lineAt, indirect);
      continue;
    }
    const open = /^\s*(require|replace|exclude|retract)\s*\(\s*$/.exec(body);
    if (open) {
      block = open[1];
      continue;
    }
    const one = /^(\s*(require|replace)\s+)(.*)$/.exec(body);
    if (one) entry(one[2]!, ' '.repeat(one[1]!.length) + one[3]!, lineAt, indirect);
  }
  function entry(directive: string, body: string, lineAt: number, indirect: boolean): void {
    if (directive === 'replace') {
      const r = /^\s*(\S+)/.exec(body);
      if (r) replaced.add(r[1]!);
      return;
    }
    if (directive !== 'require') return;
    const m = /^(\s*)(\S+)(\s+)(v\S+)/.exec(body);
    if (!m) return;
    const sdk = goSdk(m[2]!);
    if (!sdk) return;
    const start = lineAt + m[1]!.length;
    const vStart = start + m[2]!.length + m[3]!.length;
    const d: SdkDependency = { sdk, name: m[2]!, start, end: start + m[2]!.length, version: m[4]!, versionStart: vStart, versionEnd: vStart + m[4]!.length, dev: false, managed: false };
    if (indirect) d.indirect = true;
    out.push(d);
  }
  for (const d of out) {
    if (replaced.has(d.name)) {
      delete d.version;
      delete d.versionStart;
      delete d.versionEnd;
    }
  }
  return out;
}

// --------------------------------------------------------------------------------------------- Java

/** Java SDK of a Maven coordinate: v1 is group com.amazonaws, artifacts aws-java-sdk*; v2 is group software.amazon.awssdk. */
function javaSdk(group: string, artifact: string): AwsSdk | undefined {
  if (group === 'com.amazonaws' && artifact.startsWith('aws-java-sdk')) return 'java-v1';
  if (group === 'software.amazon.awssdk') return 'java-v2';
  return undefined;
}

/** True for the BOM artifacts, whose version the other modules of the build take. */
export function isJavaBom(name: string): boolean {
  return name === 'com.amazonaws:aws-java-sdk-bom' || name === 'software.amazon.awssdk:bom';
}

interface XmlElement {
  name: string;
  /** Path of element names from the root, e.g. `project/dependencies/dependency`. */
  path: string;
  /** Text content (entities not decoded; the values we read have none) and its offsets. */
  text: string;
  start: number;
  end: number;
  children: XmlElement[];
}

/**
 * A reader of the element structure of a pom.xml: start/end tags, comments, CDATA, processing
 * instructions; attributes are skipped. Returns the root element, or undefined when the tags do not
 * nest (then no dependency is read rather than a wrong one).
 */
function readXml(text: string): XmlElement | undefined {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const top = stack[stack.length - 1];
    if (top && top.children.length === 0) {
      // Text of a leaf element (the last text run before its end tag is what we keep).
      top.text = text.slice(i, lt);
      top.start = i;
      top.end = lt;
    }
    if (text.startsWith('<!--', lt)) {
      const e = text.indexOf('-->', lt + 4);
      if (e < 0) return undefined;
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const e = text.indexOf(']]>', lt);
      if (e < 0) return undefined;
      i = e + 3;
      continue;
    }
    if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      const e = text.indexOf('>', lt);
      if (e < 0) return undefined;
      i = e + 1;
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) return undefined;
    const tag = text.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) return undefined;
      if (open.children.length > 0) open.text = '';
      if (stack.length === 0) root = open;
    } else {
      const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
      const parent = stack[stack.length - 1];
      const el: XmlElement = { name, path: parent ? `${parent.path}/${name}` : name, text: '', start: gt + 1, end: gt + 1, children: [] };
      if (parent) parent.children.push(el);
      if (tag.endsWith('/')) {
        if (!parent) root = el;
      } else stack.push(el);
    }
    i = gt + 1;
  }
  return stack.length === 0 ? root : undefined;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/**
 * Maven: `<dependency>` elements of `project/dependencies`, `project/dependencyManagement/dependencies`
 * (managed) and `project/profiles/profile/dependencies`. A `${prop}` version is looked up in this
 * file's `<properties>`; a dependency without version takes the version of this file's BOM import or
 * managed entry of the same SDK, else it is unknown (it may come from a parent POM).
 */
function mavenDeps(text: string): DependencyManifest {
  const root = readXml(text);
  if (!root || root.name !== 'project') return { format: 'maven', deps: [] };
  const props = new Map<string, XmlElement>();
  for (const p of child(root, 'properties')?.children ?? []) props.set(p.name, p);
  const deps: SdkDependency[] = [];
  const visit = (el: XmlElement, managed: boolean): void => {
    for (const dep of el.children) {
      if (dep.name !== 'dependency') continue;
      const g = child(dep, 'groupId');
      const a = child(dep, 'artifactId');
      if (!g || !a) continue;
      const group = g.text.trim();
      const artifact = a.text.trim();
      const sdk = javaSdk(group, artifact);
      if (!sdk) continue;
      const name = `${group}:${artifact}`;
      const scope = child(dep, 'scope')?.text.trim();
      const nameStart = a.start + a.text.indexOf(artifact);
      // `provided`: the runtime (a container, Lambda, EMR) supplies its own copy.
      const d: SdkDependency = { sdk, name, start: nameStart, end: nameStart + artifact.length, dev: scope === 'test' || scope === 'provided', managed: managed || isJavaBom(name) };
      const v = child(dep, 'version');
      if (v) {
        let vEl: XmlElement | undefined = v;
        const ref = /^\s*\$\{([^}]+)\}\s*$/.exec(v.text);
        if (ref) vEl = props.get(ref[1]!);
        const value = vEl?.text.trim();
        if (vEl && value && !value.includes('${')) {
          d.version = value;
          d.versionStart = vEl.start + vEl.text.indexOf(value);
          d.versionEnd = d.versionStart + value.length;
        }
      }
      deps.push(d);
    }
  };
  const direct = child(root, 'dependencies');
  if (direct) visit(direct, false);
  const mgmt = child(root, 'dependencyManagement');
  const mgmtDeps = mgmt && child(mgmt, 'dependencies');
  if (mgmtDeps) visit(mgmtDeps, true);
  for (const profile of child(root, 'profiles')?.children ?? []) {
    const pd = child(profile, 'dependencies');
    if (pd) visit(pd, false);
  }
  inheritManagedVersions(deps);
  return child(root, 'parent') ? { format: 'maven', deps, opaque: 'it has a Maven <parent>, whose dependencies it inherits' } : { format: 'maven', deps };
}

/** A dependency without a version takes the version of a BOM/managed entry of the same SDK in the same file. */
function inheritManagedVersions(deps: SdkDependency[]): void {
  for (const d of deps) {
    if (d.version !== undefined || d.managed) continue;
    const from = deps.find((m) => m.managed && m.sdk === d.sdk && m.version !== undefined && (isJavaBom(m.name) || m.name === d.name));
    if (!from) continue;
    d.version = from.version;
    d.versionStart = from.versionStart;
    d.versionEnd = from.versionEnd;
  }
}

/**
 * Gradle (Groovy or Kotlin DSL): every string literal `'group:artifact[:version]'` of an AWS SDK group,
 * the configuration named before it on its line (`testImplementation` → dev), `platform(…)` /
 * `enforcedPlatform(…)` around it (managed), and the map notation `group: 'com.amazonaws', name: '…',
 * version: '…'`. A version with `$` (a variable) is unknown. Comments are skipped.
 */
function gradleDeps(text: string): DependencyManifest {
  const deps: SdkDependency[] = [];
  const masked = maskComments(text);
  const strRe = /(["'])([^"'\n]*)\1/g;
  for (let m = strRe.exec(masked); m; m = strRe.exec(masked)) {
    const value = m[2]!;
    const at = m.index + 1;
    const lineStart = masked.lastIndexOf('\n', m.index) + 1;
    const before = masked.slice(lineStart, m.index);
    const coord = /^([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::([^:@\s]+))?(?:[:@].*)?$/.exec(value);
    let group: string | undefined;
    let artifact: string | undefined;
    let version: string | undefined;
    let nameStart = 0;
    let versionStart = 0;
    if (coord) {
      group = coord[1]!;
      artifact = coord[2]!;
      version = coord[3];
      nameStart = at + group.length + 1;
      versionStart = nameStart + artifact.length + 1;
    } else if (/\bgroup\s*[:=]\s*$/.test(before)) {
      // Map notation on one line: group: 'g', name: 'a', version: 'v'
      const lineEnd = masked.indexOf('\n', m.index);
      const rest = masked.slice(m.index, lineEnd < 0 ? masked.length : lineEnd);
      const nm = /\bname\s*[:=]\s*(["'])([^"'\n]*)\1/.exec(rest);
      if (!nm) continue;
      group = value;
      artifact = nm[2]!;
      nameStart = m.index + nm.index + nm[0].length - nm[2]!.length - 1;
      const vm = /\bversion\s*[:=]\s*(["'])([^"'\n]*)\1/.exec(rest);
      if (vm) {
        version = vm[2]!;
        versionStart = m.index + vm.index + vm[0].length - vm[2]!.length - 1;
      }
    } else continue;
    const sdk = javaSdk(group, artifact);
    if (!sdk) continue;
    const name = `${group}:${artifact}`;
    // The configuration is the call the line starts with: `testImplementation 'g:a:v'`, `implementation(platform("…"))`.
    const config = /^\s*([A-Za-z]+)/.exec(before)?.[1] ?? '';
    const d: SdkDependency = {
      sdk,
      name,
      start: nameStart,
      end: nameStart + artifact.length,
      dev: /^test|Test|^compileOnly$|^annotationProcessor$|^kapt|^classpath$/.test(config),
      managed: /\b(enforcedPlatform|platform)\s*\(\s*$/.test(before) || isJavaBom(name),
    };
    if (version && !version.includes('$')) {
      d.version = version;
      d.versionStart = versionStart;
      d.versionEnd = versionStart + version.length;
    }
    deps.push(d);
  }
  inheritManagedVersions(deps);
  // A version catalog (`libs.aws.sts`) or a variable coordinate can name any module.
  return /\blibs\.[A-Za-z]/.test(masked) ? { format: 'gradle', deps, opaque: 'it takes dependencies from a Gradle version catalog (`libs.…`)' } : { format: 'gradle', deps };
}

/** `text` with `//` and `/* *\/` comments replaced by spaces (string literals kept), so offsets stay. */
function maskComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
      out += ' '.repeat(j - i);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      let j = text.indexOf('*/', i + 2);
      j = j < 0 ? text.length : j + 2;
      out += text.slice(i, j).replace(/[^\n]/g, ' ');
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------- versions

/** A release number as integers (`2.525.0` → [2, 525, 0]); a leading `v` and a pre-release/build suffix are dropped. */
export function versionParts(v: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?/.exec(v.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3], m[4]].filter((x): x is string => x !== undefined).map(Number);
}

/** Compares release numbers component by component, a missing component being 0. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The lowest version a version constraint admits, as written in its ecosystem, or undefined when it
 * has no lower bound or cannot be read (`*`, `latest`, a URL, a tag, `<2`): an unknown version is
 * never judged. `strict` is set when the bound itself is excluded (`>1.2.3`).
 *
 * npm (semver ranges: `1.2.3`, `=`, `^`, `~`, `>=`, `>`, `1.2.x`, `a - b`, `||`), PEP 440 (`==`,
 * `===`, `~=`, `>=`, `>`, comma-joined), Poetry (`^`, `~`, bare = exact), Go (an exact `vX.Y.Z` or
 * pseudo-version), Maven (`1.2.3`, `[1.2,)`, `(1.2,2.0]`; a soft requirement is the version itself).
 */
export function lowestAdmitted(spec: string): { version: number[]; text: string; strict: boolean } | undefined {
  let best: { version: number[]; text: string; strict: boolean } | undefined;
  for (const alt of spec.split('||')) {
    const low = lowestOfOne(alt.trim());
    if (!low) return undefined; // one alternative without a lower bound: the whole range has none
    if (!best || compareVersions(low.version, best.version) < 0) best = low;
  }
  return best;
}

function lowestOfOne(spec: string): { version: number[]; text: string; strict: boolean } | undefined {
  if (!spec) return undefined;
  // Maven range: [low,high) / (low,high]; `[,2.0)` has no lower bound.
  const range = /^([[(])\s*([^,\s]*)\s*,/.exec(spec);
  if (range) {
    const v = range[2] ? versionParts(range[2]) : undefined;
    return v ? { version: v, text: range[2]!, strict: range[1] === '(' } : undefined;
  }
  // npm hyphen range `1.2.3 - 2.0.0`.
  const hyphen = /^(\S+)\s+-\s+\S+$/.exec(spec);
  if (hyphen) return lowestOfOne(hyphen[1]!);
  let low: { version: number[]; text: string; strict: boolean } | undefined;
  for (const part of spec.split(/\s*,\s*|\s+(?=[<>=!~^])/)) {
    const m = /^(===|==|>=|<=|~=|!=|\^|~|>|<|=)?\s*(v?\d[^\s,]*)$/.exec(part.trim());
    if (!m) return undefined;
    const op = m[1] ?? '';
    // A Gradle dynamic version (`1.11.+`) resolves to the newest matching release: not a lower bound.
    if (/(^|\.)\+$/.test(m[2]!)) return undefined;
    if (op === '<' || op === '<=' || op === '!=') continue;
    const text = m[2]!.replace(/\.[xX*](?=\.|$).*$/, '');
    const v = versionParts(text);
    if (!v) return undefined;
    const cand = { version: v, text: m[2]!, strict: op === '>' };
    if (!low || compareVersions(v, low.version) > 0) low = cand;
  }
  return low;
}

/**
 * True when the constraint admits a version below `min`: its lowest admitted version is lower (for a
 * strict bound `>v`, even the next release after `v` is lower). Undefined constraints are never below.
 */
export function admitsBelow(spec: string | undefined, min: number[]): { lowest: string } | undefined {
  if (spec === undefined) return undefined;
  const low = lowestAdmitted(spec);
  if (!low) return undefined;
  const v = low.strict ? [...low.version.slice(0, -1), (low.version[low.version.length - 1] ?? 0) + 1] : low.version;
  return compareVersions(v, min) < 0 ? { lowest: low.text } : undefined;
}
