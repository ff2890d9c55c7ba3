/**
 * A kept-id recurring price whose amount changed is replaced by deleting its plan and creating it again through
 * the Plans API, then given its price-only fields (`lookup_key` taken over, `tax_behavior`). Where Stripe will not
 * set those on a plan-created price (unconfirmed, api-notes §5), the new plan is deleted again and the price made
 * through the Prices API, linked; either way the lookup key ends on the new price and a re-plan is empty.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINK_METADATA_KEY } from '../../src/catalog/types.js';
import { startTestEmulator } from '../emulator/support.js';
import { monthly, price, product } from '../plan/builders.js';
import { runMigrate } from '../support/cli.js';

test.each([
  ['sets them on the plan-created price', true],
  ['will not set them there', false],
])('a replace of a kept-id plan with price-only fields, where Stripe %s', async (_name, priceUpdateOnPlanIds) => {
  const t = await startTestEmulator({ switches: { priceUpdateOnPlanIds } });
  try {
    const pro = product({ id: 'prod_pro', name: 'Pro' });
    const wanted = price({ id: 'pro-monthly', product: 'prod_pro', unit_amount: 2000, recurring: monthly(), lookup_key: 'pro', tax_behavior: 'exclusive' });
    t.emulator.seed('sk_test_replacemoved', { products: [pro], prices: [wanted], coupons: [] });
    t.emulator.seed('sk_live_replacemoved', { products: [pro], prices: [{ ...wanted, unit_amount: 1000, lookup_key: null, tax_behavior: 'unspecified' }], coupons: [] });
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-replace-moved-'));
    const env = { STRIPE_SANDBOX_KEY: 'sk_test_replacemoved', STRIPE_LIVE_KEY: 'sk_live_replacemoved', STRIPE_API_BASE: t.emulator.url };

    const planned = await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd });
    expect(planned.stdout).toMatch(/-\/\+ price\/pro-monthly {2}\(replace, same id\)/);
    const applied = await runMigrate(['apply', 'plan.yaml', '--yes', '--allow-replace'], { env, cwd });
    expect(applied.code).toBe(0);
    if (!priceUpdateOnPlanIds) expect(applied.stderr).toMatch(/Stripe would not set lookup_key, tax_behavior on the price the Plans API created/);

    const liveId = JSON.parse(await readFile(join(cwd, 'plan.yaml.idmap.json'), 'utf8')).prices['pro-monthly'] as string;
    expect(liveId === 'pro-monthly').toBe(priceUpdateOnPlanIds);
    const live = await t.client('sk_live_replacemoved').prices.list({ lookup_keys: ['pro'] });
    expect(live.data.map((p) => [p.id, p.unit_amount, p.tax_behavior, p.metadata[LINK_METADATA_KEY] ?? null])).toEqual([
      [liveId, 2000, 'exclusive', priceUpdateOnPlanIds ? null : 'pro-monthly'],
    ]);
    expect((await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd })).code).toBe(0);
  } finally {
    await t.emulator.close();
  }
});
