/**
 * YAML parsing with the `yaml` package (exact offsets, multi-document, every error with its
 * position), converted into the shared tree. Added on top of the package:
 *
 * - Recovery from an unterminated quoted scalar. YAML quoted scalars may span lines, so the guide's
 *   `controller-tools.k8s.io: "1.01` swallows the whole rest of the file and the parser reports one
 *   error at the end of the stream. We report it at the opening quote, close the quote at the end of
 *   that line, and parse again, so later mistakes in the same file are still found.
 * - Alias safety: aliases are converted by reference (a shared subtree), never expanded, so an alias
 *   bomb costs nothing here; {@link toPlain} charges expansions against a budget later. An alias
 *   inside its own anchor is reported, not made into a cycle.
 * - Bounded work: nesting ({@link MAX_NESTING_DEPTH}) and node count ({@link MAX_NODES}) are checked
 *   before anything recursive runs, and nothing is quadratic in a collection's size (duplicate keys,
 *   alias targets and `!!omap` are handled here with hash tables and one walk).
 * - Kubernetes' reading where go-yaml differs from the package: list or map keys are errors
 *   ("invalid map key"), `<<` takes only maps, tags on lists are ignored.
 */
import { Alias, Composer, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Node as YamlNode, Parser, Scalar, Tags, visit } from 'yaml';
import { fitted, MapNode, newKey, newMap, newPair, newScalar, newSeq, PairNode, ScalarNode, TreeNode } from './tree';
import { MAX_NESTING_DEPTH, MAX_NODES, ParseLimitError } from './types';
import type { ParsedDocument, SyntaxIssue } from './types';
import type { MaskedAction } from './template';
import { groupThousands } from '../format';

/** How many unterminated quotes one file may have recovered before we stop patching. */
const MAX_RECOVERIES = 8;

interface Insertion {
  /** Offset in the text the insertion was made in. */
  at: number;
  length: number;
}

/**
 * Parses a YAML stream into one {@link ParsedDocument} per document, with offsets into `text`.
 * Never throws on malformed YAML (problems become `syntaxIssues`).
 * @throws ParseLimitError when the text nests deeper than {@link MAX_NESTING_DEPTH} or has more than
 *   {@link MAX_NODES} nodes; checked on the parser's tokens before anything recursive runs.
 * @param masked template actions that `text` holds as placeholder scalars (parse/template.ts, offsets
 *   into `text`): scalars get the original action text back in their value.
 */
export function parseYaml(text: string, masked: readonly MaskedAction[] = []): ParsedDocument[] {
  return parseYamlCounted(text, masked).documents;
}

/**
 * {@link parseYaml}, with the number of nodes the final parse counted (what {@link MAX_NODES} bounds),
 * so an incremental re-parse of part of the file can keep the whole file within that budget.
 */
export function parseYamlCounted(source: string, masked: readonly MaskedAction[] = []): { documents: ParsedDocument[]; nodes: number } {
  return parseYamlWith(source, masked, true);
}

/**
 * {@link parseYamlCounted} without the document-by-document first pass: every document is composed
 * before any is converted, as the recovery of unterminated quotes does. Same result, more memory held
 * at once; for the test that says so (test/unit/yaml-streaming.test.ts).
 * @internal
 */
export function parseYamlWhole(source: string, masked: readonly MaskedAction[] = []): { documents: ParsedDocument[]; nodes: number } {
  return parseYamlWith(source, masked, false);
}

