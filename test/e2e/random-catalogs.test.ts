/**
 * Seeded random catalogs of every type, with metadata a person might write (keys that sort around the reserved
 * link key, integer-like keys, YAML-looking values, non-ASCII, line breaks), through the whole launch: plan, apply
 * of the plan file, and a fresh plan that has nothing left to do; then the sandbox is edited (names, metadata
 * keys set and removed, an archived product) and the edits are planned and applied the same way; last, the
 * catalog exported as manifests reads back valid and in sync with live. A plan whose values are not what its
 * content hash says is refused by apply as edited, so each step must exit 0.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrate } from '../support/cli.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';

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

let stripe: TestEmulator;
beforeAll(async () => {
  stripe = await startTestEmulator();
});
afterAll(async () => {
  await stripe.emulator.close();
});

/** Edits a person makes in the sandbox after launch: every one can be applied to live in place. */
async function editSandbox(key: string, n: number): Promise<void> {
  const rand = random(2000 + n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const edit = () => ({ [pick(KEYS)]: pick(VALUES), [pick(KEYS)]: '' });
  const sdk = stripe.client(key);
  await sdk.products.update(`prod_${n}_1`, { name: pick(['Renamed', 'yes: no', 'ü']), metadata: edit() });
  await sdk.products.update(`prod_${n}_2`, { metadata: edit() });
  await sdk.products.update(`prod_${n}_3`, { active: false });
  await sdk.prices.update(`price_${n}_0_m`, { nickname: pick(['new', 'null']), metadata: edit() });
  await sdk.coupons.update(`C${n}`, { metadata: edit() });
  await sdk.promotionCodes.update(`promo_${n}`, { metadata: edit() });
  await sdk.taxRates.update(`txr_${n}`, { display_name: 'MwSt', metadata: edit() });
  await sdk.shippingRates.update(`shr_${n}`, { metadata: edit() });
  await sdk.entitlements.features.update(`feat_${n}`, { name: 'Feature', metadata: edit() });
}

test.each([0, 1, 2, 3, 4, 5, 6, 7])('random catalog %i: plan, apply, a fresh plan with nothing to do; then the same for edits', async (n) => {
  const env = { STRIPE_SANDBOX_KEY: `sk_test_random${n}`, STRIPE_LIVE_KEY: `sk_live_random${n}`, STRIPE_API_BASE: stripe.url };
  stripe.emulator.seed(env.STRIPE_SANDBOX_KEY, seedFor(n));
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-random-'));

  const plan = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(plan.code).toBe(0);
  // 4 products, 8 prices, a coupon, a promotion code, a tax rate, a shipping rate, a feature; the attachment.
  expect(plan.stdout).toContain('Plan: 17 to create, 1 to update');
  const apply = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect([apply.code, apply.stderr]).toEqual([0, expect.not.stringContaining('error')]);
  const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
  expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('No changes.')]);

  await editSandbox(env.STRIPE_SANDBOX_KEY, n);
  const edits = await runMigrate(['plan', '--out', 'edits.yaml', '--detailed-exitcode'], { env, cwd });
  expect(edits.code).toBe(2);
  expect(edits.stdout).toMatch(/Plan: 0 to create, \d+ to update, 0 to replace, 0 to archive\./);
  // The edits that always change something (a metadata edit may set a value it already had).
  for (const address of [`product/prod_${n}_1`, `product/prod_${n}_3`, `price/price_${n}_0_m`, `tax_rate/txr_${n}`, `feature/feat_${n}`]) {
    expect(edits.stdout).toContain(`~ ${address}  (update in place)`);
  }
  const applyEdits = await runMigrate(['apply', 'edits.yaml', '--yes'], { env, cwd });
  expect([applyEdits.code, applyEdits.stderr]).toEqual([0, expect.not.stringContaining('error')]);
  const last = await runMigrate(['plan', '--out', 'last.yaml', '--detailed-exitcode'], { env, cwd });
  expect([last.code, last.stdout]).toEqual([0, expect.stringContaining('No changes.')]);

  // The same catalog as manifests: exported, validated, read back, and in sync with live.
  expect((await runMigrate(['export', '--out', 'manifests'], { env, cwd })).code).toBe(0);
  expect((await runMigrate(['validate', '--manifests', 'manifests'], { env, cwd })).code).toBe(0);
  const drift = await runMigrate(['drift', '--manifests', 'manifests', '--json'], { env, cwd });
  expect([drift.code, JSON.parse(drift.stdout)]).toEqual([0, expect.objectContaining({ inSync: true, differences: [] })]);
});
