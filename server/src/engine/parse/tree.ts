/**
 * One syntax tree for YAML and JSON. Both parsers (the `yaml` package and `jsonc-parser`) are
 * converted into these nodes, so every rule, the schema mapper, hover and rename work the same on a
 * CredentialsRequest in YAML and on a trust policy in JSON. Offsets are UTF-16 offsets into the
 * original file text (after any recovery patch has been mapped back).
 */

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  /** Offset of the first character of the value. */
  start: number;
  /** Offset one past the last character of the value. */
  end: number;
  /** The pair whose value this node is, if any (set for the first owner of a shared alias target). */
  pair?: PairNode;
  /** The containing map or sequence, if any. */
  parent?: MapNode | SeqNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  pairs: PairNode[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: TreeNode[];
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  /** The scalar was written with quotes (YAML `'…'`/`"…"`, or any JSON string). */
  quoted: boolean;
  /** YAML block scalar (`|` or `>`): its text starts on the line after `start`. */
  block?: boolean;
}

export interface PairNode {
  key: ScalarNode;
  value: TreeNode | undefined;
  /** The map that holds this pair. */
  parent: MapNode;
}

export type TreeNode = MapNode | SeqNode | ScalarNode;

/** A path segment: a map key or a sequence index. */
export type PathSegment = string | number;

// ---------------------------------------------------------------------------------------------
// Creation helpers. A workspace holds every node of every file (~100 per file, ~2 million in a
// 20,000-file workspace), so how they are allocated decides the language server's memory:
// - Every node is created with all of its fields in one object literal (`pair`/`parent` present as
//   undefined), so V8 gives the nodes a few fixed hidden classes (map, sequence, scalar, key scalar
//   without `pair`, block scalar) with the fields stored in the object.
//   Adding `pair`/`parent` after creation moved them to a separate property array (~40 bytes a node).
// - Arrays are stored exactly sized ({@link fitted}): an array grown with `push` keeps room for 17
//   elements (152 bytes) even when it holds one.
// - Map keys and short scalar values go through {@link intern}, so `apiVersion`, `Allow` or
//   `sts:AssumeRole` are one string for the whole workspace rather than one per file.
// Converters (parse/yaml.ts, parse/json.ts) must use these helpers.
// ---------------------------------------------------------------------------------------------

/** Creates a scalar node. `block` is only set (to true) for YAML block scalars. */
export function newScalar(value: ScalarValue, quoted: boolean, start: number, end: number, block?: boolean): ScalarNode {
  if (typeof value === 'string') value = intern(value);
  if (block) return { kind: 'scalar', value, quoted, block: true, start, end, pair: undefined, parent: undefined };
  return { kind: 'scalar', value, quoted, start, end, pair: undefined, parent: undefined };
}

/**
 * Creates the key scalar of a pair in map `parent`. A key is never a pair's value, so it has no `pair`
 * field at all (reading it gives undefined, as for any scalar without one): 8 bytes less per key.
 */
export function newKey(value: string, quoted: boolean, start: number, end: number, parent: MapNode): ScalarNode {
  return { kind: 'scalar', value: intern(value), quoted, start, end, parent };
}

/** Creates a map node; give it its pairs with {@link fitted} once they are all known. */
export function newMap(start: number, end: number, pairs: PairNode[]): MapNode {
  return { kind: 'map', start, end, pairs, pair: undefined, parent: undefined };
}

/** Creates a sequence node; give it its items with {@link fitted} once they are all known. */
export function newSeq(start: number, end: number, items: TreeNode[]): SeqNode {
  return { kind: 'seq', start, end, items, pair: undefined, parent: undefined };
}

/** Creates a pair of map `parent` (see {@link newKey} for its key). */
export function newPair(key: ScalarNode, value: TreeNode | undefined, parent: MapNode): PairNode {
  return { key, value, parent };
}

/**
 * Returns an array with the same elements and no spare capacity: `a` itself when it is empty (an
 * empty literal has no backing store), else a copy. Use it for arrays built with `push` that are kept.
 */
export function fitted<T>(a: T[]): T[] {
  return a.length === 0 ? a : a.slice();
}

/** Strings longer than this are not interned: they are names and ARNs, rarely repeated across files. */
const INTERN_MAX_LENGTH = 64;
/** Entries of the intern table before it starts over (a few hundred KiB at most). */
const INTERN_MAX_ENTRIES = 8192;
let internTable = new Map<string, string>();

/**
 * Returns the workspace-wide copy of a short string (map keys, `Allow`, `v1`, `sts:AssumeRole`, …),
 * so equal strings from different files share one allocation. The table is bounded: when it is full
 * it starts over, which keeps the frequent strings (they come back at once) and drops the rest.
 * The stored copy is a fresh string, never a slice of a file's text, so the table keeps no text alive.
 */
export function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const known = internTable.get(s);
  if (known !== undefined) return known;
  if (internTable.size >= INTERN_MAX_ENTRIES) internTable = new Map();
  // V8 may represent a substring of 13+ characters as a slice that keeps the whole file text alive;
  // concatenating then slicing flattens it into a string of its own.
  const own = s.length >= 13 ? (s + ' ').slice(0, -1) : s;
  internTable.set(own, own);
  return own;
}

