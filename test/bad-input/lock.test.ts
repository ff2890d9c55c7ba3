/**
 * One apply of a plan at a time: a second apply of the same plan is refused with the holder's pid and how to
 * clear a stale lock, a lock left by a dead process is taken over, and the lock is gone when apply ends.
 */
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireApplyLock, lockPathFor } from '../../src/apply/lock.js';
import { startTestEmulator } from '../emulator/support.js';
import { runMigrate } from '../support/cli.js';
import { generateCatalog } from '../support/generate-catalog.js';

const exists = (path: string) => access(path).then(() => true, () => false);

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a second lock on the same plan is refused naming the holder; released, it can be taken again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-lock-'));
  const plan = join(dir, 'plan.yaml');
  const first = await acquireApplyLock(plan, 'plan.yaml', { pid: 4242, isAlive: () => true });
  await expect(acquireApplyLock(plan, 'plan.yaml', { isAlive: () => true })).rejects.toMatchObject({
    code: 'apply_locked',
    message: expect.stringMatching(/plan\.yaml is running: process 4242 on .+, started/),
    hint: expect.stringContaining(`delete ${lockPathFor(plan)}`),
  });
  await first.release();
  expect(await exists(lockPathFor(plan))).toBe(false);
  const again = await acquireApplyLock(plan, 'plan.yaml');
  expect(JSON.parse(await readFile(lockPathFor(plan), 'utf8'))).toMatchObject({ pid: process.pid });
  await again.release();
});

test('a lock left by a process that no longer exists is taken over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-lock-'));
  const plan = join(dir, 'plan.yaml');
  const gone = deadPid();
  await writeFile(lockPathFor(plan), JSON.stringify({ pid: gone, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
  const lock = await acquireApplyLock(plan, 'plan.yaml');
  expect(JSON.parse(await readFile(lockPathFor(plan), 'utf8')).pid).toBe(process.pid);
  await lock.release();
});

test('a lock held on another host, or unreadable, is never taken over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-lock-'));
  const plan = join(dir, 'plan.yaml');
  await writeFile(lockPathFor(plan), JSON.stringify({ pid: deadPid(), host: 'build-agent-7', startedAt: '2026-01-01T00:00:00.000Z' }));
  await expect(acquireApplyLock(plan, 'plan.yaml')).rejects.toMatchObject({ code: 'apply_locked', message: expect.stringContaining('build-agent-7') });
  await writeFile(lockPathFor(plan), '');
  await expect(acquireApplyLock(plan, 'plan.yaml')).rejects.toMatchObject({ code: 'apply_locked' });
});

test('two applies of one plan at once: the second is refused with exit 1 and writes nothing; the first finishes', async () => {
  const t = await startTestEmulator({ latencyMs: 20 });
  try {
    const cwd = await mkdtemp(join(tmpdir(), 'migrate-lock-e2e-'));
    const env = { STRIPE_SANDBOX_KEY: 'sk_test_locksrc', STRIPE_LIVE_KEY: 'sk_live_lockdst', STRIPE_API_BASE: t.url };
    t.emulator.seed('sk_test_locksrc', generateCatalog({ seed: 8, products: 4 }));
    expect((await runMigrate(['plan'], { env, cwd })).code).toBe(0);

    const first = runMigrate(['apply', '--yes'], { env, cwd });
    while (!(await exists(join(cwd, 'plan.yaml.lock')))) await new Promise((resolve) => setTimeout(resolve, 2));
    const writesBefore = t.emulator.requests().filter((r) => r.method !== 'GET').length;
    const second = await runMigrate(['apply', '--yes'], { env, cwd });
    const firstResult = await first;

    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`Another \`migrate apply\` of plan\\.yaml is running: process ${process.pid}[\\s\\S]*hint: .*delete .*plan\\.yaml\\.lock`));
    // The second run sent nothing: every write after it started belongs to the first (one per journal entry).
    const journal = (await readFile(join(cwd, 'plan.yaml.journal.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"started"')).length;
    expect(t.emulator.requests().filter((r) => r.method !== 'GET').length - writesBefore).toBeLessThanOrEqual(journal);
    expect(firstResult.code).toBe(0);
    expect(firstResult.stderr).toMatch(/^Target: acct_lockdst \(live mode\)\./m);
    expect(await exists(join(cwd, 'plan.yaml.lock'))).toBe(false);
  } finally {
    await t.emulator.close();
  }
}, 60_000);
