import Stripe from 'stripe';
import { failure, raw } from './http.js';
import { fixtureKeys, keysOf } from './fixture-keys.js';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTestEmulator();
  stripe = t.client('sk_test_taxes');
});
afterAll(() => t.emulator.close());

test('§8 a tax rate has the fixture keys, a txr_ id and echoes its percentage exactly', async () => {
  const rate = await stripe.taxRates.create({ display_name: 'NYC sales tax', inclusive: false, percentage: 8.875 });
  expect(keysOf(rate)).toEqual(fixtureKeys('tax_rate'));
  expect(rate.id).toMatch(/^txr_/);
  expect(rate).toMatchObject({
    object: 'tax_rate',
    active: true,
    percentage: 8.875,
    effective_percentage: 8.875,
    rate_type: 'percentage',
    flat_amount: null,
    jurisdiction_level: null,
    tax_type: null,
    description: null,
    country: null,
    metadata: {},
  });
  const whole = await stripe.taxRates.create({ display_name: 'VAT', inclusive: true, percentage: 20, country: 'DE', tax_type: 'vat' });
  expect(whole).toMatchObject({ percentage: 20, inclusive: true, country: 'DE', tax_type: 'vat' });
});

test('§8 display_name, inclusive and percentage are required', async () => {
  const noPercentage = await failure(stripe.taxRates.create({ display_name: 'x', inclusive: false } as Stripe.TaxRateCreateParams));
  expect([noPercentage.code, noPercentage.message]).toEqual(['parameter_missing', 'Missing required param: percentage.']);
  const noInclusive = await failure(stripe.taxRates.create({ display_name: 'x', percentage: 5 } as Stripe.TaxRateCreateParams));
  expect(noInclusive.param).toBe('inclusive');
  const noName = await failure(stripe.taxRates.create({ inclusive: false, percentage: 5 } as Stripe.TaxRateCreateParams));
  expect(noName.param).toBe('display_name');
});

test('§8 update changes descriptive fields; percentage and inclusive are immutable', async () => {
  const rate = await stripe.taxRates.create({ display_name: 'GST', inclusive: false, percentage: 5 });
  const updated = await stripe.taxRates.update(rate.id, { display_name: 'GST (CA)', description: 'Canada', jurisdiction: 'CA', metadata: { a: '1' } });
  expect(updated).toMatchObject({ display_name: 'GST (CA)', description: 'Canada', jurisdiction: 'CA', metadata: { a: '1' }, percentage: 5 });
  for (const field of ['percentage', 'inclusive']) {
    const error = await failure(stripe.taxRates.update(rate.id, { [field]: field === 'percentage' ? 6 : true } as Stripe.TaxRateUpdateParams));
    expect([error.code, error.param]).toEqual(['parameter_unknown', field]);
  }
});

test('§8 archiving with active=false; the list filters by active and inclusive; no delete', async () => {
  const kept = await stripe.taxRates.create({ display_name: 'Kept', inclusive: true, percentage: 7 });
  const archived = await stripe.taxRates.create({ display_name: 'Old', inclusive: true, percentage: 7 });
  expect((await stripe.taxRates.update(archived.id, { active: false })).active).toBe(false);
  const inactive = await stripe.taxRates.list({ active: false });
  expect(inactive.data.map((r) => r.id)).toEqual([archived.id]);
  const inclusiveActive = await stripe.taxRates.list({ active: true, inclusive: true, limit: 100 });
  expect(inclusiveActive.data.map((r) => r.id)).toContain(kept.id);
  expect(inclusiveActive.data.every((r) => r.inclusive && r.active)).toBe(true);
  expect((await raw(t.url, 'DELETE', `/v1/tax_rates/${kept.id}`, { key: 'sk_test_taxes' })).status).toBe(404);
});

test('§8 §1.6 a missing tax rate is 404 with param tax_rate', async () => {
  const error = await failure(stripe.taxRates.retrieve('txr_nope'));
  expect([error.statusCode, error.code, error.param, error.message]).toEqual([404, 'resource_missing', 'tax_rate', "No such tax rate: 'txr_nope'"]);
});

test('§8 tax rates of one mode are invisible to the other, with the cross-mode sentence', async () => {
  const rate = await stripe.taxRates.create({ display_name: 'Test only', inclusive: false, percentage: 1 });
  const error = await failure(t.client('sk_live_taxes').taxRates.retrieve(rate.id));
  expect(error.statusCode).toBe(404);
  expect(error.message).toContain('a similar object exists in test mode');
});

test('§8 seed keeps tax rate ids in Stripe shape', async () => {
  t.emulator.seed('sk_test_seedtax', { taxRates: [{ id: 'txr_seeded', display_name: 'VAT', inclusive: false, percentage: 19, country: 'DE' }] });
  const rate = await t.client('sk_test_seedtax').taxRates.retrieve('txr_seeded');
  expect(keysOf(rate)).toEqual(fixtureKeys('tax_rate'));
  expect(rate).toMatchObject({ percentage: 19, effective_percentage: 19, country: 'DE', active: true, rate_type: 'percentage' });
});
