import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { failure } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_meters');
  await stripe.products.create({ id: 'usage', name: 'Usage' });
});
afterAll(() => t.emulator.close());

const sum = { formula: 'sum' } as const;

test('meters: a meter has the fixture keys, an mtr_ id and Stripe\'s default mappings', async () => {
  const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: sum });
  expect(keysOf(meter)).toEqual(fixtureKeys('billing.meter'));
  expect(meter.id).toMatch(/^mtr_/);
  expect(meter).toMatchObject({
    object: 'billing.meter',
    status: 'active',
    status_transitions: { deactivated_at: null },
    event_time_window: null,
    livemode: false,
    customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
    value_settings: { event_payload_key: 'value' },
  });
  expect(await stripe.billing.meters.retrieve(meter.id)).toEqual(meter);
});

test('meters: event_name and default_aggregation are required; the formula is one of sum, count, last', async () => {
  const noEvent = await failure(stripe.billing.meters.create({ display_name: 'x', default_aggregation: sum } as Stripe.Billing.MeterCreateParams));
  expect([noEvent.code, noEvent.param]).toEqual(['parameter_missing', 'event_name']);
  const noAggregation = await failure(stripe.billing.meters.create({ display_name: 'x', event_name: 'x' } as Stripe.Billing.MeterCreateParams));
  expect([noAggregation.code, noAggregation.param]).toEqual(['parameter_missing', 'default_aggregation']);
  const badFormula = await failure(stripe.billing.meters.create({ display_name: 'x', event_name: 'x', default_aggregation: { formula: 'max' } }));
  expect(badFormula.param).toBe('default_aggregation[formula]');
});

test('meters: event_name is unique among active meters and free again once the holder is deactivated', async () => {
  const first = await stripe.billing.meters.create({ display_name: 'Rows', event_name: 'row_written', default_aggregation: sum });
  const taken = await failure(stripe.billing.meters.create({ display_name: 'Rows 2', event_name: 'row_written', default_aggregation: sum }));
  expect([taken.statusCode, taken.param]).toEqual([400, 'event_name']);
  await stripe.billing.meters.deactivate(first.id);
  const second = await stripe.billing.meters.create({ display_name: 'Rows 2', event_name: 'row_written', default_aggregation: sum });
  expect(second.status).toBe('active');
  const reactivate = await failure(stripe.billing.meters.reactivate(first.id));
  expect(reactivate.param).toBe('event_name');
});

test('meters: update changes display_name only; event_name is an unknown parameter there', async () => {
  const meter = await stripe.billing.meters.create({ display_name: 'Old', event_name: 'renamed', default_aggregation: { formula: 'count' } });
  expect((await stripe.billing.meters.update(meter.id, { display_name: 'New' })).display_name).toBe('New');
  const error = await failure(stripe.billing.meters.update(meter.id, { event_name: 'other' } as Stripe.Billing.MeterUpdateParams));
  expect([error.code, error.param]).toEqual(['parameter_unknown', 'event_name']);
});

test('meters: deactivate and reactivate move status and deactivated_at; list filters by status', async () => {
  const meter = await stripe.billing.meters.create({ display_name: 'Seats', event_name: 'seat', default_aggregation: { formula: 'last' } });
  const off = await stripe.billing.meters.deactivate(meter.id);
  expect(off.status).toBe('inactive');
  expect(off.status_transitions.deactivated_at).toEqual(expect.any(Number));
  const inactive = await stripe.billing.meters.list({ status: 'inactive' }).autoPagingToArray({ limit: 100 });
  expect(inactive.map((m) => m.id)).toContain(meter.id);
  expect(inactive.every((m) => m.status === 'inactive')).toBe(true);
  const on = await stripe.billing.meters.reactivate(meter.id);
  expect(on).toMatchObject({ status: 'active', status_transitions: { deactivated_at: null } });
  const active = await stripe.billing.meters.list({ status: 'active' }).autoPagingToArray({ limit: 100 });
  expect(active.map((m) => m.id)).toContain(meter.id);
});

test('meters: a missing meter is a 404 resource_missing', async () => {
  const error = await failure(stripe.billing.meters.retrieve('mtr_nope'));
  expect([error.statusCode, error.code]).toEqual([404, 'resource_missing']);
  expect(error.message).toContain("'mtr_nope'");
});

