/**
 * Application code in the language server (issue #14 "Editor"): which code files are checked and the
 * one lazily loaded code parser.
 *
 * A code file (isCodeFileName: `.ts`, `.py`, `.go`, `.java`, …) is checked only when
 * - its text passes the engine's pre-filter (mayUseAwsSdk: it names an AWS SDK or STS); other code is
 *   never handed to the engine, so the server holds no text of a monorepo's ordinary sources, and
 * - its project holds IRSA files ({@link holdsIrsaFiles}): a folder of code alone gets no code
 *   findings and never loads the grammars (the extension does not start for code files either:
 *   package.json activationEvents name none of the code languages).
 *
 * The grammars (web-tree-sitter + @vscode/tree-sitter-wasm, about 35 ms and 17 MiB: node/code-parser.ts)
 * are loaded on the first such file, once for the whole server. A failed load is logged once and
 * leaves code unchecked; everything else keeps working.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeLanguageOf, CONFIG_FILE_NAME, mayUseAwsSdk } from '../engine';
import type { CodeParser } from '../engine';
import { isCodeFileName, loadCodeParser } from '../node';
import type { Project } from './projects';

/** Whether a URI or path names a code file the code rules read (the same filter as the CLI's). */
export function isCodeUri(uri: string): boolean {
  const name = uri.replace(/[?#].*$/, '').split('/').pop() ?? '';
  return isCodeFileName(decodeURIComponent(name)) && codeLanguageOf(uri) !== undefined;
}

/** VS Code language ids of code documents (a client may open an untitled buffer in one of them). */
export const CODE_LANGUAGE_IDS: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'java']);

/** The pre-filter of the engine (parse/code.ts mayUseAwsSdk): only such text is worth parsing. */
export function mayMatter(text: string): boolean {
  return mayUseAwsSdk(text);
}

/**
 * Whether a project holds IRSA files: a `.irsa.yaml`, or a file of which the engine parsed documents
 * (a YAML/JSON file that looked like one of ours: engine looksRelevant), i.e. what the code findings
 * link to. Dependency manifests and code do not count: they are checked because of IRSA files, not
 * for their own sake.
 */
export function holdsIrsaFiles(p: Project): boolean {
  if (p.root && fs.existsSync(path.join(p.root, CONFIG_FILE_NAME))) return true;
  for (const uri of p.engine.uris()) {
    const parsed = p.engine.parsed(uri);
    if (parsed && (parsed.language === 'yaml' || parsed.language === 'json') && parsed.documents.length > 0) return true;
  }
  return false;
}

/** The code parser of the server, loaded at most once (see the module comment). */
export class CodeSupport {
  private parser: CodeParser | undefined;
  private loading: Promise<CodeParser | undefined> | undefined;

  /** @param load the loader (node/code-parser.ts loadCodeParser; tests inject a failing one). */
  constructor(private readonly load: () => Promise<CodeParser> = loadCodeParser) {}

  /** The parser when it is loaded, else undefined (never starts a load). */
  get ready(): CodeParser | undefined {
    return this.parser;
  }

  /**
   * The parser, loading it on the first call. Resolves undefined (and logs once) when the grammars
   * cannot be loaded: code is then left unchecked for the life of the server.
   */
  ensure(): Promise<CodeParser | undefined> {
    this.loading ??= (async () => {
      const started = Date.now();
      try {
        this.parser = await this.load();
        console.log(`IRSA: loaded the code parser (tree-sitter grammars) in ${Date.now() - started} ms`);
        return this.parser;
      } catch (e) {
        console.error(`IRSA: cannot load the code parser, application code is not checked: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    })();
    return this.loading;
  }

  /** Hands the loaded parser to a project's engine (before any code file goes into it). */
  attach(p: Project): CodeParser | undefined {
    if (this.parser) p.engine.setCodeParser(this.parser);
    return this.parser;
  }
}
