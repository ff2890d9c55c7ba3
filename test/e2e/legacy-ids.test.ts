/**
 * Ids from before API 2018-05-21, when product, plan and coupon ids could hold any character (now only letters,
 * digits, `_` and `-`). A live account may still have such objects; a plan names them raw and apply must send
 * them encoded, so `--prune` can archive `Gold Plan 50%` like any other.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { monthly, price, product } from '../plan/builders.js';
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
