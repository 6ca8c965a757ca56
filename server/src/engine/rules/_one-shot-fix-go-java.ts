/**
 * The quick fix of one-shot-assume-role for Go (SDK v2) and Java (SDK 2.x), see _one-shot-fix.ts for
 * the other languages and the common conditions. The module is written into the fixed file's own
 * package (same folder, its `package` clause / declaration), so the call needs no import:
 * - Go: `credentials.NewStaticCredentialsProvider(…)` → `CredentialsFor(<RoleArn>, <RoleSessionName>)`
 *   of irsa_credentials.go (shared/src/codegen/go.ts; an `aws.CredentialsProvider`);
 * - Java: `StaticCredentialsProvider.create(AwsSessionCredentials.create(…))` →
 *   `IrsaCredentials.credentialsProviderFor(<roleArn>, <roleSessionName>)` of IrsaCredentials.java
 *   (shared/src/codegen/java.ts; an `AwsCredentialsProvider`).
 *
 * Go refuses to compile an unused import or local variable (https://go.dev/ref/spec#Import_declarations,
 * https://go.dev/ref/spec#Variable_declarations: "Implementation restriction: A compiler may make it
 * illegal to declare a variable inside a function body if the variable is never used", which gc does).
 * So the Go fix also, computed from the tree: deletes the import line of a package that only the
 * replaced call used (e.g. `credentials`), and blanks the AssumeRole response variable when only the
 * replaced call read it (`out, err :=` → `_, err :=`, or `_, err =` when `err` is already declared in
 * that block or is a parameter of the function, where `:=` would declare nothing new). Anything else
 * that would become unused, or anything not understood, gives no fix. Java tolerates unused imports
 * and locals, so the Java fix is the replacement alone.
 *
 * The module shares the package with the fixed file: a Go file that declares any of the module's
 * package-level names, or one of its import names at top level, gets no fix (other files of the
 * package are not seen by a file rule: the compiler reports such a clash); a Java file that declares
 * or imports another `IrsaCredentials` gets none either. Go `_test.go` files get none (their package
 * may be the external `_test` one, which a non-test file cannot join).
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeNode, ParsedCode } from '../parse/code';
import type { FileCreation } from '../types';
import { calleeName } from './_code-util';
import type { EditSpec, FixSpec } from './types';

/**
 * Package-level names of the generated Go module (shared/src/codegen/go.ts renderGo) and the names
 * of its imports (file scope, which must not be declared at package level either:
 * https://go.dev/ref/spec#Declarations_and_scope). test/unit/one-shot-fix.test.ts compares this list
 * with the rendered module.
 */
export const GO_MODULE_NAMES: readonly string[] = [
  'DestinationRoleARN', 'RoleSessionName', 'Region', 'DurationSeconds', 'irsaConfigFile', 'ExpiryWindow', 'LoadConfig',
  'irsaProvidersMu', 'irsaProviders', 'CredentialsFor', 'irsaLazyAssumeRole', 'irsaCacheOptions', 'irsaLoadBase', 'irsaAssumeRole', 'irsaGetenv',
];
export const GO_MODULE_IMPORTS: readonly string[] = ['context', 'fmt', 'os', 'sync', 'time', 'aws', 'config', 'stscreds', 'sts'];

const GO_CREDENTIALS_V2 = 'github.com/aws/aws-sdk-go-v2/credentials';
const GO_FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** Every node of `root` with its ancestors (root first), in document order. */
function nodesOf(root: CodeNode): { n: CodeNode; anc: CodeNode[] }[] {
  const out: { n: CodeNode; anc: CodeNode[] }[] = [];
  walkCode(root, (n, anc) => out.push({ n, anc: [...anc] }));
  return out;
}

const inside = (n: CodeNode, r: { start: number; end: number }): boolean => n.start >= r.start && n.end <= r.end;
const hasComment = (n: CodeNode): boolean => n.type.includes('comment') || n.children.some(hasComment);

