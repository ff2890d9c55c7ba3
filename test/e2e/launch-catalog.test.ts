/**
 * The launch catalog end to end against the emulator: a sandbox with a billing meter and a metered price (and,
 * as they are carried, the other launch types) is planned and applied to live; live then holds each object with
 * its references rewritten to live objects, a fresh plan has nothing to do, and drift from the exported
 * manifests is zero.
 */
import { mkdtemp } from 'node:fs/promises';
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

test('a fresh plan has no changes', async () => {
  const again = await runMigrate(['plan', '--out', 'plan-again.yaml', '--detailed-exitcode'], { env, cwd: work });
  expect(again.stderr).not.toMatch(/error/i);
  expect(again.code).toBe(0);
});

test('manifests exported from the sandbox show no drift against live', async () => {
  const exported = await runMigrate(['export', '--out', 'manifests'], { env, cwd: work });
  expect(exported.code).toBe(0);
  const drift = await runMigrate(['drift', '--manifests', 'manifests', '--json'], { env, cwd: work });
  expect(JSON.parse(drift.stdout)).toMatchObject({ inSync: true, differences: [] });
  expect(drift.code).toBe(0);
});
