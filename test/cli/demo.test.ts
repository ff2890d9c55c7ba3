/** `migrate demo`, the README's main command: no keys, no network, the whole flow. */
import { runMigrate } from '../support/cli.js';

test('demo plans, applies and then finds nothing left to do, without keys', async () => {
  const result = await runMigrate(['demo'], { env: {} });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('+ product/prod_starter');
  expect(result.stdout).toContain('+ price/gold-monthly');
  expect(result.stdout).toContain('No changes. Live matches the desired catalog.');
  expect(result.stderr).toContain('Verified: a fresh plan against live has nothing left to do.');
});

test('demo --json prints one object: the plan created objects, the re-plan found none, the sandbox was not written', async () => {
  const result = await runMigrate(['demo', '--json'], { env: {} });
  expect(result.code).toBe(0);
  const json = JSON.parse(result.stdout);
  expect(json.ok).toBe(true);
  expect(json.plan.summary.create).toBeGreaterThan(20);
  expect(json.replan.summary.create + json.replan.summary.update + json.replan.summary.replace).toBe(0);
  expect(json.sandboxWrites).toBe(0);
});
