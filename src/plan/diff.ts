/**
 * Field-level comparison of a desired object (references already written in live ids) with its live twin, and
 * the classification of every difference as changeable in place or forcing a replace, from the rules table.
 */
import { isUpdatable, type TypeRules } from '../catalog/rules.js';
import { newFieldChange } from './change.js';
import type { FieldChange } from './types.js';

/** One differing field. `key` is set for fields compared per key (`metadata.tier` has field `metadata`). */
export interface FieldDiff extends FieldChange {
  topField: string;
  key?: string;
  inPlace: boolean;
}

/** Deep equality of JSON-like values; key order does not matter, array order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    count++;
    if (!sameValue(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) count--;
  return count === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Differences between `desired` and `live` over the rules' fields, except the `linked` ones (planned apart).
 * Absent keys read as `null`, so a removed metadata key is `{ before: 'x', after: null }`.
 */
/** The fields `diffObjects` compares, per rule set: all but the linked ones. */
const comparedFields = new WeakMap<TypeRules, readonly string[]>();

export function diffObjects(rules: TypeRules, desired: object, live: object): FieldDiff[] {
  const want = desired as Record<string, unknown>;
  const have = live as Record<string, unknown>;
  const out: FieldDiff[] = [];
  let fields = comparedFields.get(rules);
  if (fields === undefined) comparedFields.set(rules, (fields = rules.fields.filter((f) => !rules.linked.includes(f))));
  for (const field of fields) {
    const after = want[field];
    const before = have[field];
    if (sameValue(before, after)) continue;
    if (rules.keyed.includes(field) && isRecord(before) && isRecord(after)) {
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      for (const key of keys) {
        const b = before[key] ?? null;
        const a = after[key] ?? null;
        if (sameValue(b, a)) continue;
        const path = `${field}.${key}`;
        out.push({ field: path, topField: field, key, before: b, after: a, inPlace: isUpdatable(rules, path, b, a) });
      }
    } else {
      out.push({ field, topField: field, before, after, inPlace: isUpdatable(rules, field, before, after) });
    }
  }
  return out;
}

/** True when no difference forces a replace. */
export function allInPlace(diffs: readonly FieldDiff[]): boolean {
  return diffs.every((d) => d.inPlace);
}

/** A copy with object keys sorted at every level, so stored values do not depend on how they were built. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys(value[key]);
  return out;
}

/** The plain before/after view stored in a plan. */
export function toFieldChanges(diffs: readonly FieldDiff[]): FieldChange[] {
  return diffs.map(({ field, before, after }) => newFieldChange(field, sortedKeys(before), sortedKeys(after)));
}
