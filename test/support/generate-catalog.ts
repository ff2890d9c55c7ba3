/**
 * A seeded generator of realistic sandbox catalogs (catalog-model objects, ready for `emulator.seed`): tiered
 * graduated and volume prices, decimal amounts, transform_quantity, currency_options, lookup keys, tax behaviour,
 * archived prices, recurring and one-time default prices, coupons of every shape and legacy plans with custom ids.
 * The same seed gives the same catalog.
 */
import type { Catalog, Coupon, Price, Product, Tier } from '../../src/catalog/types.js';
import { prng } from '../../src/util/prng.js';

export { prng };


const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function baseProduct(id: string, name: string): Product {
  return {
    id, name, active: true, description: null, metadata: {}, images: [], marketing_features: [], url: null,
    statement_descriptor: null, unit_label: null, tax_code: null, shippable: null, package_dimensions: null, default_price: null, link: null,
  };
}

export function basePrice(id: string, product: string): Price {
  return {
    id, product, active: true, currency: 'usd', unit_amount: 1000, unit_amount_decimal: null, billing_scheme: 'per_unit',
    tiers_mode: null, tiers: null, transform_quantity: null, recurring: null, custom_unit_amount: null, currency_options: {},
    lookup_key: null, tax_behavior: 'unspecified', nickname: null, metadata: {}, link: null,
  };
}

export function baseCoupon(id: string): Coupon {
  return {
    id, name: null, percent_off: 10, amount_off: null, currency: null, duration: 'once', duration_in_months: null,
    max_redemptions: null, redeem_by: null, applies_to: null, currency_options: {}, metadata: {},
  };
}

const tier = (up_to: number | 'inf', unit_amount: number, flat_amount: number | null = null): Tier => ({
  up_to, unit_amount, unit_amount_decimal: null, flat_amount, flat_amount_decimal: null,
});

export interface GenerateOptions {
  seed: number;
  /** Number of products; prices, coupons and plans scale with it. */
  products: number;
}

/** About 4.5 objects per product: 1 product, ~3 prices, ~0.5 coupon or plan. */
export function generateCatalog({ seed, products: productCount }: GenerateOptions): Catalog {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const randomId = (prefix: string) => prefix + Array.from({ length: 14 }, () => pick(ALNUM.split(''))).join('');
  const catalog: Catalog = { products: [], prices: [], coupons: [] };
  let lookupSeq = 0;

  for (let i = 0; i < productCount; i++) {
    const product = baseProduct(i % 7 === 0 ? `prod_custom_${i}` : randomId('prod_'), `Product ${i}`);
    if (chance(0.3)) product.description = `Plan number ${i}\nwith two lines`;
    if (chance(0.3)) product.metadata = { tier: pick(['free', 'pro', 'team']), seq: String(i) };
    if (chance(0.1)) product.active = false;
    if (chance(0.2)) product.marketing_features = [{ name: 'Unlimited seats' }, { name: 'SSO' }];
    if (chance(0.1)) product.unit_label = 'seat';
    catalog.products.push(product);

    const prices: Price[] = [];
    const monthly = basePrice(randomId('price_'), product.id);
    monthly.recurring = { interval: 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null };
    monthly.unit_amount = 500 + Math.floor(random() * 50) * 100;
    if (chance(0.3)) monthly.lookup_key = `lk_${seed}_${lookupSeq++}`;
    if (chance(0.3)) monthly.tax_behavior = pick(['inclusive', 'exclusive'] as const);
    if (chance(0.2)) monthly.currency_options = { eur: { unit_amount: monthly.unit_amount! - 100, unit_amount_decimal: null, tax_behavior: null, custom_unit_amount: null, tiers: null } };
    if (chance(0.15)) monthly.recurring.trial_period_days = 14;
    prices.push(monthly);

    const kind = Math.floor(random() * 6);
    const extra = basePrice(randomId('price_'), product.id);
    if (kind === 0) {
      extra.recurring = { interval: 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null };
      extra.billing_scheme = 'tiered';
      extra.tiers_mode = pick(['graduated', 'volume'] as const);
      extra.unit_amount = null;
      extra.tiers = [tier(10, 100, 0), tier(100, 80), tier('inf', 50)];
    } else if (kind === 1) {
      extra.unit_amount = null;
      extra.unit_amount_decimal = pick(['0.5', '12.345', '99.99']);
    } else if (kind === 2) {
      extra.transform_quantity = { divide_by: 10, round: pick(['up', 'down'] as const) };
      extra.unit_amount = 2500;
    } else if (kind === 3) {
      extra.recurring = { interval: 'year', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null };
      extra.unit_amount = (monthly.unit_amount ?? 1000) * 10;
      if (chance(0.5)) extra.lookup_key = `lk_${seed}_${lookupSeq++}`;
    } else {
      extra.unit_amount = 1000 + Math.floor(random() * 90) * 100;
      extra.nickname = `Add-on ${i}`;
    }
    prices.push(extra);
    if (chance(0.3)) {
      const archived = basePrice(randomId('price_'), product.id);
      archived.active = false;
      archived.unit_amount = 4200;
      if (chance(0.5)) archived.recurring = { interval: 'week', interval_count: 2, usage_type: 'licensed', trial_period_days: null, meter: null };
      prices.push(archived);
    }
    if (product.active && chance(0.6)) product.default_price = pick(prices.filter((p) => p.active)).id;
    catalog.prices.push(...prices);

    if (chance(0.15)) {
      const plan = basePrice(`${pick(['gold', 'silver', 'bronze', 'legacy'])}-${i}-${pick(['monthly', 'yearly'])}`, product.id);
      plan.recurring = { interval: plan.id.endsWith('yearly') ? 'year' : 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null };
      plan.nickname = `Legacy plan ${i}`;
      catalog.prices.push(plan);
    }
    if (chance(0.25)) {
      const coupon = baseCoupon(`COUPON_${i}_${randomId('').slice(0, 6).toUpperCase()}`);
      const shape = Math.floor(random() * 3);
      if (shape === 0) coupon.percent_off = pick([10, 25, 50, 12.5]);
      if (shape === 1) {
        coupon.percent_off = null;
        coupon.amount_off = 500;
        coupon.currency = 'usd';
        coupon.currency_options = { eur: { amount_off: 450 } };
      }
      if (shape === 2) {
        coupon.duration = 'repeating';
        coupon.duration_in_months = 3;
      }
      if (chance(0.4)) coupon.applies_to = { products: [product.id] };
      if (chance(0.3)) coupon.name = `Coupon ${i}`;
      catalog.coupons.push(coupon);
    }
  }
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  catalog.products.sort(byId);
  catalog.prices.sort(byId);
  catalog.coupons.sort(byId);
  return catalog;
}

export function countObjects(catalog: Catalog): number {
  return catalog.products.length + catalog.prices.length + catalog.coupons.length;
}