test('§1.3 §3 a metered price without a meter is refused with the basil message', async () => {
  const error = await failure(stripe.prices.create({ product: 'usage', currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered' } }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.');
});

test('§3 recurring[meter] must name a meter of this account and mode', async () => {
  const unknown = await failure(
    stripe.prices.create({ product: 'usage', currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: 'mtr_nope' } }),
  );
  expect([unknown.statusCode, unknown.code, unknown.param]).toEqual([400, 'resource_missing', 'recurring[meter]']);
  const live = t.client('sk_live_meters');
  const liveMeter = await live.billing.meters.create({ display_name: 'Live', event_name: 'live_only', default_aggregation: sum });
  const crossMode = await failure(
    stripe.prices.create({ product: 'usage', currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: liveMeter.id } }),
  );
  expect(crossMode.param).toBe('recurring[meter]');
  expect(crossMode.message).toContain('a similar object exists in live mode');
  const other = await failure(
    t.client('sk_test_other').prices.create({ product_data: { name: 'X' }, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: liveMeter.id } }),
  );
  expect(other.code).toBe('resource_missing');
});

test('§3 §4 a price or plan backed by an active meter is created; a deactivated meter is refused', async () => {
  const meter = await stripe.billing.meters.create({ display_name: 'Tokens', event_name: 'token', default_aggregation: sum });
  const price = await stripe.prices.create({ product: 'usage', currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
  expect(price.recurring).toMatchObject({ usage_type: 'metered', meter: meter.id });
  const plan = await stripe.plans.create({ product: 'usage', currency: 'usd', amount: 2, interval: 'month', usage_type: 'metered', meter: meter.id });
  expect(plan.meter).toBe(meter.id);
  const missingPlanMeter = await failure(stripe.plans.create({ product: 'usage', currency: 'usd', amount: 2, interval: 'month', usage_type: 'metered', meter: 'mtr_nope' }));
  expect([missingPlanMeter.code, missingPlanMeter.param]).toEqual(['resource_missing', 'meter']);
  await stripe.billing.meters.deactivate(meter.id);
  const inactive = await failure(stripe.prices.create({ product: 'usage', currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } }));
  expect([inactive.statusCode, inactive.param]).toEqual([400, 'recurring[meter]']);
});

test('meters: seed keeps meter ids so seeded and created prices can name them', async () => {
  t.emulator.seed('sk_test_seedmeter', {
    meters: [{ id: 'mtr_seeded', display_name: 'Seeded', event_name: 'seeded_event', default_aggregation: { formula: 'count' } }],
    products: [{ id: 'prod_metered', name: 'Metered' }],
    prices: [{ id: 'price_metered', product: 'prod_metered', currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: 'mtr_seeded' } }],
  });
  const client = t.client('sk_test_seedmeter');
  const meter = await client.billing.meters.retrieve('mtr_seeded');
  expect(keysOf(meter)).toEqual(fixtureKeys('billing.meter'));
  expect(meter).toMatchObject({ status: 'active', default_aggregation: { formula: 'count' }, value_settings: { event_payload_key: 'value' } });
  expect((await client.prices.retrieve('price_metered')).recurring?.meter).toBe('mtr_seeded');
  const made = await client.prices.create({ product: 'prod_metered', currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: 'mtr_seeded' } });
  expect(made.recurring?.meter).toBe('mtr_seeded');
});

test('meters: the state file keeps the new resources across a restart; an older file without them still loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-meters-'));
  try {
    const statePath = join(dir, 'state.json');
    const first = await startTestEmulator({ statePath });
    const client = first.client('sk_test_kept');
    const meter = await client.billing.meters.create({ display_name: 'Kept', event_name: 'kept', default_aggregation: sum });
    const endpoint = await client.webhookEndpoints.create({ url: 'https://example.com/h', enabled_events: ['*'] });
    await first.emulator.close();
    const second = await startTestEmulator({ statePath });
    try {
      const again = second.client('sk_test_kept');
      expect(await again.billing.meters.retrieve(meter.id)).toEqual(meter);
      expect((await again.webhookEndpoints.retrieve(endpoint.id)).url).toBe('https://example.com/h');
    } finally {
      await second.emulator.close();
    }
    const oldPath = join(dir, 'old.json');
    writeFileSync(oldPath, JSON.stringify({ version: 1, seq: 0, spaces: [{ account: 'acct_old', mode: 'test', products: [], prices: [], coupons: [], deleted: {} }] }));
    const old = await startTestEmulator({ statePath: oldPath });
    try {
      expect((await old.client('sk_test_old').billing.meters.list()).data).toEqual([]);
    } finally {
      await old.emulator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
