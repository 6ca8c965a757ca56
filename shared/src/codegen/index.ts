/**
 * `renderSdkCode(chain, language)`: refresh-aware AWS client code for the IRSA role chain, for the
 * SDK of each language. Pure (no `vscode`, no fs): the extension command, the CLI and the tests share
 * it. Every renderer uses the SDK's own refreshing providers (domain.md §5.6) — never a one-shot
 * AssumeRole whose result is copied into a client (the guide's mistake, CODE003).
 */
import { DEFAULT_CONFIG_FILE, IrsaChain, validateChain } from '../../../server/src/engine';
import type { ResolvedChain } from './common';
import { renderGo } from './go';
import { renderJava } from './java';
import { renderPython } from './python';
import { renderTypeScript } from './typescript';

export type { IrsaChain } from '../../../server/src/engine';
export type { ResolvedChain } from './common';

export const SDK_LANGUAGES = ['typescript', 'javascript', 'python', 'go', 'java'] as const;
export type SdkLanguage = (typeof SDK_LANGUAGES)[number];

/** Display names of the languages and their SDKs, for pickers. */
export const SDK_LANGUAGE_LABELS: Record<SdkLanguage, string> = {
  typescript: 'TypeScript — AWS SDK for JavaScript v3',
  javascript: 'JavaScript (ES module) — AWS SDK for JavaScript v3',
  python: 'Python — boto3 / botocore',
  go: 'Go — AWS SDK for Go v2',
  java: 'Java — AWS SDK for Java 2.x',
};

export interface RenderedSdkCode {
  /** Suggested file name, e.g. `irsaCredentials.ts`. */
  fileName: string;
  content: string;
}

/** Thrown for a chain that {@link validateChain} rejects; `problems` lists every reason. */
export class InvalidChainError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot generate SDK code: ${problems.join('; ')}`);
  }
}

/** Options of {@link renderSdkCode}. */
export interface RenderOptions {
  /**
   * Go and Java: the package the module is written into (the one-shot-assume-role quick fix puts it
   * next to the file it fixes, in that file's package). Go: an identifier (default `irsa`, its own
   * package); Java: a dotted name (default: none, the default package). Ignored for other languages.
   */
  packageName?: string;
}

const GO_PACKAGE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JAVA_PACKAGE = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/**
 * Renders the client module for `language`.
 * @throws InvalidChainError when the chain is invalid (durationSeconds outside 900–3600 because of
 *   role chaining, bad role ARN, session name or region), or `options.packageName` is not a package
 *   name of the language, so no broken code is ever written.
 */
export function renderSdkCode(chain: IrsaChain, language: SdkLanguage, options: RenderOptions = {}): RenderedSdkCode {
  const problems = validateChain(chain);
  const pkg = options.packageName;
  if (pkg !== undefined && language === 'go' && !GO_PACKAGE.test(pkg)) problems.push(`"${pkg}" is not a Go package name`);
  if (pkg !== undefined && language === 'java' && !JAVA_PACKAGE.test(pkg)) problems.push(`"${pkg}" is not a Java package name`);
  if (problems.length) throw new InvalidChainError(problems);
  const c: ResolvedChain = { ...chain, configFile: chain.configFile ?? DEFAULT_CONFIG_FILE };
  switch (language) {
    case 'typescript':
      return { fileName: 'irsaCredentials.ts', content: renderTypeScript(c, true) };
    case 'javascript':
      return { fileName: 'irsaCredentials.mjs', content: renderTypeScript(c, false) };
    case 'python':
      return { fileName: 'irsa_credentials.py', content: renderPython(c) };
    case 'go':
      return { fileName: 'irsa_credentials.go', content: renderGo(c, pkg) };
    case 'java':
      return { fileName: 'IrsaCredentials.java', content: renderJava(c, pkg) };
  }
}
