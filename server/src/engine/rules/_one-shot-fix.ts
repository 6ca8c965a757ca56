/**
 * The quick fix of one-shot-assume-role (issue #14): the long-lived client's copied credentials become
 * a call of the refresh-aware module that `IRSA: Generate Refresh-Aware SDK Code…` writes
 * (shared/src/codegen), with the RoleArn and RoleSessionName of the AssumeRole call it replaces; the
 * module is imported, and created when it is missing (a {@link FileCreation} the host renders).
 *
 * Every edit is computed from the parse tree of the current text and stays inside the construction
 * that holds the copy (JS v3: the `credentials: { … }` object; boto3: the `Session(…)`/`client(…)`/
 * `resource(…)` call) plus one import line; anything not understood exactly gives no fix:
 * - more than one AssumeRole call in the file (which response was copied is not known);
 * - a RoleArn / RoleSessionName that is not a string literal, an environment read
 *   (`process.env.X`, `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`) or a constant
 *   declared once at the top of the module (anything else may not be in scope where the client is built);
 * - other options or comments inside the replaced object / call that the replacement would drop;
 * - JS files without ES `import` statements (CommonJS), and JS SDK v2 (`new AWS.Credentials`): the
 *   generated TS/JS module is an ES module of SDK v3 whose `irsaCredentialsFor` returns a v3 credential
 *   provider (an async function), while an SDK v2 client needs an `AWS.Credentials` object with
 *   `get`/`refresh` and v2 code is mostly CommonJS; there is no module to call without writing a
 *   v2 one. Go and Java: _one-shot-fix-go-java.ts.
 *
 * The module path is the file name `renderSdkCode` gives for the language (irsaCredentials.ts,
 * irsaCredentials.mjs, irsa_credentials.py) in the folder of the fixed file; its entries take the role
 * ARN and session name: TypeScript/JavaScript `irsaCredentialsFor(roleArn, roleSessionName)` (a
 * credentials provider), Python `session_for(role_arn, role_session_name)` (a boto3 Session).
 */
import { field, fileConstants, nodeText, walkCode } from '../parse/code';
import type { CodeLanguage, CodeNode, ParsedCode } from '../parse/code';
import type { FileCreation } from '../types';
import { calleeName } from './_code-util';
import { goRefreshAwareFix, javaRefreshAwareFix } from './_one-shot-fix-go-java';
import type { EditSpec, FixSpec } from './types';

/** The AssumeRole call of a file and its RoleArn / RoleSessionName argument nodes. */
interface AssumeRoleArgs {
  roleArn: CodeNode;
  roleSessionName: CodeNode;
}

const JS_CALLEES = new Set(['AssumeRoleCommand', 'assumeRole']);

/**
 * The only AssumeRole call of the file with its two arguments, or undefined (none, several, or an
 * argument missing). JS: `new AssumeRoleCommand({ RoleArn, RoleSessionName })`; Python:
 * `sts.assume_role(RoleArn=…, RoleSessionName=…)`.
 */
function onlyAssumeRole(text: string, code: ParsedCode): AssumeRoleArgs | undefined | null {
  const calls: CodeNode[] = [];
  walkCode(code.root, (n) => {
    if (code.language === 'python') {
      if (n.type === 'call' && calleeName(text, field(n, 'function')) === 'assume_role') calls.push(n);
    } else if ((n.type === 'new_expression' && JS_CALLEES.has(calleeName(text, field(n, 'constructor')) ?? '')) || (n.type === 'call_expression' && calleeName(text, field(n, 'function')) === 'assumeRole')) {
      calls.push(n);
    }
  });
  if (calls.length !== 1) return undefined;
  const args = field(calls[0]!, 'arguments');
  const found = new Map<string, CodeNode>();
  if (code.language === 'python') {
    for (const a of args?.children ?? []) {
      const name = field(a, 'name');
      const value = field(a, 'value');
      if (a.type === 'keyword_argument' && name && value) found.set(nodeText(text, name), value);
    }
  } else {
    const obj = args?.children[0];
    if (obj?.type !== 'object') return undefined;
    for (const p of obj.children) {
      const key = p.type === 'pair' ? field(p, 'key') : undefined;
      const value = p.type === 'pair' ? field(p, 'value') : undefined;
      if (key && value) found.set(key.type === 'string' ? nodeText(text, key).slice(1, -1) : nodeText(text, key), value);
      // `{ RoleArn }` shorthand: the identifier is the value
      else if (p.type === 'shorthand_property_identifier') found.set(nodeText(text, p), p);
    }
  }
  const roleArn = found.get('RoleArn');
  const roleSessionName = found.get('RoleSessionName');
  return roleArn && roleSessionName ? { roleArn, roleSessionName } : undefined;
}

