/**
 * Document symbols (outline) for classified documents: one top-level symbol per IRSA document named
 * after its kind and name, with its keys as children. Capped so huge files stay cheap.
 */
import { str, TreeNode } from '../parse/tree';
import type { Workspace } from '../workspace/workspace';

export type OutlineKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'key';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

/** At most this many symbols per file (the YAML extension caps at 5000 for the same reason). */
export const MAX_OUTLINE_SYMBOLS = 5000;

function kindOf(n: TreeNode | undefined): OutlineKind {
  if (!n) return 'null';
  if (n.kind === 'map') return 'object';
  if (n.kind === 'seq') return 'array';
  if (n.value === null) return 'null';
  return typeof n.value === 'number' ? 'number' : typeof n.value === 'boolean' ? 'boolean' : 'string';
}

export function documentSymbols(ws: Workspace, uri: string): OutlineSymbol[] {
  let budget = MAX_OUTLINE_SYMBOLS;
  const seen = new Set<TreeNode>();
  const childrenOf = (n: TreeNode | undefined, depth: number): OutlineSymbol[] => {
    if (!n || n.kind === 'scalar' || seen.has(n) || depth > 40) return [];
    seen.add(n);
    const out: OutlineSymbol[] = [];
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        if (--budget < 0) break;
        const v = p.value;
        out.push({
          name: String(p.key.value),
          detail: v?.kind === 'scalar' && v.value !== null ? String(v.value).slice(0, 80) : undefined,
          kind: kindOf(v),
          start: p.key.start,
          end: Math.max(p.key.end, v?.end ?? p.key.end),
          selectionStart: p.key.start,
          selectionEnd: p.key.end,
          children: childrenOf(v, depth + 1),
        });
      }
    } else {
      n.items.forEach((it, i) => {
        if (--budget < 0) return;
        const label = it.kind === 'map' ? (str(it.pairs.find((p) => p.key.value === 'name')?.value) ?? str(it.pairs[0]?.value)) : str(it);
        out.push({
          name: label ?? `[${i}]`,
          detail: label ? `[${i}]` : undefined,
          kind: kindOf(it),
          start: it.start,
          end: it.end,
          selectionStart: it.start,
          selectionEnd: it.kind === 'scalar' ? it.end : it.start,
          children: childrenOf(it, depth + 1),
        });
      });
    }
    return out;
  };
  const titles: Record<string, string> = {
    credentialsRequest: 'CredentialsRequest',
    ccoctlSecret: 'Secret (ccoctl credentials)',
    serviceAccount: 'ServiceAccount',
    iamPolicy: 'IAM policy',
  };
  return ws.documents(uri).map((d) => {
    const name = 'name' in d && d.name ? str(d.name) : undefined;
    const kindTitle = d.kind === 'workload' ? d.workloadKind : d.kind === 'iamPolicy' ? (d.policyType === 'trust' ? 'Trust policy' : 'Identity policy') : titles[d.kind]!;
    const firstKey = d.root.pairs[0]?.key;
    return {
      name: name ? `${kindTitle} ${name}` : kindTitle,
      kind: 'object' as const,
      start: d.root.start,
      end: d.root.end,
      selectionStart: firstKey?.start ?? d.root.start,
      selectionEnd: firstKey?.end ?? d.root.start,
      children: childrenOf(d.root, 0),
    };
  });
}
