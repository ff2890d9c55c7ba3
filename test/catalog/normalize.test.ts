import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import {
  mergePricesAndPlans,
  normalizeCatalog,
  normalizeCoupon,
  normalizePlan,
  normalizePrice,
  normalizeProduct,
} from '../../src/catalog/normalize.js';
import { plainDecimal } from '../../src/catalog/normalize-amount.js';
import { LINK_METADATA_KEY, type Price } from '../../src/catalog/types.js';
import { MigrateError } from '../../src/util/errors.js';

/** Stripe's own example objects (from fixtures3.json). */
const examples = JSON.parse(readFileSync(new URL('./normalize-stripe-examples.json', import.meta.url), 'utf8')) as Record<
  'product' | 'price' | 'plan' | 'coupon',
  Record<string, unknown>
>;

const PRODUCT_KEYS = ['id', 'name', 'active', 'description', 'metadata', 'images', 'marketing_features', 'url', 'statement_descriptor', 'unit_label', 'tax_code', 'shippable', 'package_dimensions', 'default_price', 'link'];
const PRICE_KEYS = ['id', 'product', 'active', 'currency', 'unit_amount', 'unit_amount_decimal', 'billing_scheme', 'tiers_mode', 'tiers', 'transform_quantity', 'recurring', 'custom_unit_amount', 'currency_options', 'lookup_key', 'tax_behavior', 'nickname', 'metadata', 'link'];
const COUPON_KEYS = ['id', 'name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'max_redemptions', 'redeem_by', 'applies_to', 'currency_options', 'metadata'];

function price(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...examples.price, ...overrides };
}

describe("Stripe's example objects", () => {
  test('product: managed fields kept, server fields gone, keys in model order', () => {
    const product = normalizeProduct(examples.product);
    expect(product).toEqual({
      id: 'prod_QXg1hqf4jFNsqG',
      name: 'T-shirt',
      active: true,
      description: 'Comfortable gray cotton t-shirt',
      metadata: {},
      images: [],
      marketing_features: [],
      url: null,
      statement_descriptor: null,
      unit_label: null,
      tax_code: null,
      shippable: null,
      package_dimensions: { height: 1221029593, length: 1106363674, weight: 791592328, width: 113126854 },
      default_price: 'price_1PgafmB7WZ01zgkW02Hf9z6c',
      link: null,
    });
    expect(Object.keys(product)).toEqual(PRODUCT_KEYS);
  });

  test('price: one amount form, derived type dropped, recurring kept', () => {
    const p = normalizePrice(examples.price);
    expect(p).toEqual({
      id: 'price_1PgafmB7WZ01zgkW6dKueIc5',
      product: 'prod_QXg1hqf4jFNsqG',
      active: true,
      currency: 'usd',
      unit_amount: 2000,
      unit_amount_decimal: null,
      billing_scheme: 'per_unit',
      tiers_mode: null,
      tiers: null,
      transform_quantity: { divide_by: 1592560163, round: 'down' },
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', trial_period_days: null, meter: null },
      custom_unit_amount: null,
      currency_options: {},
      lookup_key: null,
      tax_behavior: 'unspecified',
      nickname: null,
      metadata: {},
      link: null,
    });
    expect(Object.keys(p)).toEqual(PRICE_KEYS);
    expect(Object.keys(p.recurring!)).toEqual(['interval', 'interval_count', 'usage_type', 'trial_period_days', 'meter']);
  });

  test('plan: the same object as the example price, read through the Plans API', () => {
    const plan = normalizePlan(examples.plan);
    expect(plan).toEqual(normalizePrice(examples.price));
    expect(Object.keys(plan)).toEqual(PRICE_KEYS);
  });

  test('coupon: server fields gone, keys in model order', () => {
    const coupon = normalizeCoupon(examples.coupon);
    expect(coupon).toEqual({
      id: 'Z4OV52SU',
      name: '25.5% off',
      percent_off: 25.5,
      amount_off: null,
      currency: 'usd',
      duration: 'forever',
      duration_in_months: 3,
      max_redemptions: null,
      redeem_by: 1234567890,
      applies_to: null,
      currency_options: {},
      metadata: {},
    });
    expect(Object.keys(coupon)).toEqual(COUPON_KEYS);
  });
});

