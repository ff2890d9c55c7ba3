/**
 * A live object that is not the twin of the desired object with its id. A one-time price cannot keep its id in
 * live (only the Plans API takes one), so its twin is found by link; a live plan that happens to have that id is
 * another object. From manifests this is a price that was recurring (live as a plan under its name) and is now
 * one-time. With `--prune`, the plan creates the new price and archives the old plan: two changes that would
 * share the address `price/<id>`, so the archive is planned at `price/<id>#live-only`.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_METADATA_KEY } from '../../src/catalog/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { monthly, price, product } from '../plan/builders.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_sameidsrc';
const LIVE = 'sk_live_sameiddst';

let test_: TestEmulator;
let emulator: RunningEmulator;

beforeAll(async () => {
  test_ = await startTestEmulator();
  emulator = test_.emulator;
  const gold = product({ id: 'prod_gold', name: 'Gold' });
  emulator.seed(SANDBOX, { products: [gold], prices: [price({ id: 'gold-setup', product: 'prod_gold', unit_amount: 5000 })], coupons: [] });
  emulator.seed(LIVE, { products: [gold], prices: [price({ id: 'gold-setup', product: 'prod_gold', unit_amount: 5000, recurring: monthly() })], coupons: [] });
});

afterAll(async () => {
  await emulator.close();
});

test('with --prune the new price is created and the live plan of the same id archived, and a re-plan is empty', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-same-id-'));
  const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: emulator.url };

  const planned = await runMigrate(['plan', '--prune', '--out', 'plan.yaml', '--json'], { env, cwd });
  expect(planned.stderr).not.toMatch(/share the address|unexpected/);
  expect(planned.code).toBe(0);
  const plan = JSON.parse(planned.stdout);
  const changes = plan.changes.map((c: { action: string; address: string }) => `${c.action} ${c.address}`);
  expect(changes).toEqual(['create price/gold-setup', 'archive price/gold-setup#live-only']);
  expect(plan.liveOnly).toEqual([{ address: 'price/gold-setup', liveId: 'gold-setup' }]);

  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--prune', '--json'], { env, cwd });
  expect(applied.code).toBe(0);
  const report = JSON.parse(applied.stdout);
  expect(report.verification.remaining).toEqual([]);

  const prices = (await test_.client(LIVE).prices.list({ product: 'prod_gold', limit: 100 })).data;
  const old = prices.find((p) => p.id === 'gold-setup');
  const created = prices.find((p) => p.id !== 'gold-setup');
  expect(prices).toHaveLength(2);
  expect(old?.active).toBe(false);
  expect(created).toMatchObject({ active: true, unit_amount: 5000, recurring: null, metadata: { [LINK_METADATA_KEY]: 'gold-setup' } });
  const idMap = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8'));
  expect(idMap.prices).toEqual({ 'gold-setup': created!.id });

  const again = await runMigrate(['plan', '--prune', '--out', 'again.yaml', '--json'], { env, cwd });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout).changes).toEqual([]);
});

test("drift from manifests tells the live plan apart from the manifests' price of the same id", async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-same-id-drift-'));
  const other = 'sk_live_sameiddrift';
  emulator.seed(other, { products: [product({ id: 'prod_gold', name: 'Gold' })], prices: [price({ id: 'gold-setup', product: 'prod_gold', unit_amount: 5000, recurring: monthly() })], coupons: [] });
  const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: other, STRIPE_API_BASE: emulator.url };
  expect((await runMigrate(['export', '--out', 'manifests'], { env, cwd })).code).toBe(0);

  const drift = await runMigrate(['drift', '--json'], { env, cwd });
  expect(drift.code).toBe(2);
  const differences = JSON.parse(drift.stdout).differences as Array<{ kind: string; address: string; location: { file: string; line: number } | null; fix: { accountIsRight: string } }>;
  expect(differences.map((d) => `${d.kind} ${d.address}`).sort()).toEqual(['missing_in_account price/gold-setup', 'other_in_account price/gold-setup']);
  const other_ = differences.find((d) => d.kind === 'other_in_account')!;
  expect(other_.location).toMatchObject({ file: expect.stringMatching(/prices\.yaml$/), line: expect.any(Number) });
  expect(other_.fix.accountIsRight).toMatch(/^give the object at .*prices\.yaml:\d+ another id, then add live's price\/gold-setup to the manifests under its id$/);

  const text = await runMigrate(['drift'], { env, cwd });
  expect(text.stdout).toContain("price/gold-setup: active in live");
  expect(text.stdout).toContain("but not as the manifests' price/gold-setup (that one gets a new id there and is found by its link)");
});