function parseYamlWith(source: string, masked: readonly MaskedAction[], streaming: boolean): { documents: ParsedDocument[]; nodes: number } {
  // A lone CR is a line break in YAML (1.2 §5.4, b-break; go-yaml reads it so) and in the editor
  // (LSP positions), but the `yaml` package reads `key:\r value` as one line. Same length, so every
  // offset still points into the file as written.
  const text = source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source;
  const recoveredIssues: SyntaxIssue[] = [];
  const tabs = expandIndentTabs(text);
  if (tabs) recoveredIssues.push(tabs.issue);
  let current = tabs ? tabs.text : text;
  const fromTabs = tabs ? tabs.toOriginal : (off: number): number => off;
  const insertions: Insertion[] = [];

  // First, one document at a time: each is composed and converted before the next is parsed, so a
  // stream of many documents (400 CredentialsRequests in one file) never holds every document's tokens
  // and `yaml` nodes at once. Those lived long enough for V8 to promote them and kept the language
  // server's memory high after indexing (bench "OpenShift layout: server memory"). A document the
  // parser says has an unterminated quote needs the recovery below, which parses the whole file again.
  const streamed = streaming ? parseStreaming(current, (off) => fromTabs(off), recoveredIssues, text, masked) : undefined;
  if (streamed) return streamed;

  /** Nodes parsed by all attempts so far: each recovery parses the whole file again. */
  let work = 0;
  for (let attempt = 0; ; attempt++) {
    // Kubernetes decodes manifests as YAML 1.1 (sigs.k8s.io/yaml over go-yaml): `yes`/`no`/`on`/`off`
    // are booleans, `0644` is octal, and `<<` merge keys apply.
    const { docs: list, nodes } = composeDocuments(current, (off) => fromTabs(mapBack(off, insertions)));
    work += nodes;
    const unterminated = findUnterminatedQuote(list, current);
    // Another attempt parses at least as many nodes again (the patch un-swallows the rest of the
    // file): recover only while the total stays within one file's budget.
    const recover = unterminated !== undefined && attempt < MAX_RECOVERIES && work + nodes <= MAX_NODES;
    if (unterminated) {
      // Report the problem at the opening quote (in original offsets). When recovery stops here the
      // quote is still reported (it used to vanish after the 8th), and the document is not sound:
      // the rest of the file is still swallowed by the string.
      const lineEnd = endOfLine(current, unterminated.quoteAt);
      const openOrig = fromTabs(mapBack(unterminated.quoteAt, insertions));
      const lineEndOrig = fromTabs(mapBack(lineEnd, insertions));
      const q = unterminated.quote;
      recoveredIssues.push({
        start: openOrig,
        end: lineEndOrig,
        code: 'MISSING_CHAR',
        message:
          `Unterminated ${q === '"' ? 'double' : 'single'}-quoted string: the ${q} opened here is never closed, ` +
          `so YAML reads the rest of the file as part of this value. Close it on this line.`,
        fix: { title: `Close the quote: add ${q} at the end of the line`, start: lineEndOrig, end: lineEndOrig, newText: q },
        recovered: recover,
      });
      if (recover) {
        current = current.slice(0, lineEnd) + q + current.slice(lineEnd);
        insertions.push({ at: lineEnd, length: 1 });
        continue;
      }
    }
    const toOriginal = (off: number): number => fromTabs(mapBack(off, insertions));
    // Without a `*` there is no alias, and no need to walk the documents for their targets.
    const aliases = text.includes('*');
    return { documents: list.map((doc, index) => convertDocument(doc, index, toOriginal, recoveredIssues, text, aliases, masked)), nodes };
  }
}

/**
 * The `yaml` package's collection tags of YAML 1.1 that Kubernetes does not have. go-yaml (which
 * Kubernetes decodes manifests with) ignores tags on lists, so `!!omap [a: 1]` is a list of one-key
 * maps there; the package's own `!!omap` checks its keys for duplicates with a linear search per
 * item (quadratic in the list's length) and turns `!!omap`/`!!pairs` items into pairs, which are
 * neither maps nor scalars. Here both stay plain lists.
 */
const PLAIN_LIST_TAGS = new Set(['tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs']);

/**
 * A plain scalar that starts with a letter and that no YAML 1.1 tag of the package resolves: not a
 * bool (`y`, `yes`, `on`, … of yaml/dist/schema/yaml-1.1/bool.js), not `null`, and not an exponent
 * float without digits before it (`e5`, `E-3`: float.js `floatExp`). Every other YAML 1.1 default tag
 * (int, float, timestamp, merge `<<`) needs a digit, sign, `.`, `~` or `<` first. Such a scalar is a
 * string, which the package finds only after testing it against each of the schema's ~20 tags in
 * turn (compose-scalar.js `findScalarTagByTest`); most scalars of a manifest (keys, names, kinds)
 * are one, and that search was a tenth of the file's parse time.
 */
