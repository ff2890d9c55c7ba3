/**
 * Ids from before API 2018-05-21, when product, plan and coupon ids could hold any character (now only letters,
 * digits, `_` and `-`). A live account may still have such objects: a plan names them raw and apply sends them
 * encoded, so `--prune` archives them like any other. An old test-mode account may have them too: Stripe will
 * not create them again under those ids, so a recurring price or a product gets a new id (linked) and a coupon
 * stops the plan.
 */
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_METADATA_KEY } from '../../src/catalog/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { coupon, monthly, price, product } from '../plan/builders.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_legacyidsrc';
const LIVE = 'sk_live_legacyiddst';

let test_: TestEmulator;
let emulator: RunningEmulator;

beforeAll(async () => {
  test_ = await startTestEmulator();
  emulator = test_.emulator;
  emulator.seed(SANDBOX, { products: [product({ id: 'prod_new', name: 'New' })], prices: [], coupons: [] });
  emulator.seed(LIVE, {
    products: [product({ id: 'Legacy Gold 50%', name: 'Legacy Gold' })],
    prices: [price({ id: 'Gold Plan (monthly)?', product: 'Legacy Gold 50%', unit_amount: 900, recurring: monthly() })],
    coupons: [],
  });
});

afterAll(async () => {
  await emulator.close();
});

test('plan --prune and apply archive live objects whose legacy ids need encoding, and a re-plan is empty', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-legacy-ids-'));
  const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: emulator.url };

  const planned = await runMigrate(['plan', '--prune', '--out', 'plan.yaml', '--json'], { env, cwd });
  expect(planned.code).toBe(0);
  const changes = JSON.parse(planned.stdout).changes.map((c: { action: string; address: string }) => `${c.action} ${c.address}`);
  expect(changes.sort()).toEqual(['archive price/Gold Plan (monthly)?', 'archive product/Legacy Gold 50%', 'create product/prod_new']);

  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--prune', '--json'], { env, cwd });
  expect(applied.stderr).not.toMatch(/failed|retrying/);
  expect(applied.code).toBe(0);

  const live = test_.client(LIVE);
  expect((await live.products.retrieve('Legacy Gold 50%')).active).toBe(false);
  expect((await live.plans.retrieve('Gold Plan (monthly)?')).active).toBe(false);
  const again = await runMigrate(['plan', '--prune', '--out', 'again.yaml', '--json'], { env, cwd });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout).changes).toEqual([]);
});

test('a sandbox recurring price under such an id gets a new id in live, through the Prices API, and is found by its link', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-legacy-plan-'));
  const [src, dst] = ['sk_test_legacyplan', 'sk_live_legacyplandst'];
  emulator.seed(src, { products: [product({ id: 'prod_gold', name: 'Gold' })], prices: [price({ id: 'Gold Plan', product: 'prod_gold', unit_amount: 900, recurring: monthly() })], coupons: [] });
  emulator.seed(dst, { products: [], prices: [], coupons: [] });
  const env = { STRIPE_SANDBOX_KEY: src, STRIPE_LIVE_KEY: dst, STRIPE_API_BASE: emulator.url };

  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(planned.code).toBe(0);
  expect(planned.stdout).toMatch(/\+ price\/Gold Plan {2}\(create, Stripe assigns the id\)/);
  expect(planned.stdout + planned.stderr).toMatch(/Gold Plan has an id Stripe no longer takes for a new plan/);

  const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(applied.stderr).not.toMatch(/failed|retrying/);
  expect(applied.code).toBe(0);
  const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
  const liveId = idMap.prices['Gold Plan'] as string;
  expect(liveId).toMatch(/^price_/);
  expect(await test_.client(dst).prices.retrieve(liveId)).toMatchObject({ unit_amount: 900, recurring: { interval: 'month' }, metadata: { [LINK_METADATA_KEY]: 'Gold Plan' } });

  const again = await runMigrate(['plan', '--out', 'again.yaml', '--json'], { env, cwd });
  expect(JSON.parse(again.stdout).changes).toEqual([]);
});

test('a sandbox product under such an id gets an id Stripe assigns, linked, and its prices name it there', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-legacy-product-'));
  const [src, dst] = ['sk_test_legacyprod', 'sk_live_legacyproddst'];
  const legacyGold = product({ id: 'Legacy Gold 50%', name: 'Legacy Gold', default_price: 'gold-monthly' });
  emulator.seed(src, { products: [legacyGold], prices: [price({ id: 'gold-monthly', product: 'Legacy Gold 50%', unit_amount: 900, recurring: monthly() })], coupons: [] });
  emulator.seed(dst, { products: [], prices: [], coupons: [] });
  const env = { STRIPE_SANDBOX_KEY: src, STRIPE_LIVE_KEY: dst, STRIPE_API_BASE: emulator.url };

  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(planned.code).toBe(0);
  expect(planned.stdout).toMatch(/\+ product\/Legacy Gold 50% {2}\(create, Stripe assigns the id\)/);
  expect(planned.stdout + planned.stderr).toMatch(/Legacy Gold 50% has an id Stripe no longer takes for a new product/);

  const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  expect(applied.stderr).not.toMatch(/failed|retrying/);
  expect(applied.code).toBe(0);
  const liveId = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8')).products['Legacy Gold 50%'] as string;
  expect(liveId).toMatch(/^prod_/);
  const live = test_.client(dst);
  expect(await live.products.retrieve(liveId)).toMatchObject({ name: 'Legacy Gold', default_price: 'gold-monthly', metadata: { [LINK_METADATA_KEY]: 'Legacy Gold 50%' } });
  expect((await live.prices.retrieve('gold-monthly')).product).toBe(liveId);

  const again = await runMigrate(['plan', '--out', 'again.yaml', '--json'], { env, cwd });
  expect(JSON.parse(again.stdout).changes).toEqual([]);
});

test('a sandbox coupon under such an id stops the plan before anything is written, naming it', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-legacy-src-'));
  const [src, dst] = ['sk_test_legacyold', 'sk_live_legacyolddst'];
  emulator.seed(src, { products: [product({ id: 'prod_ok', name: 'OK' })], prices: [], coupons: [coupon({ id: '50% off', percent_off: 50 }), coupon({ id: 'Gold 10%', percent_off: 10 })] });
  emulator.seed(dst, { products: [], prices: [], coupons: [] });
  const env = { STRIPE_SANDBOX_KEY: src, STRIPE_LIVE_KEY: dst, STRIPE_API_BASE: emulator.url };

  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  expect(planned.code).toBe(1);
  expect(planned.stderr).toMatch(/Stripe no longer takes the ids of coupon\/50% off, coupon\/Gold 10%: since API 2018-05-21/);
  expect(planned.stderr).toMatch(/hint: Create each again under an id Stripe takes/);
  await expect(access(join(cwd, 'plan.yaml'))).rejects.toThrow();
  expect((await test_.client(dst).products.list()).data).toEqual([]);

  // Drift from manifests of that sandbox reports them missing in live (exit 2); it never applies, so it does not refuse.
  expect((await runMigrate(['export', '--out', 'manifests'], { env, cwd })).code).toBe(0);
  const drift = await runMigrate(['drift', '--json'], { env, cwd });
  expect(drift.code).toBe(2);
  const differences = JSON.parse(drift.stdout).differences.map((d: { kind: string; address: string }) => `${d.kind} ${d.address}`);
  expect(differences.sort()).toEqual(['missing_in_account coupon/50% off', 'missing_in_account coupon/Gold 10%', 'missing_in_account product/prod_ok']);
});
