/**
 * Stripe objects → the catalog model (`types.ts`). Pure functions; they accept objects as the `stripe` SDK
 * returns them (`Stripe.Decimal` decimals, expandable references) and as plain wire JSON (decimal strings), and
 * return objects that keep every invariant stated in `types.ts`, with keys in the order of their interface.
 */
import type Stripe from 'stripe';
import { sortById } from './canonical.js';
import { FieldReader, mapList, type WireObject } from './normalize-read.js';
import { normalizePlan, normalizePrice, type PlanInput, type PriceInput } from './normalize-price.js';
import type { Catalog, Coupon, DeliveryEstimateBound, Feature, Meter, Price, Product, PromotionCode, ShippingRate, TaxRate } from './types.js';

export { normalizePlan, normalizePrice, type PlanInput, type PriceInput } from './normalize-price.js';
export type { WireObject } from './normalize-read.js';
export type ProductInput = Stripe.Product | WireObject;
export type CouponInput = Stripe.Coupon | WireObject;
export type MeterInput = WireObject;
export type PromotionCodeInput = WireObject;
export type TaxRateInput = WireObject;
export type ShippingRateInput = WireObject;
export type FeatureInput = WireObject;

const DURATIONS = ['once', 'repeating', 'forever'] as const;

export function normalizeProduct(input: ProductInput): Product {
  const r = FieldReader.of(input, 'product');
  const dimensions = r.nested('package_dimensions');
  // Newer API versions also report the tax code under `tax_details`; the top-level field wins when both exist.
  const taxDetails = r.nested('tax_details');
  return {
    id: r.string('id'),
    name: r.string('name'),
    active: r.boolean('active'),
    description: r.stringOrNull('description'),
    metadata: r.metadata(),
    images: r.strings('images'),
    marketing_features: mapList(r.arrayOrNull('marketing_features') ?? [], (item, i) => ({
      name: r.child(item, `marketing_features[${i}]`).string('name'),
    })),
    url: r.stringOrNull('url'),
    statement_descriptor: r.stringOrNull('statement_descriptor'),
    unit_label: r.stringOrNull('unit_label'),
    tax_code: r.idOrNull('tax_code') ?? taxDetails?.idOrNull('tax_code') ?? null,
    shippable: r.booleanOrNull('shippable'),
    package_dimensions:
      dimensions === null
        ? null
        : {
            height: dimensions.number('height'),
            length: dimensions.number('length'),
            weight: dimensions.number('weight'),
            width: dimensions.number('width'),
          },
    default_price: r.idOrNull('default_price'),
    link: r.link(),
  };
}

export function normalizeCoupon(input: CouponInput): Coupon {
  const r = FieldReader.of(input, 'coupon');
  const currency = r.stringOrNull('currency')?.toLowerCase() ?? null;
  const appliesTo = r.nested('applies_to');
  const currencyOptions: Coupon['currency_options'] = {};
  for (const [code, value] of r.currencyEntries('currency_options')) {
    // As for prices, the coupon's own currency is its top-level `amount_off`, not an option.
    if (code === currency) continue;
    currencyOptions[code] = { amount_off: r.child(value, `currency_options.${code}`).integer('amount_off') };
  }
  return {
    id: r.string('id'),
    name: r.stringOrNull('name'),
    percent_off: r.numberOrNull('percent_off'),
    amount_off: r.integerOrNull('amount_off'),
    currency,
    duration: r.oneOf('duration', DURATIONS, 'once'),
    duration_in_months: r.integerOrNull('duration_in_months'),
    max_redemptions: r.integerOrNull('max_redemptions'),
    redeem_by: r.integerOrNull('redeem_by'),
    // A set of product ids: sorted, so the order Stripe happens to return cannot show up as a change.
    applies_to: appliesTo === null ? null : { products: appliesTo.strings('products').sort() },
    currency_options: currencyOptions,
    metadata: r.metadata(),
  };
}

const FORMULAS = ['count', 'last', 'sum'] as const;