/** Names declared exactly once in the file, at its top level (JS/TS `const`, Python `X = …`). */
function topLevelConstants(text: string, code: ParsedCode): Set<string> {
  const once = fileConstants(text, code.root);
  const out = new Set<string>();
  for (const s of code.root.children) {
    const decl = s.type === 'export_statement' ? s.children.find((c) => c.type === 'lexical_declaration') : s;
    if (decl?.type === 'lexical_declaration') {
      for (const d of decl.children) {
        const name = d.type === 'variable_declarator' ? field(d, 'name') : undefined;
        if (name?.type === 'identifier' && once.has(nodeText(text, name))) out.add(nodeText(text, name));
      }
    } else if (s.type === 'expression_statement' && s.children[0]?.type === 'assignment') {
      const left = field(s.children[0], 'left');
      if (left?.type === 'identifier' && once.has(nodeText(text, left))) out.add(nodeText(text, left));
    }
  }
  return out;
}

/** Whether a function of the file binds `name` as a parameter (a top-level constant would then be shadowed there). */
function isParameterName(text: string, code: ParsedCode, name: string): boolean {
  let found = false;
  walkCode(code.root, (n, anc) => {
    if (found || n.type !== 'identifier' || nodeText(text, n) !== name) return;
    if (anc.some((a) => a.type === 'formal_parameters' || a.type === 'parameters' || a.type === 'lambda_parameters')) found = true;
  });
  return found;
}

