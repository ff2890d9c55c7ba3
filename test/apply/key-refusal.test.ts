/** A key Stripe refuses for writes is refused for all of them: apply stops sending after the first refusal. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODE_INITIAL_CONCURRENCY } from '../../src/apply/scheduler.js';
import { startTestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

test('a read-only restricted key: the first 403 stops the run, the rest is reported as not sent', async () => {
  const readOnly = 'rk_live_keyrefusal';
  const t = await startTestEmulator({ readOnlyKeys: [readOnly] });
  try {
    t.emulator.seed('sk_test_keyrefusal', generateCatalog({ seed: 11, products: 40 }));
    const env = { STRIPE_SANDBOX_KEY: 'sk_test_keyrefusal', STRIPE_LIVE_KEY: readOnly, STRIPE_API_BASE: t.url };
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-key-refusal-'));
    expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);

    const result = await runMigrate(['apply', 'plan.yaml', '--yes', '--json'], { env, cwd });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const writes = t.emulator.requests().filter((r) => r.method !== 'GET' && r.livemode === true);
    expect(writes.every((r) => r.status === 403)).toBe(true);
    // Only what was already in flight when the first refusal came back was sent.
    expect(writes.length).toBeLessThanOrEqual(MODE_INITIAL_CONCURRENCY.live);
    expect(report.summary.blocked).toBeGreaterThan(100);
    expect(result.stderr).toMatch(/permission/);
  } finally {
    await t.emulator.close();
  }
});
