/**
 * Updating a parsed YAML document in place, so what a person wrote around the values survives a re-export:
 * nodes whose value is unchanged are kept as they are (comments, quoting style), changed scalars are replaced
 * by new nodes that inherit the old node's comments, maps keep their pairs (and so the comments on keys) and
 * take the new key order, lists of objects are matched by `id`.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLSeq } from 'yaml';
import { keyOf } from './yaml-tree.js';

interface Commented {
  comment?: string | null;
  commentBefore?: string | null;
  spaceBefore?: boolean;
}

/** Returns the node to put where `existing` was: `existing` itself, updated, or a new node. */
export function updateNode(doc: Document, existing: unknown, value: unknown): Node {
  if (Array.isArray(value) && isSeq(existing)) {
    existing.items = value.map((item, i) => updateNode(doc, existing.items[i], item));
    return existing;
  }
  if (isPlainObject(value) && isMap(existing)) {
    existing.items = Object.entries(value).map(([key, item]) => {
      const pair = existing.items.find((p): p is Pair<unknown, unknown> => isPair(p) && keyOf(p) === key);
      if (pair === undefined) return doc.createPair(key, item);
      pair.value = updateNode(doc, pair.value, item);
      return pair;
    });
    return existing;
  }
  if (isScalar(existing) && !Array.isArray(value) && !isPlainObject(value) && existing.value === value) return existing;
  const created = doc.createNode(value) as Node;
  carryComments(existing, created);
  return created;
}

/**
 * Makes `seq` hold one node per object, in the given order: an existing item with the same `id` is updated in
 * place (keeping the comments above and inside it), a new object gets a new node, items whose id is gone are
 * dropped. One blank line separates objects.
 */
export function updateObjectList(doc: Document, seq: YAMLSeq, objects: readonly Record<string, unknown>[]): void {
  // The parser attaches a comment above the first item to the list; it belongs to that item and must move
  // with it when the order changes.
  const first = seq.items[0];
  if (seq.commentBefore && (isMap(first) || isScalar(first))) {
    first.commentBefore = [seq.commentBefore, first.commentBefore].filter(Boolean).join('\n');
    seq.commentBefore = undefined;
  }
  const byId = new Map<string, Node>();
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, item);
  }
  // Block style for objects; an empty list reads best as `[]` on the key's line.
  seq.flow = objects.length === 0;
  seq.items = objects.map((object, i) => {
    const node = updateNode(doc, byId.get(String(object.id)), object);
    (node as Commented).spaceBefore = i > 0;
    return node;
  });
}

function carryComments(from: unknown, to: Node): void {
  if (from === null || typeof from !== 'object') return;
  const source = from as Commented;
  const target = to as Commented;
  if (source.commentBefore) target.commentBefore = source.commentBefore;
  if (source.comment) target.comment = source.comment;
  if (source.spaceBefore) target.spaceBefore = source.spaceBefore;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
