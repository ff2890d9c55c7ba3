/**
 * Each of the emulator's other answers alone (`OTHER_ANSWERS`, one switch at a time), on the demo catalog: plan,
 * apply and a clean re-plan (a second apply is checked with all of them at once, `other-answers.test.ts`). All at
 * once is not enough: a lone answer can meet a default the others change (plan-created prices left out of the
 * prices list met the plans list hiding those with price-only fields: an object in no list at all).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withProductFeatures } from '../../src/emulator/index.js';
import { OTHER_ANSWERS } from '../../src/emulator/switches.js';
import { readManifests } from '../../src/manifests/read.js';
import { startTestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';

test.each(Object.entries(OTHER_ANSWERS))('with only %s at its other answer (%j), plan, apply and a clean re-plan hold', async (name, value) => {
  const { catalog } = await readManifests(join(process.cwd(), 'manifests'));
  const t = await startTestEmulator({ switches: { [name]: value } });
  try {
    t.emulator.seed('sk_test_eachanswer', withProductFeatures(catalog));
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-each-answer-'));
    const env = { STRIPE_SANDBOX_KEY: 'sk_test_eachanswer', STRIPE_LIVE_KEY: 'sk_live_eachanswer', STRIPE_API_BASE: t.emulator.url };

    expect((await runMigrate(['plan', '--out', 'plan.yaml'], { env, cwd })).code).toBe(0);
    const applied = await runMigrate(['apply', 'plan.yaml', '--yes'], { env, cwd });
    expect(applied.stderr).not.toMatch(/^(failed|blocked|error)/m);
    expect(applied.code).toBe(0);
    const again = await runMigrate(['plan', '--out', 'again.yaml', '--detailed-exitcode'], { env, cwd });
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);
  } finally {
    await t.emulator.close();
  }
});
