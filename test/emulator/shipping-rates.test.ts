import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { failure } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
const ground = { display_name: 'Ground', fixed_amount: { amount: 500, currency: 'usd' } };
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_shipping');
});
afterAll(() => t.emulator.close());

test('§9 a shipping rate has the fixture keys, an shr_ id and fixed_amount defaults', async () => {
  const rate = await stripe.shippingRates.create({
    ...ground,
    delivery_estimate: { minimum: { unit: 'business_day', value: 2 }, maximum: { unit: 'business_day', value: 5 } },
  });
  expect(keysOf(rate)).toEqual(fixtureKeys('shipping_rate'));
  expect(rate.id).toMatch(/^shr_/);
  expect(rate).toMatchObject({
    object: 'shipping_rate',
    active: true,
    type: 'fixed_amount',
    fixed_amount: { amount: 500, currency: 'usd' },
    delivery_estimate: { minimum: { unit: 'business_day', value: 2 }, maximum: { unit: 'business_day', value: 5 } },
    tax_behavior: 'unspecified',
    tax_code: null,
    metadata: {},
  });
  const bare = await stripe.shippingRates.create(ground);
  expect(bare.delivery_estimate).toBeNull();
});

test('§9 display_name and fixed_amount are required; a delivery estimate value must be positive', async () => {
  const noName = await failure(stripe.shippingRates.create({ fixed_amount: { amount: 1, currency: 'usd' } } as Stripe.ShippingRateCreateParams));
  expect([noName.code, noName.param]).toEqual(['parameter_missing', 'display_name']);
  const noAmount = await failure(stripe.shippingRates.create({ display_name: 'Free' }));
  expect([noAmount.code, noAmount.param]).toEqual(['parameter_missing', 'fixed_amount']);
  const zeroDays = await failure(stripe.shippingRates.create({ ...ground, delivery_estimate: { minimum: { unit: 'day', value: 0 } } }));
  expect(zeroDays.param).toBe('delivery_estimate[minimum][value]');
});

test('§9 display_name, amount, currency, delivery_estimate and tax_code are immutable', async () => {
  const rate = await stripe.shippingRates.create(ground);
  const attempts: [string, Record<string, unknown>][] = [
    ['display_name', { display_name: 'Air' }],
    ['fixed_amount[amount]', { fixed_amount: { amount: 700 } }],
    ['fixed_amount[currency]', { fixed_amount: { currency: 'eur' } }],
    ['delivery_estimate', { delivery_estimate: { minimum: { unit: 'day', value: 1 } } }],
    ['tax_code', { tax_code: 'txcd_92010001' }],
  ];
  for (const [param, body] of attempts) {
    const error = await failure(stripe.shippingRates.update(rate.id, body as Stripe.ShippingRateUpdateParams));
    expect([error.code, error.param]).toEqual(['parameter_unknown', param]);
  }
});

test('§9 update archives, sets tax_behavior and merges fixed_amount currency options per currency', async () => {
  const rate = await stripe.shippingRates.create({ ...ground, fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450 } } } });
  expect(rate.fixed_amount?.currency_options).toEqual({ eur: { amount: 450, tax_behavior: 'unspecified' } });
  const updated = await stripe.shippingRates.update(rate.id, {
    active: false,
    tax_behavior: 'exclusive',
    metadata: { zone: 'eu' },
    fixed_amount: { currency_options: { gbp: { amount: 400 }, eur: { tax_behavior: 'inclusive' } } },
  });
  expect(updated).toMatchObject({ active: false, tax_behavior: 'exclusive', metadata: { zone: 'eu' } });
  expect(updated.fixed_amount?.currency_options).toEqual({
    eur: { amount: 450, tax_behavior: 'inclusive' },
    gbp: { amount: 400, tax_behavior: 'unspecified' },
  });
});

test('§9 the list filters by active and currency', async () => {
  const eur = await stripe.shippingRates.create({ display_name: 'EU', fixed_amount: { amount: 300, currency: 'eur' } });
  const archived = await stripe.shippingRates.create({ display_name: 'EU old', fixed_amount: { amount: 300, currency: 'eur' } });
  await stripe.shippingRates.update(archived.id, { active: false });
  expect((await stripe.shippingRates.list({ currency: 'eur' })).data.map((r) => r.id)).toEqual([archived.id, eur.id]);
  expect((await stripe.shippingRates.list({ currency: 'eur', active: true })).data.map((r) => r.id)).toEqual([eur.id]);
});

test('§9 §1.6 a missing shipping rate is 404 naming the shipping rate', async () => {
  const error = await failure(stripe.shippingRates.retrieve('shr_nope'));
  expect([error.statusCode, error.code, error.param, error.message]).toEqual([404, 'resource_missing', 'shipping_rate', "No such shipping rate: 'shr_nope'"]);
});

test('§9 §13 with the includable switch, currency options appear only when expanded', async () => {
  const other = await startTestEmulator({ switches: { shippingCurrencyOptionsIncludable: true } });
  try {
    const client = other.client('sk_test_includable');
    const rate = await client.shippingRates.create({ ...ground, fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450 } } } });
    expect(rate.fixed_amount).toEqual({ amount: 500, currency: 'usd' });
    const expanded = await client.shippingRates.retrieve(rate.id, { expand: ['fixed_amount.currency_options'] });
    expect(expanded.fixed_amount?.currency_options).toEqual({ eur: { amount: 450, tax_behavior: 'unspecified' } });
  } finally {
    await other.emulator.close();
  }
});

test('§9 §1.5 §13 where currency options are inline (the default answer), expanding them is refused as for any plain field', async () => {
  const rate = await stripe.shippingRates.create({ ...ground, fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450 } } } });
  expect(rate.fixed_amount?.currency_options).toEqual({ eur: { amount: 450, tax_behavior: 'unspecified' } });
  const error = await failure(stripe.shippingRates.list({ limit: 1, expand: ['data.fixed_amount.currency_options'] }));
  expect([error.statusCode, error.message]).toEqual([400, 'This property cannot be expanded (fixed_amount.currency_options).']);
});

test('§9 §13 a rate shows its currency options the way the switch of the running emulator says, whenever it was made', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-shipping-'));
  const statePath = join(dir, 'state.json');
  const first = await startTestEmulator({ statePath });
  let id: string;
  try {
    id = (await first.client('sk_test_statefile').shippingRates.create({ ...ground, fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450 } } } })).id;
  } finally {
    await first.emulator.close();
  }
  const second = await startTestEmulator({ statePath, switches: { shippingCurrencyOptionsIncludable: true } });
  try {
    const client = second.client('sk_test_statefile');
    expect((await client.shippingRates.retrieve(id)).fixed_amount).toEqual({ amount: 500, currency: 'usd' });
    const [listed] = (await client.shippingRates.list({ expand: ['data.fixed_amount.currency_options'] })).data;
    expect(listed!.fixed_amount?.currency_options).toEqual({ eur: { amount: 450, tax_behavior: 'unspecified' } });
  } finally {
    await second.emulator.close();
  }
});

test('§9 seed keeps shipping rate ids in Stripe shape', async () => {
  t.emulator.seed('sk_test_seedship', { shippingRates: [{ id: 'shr_seeded', display_name: 'Seeded', fixed_amount: { amount: 900, currency: 'usd' } }] });
  const rate = await t.client('sk_test_seedship').shippingRates.retrieve('shr_seeded');
  expect(keysOf(rate)).toEqual(fixtureKeys('shipping_rate'));
  expect(rate).toMatchObject({ display_name: 'Seeded', fixed_amount: { amount: 900, currency: 'usd' }, type: 'fixed_amount', active: true });
});
