import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_prices');
  await stripe.products.create({ id: 'base', name: 'Base' });
});
afterAll(() => t.emulator.close());

test('§3 price create rejects id as an unknown parameter', async () => {
  const error = await failure(stripe.prices.create({ id: 'price_mine', product: 'base', currency: 'usd', unit_amount: 1 } as Stripe.PriceCreateParams));
  expect(error.code).toBe('parameter_unknown');
  expect(error.param).toBe('id');
  expect(error.message).toBe('Received unknown parameter: id');
});

test('§3 price create without product or product_data is refused with Stripe\'s message', async () => {
  const error = await failure(stripe.prices.create({ currency: 'usd', unit_amount: 1 }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('You must specify either `product` or `product_data` when creating a price.');
});

test('§3 product and product_data together are parameters_exclusive on param product', async () => {
  const error = await failure(stripe.prices.create({ currency: 'usd', unit_amount: 1, product: 'base', product_data: { name: 'X' } }));
  expect(error.code).toBe('parameters_exclusive');
  expect(error.param).toBe('product');
  expect(error.message).toBe('You may only specify one of these parameters: product, product_data.');
});

test('§3 an unknown product is 400 resource_missing with param product', async () => {
  const error = await failure(stripe.prices.create({ currency: 'usd', unit_amount: 1, product: 'prod_nope' }));
  expect(error.statusCode).toBe(400);
  expect(error.code).toBe('resource_missing');
  expect(error.param).toBe('product');
  expect(error.message).toBe("No such product: 'prod_nope'");
});

test('§3 product_data with id creates a product with that custom id', async () => {
  const price = await stripe.prices.create({ currency: 'usd', unit_amount: 5, product_data: { id: 'inline_prod', name: 'Inline' } });
  expect(price.product).toBe('inline_prod');
  expect((await stripe.products.retrieve('inline_prod')).name).toBe('Inline');
});

test('§3 a per-unit price needs unit_amount or unit_amount_decimal', async () => {
  const error = await failure(stripe.prices.create({ currency: 'usd', product: 'base' }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.');
});

test('§3 unit_amount and unit_amount_decimal are mutually exclusive', async () => {
  const error = await failure(stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1, unit_amount_decimal: Stripe.Decimal.from('1') }));
  expect(error.code).toBe('parameters_exclusive');
});

test('§3 defaults: one_time, per_unit, unspecified tax, decimal as the same value in a string', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1000 });
  expect(price).toMatchObject({
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    custom_unit_amount: null,
    lookup_key: null,
    metadata: {},
    nickname: null,
    recurring: null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time',
    unit_amount: 1000,
  });
  expect(String(price.unit_amount_decimal)).toBe('1000');
  expect(price.id).toMatch(/^price_/);
});

test('§3 a fractional unit_amount_decimal leaves unit_amount null', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount_decimal: Stripe.Decimal.from('123.45') });
  expect(price.unit_amount).toBeNull();
  expect(String(price.unit_amount_decimal)).toBe('123.45');
});

test('§3 recurring fills interval_count 1, licensed usage, null meter and trial', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1, recurring: { interval: 'year' } });
  expect(price.type).toBe('recurring');
  expect(price.recurring).toEqual({ interval: 'year', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' });
});

test('§3 a tiered one-time price is refused with param interval', async () => {
  const error = await failure(
    stripe.prices.create({ currency: 'usd', product: 'base', billing_scheme: 'tiered', tiers_mode: 'volume', tiers: [{ up_to: 'inf', unit_amount: 1 }] }),
  );
  expect(error.param).toBe('interval');
  expect(error.message).toBe('Prices with `type=one_time` are not supported with tiered billing.');
});

test('§3 §1.5 tiers are left out unless expanded; the open tier answers up_to null', async () => {
  const created = await stripe.prices.create({
    currency: 'usd',
    product: 'base',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    recurring: { interval: 'month' },
    tiers: [
      { up_to: 10, unit_amount: 500 },
      { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from('250.5'), flat_amount: 100 },
    ],
  });
  expect(created).not.toHaveProperty('tiers');
  expect(created.unit_amount).toBeNull();
  expect(created.unit_amount_decimal).toBeNull();
  const expanded = await stripe.prices.retrieve(created.id, { expand: ['tiers'] });
  expect(expanded.tiers?.map((tier) => [tier.up_to, tier.unit_amount, String(tier.unit_amount_decimal), tier.flat_amount])).toEqual([
    [10, 500, '500', null],
    [null, null, '250.5', 100],
  ]);
});

test('§3 update refuses immutable fields as parameter_unknown', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1 });
  for (const field of ['unit_amount', 'currency', 'product', 'recurring']) {
    const value = field === 'unit_amount' ? 2 : field === 'recurring' ? { interval: 'month' } : 'x';
    const error = await failure(stripe.prices.update(price.id, { [field]: value } as Stripe.PriceUpdateParams));
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe(field);
  }
});

