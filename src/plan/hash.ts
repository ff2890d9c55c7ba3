/**
 * Canonical JSON and hashes for plans. Canonical JSON sorts object keys, drops `undefined` members and has no
 * whitespace, so a value read back from a plan file hashes exactly like the value that was written.
 *
 * The canonical form is `canonicalJson` of `catalog/canonical.ts` (one definition for the whole tool). A top-level
 * array is hashed element by element, so a 100,000-change plan never exists as one string.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, sortedView } from '../catalog/canonical.js';

export { canonicalJson };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function hashValue(value: unknown): string {
  const hash = createHash('sha256');
  if (Array.isArray(value)) {
    hash.update('[');
    for (let i = 0; i < value.length; i++) {
      // An array member that JSON cannot hold (undefined) is written as null, as JSON.stringify does.
      hash.update((i > 0 ? ',' : '') + (JSON.stringify(sortedView(value[i])) ?? 'null'));
    }
    hash.update(']');
  } else {
    hash.update(canonicalJson(value));
  }
  return `sha256:${hash.digest('hex')}`;
}