/** Go: the imports of the file by the name they bind (alias or last path element), with their spec node. */
function goImports(text: string, root: CodeNode): Map<string, { path: string; spec: CodeNode; decl: CodeNode }> {
  const out = new Map<string, { path: string; spec: CodeNode; decl: CodeNode }>();
  for (const decl of root.children.filter((c) => c.type === 'import_declaration')) {
    const specs = decl.children.flatMap((c) => (c.type === 'import_spec_list' ? c.children.filter((s) => s.type === 'import_spec') : c.type === 'import_spec' ? [c] : []));
    for (const spec of specs) {
      const p = field(spec, 'path');
      if (!p) continue;
      const path = nodeText(text, p).slice(1, -1);
      const alias = field(spec, 'name');
      const name = alias ? nodeText(text, alias) : path.slice(path.lastIndexOf('/') + 1);
      out.set(name, { path, spec, decl });
    }
  }
  return out;
}

/** Go: names declared at the top level of the file (funcs, types, consts, vars; not methods). */
function goTopLevelNames(text: string, root: CodeNode): Map<string, number> {
  const out = new Map<string, number>();
  const add = (n: CodeNode | undefined): void => {
    if (n) out.set(nodeText(text, n), (out.get(nodeText(text, n)) ?? 0) + 1);
  };
  for (const s of root.children) {
    if (s.type === 'function_declaration') add(field(s, 'name'));
    walkCode(s, (n) => {
      if (s.type !== 'function_declaration' && s.type !== 'method_declaration' && (n.type === 'const_spec' || n.type === 'var_spec' || n.type === 'type_spec' || n.type === 'type_alias')) {
        for (const c of n.children) if (c.field === 'name') add(c);
      }
    });
  }
  return out;
}

/** Go: names declared inside any function (parameters, results, receivers, locals), which may shadow a top-level one. */
function goLocalNames(text: string, all: { n: CodeNode; anc: CodeNode[] }[]): Set<string> {
  const out = new Set<string>();
  for (const { n, anc } of all) {
    if (!anc.some((a) => GO_FUNCTIONS.has(a.type))) continue;
    if (n.type === 'parameter_declaration' || n.type === 'variadic_parameter_declaration' || n.type === 'const_spec' || n.type === 'var_spec') {
      for (const c of n.children) if (c.field === 'name') out.add(nodeText(text, c));
    } else if (n.type === 'short_var_declaration' || n.type === 'range_clause') {
      for (const c of field(n, 'left')?.children ?? []) if (c.type === 'identifier') out.add(nodeText(text, c));
    }
  }
  return out;
}