const PLAIN_STRING = /^(?![eE][-+]?[0-9]|(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$)[A-Za-z]/;

/**
 * The `!!str` tag for {@link PLAIN_STRING} scalars, tried before the schema's own tags: it resolves
 * them as the package's fallback string tag would (the value itself, no format). Exported for the
 * test that checks it resolves every scalar as the schema alone does.
 * @internal
 */
export const PLAIN_STRING_TAG = { tag: 'tag:yaml.org,2002:str', default: true, test: PLAIN_STRING, resolve: (s: string): string => s } as const;

/**
 * The schema's tags as Kubernetes reads them (see {@link PLAIN_LIST_TAGS}), after {@link PLAIN_STRING_TAG}.
 * The package calls this for each document's schema: YAML 1.1's, or the core schema's for a document
 * that starts with `%YAML 1.2` (yaml/dist/doc/Document.js `setSchema`). The shortcut holds for both:
 * the core schema's bools, nulls and numbers need a digit, sign, `.` or `~` first, or are the
 * `true`/`false`/`null` words it leaves alone.
 */
function kubernetesTags(tags: Tags): Tags {
  return [
    PLAIN_STRING_TAG,
    ...tags.map((t) =>
      typeof t === 'object' && PLAIN_LIST_TAGS.has(t.tag) ? { tag: t.tag, collection: 'seq' as const, default: false, resolve: (c: unknown) => c } : t,
    ),
  ];
}

/** The composer's options, with or without {@link PLAIN_STRING_TAG}, for the test that compares both. @internal */
export function composerOptionsForTest(withShortcut: boolean): ConstructorParameters<typeof Composer>[0] {
  return { ...COMPOSER_OPTIONS, customTags: withShortcut ? kubernetesTags : (t: Tags) => kubernetesTags(t).slice(1) };
}

/**
 * Lexes and parses into the package's token tree ({@link checkedTokens}: nodes counted as they are
 * lexed, each document's nesting checked without recursion before it is composed), and composes every
 * document (recursively, now within {@link MAX_NESTING_DEPTH}). Returns the documents and the number
 * of nodes counted. For the recovery of unterminated quotes, which needs every document at once; a
 * file without one is parsed document by document ({@link parseStreaming}).
 *
 * The composer's `uniqueKeys: false`: the package checks each key of a map against every earlier key (a linear
 * search per key), so a map of 35,000 keys took 8 s to parse; {@link convertDocument} reports
 * duplicate keys instead, with a hash set per map.
 * @param toOriginal maps an offset of `text` to the original file (for the limit's position).
 * @throws ParseLimitError
 */
function composeDocuments(text: string, toOriginal: (off: number) => number): { docs: Document.Parsed[]; nodes: number } {
  const count = { nodes: 0 };
  const docs = Array.from(newComposer().compose(checkedTokens(text, toOriginal, count)));
  return { docs, nodes: count.nodes };
}

const COMPOSER_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, version: '1.1', merge: true, customTags: kubernetesTags } as const;

function newComposer(): Composer {
  return new Composer(COMPOSER_OPTIONS);
}

/**
 * The parser's top-level tokens of `text` (one per document, plus stream-level comments and errors),
 * each yielded only after its nesting was checked ({@link checkNesting}) and its nodes added to
 * `count.nodes`, so the composer, which recurses, never sees a document nested too deep, and the
 * file's nodes are bounded by {@link MAX_NODES}. Lazy: a document's tokens are parsed when the
 * composer asks for them.
 * @throws ParseLimitError
 */
function* checkedTokens(text: string, toOriginal: (off: number) => number, count: { nodes: number }): Generator<CST.Token> {
  // Every counted lexeme starts at a character of its own, so a text this short cannot pass the
  // budget while lexed: the package's own loop is faster (a generator less per lexeme).
  const tokens = text.length <= MAX_NODES ? new Parser().parse(text) : countedTokens(text, toOriginal);
  for (const token of tokens) {
    count.nodes += checkNesting([token], toOriginal);
    if (count.nodes > MAX_NODES) throw tooManyNodes(toOriginal(0));
    yield token;
  }
}

