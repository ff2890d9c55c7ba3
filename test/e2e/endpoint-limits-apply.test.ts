/**
 * `migrate apply` of 80 plans against the emulator with Stripe's rate limits on, under both documented models
 * (api-notes §1.9): where each endpoint is held to 25 a second, the apply probes once, is refused once, and
 * keeps to 25; where only the account's limit holds, it says that live allowed more and uses it. Either way
 * nothing fails and every plan keeps its id.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../../src/stripe/gateway.js';
import { startTestEmulator } from '../emulator/support.js';
import { monthly, price, product } from '../plan/builders.js';
import { runMigrate } from '../support/cli.js';

const SANDBOX = 'sk_test_limits';
const LIVE = 'sk_live_limits';
const PLANS = 80;

async function launch(endpointRateLimits: boolean) {
  const t = await startTestEmulator({ rateLimit: true, endpointRateLimits, latencyMs: 20 });
  try {
    const ids = Array.from({ length: PLANS }, (_, i) => `plan-${i}`);
    t.emulator.seed(SANDBOX, {
      products: [product({ id: 'prod_many', name: 'Many plans' })],
      prices: ids.map((id, i) => price({ id, product: 'prod_many', unit_amount: 100 + i, recurring: monthly() })),
      coupons: [],
    });
    const env = { STRIPE_SANDBOX_KEY: SANDBOX, STRIPE_LIVE_KEY: LIVE, STRIPE_API_BASE: t.url };
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-limits-'));
    expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
    const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
    const live = await createGateway({ apiKey: LIVE, mode: 'live', keyVariable: 'STRIPE_LIVE_KEY', apiBase: t.url }).readCatalog();
    const planCreates = t.emulator.requests().filter((r) => r.method === 'POST' && r.path === '/v1/plans');
    return { applied, live, ids, refused: planCreates.filter((r) => r.status === 429).length };
  } finally {
    await t.emulator.close();
  }
}

test('held to 25 plan creates a second, the apply is refused once for its probe and says nothing of more', async () => {
  const { applied, live, ids, refused } = await launch(true);
  expect(applied.code).toBe(0);
  expect(applied.stderr).toContain('Verified: a fresh plan against live has nothing left to do.');
  expect(live.prices.map((p) => p.id).sort()).toEqual([...ids].sort());
  expect(refused).toBeGreaterThanOrEqual(1);
  expect(refused).toBeLessThanOrEqual(3);
  expect(applied.stderr).not.toContain('than documented');
}, 60_000);

test('where the account allows more, the apply says so and is refused nothing', async () => {
  const { applied, live, ids, refused } = await launch(false);
  expect(applied.code).toBe(0);
  expect(live.prices.map((p) => p.id).sort()).toEqual([...ids].sort());
  expect(refused).toBe(0);
  expect(applied.stderr).toMatch(/Live allowed more requests a second than documented on: POST \/v1\/plans \((52|100)\/s, documented 25\)/);
}, 60_000);
