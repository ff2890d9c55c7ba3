/**
 * Request parameters in Stripe's shape, built from catalog-model objects whose references are already written
 * in live ids (or `Ref`s). Creates leave out what Stripe would default anyway; updates carry only what changed,
 * with `''` for a removed metadata key or an unset nullable field (api-notes §12.8).
 */
import { keysInOrder } from '../catalog/canonical.js';
import type { TypeRules } from '../catalog/rules.js';
import { LINK_METADATA_KEY, type Coupon, type CustomUnitAmount, type Price, type Product, type Recurring, type Tier } from '../catalog/types.js';
import type { FieldDiff } from './diff.js';
import type { ParamValue, Params, Ref } from './types.js';

/** A price whose `product` (and metered `recurring.meter`) may be a `Ref`. */
export type PriceInLive = Omit<Price, 'product' | 'recurring'> & {
  product: string | Ref;
  recurring: (Omit<Recurring, 'meter'> & { meter: string | Ref | null }) | null;
};

/** True when the object has an own enumerable key (`Object.keys(value).length > 0`, without the array). */
function hasKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && !('$ref' in value) && !hasKeys(value);
}

/**
 * Drops null and empty members at every level (absent is how Stripe's create says "unset") and sorts nested
 * keys, so the plan file does not depend on the order in which a reader happened to build the objects.
 */
export function compact(value: unknown): ParamValue {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object' || '$ref' in value) return value as ParamValue;
  const out: { [key: string]: ParamValue } = {};
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Sorting is skipped, not changed, for keys already in order (most are: compacted before, or read sorted).
  if (!keysInOrder(keys)) keys.sort();
  for (const key of keys) {
    if (!isEmpty(record[key])) out[key] = compact(record[key]);
  }
  return out;
}

/**
 * One member of create parameters, as `withoutDefaults` adds it: left out when empty, compacted otherwise.
 * Builders call it member by member instead of building a literal that `withoutDefaults` then copies.
 */
function put(out: Params, key: string, value: unknown): void {
  if (!isEmpty(value)) out[key] = compact(value);
}

/**
 * A member that is a string, number or boolean (or null, left out): `put` without the checks and copies a
 * container needs. Builders use it for every field the catalog types hold as a scalar, which also keeps their
 * optimised code small (each `put` brings `compact` with it).
 */
function putScalar(out: Params, key: string, value: string | number | boolean | null): void {
  if (value !== null) out[key] = value;
}

export function withoutDefaults(params: Record<string, unknown>, defaults: Readonly<Record<string, unknown>>): Params {
  const out: Params = {};
  for (const key in params) {
    const value = params[key];
    if (defaults[key] !== value) put(out, key, value);
  }
  return out;
}

/** `id` and the fields of an own-field create, in key order, per field list (a handful of lists, made once). */
const ownFieldOrder = new WeakMap<readonly string[], readonly string[]>();

/**
 * Create parameters of a type whose create takes its own fields as they are: the id and `fields`, without the
 * rules' defaults, written in key order (see `change.ts`).
 */
function ownFieldParams(object: object, fields: readonly string[], defaults: Readonly<Record<string, unknown>>): Params {
  let order = ownFieldOrder.get(fields);
  if (order === undefined) ownFieldOrder.set(fields, (order = ['id', ...fields].sort()));
  const record = object as Record<string, unknown>;
  const out: Params = {};
  for (const field of order) {
    const value = record[field];
    if (defaults[field] !== value) put(out, field, value);
  }
  return out;
}

/** Stripe's create shape: `enabled: true` marks a pay-what-you-want price; the read form has no `enabled`. */
function customUnitAmountParam(value: CustomUnitAmount | null): ParamValue {
  return value === null ? null : compact({ enabled: true, ...value });
}

function tiersParam(tiers: Tier[] | null): ParamValue {
  return tiers === null ? null : tiers.map((t) => compact(t));
}

function currencyOptionsParam(options: Price['currency_options']): ParamValue {
  // Most prices have none: `null` is left out like `{}` would be, without sorting an empty key list.
  if (!hasKeys(options)) return null;
  const out: { [key: string]: ParamValue } = {};
  for (const ccy of Object.keys(options).sort()) {
    const o = options[ccy]!;
    out[ccy] = compact({ ...o, custom_unit_amount: customUnitAmountParam(o.custom_unit_amount), tiers: tiersParam(o.tiers) });
  }
  return out;
}

/** The fields a product create sends: all but the linked ones (`default_price`), per rule set. */
const productCreateFields = new WeakMap<TypeRules, readonly string[]>();

/** `POST /v1/products` without `default_price`, which is linked once the price exists. */
export function productCreateParams(rules: TypeRules, product: Product): Params {
  let fields = productCreateFields.get(rules);
  if (fields === undefined) productCreateFields.set(rules, (fields = rules.fields.filter((f) => !rules.linked.includes(f))));
  return ownFieldParams(product, fields, rules.createDefaults);
}

/**
 * `metadata` (a catalog object's, or a create's parameter) with the source id in the reserved link key, keys in
 * order: what every create whose id Stripe assigns carries, so the object is found by its link afterwards.
 */
export function withLink(metadata: unknown, sourceId: string): Params {
  const base = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata : {};
  return compact({ ...base, [LINK_METADATA_KEY]: sourceId }) as Params;
}

