/**
 * Finding a field of a manifest object in its YAML source: drift reports and validation point at
 * `file:line:column`. Field paths are the catalog model's dotted paths (`recurring.interval`,
 * `metadata.tier`); list positions may be written `tiers[1].up_to` or `tiers.1.up_to`, and a metadata key that
 * itself contains dots (`metadata.a.b`) is matched as one key.
 */
import { isMap, isPair, isSeq, type Document, type YAMLMap } from 'yaml';
import { keyOf, offsetOf, resolveNode } from './check.js';

export function fieldSegments(field: string): string[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}

/**
 * The source offset of `field` inside the object `map`: of the field's key (or list item) when it is written
 * in the file, otherwise of the nearest enclosing field that is (an omitted default, such as
 * `recurring.interval_count`, points at `recurring`, or at the object itself).
 */
export function fieldOffset(doc: Document, map: YAMLMap, field: string): number {
  const segments = fieldSegments(field);
  let node = resolveNode(map, doc);
  let offset = offsetOf(map, 0);
  let i = 0;
  while (i < segments.length && node !== null) {
    if (isMap(node)) {
      const match = longestKeyMatch(node, segments, i);
      if (match === null) break;
      offset = offsetOf(match.pair.key, offset);
      node = resolveNode(match.pair.value, doc);
      i += match.used;
    } else if (isSeq(node) && /^\d+$/.test(segments[i]!)) {
      const item = node.items[Number(segments[i])];
      if (item === undefined) break;
      offset = offsetOf(item, offset);
      node = resolveNode(item, doc);
      i += 1;
    } else break;
  }
  return offset;
}

/** The key made of the most path segments from `start` on, so `metadata.a.b` finds a key `a.b` before `a`. */
function longestKeyMatch(map: YAMLMap, segments: string[], start: number) {
  for (let used = segments.length - start; used >= 1; used -= 1) {
    const key = segments.slice(start, start + used).join('.');
    const pair = map.items.find((p) => isPair(p) && keyOf(p) === key);
    if (pair !== undefined) return { pair, used };
  }
  return null;
}