/**
 * What `Parser.parse` does, with a count of the lexemes that start a node: plain and block scalars
 * (after the SCALAR marker), quoted scalars, aliases and flow collections (block collections have
 * no lexeme of their own and always hold one of those). Stops at {@link MAX_NODES}, so a 4 MiB file
 * of `[a,a,a,…` does not build millions of tokens first.
 * @throws ParseLimitError
 */
function* countedTokens(text: string, toOriginal: (off: number) => number): Generator<CST.Token> {
  const parser = new Parser();
  let counted = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const c = lexeme[0];
    if ((c === CST.SCALAR || c === '"' || c === "'" || c === '*' || c === '[' || c === '{') && ++counted > MAX_NODES) {
      throw tooManyNodes(toOriginal(parser.offset));
    }
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

/** The parser's message for a quoted scalar it found no closing quote for ({@link findUnterminatedQuote}). */
const MISSING_QUOTE = /Missing closing ["']quote/;

/**
 * Parses and converts `text` one document at a time, as {@link parseYamlCounted}'s first attempt would
 * when no document has an unterminated quote: undefined as soon as one has (the caller then parses the
 * whole file again, with the recovery). `recoveredIssues` holds only issues known before parsing
 * (indentation tabs).
 * @throws ParseLimitError
 */
function parseStreaming(
  text: string,
  toOriginal: (off: number) => number,
  recoveredIssues: SyntaxIssue[],
  originalText: string,
  masked: readonly MaskedAction[],
): { documents: ParsedDocument[]; nodes: number } | undefined {
  const count = { nodes: 0 };
  const documents: ParsedDocument[] = [];
  // Without a `*` there is no alias, and no need to walk the documents for their targets.
  const aliases = originalText.includes('*');
  for (const doc of newComposer().compose(checkedTokens(text, toOriginal, count))) {
    if (doc.errors.some((e) => e.code === 'MISSING_CHAR' && MISSING_QUOTE.test(e.message))) return undefined;
    documents.push(convertDocument(doc, documents.length, toOriginal, recoveredIssues, originalText, aliases, masked));
  }
  return { documents, nodes: count.nodes };
}

function tooManyNodes(at: number): ParseLimitError {
  return new ParseLimitError(`the file has more than ${groupThousands(MAX_NODES)} YAML nodes (keys, values and list items), past the checker's limit`, at, at + 1);
}

/**
 * Walks the token tree without recursion and throws at the first collection, in document order,
 * nested deeper than {@link MAX_NESTING_DEPTH}.
 * @returns the number of nodes (collections, scalars, aliases).
 * @throws ParseLimitError
 */
function checkNesting(tokens: CST.Token[], toOriginal: (off: number) => number): number {
  let nodes = 0;
  // Two parallel stacks, not one of {token, depth} objects (an allocation per node of every file);
  // children are pushed in reverse so they are popped in document order.
  const stack: CST.Token[] = [];
  const depths: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    stack.push(tokens[i]!);
    depths.push(0);
  }
  while (stack.length) {
    const token = stack.pop()!;
    const depth = depths.pop()!;
    switch (token.type) {
      case 'document':
        if (token.value) {
          stack.push(token.value);
          depths.push(depth);
        }
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth >= MAX_NESTING_DEPTH) {
          const at = toOriginal(token.offset);
          throw new ParseLimitError(
            `lists and mappings nest more than ${MAX_NESTING_DEPTH} levels deep here, past the checker's limit (Kubernetes manifests nest a few dozen levels at most)`,
            at,
            at + 1,
          );
        }
        nodes++;
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i]!;
          if (item.value) {
            stack.push(item.value);
            depths.push(depth + 1);
          }
          if (item.key) {
            stack.push(item.key);
            depths.push(depth + 1);
          }
        }
        break;
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        nodes++;
        break;
      default:
        break;
    }
  }
  return nodes;
}

/**
 * Tabs in indentation make YAML unparseable ("Tabs are not allowed as indentation"), one error per
 * line, and the rest of the file is misread. Copied examples (the guide's among them) are often
 * tab-indented throughout, so we report it once, offer the fix, and read the file as if each leading
 * tab were two spaces, so the other mistakes in it are still found. Offsets map back to the text.
 */
