/**
 * The apply lock: `<plan>.lock`, created exclusively (`open(path, 'wx')`) before apply reads the journal and
 * removed when it ends, so two applies of one plan never run at once (they would share a journal and race on
 * the same idempotency keys). The file names the holder's pid, host and start time. A lock left by a process
 * that no longer exists on this host (SIGKILL, power loss) is taken over; any other lock is refused with the
 * holder named and the way to clear it.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { MigrateError } from '../util/errors.js';
import { assertNoSecrets } from '../util/safe-write.js';

/** The lock file's content. Invariant: written whole right after the file is created, never rewritten. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface ApplyLock {
  path: string;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Does a process with this pid exist on this host (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

export function lockPathFor(planPath: string): string {
  return `${planPath}.lock`;
}

/** `kill(pid, 0)` tests for existence without signalling; EPERM means it exists but belongs to another user. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireApplyLock(planPath: string, shownPlan: string, options: LockOptions = {}): Promise<ApplyLock> {
  const path = lockPathFor(planPath);
  const me: LockHolder = { pid: options.pid ?? process.pid, host: options.host ?? hostname(), startedAt: (options.now ?? (() => new Date()))().toISOString() };
  const isAlive = options.isAlive ?? processExists;
  const content = `${JSON.stringify(me)}\n`;
  assertNoSecrets(path, content);

  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await tryCreate(path, content)) return { path, release: () => releaseIfOurs(path, content) };
    const { text, holder } = await readHolder(path);
    if (text === null) continue; // Released between our attempt and our read: try again.
    const stale = holder !== null && holder.host === me.host && !isAlive(holder.pid);
    if (!stale) throw lockedError(path, shownPlan, holder);
    // Remove it only if it is still the stale lock we read, so a lock another process just took is left alone.
    if ((await readText(path)) === text) await fs.rm(path, { force: true });
  }
  throw lockedError(path, shownPlan, (await readHolder(path)).holder);
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The holder, or `null` when the file cannot be read as one (being written this instant, or damaged). */
async function readHolder(path: string): Promise<{ text: string | null; holder: LockHolder | null }> {
  const text = await readText(path);
  if (text === null) return { text, holder: null };
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    const valid = typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string';
    return { text, holder: valid ? (value as LockHolder) : null };
  } catch {
    return { text, holder: null };
  }
}

async function releaseIfOurs(path: string, content: string): Promise<void> {
  if ((await readText(path)) === content) await fs.rm(path, { force: true });
}

function lockedError(path: string, shownPlan: string, holder: LockHolder | null): MigrateError {
  const who = holder === null ? 'another process (the lock file does not say which)' : `process ${holder.pid} on ${holder.host}, started ${holder.startedAt}`;
  return new MigrateError('apply_locked', `Another \`migrate apply\` of ${shownPlan} is running: ${who}. Nothing was written.`, {
    hint: `Wait for it to finish. If that process is gone (check with \`ps -p ${holder?.pid ?? '<pid>'}\`), delete ${path} and run apply again; re-running is safe.`,
  });
}