/** Go: `aws.String(x)` → x; the argument as text to copy, or undefined. */
function goCopyable(text: string, n: CodeNode, topConsts: ReadonlySet<string>, locals: Set<string>, imports: ReturnType<typeof goImports>): string | undefined {
  if (n.type === 'call_expression' && nodeText(text, field(n, 'function') ?? n) === 'aws.String' && imports.get('aws')?.path === 'github.com/aws/aws-sdk-go-v2/aws') {
    const args = field(n, 'arguments')?.children ?? [];
    return args.length === 1 ? goCopyable(text, args[0]!, topConsts, locals, imports) : undefined;
  }
  const t = nodeText(text, n);
  if (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal') return t;
  if (/^os\.Getenv\(\s*"[A-Za-z_]\w*"\s*\)$/.test(t) && imports.get('os')?.path === 'os' && !locals.has('os')) return t;
  if (n.type === 'identifier' && topConsts.has(t) && !locals.has(t)) return t;
  return undefined;
}

/** Go: the only `AssumeRoleInput{RoleArn, RoleSessionName}` of the file with one AssumeRole call, or undefined. */
function goAssumeRole(text: string, all: { n: CodeNode; anc: CodeNode[] }[]): { call: CodeNode; roleArn: CodeNode; roleSessionName: CodeNode } | undefined {
  const calls = all.filter(({ n }) => n.type === 'call_expression' && calleeName(text, field(n, 'function')) === 'AssumeRole');
  const inputs = all.filter(({ n }) => n.type === 'composite_literal' && calleeName(text, field(n, 'type')) === 'AssumeRoleInput');
  if (calls.length !== 1 || inputs.length !== 1) return undefined;
  const found = new Map<string, CodeNode>();
  for (const el of field(inputs[0]!.n, 'body')?.children ?? []) {
    const key = el.type === 'keyed_element' ? field(el, 'key')?.children[0] : undefined;
    const value = el.type === 'keyed_element' ? field(el, 'value')?.children[0] : undefined;
    if (key?.type === 'identifier' && value) found.set(nodeText(text, key), value);
  }
  const roleArn = found.get('RoleArn');
  const roleSessionName = found.get('RoleSessionName');
  return roleArn && roleSessionName ? { call: calls[0]!.n, roleArn, roleSessionName } : undefined;
}

/** Go: the edit that deletes `spec`'s line (or its whole one-spec import declaration), when it sits alone on its line. */
function goDeleteImport(text: string, spec: CodeNode, decl: CodeNode, uri: string): EditSpec | undefined {
  const target = decl.children.some((c) => c.type === 'import_spec_list') ? spec : decl;
  const lineStart = text.lastIndexOf('\n', target.start - 1) + 1;
  const nl = text.indexOf('\n', target.end);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  if (text.slice(lineStart, target.start).trim() !== '' || text.slice(target.end, lineEnd).trim() !== '') return undefined;
  return { uri, start: lineStart, end: lineEnd, newText: '' };
}

/** The Go fix (see the module comment), or undefined. `copy`: the first argument of the static provider. */
export function goRefreshAwareFix(uri: string, text: string, code: ParsedCode, ancestors: readonly CodeNode[]): FixSpec | undefined {
  if (/_test\.go$/i.test(uri) || uri.endsWith('/irsa_credentials.go')) return undefined;
  const pkgClause = code.root.children.find((c) => c.type === 'package_clause');
  const pkgName = pkgClause?.children.find((c) => c.type === 'package_identifier');
  if (!pkgName) return undefined;
  // copy ← argument_list ← call_expression(credentials.NewStaticCredentialsProvider)
  const holder = ancestors[ancestors.length - 2];
  const fn = holder?.type === 'call_expression' ? field(holder, 'function') : undefined;
  const pkgOperand = fn?.type === 'selector_expression' ? field(fn, 'operand') : undefined;
  if (!holder || !fn || pkgOperand?.type !== 'identifier' || calleeName(text, fn) !== 'NewStaticCredentialsProvider' || hasComment(holder)) return undefined;
  const imports = goImports(text, code.root);
  if (imports.get(nodeText(text, pkgOperand))?.path !== GO_CREDENTIALS_V2) return undefined;
  // Where the provider goes must take an aws.CredentialsProvider (the static provider's own type may not be kept).
  const parent = ancestors[ancestors.length - 3];
  const grand = ancestors[ancestors.length - 4];
  const target =
    parent?.type === 'expression_list' && grand?.type === 'assignment_statement' && field(grand, 'right') === parent && parent.children.length === 1
      ? (field(grand, 'left')?.children ?? [])
      : [];
  const okPlace =
    (target.length === 1 && target[0]!.type === 'selector_expression' && calleeName(text, target[0]) === 'Credentials') ||
    (parent?.type === 'literal_element' && grand?.type === 'keyed_element' && field(grand, 'value') === parent && nodeText(text, field(grand, 'key') ?? grand) === 'Credentials') ||
    (parent?.type === 'argument_list' && grand?.type === 'call_expression' && ['WithCredentialsProvider', 'NewCredentialsCache'].includes(calleeName(text, field(grand, 'function')) ?? ''));
  if (!okPlace) return undefined;

  const all = nodesOf(code.root);
  const call = goAssumeRole(text, all);
  if (!call) return undefined;
  const top = goTopLevelNames(text, code.root);
  if ([...GO_MODULE_NAMES, ...GO_MODULE_IMPORTS].some((n) => top.has(n))) return undefined;
  const locals = goLocalNames(text, all);
  // Constants / variables declared once at the top level (in scope everywhere in the package).
  const topConsts = new Set<string>();
  for (const { n, anc } of all) {
    if ((n.type === 'const_spec' || n.type === 'var_spec') && !anc.some((a) => GO_FUNCTIONS.has(a.type))) {
      for (const c of n.children) if (c.field === 'name' && top.get(nodeText(text, c)) === 1) topConsts.add(nodeText(text, c));
    }
  }
  const roleArn = goCopyable(text, call.roleArn, topConsts, locals, imports);
  const roleSessionName = goCopyable(text, call.roleSessionName, topConsts, locals, imports);
  if (roleArn === undefined || roleSessionName === undefined) return undefined;

  const edits: EditSpec[] = [{ uri, start: holder.start, end: holder.end, newText: `CredentialsFor(${roleArn}, ${roleSessionName})` }];
  // Identifiers read inside the replaced call (not field names, not the package operand of a selector).
  const idents = all.filter(({ n }) => n.type === 'identifier' && inside(n, holder));
  // Other references to `name` outside the replaced call: in the whole file but its imports (a
  // package), or in the function around the call (a local).
  const holderAnc = all.find(({ n }) => n === holder)?.anc ?? [];
  const fnOfHolder = [...holderAnc].reverse().find((a) => GO_FUNCTIONS.has(a.type));
  const outside = (name: string, within?: CodeNode): CodeNode[] =>
    all
      .filter(({ n, anc }) => (n.type === 'identifier' || n.type === 'package_identifier') && nodeText(text, n) === name && !inside(n, holder) && (within ? inside(n, within) : !anc.some((a) => a.type === 'import_declaration')))
      .map(({ n }) => n);
  const handled = new Set<string>();
  for (const { n, anc } of idents) {
    const name = nodeText(text, n);
    if (handled.has(name)) continue;
    handled.add(name);
    const parentNode = anc[anc.length - 1];
    const isOperand = parentNode?.type === 'selector_expression' && field(parentNode, 'operand') === n;
    const imp = imports.get(name);
    if (isOperand && imp && !locals.has(name)) {
      // A package only the replaced call used: delete its import (Go rejects an unused import).
      if (outside(name).length > 0) continue;
      const del = goDeleteImport(text, imp.spec, imp.decl, uri);
      if (!del) return undefined;
      edits.push(del);
      continue;
    }
    if (!locals.has(name)) continue; // a package-level name: unused ones are legal
    if (!fnOfHolder) return undefined;
    // gc counts only reads as uses: a declaration or an assignment to it is not one.
    const rest = outside(name, fnOfHolder);
    const writes = rest.filter((r) => isGoWrite(r, all));
    if (rest.length > writes.length) continue; // read elsewhere too
    // Never read again: it must be the AssumeRole response, declared by `:=` and written nowhere else.
    const decl = writes.length === 1 ? all.find(({ n: d }) => d === writes[0]) : undefined;
    const stmt = decl?.anc[decl.anc.length - 2];
    const left = decl?.anc[decl.anc.length - 1];
    const right = stmt?.type === 'short_var_declaration' ? field(stmt, 'right') : undefined;
    if (!decl || !stmt || !left || !right || left !== field(stmt, 'left') || !inside(call.call, right) || right.children.length !== 1) return undefined;
    const names = left.children.map((c) => nodeText(text, c));
    if (!/^\s*:=\s*$/.test(text.slice(left.end, right.start)) || names.length !== 2 || names[0] !== name) return undefined;
    const errName = names[1]!;
    if (errName === '_') return undefined;
    let op = ':=';
    const fnNode = [...decl.anc].reverse().find((a) => GO_FUNCTIONS.has(a.type));
    if (!fnNode) return undefined;
    const earlier = all.filter(({ n: e }) => e.type === 'identifier' && nodeText(text, e) === errName && inside(e, fnNode) && e.end <= stmt.start);
    if (earlier.length > 0) {
      // `_, err :=` needs a new err: declared already in this block (an earlier statement of the same
      // list) or as a parameter/result in the function's own block, `=` is the form that compiles.
      const block = decl.anc[decl.anc.length - 3];
      const sameBlock = (block?.children ?? []).some((s) => s.end <= stmt.start && (s.type === 'short_var_declaration' || s.type === 'var_declaration') && declares(text, s, errName));
      const bodyList = field(fnNode, 'body')?.children.find((c) => c.type === 'statement_list');
      const isParam = block === bodyList && [field(fnNode, 'parameters'), field(fnNode, 'result')].some((p) => p && declares(text, p, errName));
      if (!sameBlock && !isParam) return undefined;
      op = '=';
    }
    edits.push({ uri, start: left.start, end: right.start, newText: `_, ${errName} ${op} ` });
  }
  edits.sort((a, b) => a.start - b.start);
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  const creation: FileCreation = { uri: `${dir}irsa_credentials.go`, sdkModule: 'go', mustDefine: 'func CredentialsFor(', packageName: nodeText(text, pkgName) };
  const arn = /^"([^"\\]*)"$/.exec(nodeText(text, call.roleArn).replace(/^aws\.String\((.*)\)$/s, '$1'));
  if (arn) creation.roleArn = arn[1]!;
  return { title: 'Use CredentialsFor(…) of irsa_credentials.go (refresh-aware; creates it if missing)', edits, creates: [creation], preferred: true };
}

