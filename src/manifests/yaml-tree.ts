/**
 * The `yaml` library's side of the manifests reader: what the block reader hands back (anything outside its
 * subset, and every malformed file) is parsed by `parseDocument`, which also reports the errors, and converted
 * to the reader's tree (`tree.ts`). Loaded only when a file needs it, so a folder the block reader reads alone
 * never loads `yaml`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { scalarNode, type TreeNode, type TreePair } from './tree.js';

export interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** `doc.contents` as a tree; meaningful only when `doc.errors` is empty. */
  contents: TreeNode | null;
}

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, lineCounter, contents: doc.errors.length > 0 ? null : treeOf(doc) };
}

/** A pair's key as a name: `String(value)` of a string, number or boolean scalar; `null` for any other key. */
export function keyOf(pair: Pair<unknown, unknown>): string | null {
  if (!isScalar(pair.key)) return null;
  const key = pair.key.value;
  return typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean' ? String(key) : null;
}

/**
 * The document's contents as a tree. Aliases become the node they point to (one tree node per `yaml` node, so
 * an anchored node used twice is shared); keys stay as written. A value without a source range (never from
 * `parseDocument`) takes its parent's offset.
 */
function treeOf(doc: Document): TreeNode | null {
  const converted = new Map<Node, TreeNode>();
  const convert = (value: unknown, parentOffset: number): TreeNode | null => {
    const node = isAlias(value) ? value.resolve(doc) : value;
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return null;
    const done = converted.get(node);
    if (done !== undefined) return done;
    const offset = node.range?.[0] ?? parentOffset;
    if (isScalar(node)) {
      const scalar: TreeNode = scalarNode(offset, node.value);
      converted.set(node, scalar);
      return scalar;
    }
    if (isSeq(node)) {
      const items: (TreeNode | null)[] = [];
      const seq: TreeNode = { kind: 'seq', offset, items };
      converted.set(node, seq);
      for (const item of node.items) items.push(convert(item, offset));
      return seq;
    }
    const pairs: TreePair[] = [];
    const map: TreeNode = { kind: 'map', offset, pairs };
    converted.set(node, map);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyOffset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      pairs.push({ key: keyOf(pair), keyOffset, value: convert(pair.value, keyOffset) });
    }
    return map;
  };
  return convert(doc.contents, 0);
}