describe('amounts', () => {
  test.each([
    ['whole decimal string becomes the integer', { unit_amount: 1000, unit_amount_decimal: '1000' }, 1000, null],
    ['decimal alone, whole', { unit_amount: null, unit_amount_decimal: '1000.00' }, 1000, null],
    ['fractional keeps the string without trailing zeros', { unit_amount: null, unit_amount_decimal: '123.450' }, null, '123.45'],
    ['leading zeros go', { unit_amount: null, unit_amount_decimal: '0012.5' }, null, '12.5'],
    ['tiny fractions stay exact', { unit_amount: null, unit_amount_decimal: '0.000000000001' }, null, '0.000000000001'],
    ['integer alone', { unit_amount: 1500, unit_amount_decimal: undefined }, 1500, null],
    ['zero is an amount', { unit_amount: 0, unit_amount_decimal: '0' }, 0, null],
    ['Stripe.Decimal whole', { unit_amount: 1000, unit_amount_decimal: Stripe.Decimal.from('1000') }, 1000, null],
    ['Stripe.Decimal fractional', { unit_amount: null, unit_amount_decimal: Stripe.Decimal.from('123.450') }, null, '123.45'],
    ['no amount at all', { unit_amount: null, unit_amount_decimal: null, billing_scheme: 'tiered' }, null, null],
  ])('%s', (_name, fields, unitAmount, decimal) => {
    const p = normalizePrice(price(fields));
    expect(p.unit_amount).toBe(unitAmount);
    expect(p.unit_amount_decimal).toBe(decimal);
  });

  test('a malformed decimal is a typed error naming the object', () => {
    expect(() => normalizePrice(price({ unit_amount: null, unit_amount_decimal: '12,5' }))).toThrow(MigrateError);
    expect(() => normalizePrice(price({ unit_amount: null, unit_amount_decimal: '12,5' }))).toThrow(/price_1PgafmB7WZ01zgkW6dKueIc5/);
  });

  test('a plan amount_decimal is canonicalised like a price one', () => {
    const plan = normalizePlan({ ...examples.plan, amount: null, amount_decimal: Stripe.Decimal.from('99.990') });
    expect([plan.unit_amount, plan.unit_amount_decimal]).toEqual([null, '99.99']);
  });
});

describe('tiers', () => {
  const tiered = price({
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    unit_amount: null,
    unit_amount_decimal: null,
    custom_unit_amount: null,
    transform_quantity: null,
    tiers: [
      { up_to: 10, unit_amount: 500, unit_amount_decimal: '500', flat_amount: null, flat_amount_decimal: null },
      { up_to: 100, unit_amount: null, unit_amount_decimal: Stripe.Decimal.from('412.50'), flat_amount: 1000, flat_amount_decimal: '1000' },
      { up_to: null, unit_amount: null, unit_amount_decimal: '300.0', flat_amount: null, flat_amount_decimal: '0.50' },
    ],
  });

  test('up_to null becomes inf and every tier amount is canonical', () => {
    expect(normalizePrice(tiered).tiers).toEqual([
      { up_to: 10, unit_amount: 500, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: null },
      { up_to: 100, unit_amount: null, unit_amount_decimal: '412.5', flat_amount: 1000, flat_amount_decimal: null },
      { up_to: 'inf', unit_amount: 300, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: '0.5' },
    ]);
  });

  test('a plan with tiers reads the same tiers', () => {
    const plan = normalizePlan({ ...examples.plan, amount: null, amount_decimal: null, billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: tiered.tiers, transform_usage: null });
    expect(plan.tiers).toEqual(normalizePrice(tiered).tiers);
    expect(plan.billing_scheme).toBe('tiered');
  });
});

describe('currency options', () => {
  const withOptions = price({
    currency: 'USD',
    custom_unit_amount: null,
    currency_options: {
      usd: { unit_amount: 2000, unit_amount_decimal: '2000', tax_behavior: 'exclusive', custom_unit_amount: null },
      EUR: { unit_amount: null, unit_amount_decimal: Stripe.Decimal.from('1850.50'), tax_behavior: 'exclusive', custom_unit_amount: null },
      gbp: { unit_amount: 1600, unit_amount_decimal: '1600', tax_behavior: null, custom_unit_amount: null, tiers: [{ up_to: null, unit_amount: 1, unit_amount_decimal: '1', flat_amount: null, flat_amount_decimal: null }] },
    },
  });

  test("the price's own currency is not an option; codes are lower-case and sorted", () => {
    const p = normalizePrice(withOptions);
    expect(p.currency).toBe('usd');
    expect(Object.keys(p.currency_options)).toEqual(['eur', 'gbp']);
    expect(p.currency_options.eur).toEqual({ unit_amount: null, unit_amount_decimal: '1850.5', tax_behavior: 'exclusive', custom_unit_amount: null, tiers: null });
    expect(p.currency_options.gbp!.tiers).toEqual([{ up_to: 'inf', unit_amount: 1, unit_amount_decimal: null, flat_amount: null, flat_amount_decimal: null }]);
  });

  test('coupon currency options drop the own currency and lower-case codes', () => {
    const c = normalizeCoupon({ ...examples.coupon, percent_off: null, amount_off: 500, currency: 'USD', currency_options: { usd: { amount_off: 500 }, EUR: { amount_off: 450 } } });
    expect(c.currency).toBe('usd');
    expect(c.currency_options).toEqual({ eur: { amount_off: 450 } });
  });
});