const JS_ENV = /^process\.env(\.[A-Za-z_]\w*|\[\s*(['"])[A-Za-z_]\w*\2\s*\])$/;
const PY_ENV = /^os\.(environ\[\s*(['"])[A-Za-z_]\w*\2\s*\]|environ\.get\(\s*(['"])[A-Za-z_]\w*\3\s*\)|getenv\(\s*(['"])[A-Za-z_]\w*\4\s*\))$/;

/** The argument as text to copy to the client's place, or undefined when it may mean something else there. */
function copyable(text: string, code: ParsedCode, n: CodeNode): string | undefined {
  const t = nodeText(text, n);
  if (code.language === 'python') {
    if (n.type === 'string' && /^['"]/.test(t) && !n.children.some((c) => c.type === 'interpolation')) return t;
    if (PY_ENV.test(t)) return t;
  } else {
    if (n.type === 'string') return t;
    if (n.type === 'template_string' && !n.children.some((c) => c.type === 'template_substitution')) return t;
    if (n.type === 'member_expression' || n.type === 'subscript_expression') return JS_ENV.test(t) ? t : undefined;
  }
  if ((n.type === 'identifier' || n.type === 'shorthand_property_identifier') && topLevelConstants(text, code).has(t) && !isParameterName(text, code, t)) return t;
  return undefined;
}

/** The literal value of a plain string argument (to pick the workspace's chain for the module), else undefined. */
function literalValue(text: string, n: CodeNode): string | undefined {
  const m = /^(['"`])([^'"`\\$]*)\1$/.exec(nodeText(text, n));
  return m ? m[2] : undefined;
}

/** Offset just after the last top-level import of the file, or undefined when it has none. */
function afterLastImport(code: ParsedCode): number | undefined {
  const kinds = code.language === 'python' ? ['import_statement', 'import_from_statement'] : ['import_statement'];
  let end: number | undefined;
  for (const s of code.root.children) {
    if (kinds.includes(s.type)) end = s.end;
    // Python: `from __future__` must stay first; any later import is fine to follow.
  }
  return end;
}

/** What the fix imports and calls per language. */
interface ModuleShape {
  fileName: string;
  sdkModule: FileCreation['sdkModule'];
  mustDefine: string;
  importLine(file: string, text: string, code: ParsedCode): string;
  /** Whether the file already imports it (then no import edit). */
  imported(text: string): boolean;
}

function jsShape(language: CodeLanguage, uri: string): ModuleShape | undefined {
  const typed = language === 'typescript' || language === 'tsx';
  if (!typed && /\.cjs$/i.test(uri)) return undefined;
  const fileName = typed ? 'irsaCredentials.ts' : 'irsaCredentials.mjs';
  return {
    fileName,
    sdkModule: typed ? 'typescript' : 'javascript',
    mustDefine: 'export function irsaCredentialsFor(',
    importLine(_file, text, code) {
      // Same quotes as the file's imports; `.js` on the specifier when its relative imports carry one
      // (TypeScript's NodeNext resolution needs it); a .mjs module is always named with its extension.
      const firstImport = code.root.children.find((c) => c.type === 'import_statement');
      const q = firstImport && /(['"])[^'"]*\1\s*;?\s*$/.exec(nodeText(text, firstImport))?.[1] === '"' ? '"' : "'";
      const semi = firstImport && /;\s*$/.test(nodeText(text, firstImport)) ? ';' : '';
      const spec = !typed ? './irsaCredentials.mjs' : /from\s+['"]\.\.?\/[^'"]*\.js['"]/.test(text) ? './irsaCredentials.js' : './irsaCredentials';
      return `import { irsaCredentialsFor } from ${q}${spec}${q}${semi}`;
    },
    imported: (text) => /import\s*\{[^}]*\birsaCredentialsFor\b[^}]*\}\s*from\s*['"]\.\/irsaCredentials(\.m?js)?['"]/.test(text),
  };
}

const PY_SHAPE: ModuleShape = {
  fileName: 'irsa_credentials.py',
  sdkModule: 'python',
  mustDefine: 'def session_for(',
  importLine: () => 'import irsa_credentials',
  imported: (text) => /^import irsa_credentials\s*$/m.test(text),
};

const JS_CREDENTIAL_KEYS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
const PY_CREDENTIAL_KEYWORDS = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);

/**
 * The fix for one copy, or undefined when it cannot be computed exactly (see the module comment).
 * @param _copy the node of the copied `AccessKeyId` (the finding's node).
 * @param ancestors its ancestors, root first.
 */
export function refreshAwareFix(uri: string, text: string, code: ParsedCode, _copy: CodeNode, ancestors: readonly CodeNode[]): FixSpec | undefined {
  if (code.language === 'go') return goRefreshAwareFix(uri, text, code, ancestors);
  if (code.language === 'java') return javaRefreshAwareFix(uri, text, code, ancestors);
  const python = code.language === 'python';
  const shape = python ? PY_SHAPE : jsShape(code.language, uri);
  // The module's own file (a hand-edited copy with a one-shot in it) would import itself.
  if (!shape || uri.endsWith(`/${shape.fileName}`)) return undefined;
  const call = onlyAssumeRole(text, code);
  if (!call) return undefined;
  const roleArn = copyable(text, code, call.roleArn);
  const roleSessionName = copyable(text, code, call.roleSessionName);
  if (roleArn === undefined || roleSessionName === undefined) return undefined;

  let replace: EditSpec | undefined;
  if (python) {
    // copy ← keyword_argument ← argument_list ← call
    const args = ancestors[ancestors.length - 2];
    const holder = ancestors[ancestors.length - 3];
    if (args?.type !== 'argument_list' || holder?.type !== 'call') return undefined;
    if (args.children.some((c) => c.type === 'comment')) return undefined;
    const kept = args.children.filter((c) => !(c.type === 'keyword_argument' && PY_CREDENTIAL_KEYWORDS.has(nodeText(text, field(c, 'name') ?? c))));
    const name = calleeName(text, field(holder, 'function'));
    const session = `irsa_credentials.session_for(${roleArn}, ${roleSessionName})`;
    let newText: string;
    if (name === 'Session') {
      if (kept.length) return undefined; // region_name, profile_name, …: the generated Session has its own
      newText = session;
    } else if (name === 'client' || name === 'resource') {
      newText = `${session}.${name}(${kept.map((c) => nodeText(text, c)).join(', ')})`;
    } else {
      return undefined;
    }
    replace = { uri, start: holder.start, end: holder.end, newText };
  } else {
    // copy ← pair(accessKeyId) ← object ← pair(credentials)
    const obj = ancestors[ancestors.length - 2];
    const holder = ancestors[ancestors.length - 3];
    if (obj?.type !== 'object' || holder?.type !== 'pair' || field(holder, 'value') !== obj) return undefined;
    const plain = obj.children.every((c) => {
      if (c.type !== 'pair') return false;
      const key = field(c, 'key');
      return key !== undefined && key.type === 'property_identifier' && JS_CREDENTIAL_KEYS.has(nodeText(text, key));
    });
    if (!plain) return undefined;
    replace = { uri, start: obj.start, end: obj.end, newText: `irsaCredentialsFor(${roleArn}, ${roleSessionName})` };
  }

  const edits: EditSpec[] = [replace];
  if (!shape.imported(text)) {
    const at = afterLastImport(code);
    if (at === undefined || at > replace.start) return undefined;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    edits.unshift({ uri, start: at, end: at, newText: `${eol}${shape.importLine(uri, text, code)}` });
  }
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  const arnValue = literalValue(text, call.roleArn);
  const creation: FileCreation = { uri: dir + shape.fileName, sdkModule: shape.sdkModule, mustDefine: shape.mustDefine };
  if (arnValue !== undefined) creation.roleArn = arnValue;
  return {
    title: python
      ? `Use irsa_credentials.session_for(…) (refresh-aware; creates ${shape.fileName} if missing)`
      : `Use irsaCredentialsFor(…) from ${shape.fileName} (refresh-aware; creates it if missing)`,
    edits,
    creates: [creation],
    preferred: true,
  };
}