test('§3 lookup_key is unique across active and inactive prices', async () => {
  const holder = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1, lookup_key: 'unique_key' });
  await stripe.prices.update(holder.id, { active: false });
  const error = await failure(stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 2, lookup_key: 'unique_key' }));
  expect(error.statusCode).toBe(400);
  expect(error.param).toBe('lookup_key');
  expect(error.message).toBe(`A price (\`${holder.id}\`) already uses that lookup key.`);
});

test('§3 transfer_lookup_key moves the key; the old holder keeps active and loses the key', async () => {
  const old = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1, lookup_key: 'moving' });
  const next = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 2, lookup_key: 'moving', transfer_lookup_key: true });
  expect(next.lookup_key).toBe('moving');
  const before = await stripe.prices.retrieve(old.id);
  expect(before.lookup_key).toBeNull();
  expect(before.active).toBe(true);
  const found = await stripe.prices.list({ lookup_keys: ['moving'] });
  expect(found.data.map((p) => p.id)).toEqual([next.id]);
});

test('§3 re-sending a price\'s own lookup key is not a conflict', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1, lookup_key: 'mine' });
  expect((await stripe.prices.update(price.id, { lookup_key: 'mine', nickname: 'n' })).lookup_key).toBe('mine');
});

test('§3 tax_behavior can be set once from unspecified and not changed after', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1 });
  expect((await stripe.prices.update(price.id, { tax_behavior: 'exclusive' })).tax_behavior).toBe('exclusive');
  const error = await failure(stripe.prices.update(price.id, { tax_behavior: 'inclusive' }));
  expect(error.statusCode).toBe(400);
  expect(error.param).toBe('tax_behavior');
});

test('§3 currency_options are hidden unless expanded and updates merge per currency', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1000, currency_options: { eur: { unit_amount: 900 } } });
  expect(price).not.toHaveProperty('currency_options');
  await stripe.prices.update(price.id, { currency_options: { gbp: { unit_amount: 800 } } });
  const expanded = await stripe.prices.retrieve(price.id, { expand: ['currency_options'] });
  expect(expanded.currency_options?.eur?.unit_amount).toBe(900);
  expect(expanded.currency_options?.gbp?.unit_amount).toBe(800);
  expect(expanded.currency_options?.usd?.unit_amount).toBe(1000);
});

test('§3 a currency option in the price\'s own currency is refused on update', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1000 });
  const error = await failure(stripe.prices.update(price.id, { currency_options: { usd: { unit_amount: 5 } } }));
  expect(error.param).toBe('currency_options[usd]');
  expect(error.message).toBe(
    'You are specifying an update to a currency option that matches the top-level currency for this price. Please remove this currency option and update the top-level params instead.',
  );
});

test('§3 custom_unit_amount is echoed without enabled', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', custom_unit_amount: { enabled: true, minimum: 100, preset: 500 } });
  expect(price.custom_unit_amount).toEqual({ maximum: null, minimum: 100, preset: 500 });
});

test('§3 retrieve of a missing price is 404 with param price', async () => {
  const error = await failure(stripe.prices.retrieve('price_nope'));
  expect(error.statusCode).toBe(404);
  expect(error.param).toBe('price');
  expect(error.message).toBe("No such price: 'price_nope'");
});

test('§3 prices have no DELETE endpoint', async () => {
  const price = await stripe.prices.create({ currency: 'usd', product: 'base', unit_amount: 1 });
  const res = await raw(t.url, 'DELETE', `/v1/prices/${price.id}`, { key: 'sk_test_prices' });
  expect(res.status).toBe(404);
  expect(res.body.error.message).toMatch(/^Unrecognized request URL \(DELETE: \/v1\/prices\//);
  expect((await stripe.prices.retrieve(price.id)).id).toBe(price.id);
});

test('§3 list with an unknown product is 400 resource_missing', async () => {
  const error = await failure(stripe.prices.list({ product: 'prod_nope' }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe("No such product: 'prod_nope'");
});

test('§3 list filters by type, currency and product; lookup_keys without a match is empty', async () => {
  await stripe.products.create({ id: 'filtered', name: 'Filtered' });
  const once = await stripe.prices.create({ currency: 'eur', product: 'filtered', unit_amount: 1 });
  const monthly = await stripe.prices.create({ currency: 'usd', product: 'filtered', unit_amount: 1, recurring: { interval: 'month' } });
  expect((await stripe.prices.list({ product: 'filtered', type: 'one_time' })).data.map((p) => p.id)).toEqual([once.id]);
  expect((await stripe.prices.list({ product: 'filtered', type: 'recurring' })).data.map((p) => p.id)).toEqual([monthly.id]);
  expect((await stripe.prices.list({ product: 'filtered', currency: 'eur' })).data.map((p) => p.id)).toEqual([once.id]);
  expect((await stripe.prices.list({ product: 'filtered', recurring: { interval: 'month' } })).data.map((p) => p.id)).toEqual([monthly.id]);
  expect((await stripe.prices.list({ lookup_keys: ['nothing_here'] })).data).toEqual([]);
});

test('§1.6 a bad currency names Stripe\'s supported list', async () => {
  const error = await failure(stripe.prices.create({ currency: 'xyz', product: 'base', unit_amount: 1 }));
  expect(error.param).toBe('currency');
  expect(error.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed, afn/);
});
