/**
 * The launch of the demo catalog (`manifests/`) against an emulator with the given switches, as the e2e tests of
 * Stripe's other answers run it: the sandbox seeded, `migrate plan`, `migrate apply` (checked to exit 0 with no
 * failed or blocked change), then `migrate plan` again, checked to find nothing to do.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../src/catalog/types.js';
import { withProductFeatures, type EmulatorSwitches } from '../../src/emulator/index.js';
import { readManifests } from '../../src/manifests/read.js';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';
import { runMigrate } from './cli.js';

export interface DemoLaunch {
  t: TestEmulator;
  catalog: Catalog;
  env: NodeJS.ProcessEnv;
  cwd: string;
  sandboxKey: string;
  liveKey: string;
  /** What `migrate apply` printed on stderr (its warnings). */
  applyStderr: string;
}

/** Runs the launch, then `check` on what it left; the emulator is closed afterwards either way. */
export async function launchDemo(name: string, switches: Partial<EmulatorSwitches>, check: (launch: DemoLaunch) => Promise<void> = async () => undefined): Promise<void> {
  const { catalog } = await readManifests(join(process.cwd(), 'manifests'));
  const t = await startTestEmulator({ switches });
  try {
    const [sandboxKey, liveKey] = [`sk_test_${name}`, `sk_live_${name}`];
    t.emulator.seed(sandboxKey, withProductFeatures(catalog));
    const cwd = await mkdtemp(join(tmpdir(), `migrate-${name}-`));
    const env = { STRIPE_SANDBOX_KEY: sandboxKey, STRIPE_LIVE_KEY: liveKey, STRIPE_API_BASE: t.emulator.url };

    expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
    const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
    expect(applied.stderr).not.toMatch(/^(failed|blocked|error)/m);
    expect(applied.code).toBe(0);
    const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
    await check({ t, catalog, env, cwd, sandboxKey, liveKey, applyStderr: applied.stderr });
  } finally {
    await t.emulator.close();
  }
}