/**
 * A product create under an id Stripe chooses, carrying its own id as the link (an id Stripe no longer takes:
 * `acceptsCustomId`): the parameters of `productCreateParams` without `id`, the link added to the metadata.
 */
export function linkedProductCreateParams(rules: TypeRules, product: Product): Params {
  const { id: _id, ...params } = productCreateParams(rules, { ...product, metadata: withLink(product.metadata, product.id) as Product['metadata'] });
  return params;
}

/** `POST /v1/plans`: what the Plans API carries of a recurring price, in key order. */
export function planCreateParams(price: PriceInLive): Params {
  const recurring = price.recurring!;
  const out: Params = {};
  putScalar(out, 'active', price.active);
  putScalar(out, 'amount', price.unit_amount);
  putScalar(out, 'amount_decimal', price.unit_amount_decimal);
  putScalar(out, 'billing_scheme', price.billing_scheme);
  putScalar(out, 'currency', price.currency);
  putScalar(out, 'id', price.id);
  putScalar(out, 'interval', recurring.interval);
  putScalar(out, 'interval_count', recurring.interval_count);
  put(out, 'metadata', price.metadata);
  put(out, 'meter', recurring.meter);
  putScalar(out, 'nickname', price.nickname);
  put(out, 'product', price.product);
  put(out, 'tiers', tiersParam(price.tiers));
  putScalar(out, 'tiers_mode', price.tiers_mode);
  put(out, 'transform_usage', price.transform_quantity);
  putScalar(out, 'trial_period_days', recurring.trial_period_days);
  putScalar(out, 'usage_type', recurring.usage_type);
  return out;
}

/** `POST /v1/prices/:id` after a plan create: the price-only fields in key order, or `null` when there are none. */
export function planPriceOnlyParams(price: PriceInLive): Params | null {
  const out: Params = {};
  put(out, 'currency_options', currencyOptionsParam(price.currency_options));
  putScalar(out, 'lookup_key', price.lookup_key);
  putScalar(out, 'tax_behavior', price.tax_behavior === 'unspecified' ? null : price.tax_behavior);
  return hasKeys(out) ? out : null;
}

/** `POST /v1/prices`: every field, plus the link to the desired id in the reserved metadata key, in key order. */
export function priceCreateParams(price: PriceInLive, link: string): Params {
  const out: Params = {};
  putScalar(out, 'active', price.active);
  putScalar(out, 'billing_scheme', price.billing_scheme);
  putScalar(out, 'currency', price.currency);
  put(out, 'currency_options', currencyOptionsParam(price.currency_options));
  put(out, 'custom_unit_amount', customUnitAmountParam(price.custom_unit_amount));
  putScalar(out, 'lookup_key', price.lookup_key);
  put(out, 'metadata', withLink(price.metadata, link));
  putScalar(out, 'nickname', price.nickname);
  put(out, 'product', price.product);
  put(out, 'recurring', price.recurring);
  putScalar(out, 'tax_behavior', price.tax_behavior);
  put(out, 'tiers', tiersParam(price.tiers));
  putScalar(out, 'tiers_mode', price.tiers_mode);
  put(out, 'transform_quantity', price.transform_quantity);
  putScalar(out, 'unit_amount', price.unit_amount);
  putScalar(out, 'unit_amount_decimal', price.unit_amount_decimal);
  return out;
}

export function couponCreateParams(rules: TypeRules, coupon: Coupon): Params {
  return ownFieldParams(coupon, rules.fields, rules.createDefaults);
}

/** How one top-level field is sent on update when it changed as a whole: `''` unsets. */
function wholeFieldParam(field: string, value: unknown): ParamValue {
  if (isEmpty(value)) return '';
  if (field === 'currency_options') return currencyOptionsParam(value as Price['currency_options']);
  return compact(value);
}

/** Names the Plans API uses for price-model paths. */
const PLAN_PARAM_NAMES: Readonly<Record<string, string>> = { 'recurring.trial_period_days': 'trial_period_days' };

/**
 * Update parameters per endpoint for in-place differences: `own` for the type's update endpoint, `prices` for
 * fields the rules route through `POST /v1/prices/:id` (price-only fields of a plan).
 * Price `currency_options` are sent whole (Stripe's update replaces them); coupon ones per currency (merged).
 */
export function updateParams(
  rules: TypeRules,
  diffs: readonly FieldDiff[],
  desired: object,
  routeOf: (path: string) => 'own' | 'prices',
): { own: Params; prices: Params } {
  const out = { own: {} as Params, prices: {} as Params };
  const want = desired as Record<string, unknown>;
  for (const d of diffs) {
    const target = out[routeOf(d.field)];
    const renamed = rules.kind === 'plan' ? PLAN_PARAM_NAMES[d.field] : undefined;
    if (renamed !== undefined) {
      target[renamed] = d.after === null ? '' : (d.after as ParamValue);
    } else if (d.key !== undefined && !(rules.type === 'price' && d.topField === 'currency_options')) {
      const map = (target[d.topField] ??= {}) as { [key: string]: ParamValue };
      map[d.key] = d.after === null ? '' : compact(d.after);
    } else {
      target[d.topField] = wholeFieldParam(d.topField, want[d.topField]);
    }
  }
  return out;
}
