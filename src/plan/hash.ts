/**
 * Canonical JSON and hashes for plans. Canonical JSON sorts object keys, drops `undefined` members and has no
 * whitespace, so a value read back from a plan file hashes exactly like the value that was written.
 *
 * The canonical form is `canonicalJson` of `catalog/canonical.ts` (one definition for the whole tool). A top-level
 * array is hashed element by element, so a 100,000-change plan never exists as one string.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../catalog/canonical.js';

export { canonicalJson };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function hashValue(value: unknown): string {
  if (Array.isArray(value)) return hashList(value, canonicalJson);
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/** Text gathered before it is handed to the hash: one update per member cost more than writing the member. */
const UPDATE_AT = 1 << 16;

/**
 * `hashValue` of an array, each member written by `write` (which must give the member's canonical JSON), the
 * array never held as one string.
 */
export function hashList(list: readonly unknown[], write: (member: unknown) => string): string {
  const hash = createHash('sha256');
  let pieces: string[] = ['['];
  let size = 1;
  for (let i = 0; i < list.length; i++) {
    // A member that JSON cannot hold (undefined) is written as null, as JSON.stringify does.
    const text = list[i] === undefined ? 'null' : write(list[i]);
    if (i > 0) pieces.push(',');
    pieces.push(text);
    size += text.length + 1;
    if (size >= UPDATE_AT) {
      hash.update(pieces.join(''));
      pieces = [];
      size = 0;
    }
  }
  pieces.push(']');
  hash.update(pieces.join(''));
  return `sha256:${hash.digest('hex')}`;
}
