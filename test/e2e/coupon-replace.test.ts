/**
 * A coupon whose terms cannot change is replaced by deleting it and creating it again under its id. Whether
 * Stripe lets a deleted coupon's id be used again is not documented (api-notes §6), so the emulator answers
 * both ways (`deletedIdsReusable`) and the tool must be right under each: the replace lands, or apply stops
 * right after the delete, says exactly that (not "live changed"), and tells what to do.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator } from '../emulator/support.js';
import { coupon } from '../plan/builders.js';
import { runMigrate } from '../support/cli.js';

async function replaceCoupon(deletedIdsReusable: boolean) {
  const t = await startTestEmulator({ switches: { deletedIdsReusable } });
  t.emulator.seed('sk_test_couponsrc', { products: [], prices: [], coupons: [coupon({ id: 'LAUNCH', percent_off: 20 })] });
  t.emulator.seed('sk_live_coupondst', { products: [], prices: [], coupons: [coupon({ id: 'LAUNCH', percent_off: 10 })] });
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-coupon-replace-'));
  const env = { STRIPE_SANDBOX_KEY: 'sk_test_couponsrc', STRIPE_LIVE_KEY: 'sk_live_coupondst', STRIPE_API_BASE: t.emulator.url };
  const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--allow-replace'], { env, cwd });
  const live = (await t.client('sk_live_coupondst').coupons.list()).data.map((c) => `${c.id} ${c.percent_off}%`);
  await t.emulator.close();
  return { planned, applied, live };
}

test('the plan warns that the id is used again after the delete, which Stripe does not document', async () => {
  const { planned } = await replaceCoupon(true);
  expect(planned.code).toBe(0);
  expect(planned.stdout).toMatch(/-\/\+ coupon\/LAUNCH {2}\(replace, same id\)/);
  expect(planned.stdout).toMatch(/! coupon\/LAUNCH is replaced by deleting it and creating it again under its id; Stripe does not document/);
});

test('where Stripe lets the id be used again, the replace lands under the same id', async () => {
  const { applied, live } = await replaceCoupon(true);
  expect(applied.code).toBe(0);
  expect(live).toEqual(['LAUNCH 20%']);
});

test('where it does not, apply stops after the delete and says so, with what to do', async () => {
  const { applied, live } = await replaceCoupon(false);
  expect(applied.code).toBe(1);
  expect(applied.stderr).toMatch(/coupon\/LAUNCH: deleted to be created again under its id, but Stripe does not let the id of a deleted coupon be used again\. Live now has no coupon LAUNCH\./);
  expect(applied.stderr).toMatch(/hint: Give the coupon a new id in the sandbox \(or the manifests\), point what names LAUNCH at it/);
  expect(applied.stderr).not.toMatch(/Live changed since the plan/);
  expect(live).toEqual([]);
});

test('a create under the id of a coupon deleted from live earlier is refused with the same advice', async () => {
  const t = await startTestEmulator({ switches: { deletedIdsReusable: false } });
  t.emulator.seed('sk_test_couponold', { products: [], prices: [], coupons: [coupon({ id: 'SPRING', percent_off: 15 })] });
  t.emulator.seed('sk_live_couponold', { products: [], prices: [], coupons: [coupon({ id: 'SPRING', percent_off: 15 })] });
  await t.client('sk_live_couponold').coupons.del('SPRING');
  const cwd = await mkdtemp(join(tmpdir(), 'migrate-coupon-deleted-'));
  const env = { STRIPE_SANDBOX_KEY: 'sk_test_couponold', STRIPE_LIVE_KEY: 'sk_live_couponold', STRIPE_API_BASE: t.emulator.url };
  expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
  const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
  await t.emulator.close();
  expect(applied.code).toBe(1);
  expect(applied.stderr).toMatch(/coupon\/SPRING: Stripe refused the id SPRING: an object under it was deleted from live earlier/);
  expect(applied.stderr).toMatch(/hint: Give the coupon a new id/);
});