function expandIndentTabs(text: string): { text: string; toOriginal: (off: number) => number; issue: SyntaxIssue } | undefined {
  if (!/^[ ]*\t/m.test(text)) return undefined;
  const parts: string[] = [];
  /** Positions in the expanded text of the characters that were inserted (sorted). */
  const inserted: number[] = [];
  const edits: { start: number; end: number; newText: string }[] = [];
  let lines = 0;
  let first = -1;
  let last = 0;
  const re = /^([ \t]*\t[ \t]*)/gm;
  let shift = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const ws = m[1]!;
    // A line of only whitespace has no indentation to speak of.
    const after = text[start + ws.length];
    if (after === undefined || after === '\n' || after === '\r') continue;
    lines++;
    if (first < 0) first = start;
    parts.push(text.slice(last, start));
    let out = '';
    for (let i = 0; i < ws.length; i++) {
      if (ws[i] === '\t') {
        out += '  ';
        // The second space is the inserted one; it sits at this position of the expanded text.
        inserted.push(start + shift + out.length - 1);
      } else out += ' ';
    }
    shift += out.length - ws.length;
    parts.push(out);
    edits.push({ start, end: start + ws.length, newText: out });
    last = start + ws.length;
  }
  if (lines === 0) return undefined;
  parts.push(text.slice(last));
  const expanded = parts.join('');
  const toOriginal = (off: number): number => {
    // Number of inserted characters before `off` (binary search).
    let lo = 0;
    let hi = inserted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inserted[mid]! < off) lo = mid + 1;
      else hi = mid;
    }
    return off - lo;
  };
  const firstLen = /^[ \t]*/.exec(text.slice(first))![0].length;
  const [firstEdit, ...more] = edits;
  return {
    text: expanded,
    toOriginal,
    issue: {
      start: first,
      end: first + firstLen,
      code: 'TAB_AS_INDENT',
      message:
        `Tabs are not allowed as indentation in YAML: ${lines} line${lines === 1 ? ' is' : 's are'} indented with tabs, so kubectl, oc and ccoctl cannot read this file. ` +
        'Indent with spaces. (The rest of the file was checked as if each tab were two spaces.)',
      fix: { title: 'Indent with spaces (each leading tab becomes two spaces)', ...firstEdit!, more },
      recovered: true,
    },
  };
}

function mapBack(offset: number, insertions: Insertion[]): number {
  let off = offset;
  for (let i = insertions.length - 1; i >= 0; i--) {
    const ins = insertions[i]!;
    if (off > ins.at) off = Math.max(ins.at, off - ins.length);
  }
  return off;
}

function endOfLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  // Keep a trailing comment-free position but never end inside trailing spaces.
  while (i > from + 1 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Finds a quoted scalar that the parser reported as missing its closing quote. */
function findUnterminatedQuote(docs: Document.Parsed[], text: string): { quoteAt: number; quote: '"' | "'" } | undefined {
  for (const doc of docs) {
    const err = doc.errors.find((e) => e.code === 'MISSING_CHAR' && MISSING_QUOTE.test(e.message));
    if (!err) continue;
    let found: { quoteAt: number; quote: '"' | "'" } | undefined;
    const check = (n: unknown): void => {
      if (found || !isScalar(n) || !n.range) return;
      if (n.type !== 'QUOTE_DOUBLE' && n.type !== 'QUOTE_SINGLE') return;
      const q = n.type === 'QUOTE_DOUBLE' ? '"' : "'";
      const src = text.slice(n.range[0], n.range[1]);
      if (src.length < 2 || !src.endsWith(q) || (q === '"' && /(^|[^\\])(\\\\)*\\"$/.test(src))) {
        found = { quoteAt: n.range[0], quote: q };
      }
    };
    const walk = (n: unknown): void => {
      if (found || !n) return;
      if (isMap(n) || isSeq(n)) for (const it of n.items) walk(it);
      else if (isPair(n)) {
        check(n.key);
        walk(n.value);
      } else check(n);
    };
    walk(doc.contents);
    if (found) return found;
    // A multi-line quoted scalar that ends exactly at end of stream without a quote.
    const pos = err.pos[0];
    const before = text.lastIndexOf('"', pos - 1);
    if (before >= 0) return { quoteAt: before, quote: '"' };
  }
  return undefined;
}

/**
 * For every alias of `doc`, the node it refers to: the last node before it (in document order) with
 * that anchor, as `Alias.resolve` finds it. `Alias.resolve(doc)` walks the whole document for each
 * alias (an 18,000-alias file took minutes); this is one walk for all of them.
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, YamlNode | undefined> {
  const targets = new Map<Alias, YamlNode | undefined>();
  const latest = new Map<string, YamlNode>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

/** A YAML 1.1 merge key (`<<`, plain): the merged maps' pairs are added to the map that holds it. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.source === '<<' && !key.type?.startsWith('QUOTE');
}

function convertDocument(
  doc: Document.Parsed,
  index: number,
  toOriginal: (off: number) => number,
  recoveredIssues: SyntaxIssue[],
  originalText: string,
  hasAliases: boolean,
  masked: readonly MaskedAction[],
): ParsedDocument {
  const start = toOriginal(doc.range[0]);
  const end = toOriginal(doc.range[2]);
  const memo = new Map<YamlNode, TreeNode>();
  /** Anchored collections being converted: an alias to one of them is inside its own target. */
  const open = new Set<YamlNode>();
  const targets = hasAliases ? aliasTargets(doc) : new Map<Alias, YamlNode | undefined>();
  /** Problems found while converting (aliases, keys, merges, duplicates), in original offsets. */
  const found: SyntaxIssue[] = [];
  const issueAt = (node: YamlNode, code: string, message: string, recovered = false): void => {
    const r = node.range ?? [0, 0, 0];
    const s = toOriginal(r[0]);
    let e = toOriginal(r[1]);
    // A block collection's range runs to the start of the next line: end at its last character.
    while (e > s + 1 && /\s/.test(originalText[e - 1] ?? '')) e--;
    found.push({ start: s, end: Math.max(s + 1, e), code, message, recovered });
  };

  /** The node an alias refers to; reports an alias without anchor, or inside its own target. */
  const resolve = (alias: Alias): YamlNode | undefined => {
    const target = targets.get(alias);
    if (!target) {
      // Kubernetes (and `yaml`'s toJS) reject an alias to an anchor that is not defined before it.
      issueAt(alias, 'BAD_ALIAS', `Unknown alias \`*${alias.source}\`: no anchor \`&${alias.source}\` is defined before it in this document.`);
      return undefined;
    }
    if (open.has(target)) {
      // go-yaml: "anchor '…' value contains itself". Converting it would make the tree a cycle.
      issueAt(alias, 'BAD_ALIAS', `Alias \`*${alias.source}\` refers to the node that contains it (anchor \`&${alias.source}\`), so its value would contain itself; Kubernetes rejects this file.`);
      return undefined;
    }
    return target;
  };

  const convert = (n: unknown): TreeNode | undefined => {
    if (n === null || n === undefined) return undefined;
    if (isAlias(n)) {
      const target = resolve(n);
      const shared = target ? convert(target) : undefined;
      // A scalar alias gets a node of its own, at the `*a` token with the anchored value: sharing the
      // anchor's node made a fix of `name: *a` rewrite the anchored text elsewhere in the file (a
      // whole `credentials: &a |-` block). Collections stay shared (copying them would expand alias bombs).
      if (shared?.kind === 'scalar' && n.range) return newScalar(shared.value, false, toOriginal(n.range[0]), toOriginal(n.range[1]));
      return shared;
    }
    const node = n as YamlNode;
    // Only an anchored node can be the target of an alias: memoising just those keeps aliases
    // shared by reference without a Map entry for every node of every file.
    const anchored = node.anchor !== undefined;
    const cached = anchored ? memo.get(node) : undefined;
    if (cached) return cached;
    const range = node.range ?? [0, 0, 0];
    const s = toOriginal(range[0]);
    // `yaml` ends a block collection or a block scalar after its last line break; end every node at
    // its last character instead. A fix that replaced such a node (`resource:` list → one string,
    // `apiVersion: |` → a plain value) removed that line break and joined the next line onto it.
    let e = toOriginal(range[1]);
    while (e > s + 1 && /\s/.test(originalText[e - 1]!)) e--;
    if (isMap(n)) {
      const pairs: PairNode[] = [];
      const m = newMap(s, e, pairs);
      if (anchored) {
        memo.set(node, m);
        open.add(node);
      }
      const merged: MapNode[] = [];
      /** Scalar key values seen in this map (`yaml` compares keys by value: `1` and `1.0` are one key). */
      const keys = new Set<unknown>();
      for (const item of n.items) {
        if (isMergeKey(item.key)) {
          // YAML 1.1 merge key (Kubernetes manifests use them): the merged maps' pairs are added after
          // this map's own pairs, which win, as in the Go YAML decoder.
          for (const src of isSeq(item.value) ? item.value.items : [item.value]) {
            const c = convert(src);
            if (c?.kind === 'map') merged.push(c);
            else if (c || !isAlias(src)) {
              // go-yaml: "map merge requires map or sequence of maps as the value".
              // An empty value (`<<:`) is reported at the key.
              const empty = !src || (isScalar(src) && src.value === null && !src.source);
              issueAt(
                (empty ? item.key : src) as YamlNode,
                'BAD_MERGE',
                'A merge key `<<` takes a mapping, an alias of one, or a list of them; Kubernetes rejects anything else ("map merge requires map or sequence of maps as the value").',
              );
            }
          }
          continue;
        }
        const key = convertKey(item.key, m);
        if (!key) continue;
        const keyValue = isScalar(item.key) ? item.key.value : key.value;
        if (keys.has(keyValue)) {
          const at = key.start;
          // A duplicate key leaves a usable tree (the first occurrence is kept), so rules still run.
          found.push({ start: at, end: at + 1, code: 'DUPLICATE_KEY', message: describeYamlError('DUPLICATE_KEY', ''), recovered: true });
        } else keys.add(keyValue);
        // An empty value (`key:`) is a null scalar at the position after the colon.
        const v = convert(item.value);
        const pair = newPair(key, v, m);
        if (v && !v.pair) {
          v.pair = pair;
          v.parent = m;
        }
        pairs.push(pair);
      }
      if (merged.length) {
        const own = new Set(pairs.map((p) => p.key.value));
        for (const src of merged) {
          for (const p of src.pairs) {
            if (own.has(p.key.value)) continue;
            own.add(p.key.value);
            pairs.push(p);
          }
        }
      }
      m.pairs = fitted(pairs);
      open.delete(node);
      return m;
    }
    if (isSeq(n)) {
      const items: TreeNode[] = [];
      const sq = newSeq(s, e, items);
      if (anchored) {
        memo.set(node, sq);
        open.add(node);
      }
      for (const item of n.items) {
        const c = convert(item);
        if (!c) {
          // `- ` with nothing after it is a null item.
          const empty = newScalar(null, false, s, s);
          empty.parent = sq;
          items.push(empty);
          continue;
        }
        if (!c.parent) c.parent = sq;
        items.push(c);
      }
      sq.items = fitted(items);
      open.delete(node);
      return sq;
    }
    if (isScalar(n)) {
      const sc = n as Scalar;
      const value = unmask(normaliseScalar(sc.value), s, e, masked);
      const quoted = sc.type === 'QUOTE_DOUBLE' || sc.type === 'QUOTE_SINGLE';
      const out = newScalar(value, quoted, s, e, sc.type === 'BLOCK_LITERAL' || sc.type === 'BLOCK_FOLDED');
      if (anchored) memo.set(node, out);
      return out;
    }
    return undefined;
  };

  /**
   * The key of a pair of map `m`, or undefined (the pair is dropped) when the key is a list or a
   * mapping: go-yaml rejects those ("invalid map key"), so no manifest has one. The key is never
   * stringified through the `yaml` package: its `toString` runs `toJSON`, which throws on a bad merge
   * inside the key (`? - <<: x`) and expands what the key holds.
   */
  const convertKey = (k: unknown, m: MapNode): ScalarNode | undefined => {
    const target = isAlias(k) ? resolve(k) : k;
    if (isAlias(k) && !target) return undefined;
    if (isScalar(target)) {
      const quoted = target.type === 'QUOTE_DOUBLE' || target.type === 'QUOTE_SINGLE';
      // An alias key is written where the alias is, with the value of its target.
      const r = ((isAlias(k) ? k : target) as YamlNode).range ?? target.range;
      const value = unmask(target.value === null ? '' : String(target.value), r ? toOriginal(r[0]) : m.start, r ? toOriginal(r[1]) : m.start, masked);
      return newKey(value, quoted, r ? toOriginal(r[0]) : m.start, r ? toOriginal(r[1]) : m.start, m);
    }
    if (isMap(target) || isSeq(target)) {
      issueAt(
        k as YamlNode,
        'INVALID_KEY',
        `A ${isMap(target) ? 'mapping' : 'list'} cannot be a map key: Kubernetes rejects the file ("invalid map key"). Write the key as a plain string.`,
      );
      return undefined;
    }
    // `? ` with nothing after it, or `: v` with no key: an empty key.
    return newKey('', false, m.start, m.start, m);
  };

  const root = convert(doc.contents);
  const issues: SyntaxIssue[] = recoveredIssues.filter((i) => i.start >= start && i.start <= Math.max(end, start));
  const parserIssues: SyntaxIssue[] = [];
  for (const err of doc.errors) {
    if (err.code === 'MISSING_CHAR' && /Missing closing ["']quote/.test(err.message) && recoveredIssues.length > 0) continue;
    let s = toOriginal(err.pos[0]);
    // Errors reported at the start of a line point at its indentation; move to the first character.
    if (s === 0 || originalText[s - 1] === '\n') while (originalText[s] === ' ' || originalText[s] === '\t') s++;
    const e = Math.max(s + 1, toOriginal(err.pos[1]));
    parserIssues.push({ start: s, end: Math.min(e, originalText.length || e), code: err.code, message: describeYamlError(err.code, err.message), recovered: false });
  }
  // The parser's errors and ours in document order (a stable sort keeps the parser's order on ties).
  issues.push(...[...parserIssues, ...found].sort((a, b) => a.start - b.start));
  for (const warn of doc.warnings) {
    // Warnings from `yaml` (e.g. unresolved tags) are real problems for Kubernetes manifests too.
    const s = toOriginal(warn.pos[0]);
    issues.push({ start: s, end: Math.max(s + 1, toOriginal(warn.pos[1])), code: warn.code, message: warn.message, recovered: false });
  }
  return { index, root, start, end, syntaxIssues: issues, sound: issues.every((i) => i.recovered) };
}

/** A placeholder written over a template action by parse/template.ts ({@link maskPlaceholder}). */
const MASK = /\$\{_+\}/g;

/**
 * Puts the original text of masked template actions back into the value of a scalar spanning
 * [start, end): the masks appear in the value in the order of the actions (folding and block
 * indentation never reorder or split them).
 */
function unmask<T extends string | number | boolean | null>(value: T, start: number, end: number, masked: readonly MaskedAction[]): T | string {
  if (masked.length === 0 || typeof value !== 'string' || !value.includes('${_')) return value;
  let lo = 0;
  let hi = masked.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (masked[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  let i = lo;
  return value.replace(MASK, (m) => {
    const a = masked[i];
    if (!a || a.start >= end || a.end - a.start !== m.length) return m;
    i++;
    return a.text;
  });
}

function normaliseScalar(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Replaces the `yaml` package's terse messages with ones that say what to do. */
function describeYamlError(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed as indentation in YAML; indent with spaces.';
    case 'DUPLICATE_KEY':
      return 'Duplicate key: map keys must be unique (Kubernetes would silently keep only one of them).';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      if (/Sequence item without - indicator/.test(first)) {
        return (
          'This line is indented under a list item but is not part of it: a key below `- item` must line up with ' +
          'the list it belongs to. In statementEntries write `- effect: Allow`, then `action:` and `resource:` at the same indentation as `effect`.'
        );
      }
      return first;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `${first}. A key and its colon must be on one line; check the indentation of the line above.`;
    default:
      return first;
  }
}
