/**
 * Between catalog objects and manifest objects. A manifest object is the catalog object with every field at
 * its default left out (so a file reads like what a person would write) and keys in the table's order;
 * reading fills the defaults back in and runs the same normalisation as an account read, so a folder and an
 * account give the same `Catalog` for the same objects.
 */
import { canonicalJson, compareIds } from '../catalog/canonical.js';
import { normalizeCoupon, normalizeFeature, normalizeMeter, normalizePromotionCode, normalizeShippingRate, normalizeTaxRate, normalizePrice, normalizeProduct } from '../catalog/normalize.js';
import type { CatalogObjects, ResourceType } from '../catalog/types.js';
import { FIELDS, type FieldTable, type FieldType } from './fields.js';

export type ManifestObject = Record<string, unknown>;

const NORMALIZE: { [T in ResourceType]: (filled: ManifestObject) => CatalogObjects[T] } = {
  product: (filled) => withManifestLink(normalizeProduct(filled), filled),
  price: (filled) => withManifestLink(normalizePrice(filled), filled),
  coupon: normalizeCoupon,
  meter: normalizeMeter,
  promotion_code: normalizePromotionCode,
  tax_rate: (filled) => withManifestLink(normalizeTaxRate(filled), filled),
  shipping_rate: (filled) => withManifestLink(normalizeShippingRate(filled), filled),
  feature: normalizeFeature,
};

/** In a manifest the link is a field of its own, not a metadata key (the object is fresh: no copy without one). */
function withManifestLink<T extends { link: string | null }>(object: T, filled: ManifestObject): T {
  return typeof filled.link === 'string' ? { ...object, link: filled.link } : object;
}

/** A checked manifest object, defaults filled in (`readObject` in `check.ts`) → the catalog object. */
export function fromManifest<T extends ResourceType>(type: T, filled: ManifestObject): CatalogObjects[T] {
  return NORMALIZE[type](filled);
}

/** A catalog object → its manifest form (defaults omitted, keys in table order). */
export function toManifest(type: ResourceType, object: CatalogObjects[ResourceType]): ManifestObject {
  return omitTable(object as unknown as Record<string, unknown>, FIELDS[type]);
}

/**
 * Every list a checked manifest object holds, written or defaulted, starts here. V8 gives an array the kind of
 * what it was made to hold at its creation site, so lists from one site share one hidden class even when empty;
 * lists made in several places (an empty default, a mapped list of strings) have several, and the normalisers
 * optimised for one are thrown away at the first object with the other.
 */
export function newList(): unknown[] {
  return [];
}

/** A field's default for one object: its own copy when it is a mutable object, the value itself otherwise. */
export function copyDefault(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value ?? null;
  // Most defaults are an empty list or mapping: a literal is much cheaper than a structured clone.
  if (Array.isArray(value)) return value.length === 0 ? newList() : structuredClone(value);
  return Object.keys(value).length === 0 ? {} : structuredClone(value);
}

function omitTable(object: Record<string, unknown>, fields: FieldTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = object[field.name];
    if (value === undefined) continue;
    if (!field.required && canonicalJson(value) === canonicalJson(field.default ?? null)) continue;
    out[field.name] = omitType(value, field.type);
  }
  return out;
}

function omitType(value: unknown, type: FieldType): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case 'object':
      return omitTable(value as Record<string, unknown>, type.fields);
    case 'list':
      return (value as unknown[]).map((item) => omitType(item, type.items));
    case 'map':
      // Sorted, so catalogs that differ only in key order write the same bytes.
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => compareIds(a, b))
          .map(([k, v]) => [k, omitType(v, type.values)]),
      );
    default:
      return value;
  }
}
