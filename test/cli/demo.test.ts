/** `migrate demo`, the README's main command: no keys, no network, the whole flow. */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
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

test('demo says its working folder is removed, and --keep keeps the plan, id map and audit log there', async () => {
  const removed = await runMigrate(['demo'], { env: {} });
  const gone = /The working folder (\S+) is removed now; `migrate demo --keep` keeps it/.exec(removed.stderr)?.[1];
  expect(gone).toBeDefined();
  expect(existsSync(gone!)).toBe(false);

  const kept = await runMigrate(['demo', '--keep'], { env: {} });
  expect(kept.code).toBe(0);
  const folder = /Plan, journal, id map and audit log are in (\S+)/.exec(kept.stderr)?.[1];
  expect(folder).toBeDefined();
  for (const file of ['plan.yaml', 'plan.yaml.idmap.json', 'plan.yaml.audit.jsonl']) expect(existsSync(join(folder!, file))).toBe(true);
  await rm(folder!, { recursive: true, force: true });
});
