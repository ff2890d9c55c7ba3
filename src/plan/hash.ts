/**
 * Canonical JSON and hashes for plans. Canonical JSON sorts object keys, drops `undefined` members and has no
 * whitespace, so a value read back from a plan file hashes exactly like the value that was written.
 *
 * The canonical form is `canonicalJson` of `catalog/canonical.ts` (one definition for the whole tool). A top-level
 * array is hashed in batches of members (`hashViews`), so a 100,000-change plan never exists as one string.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, sortedView } from '../catalog/canonical.js';

export { canonicalJson };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function hashValue(value: unknown): string {
  if (Array.isArray(value)) return hashViews(value, sortedView);
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/** Members written by one JSON.stringify when an array is hashed through views (about 64K of plan text). */
const VIEWS_PER_WRITE = 128;

/**
 * `hashValue` of an array whose members' canonical JSON is `JSON.stringify(view(member))`. Members are written
 * in batches, one `JSON.stringify` per batch: its text is the batch's part of the array's canonical text
 * between the brackets, so it is hashed without a join or a copy. A member that JSON cannot hold is written as
 * null, as JSON.stringify does.
 */
export function hashViews(list: readonly unknown[], view: (member: unknown) => unknown): string {
  const hash = createHash('sha256');
  const batch: unknown[] = [];
  for (let start = 0; start < list.length; start += VIEWS_PER_WRITE) {
    const end = Math.min(list.length, start + VIEWS_PER_WRITE);
    batch.length = 0;
    for (let i = start; i < end; i++) batch.push(list[i] === undefined ? null : view(list[i]));
    const text = JSON.stringify(batch);
    // `[a,b]`: the first batch opens the array, the others continue it after a comma.
    if (start > 0) hash.update(',');
    hash.update(start === 0 ? text.slice(0, -1) : text.slice(1, -1));
  }
  hash.update(list.length === 0 ? '[]' : ']');
  return `sha256:${hash.digest('hex')}`;
}

