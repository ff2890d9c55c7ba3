/**
 * Seeded random catalogs of every type, with metadata a person might write (keys that sort around the reserved
 * link key, integer-like keys, YAML-looking values, non-ASCII, line breaks), through the whole launch: plan, apply
 * of the plan file, and a fresh plan that has nothing left to do. A plan whose values are not what its content
 * hash says is refused by apply as edited, so each step must exit 0.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runMigrate } from '../support/cli.js';

/** A small linear congruential generator: the same catalogs on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const KEYS = ['zone', 'a', '10', '9', 'catalog_migrate_source_idz', 'Z', 'é', '_x', 'tier', 'b'];
const VALUES = ['eu', '1', 'yes', 'null', '007', 'a: b', '#x', ' lead', 'trail ', 'ü → 🚀', 'multi\nline', '{}', '-'];

function seedFor(n: number) {
  const rand = random(1000 + n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const metadata = () => Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(KEYS), pick(VALUES)]));
  const products = Array.from({ length: 4 }, (_, k) => ({ id: `prod_${n}_${k}`, name: pick(['Basic', 'Pro: plus', 'yes', '#1']), metadata: metadata() }));
  return {
    products,
    prices: products.flatMap((p, k) => [
      { id: `price_${n}_${k}_m`, product: p.id, currency: 'usd', unit_amount: 100 + k, recurring: { interval: 'month' }, metadata: metadata(), nickname: pick([undefined, 'n', 'yes']) },
      { id: `price_${n}_${k}_o`, product: p.id, currency: 'usd', unit_amount: 500 + k, metadata: metadata() },
    ]),
    coupons: [{ id: `C${n}`, percent_off: 10, duration: 'once', metadata: metadata() }],
    promotionCodes: [{ id: `promo_${n}`, code: `CODE${n}`, coupon: `C${n}`, metadata: metadata() }],
    taxRates: [{ id: `txr_${n}`, display_name: 'VAT', percentage: 19, inclusive: true, country: 'DE', tax_type: 'vat', metadata: metadata() }],
    shippingRates: [{ id: `shr_${n}`, display_name: 'Std', fixed_amount: { amount: 500, currency: 'usd' }, metadata: metadata() }],
    features: [{ id: `feat_${n}`, lookup_key: `f_${n}`, name: 'F', metadata: metadata() }],
    productFeatures: [{ product: products[0]!.id, entitlement_feature: `feat_${n}` }],
  };
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

test.each([0, 1, 2, 3, 4, 5, 6, 7])('random catalog %i: plan, apply, and a fresh plan with nothing to do', async (n) => {
  const env = { STRIPE_SANDBOX_KEY: `sk_test_random${n}`, STRIPE_LIVE_KEY: `sk_live_random${n}`, STRIPE_API_BASE: emulator.url };
  emulator.seed(env.STRIPE_SANDBOX_KEY, seedFor(n));
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-random-'));

  const plan = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(plan.code).toBe(0);
  // 4 products, 8 prices, a coupon, a promotion code, a tax rate, a shipping rate, a feature; the attachment.
  expect(plan.stdout).toContain('Plan: 17 to create, 1 to update');
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect([apply.code, apply.stderr]).toEqual([0, expect.not.stringContaining('error')]);
  const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
  expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('No changes.')]);
});
