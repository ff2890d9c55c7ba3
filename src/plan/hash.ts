/**
 * Canonical JSON and hashes for plans. Canonical JSON sorts object keys, drops `undefined` members and has no
 * whitespace, so a value read back from a plan file hashes exactly like the value that was written.
 *
 * It is JSON.stringify of a view of the value whose keys are in order: objects already in order are used as
 * they are and only the others are copied, so the native serialiser does the work. A top-level array is
 * hashed element by element, so a 100,000-change plan never exists as one string.
 */
import { createHash } from 'node:crypto';

function keysInOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** `value`, or a copy of it with every object's keys sorted where some were not. */
function sortedView(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortedView(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const ordered = keysInOrder(keys);
  if (!ordered) keys.sort();
  let copy: Record<string, unknown> | undefined;
  if (!ordered) copy = {};
  for (const key of keys) {
    const member = record[key];
    const view = sortedView(member);
    if (view !== member && copy === undefined) {
      copy = {};
      for (const k of keys) copy[k] = record[k];
    }
    if (copy !== undefined) copy[key] = view;
  }
  return copy ?? value;
}

/** JSON with object keys sorted at every level; `undefined` members are left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedView(value)) ?? 'null';
}

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
