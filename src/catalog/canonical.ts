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
 * string). Non-finite numbers are refused rather than silently written as `null`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareIds)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = sortKeys(item);
  }
  return out;
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