describe('references, metadata and links', () => {
  test('an expanded product on a price becomes its id', () => {
    expect(normalizePrice(price({ product: examples.product })).product).toBe('prod_QXg1hqf4jFNsqG');
    expect(normalizePrice(price({ product: { id: 'prod_gone', object: 'product', deleted: true } })).product).toBe('prod_gone');
  });

  test('an expanded default price on a product becomes its id', () => {
    expect(normalizeProduct({ ...examples.product, default_price: examples.price }).default_price).toBe('price_1PgafmB7WZ01zgkW6dKueIc5');
  });

  test('the reserved link key leaves metadata and becomes link', () => {
    const p = normalizePrice(price({ metadata: { [LINK_METADATA_KEY]: 'price_sandbox_1', tier: 'pro' } }));
    expect(p.metadata).toEqual({ tier: 'pro' });
    expect(p.link).toBe('price_sandbox_1');
    const plan = normalizePlan({ ...examples.plan, metadata: { [LINK_METADATA_KEY]: 'price_sandbox_2' } });
    expect([plan.metadata, plan.link]).toEqual([{}, 'price_sandbox_2']);
  });

  test('null plan and coupon metadata reads as empty', () => {
    expect(normalizePlan({ ...examples.plan, metadata: null }).metadata).toEqual({});
    expect(normalizeCoupon({ ...examples.coupon, metadata: null }).metadata).toEqual({});
  });

  test('applies_to product ids are sorted', () => {
    expect(normalizeCoupon({ ...examples.coupon, applies_to: { products: ['prod_b', 'prod_a'] } }).applies_to).toEqual({ products: ['prod_a', 'prod_b'] });
  });

  test('an enum value outside the model is refused, not passed through', () => {
    expect(() => normalizePrice(price({ recurring: { interval: 'fortnight', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null } }))).toThrow(/recurring\.interval/);
  });
});

describe('plan → price', () => {
  test('plan fields map to price fields and price-only fields take their defaults', () => {
    const plan = normalizePlan({
      ...examples.plan,
      id: 'gold-monthly',
      currency: 'EUR',
      amount: 4900,
      amount_decimal: '4900',
      interval: 'year',
      interval_count: 2,
      trial_period_days: 14,
      transform_usage: { divide_by: 10, round: 'up' },
      product: { id: 'prod_gold', object: 'product' },
      nickname: 'Gold',
    });
    expect(plan).toMatchObject({
      id: 'gold-monthly',
      product: 'prod_gold',
      currency: 'eur',
      unit_amount: 4900,
      unit_amount_decimal: null,
      transform_quantity: { divide_by: 10, round: 'up' },
      recurring: { interval: 'year', interval_count: 2, usage_type: 'licensed', trial_period_days: 14, meter: null },
      lookup_key: null,
      tax_behavior: 'unspecified',
      currency_options: {},
      custom_unit_amount: null,
      nickname: 'Gold',
    });
  });
});

describe('mergePricesAndPlans', () => {
  const asPrice = normalizePrice(price({ id: 'price_a', lookup_key: 'pro_monthly', tax_behavior: 'exclusive', recurring: { ...(examples.price.recurring as object), trial_period_days: null } }));
  const asPlan = normalizePlan({ ...examples.plan, id: 'price_a', trial_period_days: 7 });
  const planOnly = normalizePlan({ ...examples.plan, id: 'gold-monthly' });
  const oneTime = normalizePrice(price({ id: 'price_0', recurring: null, transform_quantity: null }));

  test('every object appears once, sorted by id', () => {
    const merged = mergePricesAndPlans([asPrice, oneTime], [planOnly, asPlan]);
    expect(merged.map((p) => p.id)).toEqual(['gold-monthly', 'price_0', 'price_a']);
  });

  test('the price form wins, and a field only the plan form has is taken from the plan', () => {
    const merged = mergePricesAndPlans([asPrice], [asPlan]).find((p) => p.id === 'price_a') as Price;
    expect(merged.lookup_key).toBe('pro_monthly');
    expect(merged.tax_behavior).toBe('exclusive');
    expect(merged.recurring?.trial_period_days).toBe(7);
    expect(Object.keys(merged)).toEqual(PRICE_KEYS);
  });

  test('normalizeCatalog merges and sorts a whole account', () => {
    const catalog = normalizeCatalog({
      products: [{ ...examples.product, id: 'prod_b' }, { ...examples.product, id: 'prod_a' }],
      prices: [examples.price],
      plans: [examples.plan, { ...examples.plan, id: 'gold-monthly' }],
      coupons: [examples.coupon],
    });
    expect(catalog.products.map((p) => p.id)).toEqual(['prod_a', 'prod_b']);
    expect(catalog.prices.map((p) => p.id)).toEqual(['gold-monthly', 'price_1PgafmB7WZ01zgkW6dKueIc5']);
    expect(catalog.coupons).toHaveLength(1);
  });
});

describe('plainDecimal', () => {
  test.each([
    ['123.450', '123.45'],
    ['0012.5', '12.5'],
    ['1000.000', '1000'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e3', '1000'],
    ['1.5E-3', '0.0015'],
    ['-0.0', '0'],
    ['-1.20', '-1.2'],
    ['0', '0'],
  ])('%s → %s', (input, expected) => {
    expect(plainDecimal(input, 'test')).toBe(expected);
  });

  test.each(['', '.', 'abc', '1.2.3', '1,5'])('%j is refused', (input) => {
    expect(() => plainDecimal(input, 'test')).toThrow(MigrateError);
  });
});