/** Returns the value of `key` in a map node, or undefined. First occurrence wins, as in Kubernetes decoding. */
export function getPair(node: TreeNode | undefined, key: string): PairNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const p of node.pairs) if (p.key.value === key) return p;
  return undefined;
}

export function get(node: TreeNode | undefined, ...path: PathSegment[]): TreeNode | undefined {
  let cur = node;
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') {
      cur = cur.kind === 'seq' ? cur.items[seg] : undefined;
    } else {
      cur = getPair(cur, seg)?.value;
    }
  }
  return cur;
}

export function asMap(node: TreeNode | undefined): MapNode | undefined {
  return node?.kind === 'map' ? node : undefined;
}

export function asSeq(node: TreeNode | undefined): SeqNode | undefined {
  return node?.kind === 'seq' ? node : undefined;
}

export function asScalar(node: TreeNode | undefined): ScalarNode | undefined {
  return node?.kind === 'scalar' ? node : undefined;
}

/** String value of a scalar node (numbers and booleans are stringified); undefined otherwise. */
export function str(node: TreeNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** A scalar that is a string in the source (not a number/boolean/null). */
export function strictStr(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Items of a sequence, or `[node]` for a lone value (IAM lets single-value arrays drop the brackets). */
export function listOf(node: TreeNode | undefined): TreeNode[] {
  if (!node) return [];
  return node.kind === 'seq' ? node.items : [node];
}

/** Human description of a node's type for messages ("a string", "a list", "a mapping"). */
export function describeType(node: TreeNode | undefined): string {
  if (!node) return 'nothing';
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  return 'a boolean';
}

/**
 * Thrown by {@link toPlain} when a document expands past its budget. YAML aliases can make a tiny
 * file expand exponentially ("billion laughs"); the budget keeps that from hanging the server.
 */
export class ExpansionLimitError extends Error {
  constructor(
    readonly limit: number,
    message = `expands to more than ${limit} nodes`,
  ) {
    super(message);
  }
}

/**
 * Deepest nesting {@link toPlain} expands (levels). The text itself nests at most 256 levels
 * (MAX_NESTING_DEPTH), but an alias inside a deep list to an anchor on another deep list nests
 * deeper, and a chain of them as deep as one likes.
 */
export const MAX_EXPANDED_DEPTH = 500;

/** Default node budget for {@link toPlain}: far above any real manifest, far below a bomb. */
export const DEFAULT_EXPANSION_LIMIT = 100_000;

/**
 * Converts a tree into plain JS values for JSON-schema validation. Every visit counts against
 * `limit`, so shared alias targets are charged each time they are expanded.
 * @throws ExpansionLimitError when the expansion exceeds `limit` nodes or {@link MAX_EXPANDED_DEPTH} levels.
 */
export function toPlain(node: TreeNode | undefined, limit = DEFAULT_EXPANSION_LIMIT): unknown {
  let budget = limit;
  const walk = (n: TreeNode | undefined, depth: number): unknown => {
    if (--budget < 0) throw new ExpansionLimitError(limit);
    if (depth > MAX_EXPANDED_DEPTH) throw new ExpansionLimitError(limit, `nests more than ${MAX_EXPANDED_DEPTH} levels deep`);
    if (!n) return null;
    if (n.kind === 'scalar') return n.value;
    if (n.kind === 'seq') return n.items.map((i) => walk(i, depth + 1));
    const out: Record<string, unknown> = {};
    for (const p of n.pairs) {
      const k = String(p.key.value);
      if (!(k in out)) out[k] = walk(p.value, depth + 1);
    }
    return out;
  };
  return walk(node, 0);
}

/** The path from the root to `node`, following `pair`/`parent` links. */
export function pathOf(node: TreeNode): PathSegment[] {
  const path: PathSegment[] = [];
  let cur: TreeNode | undefined = node;
  while (cur) {
    if (cur.pair) {
      path.unshift(String(cur.pair.key.value));
      cur = cur.pair.parent;
    } else if (cur.parent && cur.parent.kind === 'seq') {
      path.unshift(cur.parent.items.indexOf(cur));
      cur = cur.parent;
    } else {
      break;
    }
  }
  return path;
}

/** Innermost node (key scalar or value) whose span contains `offset`. */
export function nodeAt(root: TreeNode | undefined, offset: number): { node: TreeNode; isKey: boolean } | undefined {
  let best: { node: TreeNode; isKey: boolean } | undefined;
  const seen = new Set<TreeNode>();
  const visit = (n: TreeNode | undefined): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (offset < n.start || offset > n.end) return;
    best = { node: n, isKey: false };
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        if (offset >= p.key.start && offset <= p.key.end) {
          best = { node: p.key, isKey: true };
          return;
        }
        visit(p.value);
      }
    } else if (n.kind === 'seq') {
      for (const i of n.items) visit(i);
    }
  };
  visit(root);
  return best;
}