/** Stripe's `status` becomes `active`; the mapping and value settings default as Stripe fills them in. */
export function normalizeMeter(input: MeterInput): Meter {
  const r = FieldReader.of(input, 'meter');
  const mapping = r.nested('customer_mapping');
  const value = r.nested('value_settings');
  return {
    id: r.string('id'),
    event_name: r.string('event_name'),
    display_name: r.string('display_name'),
    active: r.has('active') ? r.boolean('active') : r.oneOf('status', ['active', 'inactive'] as const, 'active') === 'active',
    default_aggregation: { formula: r.nested('default_aggregation')?.oneOf('formula', FORMULAS, 'sum') ?? 'sum' },
    customer_mapping: {
      event_payload_key: mapping?.stringOrNull('event_payload_key') ?? 'stripe_customer_id',
      type: mapping?.oneOf('type', ['by_id'] as const, 'by_id') ?? 'by_id',
    },
    value_settings: { event_payload_key: value?.stringOrNull('event_payload_key') ?? 'value' },
    event_time_window: r.oneOfOrNull('event_time_window', ['day', 'hour'] as const),
  };
}

/**
 * The coupon is `promotion.coupon` (API clover and later), a top-level `coupon` (basil: an expanded object) or,
 * in a manifest, a top-level coupon id.
 */
export function normalizePromotionCode(input: PromotionCodeInput): PromotionCode {
  const r = FieldReader.of(input, 'promotion_code');
  const restrictions = r.nested('restrictions');
  const options: PromotionCode['restrictions']['currency_options'] = {};
  for (const [code, value] of restrictions?.currencyEntries('currency_options') ?? []) {
    options[code] = { minimum_amount: restrictions!.child(value, `currency_options.${code}`).integer('minimum_amount') };
  }
  return {
    id: r.string('id'),
    code: r.string('code'),
    coupon: r.nested('promotion')?.idOrNull('coupon') ?? r.id('coupon'),
    active: r.boolean('active'),
    max_redemptions: r.integerOrNull('max_redemptions'),
    expires_at: r.integerOrNull('expires_at'),
    restrictions: {
      first_time_transaction: restrictions?.booleanOrNull('first_time_transaction') ?? false,
      minimum_amount: restrictions?.integerOrNull('minimum_amount') ?? null,
      minimum_amount_currency: restrictions?.stringOrNull('minimum_amount_currency')?.toLowerCase() ?? null,
      currency_options: options,
    },
    metadata: r.metadata(),
  };
}

export function normalizeTaxRate(input: TaxRateInput): TaxRate {
  const r = FieldReader.of(input, 'tax_rate');
  return {
    id: r.string('id'),
    display_name: r.string('display_name'),
    description: r.stringOrNull('description'),
    percentage: r.number('percentage'),
    inclusive: r.boolean('inclusive'),
    active: r.boolean('active'),
    country: r.stringOrNull('country'),
    state: r.stringOrNull('state'),
    jurisdiction: r.stringOrNull('jurisdiction'),
    tax_type: r.stringOrNull('tax_type'),
    metadata: r.metadata(),
    link: r.link(),
  };
}

const TAX_BEHAVIORS = ['inclusive', 'exclusive', 'unspecified'] as const;
const ESTIMATE_UNITS = ['business_day', 'day', 'hour', 'month', 'week'] as const;

function estimateBound(r: FieldReader | null): DeliveryEstimateBound | null {
  return r === null ? null : { unit: r.oneOf('unit', ESTIMATE_UNITS), value: r.integer('value') };
}

