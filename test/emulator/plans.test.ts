import Stripe from 'stripe';
import { failure } from './http.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_plans');
  await stripe.products.create({ id: 'svc', name: 'Service' });
});
afterAll(() => t.emulator.close());

test('§4 a plan with a custom id answers in plan shape with a decimal string', async () => {
  const plan = await stripe.plans.create({ id: 'gold_monthly', currency: 'usd', interval: 'month', amount: 2000, product: 'svc', nickname: 'Gold' });
  expect(plan).toMatchObject({
    id: 'gold_monthly',
    object: 'plan',
    active: true,
    amount: 2000,
    billing_scheme: 'per_unit',
    currency: 'usd',
    interval: 'month',
    interval_count: 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: 'Gold',
    product: 'svc',
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  });
  expect(String(plan.amount_decimal)).toBe('2000');
});

test('§4 currency and interval are required', async () => {
  const noCurrency = await failure(stripe.plans.create({ interval: 'month', amount: 1, product: 'svc' } as Stripe.PlanCreateParams));
  expect([noCurrency.code, noCurrency.param]).toEqual(['parameter_missing', 'currency']);
  const noInterval = await failure(stripe.plans.create({ currency: 'usd', amount: 1, product: 'svc' } as Stripe.PlanCreateParams));
  expect([noInterval.code, noInterval.param]).toEqual(['parameter_missing', 'interval']);
});

test('§4 amount and amount_decimal are mutually exclusive', async () => {
  const error = await failure(stripe.plans.create({ currency: 'usd', interval: 'month', amount: 1, amount_decimal: Stripe.Decimal.from('1'), product: 'svc' }));
  expect(error.code).toBe('parameters_exclusive');
  expect(error.message).toBe('You may only specify one of these parameters: amount, amount_decimal.');
});

test('§4 a duplicate plan id is refused with resource_already_exists', async () => {
  await stripe.plans.create({ id: 'twice', currency: 'usd', interval: 'month', amount: 1, product: 'svc' });
  const error = await failure(stripe.plans.create({ id: 'twice', currency: 'usd', interval: 'month', amount: 1, product: 'svc' }));
  expect(error.code).toBe('resource_already_exists');
  expect(error.message).toBe('Plan already exists.');
});

test('§4 an inline product hash creates a product; an existing id there is refused', async () => {
  const plan = await stripe.plans.create({ currency: 'usd', interval: 'week', amount: 1, product: { id: 'inline_plan_prod', name: 'Inline' } });
  expect(plan.product).toBe('inline_plan_prod');
  const error = await failure(stripe.plans.create({ currency: 'usd', interval: 'week', amount: 1, product: { id: 'inline_plan_prod', name: 'Again' } }));
  expect(error.code).toBe('resource_already_exists');
  expect(error.message).toBe('Product already exists.');
});

test('§4 amount and interval are immutable; nickname and trial_period_days update', async () => {
  await stripe.plans.create({ id: 'fixed', currency: 'usd', interval: 'month', amount: 100, product: 'svc' });
  for (const field of ['amount', 'interval', 'currency']) {
    const error = await failure(stripe.plans.update('fixed', { [field]: field === 'amount' ? 5 : 'year' } as Stripe.PlanUpdateParams));
    expect(error.code).toBe('parameter_unknown');
  }
  const updated = await stripe.plans.update('fixed', { nickname: 'Fixed', trial_period_days: 14, metadata: { k: 'v' } });
  expect(updated).toMatchObject({ nickname: 'Fixed', trial_period_days: 14, metadata: { k: 'v' }, amount: 100 });
});

test('§4 §5 deleting a plan answers a stub and removes it from plans and prices', async () => {
  await stripe.plans.create({ id: 'short_lived', currency: 'usd', interval: 'month', amount: 1, product: 'svc' });
  expect(await stripe.plans.del('short_lived')).toEqual({ id: 'short_lived', object: 'plan', deleted: true });
  expect((await failure(stripe.plans.retrieve('short_lived'))).statusCode).toBe(404);
  expect((await failure(stripe.prices.retrieve('short_lived'))).statusCode).toBe(404);
});

test('§4 a deleted plan id can be used again', async () => {
  await stripe.plans.create({ id: 'reborn', currency: 'usd', interval: 'month', amount: 1, product: 'svc' });
  await stripe.plans.del('reborn');
  expect((await stripe.plans.create({ id: 'reborn', currency: 'usd', interval: 'month', amount: 2, product: 'svc' })).amount).toBe(2);
});

test('§5 a plan id is retrievable and updatable as a price with price-only fields', async () => {
  await stripe.plans.create({ id: 'as_price', currency: 'usd', interval: 'month', amount: 700, product: 'svc' });
  const price = await stripe.prices.retrieve('as_price');
  expect(price).toMatchObject({ id: 'as_price', object: 'price', type: 'recurring', unit_amount: 700 });
  const updated = await stripe.prices.update('as_price', {
    lookup_key: 'as_price_key',
    tax_behavior: 'exclusive',
    currency_options: { eur: { unit_amount: 650 } },
    nickname: 'via prices',
  });
  expect(updated).toMatchObject({ lookup_key: 'as_price_key', tax_behavior: 'exclusive', nickname: 'via prices' });
  expect((await stripe.prices.list({ lookup_keys: ['as_price_key'] })).data.map((p) => p.id)).toEqual(['as_price']);
});

