/**
 * Canonical orderings. Lists of a catalog are sorted by id (by UTF-16 code units, not locale, so every machine
 * agrees), and `canonicalJson` serialises any JSON value with object keys sorted at every depth: equal values
 * give equal strings, which is what the planner hashes.
 */
import { CATALOG_LISTS, RESOURCE_TYPES, objectsOf, type Catalog } from './types.js';

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy; the input is left as it was. */
export function sortById<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareIds(a.id, b.id));
}

/** A copy of the catalog with every list sorted by id (the objects themselves are shared, not copied). */
export function sortCatalog(catalog: Catalog): Catalog {
  const out: Record<string, unknown> = {};
  for (const type of RESOURCE_TYPES) out[CATALOG_LISTS[type]] = sortById(objectsOf(catalog, type));
  return out as unknown as Catalog;
}

/**
 * JSON text with object keys sorted recursively; arrays keep their order. Like `JSON.stringify`, object
 * members whose value is `undefined` are left out and `toJSON` is honoured (a `Stripe.Decimal` becomes its
 * string). Non-finite numbers are refused rather than silently written as `null`. The planner hashes plans of
 * 100,000 changes with it, so objects whose keys are already in order are used as they are, never copied.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedView(value)) ?? 'null';
}

/** Whether `keys` are in canonical order (UTF-16 code units, as `compareIds` sorts them). */
export function keysInOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/**
 * `record` with its members in the order of `keys` (its own keys, sorted) and each member through `view`: the
 * record itself when `ordered` says its keys already were in that order and no member's view differs from it,
 * else a copy. What canonical views of an object share.
 */
export function withMemberViews(record: Record<string, unknown>, keys: readonly string[], ordered: boolean, view: (member: unknown) => unknown): unknown {
  let copy: Record<string, unknown> | undefined = ordered ? undefined : {};
  for (const key of keys) {
    const member = record[key];
    const viewed = view(member);
    if (viewed !== member && copy === undefined) {
      copy = {};
      for (const k of keys) copy[k] = record[k];
    }
    if (copy !== undefined) copy[key] = viewed;
  }
  return copy ?? record;
}

/** `value`, or a copy of it with every object's keys sorted where some were not: what `canonicalJson` writes. */
export function sortedView(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedView((value as { toJSON: () => unknown }).toJSON());
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
  if (!ordered) keys.sort(compareIds);
  return withMemberViews(record, keys, ordered, sortedView);
}

/** Object counts by catalog list, leaving out empty ones: `{ products: 8, prices: 16, meters: 1 }`. */
export function countByList(catalog: Catalog): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of RESOURCE_TYPES) {
    const n = objectsOf(catalog, type).length;
    if (n > 0 || type === 'product') counts[CATALOG_LISTS[type]] = n;
  }
  return counts;
}

/** `8 products, 16 prices, 1 meters`: a catalog's size in words, for progress and summaries. */
export function describeCounts(catalog: Catalog): string {
  return Object.entries(countByList(catalog)).map(([list, n]) => `${n} ${list.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`).join(', ');
}