export function normalizeShippingRate(input: ShippingRateInput): ShippingRate {
  const r = FieldReader.of(input, 'shipping_rate');
  const fixed = r.nested('fixed_amount');
  const estimate = r.nested('delivery_estimate');
  let fixedAmount: ShippingRate['fixed_amount'] = null;
  if (fixed !== null) {
    const currency = fixed.string('currency').toLowerCase();
    const options: NonNullable<ShippingRate['fixed_amount']>['currency_options'] = {};
    for (const [code, value] of fixed.currencyEntries('currency_options')) {
      if (code === currency) continue;
      const option = fixed.child(value, `currency_options.${code}`);
      options[code] = { amount: option.integer('amount'), tax_behavior: option.oneOf('tax_behavior', TAX_BEHAVIORS, 'unspecified') };
    }
    fixedAmount = { amount: fixed.integer('amount'), currency, currency_options: options };
  }
  const minimum = estimate === null ? null : estimateBound(estimate.nested('minimum'));
  const maximum = estimate === null ? null : estimateBound(estimate.nested('maximum'));
  return {
    id: r.string('id'),
    display_name: r.string('display_name'),
    active: r.boolean('active'),
    type: r.oneOf('type', ['fixed_amount'] as const, 'fixed_amount'),
    fixed_amount: fixedAmount,
    // An estimate with neither bound says nothing: the same as none.
    delivery_estimate: minimum === null && maximum === null ? null : { minimum, maximum },
    tax_behavior: r.oneOf('tax_behavior', TAX_BEHAVIORS, 'unspecified'),
    tax_code: r.idOrNull('tax_code'),
    metadata: r.metadata(),
    link: r.link(),
  };
}

export function normalizeFeature(input: FeatureInput): Feature {
  const r = FieldReader.of(input, 'entitlements.feature');
  return {
    id: r.string('id'),
    lookup_key: r.string('lookup_key'),
    name: r.string('name'),
    active: r.boolean('active'),
    metadata: r.metadata(),
  };
}

/**
 * Prices and plans are one Stripe object read through two endpoints. Every id appears once; when both forms
 * exist the price form wins (it carries the price-only fields), and a field the price form leaves empty
 * (`null`) is taken from the plan form (an API version may report `trial_period_days` only on the plan).
 * The result is sorted by id.
 */
export function mergePricesAndPlans(prices: Price[], plans: Price[]): Price[] {
  const byId = new Map<string, Price>();
  for (const plan of plans) byId.set(plan.id, plan);
  for (const price of prices) {
    const plan = byId.get(price.id);
    byId.set(price.id, plan === undefined || plan === price ? price : fillNulls(price, plan));
  }
  return sortById([...byId.values()]);
}

/** `primary` with each `null` (also inside nested plain objects) replaced by `secondary`'s value there. */
function fillNulls<T extends object>(primary: T, secondary: T): T {
  const out: Record<string, unknown> = {};
  const other = secondary as Record<string, unknown>;
  for (const [key, value] of Object.entries(primary)) {
    const fallback = other[key];
    if (value === null) out[key] = fallback ?? null;
    else if (isPlainObject(value) && isPlainObject(fallback) && key !== 'metadata' && key !== 'currency_options') {
      out[key] = fillNulls(value, fallback);
    } else out[key] = value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Raw list results of one account, as the gateway reads them. */
export interface RawCatalog {
  products: readonly ProductInput[];
  prices: readonly PriceInput[];
  plans: readonly PlanInput[];
  coupons: readonly CouponInput[];
  meters?: readonly MeterInput[];
  promotionCodes?: readonly PromotionCodeInput[];
  taxRates?: readonly TaxRateInput[];
  shippingRates?: readonly ShippingRateInput[];
  features?: readonly FeatureInput[];
}

/** A whole account's objects → a `Catalog` (plans merged into prices, lists sorted by id). */
export function normalizeCatalog(raw: RawCatalog): Catalog {
  return {
    products: sortById(raw.products.map(normalizeProduct)),
    prices: mergePricesAndPlans(raw.prices.map(normalizePrice), raw.plans.map(normalizePlan)),
    coupons: sortById(raw.coupons.map(normalizeCoupon)),
    meters: sortById((raw.meters ?? []).map(normalizeMeter)),
    promotionCodes: sortById((raw.promotionCodes ?? []).map(normalizePromotionCode)),
    taxRates: sortById((raw.taxRates ?? []).map(normalizeTaxRate)),
    shippingRates: sortById((raw.shippingRates ?? []).map(normalizeShippingRate)),
    features: sortById((raw.features ?? []).map(normalizeFeature)),
  };
}