test('§5 a recurring price shows in /v1/plans in plan shape; a one-time price does not', async () => {
  await stripe.products.create({ id: 'svc_two', name: 'Two' });
  const recurring = await stripe.prices.create({ product: 'svc_two', currency: 'usd', unit_amount: 300, recurring: { interval: 'year', interval_count: 2 } });
  const oneTime = await stripe.prices.create({ product: 'svc_two', currency: 'usd', unit_amount: 300 });
  const plans = await stripe.plans.list({ product: 'svc_two' });
  expect(plans.data.map((p) => p.id)).toEqual([recurring.id]);
  expect(plans.data[0]).toMatchObject({ object: 'plan', amount: 300, interval: 'year', interval_count: 2 });
  const error = await failure(stripe.plans.retrieve(oneTime.id));
  expect(error.statusCode).toBe(404);
  expect(error.message).toBe(`No such plan: '${oneTime.id}'`);
});

test('§5 plan-created objects are listed by /v1/prices?type=recurring', async () => {
  await stripe.products.create({ id: 'svc_three', name: 'Three' });
  await stripe.plans.create({ id: 'listed_plan', currency: 'usd', interval: 'month', amount: 1, product: 'svc_three' });
  expect((await stripe.prices.list({ product: 'svc_three', type: 'recurring' })).data.map((p) => p.id)).toEqual(['listed_plan']);
});

test('§5 §13 by default a recurring price with price-only fields is missing from /v1/plans (mozilla/fxa#9381)', async () => {
  await stripe.products.create({ id: 'svc_four', name: 'Four' });
  const keyed = await stripe.prices.create({ product: 'svc_four', currency: 'usd', unit_amount: 1, recurring: { interval: 'month' }, lookup_key: 'four_key' });
  const plain = await stripe.prices.create({ product: 'svc_four', currency: 'usd', unit_amount: 1, recurring: { interval: 'month' } });
  expect((await stripe.plans.list({ product: 'svc_four' })).data.map((p) => p.id)).toEqual([plain.id]);
  expect((await stripe.plans.retrieve(keyed.id)).id).toBe(keyed.id);
});

test('§5 §13 with plansListHidesPriceOnlyFields off, such prices are listed as plans', async () => {
  const other = await startTestEmulator({ switches: { plansListHidesPriceOnlyFields: false } });
  try {
    const client = other.client('sk_test_switch');
    await client.products.create({ id: 'p', name: 'P' });
    const keyed = await client.prices.create({ product: 'p', currency: 'usd', unit_amount: 1, recurring: { interval: 'month' }, lookup_key: 'k' });
    expect((await client.plans.list()).data.map((p) => p.id)).toEqual([keyed.id]);
  } finally {
    await other.emulator.close();
  }
});

test('§5 §13 with plansListedAsPrices off, a plan-created price given price-only fields stays in /v1/plans (every object is in some list)', async () => {
  const other = await startTestEmulator({ switches: { plansListedAsPrices: false } });
  try {
    const client = other.client('sk_test_switch');
    await client.products.create({ id: 'p', name: 'P' });
    await client.plans.create({ id: 'kept', currency: 'usd', interval: 'month', amount: 1, product: 'p' });
    await client.prices.update('kept', { lookup_key: 'kept_key' });
    const viaPrices = await client.prices.create({ product: 'p', currency: 'usd', unit_amount: 1, recurring: { interval: 'month' }, lookup_key: 'k' });
    expect((await client.prices.list()).data.map((p) => p.id)).toEqual([viaPrices.id]);
    // The Prices-API one with a lookup key is hidden from the plans list as by default; the plan-created one is not.
    expect((await client.plans.list()).data.map((p) => p.id)).toEqual(['kept']);
  } finally {
    await other.emulator.close();
  }
});

test('§5 §13 with planDeleteEffect archive, deleting a plan leaves an archived price', async () => {
  const other = await startTestEmulator({ switches: { planDeleteEffect: 'archive' } });
  try {
    const client = other.client('sk_test_switch');
    await client.products.create({ id: 'p', name: 'P' });
    await client.plans.create({ id: 'kept', currency: 'usd', interval: 'month', amount: 1, product: 'p' });
    await client.plans.del('kept');
    expect((await client.prices.retrieve('kept')).active).toBe(false);
    expect((await failure(client.plans.retrieve('kept'))).statusCode).toBe(404);
  } finally {
    await other.emulator.close();
  }
});

test('§12.2 §13 a plan id may start with price_ by default, and is refused when the switch says so', async () => {
  const plan = await stripe.plans.create({ id: 'price_copied123', currency: 'usd', interval: 'month', amount: 1, product: 'svc' });
  expect(plan.id).toBe('price_copied123');
  const other = await startTestEmulator({ switches: { planIdMayStartWithPrice: false } });
  try {
    const client = other.client('sk_test_switch');
    await client.products.create({ id: 'p', name: 'P' });
    const error = await failure(client.plans.create({ id: 'price_copied123', currency: 'usd', interval: 'month', amount: 1, product: 'p' }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('id');
  } finally {
    await other.emulator.close();
  }
});

test('§4 a tiered plan keeps its tiers, shown only when expanded', async () => {
  const plan = await stripe.plans.create({
    id: 'tiered_plan',
    currency: 'usd',
    interval: 'month',
    product: 'svc',
    billing_scheme: 'tiered',
    tiers_mode: 'volume',
    tiers: [{ up_to: 5, unit_amount: 100 }, { up_to: 'inf', unit_amount: 80 }],
  });
  expect(plan).not.toHaveProperty('tiers');
  const expanded = await stripe.plans.retrieve('tiered_plan', { expand: ['tiers'] });
  expect(expanded.tiers?.map((tier) => tier.up_to)).toEqual([5, null]);
});
