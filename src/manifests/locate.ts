/**
 * Finding a field of a manifest object in its YAML source: drift reports and validation point at
 * `file:line:column`. Field paths are the catalog model's dotted paths (`recurring.interval`,
 * `metadata.tier`); list positions may be written `tiers[1].up_to` or `tiers.1.up_to`, and a metadata key that
 * itself contains dots (`metadata.a.b`) is matched as one key.
 */
import { offsetOf, type TreeMap, type TreeNode } from './tree.js';

export function fieldSegments(field: string): string[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}

/**
 * The source offset of `field` inside the object `item`: of the field's key (or list item) when it is written
 * in the file, otherwise of the nearest enclosing field that is (an omitted default, such as
 * `recurring.interval_count`, points at `recurring`, or at the object itself).
 */
export function fieldOffset(item: TreeNode, field: string): number {
  const segments = fieldSegments(field);
  let node: TreeNode | null = item;
  let offset = item.offset;
  let i = 0;
  while (i < segments.length && node !== null) {
    if (node.kind === 'map') {
      const match = longestKeyMatch(node, segments, i);
      if (match === null) break;
      offset = match.pair.keyOffset;
      node = match.pair.value;
      i += match.used;
    } else if (node.kind === 'seq' && /^\d+$/.test(segments[i]!)) {
      const entry: TreeNode | null | undefined = node.items[Number(segments[i])];
      if (entry === undefined) break;
      offset = offsetOf(entry, offset);
      node = entry;
      i += 1;
    } else break;
  }
  return offset;
}

/** The key made of the most path segments from `start` on, so `metadata.a.b` finds a key `a.b` before `a`. */
function longestKeyMatch(map: TreeMap, segments: string[], start: number) {
  for (let used = segments.length - start; used >= 1; used -= 1) {
    const key = segments.slice(start, start + used).join('.');
    const pair = map.pairs.find((p) => p.key === key);
    if (pair !== undefined) return { pair, used };
  }
  return null;
}
