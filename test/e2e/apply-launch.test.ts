/**
 * Launch day on the 300+ object sandbox of the plan test: plan against a live account that holds only an object
 * of its own, apply, and check what a user would check in the Dashboard.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog, Price } from '../../src/catalog/types.js';
import { createGateway } from '../../src/stripe/gateway.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';
import { baseProduct, countObjects, generateCatalog } from '../support/generate-catalog.js';

const SANDBOX = 'sk_test_launch300';
const LIVE = 'sk_live_launch300';
const source: Catalog = generateCatalog({ seed: 7, products: 80 });
const liveOnly = { ...baseProduct('prod_live_only', 'Made in the live Dashboard'), metadata: { owner: 'ops' } };

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  t.emulator.seed(SANDBOX, source);
  t.emulator.seed(LIVE, { products: [liveOnly] });
});
afterAll(async () => {
  await t.emulator.close();
});

const read = (key: string, mode: 'test' | 'live') =>
  createGateway({ apiKey: key, mode, keyVariable: mode === 'live' ? 'STRIPE_LIVE_KEY' : 'STRIPE_SANDBOX_KEY', apiBase: t.url }).readCatalog();

test('apply makes live an exact copy with the same ids, leaves live-only objects alone, and never writes twice', async () => {
  expect(countObjects(source)).toBeGreaterThanOrEqual(300);
  const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: t.url };
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-launch-'));
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(applied.stderr).toContain('Verified: a fresh plan against live has nothing left to do.');
  expect(applied.code).toBe(0);

  const sandbox = await read(SANDBOX, 'test');
  const live = await read(LIVE, 'live');
  const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8')) as { prices: Record<string, string> };
  const liveById = <T extends { id: string }>(list: T[]) => new Map(list.map((o) => [o.id, o]));
  const liveProducts = liveById(live.products);
  const livePrices = liveById(live.prices);
  const liveCoupons = liveById(live.coupons);

  // Products and coupons: the same id and equal fields (default prices through the id map).
  const copiedProducts = sandbox.products.filter((p) => p.active || sandbox.prices.some((price) => price.active && price.product === p.id));
  for (const product of copiedProducts) {
    const mapped = { ...product, default_price: product.default_price && (idMap.prices[product.default_price] ?? product.default_price) };
    expect(liveProducts.get(product.id)).toEqual(mapped);
  }
  for (const coupon of sandbox.coupons) expect(liveCoupons.get(coupon.id)).toEqual(coupon);

  // Prices: recurring ones (plans included) keep their id; one-time ones exist exactly once, with their link.
  const same = (p: Price) => ({ ...p, id: undefined, link: undefined });
  for (const price of sandbox.prices.filter((p) => p.active)) {
    if (price.recurring) {
      expect(same(livePrices.get(price.id)!)).toEqual(same(price));
    } else {
      const twins = live.prices.filter((p) => p.link === price.id);
      expect(twins.map((p) => p.id)).toEqual([idMap.prices[price.id]]);
      expect(same(twins[0]!)).toEqual(same(price));
    }
  }
  // Nothing archived in the sandbox and absent from live was created; the live-only product is untouched.
  for (const price of sandbox.prices.filter((p) => !p.active)) expect(livePrices.has(price.id) || live.prices.some((p) => p.link === price.id)).toBe(false);
  expect(liveProducts.get('prod_live_only')).toEqual({ ...liveOnly });

  // The sandbox was only read; applying the same plan again sends nothing.
  const requests = t.emulator.requests();
  expect(requests.filter((r) => r.livemode === false && r.method !== 'GET')).toEqual([]);
  const before = requests.length;
  expect((await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd })).code).toBe(0);
  expect(t.emulator.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  expect((await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd })).code).toBe(0);
});