/** Go: whether the identifier `id` is written, not read: a declared name, or a target of `=` / `:=`. */
function isGoWrite(id: CodeNode, all: { n: CodeNode; anc: CodeNode[] }[]): boolean {
  const anc = all.find(({ n }) => n === id)?.anc ?? [];
  const p = anc[anc.length - 1];
  const g = anc[anc.length - 2];
  if (id.field === 'name') return true;
  return p?.type === 'expression_list' && p.field === 'left' && (g?.type === 'short_var_declaration' || g?.type === 'assignment_statement');
}

/** Go: whether `n` (a statement or parameter list) declares `name`. */
function declares(text: string, n: CodeNode, name: string): boolean {
  let found = false;
  walkCode(n, (c, anc) => {
    if (found || c.type !== 'identifier' || nodeText(text, c) !== name) return;
    const p = anc[anc.length - 1];
    if (c.field === 'name' || (p?.type === 'expression_list' && p.field === 'left' && anc[anc.length - 2]?.type === 'short_var_declaration')) found = true;
  });
  return found;
}

/** Java: the text to copy for an argument, or undefined. */
function javaCopyable(text: string, n: CodeNode, site: readonly CodeNode[], all: { n: CodeNode; anc: CodeNode[] }[]): string | undefined {
  const t = nodeText(text, n);
  if (n.type === 'string_literal' && !t.startsWith('"""')) return t;
  if (n.type === 'method_invocation' && /^System\.getenv\(\s*"[A-Za-z_]\w*"\s*\)$/.test(t)) return t;
  if (n.type !== 'identifier') return undefined;
  // A static final field declared once, in a class that encloses the replaced call, and no local or
  // parameter of that name anywhere in the file (it would shadow the field).
  const decls = all.filter(({ n: d }) => d.type === 'variable_declarator' && nodeText(text, field(d, 'name') ?? d) === t);
  if (decls.length !== 1) return undefined;
  const { anc } = decls[0]!;
  const fd = anc[anc.length - 1];
  const body = anc[anc.length - 2];
  if (fd?.type !== 'field_declaration' || body?.type !== 'class_body' || !site.includes(body)) return undefined;
  const mods = fd.children.find((c) => c.type === 'modifiers');
  if (!mods || !/\bstatic\b/.test(nodeText(text, mods)) || !/\bfinal\b/.test(nodeText(text, mods))) return undefined;
  const shadow = all.some(({ n: p }) => (p.type === 'formal_parameter' || p.type === 'catch_formal_parameter' || p.type === 'lambda_expression') && new RegExp(`\\b${t}\\b`).test(nodeText(text, field(p, 'name') ?? field(p, 'parameters') ?? p)));
  return shadow ? undefined : t;
}

