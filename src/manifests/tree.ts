/**
 * The YAML tree the manifests reader checks and locates in: mappings, lists and scalars, each with the source
 * offset where it starts, and nothing else (no styles, comments or tags: no check needs them). The block reader
 * (`block-yaml.ts`) builds it straight from the text; a file outside its subset is parsed by the `yaml` library
 * and converted (`yaml-tree.ts`).
 *
 * Invariants: aliases are already resolved (an alias *is* the node it points to, so a tree may share nodes);
 * keys are never resolved. Offsets are those `yaml` gives the same node (`range[0]`), so a `file:line:column`
 * is the same whichever reader built the tree.
 */
export type TreeNode = TreeScalar | TreeMap | TreeSeq;

/** `value` is what `yaml` resolves the scalar to (null, boolean, number or string; other types only from `yaml`). */
export interface TreeScalar {
  readonly kind: 'scalar';
  readonly offset: number;
  readonly value: unknown;
}

export interface TreeMap {
  readonly kind: 'map';
  readonly offset: number;
  readonly pairs: readonly TreePair[];
}

/** An item is `null` where `yaml` holds something other than a node (a pair written inside a list). */
export interface TreeSeq {
  readonly kind: 'seq';
  readonly offset: number;
  readonly items: readonly (TreeNode | null)[];
}

export interface TreePair {
  /** The key as a name: `String(value)` of a string, number or boolean scalar; `null` for any other key. */
  readonly key: string | null;
  readonly keyOffset: number;
  /** `null` where `yaml` has no node for the value. */
  readonly value: TreeNode | null;
}

/** Where a 1-based line and column are found for an offset; `yaml`'s `LineCounter` is one. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** A scalar node. Both readers build their scalars here, so every scalar has one shape (hidden class). */
export function scalarNode(offset: number, value: unknown): TreeScalar {
  return { kind: 'scalar', offset, value };
}

// A scalar's value is a string, a number (small or not), a boolean or null. Storing each kind once, here, makes
// V8 treat the field as holding any value from the start. Otherwise code optimised while reading a file with
// only strings and booleans (products.yaml) is thrown away, with the code that inlined it, at the first number
// of the next file, and compiled again.
for (const value of [null, 0, 0.5, '']) scalarNode(0, value);

/** The source offset of a node, or `fallback` when there is no node (a missing value points at its key). */
export function offsetOf(node: TreeNode | null | undefined, fallback: number): number {
  return node == null ? fallback : node.offset;
}

/** An empty value: nothing written (`key:`), `~` or `null`. */
export function isEmpty(node: TreeNode | null | undefined): boolean {
  return node == null || (node.kind === 'scalar' && node.value === null);
}

/**
 * The plain value of a tree: what `yaml`'s `toJS` gives for the same text wherever keys are scalars (mappings
 * become objects with string keys; a key such as `__proto__` that an object already has is defined rather
 * than assigned, so it is an own key as in `toJS`, and a later equal key wins).
 */
export function plainValue(node: TreeNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plainValue);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) setOwn(out, pair.key ?? '', plainValue(pair.value));
      return out;
    }
  }
}

/** `out[name] = value`, except that a name the object inherits (`__proto__`) becomes an own property. */
export function setOwn(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
  else out[name] = value;
}

/** Line starts collected while reading a text; the same answers as `yaml`'s `LineCounter`. */
export class LineIndex implements LinePositions {
  /** Offset of the first character of each line, ascending; the first is 0. */
  constructor(private readonly starts: ArrayLike<number>) {}

  linePos(offset: number): { line: number; col: number } {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}
