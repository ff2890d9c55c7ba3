/**
 * The launch catalog end to end against the emulator: a sandbox with a billing meter and a metered price (and,
 * as they are carried, the other launch types) is planned and applied to live; live then holds each object with
 * its references rewritten to live objects (a feature attached to a product is attached to the live twin under
 * the live feature id), a fresh plan has nothing to do, and drift from the exported manifests is zero.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../src/catalog/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway } from '../../src/stripe/gateway.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_launch';
const LIVE = 'sk_live_launch';

let emulator: RunningEmulator;
let work: string;
let env: NodeJS.ProcessEnv;
let live: Catalog;

const SEED = {
  products: [{ id: 'prod_api', name: 'API' }],
  coupons: [{ id: 'LAUNCH20', percent_off: 20, duration: 'once', max_redemptions: 500 }],
  promotionCodes: [{ id: 'promo_sandbox_launch', code: 'LaunchWeek', coupon: 'LAUNCH20', max_redemptions: 100, metadata: { channel: 'flyer' } }],
  taxRates: [{ id: 'txr_sandbox_vat', display_name: 'VAT', percentage: 19, inclusive: true, country: 'DE', tax_type: 'vat' }],
  shippingRates: [
    {
      id: 'shr_sandbox_std',
      display_name: 'Standard',
      fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450, tax_behavior: 'unspecified' } } },
      delivery_estimate: { minimum: { unit: 'business_day', value: 3 }, maximum: { unit: 'business_day', value: 5 } },
    },
  ],
  features: [{ id: 'feat_test_sandbox_support', lookup_key: 'priority_support', name: 'Priority support', metadata: { tier: 'pro' } }],
  productFeatures: [{ product: 'prod_api', entitlement_feature: 'feat_test_sandbox_support' }],
  meters: [{ id: 'mtr_sandbox_calls', event_name: 'api_call', display_name: 'API calls', default_aggregation: { formula: 'sum' } }],
  prices: [
    {
      id: 'price_api_metered',
      product: 'prod_api',
      currency: 'usd',
      unit_amount_decimal: '0.5',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'metered', meter: 'mtr_sandbox_calls' },
    },
  ],
};

function readLive(): Promise<Catalog> {
  return createGateway({ apiKey: LIVE, mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: emulator.url }).readCatalog();
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  work = await mkdtemp(join(tmpdir(), 'migrate-launch-'));
  env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: emulator.url };
  emulator.seed(SANDBOX, SEED);
  const plan = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd: work });
  expect(plan.stderr).not.toMatch(/error/i);
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd: work });
  expect(apply.stderr).not.toMatch(/error/i);
  expect(apply.code).toBe(0);
  live = await readLive();
});

afterAll(async () => {
  await emulator.close();
});

test('the meter exists in live under an id of its own, and the metered price keeps its id and names the live meter', () => {
  const meters = live.meters ?? [];
  expect(meters.map((m) => [m.event_name, m.display_name, m.active])).toEqual([['api_call', 'API calls', true]]);
  const meter = meters[0]!;
  expect(meter.id).not.toBe('mtr_sandbox_calls');
  const price = live.prices.find((p) => p.id === 'price_api_metered');
  expect(price?.recurring).toMatchObject({ usage_type: 'metered', meter: meter.id });
});

test('the promotion code exists in live under an id of its own, on the live coupon of the same id', () => {
  const codes = live.promotionCodes ?? [];
  expect(codes.map((c) => [c.code, c.coupon, c.max_redemptions, c.active, c.metadata])).toEqual([['LaunchWeek', 'LAUNCH20', 100, true, { channel: 'flyer' }]]);
  expect(codes[0]!.id).not.toBe('promo_sandbox_launch');
  expect(live.coupons.map((c) => c.id)).toEqual(['LAUNCH20']);
});

test('the tax rate and the shipping rate exist in live under ids of their own, linked to their sandbox ids', () => {
  const taxRates = live.taxRates ?? [];
  expect(taxRates.map((t) => [t.link, t.display_name, t.percentage, t.inclusive, t.country])).toEqual([['txr_sandbox_vat', 'VAT', 19, true, 'DE']]);
  expect(taxRates[0]!.id).not.toBe('txr_sandbox_vat');
  const shipping = live.shippingRates ?? [];
  expect(shipping.map((s) => [s.link, s.fixed_amount, s.delivery_estimate])).toEqual([
    ['shr_sandbox_std', { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450, tax_behavior: 'unspecified' } } }, SEED.shippingRates[0]!.delivery_estimate],
  ]);
  expect(shipping[0]!.id).not.toBe('shr_sandbox_std');
});

test('the feature exists in live under an id of its own, found by its lookup key', () => {
  const features = live.features ?? [];
  expect(features.map((f) => [f.lookup_key, f.name, f.active, f.metadata])).toEqual([['priority_support', 'Priority support', true, { tier: 'pro' }]]);
  expect(features[0]!.id).not.toBe('feat_test_sandbox_support');
});

test('the feature attached to the product in the sandbox is attached to its live twin under the live feature id', () => {
  const feature = (live.features ?? []).find((f) => f.lookup_key === 'priority_support')!;
  expect(live.products.find((p) => p.id === 'prod_api')?.features).toEqual([feature.id]);
});

test('re-applying the plan attaches nothing a second time', async () => {
  const attaches = () => emulator.requests().filter((r) => r.livemode === true && r.method === 'POST' && r.path === '/v1/products/prod_api/features');
  expect(attaches()).toHaveLength(1);
  const again = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd: work });
  expect(again.code).toBe(0);
  expect(attaches()).toHaveLength(1);
  expect((await readLive()).products.find((p) => p.id === 'prod_api')?.features).toHaveLength(1);
});

test('a fresh plan has no changes', async () => {
  const again = await runMigrate(['plan', '--out', 'plan-again.yaml', '--detailed-exitcode'], { env, cwd: work });
  expect(again.stderr).not.toMatch(/error/i);
  expect(again.code).toBe(0);
});

test('manifests exported from the sandbox show no drift against live', async () => {
  const exported = await runMigrate(['export', '--out', 'manifests'], { env, cwd: work });
  expect(exported.code).toBe(0);
  // Attachments are written by lookup key, not by the sandbox's feature id.
  expect(await readFile(join(work, 'manifests', 'products.yaml'), 'utf8')).toMatch(/features:\n\s+- priority_support\n/);
  const drift = await runMigrate(['drift', '--manifests', 'manifests', '--json'], { env, cwd: work });
  expect(JSON.parse(drift.stdout)).toMatchObject({ inSync: true, differences: [] });
  expect(drift.code).toBe(0);
});

test('a manifest product without the attached feature drifts from live on its features', async () => {
  const file = join(work, 'manifests', 'products.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/\n\s+features:\n\s+- priority_support\n/, '\n'));
  const drift = await runMigrate(['drift', '--manifests', 'manifests', '--json'], { env, cwd: work });
  const report = JSON.parse(drift.stdout) as { inSync: boolean; differences: { address: string; field: string | null }[] };
  expect(report.inSync).toBe(false);
  expect(report.differences.map((d) => [d.address, d.field])).toEqual([['product/prod_api', 'features']]);
});