/** Java: the only call of `name(x)` in the file (one argument), or undefined. */
function javaOnly(text: string, all: { n: CodeNode; anc: CodeNode[] }[], name: string): CodeNode | undefined {
  const calls = all.filter(({ n }) => n.type === 'method_invocation' && calleeName(text, field(n, 'name')) === name);
  const args = calls.length === 1 ? field(calls[0]!.n, 'arguments')?.children ?? [] : [];
  return args.length === 1 ? args[0] : undefined;
}

/** The Java fix (see the module comment), or undefined. `ancestors`: of the copied `accessKeyId()`. */
export function javaRefreshAwareFix(uri: string, text: string, code: ParsedCode, ancestors: readonly CodeNode[]): FixSpec | undefined {
  if (uri.endsWith('/IrsaCredentials.java')) return undefined;
  // copy ← argument_list ← AwsSessionCredentials.create ← argument_list ← StaticCredentialsProvider.create
  const inner = ancestors[ancestors.length - 2];
  const outerArgs = ancestors[ancestors.length - 3];
  const outer = ancestors[ancestors.length - 4];
  if (inner?.type !== 'method_invocation' || outerArgs?.type !== 'argument_list' || outerArgs.children.length !== 1 || outer?.type !== 'method_invocation') return undefined;
  const recv = field(outer, 'object');
  if (calleeName(text, field(outer, 'name')) !== 'create' || !recv || !/^(software\.amazon\.awssdk\.auth\.credentials\.)?StaticCredentialsProvider$/.test(nodeText(text, recv)) || hasComment(outer)) return undefined;
  // It must stand where an AwsCredentialsProvider is taken: a builder's credentialsProvider(…), or an
  // AwsCredentialsProvider variable.
  const place = ancestors[ancestors.length - 5];
  const placeOwner = ancestors[ancestors.length - 6];
  const okPlace =
    (place?.type === 'argument_list' && place.children.length === 1 && placeOwner?.type === 'method_invocation' && calleeName(text, field(placeOwner, 'name')) === 'credentialsProvider') ||
    (place?.type === 'variable_declarator' && placeOwner?.type === 'local_variable_declaration' && nodeText(text, field(placeOwner, 'type') ?? placeOwner) === 'AwsCredentialsProvider');
  if (!okPlace) return undefined;
  const all = nodesOf(code.root);
  // Another IrsaCredentials in scope (declared or imported) would be called instead.
  if (all.some(({ n }) => (n.type === 'class_declaration' || n.type === 'interface_declaration' || n.type === 'record_declaration' || n.type === 'enum_declaration') && nodeText(text, field(n, 'name') ?? n) === 'IrsaCredentials')) return undefined;
  if (code.root.children.some((c) => c.type === 'import_declaration' && /\bIrsaCredentials\s*;/.test(nodeText(text, c)))) return undefined;
  const assumeRoles = all.filter(({ n }) => n.type === 'method_invocation' && calleeName(text, field(n, 'name')) === 'assumeRole');
  if (assumeRoles.length !== 1) return undefined;
  const arnNode = javaOnly(text, all, 'roleArn');
  const sessionNode = javaOnly(text, all, 'roleSessionName');
  if (!arnNode || !sessionNode) return undefined;
  const site = [...ancestors];
  const roleArn = javaCopyable(text, arnNode, site, all);
  const roleSessionName = javaCopyable(text, sessionNode, site, all);
  if (roleArn === undefined || roleSessionName === undefined) return undefined;
  const pkg = code.root.children.find((c) => c.type === 'package_declaration');
  const pkgName = pkg?.children.find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
  if (pkg && !pkgName) return undefined;
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  const creation: FileCreation = { uri: `${dir}IrsaCredentials.java`, sdkModule: 'java', mustDefine: 'AwsCredentialsProvider credentialsProviderFor(' };
  if (pkgName) creation.packageName = nodeText(text, pkgName).replace(/\s+/g, '');
  const arn = /^"([^"\\]*)"$/.exec(nodeText(text, arnNode));
  if (arn) creation.roleArn = arn[1]!;
  return {
    title: 'Use IrsaCredentials.credentialsProviderFor(…) (refresh-aware; creates IrsaCredentials.java if missing)',
    edits: [{ uri, start: outer.start, end: outer.end, newText: `IrsaCredentials.credentialsProviderFor(${roleArn}, ${roleSessionName})` }],
    creates: [creation],
    preferred: true,
  };
}
