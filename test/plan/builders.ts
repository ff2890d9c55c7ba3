/**
 * Small catalog builders for planner tests: every field starts at its unset value per `catalog/types.ts`, so a
 * test states only what matters to it.
 */
import type { Catalog, Coupon, Meter, Price, Product, PromotionCode, Recurring } from '../../src/catalog/types.js';
import type { PlanOptions } from '../../src/plan/compute.js';

export function product(fields: Partial<Product> & { id: string }): Product {
  return {
    name: fields.id, active: true, description: null, metadata: {}, images: [], marketing_features: [], url: null,
    statement_descriptor: null, unit_label: null, tax_code: null, shippable: null, package_dimensions: null,
    default_price: null, link: null, ...fields,
  };
}

/** A one-time price of 10.00 USD unless told otherwise. */
export function price(fields: Partial<Price> & { id: string; product: string }): Price {
  return {
    active: true, currency: 'usd', unit_amount: 1000, unit_amount_decimal: null, billing_scheme: 'per_unit',
    tiers_mode: null, tiers: null, transform_quantity: null, recurring: null, custom_unit_amount: null,
    currency_options: {}, lookup_key: null, tax_behavior: 'unspecified', nickname: null, metadata: {}, link: null,
    ...fields,
  };
}

export function monthly(overrides: Partial<Recurring> = {}): Recurring {
  return { interval: 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null, ...overrides };
}

export function coupon(fields: Partial<Coupon> & { id: string }): Coupon {
  return {
    name: null, percent_off: 10, amount_off: null, currency: null, duration: 'once', duration_in_months: null,
    max_redemptions: null, redeem_by: null, applies_to: null, currency_options: {}, metadata: {}, ...fields,
  };
}

/** An active sum meter counting `event_name`, with Stripe's default mappings. */
export function meter(fields: Partial<Meter> & { id: string; event_name: string }): Meter {
  return {
    display_name: fields.event_name, active: true, default_aggregation: { formula: 'sum' },
    customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' }, value_settings: { event_payload_key: 'value' },
    event_time_window: null, ...fields,
  };
}

/** An active, unrestricted code for `coupon`. */
export function promotionCode(fields: Partial<PromotionCode> & { id: string; code: string; coupon: string }): PromotionCode {
  return {
    active: true, max_redemptions: null, expires_at: null,
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null, currency_options: {} },
    metadata: {}, ...fields,
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A catalog from any objects, sorted by id as the model requires. */
export function catalog(...objects: (Product | Price | Coupon)[]): Catalog {
  const out: Catalog = { products: [], prices: [], coupons: [] };
  for (const o of objects) {
    if ('product' in o && 'currency' in o && 'billing_scheme' in o) out.prices.push(o);
    else if ('duration' in o) out.coupons.push(o);
    else out.products.push(o as Product);
  }
  out.products.sort(byId);
  out.prices.sort(byId);
  out.coupons.sort(byId);
  return out;
}

export const options: PlanOptions = {
  source: { kind: 'account', account: 'acct_acme', mode: 'test' },
  target: { kind: 'account', account: 'acct_acme', mode: 'live' },
  tool: { name: 'stripe-catalog-migrate', version: '0.1.0' },
  stripeApiVersion: '2026-10-28.endive',
};
